"""The stable JSON shapes of the output contract (README, "Output contract").
Later stages add fields; none is ever renamed."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from eventwire.events import EventOntology
from eventwire.records import (
    Actor,
    Argument,
    ArgumentRole,
    Casualty,
    Claim,
    Document,
    Entity,
    Event,
    EventPlace,
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
    Source,
    TimeRef,
)


def document_json(doc: Document, *, with_text: bool = False) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": doc.id,
        "external_id": doc.external_id,
        "title": doc.title,
        "url": doc.url,
        "published": doc.published.isoformat() if doc.published else None,
        "source": doc.source,
        "author": doc.author,
        "photo_credit": doc.photo_credit,
        "duplicate_of": doc.duplicate_of,
        "chars": len(doc.text),
        "language": doc.language,
        "status": doc.status,
        "status_reason": doc.status_reason,
        "origin": doc.origin,
    }
    if with_text:
        data["text"] = doc.text
        data["body_start"] = doc.body_start
    return data


def listing_json(listing: Listing) -> dict[str, Any]:
    entity = listing.entity
    data: dict[str, Any] = {"id": entity.id, "name": entity.name}
    if isinstance(entity, Actor):
        data.update(aliases=list(listing.aliases), country=entity.country, kind=entity.kind)
    elif isinstance(entity, Person):
        data.update(
            rank=entity.rank,
            role=entity.role,
            affiliation=listing.affiliation_name,
            affiliation_id=entity.affiliation,
            aliases=list(listing.aliases),  # every other spelling seen, across reports
        )
    elif isinstance(entity, Group):
        data.update(kind=entity.kind)
    elif isinstance(entity, Place):
        data.update(_geo_fields(entity, listing))
    data["documents"] = listing.documents
    data["evidence"] = [ev.as_dict() for ev in listing.evidence]
    if isinstance(entity, Place):
        for item, precision in zip(data["evidence"], listing.precision, strict=False):
            item["precision"] = precision
    data["field_evidence"] = {
        name: [ev.as_dict() for ev in spans] for name, spans in listing.field_evidence
    }
    return data


def _geo_fields(place: Place, listing: Listing) -> dict[str, Any]:
    geo = place.geo
    known = [p for p in listing.precision if p is not None]
    return {
        "geonames_id": geo.geonames_id if geo else None,
        "feature": f"{geo.feature_class}.{geo.feature_code}" if geo else None,
        "country": geo.country if geo else None,
        "admin1": geo.admin1 if geo else None,
        "admin2": geo.admin2 if geo else None,
        "lat": geo.lat if geo else None,
        "lon": geo.lon if geo else None,
        # The place's own precision: what its best mention says (1 = the place itself).
        "precision": min(known) if known else None,
        "coordinates_derived": geo.derived if geo else None,
    }


def search_json(hit: SearchHit) -> dict[str, Any]:
    return {"id": hit.doc_id, "title": hit.title, "snippet": hit.snippet, "score": hit.score}


def time_json(time: TimeRef) -> dict[str, Any]:
    return {
        "id": time.id,
        "doc": time.evidence.doc,
        "text": time.evidence.text,
        "type": time.type,
        "value": time.value,
        "start": _iso(time.start),
        "end": _iso(time.end),
        "precision": time.precision,
        "anchor": time.anchor,
        "evidence": [time.evidence.as_dict()],
    }


def quantity_json(quantity: Quantity) -> dict[str, Any]:
    return {
        "id": quantity.id,
        "doc": quantity.evidence.doc,
        "text": quantity.evidence.text,
        "kind": quantity.kind,
        "low": _number(quantity.low),
        "best": _number(quantity.best),
        "high": _number(quantity.high),
        "qualifier": quantity.qualifier,
        "unit": quantity.unit,
        "evidence": [quantity.evidence.as_dict()],
    }


def casualty_json(casualty: Casualty, *, place_name: str | None = None) -> dict[str, Any]:
    count = casualty.count
    period = casualty.period
    field_evidence: dict[str, list[dict[str, object]]] = {"count": [count.evidence.as_dict()]}
    if casualty.who_evidence:
        field_evidence["who"] = [casualty.who_evidence.as_dict()]
    if period:
        field_evidence["period"] = [period.evidence.as_dict()]
    if casualty.place_evidence:
        field_evidence["place"] = [casualty.place_evidence.as_dict()]
    return {
        "id": casualty.id,
        "doc": casualty.doc,
        "who": casualty.who,
        "actor_id": casualty.actor_id,
        "outcome": casualty.outcome,
        "low": _number(count.low),
        "best": _number(count.best),
        "high": _number(count.high),
        "qualifier": count.qualifier,
        "period": {
            "text": period.evidence.text,
            "start": _iso(period.start),
            "end": _iso(period.end),
            "precision": period.precision,
        }
        if period
        else None,
        "place": place_name,
        "place_id": casualty.place_id,
        "part_of": casualty.part_of,
        "evidence": [casualty.evidence.as_dict()],
        "field_evidence": field_evidence,
    }


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _number(value: float | None) -> int | float | None:
    """Whole numbers print as integers (30, not 30.0)."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


# ---- events, claims, named casualties ----------------------------------------------------

ARTICLE_JSON = {"name": "the article", "kind": "article", "evidence": None}


def source_json(source: Source) -> dict[str, Any]:
    return {
        "name": source.name,
        "kind": source.kind,
        "entity_id": source.entity_id,
        "evidence": source.evidence.as_dict() if source.evidence else None,
    }


def sources_json(sources: tuple[Source, ...]) -> list[dict[str, Any]]:
    """The chain, outermost first; the article itself when nobody else is named."""
    return [source_json(s) for s in sources] if sources else [dict(ARTICLE_JSON)]


def _event_place_json(place: EventPlace | None, entities: Mapping[str, Entity]) -> Any:
    if place is None:
        return None
    entity = entities.get(place.place_id)
    geo = entity.geo if isinstance(entity, Place) else None
    return {
        "id": place.place_id,
        "name": entity.name if entity else place.evidence.text,
        "country": geo.country if geo else None,
        "lat": geo.lat if geo else None,
        "lon": geo.lon if geo else None,
        "precision": place.precision,
        "inherited": place.inherited,
        "evidence": place.evidence.as_dict(),
    }


def _event_time_json(time: TimeRef | None) -> Any:
    if time is None:
        return None
    return {
        "text": time.evidence.text,
        "value": time.value,
        "start": _iso(time.start),
        "end": _iso(time.end),
        "precision": time.precision,
        "evidence": time.evidence.as_dict(),
    }


def _count_json(count: Quantity | None) -> Any:
    if count is None:
        return None
    return {
        "low": _number(count.low),
        "best": _number(count.best),
        "high": _number(count.high),
        "qualifier": count.qualifier,
        "evidence": count.evidence.as_dict(),
    }


def _argument_name(argument: Argument, entities: Mapping[str, Entity]) -> str:
    entity = entities.get(argument.entity_id or "")
    return entity.name if entity else argument.text


def event_json(
    event: Event, *, entities: Mapping[str, Entity], ontology: EventOntology
) -> dict[str, Any]:
    """An event as the `events --json` contract has it. ``entities`` names the
    participants (ids the event refers to); ``ontology`` gives the type's mappings."""
    event_type = ontology.by_key(event.type)

    def names(role: ArgumentRole) -> list[str]:
        return list(dict.fromkeys(_argument_name(a, entities) for a in event.role(role)))

    return {
        "id": event.id,
        "doc": event.doc,
        "type": event.type,
        "label": event_type.label,
        "plover": event_type.plover,
        "plover_mode": event_type.plover_mode,
        "cameo": event_type.cameo,
        "acled_event_type": event_type.acled_event_type,
        "acled_sub_event_type": event_type.acled_sub_event_type,
        "trigger": event.trigger.as_dict(),
        "actors": names("actor"),
        "targets": names("target"),
        "recipients": names("recipient"),
        "arguments": [
            {
                "role": a.role,
                "name": _argument_name(a, entities),
                "entity_id": a.entity_id,
                "value": _count_json(a.quantity) if a.quantity else None,
                "unit": a.quantity.unit if a.quantity else None,
                "evidence": a.evidence.as_dict(),
            }
            for a in event.arguments
        ],
        "place": _event_place_json(event.place, entities),
        "time": _event_time_json(event.time),
        "fatalities": _count_json(event.fatalities),
        "injured": _count_json(event.injured),
        "certainty": event.certainty,
        "sources": sources_json(event.sources),
        "denied_by": [source_json(s) for s in event.denied_by],
        "evidence": [event.evidence.as_dict()],
        "mentions": [m.as_dict() for m in (event.trigger, *event.mentions)],
    }


def claim_json(claim: Claim, *, event_type: str | None = None) -> dict[str, Any]:
    return {
        "id": claim.id,
        "doc": claim.doc,
        "event": claim.event_id,
        "event_type": event_type,
        "sources": sources_json(claim.sources),
        "certainty": claim.certainty,
        "denies": claim.denies,
        "cues": [c.as_dict() for c in claim.cues],
        "evidence": [claim.evidence.as_dict()],
    }


def named_casualty_json(named: NamedCasualty, *, entities: Mapping[str, Entity]) -> dict[str, Any]:
    person = entities.get(named.person_id)
    affiliation = None
    if isinstance(person, Person) and person.affiliation:
        affiliated = entities.get(person.affiliation)
        affiliation = affiliated.name if affiliated else person.affiliation
    return {
        "id": named.id,
        "doc": named.doc,
        "person": person.name if person else named.person_id,
        "person_id": named.person_id,
        "rank": person.rank if isinstance(person, Person) else None,
        "role": person.role if isinstance(person, Person) else None,
        "affiliation": affiliation,
        "outcome": named.outcome,
        "place": _event_place_json(named.place, entities),
        "time": _event_time_json(named.time),
        "circumstance": named.circumstance.text if named.circumstance else None,
        "sources": sources_json(named.sources),
        "certainty": named.certainty,
        "event": named.event_id,
        "claim": named.claim_id,
        "evidence": [named.evidence.as_dict()]
        + ([named.circumstance.as_dict()] if named.circumstance else []),
    }


def referenced_ids(events: Iterable[Event] = (), named: Iterable[NamedCasualty] = ()) -> set[str]:
    """Every entity id these records point to (to look their names up in one go)."""
    ids: set[str] = set()
    for event in events:
        ids.update(a.entity_id for a in event.arguments if a.entity_id)
        if event.place:
            ids.add(event.place.place_id)
    for item in named:
        ids.add(item.person_id)
        if item.place:
            ids.add(item.place.place_id)
    return ids


# ---- across reports ------------------------------------------------------------------------


def merged_event_json(
    merged: MergedEvent, *, entities: Mapping[str, Entity], ontology: EventOntology
) -> dict[str, Any]:
    """A merged event as `events --merged --json` has it: the fields of `events` (for the
    event as a whole) plus reports, corroboration, figures, disagreements and why."""
    base = dict(event_json(merged.events[0], entities=entities, ontology=ontology))
    event_type = ontology.by_key(merged.type)
    names: dict[str, list[str]] = {"actor": [], "target": [], "recipient": []}
    for event in merged.events:
        for role in names:
            for argument in event.role(role):  # type: ignore[arg-type]
                name = _argument_name(argument, entities)
                if name not in names[role]:
                    names[role].append(name)
    base.update(
        id=merged.id,
        doc=None,
        type=merged.type,
        label=event_type.label,
        plover=event_type.plover,
        plover_mode=event_type.plover_mode,
        cameo=event_type.cameo,
        acled_event_type=event_type.acled_event_type,
        acled_sub_event_type=event_type.acled_sub_event_type,
        actors=names["actor"],
        targets=names["target"],
        recipients=names["recipient"],
        place=_event_place_json(merged.place, entities),
        time={"start": _iso(merged.start), "end": _iso(merged.end)} if merged.start else None,
        certainty=merged.certainty,
        reports=list(merged.reports),
        events=[e.id for e in merged.events],
        independent_sources=merged.independent_sources,
        origins=list(merged.origins),
        fatalities={
            "low": _number(merged.fatalities_low),
            "best": _number(merged.fatalities_best),
            "high": _number(merged.fatalities_high),
            "rule": merged.fatalities_rule,
        },
        disagreements=[
            {
                "field": d.field,
                "values": [
                    {
                        "value": _number(v.value) if isinstance(v.value, float) else v.value,
                        "sources": list(v.sources),
                    }
                    for v in d.values
                ],
            }
            for d in merged.disagreements
        ],
        merge_reasons=[
            {"event": event_id, "score": score, "reasons": list(reasons)}
            for event_id, score, reasons in merged.merge_reasons
        ],
        sources=list(
            {
                (s["name"], s["kind"]): s for e in merged.events for s in sources_json(e.sources)
            }.values()
        ),
        claims=[
            {
                "event": e.id,
                "doc": e.doc,
                "certainty": e.certainty,
                "sources": sources_json(e.sources),
            }
            for e in merged.events
        ],
        denied_by=[source_json(s) for e in merged.events for s in e.denied_by],
        evidence=[e.evidence.as_dict() for e in merged.events],
        mentions=[m.as_dict() for e in merged.events for m in (e.trigger, *e.mentions)],
    )
    base.pop("arguments", None)
    base["arguments"] = [
        {
            "role": a.role,
            "name": _argument_name(a, entities),
            "entity_id": a.entity_id,
            "evidence": a.evidence.as_dict(),
        }
        for e in merged.events
        for a in e.arguments
    ]
    return base


def ledger_json(row: LedgerRow) -> dict[str, Any]:
    return {
        "group": row.group,
        "low": _number(row.low),
        "best": _number(row.best),
        "high": _number(row.high),
        "events": list(row.events),
        "folded": list(row.folded),
        "rule": row.rule,
    }


def person_file_json(
    found: PersonFile, *, entities: Mapping[str, Entity], ontology: EventOntology
) -> dict[str, Any]:
    person = found.person
    return {
        "id": person.id,
        "name": person.name,
        "rank": person.rank,
        "role": person.role,
        "affiliation": found.affiliation_name,
        "affiliation_id": person.affiliation,
        "aliases": list(found.aliases),
        "records": [
            {"id": r.id, "name": r.name, "reasons": list(dict(found.link_reasons).get(r.id, ()))}
            for r in found.records
        ],
        "documents": list(found.documents),
        "casualties": [
            {
                **named_casualty_json(n, entities=entities),
                "reports": list(dict(found.casualty_reports).get(n.id, (n.doc,))),
            }
            for n in found.casualties
        ],
        "events": [event_json(e, entities=entities, ontology=ontology) for e in found.events],
        "evidence": [ev.as_dict() for ev in found.evidence],
    }
