"""Merging across reports, done incrementally as each document is saved.

A document's people are linked to the person records they are (by transliteration-proof
name keys, never across different affiliations), and each of its events joins the
merged event it reports, or starts one (eventwire.merge.events). Candidates come from
indexed block keys, so the cost of saving one report does not grow with the store.
Analyst corrections (``split``, ``merge``) are rows of their own, replayed whenever a
document is extracted again, so they survive re-runs.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, delete, func, insert, or_, select

from eventwire.events import EventOntology
from eventwire.merge.events import (
    UNDATED_WINDOW,
    EventSummary,
    best_cluster,
    block_keys,
    family,
    lookup_keys,
)
from eventwire.merge.names import name_key, organisation_key
from eventwire.records import Actor, Argument, Event, Extraction, Person
from eventwire.store import schema
from eventwire.store.prepared import (
    VALUES,
    corrections_about,
    insert_into,
    members_filed_under,
    select_in,
)

PARTICIPANT_ROLES = ("actor", "target")


# ---------------------------------------------------------------------------- people


def link_people(conn: Connection, people: Sequence[Person]) -> None:
    """Give each new person record its canonical person: the earliest record whose name
    has the same key and whose affiliation does not differ. A one-word name ("General
    Hamedani") joins a full name only when exactly one person fits."""
    known = _present(conn, schema.person_links.c.person_id, [p.id for p in people])
    fresh: list[tuple[Person, Any]] = []
    for person in people:
        if person.id not in known:
            known.add(person.id)
            fresh.append((person, name_key(person.name)))
    if not fresh:
        return
    view = _PersonLinks.read(conn, fresh)
    for person, key in fresh:
        if key is None:
            view.add(person.id, person.id, "", "", True, ["no name key"])
            continue
        canonical, reasons = view.canonical_for(person, key.full, key.surname, key.single)
        view.add(person.id, canonical, key.full, key.surname, key.single, reasons)
        if canonical == person.id and not key.single:
            view.adopt_single_names(person, key.surname)
    view.write(conn)


@dataclass
class _Link:
    person_id: str
    canonical_id: str
    full_key: str
    surname_key: str
    single: bool
    reasons: str


@dataclass
class _PersonLinks:
    """The person links of the surnames one document names, read once; links added and
    changed while the document's people are linked, written at the end."""

    by_surname: dict[str, list[_Link]]
    records: dict[str, Any]  # person id -> its row in ``people``
    new: list[_Link] = field(default_factory=list)
    changed: dict[str, _Link] = field(default_factory=dict)

    @classmethod
    def read(cls, conn: Connection, fresh: Sequence[tuple[Person, Any]]) -> _PersonLinks:
        surnames = sorted({key.surname for _, key in fresh if key is not None})
        by_surname: dict[str, list[_Link]] = {}
        if surnames:
            columns = ("person_id", "canonical_id", "full_key", "surname_key", "single")
            query = select_in(
                "person_links", "surname_key", (*columns, "reasons"), order_by="person_id"
            )
            rows = conn.execute(query, {VALUES: surnames})
            for row in rows:
                by_surname.setdefault(row.surname_key, []).append(
                    _Link(row[0], row[1], row[2], row[3], bool(row[4]), row[5])
                )
        ids = {link.canonical_id for group in by_surname.values() for link in group}
        ids |= {person.id for person, _ in fresh}
        records = {
            row.id: row for row in conn.execute(select_in("people", "id"), {VALUES: sorted(ids)})
        }
        return cls(by_surname, records)

    def canonical_for(
        self, person: Person, full: str, surname: str, single: bool
    ) -> tuple[str, list[str]]:
        rows = self.by_surname.get(surname, [])
        if not rows:
            return person.id, ["first record of this name"]
        # grouped once: a common surname ("Ali") has thousands of records in a large store
        by_canonical: dict[str, list[_Link]] = {}
        for row in rows:
            by_canonical.setdefault(row.canonical_id, []).append(row)
        fitting = []
        for canonical_id, members in sorted(by_canonical.items()):
            other = self.records.get(canonical_id)
            if other is None:
                continue
            if single:
                if not any(not r.single for r in members):
                    continue  # two bare surnames say nothing about being one person
            elif not any(r.full_key == full for r in members):
                continue
            if person.affiliation and other.affiliation and person.affiliation != other.affiliation:
                continue
            fitting.append(other)
        if len(fitting) == 1 or (fitting and not single):
            other = fitting[0]
            reasons = [f"same name key ({full})" if not single else f"surname key ({surname})"]
            if person.affiliation and person.affiliation == other.affiliation:
                reasons.append(f"same affiliation ({person.affiliation})")
            if person.rank and person.rank == other.rank:
                reasons.append(f"same rank ({person.rank})")
            return other.id, [f"is {other.name}: " + "; ".join(reasons)]
        if single and len(fitting) > 1:
            return person.id, [f"surname shared by {len(fitting)} people: kept apart"]
        return person.id, ["no record with this name"]

    def adopt_single_names(self, person: Person, surname: str) -> None:
        """A surname seen alone before its full name ("Hamedani", then "Hossein
        Hamedani") joins the full name now, if it is the only full name with that
        surname."""
        rows = self.by_surname.get(surname, [])
        if len({r.canonical_id for r in rows if not r.single}) != 1:
            return
        reasons = json.dumps([f"is {person.name}: surname key ({surname}), the only full name"])
        for link in rows:
            if link.single and link.canonical_id == link.person_id:
                link.canonical_id, link.reasons = person.id, reasons
                if link not in self.new:
                    self.changed[link.person_id] = link

    def add(
        self,
        person_id: str,
        canonical: str,
        full: str,
        surname: str,
        single: bool,
        reasons: list[str],
    ) -> None:
        link = _Link(person_id, canonical, full, surname, single, json.dumps(reasons))
        self.new.append(link)
        self.by_surname.setdefault(surname, []).append(link)

    def write(self, conn: Connection) -> None:
        links = schema.person_links
        for link in self.changed.values():
            conn.execute(
                links.update()
                .where(links.c.person_id == link.person_id)
                .values(canonical_id=link.canonical_id, reasons=link.reasons)
            )
        if self.new:
            conn.execute(
                insert_into(links.name),
                [
                    {
                        "person_id": link.person_id,
                        "canonical_id": link.canonical_id,
                        "full_key": link.full_key,
                        "surname_key": link.surname_key,
                        "single": int(link.single),
                        "reasons": link.reasons,
                    }
                    for link in self.new
                ],
            )


def link_actors(conn: Connection, actors: Sequence[Actor]) -> None:
    """Link each organisation the dictionary does not know (no kind) to the first one
    of the same name key seen in any report."""
    links = schema.actor_links
    unknown = [a for a in actors if a.kind is None]  # the dictionary's are one record each
    present = _present(conn, links.c.actor_id, [a.id for a in unknown])
    fresh: list[tuple[Actor, str | None]] = []
    for actor in unknown:
        if actor.id not in present:
            present.add(actor.id)
            fresh.append((actor, organisation_key(actor.name)))
    keys = sorted({key for _, key in fresh if key is not None})
    # name key -> (its first actor id, that actor's canonical record)
    first: dict[str, tuple[str, str]] = {}
    if keys:
        rows = conn.execute(
            select_in("actor_links", "name_key", ("name_key", "actor_id", "canonical_id")),
            {VALUES: keys},
        )
        for key, actor_id, canonical_id in rows:
            if key not in first or actor_id < first[key][0]:
                first[key] = (actor_id, canonical_id)
    new_rows: list[dict[str, object]] = []
    for actor, key in fresh:
        canonical, reasons = actor.id, ["first record of this name"]
        if key is not None:
            if key in first:
                canonical, reasons = first[key][1], [f"same name key ({key})"]
            if key not in first or actor.id < first[key][0]:
                first[key] = (actor.id, canonical)
        new_rows.append(
            {
                "actor_id": actor.id,
                "canonical_id": canonical,
                "name_key": key,
                "reasons": json.dumps(reasons),
            }
        )
    if new_rows:
        conn.execute(insert_into(links.name), new_rows)


def _present(conn: Connection, column: Any, ids: Sequence[str]) -> set[str]:
    """Those of ``ids`` already in ``column``."""
    if not ids:
        return set()
    query = select_in(column.table.name, column.name, (column.name,))
    return set(conn.execute(query, {VALUES: sorted(set(ids))}).scalars())


def canonical_actors(conn: Connection, ids: Iterable[str]) -> dict[str, str]:
    """Each actor id's canonical record (itself when it has no link)."""
    links = schema.actor_links
    return _canonical(conn, links.c.actor_id, links.c.canonical_id, ids)


def canonical_people(conn: Connection, ids: Iterable[str]) -> dict[str, str]:
    """Each person id's canonical record (itself when it has no link)."""
    links = schema.person_links
    return _canonical(conn, links.c.person_id, links.c.canonical_id, ids)


def _canonical(conn: Connection, key: Any, canonical: Any, ids: Iterable[str]) -> dict[str, str]:
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    query = select_in(key.table.name, key.name, (key.name, canonical.name))
    rows = conn.execute(query, {VALUES: wanted}).all()
    found = {row[0]: row[1] for row in rows}
    return {i: found.get(i, i) for i in wanted}


# ---------------------------------------------------------------------------- events


@dataclass(frozen=True)
class DocumentLookups:
    """What summarising a document's events reads from the store, read once for all of
    them: each place's coordinates and country, each participant's canonical record."""

    places: dict[str, tuple[float | None, float | None, str | None]]
    canonical: dict[str, str]

    @classmethod
    def read(cls, conn: Connection, events: Sequence[Event]) -> DocumentLookups:
        place_ids = sorted({e.place.place_id for e in events if e.place is not None})
        places: dict[str, tuple[float | None, float | None, str | None]] = {}
        if place_ids:
            query = select_in("places", "id", ("id", "lat", "lon", "country"))
            rows = conn.execute(query, {VALUES: place_ids})
            places = {row.id: (row.lat, row.lon, row.country) for row in rows}
        ids = [a.entity_id for e in events for a in _participants(e) if a.entity_id]
        canonical = canonical_people(conn, [i for i in ids if i.startswith("person:")])
        canonical.update(canonical_actors(conn, [i for i in ids if i.startswith("actor:")]))
        return cls(places, canonical)


def _participants(event: Event) -> list[Argument]:
    return [a for a in event.arguments if a.role in PARTICIPANT_ROLES and a.entity_id]


def summarise(
    event: Event, ontology: EventOntology, published: date | None, lookups: DocumentLookups
) -> EventSummary:
    start = end = None
    dated = False
    if event.time is not None and event.time.start is not None and event.time.end is not None:
        start, end, dated = event.time.start, event.time.end, True
    elif published is not None:
        start, end = published - UNDATED_WINDOW, published
    lat = lon = None
    country = None
    if event.place is not None and event.place.place_id in lookups.places:
        lat, lon, country = lookups.places[event.place.place_id]
    ids = [a.entity_id for a in _participants(event) if a.entity_id]
    return EventSummary(
        event_id=event.id,
        doc=event.doc,
        type=event.type,
        family=family(event.type, ontology),
        start=start,
        end=end,
        dated=dated,
        place_id=event.place.place_id if event.place else None,
        lat=lat,
        lon=lon,
        country=country,
        actors=frozenset(lookups.canonical[i] for i in ids if i.startswith("actor:")),
        people=frozenset(lookups.canonical[i] for i in ids if i.startswith("person:")),
        fatalities=event.fatalities.best if event.fatalities else None,
    )


def summary_json(summary: EventSummary) -> str:
    data = asdict(summary)
    data["start"] = summary.start.isoformat() if summary.start else None
    data["end"] = summary.end.isoformat() if summary.end else None
    data["actors"] = sorted(summary.actors)
    data["people"] = sorted(summary.people)
    return json.dumps(data)


@lru_cache(maxsize=8192)
def summary_from_json(text: str) -> EventSummary:
    """The summary stored as ``text`` (cached: candidates are read again and again, and
    an EventSummary is immutable)."""
    data = json.loads(text)
    data["start"] = date.fromisoformat(data["start"]) if data["start"] else None
    data["end"] = date.fromisoformat(data["end"]) if data["end"] else None
    data["actors"] = frozenset(data["actors"])
    data["people"] = frozenset(data["people"])
    return EventSummary(**data)


def merge_events(
    conn: Connection,
    extraction: Extraction,
    ontology: EventOntology,
    published: date | None,
    duplicate_of: str | None,
) -> None:
    """Put each of the document's events into a merged event (its old memberships were
    removed with its old events); drop merged events left empty. ``duplicate_of``: the
    report this one is a syndicated copy of, if any."""
    copies = _copy_pairs(conn, extraction, duplicate_of)
    lookups = DocumentLookups.read(conn, extraction.events)
    corrections = Corrections.read(conn, [e.id for e in extraction.events])
    summaries = [summarise(event, ontology, published, lookups) for event in extraction.events]
    batch = _DocumentMerge.read(conn, summaries, copies)
    for summary in summaries:
        original = copies.get(summary.event_id)
        if original is not None:
            batch.join_as_copy(summary, original)
        else:
            batch.join(conn, summary, corrections.about(summary.event_id))
    batch.write(conn)


def _copy_pairs(
    conn: Connection, extraction: Extraction, original: str | None
) -> dict[str, tuple[str, str]]:
    """For a syndicated copy (a near-duplicate of the earlier report ``original``), each
    event's counterpart in the original: the n-th event of the same type in both. Event
    id -> (original event id, original document id)."""
    members = schema.event_members
    if original is None:
        return {}
    rows = conn.execute(
        select(members.c.event_id, members.c.summary).where(members.c.doc_id == original)
    ).all()
    theirs: dict[str, list[str]] = {}
    for row in sorted(rows, key=lambda r: _trigger_start(r.event_id)):
        theirs.setdefault(json.loads(row.summary)["type"], []).append(row.event_id)
    pairs: dict[str, tuple[str, str]] = {}
    seen: dict[str, int] = {}
    for event in sorted(extraction.events, key=lambda e: e.trigger.start):
        n = seen.get(event.type, 0)
        seen[event.type] = n + 1
        candidates = theirs.get(event.type, [])
        if n < len(candidates):
            pairs[event.id] = (candidates[n], original)
    return pairs


def _trigger_start(event_id: str) -> int:
    return int(event_id.rsplit(":", 2)[1])


@dataclass
class _DocumentMerge:
    """One document's events joining merged events, with the candidates read in one
    query for all of them and the new rows written in one batch per table.

    What the store held before the document is read once; each join then updates that
    view as the one-event-at-a-time queries would have seen it: the cluster an event
    joins gains it as a member (so no later event of the same report joins it) and its
    block keys."""

    by_key: dict[str, set[str]]  # lookup key -> cluster ids filed under it
    filed: set[tuple[str, str]]  # (key, cluster id) pairs known to be present
    members: dict[str, list[EventSummary]]  # cluster id -> its members' summaries
    clusters: set[str]  # "m:<event id>" clusters that exist already
    copy_clusters: dict[str, str]  # original event id -> its cluster
    cluster_rows: list[dict[str, object]] = field(default_factory=list)
    member_rows: list[dict[str, object]] = field(default_factory=list)
    block_rows: list[dict[str, object]] = field(default_factory=list)

    @classmethod
    def read(
        cls,
        conn: Connection,
        summaries: Sequence[EventSummary],
        copies: dict[str, tuple[str, str]],
    ) -> _DocumentMerge:
        members = schema.event_members
        # A syndicated copy joins its original's merged event without looking at
        # candidates, so only the other events' candidates are read: a report copied a
        # hundred times would otherwise read its ever larger merged events each time.
        # (A merged event a copy joins holds a member of this report from then on, so
        # no other event of the report could join it: nothing is lost.)
        lookup = sorted(
            {
                k
                for s in summaries
                if s.event_id not in copies and block_keys(s)
                for k in lookup_keys(s)
            }
        )
        by_key: dict[str, set[str]] = {}
        filed: set[tuple[str, str]] = set()
        if lookup:
            rows = conn.execute(
                select_in("event_blocks", "key", ("key", "cluster_id")), {VALUES: lookup}
            ).all()  # fetched at once: iterating a result fetches row by row
            for key, cluster_id in rows:
                by_key.setdefault(key, set()).add(cluster_id)
                filed.add((key, cluster_id))
        grouped: dict[str, list[EventSummary]] = {}
        if lookup:
            rows = conn.execute(members_filed_under(), {VALUES: lookup}).all()
            for cluster_id, summary in rows:
                grouped.setdefault(cluster_id, []).append(summary_from_json(summary))
        new_ids = sorted(f"m:{s.event_id}" for s in summaries)
        existing = (
            set(
                conn.execute(
                    select_in("event_clusters", "id", ("id",)), {VALUES: new_ids}
                ).scalars()
            )
            if new_ids
            else set()
        )
        originals = sorted({original for original, _ in copies.values()})
        copy_clusters: dict[str, str] = {}
        if originals:
            copy_clusters = {
                row.event_id: row.cluster_id
                for row in conn.execute(
                    select(members.c.event_id, members.c.cluster_id).where(
                        members.c.event_id.in_(originals)
                    )
                )
            }
        return cls(by_key, filed, grouped, existing, copy_clusters)

    def candidates(self, keys: Sequence[str]) -> list[tuple[str, list[EventSummary]]]:
        cluster_ids = sorted({c for key in keys for c in self.by_key.get(key, ())})
        return [(c, self.members[c]) for c in cluster_ids if c in self.members]

    def join_as_copy(self, summary: EventSummary, original: tuple[str, str]) -> None:
        cluster_id = self.copy_clusters[original[0]]
        reasons = [f"syndicated copy of report {original[1]} ({original[0]})"]
        self._add(summary, cluster_id, 1.0, reasons, block_keys(summary))

    def join(
        self,
        conn: Connection,
        summary: EventSummary,
        corrections: tuple[set[str], frozenset[str]],
    ) -> str:
        """Add one event to the merged event it belongs to, or to a new one; its id.
        ``corrections``: the events an analyst merged it with, and split it from."""
        forced, forbidden = corrections
        cluster_id: str | None = None
        score: float | None = None
        reasons: list[str] = []
        if forced:
            members = schema.event_members
            row = conn.execute(
                select(members.c.cluster_id).where(members.c.event_id.in_(sorted(forced)))
            ).first()
            joined = row.cluster_id if row is not None else self._pending_cluster(forced)
            if joined is not None:
                cluster_id, score, reasons = joined, 1.0, ["merged by an analyst"]
        keys = block_keys(summary)
        if cluster_id is None and keys:
            candidates = self.candidates(lookup_keys(summary))
            cluster_id, score, reasons = best_cluster(summary, candidates, forbidden=forbidden)
        if cluster_id is None:
            cluster_id = f"m:{summary.event_id}"
            if cluster_id in self.clusters:  # kept by the reports the event left
                cluster_id = new_cluster_id(conn, summary.event_id)
            score, reasons = None, ["first report of this event"]
            self.clusters.add(cluster_id)
            self.cluster_rows.append(
                {"id": cluster_id, "family": summary.family, "first_event": summary.event_id}
            )
        self._add(summary, cluster_id, score, reasons, keys)
        return cluster_id

    def _pending_cluster(self, event_ids: set[str]) -> str | None:
        """The cluster one of ``event_ids`` joined earlier in this document, if any."""
        for row in self.member_rows:
            if row["event_id"] in event_ids:
                return str(row["cluster_id"])
        return None

    def _add(
        self,
        summary: EventSummary,
        cluster_id: str,
        score: float | None,
        reasons: list[str],
        keys: Sequence[str],
    ) -> None:
        self.member_rows.append(
            {
                "event_id": summary.event_id,
                "cluster_id": cluster_id,
                "doc_id": summary.doc,
                "score": score,
                "reasons": json.dumps(reasons),
                "summary": summary_json(summary),
            }
        )
        self.members.setdefault(cluster_id, []).append(summary)
        for key in keys:
            if (key, cluster_id) not in self.filed:
                self.filed.add((key, cluster_id))
                self.by_key.setdefault(key, set()).add(cluster_id)
                self.block_rows.append({"key": key, "cluster_id": cluster_id})

    def write(self, conn: Connection) -> None:
        for table, rows in (
            (schema.event_clusters, self.cluster_rows),
            (schema.event_members, self.member_rows),
            (schema.event_blocks, self._missing_blocks(conn)),
        ):
            if rows:
                conn.execute(insert_into(table.name), rows)

    def _missing_blocks(self, conn: Connection) -> list[dict[str, object]]:
        """The block rows to add: the keys a cluster that existed before lacks. Only the
        lookup keys were read (the broad "*" and country keys hold a whole week's
        clusters), so the joined clusters' own keys are read here."""
        new = {row["id"] for row in self.cluster_rows}
        old = sorted({str(r["cluster_id"]) for r in self.block_rows} - new)
        present: set[tuple[str, str]] = set()
        if old:
            blocks = schema.event_blocks
            keys = sorted({str(r["key"]) for r in self.block_rows})
            present = {
                (row.key, row.cluster_id)
                for row in conn.execute(
                    select(blocks.c.key, blocks.c.cluster_id).where(
                        blocks.c.cluster_id.in_(old), blocks.c.key.in_(keys)
                    )
                )
            }
        return [r for r in self.block_rows if (r["key"], r["cluster_id"]) not in present]


def _add_blocks(conn: Connection, cluster_id: str, keys: Sequence[str]) -> None:
    if not keys:
        return
    blocks = schema.event_blocks
    present = set(
        conn.execute(
            select(blocks.c.key).where(
                blocks.c.cluster_id == cluster_id, blocks.c.key.in_(list(keys))
            )
        ).scalars()
    )
    rows = [{"key": key, "cluster_id": cluster_id} for key in keys if key not in present]
    if rows:
        conn.execute(insert_into(blocks.name), rows)


@dataclass(frozen=True)
class Corrections:
    """The analyst's corrections about a set of events, oldest first."""

    rows: list[tuple[str, str, str]]

    @classmethod
    def read(cls, conn: Connection, event_ids: Sequence[str]) -> Corrections:
        if not event_ids:
            return cls([])
        rows = conn.execute(corrections_about(), {VALUES: sorted(set(event_ids))}).all()
        return cls([(row.action, row.event_a, row.event_b) for row in rows])

    def about(self, event_id: str) -> tuple[set[str], frozenset[str]]:
        """(events an analyst merged this one with, events an analyst split it from)."""
        forced: set[str] = set()
        forbidden: set[str] = set()
        for action, event_a, event_b in self.rows:
            if event_id not in (event_a, event_b):
                continue
            other = event_b if event_a == event_id else event_a
            # the latest correction about a pair wins
            if action == "merge":
                forced.add(other)
                forbidden.discard(other)
            else:
                forbidden.add(other)
                forced.discard(other)
        return forced, frozenset(forbidden)


def forget_document(conn: Connection, doc_id: str) -> None:
    """Remove a document's events from their merged events (before it is extracted
    again) and drop the merged events left empty."""
    members = schema.event_members
    touched = set(
        conn.execute(select(members.c.cluster_id).where(members.c.doc_id == doc_id)).scalars()
    )
    conn.execute(delete(members).where(members.c.doc_id == doc_id))
    drop_empty(conn, touched)


def drop_empty(conn: Connection, cluster_ids: Iterable[str]) -> None:
    """Drop the merged events left with no member; give the others a first member that
    is still one of theirs."""
    members, clusters = schema.event_members, schema.event_clusters
    for cluster_id in sorted(set(cluster_ids)):
        left = conn.execute(
            select(func.min(members.c.event_id)).where(members.c.cluster_id == cluster_id)
        ).scalar_one_or_none()
        if left is not None:
            first = conn.execute(
                select(clusters.c.first_event).where(clusters.c.id == cluster_id)
            ).scalar_one_or_none()
            still = conn.execute(
                select(members.c.event_id).where(
                    members.c.event_id == first, members.c.cluster_id == cluster_id
                )
            ).first()
            if still is None:
                conn.execute(
                    clusters.update().where(clusters.c.id == cluster_id).values(first_event=left)
                )
        if left is None:
            conn.execute(
                delete(schema.event_blocks).where(schema.event_blocks.c.cluster_id == cluster_id)
            )
            conn.execute(
                delete(schema.event_clusters).where(schema.event_clusters.c.id == cluster_id)
            )


def record_correction(conn: Connection, action: str, event_a: str, event_b: str) -> None:
    conn.execute(
        insert(schema.merge_corrections).values(
            action=action,
            event_a=event_a,
            event_b=event_b,
            created_at=datetime.now(UTC).isoformat(timespec="seconds"),
        )
    )


def new_cluster_id(conn: Connection, event_id: str) -> str:
    """The id of a new merged event first reported by ``event_id``: ``m:<event id>``, or,
    when a merged event still holds that id after the event left it (split out by an
    analyst, or extracted again and no longer the same event), the first free
    ``m:<event id>:<n>`` from 2 on. Joining the old one instead would undo the split."""
    first = f"m:{event_id}"
    ids = schema.event_clusters.c.id
    pattern = first.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + ":%"
    taken = set(
        conn.execute(select(ids).where(or_(ids == first, ids.like(pattern, escape="\\")))).scalars()
    )
    if first not in taken:
        return first
    n = 2
    while f"{first}:{n}" in taken:
        n += 1
    return f"{first}:{n}"


def move(conn: Connection, event_id: str, cluster_id: str | None, reasons: list[str]) -> str:
    """Move one event to ``cluster_id`` (a new merged event of its own when None)."""
    members = schema.event_members
    row = conn.execute(select(members).where(members.c.event_id == event_id)).first()
    if row is None:
        raise KeyError(event_id)
    summary = summary_from_json(row.summary)
    if cluster_id is None:
        cluster_id = new_cluster_id(conn, event_id)
        conn.execute(
            insert(schema.event_clusters).values(
                id=cluster_id, family=summary.family, first_event=event_id
            )
        )
    conn.execute(
        members.update()
        .where(members.c.event_id == event_id)
        .values(cluster_id=cluster_id, score=1.0, reasons=json.dumps(reasons))
    )
    _add_blocks(conn, cluster_id, block_keys(summary))
    drop_empty(conn, [row.cluster_id])
    return cluster_id


__all__ = [
    "Corrections",
    "DocumentLookups",
    "canonical_people",
    "forget_document",
    "link_people",
    "merge_events",
    "move",
    "new_cluster_id",
    "record_correction",
    "summarise",
]
