"""Events, claims and named casualties as JSON for the store's ``record`` columns.

The store keeps the fields people filter on (type, certainty, place, dates, counts) in
columns of their own and the whole record, nested arguments and source chains included,
as JSON, so a record read back is the record written.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any, cast

from eventwire.records import (
    Argument,
    Claim,
    Event,
    EventPlace,
    Evidence,
    NamedCasualty,
    Quantity,
    Source,
    TimeRef,
)


def _evidence(ev: Evidence | None) -> list[object] | None:
    return None if ev is None else [ev.doc, ev.start, ev.end, ev.text]


def _evidence_from(data: Any) -> Evidence | None:
    return None if data is None else Evidence(data[0], data[1], data[2], data[3])


def _must(data: Any) -> Evidence:
    found = _evidence_from(data)
    if found is None:
        raise ValueError("a stored record lacks its evidence")
    return found


def _source(source: Source) -> dict[str, Any]:
    return {
        "name": source.name,
        "kind": source.kind,
        "evidence": _evidence(source.evidence),
        "entity_id": source.entity_id,
    }


def _source_from(data: dict[str, Any]) -> Source:
    return Source(data["name"], data["kind"], _evidence_from(data["evidence"]), data["entity_id"])


def _quantity(q: Quantity | None) -> dict[str, Any] | None:
    if q is None:
        return None
    return {
        "evidence": _evidence(q.evidence),
        "best": q.best,
        "low": q.low,
        "high": q.high,
        "qualifier": q.qualifier,
        "kind": q.kind,
        "unit": q.unit,
    }


def _quantity_from(data: dict[str, Any] | None) -> Quantity | None:
    if data is None:
        return None
    return Quantity(
        _must(data["evidence"]),
        data["best"],
        data["low"],
        data["high"],
        data["qualifier"],
        data["kind"],
        data["unit"],
    )


def _time(t: TimeRef | None) -> dict[str, Any] | None:
    if t is None:
        return None
    return {
        "evidence": _evidence(t.evidence),
        "type": t.type,
        "value": t.value,
        "start": t.start.isoformat() if t.start else None,
        "end": t.end.isoformat() if t.end else None,
        "precision": t.precision,
        "anchor": t.anchor,
    }


def _time_from(data: dict[str, Any] | None) -> TimeRef | None:
    if data is None:
        return None
    return TimeRef(
        _must(data["evidence"]),
        data["type"],
        data["value"],
        date.fromisoformat(data["start"]) if data["start"] else None,
        date.fromisoformat(data["end"]) if data["end"] else None,
        data["precision"],
        data["anchor"],
    )


def _place(p: EventPlace | None) -> dict[str, Any] | None:
    if p is None:
        return None
    return {
        "place_id": p.place_id,
        "evidence": _evidence(p.evidence),
        "precision": p.precision,
        "inherited": p.inherited,
    }


def _place_from(data: dict[str, Any] | None) -> EventPlace | None:
    if data is None:
        return None
    return EventPlace(
        data["place_id"], _must(data["evidence"]), data["precision"], data["inherited"]
    )


def event_json(event: Event) -> str:
    return json.dumps(
        {
            "id": event.id,
            "doc": event.doc,
            "type": event.type,
            "trigger": _evidence(event.trigger),
            "evidence": _evidence(event.evidence),
            "certainty": event.certainty,
            "arguments": [
                {
                    "role": a.role,
                    "evidence": _evidence(a.evidence),
                    "entity_id": a.entity_id,
                    "quantity": _quantity(a.quantity),
                }
                for a in event.arguments
            ],
            "place": _place(event.place),
            "time": _time(event.time),
            "fatalities": _quantity(event.fatalities),
            "injured": _quantity(event.injured),
            "sources": [_source(s) for s in event.sources],
            "denied_by": [_source(s) for s in event.denied_by],
            "mentions": [_evidence(m) for m in event.mentions],
        },
        ensure_ascii=False,
    )


def event_from_json(text: str) -> Event:
    data = json.loads(text)
    return Event(
        id=data["id"],
        doc=data["doc"],
        type=data["type"],
        trigger=_must(data["trigger"]),
        evidence=_must(data["evidence"]),
        certainty=data["certainty"],
        arguments=tuple(
            Argument(a["role"], _must(a["evidence"]), a["entity_id"], _quantity_from(a["quantity"]))
            for a in data["arguments"]
        ),
        place=_place_from(data["place"]),
        time=_time_from(data["time"]),
        fatalities=_quantity_from(data["fatalities"]),
        injured=_quantity_from(data["injured"]),
        sources=tuple(_source_from(s) for s in data["sources"]),
        denied_by=tuple(_source_from(s) for s in data["denied_by"]),
        mentions=tuple(_must(m) for m in data["mentions"]),
    )


def claim_json(claim: Claim) -> str:
    return json.dumps(
        {
            "id": claim.id,
            "doc": claim.doc,
            "event_id": claim.event_id,
            "sources": [_source(s) for s in claim.sources],
            "certainty": claim.certainty,
            "evidence": _evidence(claim.evidence),
            "cues": [_evidence(c) for c in claim.cues],
            "denies": claim.denies,
        },
        ensure_ascii=False,
    )


def claim_from_json(text: str) -> Claim:
    data = json.loads(text)
    return Claim(
        id=data["id"],
        doc=data["doc"],
        event_id=data["event_id"],
        sources=tuple(_source_from(s) for s in data["sources"]),
        certainty=data["certainty"],
        evidence=_must(data["evidence"]),
        cues=tuple(_must(c) for c in data["cues"]),
        denies=data["denies"],
    )


def named_json(named: NamedCasualty) -> str:
    return json.dumps(
        {
            "id": named.id,
            "doc": named.doc,
            "person_id": named.person_id,
            "outcome": named.outcome,
            "evidence": _evidence(named.evidence),
            "event_id": named.event_id,
            "place": _place(named.place),
            "time": _time(named.time),
            "circumstance": _evidence(named.circumstance),
            "certainty": named.certainty,
            "sources": [_source(s) for s in named.sources],
            "claim_id": named.claim_id,
        },
        ensure_ascii=False,
    )


def named_from_json(text: str) -> NamedCasualty:
    data = json.loads(text)
    return NamedCasualty(
        id=data["id"],
        doc=data["doc"],
        person_id=data["person_id"],
        outcome=data["outcome"],
        evidence=_must(data["evidence"]),
        event_id=data["event_id"],
        place=_place_from(data["place"]),
        time=_time_from(data["time"]),
        circumstance=_evidence_from(data["circumstance"]),
        certainty=cast(Any, data["certainty"]),
        sources=tuple(_source_from(s) for s in data["sources"]),
        claim_id=data.get("claim_id"),
    )
