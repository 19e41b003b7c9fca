"""The full pipeline: the statistical model plus eventwire's components, run in batches."""

from __future__ import annotations

import multiprocessing.pool
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from spacy.language import Language

from eventwire.extract.analyse import analyse
from eventwire.extract.entities import make_entity_finder
from eventwire.extract.paragraphs import COMPONENT as PARAGRAPHS
from eventwire.extract.paragraphs import paragraph_breaks
from eventwire.model_rules import speed_up_rules
from eventwire.nlp import load_model
from eventwire.records import Document, Extraction

__all__ = [
    "build_pipeline",
    "extract",
    "extract_in_processes",
    "make_entity_finder",
    "paragraph_breaks",
]  # importing registers the factory

COMPONENT = "eventwire_entities"


def build_pipeline(*, actor_files: Sequence[Path] = ()) -> Language:
    """A fresh pipeline (the model is loaded from disk each time: components hold state)."""
    nlp = load_model()
    speed_up_rules(nlp)  # the same attributes and lemmas, a fraction of the time
    if "parser" in nlp.pipe_names:
        nlp.add_pipe(PARAGRAPHS, before="parser")
    nlp.add_pipe(COMPONENT, config={"actor_files": [str(p) for p in actor_files]})
    return nlp


def extract(
    nlp: Language, documents: Iterable[Document], *, batch_size: int = 8
) -> Iterator[tuple[Document, Extraction]]:
    """Run the pipeline over documents, yielding each with what was found in it."""
    pairs = ((doc.text, doc) for doc in documents)
    for spacy_doc, document in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
        yield document, analyse(document, spacy_doc)


# ---- several processes ----------------------------------------------------------------

_worker_nlp: Language | None = None
_worker_error: BaseException | None = None
TASKS_PER_PROCESS = 4
"""Batches queued ahead for each worker: keeps them busy, and memory bounded."""


def _start_worker(actor_files: Sequence[str]) -> None:
    # An initializer that raises makes the pool start workers forever: keep the error
    # (a missing model, a bad actor file) and raise it with the first batch instead.
    global _worker_nlp, _worker_error
    try:
        _worker_nlp = build_pipeline(actor_files=[Path(p) for p in actor_files])
    except Exception as exc:  # re-raised by _extract_batch
        _worker_error = exc


def _extract_batch(documents: list[Document], batch_size: int) -> list[tuple[Document, Extraction]]:
    if _worker_error is not None:
        raise _worker_error
    assert _worker_nlp is not None, "the worker's pipeline was not built"
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

    Workers are spawned fresh (no SQLite connection or thread is inherited through fork).
    Documents go out ``batch_size`` at a time, at most ``TASKS_PER_PROCESS`` batches a
    worker ahead of what the caller has taken, so memory does not grow with the corpus.
    """
    import multiprocessing
    from collections import deque
    from itertools import islice

    context = multiprocessing.get_context("spawn")
    source = iter(documents)
    with context.Pool(
        processes, initializer=_start_worker, initargs=([str(p) for p in actor_files],)
    ) as pool:
        pending: deque[multiprocessing.pool.AsyncResult[list[tuple[Document, Extraction]]]]
        pending = deque()
        while True:
            while len(pending) < processes * TASKS_PER_PROCESS:
                batch = list(islice(source, batch_size))
                if not batch:
                    break
                pending.append(pool.apply_async(_extract_batch, (batch, batch_size)))
            if not pending:
                break
            yield from pending.popleft().get()
