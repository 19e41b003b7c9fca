"""The Python API; the CLI is a thin layer over it.

import eventwire
ew = eventwire.open("eventwire.db", published=date(2015, 11, 2))
ew.run(["examples/"])
for listing in ew.people():
    print(listing.entity.name, listing.entity.rank)
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from itertools import chain, islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

from eventwire.dedup import signature
from eventwire.language import detect_language
from eventwire.normalise import build_document
from eventwire.readers import iter_input_files, read_path, read_url
from eventwire.records import (
    Casualty,
    Claim,
    Document,
    DocumentStatus,
    Entity,
    EntityKind,
    Event,
    Extraction,
    ExtractReport,
    IngestReport,
    LedgerRow,
    Listing,
    MergedEvent,
    NamedCasualty,
    Person,
    PersonFile,
    Quantity,
    RawReport,
    ReadFailure,
    SearchHit,
    TimeRef,
)
from eventwire.scale.sources import is_uri
from eventwire.settings import Settings, default_db
from eventwire.store.store import Store

if TYPE_CHECKING:
    from spacy.language import Language

Progress = Callable[[int, int | None], None]
"""Called with (items done so far, total if known)."""

EXTRACTABLE_LANGUAGES = frozenset({"en"})
EXTRACT_CHUNK = 64
INGEST_BATCH = 16
"""Reports stored in one transaction when ingested."""
SAVE_BATCH = 16
"""Extractions saved in one transaction: one commit for 16 reports costs less than 16
(a crash loses at most these, which stay pending and are extracted again)."""
PROCESSES_ENV_VAR = "EVENTWIRE_PROCESSES"
MAX_AUTO_PROCESSES = 4
PARALLEL_MIN_DOCS = 32
"""Fewer documents than this a process are not worth a worker's start (about 2 s)."""
MAIN_GC_THRESHOLD = 5000
"""Allocations between collections of the youngest generation while a batch is extracted
and saved (Python's default is 700)."""


@contextmanager
def _fewer_collections() -> Iterator[None]:
    """Python's cyclic collector runs less often while the block runs, then as before.
    Ingest, store writes and the results coming back from the workers make many
    short-lived objects, which reference counting frees; at the default threshold the
    collector ran some 400 times over 318 reports, 0.39 s of the main process's 3.7 s of
    CPU, and 0.11 s at 5,000 (scratch). The threshold is process-wide, so it is put back
    at the end of the block."""
    previous = gc.get_threshold()
    gc.set_threshold(MAIN_GC_THRESHOLD, *previous[1:])
    try:
        yield
    finally:
        gc.set_threshold(*previous)


def extract_processes(documents: int, requested: int | None = None) -> int:
    """How many processes extract ``documents`` reports (see :meth:`Eventwire.extract`)."""
    requested = requested_processes(requested)
    if requested is None:
        requested = min(_cores(), MAX_AUTO_PROCESSES, documents // PARALLEL_MIN_DOCS)
    return max(1, min(requested, documents))


def requested_processes(requested: int | None = None) -> int | None:
    """``requested``, else ``$EVENTWIRE_PROCESSES``, else None (decided by the count)."""
    if requested is not None:
        return requested
    configured = os.environ.get(PROCESSES_ENV_VAR, "").strip()
    if not configured:
        return None
    try:
        return int(configured)
    except ValueError:
        raise ValueError(
            f"{PROCESSES_ENV_VAR}={configured!r} is not a whole number of processes"
        ) from None


def _cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1


def open(db: str | Path | None = None, **settings: Any) -> Eventwire:
    """Open (creating if needed) the store at ``db``; keyword arguments are settings."""
    return Eventwire(Settings(db=str(db) if db is not None else default_db(), **settings))


class Eventwire:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.store = Store(settings.db)
        self._nlp: Language | None = None

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Eventwire:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- ingest -------------------------------------------------------------------

    def ingest(
        self, inputs: Sequence[str | Path], *, progress: Progress | None = None
    ) -> IngestReport:
        """Read files, folders (recursively) and feed URLs into the store. Bad inputs are
        reported in the result and never stop the rest; re-ingesting changes nothing."""
        return self.ingest_reports(self._read(inputs), progress=progress)

    def _read(self, inputs: Sequence[str | Path]) -> Iterable[RawReport | ReadFailure]:
        for item in inputs:
            text = str(item)
            if text.startswith(("http://", "https://")):
                yield from read_url(text, settings=self.settings)
                continue
            if is_uri(text):
                yield ReadFailure(
                    text,
                    "not_found",
                    "a URI is read by the Ray engine only: use `eventwire run --engine ray`, "
                    "or copy the files to a local folder",
                )
                continue
            path = Path(item)
            if not path.exists():
                yield ReadFailure(text, "not_found", "no such file or folder")
                continue
            for file in iter_input_files([path]):
                yield from read_path(file, settings=self.settings)

    def _store_reports(self, raws: Sequence[RawReport]) -> list[_Outcome]:
        """Store reports, the new ones in one transaction: each outcome says whether the
        report was new (and, if so, how it was stored) or known already."""
        docs = [
            build_document(raw, published=self.settings.published, source=self.settings.source)
            for raw in raws
        ]
        known = self.store.known_ids([doc.id for doc in docs])
        fresh: dict[str, tuple[Document, bytes]] = {}  # a report twice in a batch: once
        for doc in docs:
            if doc.id not in known and doc.id not in fresh:
                fresh[doc.id] = self._prepare(doc)
        stored = self.store.add_documents(
            list(fresh.values()), near_duplicate_threshold=self.settings.near_duplicate_threshold
        )
        added = {doc.id: doc for doc in stored if doc is not None}
        outcomes = []
        for doc in docs:
            new = added.pop(doc.id, None)
            if new is not None:
                outcomes.append(_Outcome(new, is_new=True))
            else:  # known, stored by another writer meanwhile, or again in this batch
                self.store.fill_metadata(doc)
                outcomes.append(_Outcome(doc, is_new=False))
        return outcomes

    def _prepare(self, doc: Document) -> tuple[Document, bytes]:
        """A new document with its language and status decided, and its MinHash."""
        language = detect_language(doc.body, min_chars=self.settings.min_language_chars)
        status: DocumentStatus = "pending"
        reason: str | None = None
        if language is None:
            status = "not_extracted"
            reason = "the language could not be detected (too short or mixed); not extracted"
        elif language not in EXTRACTABLE_LANGUAGES:
            status = "not_extracted"
            reason = (
                f"language {language!r} is not English; eventwire extracts English reports only"
            )
        elif len(doc.text) > self.settings.max_report_chars:
            status = "not_extracted"
            reason = (
                f"{len(doc.text):,} characters is over max_report_chars "
                f"({self.settings.max_report_chars:,}); raise it to extract this report"
            )
        doc = replace(doc, language=language, status=status, status_reason=reason)
        return doc, signature(doc.body)

    # ---- extract ------------------------------------------------------------------

    def extract(
        self,
        *,
        doc_ids: Sequence[str] | None = None,
        again: bool = False,
        progress: Progress | None = None,
        processes: int | None = None,
    ) -> ExtractReport:
        """Run the entity stage over pending documents (or the ones named; with
        ``again``, over documents already extracted too).

        With ``processes`` > 1 the model and analysis run in that many worker processes
        (each loads its own pipeline) while this one writes to the store, in document
        order, so the store ends up the same as with one process. ``None`` takes the
        ``processes`` setting, else ``$EVENTWIRE_PROCESSES``, else uses the available cores (at most
        :data:`MAX_AUTO_PROCESSES`) when there are at least :data:`PARALLEL_MIN_DOCS`
        documents a process, else one."""
        if doc_ids is None:
            ids = self.store.document_ids(status="pending")
            if again:
                ids += self.store.document_ids(status="extracted")
        else:
            ids = [d for d in doc_ids if again or self.store.document(d).status == "pending"]
        if not ids:
            return ExtractReport()
        return self._extract_stream(
            iter(ids), processes=processes, progress=progress, total=len(ids)
        )

    def _extract_stream(
        self,
        ids: Iterator[str],
        *,
        processes: int | None,
        progress: Progress | None,
        total: int | None = None,
    ) -> ExtractReport:
        """Extract and save the documents ``ids`` yields, in that order; ``ids`` may still
        be growing (:meth:`run` stores reports while the first ones are extracted)."""
        wanted = processes if processes is not None else self.settings.processes
        # Enough ids to tell whether worker processes pay (PARALLEL_MIN_DOCS a process).
        enough = PARALLEL_MIN_DOCS * min(_cores(), MAX_AUTO_PROCESSES)
        head = self._head(ids, enough, requested_processes(wanted), total)
        if total is None and len(head) == enough:
            total_or_more = sys.maxsize  # more may come
        else:
            total_or_more = total if total is not None else len(head)
        count = extract_processes(total_or_more, wanted) if head else 1
        extracted: list[str] = []
        mentions = 0
        results = self._extractions(chain(head, ids), count)
        with _fewer_collections():
            while batch := [extraction for _, extraction in islice(results, SAVE_BATCH)]:
                self.store.save_extractions(batch)
                for extraction in batch:  # progress stays one call per document
                    extracted.append(extraction.doc_id)
                    mentions += len(extraction.mentions)
                    if progress:
                        progress(len(extracted), total)
        return ExtractReport(extracted=tuple(extracted), mentions=mentions)

    @staticmethod
    def _head(
        ids: Iterator[str], enough: int, requested: int | None, total: int | None
    ) -> list[str]:
        """The first ``enough`` ids. While they are read (ingest goes on meanwhile in
        :meth:`run`), worker processes start loading the model as soon as they look
        likely to be used: at once when more than one process was asked for, else once
        one worker's worth of documents is in."""
        from eventwire.extract.workers import start_loading

        if total is not None:
            likely_at = 0 if extract_processes(total, requested) > 1 else -1
        elif requested is not None:
            likely_at = 0 if requested > 1 else -1
        else:
            likely_at = PARALLEL_MIN_DOCS if _cores() > 1 else -1  # -1: one process
        if likely_at == 0:
            start_loading()  # before the first id: reading it may take a while
        head: list[str] = []
        for doc_id in ids:
            head.append(doc_id)
            if len(head) == likely_at:
                start_loading()
            if len(head) == enough:
                break
        return head

    def _extractions(
        self, ids: Iterable[str], processes: int
    ) -> Iterator[tuple[Document, Extraction]]:
        """Each document with its extraction, in the order of ``ids``."""
        batch_size = self.settings.batch_size
        documents = (self.store.document(d) for d in ids)
        if processes <= 1:
            from eventwire.extract.pipeline import extract

            nlp = self.pipeline()
            while chunk := list(islice(documents, EXTRACT_CHUNK)):
                yield from extract(nlp, chunk, batch_size=batch_size)
            return
        from eventwire.extract.workers import extract_in_processes

        yield from extract_in_processes(
            documents,
            processes=processes,
            batch_size=batch_size,
            actor_files=self.settings.actor_files,
        )

    def pipeline(self) -> Language:
        if self._nlp is None:
            from eventwire.extract.pipeline import build_pipeline

            self._nlp = build_pipeline(actor_files=self.settings.actor_files)
        return self._nlp

    def run(
        self,
        inputs: Sequence[str | Path],
        *,
        progress: Progress | None = None,
        extract_progress: Progress | None = None,
    ) -> IngestReport:
        """Ingest ``inputs`` and extract every pending document: those left from before
        first, then the new ones. The two overlap: a report goes to extraction as soon as
        it is stored, so worker processes load their model while reading goes on. The
        store ends as after :meth:`ingest` then :meth:`extract`: extractions are saved in
        the same order, and nothing in ingesting a report depends on another's
        extraction."""
        tally = _Tally(self)
        earlier = self.store.document_ids(status="pending")
        queued = [len(earlier)]  # documents read and waiting for extraction so far

        def new_pending() -> Iterator[str]:
            done = 0
            for batch in _batches(self._read(inputs)):
                stored = tally.add(batch)
                done = _report_each(progress, done, len(batch))
                for doc in stored:
                    if doc.status == "pending":
                        queued[0] += 1
                        yield doc.id

        def extracted(done: int, _total: int | None) -> None:
            # Out of those read so far: the total grows while reading goes on.
            if extract_progress:
                extract_progress(done, max(done, queued[0]))

        extract = self._extract_stream(
            chain(earlier, new_pending()),
            processes=None,
            progress=extracted if extract_progress else None,
        )
        if extract_progress and extract.extracted:  # the total, now that it is known
            extract_progress(len(extract.extracted), len(extract.extracted))
        return tally.report()

    def run_ray(
        self,
        inputs: Sequence[str | Path],
        *,
        address: str | None = None,
        parallelism: int | None = None,
        parquet_out: str | Path | None = None,
        progress: Progress | None = None,
        extract_progress: Progress | None = None,
    ) -> IngestReport:
        """:meth:`run` with extraction in a pool of Ray actors (``pip install
        'eventwire[scale]'``): a local Ray on this machine, or the cluster at ``address``
        (``auto``, ``ray://host:10001``); ``parallelism`` is the number of actors (and of
        CPUs of a local Ray). Inputs may also be URIs (``s3://``, ``gs://``, ``file://``),
        read by ``ray.data``. The store is left as :meth:`run` leaves it; with
        ``parquet_out`` (a folder or URI) the documents and events extracted are also
        written there as Parquet (see :mod:`eventwire.scale.partitions`)."""
        from eventwire.scale import ray_engine

        return ray_engine.run(
            self,
            inputs,
            address=address,
            parallelism=parallelism,
            parquet_out=parquet_out,
            progress=progress,
            extract_progress=extract_progress,
        )

    def read(self, inputs: Sequence[str | Path]) -> Iterable[RawReport | ReadFailure]:
        """The reports and failures in ``inputs``, read as :meth:`ingest` reads them;
        nothing is stored."""
        return self._read(inputs)

    def ingest_reports(
        self, items: Iterable[RawReport | ReadFailure], *, progress: Progress | None = None
    ) -> IngestReport:
        """:meth:`ingest` for reports read elsewhere (the Ray engine reads URIs in Ray
        tasks): each report stored as :meth:`ingest` stores it, each failure reported."""
        tally = _Tally(self)
        done = 0
        for batch in _batches(items):
            tally.add(batch)
            done = _report_each(progress, done, len(batch))
        return tally.report()

    # ---- read ---------------------------------------------------------------------

    def documents(self) -> list[Document]:
        return self.store.documents()

    def document(self, doc_id: str) -> Document:
        return self.store.document(doc_id)

    def listings(self, kind: EntityKind, *, doc_id: str | None = None) -> list[Listing]:
        return self.store.listings(kind, doc_id=doc_id)

    def actors(self, *, doc_id: str | None = None) -> list[Listing]:
        return self.listings("actor", doc_id=doc_id)

    def people(self, *, doc_id: str | None = None) -> list[Listing]:
        return self.listings("person", doc_id=doc_id)

    def places(self, *, doc_id: str | None = None) -> list[Listing]:
        return self.listings("place", doc_id=doc_id)

    def groups(self, *, doc_id: str | None = None) -> list[Listing]:
        return self.listings("group", doc_id=doc_id)

    def times(self, *, doc_id: str | None = None) -> list[TimeRef]:
        return self.store.times(doc_id=doc_id)

    def quantities(self, *, doc_id: str | None = None) -> list[Quantity]:
        return self.store.quantities(doc_id=doc_id)

    def casualties(self, *, doc_id: str | None = None) -> list[Casualty]:
        return self.store.casualties(doc_id=doc_id)

    def events(
        self,
        *,
        doc_id: str | None = None,
        event_type: str | None = None,
        entity_id: str | None = None,
        certainty: str | None = None,
    ) -> list[Event]:
        """Events, optionally of one document, ontology type, certainty or entity."""
        return self.store.events(
            doc_id=doc_id, event_type=event_type, entity_id=entity_id, certainty=certainty
        )

    def claims(self, *, doc_id: str | None = None, event_id: str | None = None) -> list[Claim]:
        """Who says what about each event: source chains, certainty, denials."""
        return self.store.claims(doc_id=doc_id, event_id=event_id)

    def named_casualties(
        self, *, doc_id: str | None = None, person_id: str | None = None
    ) -> list[NamedCasualty]:
        return self.store.named_casualties(doc_id=doc_id, person_id=person_id)

    # ---- across reports -------------------------------------------------------------

    def merged_events(self, *, doc_id: str | None = None) -> list[MergedEvent]:
        """One record per real event, merged across reports, with corroboration,
        figures low/best/high, disagreements and the reasons of every merge."""
        return self.store.merged_events(doc_id=doc_id)

    def ledger(self, *, by: str = "place") -> list[LedgerRow]:
        """Casualty totals by "actor", "place" (country) or "month"."""
        if by not in ("actor", "place", "month"):
            raise ValueError(f"ledger by {by!r}: use actor, place or month")
        return self.store.ledger(by=by)  # type: ignore[arg-type]

    def person(self, name: str) -> list[PersonFile]:
        """Everything known about the people a name (or a spelling of it) may be."""
        return self.store.person_file(name)

    def split(self, event_id: str) -> str:
        """Take an event out of its merged event; kept across re-runs."""
        return self.store.split(event_id)

    def merge(self, event_id: str, into: str) -> str:
        """Put an event into another event's merged event; kept across re-runs."""
        return self.store.merge(event_id, into)

    def entities(self, ids: set[str]) -> dict[str, Entity]:
        """Stored entities by id, for naming the participants of events."""
        return self.store.entities(ids)

    def entities_for(
        self, events: Sequence[Event] = (), named: Sequence[NamedCasualty] = ()
    ) -> dict[str, Entity]:
        """Every entity these records name, with the actors people are affiliated to."""
        from eventwire.output import referenced_ids

        found = self.store.entities(referenced_ids(events, named))
        affiliations = {
            e.affiliation for e in found.values() if isinstance(e, Person) and e.affiliation
        }
        found.update(self.store.entities(affiliations - set(found)))
        return found

    def search(self, query: str, *, limit: int = 20) -> list[SearchHit]:
        return self.store.search(query, limit=limit)

    def counts(self) -> dict[str, int]:
        return self.store.counts()


@dataclass(frozen=True)
class _Outcome:
    doc: Document
    is_new: bool


def _batches(items: Iterable[RawReport | ReadFailure]) -> Iterator[list[RawReport | ReadFailure]]:
    """``items`` in lists of :data:`INGEST_BATCH` (the last one shorter)."""
    source = iter(items)
    while batch := list(islice(source, INGEST_BATCH)):
        yield batch


def _report_each(progress: Progress | None, done: int, count: int) -> int:
    """Tell ``progress`` of ``count`` more items done, one call each; the new total."""
    for n in range(done + 1, done + count + 1):
        if progress:
            progress(n, None)
    return done + count


class _Tally:
    """An ingest under way: stores each report as it comes and keeps the account that
    becomes its :class:`IngestReport`."""

    def __init__(self, ew: Eventwire) -> None:
        self.ew = ew
        self.added: list[str] = []
        self.known: list[str] = []
        self.duplicates: list[tuple[str, str]] = []
        self.skipped: list[tuple[str, str]] = []
        self.failures: list[ReadFailure] = []

    def add(self, items: Sequence[RawReport | ReadFailure]) -> list[Document]:
        """Store the reports among ``items`` (the new ones in one transaction) and
        record the failures; the new documents, in order."""
        self.failures.extend(item for item in items if isinstance(item, ReadFailure))
        raws = [item for item in items if not isinstance(item, ReadFailure)]
        new: list[Document] = []
        for outcome in self.ew._store_reports(raws) if raws else []:
            (self.added if outcome.is_new else self.known).append(outcome.doc.id)
            if not outcome.is_new:
                continue
            if outcome.doc.duplicate_of:
                self.duplicates.append((outcome.doc.id, outcome.doc.duplicate_of))
            if outcome.doc.status == "not_extracted":
                self.skipped.append((outcome.doc.id, outcome.doc.status_reason or ""))
            new.append(outcome.doc)
        return new

    def report(self) -> IngestReport:
        return IngestReport(
            added=tuple(self.added),
            known=tuple(dict.fromkeys(self.known)),
            duplicates=tuple(self.duplicates),
            not_extracted=tuple(self.skipped),
            failures=tuple(self.failures),
        )
