"""eventwire's event extraction as systems for `eventwire eval events` and `eval acled`.

Two systems are scored on WikiEvents and RAMS (:mod:`eventwire.evaluate.events`):

- :func:`trigger_tagger`: the trigger stage alone (eventwire.events.triggers), no
  arguments; it measures how far the ontology's lemmas and patterns go.
- :func:`event_tagger`: the full extraction (:func:`eventwire.extract.analyse.analyse`):
  events with their arguments and place. Each event gives one prediction on its trigger,
  typed by the event's type after folding (a killing inside an attack is the attack), and
  one on each further mention, typed by the mention's own trigger word (the gold sets
  annotate "killed" in "killed in combat" as a death and "combat" as an attack); every
  prediction carries the event's actor, target and instrument arguments and its place when
  the sentence names it (``place.inherited`` places are left out). Triggers the extractor
  drops as negated or hypothetical ("could attack") are kept without arguments: both gold
  sets annotate such events too.

Measured on the full dev sets (2 CPUs, 24 GB; the full system takes about 5 s for
WikiEvents' 20 documents and 30 s for RAMS' 924 with a warm model; trigger and argument
classification P/R/F1, arguments matched as each set's own scorer does: head word on
WikiEvents, exact span on RAMS; the trigger-only system predicts no argument):

==============  ===================  ===================  ====================
set             trigger-only trigger full trigger         full argument
==============  ===================  ===================  ====================
WikiEvents dev  0.539 / 0.817 / .650 0.539 / 0.817 / .650 0.286 / 0.265 / .275
RAMS dev        0.066 / 0.305 / .109 0.067 / 0.305 / .110 0.038 / 0.057 / .045
==============  ===================  ===================  ====================

(WikiEvents arguments matched exactly: F1 0.076; RAMS by head word: 0.072.) Trigger
figures barely move: the full system keeps every trigger, and an event's type maps to the
coarse type its trigger word has (RAMS loses a few triggers whose event took an uncovered
type). Measured during development on WikiEvents dev: emitting the mentions keeps trigger
recall (0.640 with the events' own triggers alone, 0.747 with the mentions, 0.812 with
the dropped triggers too) and adds arguments (head F1 0.242 against 0.204 without,
places included); leaving inherited places out raises it to 0.271 and costs RAMS a
little (0.048 -> 0.045 exact), where arguments may sit anywhere in the five-sentence
window. :func:`score_events` uses the full system.

For CASE 2021 (ACLED sub-event types), :func:`acled_classifier` reads the first trigger
that ACLED codes: accuracy 0.405, macro F1 0.391 on the 499 dev snippets. Reading
instead the first event of the full extraction (its type after folding, falling back to
the first coded trigger when no event is coded) scores lower, accuracy 0.393 and macro
F1 0.386: folding replaces a specific trigger by the generic attack it sits in ("a
grenade blast" becomes a remote explosive, "car bomb attacks ... have killed" and "a
poison gas attack" armed clashes), so :func:`score_acled` keeps the trigger classifier.

Mapping to the gold sets' coarse types (eventwire.evaluate.events): ``killing`` and
``injury`` are the types of those keys; ``arrest`` is ACLED's "Arrests"; ``attack`` is
every other type with PLOVER category ASSAULT (clashes, strikes, shelling, explosions,
attacks on civilians, abductions, mob violence, excessive force against protesters).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from eventwire.evaluate.acled import AcledClassifier, AcledReport, evaluate_acled
from eventwire.evaluate.acleddata import read_acled_tsv
from eventwire.evaluate.eventdata import read_event_data
from eventwire.evaluate.events import (
    EventReport,
    EventTagger,
    Match,
    PredictedArgument,
    PredictedEvent,
    evaluate_events,
)
from eventwire.events import EventOntology, EventType, load_event_types
from eventwire.events.triggers import find_triggers
from eventwire.extract.analyse import analyse
from eventwire.normalise import document_id
from eventwire.records import Document, Event

ARGUMENT_ROLES: dict[str, str] = {"actor": "actor", "target": "target", "instrument": "instrument"}
"""eventwire argument role -> role scored in eventwire.evaluate.events (place comes apart)."""

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


def _triggers(doc: Doc, ontology: EventOntology) -> list[tuple[int, int, str | None]]:
    """Every trigger of ``doc`` as ``(start_char, end_char, coarse type or None)``."""
    out: list[tuple[int, int, str | None]] = []
    for match in find_triggers(doc, ontology):
        kind = next((k for t in match.types if (k := coarse_type(t))), None)
        span = doc[match.start : match.end]
        out.append((span.start_char, span.end_char, kind))
    return out


def trigger_tagger(nlp: Language, ontology: EventOntology, *, batch_size: int = 8) -> EventTagger:
    """The trigger stage alone: every trigger of a covered type, with no arguments."""

    def tag(texts: list[str]) -> list[list[PredictedEvent]]:
        return [
            [(kind, start, end, ()) for start, end, kind in _triggers(doc, ontology) if kind]
            for doc in nlp.pipe(texts, batch_size=batch_size)
        ]

    return tag


def _arguments(event: Event) -> tuple[PredictedArgument, ...]:
    found: list[PredictedArgument] = [
        (ARGUMENT_ROLES[a.role], a.evidence.start, a.evidence.end)
        for a in event.arguments
        if a.role in ARGUMENT_ROLES
    ]
    if event.place is not None and not event.place.inherited:
        found.append(("place", event.place.evidence.start, event.place.evidence.end))
    return tuple(dict.fromkeys(a for a in found if a[1] < a[2]))


def event_predictions(
    events: Sequence[Event],
    triggers: Sequence[tuple[int, int, str | None]],
    ontology: EventOntology,
) -> list[PredictedEvent]:
    """The predictions for one text: each event on its trigger (typed by the event) and on
    each mention (typed by its own trigger word when it is one, else the event's), all with
    the event's arguments; then the ``(start_char, end_char, coarse type)`` triggers no
    event kept, without arguments."""
    by_span = {(start, end): kind for start, end, kind in triggers}
    seen: set[tuple[int, int]] = set()
    out: list[PredictedEvent] = []
    for event in events:
        kind = coarse_type(ontology.by_key(event.type))
        arguments = _arguments(event)
        spans = [(event.trigger.start, event.trigger.end, kind)]
        spans += [(m.start, m.end, by_span.get((m.start, m.end), kind)) for m in event.mentions]
        for start, end, span_kind in spans:
            if (start, end) in seen:
                continue
            seen.add((start, end))
            if span_kind is not None:
                out.append((span_kind, start, end, arguments))
    for start, end, span_kind in triggers:
        if span_kind is not None and (start, end) not in seen:
            out.append((span_kind, start, end, ()))
    return out


def event_tagger(nlp: Language, ontology: EventOntology, *, batch_size: int = 8) -> EventTagger:
    """The full extraction as an :data:`EventTagger` (see the module docstring).

    ``nlp`` must be eventwire's pipeline (:func:`eventwire.extract.pipeline.build_pipeline`).
    Each text is analysed as a document whose text is exactly the given one, so evidence
    offsets are offsets into it (normalisation would shift them).
    """

    def tag(texts: list[str]) -> list[list[PredictedEvent]]:
        results: list[list[PredictedEvent]] = []
        for text, doc in zip(texts, nlp.pipe(texts, batch_size=batch_size), strict=True):
            document = Document(id=document_id(text), text=text, body_start=0)
            extraction = analyse(document, doc)
            triggers = _triggers(doc, ontology)
            results.append(event_predictions(extraction.events, triggers, ontology))
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


def official_match(data: Path) -> Match:
    """How the set's own scorer compares arguments: exact spans for RAMS (Ebner et al.
    2020), head words for WikiEvents (Li et al. 2021)."""
    with data.open(encoding="utf-8") as handle:
        first = handle.readline()
    return "exact" if '"gold_evt_links"' in first else "head"


def score_events(data: Path, *, match: Match | None = None) -> EventReport:
    """The full extraction scored on ``data``; ``match`` defaults to the set's own."""
    from eventwire.extract.pipeline import build_pipeline

    docs = read_event_data(data)  # first: it names a bad file before the model loads
    tagger = event_tagger(build_pipeline(), load_event_types())
    return evaluate_events(docs, tagger, match=match or official_match(data), data=str(data))


def score_acled(data: Path) -> AcledReport:
    from eventwire.nlp import load_model

    classifier = acled_classifier(load_model(), load_event_types())
    return evaluate_acled(read_acled_tsv(data), classifier, data=str(data))
