"""``eventwire run --engine ray --parquet-out DIR``: what a Ray run extracted, as Parquet.

Two tables, each a folder of Parquet partitions written by ``ray.data``'s
``write_parquet`` as the run goes (so a local path, ``file://`` or an object store such as
``s3://``):

- ``DIR/documents/``: one row per document the run extracted (:data:`DOCUMENT_COLUMNS`),
  with its text, which every offset in ``events`` points into.
- ``DIR/events/``: one row per event a report tells (:data:`EVENT_COLUMNS`): the ACLED
  columns of ``eventwire export`` for that one report's event (``event_id_cnty`` is the
  event's id; see :func:`eventwire.export.acled_row`), then the document, the eventwire
  type and PLOVER mode, and the offsets of the trigger and of the evidence.

Events are per report, not merged across reports (merging happens in the store; export
merged events with ``eventwire export --format parquet``). A partition is written every
:data:`PARTITION_ROWS` rows (or :data:`PARTITION_CHARS` characters of document text), so
memory holds one partition per table. Files are added to the folders, never replaced.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eventwire.events import EventOntology
from eventwire.export import COLUMN_TYPES, ColumnType, acled_row, arrow_table
from eventwire.merge.view import Member, build
from eventwire.records import Document, Entity, Event, Extraction, Place
from eventwire.scale.sources import is_uri

PARTITION_ROWS = 20_000
PARTITION_CHARS = 50_000_000

DOCUMENT_COLUMNS: dict[str, tuple[ColumnType, str]] = {
    "doc_id": ("str", "document id (a hash of its text)"),
    "external_id": ("str", "the input's own id, when it has one"),
    "title": ("str", "headline"),
    "url": ("str", "the report's URL"),
    "published": ("date", "publication date"),
    "source": ("str", "publisher"),
    "author": ("str", "byline"),
    "photo_credit": ("str", "credit of the lead photo's caption"),
    "origin": ("str", "the file (and line or row) it was read from"),
    "language": ("str", "detected language"),
    "duplicate_of": ("str", "the document it is a near-duplicate of"),
    "events": ("int", "events extracted from it"),
    "body_start": ("int", "offset in text where the body starts (after the title)"),
    "text": ("str", "the normalised text: title, a blank line, then the body"),
}

_EVENT_EXTRAS: dict[str, tuple[ColumnType, str]] = {
    "doc_id": ("str", "the document telling the event"),
    "type": ("str", "eventwire event type (ontology key)"),
    "plover_mode": ("str", "PLOVER mode, empty when none"),
    "trigger_start": ("int", "offset of the trigger words in the document's text"),
    "trigger_end": ("int", "end offset of the trigger words"),
    "trigger_text": ("str", "the trigger words"),
    "evidence_start": ("int", "offset of the evidence (the sentence or sentences)"),
    "evidence_end": ("int", "end offset of the evidence"),
}
EVENT_COLUMNS: dict[str, ColumnType] = {
    **COLUMN_TYPES["acled"],
    **{name: kind for name, (kind, _) in _EVENT_EXTRAS.items()},
}


def document_row(document: Document, extraction: Extraction) -> dict[str, Any]:
    return {
        "doc_id": document.id,
        "external_id": document.external_id,
        "title": document.title,
        "url": document.url,
        "published": document.published,
        "source": document.source,
        "author": document.author,
        "photo_credit": document.photo_credit,
        "origin": document.origin,
        "language": document.language,
        "duplicate_of": document.duplicate_of,
        "events": len(extraction.events),
        "body_start": document.body_start,
        "text": document.text,
    }


def event_row(
    event: Event,
    *,
    document: Document,
    entities: Mapping[str, Entity],
    ontology: EventOntology,
) -> dict[str, Any]:
    """The export's ACLED row of the event as its one report tells it, plus the extras."""
    places = {k: v for k, v in entities.items() if isinstance(v, Place)}
    alone = build(event.id, [Member(event, None, ())], {document.id: document}, places)
    return {
        **acled_row(alone, entities=entities, ontology=ontology),
        "doc_id": event.doc,
        "type": event.type,
        "plover_mode": ontology.by_key(event.type).plover_mode,
        "trigger_start": event.trigger.start,
        "trigger_end": event.trigger.end,
        "trigger_text": event.trigger.text,
        "evidence_start": event.evidence.start,
        "evidence_end": event.evidence.end,
    }


@dataclass
class _Table:
    path: str
    columns: Mapping[str, ColumnType]
    rows: list[dict[str, Any]] = field(default_factory=list)
    chars: int = 0
    files: int = 0


class PartitionWriter:
    """Collects rows as extractions are saved and writes them a partition at a time."""

    def __init__(self, ray: Any, out: str | Path) -> None:
        from eventwire.events import load_event_types

        base = str(out) if is_uri(str(out)) else str(Path(out).resolve())
        self.ray = ray
        self.ontology = load_event_types()
        self.documents = _Table(
            f"{base.rstrip('/')}/documents", {k: t for k, (t, _) in DOCUMENT_COLUMNS.items()}
        )
        self.events = _Table(f"{base.rstrip('/')}/events", EVENT_COLUMNS)

    def add(self, document: Document, extraction: Extraction) -> None:
        entities = {e.id: e for e in extraction.entities()}
        for event in extraction.events:
            row = event_row(event, document=document, entities=entities, ontology=self.ontology)
            self._add(self.events, row, len(event.evidence.text))
        self._add(self.documents, document_row(document, extraction), len(document.text))

    def close(self) -> None:
        """Write what is left (an empty run writes no files)."""
        for table in (self.documents, self.events):
            self._write(table)

    def _add(self, table: _Table, row: dict[str, Any], chars: int) -> None:
        table.rows.append(row)
        table.chars += chars
        if len(table.rows) >= PARTITION_ROWS or table.chars >= PARTITION_CHARS:
            self._write(table)

    def _write(self, table: _Table) -> None:
        if not table.rows:
            return
        data = arrow_table(table.rows, table.columns)
        self.ray.data.from_arrow(data).write_parquet(table.path)
        table.rows, table.chars = [], 0
        table.files += 1
