"""Everything eventwire reads from one parsed document, as one Extraction record:
entities (from the pipeline component), time expressions, quantities and casualty counts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from spacy.tokens import Doc

from eventwire.events import load_event_types
from eventwire.extract.attribution import Attributor
from eventwire.extract.casualties import find_casualties
from eventwire.extract.cues import load_cues
from eventwire.extract.entities import Findings, to_extraction
from eventwire.extract.events import EventFinder
from eventwire.extract.extensions import FINDINGS
from eventwire.extract.named import find_named_casualties
from eventwire.numbers import find_quantities
from eventwire.records import (
    NAMING_ROLES,
    Actor,
    Casualty,
    Claim,
    Document,
    Event,
    Extraction,
    Place,
    Quantity,
    TimeRef,
)
from eventwire.times.find import find_times


def analyse(document: Document, doc: Doc) -> Extraction:
    entities = to_extraction(document.id, doc)
    times = find_times(doc, doc_id=document.id, published=document.published)
    quantities = find_quantities(doc, doc_id=document.id)
    casualties = count_casualties(document, doc, times, quantities)
    events, claims = find_events(document, doc, times, quantities, casualties)
    return replace(
        entities,
        times=tuple(times),
        quantities=tuple(quantities),
        casualties=tuple(casualties),
        events=tuple(events),
        claims=tuple(claims),
        named_casualties=tuple(find_named_casualties(events, entities.people, claims)),
    )


def count_casualties(
    document: Document, doc: Doc, times: Sequence[TimeRef], quantities: Sequence[Quantity]
) -> list[Casualty]:
    """Casualty counts of a parsed document, with the actors and places it names."""
    findings: Findings = getattr(doc._, FINDINGS)
    naming = [f for f in findings.spans if f.role in NAMING_ROLES]
    return find_casualties(
        doc,
        doc_id=document.id,
        quantities=quantities,
        times=times,
        actors=[f for f in naming if f.kind == "actor"],
        # a dateline is where the report was filed from, not where anyone died
        places=[f for f in naming if f.kind == "place" and f.role != "dateline"],
    )


def attributor_for(document: Document, doc: Doc) -> Attributor:
    """The attribution frames of a parsed document (see eventwire.extract.attribution)."""
    findings: Findings = getattr(doc._, FINDINGS)
    return Attributor(
        doc,
        doc_id=document.id,
        cues=load_cues(),
        mentions=findings.spans,
        actor_kinds={e.id: e.kind for e in findings.entities if isinstance(e, Actor)},
        entity_names={e.id: e.name for e in findings.entities},
    )


def find_events(
    document: Document,
    doc: Doc,
    times: Sequence[TimeRef],
    quantities: Sequence[Quantity],
    casualties: Sequence[Casualty],
) -> tuple[list[Event], list[Claim]]:
    """Events and claims of a parsed document, given its times, numbers and counts."""
    findings: Findings = getattr(doc._, FINDINGS)
    return EventFinder(
        doc,
        doc_id=document.id,
        ontology=load_event_types(),
        attributor=attributor_for(document, doc),
        mentions=findings.spans,
        places={e.id: e for e in findings.entities if isinstance(e, Place)},
        entity_names={e.id: e.name for e in findings.entities},
        times=times,
        quantities=quantities,
        casualties=casualties,
        published=document.published,
        body_start=document.body_start,
    ).find()
