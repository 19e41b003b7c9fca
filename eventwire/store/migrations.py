"""Schema migrations as registered, recorded steps.

Each step has a version, a name and a function run inside one transaction; the
``schema_migrations`` table records what has been applied, so opening a store applies
exactly the steps it lacks, in order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Connection, Engine, bindparam, func, inspect, select, text, update

from eventwire.store import schema


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    apply: Callable[[Connection], None]


MIGRATIONS: list[Migration] = []


def migration(version: int, name: str) -> Callable[[Callable[[Connection], None]], None]:
    def register(fn: Callable[[Connection], None]) -> None:
        MIGRATIONS.append(Migration(version, name, fn))

    return register


@migration(1, "documents, entities and mentions")
def _initial(conn: Connection) -> None:
    tables = [schema.documents, schema.actors, schema.people, schema.places]
    tables += [schema.groups, schema.mentions]
    schema.metadata.create_all(conn, tables=tables)


@migration(2, "full-text search over documents")
def _fts(conn: Connection) -> None:
    if conn.dialect.name == "sqlite":
        # A plain FTS5 table kept in step with documents by the store's write path.
        conn.execute(
            text(
                "CREATE VIRTUAL TABLE IF NOT EXISTS documents_fts USING fts5("
                "doc_id UNINDEXED, title, body, tokenize='unicode61 remove_diacritics 2')"
            )
        )
    elif conn.dialect.name == "postgresql":
        conn.execute(
            text(
                "CREATE INDEX IF NOT EXISTS ix_documents_fts ON documents USING gin "
                "(to_tsvector('english', coalesce(title, '') || ' ' || text))"
            )
        )


@migration(3, "times, quantities and casualty counts")
def _times_and_numbers(conn: Connection) -> None:
    tables = [schema.times, schema.quantities, schema.casualties]
    schema.metadata.create_all(conn, tables=tables)


GEO_COLUMNS = {
    "places": [
        ("geonames_id", "INTEGER"),
        ("feature_class", "VARCHAR"),
        ("feature_code", "VARCHAR"),
        ("country", "VARCHAR"),
        ("admin1", "VARCHAR"),
        ("admin2", "VARCHAR"),
        ("lat", "FLOAT"),
        ("lon", "FLOAT"),
        ("population", "INTEGER"),
        ("derived", "INTEGER"),
    ],
    "mentions": [("precision", "INTEGER")],
}


@migration(4, "places resolved to gazetteer entries; precision per mention")
def _geo(conn: Connection) -> None:
    # A store created after this step already has the columns (migration 1 creates the
    # tables as they are now), so only the missing ones are added.
    inspector = inspect(conn)
    for table, columns in GEO_COLUMNS.items():
        present = {c["name"] for c in inspector.get_columns(table)}
        for name, sql_type in columns:
            if name not in present:
                conn.execute(text(f'ALTER TABLE {table} ADD COLUMN "{name}" {sql_type}'))


@migration(5, "indexed LSH bands for near-duplicate lookups")
def _near_duplicate_bands(conn: Connection) -> None:
    from eventwire.dedup import band_keys

    schema.metadata.create_all(conn, tables=[schema.near_duplicate_bands])
    d = schema.documents
    originals = select(d.c.id, d.c.minhash).where(
        d.c.minhash.is_not(None), d.c.duplicate_of.is_(None)
    )
    for row in conn.execute(originals).all():
        conn.execute(
            schema.near_duplicate_bands.insert(),
            [{"key": key, "doc_id": row.id} for key in band_keys(row.minhash)],
        )


@migration(6, "events, claims and named casualties")
def _events(conn: Connection) -> None:
    schema.metadata.create_all(conn, tables=list(reversed(schema.EVENT_TABLES)))
    # Documents extracted before this step have no events: mark them for extraction.
    conn.execute(
        update(schema.documents)
        .where(schema.documents.c.status == "extracted")
        .values(status="pending", status_reason="extracted before events existed")
    )


@migration(7, "merging across reports: person links, merged events, corrections")
def _merging(conn: Connection) -> None:
    schema.metadata.create_all(conn, tables=list(schema.MERGE_TABLES))
    # Events stored before this step belong to no merged event: extract them again.
    conn.execute(
        update(schema.documents)
        .where(schema.documents.c.status == "extracted")
        .values(status="pending", status_reason="extracted before merging existed")
    )


@migration(8, "event days, covering indexes and first members for the map and timeline")
def _event_days(conn: Connection) -> None:
    present = {c["name"] for c in inspect(conn).get_columns("events")}
    for name in ("day", "day_end"):
        if name not in present:
            conn.execute(text(f'ALTER TABLE events ADD COLUMN "{name}" VARCHAR'))
    e, d = schema.events, schema.documents
    published = select(d.c.published).where(d.c.id == e.c.doc_id).scalar_subquery()
    conn.execute(
        update(e).values(
            day=func.coalesce(e.c.time_start, published),
            day_end=func.coalesce(e.c.time_end, e.c.time_start, published),
        )
    )
    for index in schema.events.indexes:
        index.create(conn, checkfirst=True)
    if "first_event" not in {c["name"] for c in inspect(conn).get_columns("event_clusters")}:
        conn.execute(text('ALTER TABLE event_clusters ADD COLUMN "first_event" VARCHAR'))
    m, clusters = schema.event_members, schema.event_clusters
    first = select(func.min(m.c.event_id)).where(m.c.cluster_id == clusters.c.id).scalar_subquery()
    conn.execute(update(clusters).values(first_event=first))
    for index in clusters.indexes:
        index.create(conn, checkfirst=True)


@migration(9, "documents numbered in the order they were ingested")
def _ingest_order(conn: Connection) -> None:
    if "seq" not in {c["name"] for c in inspect(conn).get_columns("documents")}:
        conn.execute(text('ALTER TABLE documents ADD COLUMN "seq" INTEGER'))
    d = schema.documents
    ids = conn.execute(select(d.c.id).order_by(d.c.ingested_at, d.c.id)).scalars().all()
    if ids:
        conn.execute(
            update(d).where(d.c.id == bindparam("doc")).values(seq=bindparam("n")),
            [{"doc": doc_id, "n": n} for n, doc_id in enumerate(ids, start=1)],
        )
    for index in d.indexes:
        index.create(conn, checkfirst=True)


@migration(10, "merged events also filed by grid cell, or as unplaced, within their country")
def _cell_blocks(conn: Connection) -> None:
    # The keys each member adds now; those of the older kinds are there already.
    from eventwire.merge.events import block_keys
    from eventwire.store.merging import summary_from_json

    m, blocks = schema.event_members, schema.event_blocks
    rows = conn.execute(
        select(m.c.cluster_id, m.c.summary)
        .order_by(m.c.cluster_id)
        .execution_options(yield_per=2000)
    )
    cluster: str | None = None
    seen: set[str] = set()
    pending: list[dict[str, str]] = []
    for cluster_id, summary in rows:
        if cluster_id != cluster:
            cluster, seen = cluster_id, set()
        for key in block_keys(summary_from_json(summary)):
            where = key.split("|")[1]
            if ("@" in where or where.endswith("!")) and key not in seen:
                seen.add(key)
                pending.append({"key": key, "cluster_id": cluster_id})
        if len(pending) >= 5000:
            conn.execute(blocks.insert(), pending)
            pending = []
    if pending:
        conn.execute(blocks.insert(), pending)


@migration(11, "documents flagged once an extraction of theirs is saved")
def _has_extraction(conn: Connection) -> None:
    if "has_extraction" not in {c["name"] for c in inspect(conn).get_columns("documents")}:
        conn.execute(
            text('ALTER TABLE documents ADD COLUMN "has_extraction" INTEGER NOT NULL DEFAULT 0')
        )
    # Any document stored before this step may hold rows of an extraction, pending ones
    # included (a step above set extracted ones back to pending): all are flagged.
    conn.execute(update(schema.documents).values(has_extraction=1))


def applied_versions(conn: Connection) -> set[int]:
    if not inspect(conn).has_table("schema_migrations"):
        return set()
    return set(conn.execute(select(schema.schema_migrations.c.version)).scalars())


def migrate(engine: Engine) -> list[Migration]:
    """Apply the missing migrations, each in its own transaction; return those applied."""
    with engine.begin() as conn:
        schema.metadata.create_all(conn, tables=[schema.schema_migrations])
    done: list[Migration] = []
    for step in sorted(MIGRATIONS, key=lambda m: m.version):
        with engine.begin() as conn:
            if step.version in applied_versions(conn):
                continue
            step.apply(conn)
            conn.execute(
                schema.schema_migrations.insert().values(
                    version=step.version,
                    name=step.name,
                    applied_at=datetime.now(UTC).isoformat(timespec="seconds"),
                )
            )
        done.append(step)
    return done
