"""A document's extraction written to the store: its times, quantities and casualty
counts, its events, claims and named casualties, and its place among the records of
other reports (merging). Called by eventwire.store.saving, inside a save's transaction."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from sqlalchemy import Connection, Table, delete

from eventwire.records import Extraction
from eventwire.store import codec, merging, schema
from eventwire.store.prepared import insert_into


def delete_times_numbers_and_events(conn: Connection, doc_id: str) -> None:
    """Delete what an earlier extraction of the document wrote to these tables."""
    for table in (*schema.EVENT_TABLES, schema.casualties, schema.quantities, schema.times):
        conn.execute(delete(table).where(table.c.doc_id == doc_id))


def insert_times_and_numbers(conn: Connection, extraction: Extraction) -> None:
    doc_id = extraction.doc_id
    times = [
        {
            "id": time.id,
            "doc_id": doc_id,
            "start": time.evidence.start,
            "end": time.evidence.end,
            "text": time.evidence.text,
            "type": time.type,
            "value": time.value,
            "start_date": iso(time.start),
            "end_date": iso(time.end),
            "precision": time.precision,
            "anchor": time.anchor,
        }
        for time in {t.id: t for t in extraction.times}.values()
    ]
    insert_rows(conn, schema.times, times)
    quantities = {q.id: q for q in extraction.quantities}
    quantities.update({c.count.id: c.count for c in extraction.casualties})
    rows = [
        {
            "id": quantity.id,
            "doc_id": doc_id,
            "start": quantity.evidence.start,
            "end": quantity.evidence.end,
            "text": quantity.evidence.text,
            "kind": quantity.kind,
            "low": quantity.low,
            "best": quantity.best,
            "high": quantity.high,
            "qualifier": quantity.qualifier,
            "unit": quantity.unit,
        }
        for quantity in quantities.values()
    ]
    insert_rows(conn, schema.quantities, rows)
    known_times = {t.id for t in extraction.times}
    casualties = []
    for casualty in extraction.casualties:
        ev = casualty.evidence
        who, place = casualty.who_evidence, casualty.place_evidence
        period = (
            casualty.period.id if casualty.period and casualty.period.id in known_times else None
        )
        casualties.append(
            {
                "id": casualty.id,
                "doc_id": doc_id,
                "outcome": casualty.outcome,
                "quantity_id": casualty.count.id,
                "who": casualty.who,
                "who_start": who.start if who else None,
                "who_end": who.end if who else None,
                "actor_id": casualty.actor_id,
                "time_id": period,
                "place_id": casualty.place_id,
                "place_start": place.start if place else None,
                "place_end": place.end if place else None,
                "place_text": place.text if place else None,
                "part_of": casualty.part_of,
                "start": ev.start,
                "end": ev.end,
                "text": ev.text,
            }
        )
    insert_rows(conn, schema.casualties, casualties)


def merge_document(
    conn: Connection, extraction: Extraction, *, published: date | None, duplicate_of: str | None
) -> None:
    """Link the document's people and events to the records of other reports
    (``published`` and ``duplicate_of``: the stored document's)."""
    from eventwire.events import load_event_types

    merging.link_people(conn, extraction.people)
    merging.link_actors(conn, extraction.actors)
    merging.merge_events(conn, extraction, load_event_types(), published, duplicate_of)


def insert_events(conn: Connection, extraction: Extraction, *, published: date | None) -> None:
    """Write a document's events, claims and named casualties (an earlier extraction's
    were deleted with its times and numbers)."""
    from eventwire.events import load_event_types

    ontology = load_event_types()
    doc_id = extraction.doc_id
    events: list[dict[str, object]] = []
    entities: list[dict[str, object]] = []
    for item in extraction.events:
        event_type = ontology.by_key(item.type)
        fatalities = item.fatalities
        events.append(
            dict(
                id=item.id,
                doc_id=doc_id,
                type=item.type,
                plover=event_type.plover,
                acled_event_type=event_type.acled_event_type,
                acled_sub_event_type=event_type.acled_sub_event_type,
                certainty=item.certainty,
                trigger_start=item.trigger.start,
                trigger_end=item.trigger.end,
                start=item.evidence.start,
                end=item.evidence.end,
                place_id=item.place.place_id if item.place else None,
                place_precision=item.place.precision if item.place else None,
                time_start=iso(item.time.start) if item.time else None,
                time_end=iso(item.time.end) if item.time else None,
                time_precision=item.time.precision if item.time else None,
                fatalities_low=fatalities.low if fatalities else None,
                fatalities_best=fatalities.best if fatalities else None,
                fatalities_high=fatalities.high if fatalities else None,
                fatalities_qualifier=fatalities.qualifier if fatalities else None,
                record=codec.event_json(item),
                day=iso(item.time.start) if item.time and item.time.start else iso(published),
                day_end=(
                    iso(item.time.end or item.time.start)
                    if item.time and item.time.start
                    else iso(published)
                ),
            )
        )
        rows = [
            {
                "event_id": item.id,
                "doc_id": doc_id,
                "role": argument.role,
                "entity_id": argument.entity_id,
                "start": argument.evidence.start,
                "end": argument.evidence.end,
            }
            for argument in item.arguments
            if argument.entity_id is not None
        ]
        if item.place is not None:
            ev = item.place.evidence
            rows.append(
                {
                    "event_id": item.id,
                    "doc_id": doc_id,
                    "role": "place",
                    "entity_id": item.place.place_id,
                    "start": ev.start,
                    "end": ev.end,
                }
            )
        entities.extend(rows)
    insert_rows(conn, schema.events, events)
    insert_rows(conn, schema.event_entities, entities)
    claims = []
    for claim in extraction.claims:
        inner = claim.sources[-1] if claim.sources else None
        claims.append(
            {
                "id": claim.id,
                "doc_id": doc_id,
                "event_id": claim.event_id,
                "certainty": claim.certainty,
                "source_kind": inner.kind if inner else None,
                "source_name": inner.name if inner else None,
                "denies": claim.denies,
                "record": codec.claim_json(claim),
            }
        )
    insert_rows(conn, schema.claims, claims)
    named_rows = [
        {
            "id": named.id,
            "doc_id": doc_id,
            "person_id": named.person_id,
            "outcome": named.outcome,
            "event_id": named.event_id,
            "certainty": named.certainty,
            "record": codec.named_json(named),
        }
        for named in extraction.named_casualties
    ]
    insert_rows(conn, schema.named_casualties, named_rows)


def insert_rows(conn: Connection, table: Table, rows: Sequence[Mapping[str, object]]) -> None:
    """Insert rows of one shape in one batched statement (compiled once, not per row)."""
    if rows:
        conn.execute(insert_into(table.name), list(rows))


def iso(value: date | None) -> str | None:
    return value.isoformat() if value else None
