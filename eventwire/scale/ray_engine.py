"""``eventwire run --engine ray``: extraction in Ray actors, storing in this process.

The driver (this process) reads the inputs with eventwire's own readers and ingests them
exactly as a single-process run does (bad inputs reported per file, near-duplicates,
language, status). The pending documents then go through ``ray.data``: a pool of actors,
each loading the pipeline once, extracts them in batches and sends the extractions back
as JSON (:mod:`eventwire.scale.serial`). The driver saves them in the documents' order, so
merging across reports, which happens as each extraction is saved, is the same as in a
single-process run, and so is the store it leaves.

Without an address a local Ray is started on this machine, bound to 127.0.0.1 with no
dashboard and no usage reporting, and shut down afterwards; with ``address`` (``auto``,
``ray://host:10001``) an existing cluster is used, whose workers need eventwire and its
model installed.

Inputs are local files and folders (and feed URLs, with ``allow_network``) read on the
driver; object-store paths (``s3://``, ``gs://``) are refused with a ConfigError for now.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from eventwire.errors import ConfigError, EventwireError
from eventwire.records import IngestReport
from eventwire.scale.serial import (
    document_from_json,
    document_to_json,
    extraction_from_json,
    extraction_to_json,
)

if TYPE_CHECKING:
    from eventwire.api import Eventwire, Progress

INSTALL_HINT = "install it with: pip install 'eventwire[scale]' (or pip install 'ray[data]')"


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

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[str]]:
        from eventwire.extract.pipeline import extract

        documents = [document_from_json(str(text)) for text in batch["document"]]
        found = extract(self.nlp, documents, batch_size=self.batch_size)
        ids, extractions = [], []
        for document, extraction in found:
            ids.append(document.id)
            extractions.append(extraction_to_json(extraction))
        return {"doc_id": ids, "extraction": extractions}


def run(
    ew: Eventwire,
    inputs: Sequence[str | Path],
    *,
    address: str | None = None,
    parallelism: int | None = None,
    progress: Progress | None = None,
    extract_progress: Progress | None = None,
) -> IngestReport:
    """Ingest ``inputs`` into ``ew``'s store and extract the pending documents with Ray."""
    ray = import_ray()
    remote = [str(i) for i in inputs if _is_object_store(str(i))]
    if remote:
        raise ConfigError(
            f"cannot read {remote[0]}: object-store paths are not supported yet; copy the "
            "corpus to a local folder (JSON Lines, CSV, Parquet, text, HTML or feeds) first"
        )
    report = ew.ingest(inputs, progress=progress)
    ids = ew.store.document_ids(status="pending")
    if ids:
        with session(ray, address=address, parallelism=parallelism):
            extract(ew, ids, parallelism=parallelism, progress=extract_progress)
    return report


def _is_object_store(item: str) -> bool:
    scheme, sep, _ = item.partition("://")
    return bool(sep) and scheme.isidentifier() and scheme.lower() not in ("http", "https")


@contextmanager
def session(ray: Any, *, address: str | None, parallelism: int | None) -> Iterator[None]:
    """Ray started (local) or connected to (``address``) for the block, then shut down.
    A Ray the caller already started is used as it is and left running."""
    if ray.is_initialized():
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
    try:
        yield
    finally:
        ray.shutdown()


def extract(
    ew: Eventwire,
    ids: Sequence[str],
    *,
    parallelism: int | None = None,
    progress: Callable[[int, int | None], None] | None = None,
) -> int:
    """Extract the documents ``ids`` in a pool of actors and save each extraction, in the
    order of ``ids``; Ray must be running. Returns the number of documents saved."""
    ray = import_ray()
    context = ray.data.DataContext.get_current()
    context.execution_options.preserve_order = True
    context.enable_progress_bars = False
    batch = max(ew.settings.batch_size, 1)
    cpus = int(ray.available_resources().get("CPU", 1)) or 1
    workers = max(1, min(parallelism or cpus, -(-len(ids) // batch)))
    items = [{"document": document_to_json(ew.store.document(d))} for d in ids]
    dataset = ray.data.from_items(items, override_num_blocks=-(-len(items) // batch)).map_batches(
        Extractor,
        fn_constructor_args=([str(p) for p in ew.settings.actor_files], ew.settings.batch_size),
        batch_size=batch,
        batch_format="numpy",
        compute=ray.data.ActorPoolStrategy(size=workers),
        num_cpus=1,
    )
    # Rows come back in order (preserve_order); the buffer keeps saving in document order
    # even if they did not.
    waiting: dict[str, str] = {}
    position = 0
    for row in dataset.iter_rows():
        waiting[str(row["doc_id"])] = str(row["extraction"])
        while position < len(ids) and ids[position] in waiting:
            ew.store.save_extraction(extraction_from_json(waiting.pop(ids[position])))
            position += 1
            if progress:
                progress(position, len(ids))
    if position < len(ids):
        raise EventwireError(f"the ray engine returned no extraction for {ids[position]!r}")
    return position
