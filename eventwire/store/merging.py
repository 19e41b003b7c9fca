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
from dataclasses import asdict, dataclass
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

PARTICIPANT_ROLES = ("actor", "target")


# ---------------------------------------------------------------------------- people


def link_people(conn: Connection, people: Sequence[Person]) -> None:
    """Give each new person record its canonical person: the earliest record whose name
    has the same key and whose affiliation does not differ. A one-word name ("General
    Hamedani") joins a full name only when exactly one person fits."""
    links = schema.person_links
    known = _present(conn, links.c.person_id, [p.id for p in people])
    for person in people:
        if person.id in known:
            continue
        known.add(person.id)
        key = name_key(person.name)
        if key is None:
            _insert_link(conn, person.id, person.id, "", "", True, ["no name key"])
            continue
        canonical, reasons = _canonical_for(conn, person, key.full, key.surname, key.single)
        _insert_link(conn, person.id, canonical, key.full, key.surname, key.single, reasons)
        if canonical == person.id and not key.single:
            _adopt_single_names(conn, person, key.surname)


def _canonical_for(
    conn: Connection, person: Person, full: str, surname: str, single: bool
) -> tuple[str, list[str]]:
    links, people = schema.person_links, schema.people
    rows = conn.execute(
        select(links.c.person_id, links.c.canonical_id, links.c.full_key, links.c.single)
        .where(links.c.surname_key == surname)
        .order_by(links.c.person_id)
    ).all()
    if not rows:
        return person.id, ["first record of this name"]
    canonical_ids = sorted({r.canonical_id for r in rows})
    records = {
        r.id: r for r in conn.execute(select(people).where(people.c.id.in_(canonical_ids))).all()
    }
    fitting = []
    for canonical_id in canonical_ids:
        other = records.get(canonical_id)
        if other is None:
            continue
        members = [r for r in rows if r.canonical_id == canonical_id]
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


def _adopt_single_names(conn: Connection, person: Person, surname: str) -> None:
    """A surname seen alone before its full name ("Hamedani", then "Hossein Hamedani")
    joins the full name now, if it is the only full name with that surname."""
    links = schema.person_links
    full_names = conn.execute(
        select(func.count(func.distinct(links.c.canonical_id))).where(
            links.c.surname_key == surname, links.c.single == 0
        )
    ).scalar_one()
    if full_names != 1:
        return
    singles = conn.execute(
        select(links.c.person_id).where(
            links.c.surname_key == surname,
            links.c.single == 1,
            links.c.canonical_id == links.c.person_id,
        )
    ).scalars()
    for single_id in list(singles):
        conn.execute(
            links.update()
            .where(links.c.person_id == single_id)
            .values(
                canonical_id=person.id,
                reasons=json.dumps(
                    [f"is {person.name}: surname key ({surname}), the only full name"]
                ),
            )
        )


def _insert_link(
    conn: Connection,
    person_id: str,
    canonical: str,
    full: str,
    surname: str,
    single: bool,
    reasons: list[str],
) -> None:
    conn.execute(
        insert(schema.person_links),
        {
            "person_id": person_id,
            "canonical_id": canonical,
            "full_key": full,
            "surname_key": surname,
            "single": int(single),
            "reasons": json.dumps(reasons),
        },
    )


def link_actors(conn: Connection, actors: Sequence[Actor]) -> None:
    """Link each organisation the dictionary does not know (no kind) to the first one
    of the same name key seen in any report."""
    links = schema.actor_links
    unknown = [a for a in actors if a.kind is None]  # the dictionary's are one record each
    present = _present(conn, links.c.actor_id, [a.id for a in unknown])
    for actor in unknown:
        if actor.id in present:
            continue
        present.add(actor.id)
        key = organisation_key(actor.name)
        canonical, reasons = actor.id, ["first record of this name"]
        if key is not None:
            row = conn.execute(
                select(links.c.canonical_id)
                .where(links.c.name_key == key)
                .order_by(links.c.actor_id)
                .limit(1)
            ).first()
            if row is not None:
                canonical, reasons = row.canonical_id, [f"same name key ({key})"]
        conn.execute(
            insert(links),
            {
                "actor_id": actor.id,
                "canonical_id": canonical,
                "name_key": key,
                "reasons": json.dumps(reasons),
            },
        )


def _present(conn: Connection, column: Any, ids: Sequence[str]) -> set[str]:
    """Those of ``ids`` already in ``column``."""
    if not ids:
        return set()
    return set(conn.execute(select(column).where(column.in_(sorted(set(ids))))).scalars())


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
    rows = conn.execute(select(key, canonical).where(key.in_(wanted))).all()
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
            p = schema.places
            rows = conn.execute(
                select(p.c.id, p.c.lat, p.c.lon, p.c.country).where(p.c.id.in_(place_ids))
            )
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
    conn: Connection, extraction: Extraction, ontology: EventOntology, published: date | None
) -> None:
    """Put each of the document's events into a merged event (its old memberships were
    removed with its old events); drop merged events left empty."""
    copies = _copy_pairs(conn, extraction)
    lookups = DocumentLookups.read(conn, extraction.events)
    corrections = Corrections.read(conn, [e.id for e in extraction.events])
    for event in extraction.events:
        summary = summarise(event, ontology, published, lookups)
        original = copies.get(event.id)
        if original is not None:
            _join_as_copy(conn, summary, original)
        else:
            join(conn, summary, corrections.about(event.id))


def _copy_pairs(conn: Connection, extraction: Extraction) -> dict[str, tuple[str, str]]:
    """For a syndicated copy (a near-duplicate of an earlier report), each event's
    counterpart in the original: the n-th event of the same type in both. Event id ->
    (original event id, original document id)."""
    d, members = schema.documents, schema.event_members
    original = conn.execute(
        select(d.c.duplicate_of).where(d.c.id == extraction.doc_id)
    ).scalar_one_or_none()
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


def _join_as_copy(conn: Connection, summary: EventSummary, original: tuple[str, str]) -> None:
    members = schema.event_members
    cluster_id = conn.execute(
        select(members.c.cluster_id).where(members.c.event_id == original[0])
    ).scalar_one()
    conn.execute(
        insert(members),
        {
            "event_id": summary.event_id,
            "cluster_id": cluster_id,
            "doc_id": summary.doc,
            "score": 1.0,
            "reasons": json.dumps([f"syndicated copy of report {original[1]} ({original[0]})"]),
            "summary": summary_json(summary),
        },
    )
    _add_blocks(conn, cluster_id, block_keys(summary))


def join(
    conn: Connection, summary: EventSummary, corrections: tuple[set[str], frozenset[str]]
) -> str:
    """Add one event to the merged event it belongs to, or to a new one; its id.
    ``corrections``: the events an analyst merged it with, and split it from."""
    forced, forbidden = corrections
    members = schema.event_members
    cluster_id: str | None = None
    score: float | None = None
    reasons: list[str] = []
    if forced:
        row = conn.execute(
            select(members.c.cluster_id).where(members.c.event_id.in_(sorted(forced)))
        ).first()
        if row is not None:
            cluster_id, score, reasons = row.cluster_id, 1.0, ["merged by an analyst"]
    keys = block_keys(summary)
    if cluster_id is None and keys:
        candidates = candidate_clusters(conn, lookup_keys(summary))
        cluster_id, score, reasons = best_cluster(summary, candidates, forbidden=forbidden)
    if cluster_id is None:
        cluster_id = f"m:{summary.event_id}"
        score, reasons = None, ["first report of this event"]
        exists = conn.execute(
            select(schema.event_clusters.c.id).where(schema.event_clusters.c.id == cluster_id)
        ).first()
        if exists is None:
            conn.execute(
                insert(schema.event_clusters),
                {"id": cluster_id, "family": summary.family, "first_event": summary.event_id},
            )
    conn.execute(
        insert(members),
        {
            "event_id": summary.event_id,
            "cluster_id": cluster_id,
            "doc_id": summary.doc,
            "score": score,
            "reasons": json.dumps(reasons),
            "summary": summary_json(summary),
        },
    )
    _add_blocks(conn, cluster_id, keys)
    return cluster_id


def candidate_clusters(
    conn: Connection, keys: Sequence[str]
) -> list[tuple[str, list[EventSummary]]]:
    blocks, members = schema.event_blocks, schema.event_members
    cluster_ids = sorted(
        set(conn.execute(select(blocks.c.cluster_id).where(blocks.c.key.in_(list(keys)))).scalars())
    )
    if not cluster_ids:
        return []
    rows = conn.execute(
        select(members.c.cluster_id, members.c.summary).where(members.c.cluster_id.in_(cluster_ids))
    ).all()
    grouped: dict[str, list[EventSummary]] = {}
    for row in rows:
        grouped.setdefault(row.cluster_id, []).append(summary_from_json(row.summary))
    return sorted(grouped.items())


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
        conn.execute(insert(blocks), rows)


@dataclass(frozen=True)
class Corrections:
    """The analyst's corrections about a set of events, oldest first."""

    rows: list[tuple[str, str, str]]

    @classmethod
    def read(cls, conn: Connection, event_ids: Sequence[str]) -> Corrections:
        if not event_ids:
            return cls([])
        c = schema.merge_corrections
        ids = sorted(set(event_ids))
        rows = conn.execute(
            select(c.c.action, c.c.event_a, c.c.event_b)
            .where(or_(c.c.event_a.in_(ids), c.c.event_b.in_(ids)))
            .order_by(c.c.id)
        ).all()
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


def move(conn: Connection, event_id: str, cluster_id: str | None, reasons: list[str]) -> str:
    """Move one event to ``cluster_id`` (a new merged event of its own when None)."""
    members = schema.event_members
    row = conn.execute(select(members).where(members.c.event_id == event_id)).first()
    if row is None:
        raise KeyError(event_id)
    summary = summary_from_json(row.summary)
    if cluster_id is None:
        cluster_id = f"m:{event_id}"
        exists = conn.execute(
            select(schema.event_clusters.c.id).where(schema.event_clusters.c.id == cluster_id)
        ).first()
        if exists is None:
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
    "join",
    "link_people",
    "merge_events",
    "move",
    "record_correction",
    "summarise",
]
