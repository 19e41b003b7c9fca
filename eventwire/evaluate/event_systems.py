"""eventwire's event triggers as systems for `eventwire eval events` and `eval acled`.

This is the trigger stage of event extraction alone (eventwire.events.triggers): no
arguments yet, and a snippet's ACLED sub-event type is read from its first trigger that
ACLED codes. The figures measure how far the ontology's lemmas and patterns go before
arguments, attribution and context are used.

Mapping to the gold sets' coarse types (eventwire.evaluate.events): ``killing`` and
``injury`` are the types of those keys; ``arrest`` is ACLED's "Arrests"; ``attack`` is
every other type with PLOVER category ASSAULT (clashes, strikes, shelling, explosions,
attacks on civilians, abductions, mob violence, excessive force against protesters).
"""

from __future__ import annotations

from pathlib import Path

from spacy.language import Language

from eventwire.evaluate.acled import AcledClassifier, AcledReport, evaluate_acled
from eventwire.evaluate.acleddata import read_acled_tsv
from eventwire.evaluate.eventdata import read_event_data
from eventwire.evaluate.events import EventReport, EventTagger, PredictedEvent, evaluate_events
from eventwire.events import EventOntology, EventType, load_event_types
from eventwire.events.triggers import find_triggers

# ACLED sub-event types as CASE 2021 writes them.
CASE_LABELS: dict[str, str] = {
    "Abduction/forced disappearance": "ABDUCT_DISSAP",
    "Agreement": "AGREEMENT",
    "Air/drone strike": "AIR_STRIKE",
    "Armed clash": "ARMED_CLASH",
    "Arrests": "ARREST",
    "Shelling/artillery/missile attack": "ART_MISS_ATTACK",
    "Attack": "ATTACK",
    "Change to group/activity": "CHANGE_TO_GROUP_ACT",
    "Chemical weapon": "CHEM_WEAP",
    "Disrupted weapons use": "DISR_WEAP",
    "Excessive force against protesters": "FORCE_AGAINST_PROTEST",
    "Government regains territory": "GOV_REGAINS_TERIT",
    "Grenade": "GRENADE",
    "Headquarters or base established": "HQ_ESTABLISHED",
    "Mob violence": "MOB_VIOL",
    "Non-state actor overtakes territory": "NON_STATE_ACTOR_OVERTAKES_TER",
    "Non-violent transfer of territory": "NON_VIOL_TERRIT_TRANSFER",
    "Other": "OTHER",
    "Peaceful protest": "PEACE_PROTEST",
    "Looting/property destruction": "PROPERTY_DISTRUCT",
    "Protest with intervention": "PROTEST_WITH_INTER",
    "Remote explosive/landmine/IED": "REM_EXPLOS",
    "Sexual violence": "SEX_VIOL",
    "Suicide bomb": "SUIC_BOMB",
    "Violent demonstration": "VIOL_DEMONSTR",
}


def coarse_type(event_type: EventType) -> str | None:
    if event_type.key in ("killing", "injury"):
        return event_type.key
    if event_type.acled_sub_event_type == "Arrests":
        return "arrest"
    if event_type.plover == "ASSAULT":
        return "attack"
    return None


def trigger_tagger(nlp: Language, ontology: EventOntology, *, batch_size: int = 8) -> EventTagger:
    def tag(texts: list[str]) -> list[list[PredictedEvent]]:
        results: list[list[PredictedEvent]] = []
        for doc in nlp.pipe(texts, batch_size=batch_size):
            events: list[PredictedEvent] = []
            for match in find_triggers(doc, ontology):
                kind = next((k for t in match.types if (k := coarse_type(t))), None)
                if kind is not None:
                    span = doc[match.start : match.end]
                    events.append((kind, span.start_char, span.end_char, ()))
            results.append(events)
        return results

    return tag


def acled_classifier(nlp: Language, ontology: EventOntology) -> AcledClassifier:
    def classify(texts: list[str]) -> list[str | None]:
        labels: list[str | None] = []
        for doc in nlp.pipe(texts, batch_size=16):
            label = None
            for match in find_triggers(doc, ontology):
                coded = next((t.acled for t in match.types if t.acled is not None), None)
                if coded is not None:
                    label = CASE_LABELS.get(coded[1])
                    break
            labels.append(label)
        return labels

    return classify


def score_events(data: Path) -> EventReport:
    from eventwire.nlp import load_model

    tagger = trigger_tagger(load_model(), load_event_types())
    return evaluate_events(read_event_data(data), tagger, data=str(data))


def score_acled(data: Path) -> AcledReport:
    from eventwire.nlp import load_model

    classifier = acled_classifier(load_model(), load_event_types())
    return evaluate_acled(read_acled_tsv(data), classifier, data=str(data))
