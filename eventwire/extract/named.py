"""Named casualties: the people an event names as its dead, wounded or captured.

A person is a named casualty when the entity stage resolved the target of a killing,
injury, execution, assassination, abduction or arrest to a person. The record takes the
event's place, time, certainty and sources, so "who state media said died near Aleppo"
carries state media as its source and "near" as its precision.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from eventwire.records import Claim, Event, NamedCasualty, Outcome, Person

OUTCOMES: Mapping[str, Outcome] = {
    "killing": "killed",
    "assassination": "killed",
    "execution": "killed",
    "injury": "wounded",
    "abduction": "captured",
    "arrests": "captured",
}


def find_named_casualties(
    events: Iterable[Event], people: Sequence[Person], claims: Sequence[Claim] = ()
) -> list[NamedCasualty]:
    known = {person.id for person in people}
    main_claim: dict[str, str] = {}
    for claim in claims:
        if claim.denies is None:
            main_claim.setdefault(claim.event_id, claim.id)
    found: dict[tuple[str, str], NamedCasualty] = {}
    for event in events:
        outcome = OUTCOMES.get(event.type)
        if outcome is None:
            continue
        circumstance = next((a.evidence for a in event.role("circumstance")), None)
        for target in event.role("target"):
            if target.entity_id is None or target.entity_id not in known:
                continue
            key = (target.entity_id, outcome)
            if key in found:
                continue
            found[key] = NamedCasualty(
                id=f"nc:{event.doc}:{target.entity_id}:{outcome}",
                doc=event.doc,
                person_id=target.entity_id,
                outcome=outcome,
                evidence=event.evidence,
                event_id=event.id,
                place=event.place,
                time=event.time,
                circumstance=circumstance,
                certainty=event.certainty,
                sources=event.sources,
                claim_id=main_claim.get(event.id),
            )
    return list(found.values())
