"""A document and a document's extraction written to the store, inside a transaction
the caller holds (:class:`eventwire.store.store.Store` opens it and retries it): the
document's row with its search and near-duplicate index rows, and its mentions, entities,
times, numbers, events and merges, replacing those of an earlier extraction."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime

from sqlalchemy import Connection, delete, func, select, text, update

from eventwire.dedup import band_keys, similarity
from eventwire.errors import DocumentNotFoundError
from eventwire.records import Actor, Document, Entity, EntityKind, Extraction, Group, Person, Place
from eventwire.store import merging, schema, writes
from eventwire.store.prepared import VALUES, insert_into, select_in


def document_row(doc: Document) -> dict[str, object]:
    return {
        "id": doc.id,
        "external_id": doc.external_id,
        "title": doc.title,
        "url": doc.url,
        "published": doc.published.isoformat() if doc.published else None,
        "source": doc.source,
        "author": doc.author,
        "photo_credit": doc.photo_credit,
        "origin": doc.origin,
        "language": doc.language,
        "duplicate_of": doc.duplicate_of,
        "status": doc.status,
        "status_reason": doc.status_reason,
        "text": doc.text,
        "body_start": doc.body_start,
        "chars": len(doc.text),
    }


def upsert_entities(conn: Connection, entities: Iterable[Entity]) -> None:
    """Insert entities, or fill the fields a stored copy lacks (first value wins): one
    read and one batched insert per kind and shape of row."""
    by_kind: dict[EntityKind, dict[str, dict[str, object]]] = {}
    for entity in entities:
        values = entity_values(entity)
        first = by_kind.setdefault(kind_of(entity), {}).setdefault(entity.id, values)
        for key, value in values.items():  # a repeated entity fills what its first lacked
            if first.get(key) is None and value is not None:
                first[key] = value
    for kind, values_by_id in by_kind.items():
        table = schema.ENTITY_TABLES[kind]
        existing = {
            row.id: row
            for row in conn.execute(select_in(table.name, "id"), {VALUES: sorted(values_by_id)})
        }
        new_rows: dict[tuple[str, ...], list[dict[str, object]]] = {}
        for entity_id, values in values_by_id.items():
            stored = existing.get(entity_id)
            if stored is None:
                new_rows.setdefault(tuple(values), []).append(values)
                continue
            missing = {
                k: v for k, v in values.items() if v is not None and getattr(stored, k) is None
            }
            if missing:
                conn.execute(update(table).where(table.c.id == entity_id).values(**missing))
        for rows in new_rows.values():
            writes.insert_rows(conn, table, rows)


def has_document(conn: Connection, doc_id: str) -> bool:
    query = select(schema.documents.c.id).where(schema.documents.c.id == doc_id)
    return conn.execute(query).first() is not None


def next_seq(conn: Connection) -> int:
    last = conn.execute(select(func.max(schema.documents.c.seq))).scalar_one_or_none()
    return (last or 0) + 1


def insert_document(conn: Connection, doc: Document, minhash: bytes | None, *, seq: int) -> None:
    """A document's row, its search index row and, for an original, its near-duplicate
    band keys."""
    conn.execute(
        schema.documents.insert().values(
            **document_row(doc),
            minhash=minhash,
            ingested_at=datetime.now(UTC).isoformat(timespec="seconds"),
            seq=seq,
        )
    )
    if minhash is not None and doc.duplicate_of is None:
        conn.execute(
            insert_into("near_duplicate_bands"),
            [{"key": key, "doc_id": doc.id} for key in band_keys(minhash)],
        )
    if conn.dialect.name == "sqlite":
        conn.execute(
            text("INSERT INTO documents_fts(doc_id, title, body) VALUES (:i, :t, :b)"),
            {"i": doc.id, "t": doc.title or "", "b": doc.body},
        )


def near_duplicate_of(conn: Connection, minhash: bytes, *, threshold: float) -> str | None:
    bands, d = schema.near_duplicate_bands, schema.documents
    query = (
        select(d.c.id, d.c.minhash)
        .where(d.c.id.in_(select(bands.c.doc_id).where(bands.c.key.in_(band_keys(minhash)))))
        .order_by(d.c.seq, d.c.id)
    )
    for row in conn.execute(query).all():
        if similarity(minhash, row.minhash) >= threshold:
            return str(row.id)
    return None


SAVE_LOCK = 0x65766E74  # an arbitrary constant naming eventwire's save lock


def save_extraction(conn: Connection, extraction: Extraction) -> None:
    """Replace a document's mentions and upsert its entities."""
    d, m = schema.documents, schema.mentions
    doc_id = extraction.doc_id
    stored = conn.execute(
        select(d.c.published, d.c.duplicate_of, d.c.has_extraction).where(d.c.id == doc_id)
    ).first()
    if stored is None:
        raise DocumentNotFoundError(f"cannot save an extraction of {doc_id!r}: not in the store")
    previous: set[tuple[str, str]] = set()
    if stored.has_extraction:  # an earlier extraction's rows go first
        previous = {
            (row.entity_kind, row.entity_id)
            for row in conn.execute(
                select(m.c.entity_kind, m.c.entity_id).where(m.c.doc_id == doc_id)
            )
        }
        conn.execute(delete(m).where(m.c.doc_id == doc_id))
        merging.forget_document(conn, doc_id)
        writes.delete_times_numbers_and_events(conn, doc_id)
    upsert_entities(conn, extraction.entities())
    rows: dict[str, dict[str, object]] = {}
    for mention in extraction.mentions:
        ev = mention.evidence
        rows.setdefault(
            mention.id,
            {
                "id": mention.id,
                "doc_id": ev.doc,
                "entity_kind": mention.kind,
                "entity_id": mention.entity_id,
                "role": mention.role,
                "start": ev.start,
                "end": ev.end,
                "text": ev.text,
                "precision": mention.precision,
            },
        )
    writes.insert_rows(conn, schema.mentions, list(rows.values()))
    published = date.fromisoformat(stored.published) if stored.published else None
    writes.insert_times_and_numbers(conn, extraction)
    writes.insert_events(conn, extraction, published=published)
    writes.merge_document(conn, extraction, published=published, duplicate_of=stored.duplicate_of)
    drop_orphans(conn, previous)
    conn.execute(
        update(d)
        .where(d.c.id == doc_id)
        .values(status="extracted", status_reason=None, has_extraction=1)
    )


def drop_orphans(conn: Connection, candidates: set[tuple[str, str]]) -> None:
    """Delete the entities among ``candidates`` (those the document named before it was
    extracted again) that no mention refers to any more. Checking only these keeps a
    save's cost independent of the size of the store."""
    m = schema.mentions
    for kind, entity_id in candidates:
        still_named = conn.execute(
            select(m.c.id).where(m.c.entity_kind == kind, m.c.entity_id == entity_id).limit(1)
        ).first()
        if still_named is None:
            table = schema.ENTITY_TABLES[kind]
            conn.execute(delete(table).where(table.c.id == entity_id))


def kind_of(entity: Entity) -> EntityKind:
    kinds: dict[type, EntityKind] = {
        Actor: "actor",
        Person: "person",
        Place: "place",
        Group: "group",
    }
    return kinds[type(entity)]


def entity_values(entity: Entity) -> dict[str, object]:
    if isinstance(entity, Actor):
        return {
            "id": entity.id,
            "name": entity.name,
            "country": entity.country,
            "kind": entity.kind,
        }
    if isinstance(entity, Person):
        return {
            "id": entity.id,
            "name": entity.name,
            "rank": entity.rank,
            "role": entity.role,
            "affiliation": entity.affiliation,
        }
    if isinstance(entity, Group):
        return {"id": entity.id, "name": entity.name, "kind": entity.kind}
    geo = entity.geo
    if geo is None:
        return {"id": entity.id, "name": entity.name}
    return {
        "id": entity.id,
        "name": entity.name,
        "geonames_id": geo.geonames_id,
        "feature_class": geo.feature_class,
        "feature_code": geo.feature_code,
        "country": geo.country,
        "admin1": geo.admin1,
        "admin2": geo.admin2,
        "lat": geo.lat,
        "lon": geo.lon,
        "population": geo.population,
        "derived": int(geo.derived),
    }
