"""The stable JSON shapes of the output contract (README, "Output contract").
Later stages add fields; none is ever renamed."""

from __future__ import annotations

from typing import Any

from eventwire.records import Actor, Document, Group, Listing, Person, Place, SearchHit


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
        pass
    data["documents"] = listing.documents
    data["evidence"] = [ev.as_dict() for ev in listing.evidence]
    data["field_evidence"] = {
        name: [ev.as_dict() for ev in spans] for name, spans in listing.field_evidence
    }
    return data


def search_json(hit: SearchHit) -> dict[str, Any]:
    return {"id": hit.doc_id, "title": hit.title, "snippet": hit.snippet, "score": hit.score}
