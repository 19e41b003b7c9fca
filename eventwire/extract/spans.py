"""Small shared pieces of the entity stage: found spans, slugs, token occupancy."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from itertools import pairwise

from spacy.attrs import SENT_START
from spacy.tokens import Doc, Span

from eventwire.records import EntityKind, GeoPrecision


@dataclass(frozen=True, slots=True)
class Found:
    """A span of the spaCy doc assigned to an entity (by id), with the mention's role."""

    kind: EntityKind
    entity_id: str
    start: int  # token index
    end: int  # token index, exclusive
    role: str | None = None
    precision: GeoPrecision | None = None  # places: ACLED geo-precision of this mention


def slug(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-") or "x"


def clean_span(span: Span) -> Span:
    """Drop a leading article and a trailing possessive from an entity span."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and doc[start].lower_ in ("the", "a", "an"):
        start += 1
    while end > start and (
        doc[end - 1].tag_ == "POS" or doc[end - 1].text in ("'s", "’s", "'", "’")
    ):
        end -= 1
    while end > start and doc[end - 1].is_punct and doc[end - 1].text not in (".",):
        end -= 1
    return doc[start:end]


class Occupancy:
    """Which tokens already belong to a mention, so lower-priority finders keep off them."""

    def __init__(self, doc: Doc) -> None:
        self._taken = [False] * len(doc)

    def free(self, start: int, end: int) -> bool:
        return not any(self._taken[start:end])

    def take(self, start: int, end: int) -> None:
        for i in range(start, end):
            self._taken[i] = True


_last_sentences: tuple[Doc, list[Span]] | None = None


def sentences(doc: Doc) -> list[Span]:
    """``list(doc.sents)``, read from the sentence-start array and kept for the last
    document asked about: several stages want a report's sentences, and ``doc.sents``
    builds a Token for every word each time it is read."""
    global _last_sentences
    if _last_sentences is not None and _last_sentences[0] is doc:
        return _last_sentences[1]
    starts = doc.to_array([SENT_START]).ravel()
    if len(doc) > 1 and not starts[1:].any():
        return list(doc.sents)  # no sentence boundaries set: doc.sents says so
    bounds = [0, *(int(i) for i in (starts[1:] == 1).nonzero()[0] + 1), len(doc)]
    result = [doc[a:b] for a, b in pairwise(bounds) if b > a]
    _last_sentences = (doc, result)
    return result
