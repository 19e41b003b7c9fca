"""The stable JSON shapes of the output contract (README, "Output contract").
Later stages add fields; none is ever renamed."""

from __future__ import annotations

from datetime import date
from typing import Any

from eventwire.records import (
    Actor,
    Casualty,
    Document,
    Group,
    Listing,
    Person,
    Place,
    Quantity,
    SearchHit,
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
