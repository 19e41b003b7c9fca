"""Extraction in worker processes, each with its own pipeline; the caller gets the
results in document order.

This module imports no spaCy: the process that hands out documents and writes the store
never loads the model, so it holds only the store and the readers (``make bench`` prints
its peak as the main process's VmHWM). Where the platform allows it,
workers are forked from a fork server that loaded the model once
(:mod:`eventwire.extract.worker_preload`); elsewhere each is spawned and loads its own.
"""

from __future__ import annotations

import gc
import multiprocessing
import multiprocessing.context
import os
import threading
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING

from eventwire.errors import EventwireError
from eventwire.records import Document, Extraction

if TYPE_CHECKING:
    from spacy.language import Language

_worker_nlp: Language | None = None  # this worker's pipeline
_worker_error: BaseException | None = None
TASKS_PER_PROCESS = 4
"""Batches queued ahead for each worker: keeps them busy, and memory bounded."""
PRELOAD_MODULE = "eventwire.extract.worker_preload"
WORKER_GC_THRESHOLD = 5000
"""Allocations between collections of the youngest generation in a worker (Python's
default is 700)."""
READ_AHEAD = 512
"""At most this many documents are read ahead while the first worker starts: a few MB."""
WORKER_DIED = (
    "an extraction worker process died: killed, out of memory, or, when this runs from a "
    "script, because the script's top-level code is not under "
    '`if __name__ == "__main__":` (every worker imports the script again; or set '
    "processes=1). The reports not yet extracted stay pending."
)


class WorkerDiedError(EventwireError):
    """An extraction worker process died (it did not raise: it exited)."""


def _start_worker(actor_files: Sequence[str], environment: dict[str, str]) -> None:
    # A worker forked from the fork server has the environment the server started with;
    # take the caller's as it is now (a gazetteer path set since, say), as spawning would.
    os.environ.clear()
    os.environ.update(environment)
    # An initializer that raises breaks the executor without saying why: keep the error
    # (a missing model, a bad actor file) and raise it with the first batch instead.
    global _worker_nlp, _worker_error
    try:
        # here: only workers need spaCy (forked from the preloaded server, or spawned)
        from eventwire.extract.pipeline import add_entity_stage
        from eventwire.extract.worker_preload import take_model_with_rules

        _worker_nlp = add_entity_stage(
            take_model_with_rules(), actor_files=[Path(p) for p in actor_files]
        )
    except Exception as exc:  # re-raised by _extract_batch
        _worker_error = exc
    _spare_the_collector()


def _spare_the_collector() -> None:
    """The pipeline lives as long as the worker: move it out of the cyclic collector's
    sight (its collections then walk only what a batch made, and the pages inherited from
    the fork server stay shared), and collect less often: what a report makes is freed by
    reference counting, not by the collector. Measured over 318 reports on one core
    (scratch): the collector's time fell from 0.54 s to 0.06 s."""
    gc.freeze()
    _, older, oldest = gc.get_threshold()
    gc.set_threshold(WORKER_GC_THRESHOLD, older, oldest)


def _extract_batch(documents: list[Document], batch_size: int) -> list[tuple[Document, Extraction]]:
    if _worker_error is not None:
        raise _worker_error
    assert _worker_nlp is not None, "the worker's pipeline was not built"
    from eventwire.extract.pipeline import extract

    return list(extract(_worker_nlp, documents, batch_size=batch_size))


def extract_in_processes(
    documents: Iterable[Document],
    *,
    processes: int,
    batch_size: int = 8,
    actor_files: Sequence[Path] = (),
) -> Iterator[tuple[Document, Extraction]]:
    """:func:`extract` run by ``processes`` worker processes, each with its own pipeline,
    yielding in the order of ``documents``.

    Workers never inherit this process (its SQLite connection, its threads): they are
    forked from a fork server holding only the preloaded model, or spawned fresh where
    there is no fork server.
    Documents go out ``batch_size`` at a time, at most ``TASKS_PER_PROCESS`` batches a
    worker ahead of what the caller has taken, so memory does not grow with the corpus.
    """
    # An executor, not a multiprocessing.Pool: a Pool replaces a worker that dies while
    # starting, again and again, so the caller would wait forever; the executor fails.
    executor = ProcessPoolExecutor(
        processes,
        mp_context=_worker_context(),
        initializer=_start_worker,
        initargs=([str(p) for p in actor_files], dict(os.environ)),
    )
    pending: deque[Future[list[tuple[Document, Extraction]]]] = deque()
    try:
        source = _read_while_starting(iter(documents), executor)
        while True:
            while len(pending) < processes * TASKS_PER_PROCESS:
                batch = list(islice(source, batch_size))
                if not batch:
                    break
                try:
                    pending.append(executor.submit(_extract_batch, batch, batch_size))
                except BrokenProcessPool as exc:
                    raise WorkerDiedError(WORKER_DIED) from exc
            if not pending:
                break
            try:
                done = pending.popleft().result()
            except BrokenProcessPool as exc:
                raise WorkerDiedError(WORKER_DIED) from exc
            yield from done
    finally:
        executor.shutdown(wait=True, cancel_futures=True)


def _read_while_starting(
    documents: Iterator[Document], executor: ProcessPoolExecutor
) -> Iterator[Document]:
    """``documents``, of which up to :data:`READ_AHEAD` are read while the first worker
    starts. Starting one waits for the fork server to finish loading the model (a second
    or two); reading meanwhile (in :meth:`eventwire.Eventwire.run`, that is ingesting)
    uses a core that would otherwise sit idle, instead of competing with the workers
    later."""
    started = threading.Event()
    failure: list[BaseException] = []

    def start() -> None:
        try:
            executor.submit(_ready)  # returns once a worker process exists
        except BaseException as exc:  # raised below, in the caller's thread
            failure.append(exc)
        finally:
            started.set()

    starter = threading.Thread(target=start, name="eventwire-start-workers", daemon=True)
    starter.start()
    ahead: list[Document] = []
    while not started.is_set() and len(ahead) < READ_AHEAD:
        document = next(documents, None)
        if document is None:
            break
        ahead.append(document)
    starter.join()
    if failure:
        if isinstance(failure[0], BrokenProcessPool):
            raise WorkerDiedError(WORKER_DIED) from failure[0]
        raise failure[0]
    yield from ahead
    del ahead[:]  # the list would otherwise hold every document read ahead to the end
    yield from documents


def _ready() -> None:
    """The task that makes the executor start its first worker."""


def start_loading() -> None:
    """Start the fork server, which loads the model, without waiting for it: a pool made
    later forks its workers from it at once. Does nothing where there is no fork server
    (workers are spawned there) or when it runs already."""
    context = _worker_context()
    if context.get_start_method() == "forkserver":
        from multiprocessing import forkserver

        forkserver.ensure_running()


def _worker_context() -> multiprocessing.context.BaseContext:
    if "forkserver" not in multiprocessing.get_all_start_methods():  # Windows
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    # Read when the fork server starts (the first pool): it loads the model once for all.
    context.set_forkserver_preload([PRELOAD_MODULE])
    return context
