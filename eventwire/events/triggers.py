"""Event triggers in a parsed document, found from the ontology's data.

A token (or a run of tokens, for multi-word triggers such as "air strike") is a trigger
when its lemma, or its lower-case text, is listed for its part of speech. A pattern (a
head lemma plus dependency constraints, e.g. "provide" with an object among "weapons,
training, funds") names its type ahead of bare triggers on the same head. Choosing among
shared triggers from the context, and the events' arguments, come in later stages; this
module only says where the candidate events are and of which types.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from spacy.attrs import LEMMA, ORTH
from spacy.tokens import Doc, Token

from eventwire.events.model import DepConstraint, EventOntology, EventType, normalise_lemma


@dataclass(frozen=True)
class TriggerMatch:
    """Tokens ``start``..``end`` (exclusive) signal an event of one of ``types``, best
    first; ``by_pattern`` when a dependency pattern, not a bare lemma, matched."""

    start: int
    end: int
    types: tuple[EventType, ...]
    by_pattern: bool = False


def find_triggers(doc: Doc, ontology: EventOntology) -> list[TriggerMatch]:
    matches: list[TriggerMatch] = []
    covered: set[int] = set()
    longest = ontology.max_trigger_words
    starts = ontology.multiword_first_words
    singles = ontology.single_word_lemmas
    strings = doc.vocab.strings
    # Read by ids, not Token objects: this looks at every word, and most are no trigger.
    for i, (lemma, orth) in enumerate(doc.to_array([LEMMA, ORTH]).tolist()):
        if i in covered:
            continue
        forms = _FORMS.get((lemma, orth))
        if forms is None:
            forms = _normalised_forms(strings[lemma], strings[orth])
            if len(_FORMS) >= FORMS_CACHE:
                _FORMS.clear()
            _FORMS[lemma, orth] = forms
        multi = None
        if not starts.isdisjoint(forms):
            multi = _multiword(doc, doc[i], ontology, longest)
        if multi is None and singles.isdisjoint(forms):
            continue  # most words: no trigger starts or is here
        found = multi or _single(doc[i], ontology)
        if found is None:
            continue
        covered.update(range(found.start, found.end))
        matches.append(found)
    return matches


FORMS_CACHE = 200_000
"""(lemma, word) pairs whose normalised forms are kept; the cache starts again when
full, so memory stays bounded however large the vocabulary grows."""
_FORMS: dict[tuple[int, int], tuple[str, ...]] = {}


def _normalised_forms(lemma: str, text: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys((normalise_lemma(lemma), normalise_lemma(text))))


def _forms(token: Token) -> tuple[str, ...]:
    return _normalised_forms(token.lemma_, token.text)


def _parts_of_speech(token: Token) -> tuple[str, ...]:
    # In a title-case headline the model tags common nouns as proper ("Funeral in Iran").
    # A quoted common noun may be tagged proper too ('leading to "mutiny"').
    if token.pos_ == "PROPN" and (token.is_title or token.is_lower):
        return (token.pos_, "NOUN")
    return (token.pos_,)


def _single(token: Token, ontology: EventOntology) -> TriggerMatch | None:
    readings = [(form, pos) for form in _forms(token) for pos in _parts_of_speech(token)]
    by_pattern = tuple(
        event_type
        for form, pos in readings
        for event_type, pattern in ontology.patterns_for_lemma(form, pos)
        if all(_holds(token, constraint) for constraint in pattern.constraints)
    )
    bare = tuple(t for form, pos in readings for t in ontology.types_for_lemma(form, pos))
    types = tuple(dict.fromkeys((*by_pattern, *bare)))
    if not types:
        return None
    return TriggerMatch(token.i, token.i + 1, types, by_pattern=bool(by_pattern))


def _multiword(
    doc: Doc, token: Token, ontology: EventOntology, longest: int
) -> TriggerMatch | None:
    """The longest run starting at ``token`` listed as a trigger ("air strike"); the
    part of speech is the last word's (the head of an English compound)."""
    for size in range(min(longest, len(doc) - token.i), 1, -1):
        words = doc[token.i : token.i + size]
        hyphens = sum(1 for t in words if t.text in ("-", "\u2010", "\u2011"))
        for lemma in _run_forms(list(words)):
            types = ontology.types_for_lemma(lemma, words[-1].pos_)
            if types and size - hyphens >= 2:
                return TriggerMatch(token.i, token.i + size, types)
    return None


def _run_forms(tokens: list[Token]) -> Iterator[str]:
    """The run as lemmas, and as lower-case text ("court marshaled" -> "court marshal")."""
    words = [t for t in tokens if t.text not in ("-", "\u2010", "\u2011")]
    yield normalise_lemma(" ".join(t.lemma_ for t in words))
    yield normalise_lemma(" ".join(t.text for t in words))


def _holds(head: Token, constraint: DepConstraint) -> bool:
    for child in head.children:
        if constraint.via is not None:
            preposition = child.dep_ == "prep" and normalise_lemma(child.lemma_) == constraint.via
            objects = (obj for obj in child.children if obj.dep_ == "pobj")
            if preposition and any(_accepts(obj, constraint) for obj in objects):
                return True
            continue
        if child.dep_ == constraint.dep and _accepts(child, constraint):
            return True
    return False


def _accepts(token: Token, constraint: DepConstraint) -> bool:
    """The token or one of its conjuncts ("weapons, training and funds")."""
    return any(constraint.accepts(t.lemma_) for t in (token, *token.conjuncts))
