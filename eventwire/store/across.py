"""The store's reads across reports: people and organisations as one record however
they are spelt, merged events, the casualty ledger, one person's file, and the analyst's
corrections (split, merge). Store methods delegate here."""

from __future__ import annotations

import json
from collections import defaultdict
from typing import TYPE_CHECKING

from sqlalchemy import Connection, select

from eventwire.errors import StoreError
from eventwire.records import (
    Evidence,
    LedgerRow,
    Listing,
    MergedEvent,
    NamedCasualty,
    Person,
    PersonFile,
)
from eventwire.store import merged, merging, schema

if TYPE_CHECKING:
    from eventwire.store.store import Store


def actors_across_reports(store: Store, listings: list[Listing]) -> list[Listing]:
    """One listing per organisation however its reports spell it."""
    links = schema.actor_links
    ids = [item.entity.id for item in listings]
    with store.engine.connect() as conn:
        canonical = dict(
            conn.execute(
                select(links.c.actor_id, links.c.canonical_id).where(links.c.actor_id.in_(ids))
            ).all()
        )
    groups: dict[str, list[Listing]] = defaultdict(list)
    for item in listings:
        groups[canonical.get(item.entity.id, item.entity.id)].append(item)
    out = []
    for canonical_id, items in groups.items():
        if len(items) == 1:
            out.append(items[0])
            continue
        head = next((i for i in items if i.entity.id == canonical_id), items[0])
        evidence = tuple(ev for i in items for ev in i.evidence)
        names = [i.entity.name for i in items] + [a for i in items for a in i.aliases]
        out.append(
            Listing(
                entity=head.entity,
                evidence=evidence,
                field_evidence=head.field_evidence,
                aliases=tuple(n for n in dict.fromkeys(names) if n != head.entity.name),
                documents=len({ev.doc for ev in evidence}),
            )
        )
    return out


def people_across_reports(store: Store, listings: list[Listing]) -> list[Listing]:
    """One listing per person however many records name them ("Hossein Hamedani",
    "Hussein Hamadani"): the canonical record, every variant among the aliases."""
    links = schema.person_links
    ids = [item.entity.id for item in listings]
    with store.engine.connect() as conn:
        canonical = dict(
            conn.execute(
                select(links.c.person_id, links.c.canonical_id).where(links.c.person_id.in_(ids))
            ).all()
        )
    groups: dict[str, list[Listing]] = defaultdict(list)
    for item in listings:
        groups[canonical.get(item.entity.id, item.entity.id)].append(item)
    missing = set(groups) - set(ids)
    records = store.entities(missing) if missing else {}
    merged_listings = []
    for canonical_id, items in groups.items():
        if len(items) == 1 and items[0].entity.id == canonical_id:
            merged_listings.append(items[0])
            continue
        head = next((i for i in items if i.entity.id == canonical_id), None)
        base = head.entity if head else records.get(canonical_id, items[0].entity)
        assert isinstance(base, Person)
        person = _merged_person(base, [i.entity for i in items if isinstance(i.entity, Person)])
        evidence = tuple(ev for i in items for ev in i.evidence)
        names = [i.entity.name for i in items] + [a for i in items for a in i.aliases]
        fields: dict[str, list[Evidence]] = defaultdict(list)
        for i in items:
            for name, spans in i.field_evidence:
                fields[name].extend(spans)
        merged_listings.append(
            Listing(
                entity=person,
                evidence=evidence,
                field_evidence=tuple((k, tuple(v)) for k, v in sorted(fields.items())),
                aliases=tuple(n for n in dict.fromkeys(names) if n != person.name),
                affiliation_name=next(
                    (i.affiliation_name for i in items if i.affiliation_name), None
                ),
                documents=len({ev.doc for ev in evidence}),
            )
        )
    return merged_listings


def merged_events(store: Store, *, doc_id: str | None = None) -> list[MergedEvent]:
    """Merged events (one per real event), optionally those a document reports."""
    with store.engine.connect() as conn:
        return merged.merged_events(conn, doc_id=doc_id)


def ledger(store: Store, *, by: merged.LedgerBy = "place") -> list[LedgerRow]:
    """Casualty totals by actor, country or month (eventwire.merge.ledger's rule)."""
    with store.engine.connect() as conn:
        found = merged.merged_events(conn)
        place_ids = {m.place.place_id for m in found if m.place}
        countries_by_place = dict(
            conn.execute(
                select(schema.places.c.id, schema.places.c.country).where(
                    schema.places.c.id.in_(sorted(place_ids))
                )
            ).all()
        )
    person_ids = {
        a.entity_id
        for m in found
        for e in m.events
        for a in e.arguments
        if a.entity_id and a.entity_id.startswith("person:")
    }
    people = {k: v for k, v in store.entities(person_ids).items() if isinstance(v, Person)}
    parties = merged.participants(found, people)
    with store.engine.connect() as conn:
        spelled = merging.canonical_actors(conn, {a for ids in parties.values() for a in ids})
    parties = {k: frozenset(spelled.get(a, a) for a in ids) for k, ids in parties.items()}
    actor_ids = {a for ids in parties.values() for a in ids}
    names = {k: v.name for k, v in store.entities(actor_ids).items()}
    countries = {m.id: countries_by_place.get(m.place.place_id) if m.place else None for m in found}
    return merged.ledger(found, by=by, countries=countries, parties=parties, names=names)


def split(store: Store, event_id: str) -> str:
    """Take an event out of its merged event (an analyst's correction, kept and
    replayed on re-runs); the id of its new merged event."""
    with store.atomic() as conn:
        m = schema.event_members
        row = conn.execute(select(m.c.cluster_id).where(m.c.event_id == event_id)).first()
        if row is None:
            raise StoreError(
                f"no event {event_id!r} in the store; `eventwire events --merged` lists them"
            )
        for other in _co_members(conn, row.cluster_id, event_id):
            merging.record_correction(conn, "split", event_id, other)
        return merging.move(conn, event_id, None, ["split by an analyst"])


def merge(store: Store, event_id: str, into: str) -> str:
    """Put ``event_id`` into the merged event of ``into`` (an analyst's correction,
    kept and replayed on re-runs); the merged event's id."""
    with store.atomic() as conn:
        m = schema.event_members
        target = conn.execute(select(m.c.cluster_id).where(m.c.event_id == into)).first()
        source = conn.execute(select(m.c.cluster_id).where(m.c.event_id == event_id)).first()
        if target is None or source is None:
            missing = into if target is None else event_id
            raise StoreError(
                f"no event {missing!r} in the store; `eventwire events --merged` lists them"
            )
        # with every member, so that earlier splits from any of them are undone
        for partner in _co_members(conn, target.cluster_id, event_id):
            merging.record_correction(conn, "merge", event_id, partner)
        return merging.move(conn, event_id, target.cluster_id, ["merged by an analyst"])


def person_file(store: Store, name: str) -> list[PersonFile]:
    """Everything known about the people whose name or a variant matches ``name``."""
    from eventwire.merge.names import fold, name_key

    key = name_key(name)
    links, people = schema.person_links, schema.people
    with store.engine.connect() as conn:
        candidates: set[str] = set()
        if key is not None:
            column = links.c.surname_key if key.single else links.c.full_key
            wanted = key.surname if key.single else key.full
            candidates.update(
                conn.execute(select(links.c.canonical_id).where(column == wanted)).scalars()
            )
        folded_name = fold(name)
        for row in conn.execute(select(people.c.id, people.c.name)):
            if folded_name and folded_name in fold(row.name):
                found = conn.execute(
                    select(links.c.canonical_id).where(links.c.person_id == row.id)
                ).scalar_one_or_none()
                candidates.add(found or row.id)
        files = []
        for canonical in sorted(candidates):
            member_rows = conn.execute(
                select(links.c.person_id, links.c.reasons).where(links.c.canonical_id == canonical)
            ).all()
            member_ids = sorted({r.person_id for r in member_rows} | {canonical})
            reasons = tuple((r.person_id, tuple(json.loads(r.reasons))) for r in member_rows)
            files.append((canonical, member_ids, reasons))
    out = []
    for canonical, member_ids, reasons in files:
        records = {
            k: v for k, v in store.entities(set(member_ids)).items() if isinstance(v, Person)
        }
        if canonical not in records:
            continue
        listings = [item for item in store.listings("person") if item.entity.id in member_ids]
        evidence = tuple(ev for item in listings for ev in item.evidence)
        named, casualty_reports = casualties_across_reports(
            store, [n for pid in member_ids for n in store.named_casualties(person_id=pid)]
        )
        events_found = {e.id: e for pid in member_ids for e in store.events(entity_id=pid)}
        aliases = tuple(
            dict.fromkeys(
                [records[i].name for i in member_ids if i in records and i != canonical]
                + [a for item in listings for a in item.aliases]
            )
        )
        person = records[canonical]
        affiliation = None
        if person.affiliation:
            entity = store.entities({person.affiliation}).get(person.affiliation)
            affiliation = entity.name if entity else None
        out.append(
            PersonFile(
                person=_merged_person(person, [records[i] for i in member_ids if i in records]),
                records=tuple(records[i] for i in member_ids if i in records),
                aliases=tuple(a for a in aliases if a != person.name),
                documents=tuple(sorted({ev.doc for ev in evidence})),
                evidence=evidence,
                casualties=tuple(named),
                events=tuple(sorted(events_found.values(), key=lambda e: (e.doc, e.trigger.start))),
                link_reasons=reasons,
                affiliation_name=affiliation,
                casualty_reports=casualty_reports,
            )
        )
    return out


def casualties_across_reports(
    store: Store, found: list[NamedCasualty]
) -> tuple[list[NamedCasualty], tuple[tuple[str, tuple[str, ...]], ...]]:
    """One casualty record per real event and outcome (the earliest report's), with
    every report that records it."""
    m = schema.event_members
    event_ids = [n.event_id for n in found if n.event_id]
    with store.engine.connect() as conn:
        clusters = dict(
            conn.execute(
                select(m.c.event_id, m.c.cluster_id).where(m.c.event_id.in_(event_ids))
            ).all()
        )
    kept: dict[tuple[str, str], NamedCasualty] = {}
    reports: dict[tuple[str, str], list[str]] = defaultdict(list)
    for item in found:
        key = (clusters.get(item.event_id or "", item.id), item.outcome)
        kept.setdefault(key, item)
        if item.doc not in reports[key]:
            reports[key].append(item.doc)
    return list(kept.values()), tuple((kept[k].id, tuple(v)) for k, v in reports.items())


def _co_members(conn: Connection, cluster_id: str, event_id: str) -> list[str]:
    """The other events of a merged event."""
    m = schema.event_members
    query = select(m.c.event_id).where(m.c.cluster_id == cluster_id, m.c.event_id != event_id)
    return list(conn.execute(query).scalars())


def _merged_person(canonical: Person, records: list[Person]) -> Person:
    """The canonical record with the fields it lacks filled from the others."""
    rank = canonical.rank or next((r.rank for r in records if r.rank), None)
    role = canonical.role or next((r.role for r in records if r.role), None)
    affiliation = canonical.affiliation or next(
        (r.affiliation for r in records if r.affiliation), None
    )
    return Person(canonical.id, canonical.name, rank, role, affiliation)
