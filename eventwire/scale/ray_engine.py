"""``eventwire run --engine ray``: extraction in Ray actors, storing in this process.

The driver (this process) reads the inputs and ingests them exactly as a single-process
run does (bad inputs reported per file, near-duplicates, language, status). Local files
and folders (and feed URLs, with ``allow_network``) are read here by eventwire's readers;
URIs (``s3://``, ``gs://``, ``file://``...) by ``ray.data`` in Ray tasks, through the same
readers (:mod:`eventwire.scale.sources`). The pending documents then go, a batch at a
time, to a pool of actors that each load the pipeline once; the extractions come back as
JSON (:mod:`eventwire.scale.serial`) and the driver saves them in the documents' order, so
merging across reports, which happens as each extraction is saved, is the same as in a
single-process run, and so is the store it leaves. At most :data:`WINDOW` batches per
actor are in flight, so the driver's memory does not grow with the corpus. With
``parquet_out`` the saved documents and events are also written as Parquet partitions
(:mod:`eventwire.scale.partitions`).

Without an address a local Ray is started on this machine, bound to 127.0.0.1 with no
dashboard and no usage reporting, and shut down afterwards; with ``address`` (``auto``,
``ray://host:10001``) an existing cluster is used, whose workers need eventwire and its
model installed.
"""

from __future__ import annotations

import logging
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from eventwire.errors import EventwireError
from eventwire.records import Document, Extraction, IngestReport, RawReport, ReadFailure
from eventwire.scale.partitions import PartitionWriter
from eventwire.scale.serial import (
    document_from_json,
    document_to_json,
    extraction_from_json,
    extraction_to_json,
)
from eventwire.scale.sources import is_uri, read_uri

if TYPE_CHECKING:
    from eventwire.api import Eventwire, Progress

INSTALL_HINT = "install it with: pip install 'eventwire[scale]' (or pip install 'ray[data]')"
WINDOW = 2
"""Batches in flight per actor: one being extracted, one waiting, while the driver saves."""


class RayUnavailableError(EventwireError):
    """The Ray engine was asked for but Ray is not installed."""

    code = "E010"


def import_ray() -> Any:
    """The ``ray`` module with ``ray.data`` loaded, or RayUnavailableError."""
    try:
        import ray
        import ray.data
    except ImportError as exc:
        raise RayUnavailableError(
            f"the ray engine needs Ray, which is not installed; {INSTALL_HINT}"
        ) from exc
    return ray


class Extractor:
    """One Ray actor: loads the pipeline once, then extracts batches of documents."""

    def __init__(self, actor_files: Sequence[str], batch_size: int) -> None:
        from eventwire.extract.pipeline import build_pipeline

        self.nlp = build_pipeline(actor_files=[Path(p) for p in actor_files])
        self.batch_size = batch_size

    def extract(self, documents: Sequence[str]) -> list[str]:
        """Extractions (JSON) of the documents (JSON), in their order."""
        from eventwire.extract.pipeline import extract

        found = extract(
            self.nlp, [document_from_json(d) for d in documents], batch_size=self.batch_size
        )
        return [extraction_to_json(extraction) for _, extraction in found]


def run(
    ew: Eventwire,
    inputs: Sequence[str | Path],
    *,
    address: str | None = None,
    parallelism: int | None = None,
    parquet_out: str | Path | None = None,
    progress: Progress | None = None,
    extract_progress: Progress | None = None,
) -> IngestReport:
    """Ingest ``inputs`` into ``ew``'s store and extract the pending documents with Ray;
    with ``parquet_out``, write what was extracted there as Parquet too."""
    ray = import_ray()
    uris = any(is_uri(str(i)) for i in inputs)
    with session(ray, address=address, parallelism=parallelism, needed=uris):
        report = ew.ingest_reports(read(ray, ew, inputs), progress=progress)
        ids = ew.store.document_ids(status="pending")
        if not ids:
            return report
        with session(ray, address=address, parallelism=parallelism):
            writer = PartitionWriter(ray, parquet_out) if parquet_out is not None else None
            extract(
                ew,
                ids,
                parallelism=parallelism,
                progress=extract_progress,
                saved=writer.add if writer else None,
            )
            if writer:
                writer.close()
    return report


def read(
    ray: Any, ew: Eventwire, inputs: Sequence[str | Path]
) -> Iterable[RawReport | ReadFailure]:
    """Reports and failures of the inputs, in order: URIs read by ``ray.data``, the rest
    as :meth:`Eventwire.ingest` reads them."""
    for item in inputs:
        if is_uri(str(item)):
            yield from read_uri(ray, str(item), settings=ew.settings)
        else:
            yield from ew.read([item])


@contextmanager
def session(
    ray: Any, *, address: str | None, parallelism: int | None, needed: bool = True
) -> Iterator[None]:
    """Ray started (local) or connected to (``address``) for the block, then shut down.
    A Ray already running (the caller's, or an outer block's) is used as it is and left
    running; with ``needed`` false, nothing is started."""
    if not needed:
        yield
        return
    if ray.is_initialized():
        _configure(ray)
        yield
        return
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    if address is None:
        ray.init(
            num_cpus=parallelism or os.cpu_count() or 1,
            include_dashboard=False,
            _node_ip_address="127.0.0.1",
            log_to_driver=False,
            logging_level=logging.WARNING,
        )
    else:
        ray.init(address=address, log_to_driver=False, logging_level=logging.WARNING)
    _configure(ray)
    try:
        yield
    finally:
        ray.shutdown()


def _configure(ray: Any) -> None:
    context = ray.data.DataContext.get_current()
    context.execution_options.preserve_order = True  # files come back in listing order
    context.enable_progress_bars = False
    logging.getLogger("ray.data").setLevel(logging.WARNING)  # no line per dataset run


def extract(
    ew: Eventwire,
    ids: Sequence[str],
    *,
    parallelism: int | None = None,
    progress: Callable[[int, int | None], None] | None = None,
    saved: Callable[[Document, Extraction], None] | None = None,
) -> int:
    """Extract the documents ``ids`` in a pool of actors and save each extraction, in the
    order of ``ids``, calling ``saved(document, extraction)`` after each; Ray must be
    running. Returns the number of documents saved.

    Documents are read from the store a batch at a time, and at most :data:`WINDOW`
    batches per actor are in flight."""
    ray = import_ray()
    batch = max(ew.settings.batch_size, 1)
    cpus = int(ray.available_resources().get("CPU", 1)) or 1
    workers = max(1, min(parallelism or cpus, -(-len(ids) // batch)))
    actor_files = [str(p) for p in ew.settings.actor_files]
    remote = ray.remote(num_cpus=1)(Extractor)
    actors = [remote.remote(actor_files, ew.settings.batch_size) for _ in range(workers)]
    in_flight: deque[tuple[list[Document], Any]] = deque()
    done = 0

    def save_oldest() -> None:
        nonlocal done
        documents, pending = in_flight.popleft()
        try:
            extractions = ray.get(pending)
        except ray.exceptions.RayError as exc:
            raise EventwireError(
                f"the ray engine could not extract {documents[0].id!r} and the "
                f"{len(documents) - 1} documents after it: {exc}. On a cluster, every "
                "worker needs eventwire, its spaCy model and the gazetteer installed"
            ) from exc
        decoded = [extraction_from_json(text) for text in extractions]
        for document, extraction in zip(documents, decoded, strict=True):
            if extraction.doc_id != document.id:
                raise EventwireError(
                    f"the ray engine returned {extraction.doc_id!r} for {document.id!r}"
                )
        ew.store.save_extractions(decoded)  # the batch in one transaction
        for document, extraction in zip(documents, decoded, strict=True):
            if saved:
                saved(document, extraction)
            done += 1
            if progress:
                progress(done, len(ids))

    try:
        for number, start in enumerate(range(0, len(ids), batch)):
            documents = [ew.store.document(d) for d in ids[start : start + batch]]
            actor = actors[number % workers]
            texts = [document_to_json(d) for d in documents]
            in_flight.append((documents, actor.extract.remote(texts)))
            if len(in_flight) >= WINDOW * workers:
                save_oldest()
        while in_flight:
            save_oldest()
    finally:
        for actor in actors:
            ray.kill(actor)
    return done
