"""The store: one write path, plain reads.

Every write that concerns one document happens in one transaction (``atomic``), so a
crash or a bad file never leaves half a document behind. Entity rows are shared across
documents; a document's mentions are replaced as a whole when it is extracted again.
"""

from __future__ import annotations

import random
import time as clock
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import (
    Connection,
    Engine,
    Row,
    create_engine,
    event,
    func,
    select,
    text,
    update,
)
from sqlalchemy.exc import IntegrityError, OperationalError

from eventwire.errors import DocumentNotFoundError, StoreError
from eventwire.records import (
    NAMING_ROLES,
    Actor,
    Casualty,
    Claim,
    Document,
    Entity,
    EntityKind,
    Event,
    Evidence,
    Extraction,
    GazetteerEntry,
    Group,
    LedgerRow,
    Listing,
    MergedEvent,
    NamedCasualty,
    Person,
    PersonFile,
    Place,
    Quantity,
    SearchHit,
    TimeRef,
)
from eventwire.store import across, codec, merged, queries, saving, schema
from eventwire.store.migrations import migrate

T = TypeVar("T")


def database_url(db: str) -> str:
    """A SQLAlchemy URL for ``db``: URLs pass through, anything else is a SQLite path."""
    if "://" in db:
        return db
    return f"sqlite:///{Path(db).expanduser()}"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    # With WAL, NORMAL syncs at checkpoints rather than at every commit: a crash (even a
    # power cut) leaves the store consistent, at worst without its last transactions,
    # which a re-run redoes (saves are idempotent).
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


class Store:
    def __init__(self, db: str) -> None:
        self.url = database_url(db)
        self.engine: Engine = create_engine(self.url)
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        try:
            migrate(self.engine)
        except OperationalError as exc:
            raise StoreError(
                f"cannot open the store at {db!r}: {exc.orig}; check the path and permissions"
            ) from exc

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def atomic(self) -> Iterator[Connection]:
        """One transaction: committed when the block ends, rolled back if it raises."""
        with self.engine.begin() as conn:
            yield conn

    # ---- writes -------------------------------------------------------------------

    def add_document(self, doc: Document, *, minhash: bytes | None = None) -> bool:
        """Insert a new document with its search index row (and, for an original, its
        near-duplicate band keys); False if its id is known."""
        return _retrying(lambda: self._add_document(doc, minhash=minhash))

    def _add_document(self, doc: Document, *, minhash: bytes | None) -> bool:
        with self.atomic() as conn:
            if saving.has_document(conn, doc.id):
                return False
            saving.insert_document(conn, doc, minhash, seq=saving.next_seq(conn))
        return True

    def add_documents(
        self, items: Sequence[tuple[Document, bytes | None]], *, near_duplicate_threshold: float
    ) -> list[Document | None]:
        """Insert new documents in one transaction (one commit for a batch costs less
        than one each), each linked to the earliest stored original it is a
        near-duplicate of (those earlier in the batch included): the documents as
        stored, None for an id already known."""
        if not items:
            return []
        return _retrying(lambda: self._add_documents(items, near_duplicate_threshold))

    def _add_documents(
        self, items: Sequence[tuple[Document, bytes | None]], threshold: float
    ) -> list[Document | None]:
        stored: list[Document | None] = []
        with self.atomic() as conn:
            seq = saving.next_seq(conn)
            for doc, minhash in items:
                if saving.has_document(conn, doc.id):
                    stored.append(None)
                    continue
                if minhash is not None:
                    original = saving.near_duplicate_of(conn, minhash, threshold=threshold)
                    doc = replace(doc, duplicate_of=original)
                saving.insert_document(conn, doc, minhash, seq=seq)
                seq += 1
                stored.append(doc)
        return stored

    def fill_metadata(self, doc: Document) -> bool:
        """Fill fields the stored copy lacks (say a publication date given only now).
        A document whose date changes is set back to pending so it is extracted again."""
        current = self.document(doc.id)
        changes: dict[str, object] = {}
        for name in ("published", "source", "url", "author", "external_id"):
            new = getattr(doc, name)
            if new is not None and getattr(current, name) != new:
                changes[name] = new.isoformat() if isinstance(new, date) else new
        if not changes:
            return False
        if "published" in changes and current.status == "extracted":
            changes["status"] = "pending"
        with self.atomic() as conn:
            conn.execute(
                update(schema.documents).where(schema.documents.c.id == doc.id).values(**changes)
            )
        return True

    def set_status(self, doc_id: str, status: str, reason: str | None = None) -> None:
        with self.atomic() as conn:
            conn.execute(
                update(schema.documents)
                .where(schema.documents.c.id == doc_id)
                .values(status=status, status_reason=reason)
            )

    def save_extraction(self, extraction: Extraction) -> None:
        self.save_extractions([extraction])

    def save_extractions(self, extractions: Sequence[Extraction]) -> None:
        """Save documents' extractions, in order, in one transaction: all or none of them
        are saved (one commit for a batch of reports costs less than one each)."""
        if extractions:
            _retrying(lambda: self._save_extractions(extractions))

    def _save_extractions(self, extractions: Sequence[Extraction]) -> None:
        with self.atomic() as conn:
            if conn.dialect.name == "postgresql":
                # One save at a time across writers, so that two reports of one event
                # saved at once see each other when they merge (SQLite's write lock does
                # the same there). The model's work, the slow part, stays parallel.
                conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": saving.SAVE_LOCK})
            for extraction in extractions:
                saving.save_extraction(conn, extraction)

    # ---- reads --------------------------------------------------------------------

    def document(self, doc_id: str) -> Document:
        with self.engine.connect() as conn:
            row = conn.execute(
                select(schema.documents).where(schema.documents.c.id == doc_id)
            ).first()
        if row is None:
            raise DocumentNotFoundError(
                f"no document {doc_id!r} in the store; `eventwire documents` lists them"
            )
        return _document_from_row(row)

    def has_document(self, doc_id: str) -> bool:
        with self.engine.connect() as conn:
            return saving.has_document(conn, doc_id)

    def document_ids(self, *, status: str | None = None) -> list[str]:
        query = select(schema.documents.c.id).order_by(
            schema.documents.c.seq, schema.documents.c.id
        )
        if status is not None:
            query = query.where(schema.documents.c.status == status)
        with self.engine.connect() as conn:
            return list(conn.execute(query).scalars())

    def documents(self, *, status: str | None = None) -> list[Document]:
        query = select(schema.documents).order_by(schema.documents.c.seq, schema.documents.c.id)
        if status is not None:
            query = query.where(schema.documents.c.status == status)
        with self.engine.connect() as conn:
            return [_document_from_row(row) for row in conn.execute(query)]

    def near_duplicate_of(self, minhash: bytes, *, threshold: float) -> str | None:
        """The earliest stored original whose estimated Jaccard similarity to ``minhash``
        reaches ``threshold``: candidates share an LSH band key (an indexed lookup)."""
        with self.engine.connect() as conn:
            return saving.near_duplicate_of(conn, minhash, threshold=threshold)

    def known_ids(self, ids: Sequence[str]) -> set[str]:
        """Those of ``ids`` the store holds."""
        if not ids:
            return set()
        query = select(schema.documents.c.id).where(schema.documents.c.id.in_(sorted(set(ids))))
        with self.engine.connect() as conn:
            return set(conn.execute(query).scalars())

    def listings(self, kind: EntityKind, *, doc_id: str | None = None) -> list[Listing]:
        """Entities of one kind with their evidence, most-mentioned first."""
        table = schema.ENTITY_TABLES[kind]
        m = schema.mentions
        with self.engine.connect() as conn:
            mention_query = select(m).where(m.c.entity_kind == kind).order_by(m.c.doc_id, m.c.start)
            if doc_id is not None:
                mention_query = mention_query.where(m.c.doc_id == doc_id)
            by_entity: dict[str, list[Row[Any]]] = defaultdict(list)
            for row in conn.execute(mention_query):
                by_entity[row.entity_id].append(row)
            rows = conn.execute(select(table).where(table.c.id.in_(list(by_entity))))
            entities = [_entity_from_row(kind, row) for row in rows]
            actor_names = dict(conn.execute(select(schema.actors.c.id, schema.actors.c.name)).all())
        result = []
        for entity in entities:
            found = by_entity[entity.id]
            naming = [r for r in found if r.role in NAMING_ROLES]
            fields: dict[str, list[Evidence]] = defaultdict(list)
            for r in found:
                if r.role not in NAMING_ROLES:
                    fields[r.role].append(_evidence(r))
            result.append(
                Listing(
                    entity=entity,
                    evidence=tuple(_evidence(r) for r in naming),
                    precision=tuple(r.precision for r in naming),
                    field_evidence=tuple((k, tuple(v)) for k, v in sorted(fields.items())),
                    aliases=_aliases(entity.name, [r.text for r in naming]),
                    affiliation_name=actor_names.get(entity.affiliation)
                    if isinstance(entity, Person) and entity.affiliation
                    else None,
                    documents=len({r.doc_id for r in naming}),
                )
            )
        if kind == "person":
            result = across.people_across_reports(self, result)
        elif kind == "actor":
            result = across.actors_across_reports(self, result)
        result.sort(key=lambda item: (-len(item.evidence), item.entity.name))
        return result

    def _actors_across_reports(self, listings: list[Listing]) -> list[Listing]:
        """One listing per organisation however its reports spell it."""
        return across.actors_across_reports(self, listings)

    def _people_across_reports(self, listings: list[Listing]) -> list[Listing]:
        """One listing per person however many records name them ("Hossein Hamedani",
        "Hussein Hamadani"): the canonical record, every variant among the aliases."""
        return across.people_across_reports(self, listings)

    def times(self, *, doc_id: str | None = None) -> list[TimeRef]:
        query = select(schema.times).order_by(schema.times.c.doc_id, schema.times.c.start)
        if doc_id is not None:
            query = query.where(schema.times.c.doc_id == doc_id)
        with self.engine.connect() as conn:
            return [_time_from_row(row) for row in conn.execute(query)]

    def quantities(self, *, doc_id: str | None = None) -> list[Quantity]:
        q = schema.quantities
        query = select(q).order_by(q.c.doc_id, q.c.start)
        if doc_id is not None:
            query = query.where(q.c.doc_id == doc_id)
        with self.engine.connect() as conn:
            return [_quantity_from_row(row) for row in conn.execute(query)]

    def casualties(self, *, doc_id: str | None = None) -> list[Casualty]:
        c = schema.casualties
        query = select(c).order_by(c.c.doc_id, c.c.start)
        if doc_id is not None:
            query = query.where(c.c.doc_id == doc_id)
        quantities = {q.id: q for q in self.quantities(doc_id=doc_id)}
        times = {t.id: t for t in self.times(doc_id=doc_id)}
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
        return [_casualty_from_row(row, quantities, times) for row in rows]

    def entities(self, ids: set[str]) -> dict[str, Entity]:
        """The stored entities with these ids (any kind), by id."""
        found: dict[str, Entity] = {}
        by_kind: dict[EntityKind, list[str]] = defaultdict(list)
        for entity_id in ids:
            kind = entity_id.split(":", 1)[0]
            if kind in schema.ENTITY_TABLES:
                by_kind[kind].append(entity_id)  # type: ignore[index]
        with self.engine.connect() as conn:
            for kind, wanted in by_kind.items():
                table = schema.ENTITY_TABLES[kind]
                for start in range(0, len(wanted), 500):
                    chunk = wanted[start : start + 500]
                    for row in conn.execute(select(table).where(table.c.id.in_(chunk))):
                        found[row.id] = _entity_from_row(kind, row)
        return found

    # ---- across reports -------------------------------------------------------------

    def merged_events(self, *, doc_id: str | None = None) -> list[MergedEvent]:
        """Merged events (one per real event), optionally those a document reports."""
        return across.merged_events(self, doc_id=doc_id)

    def ledger(self, *, by: merged.LedgerBy = "place") -> list[LedgerRow]:
        """Casualty totals by actor, country or month (eventwire.merge.ledger's rule)."""
        return across.ledger(self, by=by)

    def split(self, event_id: str) -> str:
        """Take an event out of its merged event (an analyst's correction, kept and
        replayed on re-runs); the id of its new merged event."""
        return across.split(self, event_id)

    def merge(self, event_id: str, into: str) -> str:
        """Put ``event_id`` into the merged event of ``into`` (an analyst's correction,
        kept and replayed on re-runs); the merged event's id."""
        return across.merge(self, event_id, into)

    def person_file(self, name: str) -> list[PersonFile]:
        """Everything known about the people whose name or a variant matches ``name``."""
        return across.person_file(self, name)

    # ---- filtered and aggregated reads (HTTP API) -------------------------------------

    def page_events(
        self,
        flt: queries.EventFilter,
        *,
        limit: int = 50,
        offset: int = 0,
        sort: queries.EventSort = "-date",
    ) -> tuple[list[Event], int]:
        """One page of the events ``flt`` selects, and how many it selects in all."""
        with self.engine.connect() as conn:
            return queries.page_events(conn, flt, limit=limit, offset=offset, sort=sort)

    def event_map(self, flt: queries.EventFilter) -> list[queries.MapPoint]:
        """Events per place (server-side aggregation for the map)."""
        with self.engine.connect() as conn:
            return queries.map_points(conn, flt)

    def event_timeline(
        self, flt: queries.EventFilter, *, by: queries.Period = "month"
    ) -> list[queries.TimelineBin]:
        """Events and deaths per day, week or month (server-side, for the timeline)."""
        with self.engine.connect() as conn:
            return queries.timeline(conn, flt, by=by)

    def events(
        self,
        *,
        doc_id: str | None = None,
        event_type: str | None = None,
        entity_id: str | None = None,
        certainty: str | None = None,
    ) -> list[Event]:
        """Events in document and text order, optionally of one document, type,
        certainty, or with one entity taking part (as actor, target, place...)."""
        e = schema.events
        query = select(e.c.record).order_by(e.c.doc_id, e.c.trigger_start)
        if doc_id is not None:
            query = query.where(e.c.doc_id == doc_id)
        if event_type is not None:
            query = query.where(e.c.type == event_type)
        if certainty is not None:
            query = query.where(e.c.certainty == certainty)
        if entity_id is not None:
            ee = schema.event_entities
            query = query.where(
                e.c.id.in_(select(ee.c.event_id).where(ee.c.entity_id == entity_id))
            )
        with self.engine.connect() as conn:
            return [codec.event_from_json(r) for r in conn.execute(query).scalars()]

    def claims(self, *, doc_id: str | None = None, event_id: str | None = None) -> list[Claim]:
        c = schema.claims
        query = select(c.c.record).order_by(c.c.doc_id, c.c.event_id, c.c.id)
        if doc_id is not None:
            query = query.where(c.c.doc_id == doc_id)
        if event_id is not None:
            query = query.where(c.c.event_id == event_id)
        with self.engine.connect() as conn:
            found = [codec.claim_from_json(r) for r in conn.execute(query).scalars()]
        return sorted(found, key=lambda cl: (cl.doc, cl.evidence.start, cl.id))

    def named_casualties(
        self, *, doc_id: str | None = None, person_id: str | None = None
    ) -> list[NamedCasualty]:
        n = schema.named_casualties
        query = select(n.c.record).order_by(n.c.doc_id, n.c.id)
        if doc_id is not None:
            query = query.where(n.c.doc_id == doc_id)
        if person_id is not None:
            query = query.where(n.c.person_id == person_id)
        with self.engine.connect() as conn:
            found = [codec.named_from_json(r) for r in conn.execute(query).scalars()]
        return sorted(found, key=lambda nc: (nc.doc, nc.evidence.start))

    def search(self, query: str, *, limit: int = 20) -> list[SearchHit]:
        """Full-text search; the query uses FTS5 syntax on SQLite."""
        with self.engine.connect() as conn:
            if conn.dialect.name == "sqlite":
                try:
                    rows = conn.execute(
                        text(
                            "SELECT doc_id, title, snippet(documents_fts, 2, '[', ']', '…', 12) "
                            "AS snippet, bm25(documents_fts) AS score FROM documents_fts "
                            "WHERE documents_fts MATCH :q ORDER BY score LIMIT :n"
                        ),
                        {"q": query, "n": limit},
                    ).all()
                except OperationalError as exc:
                    raise StoreError(
                        f"bad search query {query!r}: {exc.orig}; quote phrases with "
                        '"double quotes"'
                    ) from exc
                return [SearchHit(r.doc_id, r.title or None, r.snippet, -r.score) for r in rows]
            rows = conn.execute(
                text(
                    "SELECT id, title, ts_headline('english', text, q) AS snippet, "
                    "ts_rank(to_tsvector('english', coalesce(title,'') || ' ' || text), q) "
                    "AS score "
                    "FROM documents, websearch_to_tsquery('english', :q) q "
                    "WHERE to_tsvector('english', coalesce(title,'') || ' ' || text) @@ q "
                    "ORDER BY score DESC LIMIT :n"
                ),
                {"q": query, "n": limit},
            ).all()
            return [SearchHit(r.id, r.title, r.snippet, float(r.score)) for r in rows]

    def counts(self) -> dict[str, int]:
        """Rows per table, for reports and idempotency checks."""
        tables = [
            schema.documents,
            *schema.ENTITY_TABLES.values(),
            schema.mentions,
            schema.times,
            schema.quantities,
            schema.casualties,
            schema.events,
            schema.event_entities,
            schema.claims,
            schema.named_casualties,
        ]
        with self.engine.connect() as conn:
            return {
                t.name: conn.execute(select(func.count()).select_from(t)).scalar_one()
                for t in tables
            }


def _document_from_row(row: Row[Any]) -> Document:
    return Document(
        id=row.id,
        text=row.text,
        body_start=row.body_start,
        title=row.title,
        url=row.url,
        published=date.fromisoformat(row.published) if row.published else None,
        source=row.source,
        author=row.author,
        external_id=row.external_id,
        photo_credit=row.photo_credit,
        origin=row.origin,
        language=row.language,
        duplicate_of=row.duplicate_of,
        status=row.status,
        status_reason=row.status_reason,
    )


RETRIES = 6


def _retrying(work: Callable[[], T]) -> T:
    """Run one transaction, again if a concurrent writer got in its way: a row another
    process inserted first (an entity, a person link, the same report), or a deadlock or
    serialisation failure on PostgreSQL. Each attempt is a whole transaction, so a retry
    sees the other writer's rows and nothing is lost or half-written."""
    for attempt in range(RETRIES):
        try:
            return work()
        except (IntegrityError, OperationalError) as exc:
            transient = isinstance(exc, IntegrityError) or _is_contention(exc)
            if not transient or attempt == RETRIES - 1:
                raise
            clock.sleep(random.uniform(0.01, 0.05) * (2**attempt))
    raise AssertionError("unreachable")


def _is_contention(exc: OperationalError) -> bool:
    code = getattr(exc.orig, "sqlstate", None) or getattr(exc.orig, "pgcode", None)
    message = str(exc.orig).lower()
    return code in ("40001", "40P01") or "database is locked" in message or "deadlock" in message


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _time_from_row(row: Row[Any]) -> TimeRef:
    return TimeRef(
        evidence=Evidence(row.doc_id, row.start, row.end, row.text),
        type=row.type,
        value=row.value,
        start=_date(row.start_date),
        end=_date(row.end_date),
        precision=row.precision,
        anchor=row.anchor,
    )


def _quantity_from_row(row: Row[Any]) -> Quantity:
    return Quantity(
        evidence=Evidence(row.doc_id, row.start, row.end, row.text),
        best=row.best,
        low=row.low,
        high=row.high,
        qualifier=row.qualifier,
        kind=row.kind,
        unit=row.unit,
    )


def _casualty_from_row(
    row: Row[Any], quantities: dict[str, Quantity], times: dict[str, TimeRef]
) -> Casualty:
    who = (
        Evidence(row.doc_id, row.who_start, row.who_end, row.who)
        if row.who is not None and row.who_start is not None
        else None
    )
    place = (
        Evidence(row.doc_id, row.place_start, row.place_end, row.place_text)
        if row.place_text is not None
        else None
    )
    return Casualty(
        id=row.id,
        doc=row.doc_id,
        outcome=row.outcome,
        count=quantities[row.quantity_id],
        evidence=Evidence(row.doc_id, row.start, row.end, row.text),
        who=row.who,
        who_evidence=who,
        actor_id=row.actor_id,
        period=times.get(row.time_id) if row.time_id else None,
        place_id=row.place_id,
        place_evidence=place,
        part_of=row.part_of,
    )


def _entity_from_row(kind: EntityKind, row: Row[Any]) -> Entity:
    if kind == "actor":
        return Actor(id=row.id, name=row.name, country=row.country, kind=row.kind)
    if kind == "person":
        return Person(
            id=row.id, name=row.name, rank=row.rank, role=row.role, affiliation=row.affiliation
        )
    if kind == "group":
        return Group(id=row.id, name=row.name, kind=row.kind)
    if row.geonames_id is None:
        return Place(id=row.id, name=row.name)
    geo = GazetteerEntry(
        geonames_id=row.geonames_id,
        name=row.name,
        feature_class=row.feature_class,
        feature_code=row.feature_code,
        country=row.country,
        lat=row.lat,
        lon=row.lon,
        population=row.population or 0,
        admin1=row.admin1,
        admin2=row.admin2,
        derived=bool(row.derived),
    )
    return Place(id=row.id, name=row.name, geo=geo)


def _evidence(row: Row[Any]) -> Evidence:
    return Evidence(doc=row.doc_id, start=row.start, end=row.end, text=row.text)


def _aliases(name: str, surfaces: list[str]) -> tuple[str, ...]:
    """Distinct surface forms other than the name, most frequent first."""
    counts: dict[str, int] = defaultdict(int)
    for surface in surfaces:
        form = surface.strip()
        if form.lower().startswith("the "):
            form = form[4:]
        if form.endswith(("'s", "’s")):
            form = form[:-2]
        if form and form != name:
            counts[form] += 1
    return tuple(sorted(counts, key=lambda f: (-counts[f], f)))
