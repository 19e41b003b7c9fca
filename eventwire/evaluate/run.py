"""`eventwire eval ner` and `eval time`: eventwire (or the bare model) scored on gold data.

eventwire's tagger reports its own mentions (ACTOR, PERSON, PLACE, GROUP) and keeps the
model's other entities where no eventwire mention overlaps them, so the figures measure
what the corrections add to, or take from, the model. Two conventions of the gold sets
are followed, because they label names by their form, not by their use:
- a metonym ("Tehran has opened an investigation") is a place name: reported as GPE;
- an actor mention that is a description, not a name ("regime forces", "Iraqi forces",
  "rebels"), is no named entity: the model's entities inside it are reported instead.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span

from eventwire.evaluate.conll import read_conll
from eventwire.evaluate.geo import (
    GeoReport,
    GeoResolver,
    GeoTagger,
    PredictedToponym,
    evaluate_geo,
    spacy_recognition_tagger,
)
from eventwire.evaluate.geo import (
    Mode as GeoMode,
)
from eventwire.evaluate.geodata import read_geo
from eventwire.evaluate.ner import CharSpan, NerReport, Tagger, evaluate_ner, spacy_tagger
from eventwire.evaluate.time import (
    PredictedTimex,
    TimeReport,
    TimeTagger,
    bare_model_tagger,
    evaluate_time,
)
from eventwire.evaluate.timeml import read_timeml_folder
from eventwire.extract.entities import EntityFinder
from eventwire.extract.extensions import FINDINGS
from eventwire.extract.geoparse import geoparse
from eventwire.extract.spans import Found
from eventwire.records import NAMING_ROLES, Actor, EntityKind

LABELS: dict[EntityKind, str] = {
    "actor": "ACTOR",
    "person": "PERSON",
    "place": "PLACE",
    "group": "GROUP",
}


def eventwire_tagger(nlp: Language, *, batch_size: int = 64) -> Tagger:
    def tag(texts: list[str]) -> list[list[CharSpan]]:
        results = []
        for doc in nlp.pipe(texts, batch_size=batch_size):
            spans: list[CharSpan] = []
            taken = [False] * len(doc)
            for found in getattr(doc._, FINDINGS).spans:
                if found.role not in NAMING_ROLES:
                    continue
                span = doc[found.start : found.end]
                if found.kind == "actor" and not _is_name(span):
                    continue
                label = "GPE" if found.role == "metonym" else LABELS[found.kind]
                spans.append((span.start_char, span.end_char, label))
                taken[found.start : found.end] = [True] * (found.end - found.start)
            for ent in doc.ents:
                if not any(taken[ent.start : ent.end]):
                    spans.append((ent.start_char, ent.end_char, ent.label_))
            results.append(spans)
        return results

    return tag


NAME_FUNCTION_WORDS = frozenset({"of", "the", "and", "for", "al", "el", "de", "du", "la", "in"})


def _is_name(span: Span) -> bool:
    """A proper name: every word but function words starts with a capital (or is one)."""
    return all(
        token.is_upper or token.text[:1].isupper() or token.lower_ in NAME_FUNCTION_WORDS
        for token in span
        if token.is_alpha
    )


def score_ner(data: Path, *, baseline: bool = False, limit: int | None = None) -> NerReport:
    from eventwire.extract.pipeline import build_pipeline
    from eventwire.nlp import load_model

    sentences = read_conll(data)
    if limit is not None:
        sentences = sentences[:limit]
    tagger = spacy_tagger(load_model()) if baseline else eventwire_tagger(build_pipeline())
    return evaluate_ner(sentences, tagger, data=str(data))


def eventwire_time_tagger(nlp: Language, *, batch_size: int = 8) -> TimeTagger:
    """eventwire's time expressions, each document resolved against its creation time."""
    from eventwire.times.find import find_times

    def tag(batch: list[tuple[str, date | None]]) -> list[list[PredictedTimex]]:
        results: list[list[PredictedTimex]] = []
        texts = [text for text, _ in batch]
        for doc, (_, created) in zip(nlp.pipe(texts, batch_size=batch_size), batch, strict=True):
            found = find_times(doc, doc_id="eval", published=created)
            results.append([(t.evidence.start, t.evidence.end, t.type, t.value) for t in found])
        return results

    return tag


def score_time(data: Path, *, baseline: bool = False) -> TimeReport:
    from eventwire.nlp import load_model

    docs = read_timeml_folder(data)
    tagger = bare_model_tagger() if baseline else eventwire_time_tagger(load_model())
    return evaluate_time(docs, tagger, data=str(data))


# ---- places ----------------------------------------------------------------------------
# The gold sets (GeoWebNews, TR-News) label a toponym by its form: a capital used for its
# government ("Tehran said") and a nationality ("Russian troops") are toponyms there. For
# scoring, eventwire's metonyms are therefore resolved as places and nationality words as
# their country; in eventwire's own output they stay actors and context.


def _finder(nlp: Language) -> EntityFinder:
    component = nlp.get_pipe("eventwire_entities")
    assert isinstance(component, EntityFinder)
    return component


def _resolve_spans(doc: Doc, spans: list[Found], finder: EntityFinder) -> list[PredictedToponym]:
    entities = getattr(doc._, FINDINGS).entities
    actor_countries = [e.country for e in entities if isinstance(e, Actor) and e.country]
    results = geoparse(
        doc,
        spans,
        finder.gazetteer,
        demonyms=finder.lexicon.demonyms,
        actor_countries=actor_countries,
    )
    predicted: list[PredictedToponym] = []
    for result in results:
        span = doc[result.found.start : result.found.end]
        entry = result.entry
        country = _demonym_country(span.text, finder.lexicon.demonyms)
        if country is not None:  # "Canadian", "Mexicans": the country, never a namesake town
            entry = finder.gazetteer.country(country) or entry
        predicted.append(
            (
                span.start_char,
                span.end_char,
                entry.geonames_id if entry else None,
                entry.lat if entry else None,
                entry.lon if entry else None,
            )
        )
    return predicted


def _demonym_country(word: str, demonyms: Mapping[str, str]) -> str | None:
    return demonyms.get(word) or (demonyms.get(word[:-1]) if word.endswith("s") else None)


def eventwire_geo_tagger(nlp: Language, *, batch_size: int = 8) -> GeoTagger:
    """Places as eventwire finds and resolves them, plus metonyms and nationalities."""
    finder = _finder(nlp)

    def tag(texts: list[str]) -> list[list[PredictedToponym]]:
        results = []
        for doc in nlp.pipe(texts, batch_size=batch_size):
            spans = [
                f
                for f in getattr(doc._, FINDINGS).spans
                if f.kind == "place" or f.role == "metonym"
            ]
            taken = {i for f in spans for i in range(f.start, f.end)}
            spans += [
                Found("place", "place:demonym", t.i, t.i + 1)
                for t in doc
                if _demonym_country(t.text, finder.lexicon.demonyms) and t.i not in taken
            ]
            spans.sort(key=lambda f: f.start)
            results.append(_resolve_spans(doc, spans, finder))
        return results

    return tag


def eventwire_geo_resolver(nlp: Language, *, batch_size: int = 8) -> GeoResolver:
    """eventwire's resolution of given toponym spans, with the document as context."""
    finder = _finder(nlp)

    def resolve(batch: list[tuple[str, list[tuple[int, int]]]]) -> list[list[PredictedToponym]]:
        results = []
        texts = [text for text, _ in batch]
        for doc, (_, gold) in zip(nlp.pipe(texts, batch_size=batch_size), batch, strict=True):
            spans = []
            for start, end in gold:
                span = doc.char_span(start, end, alignment_mode="expand")
                if span is not None:
                    spans.append(Found("place", "place:given", span.start, span.end))
            predicted = _resolve_spans(doc, spans, finder)
            # Report each answer on the gold span it was asked for.
            by_token = {(s.start, s.end): p for s, p in zip(spans, predicted, strict=True)}
            answers = []
            for start, end in gold:
                span = doc.char_span(start, end, alignment_mode="expand")
                answer = by_token.get((span.start, span.end)) if span is not None else None
                answers.append((start, end, *(answer[2:] if answer else (None, None, None))))
            results.append(answers)
        return results

    return resolve


def score_geo(data: Path, *, mode: GeoMode = "end_to_end", baseline: bool = False) -> GeoReport:
    from eventwire.extract.pipeline import build_pipeline

    docs = read_geo(data)
    if baseline:
        return evaluate_geo(docs, spacy_recognition_tagger(), mode="end_to_end", data=str(data))
    nlp = build_pipeline()
    tagger = eventwire_geo_resolver(nlp) if mode == "given_spans" else eventwire_geo_tagger(nlp)
    return evaluate_geo(docs, tagger, mode=mode, data=str(data))


def score_as_mordecai(data: Path) -> GeoReport:
    """eventwire on a gold file in ``as_mordecai`` mode: its given-spans resolver (as
    ``eventwire eval geo --mode given_spans``), and as candidates what its geoparser
    retrieves for the name (:func:`eventwire.extract.geoparse.candidates`), plus the
    country of a nationality word ("Syrian"), which the resolver resolves to its country."""
    from eventwire.evaluate.geodata import read_geo
    from eventwire.extract.entities import EntityFinder
    from eventwire.extract.geoparse import candidates, reading_of_name, whole_name
    from eventwire.extract.pipeline import build_pipeline

    nlp = build_pipeline()
    finder = nlp.get_pipe("eventwire_entities")
    assert isinstance(finder, EntityFinder)
    gazetteer, demonyms = finder.gazetteer, finder.lexicon.demonyms

    def candidate_ids(text: str) -> set[int]:
        reading = whole_name(reading_of_name(text), text, gazetteer)
        found = {e.geonames_id for e in candidates(reading, gazetteer)}
        country = demonyms.get(text) or (demonyms.get(text[:-1]) if text.endswith("s") else None)
        entry = gazetteer.country(country) if country else None
        if entry is not None:
            found.add(entry.geonames_id)
        return found

    return evaluate_geo(
        read_geo(data),
        eventwire_geo_resolver(nlp),
        mode="as_mordecai",
        data=str(data),
        candidate_ids=candidate_ids,
    )
