"""The state the events stage works on: the parse, the mentions, times and counts, and
the helpers that read spans and entities off them (see eventwire.extract.events)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date

from spacy.tokens import Doc, Span, Token

from eventwire.doc_text import doc_text
from eventwire.events import EventOntology, normalise_lemma
from eventwire.extract.attribution import Attributor
from eventwire.extract.event_words import (
    LIGHT_VERBS,
    LOCATIVE,
    MEMBERS,
    Draft,
    trim,
)
from eventwire.extract.spans import Found, sentences
from eventwire.records import (
    NAMING_ROLES,
    Casualty,
    Evidence,
    Place,
    Quantity,
    TimeRef,
)


class FinderBase:
    """One parsed document and what earlier stages found in it."""

    def __init__(
        self,
        doc: Doc,
        *,
        doc_id: str,
        ontology: EventOntology,
        attributor: Attributor,
        mentions: Sequence[Found],
        places: Mapping[str, Place],
        entity_names: Mapping[str, str],
        times: Sequence[TimeRef],
        quantities: Sequence[Quantity],
        casualties: Sequence[Casualty],
        published: date | None,
        body_start: int = 0,
    ) -> None:
        self.doc = doc
        self.body_start = body_start  # character offset: triggers before it are the title's
        self.doc_id = doc_id
        self.ontology = ontology
        self.attributor = attributor
        self.places = places
        self.entity_names = entity_names
        self.published = published
        self.naming = [m for m in mentions if m.role in NAMING_ROLES]
        self._entity_at: dict[int, Found] = {}
        for found in self.naming:
            if found.kind != "place":
                for i in range(found.start, found.end):
                    self._entity_at.setdefault(i, found)
        # A dateline names where the report was filed from, not where its events were.
        self.place_mentions = [m for m in self.naming if m.kind == "place" and m.role != "dateline"]
        # A duration is a time only once anchored ("the past several weeks"); "six weeks'
        # service" is how long, not when.
        self.times = [
            (t, self._span(t.evidence))
            for t in times
            if t.type != "SET" and (t.type != "DURATION" or t.start is not None)
        ]
        self.quantities = [(q, self._span(q.evidence)) for q in quantities]
        self.casualties = [(c, self._span(c.count.evidence)) for c in casualties]
        self.trigger_tokens: set[int] = set()
        self._all: list[Draft] = []
        self._text = doc_text(doc)
        self._sentences = sentences(doc)
        self._sentence_starts = [s.start for s in self._sentences]
        self.dropped: list[Token] = []  # heads of negated and hypothetical triggers

    def _anchor(self, token: Token) -> Token:
        """The verb a nominal trigger belongs to, when that verb is a light one."""
        if token.pos_ not in ("NOUN", "PROPN"):
            return token
        node = token
        if node.dep_ == "pobj" and node.head.dep_ == "prep" and node.head.lower_ == "to":
            node = node.head  # "resorted to a recruitment drive"
        head = node.head
        light = head.pos_ == "VERB" and normalise_lemma(head.lemma_) in LIGHT_VERBS
        if node.dep_ in ("dobj", "nsubj", "nsubjpass", "prep") and light:
            return head
        if node.dep_ == "attr" and head.lemma_ == "be":
            return head  # "officers have been court marshaled" parsed as a copula
        return token

    def _is_source(self, token: Token) -> bool:
        head = token.head
        return normalise_lemma(head.lemma_) in self.attributor.cues.reporting_verbs

    def _phrase(self, token: Token, *, keep_clauses: bool = False) -> Span:
        """The noun phrase ``token`` heads: a name as the entity stage found it, or the
        token with its modifiers (relative clauses, appositions and conjuncts left out)."""
        found = self._entity_at.get(token.i)
        if found is not None and token.i == found.end - 1:
            return trim(self.doc[found.start : found.end])
        skip = {"relcl", "acl", "advcl", "appos", "punct", "cc", "conj"} - (
            {"relcl", "acl"} if keep_clauses else set()
        )
        tokens = [token]
        for child in token.children:
            if child.dep_ in skip or (child.pos_ == "VERB" and child.dep_ == "amod"):
                continue
            if child.dep_ == "prep" and child.lower_ in ("to", "including", "among"):
                continue  # "aid to regime forces": the recipient is an argument of its own
            if child.dep_ == "prep" and child.lower_ in LOCATIVE and self._holds_place(child):
                continue  # "a priest in Kaduna state": the place is the event's, not a name
            tokens.extend(child.subtree)
        start = min(t.i for t in tokens)
        end = max(t.i for t in tokens) + 1
        return trim(self.doc[start:end])

    def _entity_id(self, span: Span) -> str | None:
        root = span.root
        found = self._entity_at.get(root.i)
        if found is not None:
            return found.entity_id
        # "Some 30 IRGC fighters": people of an actor stand for it
        inside = [
            f
            for f in self.naming
            if f.kind == "actor"
            and span.start <= f.start
            and f.end <= span.end
            and self.doc[f.end - 1].head.i == root.i
        ]
        if inside and root.pos_ == "NOUN" and root.lemma_.lower() in MEMBERS:
            return inside[0].entity_id
        if len(span) and span.start < len(self.doc):
            # "regime forces": the mention covers the head noun's compound too
            covering = [
                f
                for f in self.naming
                if f.kind != "place"
                and f.start >= span.start
                and f.end <= span.end
                and f.end - 1 == root.i
            ]
            if covering:
                return covering[0].entity_id
        return None

    def _holds_place(self, prep: Token) -> bool:
        indices = {t.i for t in prep.subtree}
        return any(f.start in indices for f in self.place_mentions)

    def _is_place(self, token: Token) -> bool:
        return any(f.start <= token.i < f.end for f in self.place_mentions)

    def _is_time(self, token: Token) -> bool:
        return any(span is not None and span.start <= token.i < span.end for _, span in self.times)

    def _words(self, region: Iterable[int]) -> set[str]:
        return {self.doc[i].lower_ for i in region}

    def _span(self, evidence: Evidence) -> Span | None:
        return self.doc.char_span(evidence.start, evidence.end, alignment_mode="expand")

    def _found_evidence(self, found: Found) -> Evidence:
        return self._evidence(self.doc[found.start : found.end])

    def _evidence(self, span: Span, *, strip: bool = False) -> Evidence:
        start, end = span.start_char, span.end_char
        text = self._text[start:end]
        if strip:
            trimmed = text.rstrip()
            end -= len(text) - len(trimmed)
            text = trimmed
        return Evidence(self.doc_id, start, end, text)
