"""Reading merged records: merged events, the casualty ledger, one person across reports."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any, Literal

from sqlalchemy import Connection, select

from eventwire.merge.ledger import TOTAL_RULE, Item, folded, nest
from eventwire.merge.view import Member, build
from eventwire.records import Document, Entity, LedgerRow, MergedEvent, Person, Place
from eventwire.store import codec, schema

LedgerBy = Literal["actor", "place", "month"]


def _lite_document(row: Any) -> Document:
    return Document(
        id=row.id,
        text="",
        body_start=0,
        title=row.title,
        source=row.source,
        external_id=row.external_id,
        duplicate_of=row.duplicate_of,
        published=date.fromisoformat(row.published) if row.published else None,
    )


def documents_lite(conn: Connection, ids: Iterable[str]) -> dict[str, Document]:
    d = schema.documents
    wanted = sorted(set(ids))
    found: dict[str, Document] = {}
    columns = (d.c.id, d.c.title, d.c.source, d.c.external_id, d.c.duplicate_of, d.c.published)
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        for row in conn.execute(select(*columns).where(d.c.id.in_(chunk))):
            found[row.id] = _lite_document(row)
    originals = {doc.duplicate_of for doc in found.values() if doc.duplicate_of} - set(found)
    if originals:
        for row in conn.execute(select(*columns).where(d.c.id.in_(sorted(originals)))):
            found[row.id] = _lite_document(row)
    return found


def merged_events(
    conn: Connection,
    entities: Mapping[str, Entity] | None = None,
    *,
    cluster_ids: Sequence[str] | None = None,
    doc_id: str | None = None,
) -> list[MergedEvent]:
    members = schema.event_members
    query = select(members.c.cluster_id, members.c.event_id, members.c.score, members.c.reasons)
    if cluster_ids is not None:
        query = query.where(members.c.cluster_id.in_(list(cluster_ids)))
    if doc_id is not None:
        inner = select(members.c.cluster_id).where(members.c.doc_id == doc_id)
        query = query.where(members.c.cluster_id.in_(inner))
    rows = conn.execute(query).all()
    records = _events(conn, [r.event_id for r in rows])
    grouped: dict[str, list[Member]] = defaultdict(list)
    for row in rows:
        event = records.get(row.event_id)
        if event is not None:
            grouped[row.cluster_id].append(Member(event, row.score, tuple(json.loads(row.reasons))))
    docs = documents_lite(conn, [r.event.doc for ms in grouped.values() for r in ms])
    places = _places(
        conn, [m.event.place.place_id for ms in grouped.values() for m in ms if m.event.place]
    )
    merged = []
    for cluster_id, group in grouped.items():
        group.sort(
            key=lambda m: (_published(docs, m.event.doc), m.event.doc, m.event.trigger.start)
        )
        merged.append(build(cluster_id, group, docs, places))
    merged.sort(key=lambda m: (m.start or date.max, m.id))
    return merged


def _published(docs: Mapping[str, Document], doc_id: str) -> date:
    doc = docs.get(doc_id)
    return doc.published if doc is not None and doc.published else date.max


def _events(conn: Connection, ids: Sequence[str]) -> dict[str, Any]:
    e = schema.events
    found: dict[str, Any] = {}
    wanted = sorted(set(ids))
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        for record in conn.execute(select(e.c.record).where(e.c.id.in_(chunk))).scalars():
            event = codec.event_from_json(record)
            found[event.id] = event
    return found


def _places(conn: Connection, ids: Iterable[str]) -> dict[str, Place]:
    p = schema.places
    out: dict[str, Place] = {}
    wanted = sorted(set(ids))
    if not wanted:
        return out
    for row in conn.execute(select(p.c.id, p.c.name).where(p.c.id.in_(wanted))):
        out[row.id] = Place(id=row.id, name=row.name)
    return out


def participants(
    event_ids: Iterable[MergedEvent], people: Mapping[str, Person]
) -> dict[str, frozenset[str]]:
    """Actor ids taking part in each merged event: actors and targets named as actors,
    and the affiliations of named people."""
    out: dict[str, frozenset[str]] = {}
    for merged in event_ids:
        ids: set[str] = set()
        for event in merged.events:
            for argument in event.arguments:
                if argument.role not in ("actor", "target") or not argument.entity_id:
                    continue
                if argument.entity_id.startswith("actor:"):
                    ids.add(argument.entity_id)
                person = people.get(argument.entity_id)
                if person is not None and person.affiliation:
                    ids.add(person.affiliation)
        out[merged.id] = frozenset(ids)
    return out


def ledger(
    merged: Sequence[MergedEvent],
    *,
    by: LedgerBy,
    countries: Mapping[str, str | None],
    parties: Mapping[str, frozenset[str]],
    names: Mapping[str, str],
) -> list[LedgerRow]:
    """Totals per group by eventwire.merge.ledger's rule. ``countries`` gives each merged
    event's country, ``parties`` its actor ids, ``names`` display names of actors."""
    items = {
        m.id: Item(
            key=m.id,
            low=m.fatalities_low if m.fatalities_low is not None else m.fatalities_best or 0.0,
            best=m.fatalities_best or 0.0,
            high=m.fatalities_high if m.fatalities_high is not None else m.fatalities_best or 0.0,
            start=m.window_start,
            end=m.window_end,
            country=countries.get(m.id),
            participants=parties.get(m.id, frozenset()),
        )
        for m in merged
        if m.fatalities_best is not None
    }
    rows: list[LedgerRow] = []
    if by == "actor":
        groups: dict[str, list[Item]] = defaultdict(list)
        for item in items.values():
            for actor in sorted(item.participants) or ["(no actor named)"]:
                groups[names.get(actor, actor)].append(item)
        for group, members in groups.items():
            rows.append(_row(group, nest(members)))
    else:
        roots = nest(list(items.values()))
        by_group: dict[str, list[Item]] = defaultdict(list)
        for root in roots:
            if by == "place":
                label = root.country or "(no place)"
            else:
                label = root.start.strftime("%Y-%m") if root.start else "(undated)"
            by_group[label].append(root)
        for group, members in by_group.items():
            rows.append(_row(group, members))
    rows.sort(key=lambda r: (-r.best, r.group))
    return rows


def _row(group: str, roots: Sequence[Item]) -> LedgerRow:
    totals = [root.total() for root in roots]
    return LedgerRow(
        group=group,
        low=sum(t[0] for t in totals),
        best=sum(t[1] for t in totals),
        high=sum(t[2] for t in totals),
        events=tuple(sorted(r.key for r in roots)),
        folded=tuple(sorted(folded(roots))),
        rule=TOTAL_RULE,
    )
