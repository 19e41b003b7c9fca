"""The entity stage as a spaCy component, and its conversion to records.

Finders run in order of trust, each keeping off the tokens an earlier one took:
dictionary actors, groups, metonyms, people, places, then organisations the model found
that the dictionary does not know. The model's labels are a hint, never the last word.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span

from eventwire.doc_text import doc_text
from eventwire.extract.actors import actor_matcher
from eventwire.extract.datelines import find_datelines
from eventwire.extract.extensions import FINDINGS, setup_extensions
from eventwire.extract.geoparse import geoparse
from eventwire.extract.people import PeopleFinder
from eventwire.extract.places import GroupFinder, find_places
from eventwire.extract.spans import Found, Occupancy, clean_span, slug
from eventwire.gazetteer import open_gazetteer
from eventwire.gazetteer.interface import PlaceIndex
from eventwire.lexicon import Lexicon, load_lexicon
from eventwire.records import Actor, Entity, Evidence, Extraction, Group, Mention, Person, Place


@dataclass(frozen=True)
class Findings:
    """What the component found in one doc: entity records and token spans naming them."""

    entities: tuple[Entity, ...]
    spans: tuple[Found, ...]


class EntityFinder:
    def __init__(self, nlp: Language, *, lexicon: Lexicon, gazetteer: PlaceIndex) -> None:
        self.lexicon = lexicon
        self.gazetteer = gazetteer
        self.actors = actor_matcher(nlp.make_doc, lexicon)
        self.people = PeopleFinder(nlp.make_doc, lexicon, gazetteer)
        self.groups = GroupFinder(nlp.make_doc, lexicon)

    def __call__(self, doc: Doc) -> Doc:
        setattr(doc._, FINDINGS, self.find(doc))
        return doc

    def find(self, doc: Doc) -> Findings:
        taken = Occupancy(doc)
        # A dateline's capitals are a place before anything else ("EDMONTON" ORG).
        datelines = find_datelines(doc, doc_text(doc), self.gazetteer)
        for span in datelines:
            taken.take(span.start, span.end)
        actor_spans = self.actors.find(doc, taken)
        group_spans, groups = self.groups.find(doc, taken)
        actor_spans += self.actors.find_metonyms(doc, taken)
        actors: dict[str, Actor] = {
            a.id: a
            # in the order of their first mention (a set's order would vary from run to run)
            for a in self.actors.records(
                dict.fromkeys(f.entity_id.removeprefix("actor:") for f in actor_spans)
            )
        }
        kinds = {a.id: a.kind for a in actors.values()}
        person_spans, people = self.people.find(doc, taken, actor_spans, kinds)
        place_spans, places = self._places(doc, taken, actors, datelines)
        unknown_spans = self._unknown_organisations(doc, taken, actors)
        spans = sorted(
            actor_spans + group_spans + person_spans + place_spans + unknown_spans,
            key=lambda f: (f.start, f.end, f.kind),
        )
        entities: list[Entity] = [*actors.values(), *people, *places, *groups]
        return Findings(tuple(entities), tuple(spans))

    def _places(
        self, doc: Doc, taken: Occupancy, actors: dict[str, Actor], datelines: list[Span]
    ) -> tuple[list[Found], list[Place]]:
        """Place mentions, each resolved to a gazetteer entry where one fits."""
        spans = find_places(doc, taken, self.gazetteer, datelines)
        resolutions = geoparse(
            doc,
            spans,
            self.gazetteer,
            demonyms=self.lexicon.demonyms,
            actor_countries=[a.country for a in actors.values() if a.country],
        )
        places: dict[str, Place] = {}
        found = []
        for resolution in resolutions:
            entry = resolution.entry
            if entry is None:
                name = resolution.reading.name
                place = Place(id=f"place:{slug(name)}", name=name)
            else:
                place = Place(id=f"place:geonames:{entry.geonames_id}", name=entry.name, geo=entry)
            places.setdefault(place.id, place)
            found.append(
                replace(resolution.found, entity_id=place.id, precision=resolution.precision)
            )
        return found, list(places.values())

    def _unknown_organisations(
        self, doc: Doc, taken: Occupancy, actors: dict[str, Actor]
    ) -> list[Found]:
        found = []
        for ent in doc.ents:
            if ent.label_ != "ORG":
                continue
            span = clean_span(ent)
            if not len(span) or not taken.free(span.start, span.end):
                continue
            known = self.actors.by_spelling(span.text)
            if known is not None:
                actor_id = f"actor:{known}"
                for record in self.actors.records([known]):
                    actors.setdefault(actor_id, record)
            else:
                actor_id = f"actor:{slug(span.text)}"
                actors.setdefault(actor_id, Actor(id=actor_id, name=span.text))
            taken.take(span.start, span.end)
            found.append(Found("actor", actor_id, span.start, span.end))
        return found


@Language.factory(
    "eventwire_entities",
    assigns=[f"doc._.{FINDINGS}"],
    requires=["doc.ents", "token.dep", "token.pos", "doc.sents"],
    default_config={"actor_files": []},
)
def make_entity_finder(nlp: Language, name: str, *, actor_files: Sequence[str]) -> EntityFinder:
    setup_extensions()
    lexicon = load_lexicon(tuple(Path(p) for p in actor_files))
    return EntityFinder(nlp, lexicon=lexicon, gazetteer=open_gazetteer())


def to_extraction(doc_id: str, doc: Doc) -> Extraction:
    """Records with evidence (character offsets into the document text) for one doc."""
    findings: Findings = getattr(doc._, FINDINGS)
    mentions = []
    for found in findings.spans:
        span = doc[found.start : found.end]
        evidence = Evidence(doc=doc_id, start=span.start_char, end=span.end_char, text=span.text)
        mentions.append(Mention(found.entity_id, found.kind, evidence, found.role, found.precision))
    return Extraction(
        doc_id=doc_id,
        actors=tuple(e for e in findings.entities if isinstance(e, Actor)),
        people=tuple(e for e in findings.entities if isinstance(e, Person)),
        places=tuple(e for e in findings.entities if isinstance(e, Place)),
        groups=tuple(e for e in findings.entities if isinstance(e, Group)),
        mentions=tuple(mentions),
    )
