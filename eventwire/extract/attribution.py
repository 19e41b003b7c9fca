"""Who says so, and how surely: the source chain and certainty over any token.

A *frame* is a reporting construction found in the parse: a reporting verb with its
subject ("X said", "the sources added", "claiming that ..."), an attribution phrase
("according to reports") or a sentence adverb ("reportedly"). Its *content* is the part
of the sentence it reports. Frames nest ("Asharq al-Awsat claims a source ... told them
..."), so the sources over a token, outermost first, are those of the frames whose
content holds it. A source phrase that points back ("the same source", "the source
further claimed", "they said") takes the whole chain of the last source with the same
head noun (of any source, for a pronoun).

Certainty is the most hedged word of the chain: "claims" over "told" is claimed. Apart
from the chain, :meth:`Attributor.stance` reads three things from the token's own
clause: negation ("no one was killed"), hypotheticals ("could kill", "if they attack",
"threatened to strike", "to avoid deployment") and denials ("despite Iran's denials").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from spacy.attrs import LEMMA, LOWER, POS
from spacy.parts_of_speech import VERB
from spacy.tokens import Doc, Span, Token

from eventwire.events import normalise_lemma
from eventwire.extract.cues import Cues
from eventwire.extract.spans import Found
from eventwire.records import NAMING_ROLES, Certainty, Evidence, Source, SourceKind

# How hedged each certainty is: the chain takes the most hedged of its frames.
HEDGE: Mapping[Certainty, int] = {
    "asserted": 0,
    "confirmed": 1,
    "reported": 2,
    "claimed": 3,
    "alleged": 4,
    "denied": 5,
}
ACTOR_SOURCE_KINDS: Mapping[str, SourceKind] = {
    "news outlet": "outlet",
    "news agency": "outlet",
    "state media": "state_media",
    "ngo": "ngo",
    "international organisation": "ngo",
}
CONTENT_DEPS = frozenset({"ccomp", "xcomp", "dobj", "parataxis"})
CLAUSE_DEPS = frozenset({"ccomp", "xcomp", "advcl", "relcl", "acl", "conj", "parataxis", "ROOT"})
RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom", "whose"})
ADDRESSED = frozenset({"tell", "inform", "ask", "assure", "brief", "warn"})
QUOTES = frozenset({'"', "“", "”", "'", "‘", "’", "''", "``"})


@dataclass(frozen=True)
class Frame:
    """One reporting construction: its sources (outermost first, including those of the
    frames it sits in), its certainty, the cue words and the tokens it reports."""

    sources: tuple[Source, ...]
    certainty: Certainty
    cue: Evidence
    content: frozenset[int]
    head: str | None  # the head lemma of its own source phrase, for anaphora
    hedge: Certainty = "asserted"  # the most hedged certainty of this frame's whole chain


@dataclass(frozen=True)
class Stance:
    """What a token's event is, as far as the wording tells: sources (outermost first;
    empty for the article itself), certainty, cue spans, deniers, and whether it is
    negated or hypothetical (then it is no event)."""

    sources: tuple[Source, ...]
    certainty: Certainty
    cues: tuple[Evidence, ...]
    denied_by: tuple[Source, ...]
    negated: bool
    hypothetical: bool
    denial_cues: tuple[Evidence, ...] = ()  # the word of each denial ("denials"), same order


class Attributor:
    """Frames of one parsed document, and the stance over any of its tokens."""

    def __init__(
        self,
        doc: Doc,
        *,
        doc_id: str,
        cues: Cues,
        mentions: Sequence[Found] = (),
        actor_kinds: Mapping[str, str | None] | None = None,
        entity_names: Mapping[str, str] | None = None,
    ) -> None:
        self.doc = doc
        self.doc_id = doc_id
        self.cues = cues
        self.actor_kinds = actor_kinds or {}
        self.entity_names = entity_names or {}
        self._mention_at: dict[int, Found] = {}
        for found in mentions:
            if found.role in NAMING_ROLES or found.kind == "person":
                for i in range(found.start, found.end):
                    self._mention_at.setdefault(i, found)
        self._person_titled = {
            f.entity_id for f in mentions if f.kind == "person" and f.role in ("rank", "role")
        }
        self._phrase_starts = {words[0] for words in cues.attribution_phrases}
        self.frames: list[Frame] = []
        self._find_frames()

    # ------------------------------------------------------------------ public

    def stance(self, token: Token, *, extra: Iterable[Token] = ()) -> Stance:
        """The stance over ``token`` (an event trigger); ``extra`` are further tokens of
        the same event whose clauses are searched for cues too."""
        frames = [f for f in self.frames if token.i in f.content]
        # Innermost frame: the one with the smallest content; its chain includes outer ones.
        frames.sort(key=lambda f: len(f.content))
        sources = frames[0].sources if frames else ()
        certainty: Certainty = "asserted"
        cues: list[Evidence] = []
        for frame in frames:
            certainty = _hedgier(certainty, frame.hedge)
            cues.append(frame.cue)
        if frames and frames[0].certainty == "denied":
            certainty = "denied"
        clause = [*self._clause(token)]
        for other in extra:
            clause.extend(self._clause(other))
        denials = list(self._denials(clause))
        return Stance(
            sources=sources,
            certainty=certainty,
            cues=tuple(sorted(set(cues), key=lambda e: e.start)),
            denied_by=tuple(source for source, _ in denials),
            negated=self._negated(token),
            hypothetical=self._hypothetical(token),
            denial_cues=tuple(cue for _, cue in denials),
        )

    # ------------------------------------------------------------------ frames

    def _find_frames(self) -> None:
        # Document order matters: anaphors ("the same source") look back.
        candidates: list[tuple[int, Token, str]] = []
        for i in self._frame_positions():
            token = self.doc[i]
            lemma = normalise_lemma(token.lemma_)
            if token.pos_ == "VERB" and lemma in self.cues.reporting_verbs:
                candidates.append((token.i, token, "verb"))
            elif token.dep_ == "advmod" and token.lower_ in self.cues.adverbs:
                candidates.append((token.i, token, "adverb"))
            elif self._phrase_at(token) is not None:
                candidates.append((token.i, token, "phrase"))
        # Outer frames first within a sentence so inner ones can inherit their chain.
        candidates.sort(key=lambda c: (c[1].sent.start, _depth(c[1]), c[0]))
        for _, token, how in candidates:
            frame = {"verb": self._verb_frame, "adverb": self._adverb_frame}.get(
                how, self._phrase_frame
            )(token)
            if frame is not None:
                self.frames.append(frame)

    def _frame_positions(self) -> list[int]:
        """The tokens that may start a frame, read from the doc's arrays: a verb whose
        lemma is a reporting verb, a modifier that is an attribution adverb, or the first
        word of an attribution phrase. Building a Token for every word costs more than
        all the frames of a report."""
        doc = self.doc
        if not len(doc):
            return []
        strings = doc.vocab.strings
        table = doc.to_array([POS, LEMMA, LOWER])
        reporting = self.cues.reporting_verbs
        verbs: dict[int, bool] = {}  # lemma hash -> a reporting verb?
        lowers = {strings[w] for w in (*self.cues.adverbs, *self._phrase_starts)}
        positions = []
        for i, (pos, lemma, lower) in enumerate(table.tolist()):
            if pos == VERB:
                known = verbs.get(lemma)
                if known is None:
                    known = verbs[lemma] = normalise_lemma(strings[lemma]) in reporting
                if known:
                    positions.append(i)
                    continue
            if lower in lowers:  # the rest of the test is the caller's
                positions.append(i)
        return positions

    def _verb_frame(self, verb: Token) -> Frame | None:
        lemma = normalise_lemma(verb.lemma_)
        certainty = self.cues.reporting_verbs[lemma]
        content = self._content(verb)
        if not content:
            return None
        subject = self._subject(verb)
        outer, hedge = self._outer(verb)
        if any(c.dep_ == "neg" for c in verb.children):
            # "The government has not confirmed the deaths": the deaths are reported,
            # by nobody named here, and the government is not their source.
            cue = self._evidence(verb, verb.i + 1)
            chain = outer or (Source("reports", "reports", cue),)
            return Frame(chain, "reported", cue, content, None, _hedgier(hedge, "reported"))
        if subject is None:
            if verb.tag_ == "VBN" or any(c.dep_ == "auxpass" for c in verb.children):
                # "were reported killed", "it is claimed": no one named
                source = Source("reports", "reports", self._evidence(verb, verb.i + 1))
                chain, head = (*outer, source), None
            else:
                return None
        else:
            chain, head, hedge = self._chain_for_subject(subject, outer, hedge)
        cue = self._evidence(verb, verb.i + 1)
        return Frame(chain, certainty, cue, content, head, _hedgier(hedge, certainty))

    def _adverb_frame(self, adverb: Token) -> Frame | None:
        certainty = self.cues.adverbs[adverb.lower_]
        head = adverb.head
        content = frozenset(t.i for t in head.subtree) - {adverb.i}
        source = Source("reports", "reports", self._evidence(adverb, adverb.i + 1))
        outer, hedge = self._outer(adverb)
        # "reportedly" inside a named source's words adds no new source.
        chain = outer if outer else (source,)
        cue = self._evidence(adverb, adverb.i + 1)
        return Frame(chain, certainty, cue, content, None, _hedgier(hedge, certainty))

    def _phrase_frame(self, token: Token) -> Frame | None:
        found = self._phrase_at(token)
        if found is None:
            return None
        last, obj = found
        attach = token.head
        content = frozenset(t.i for t in attach.subtree) - frozenset(t.i for t in token.subtree)
        outer, hedge = self._outer(attach)
        chain, head, hedge = self._chain_for_subject(obj, outer, hedge)
        cue = self._evidence(token, last.i + 1)
        return Frame(chain, "reported", cue, content, head, _hedgier(hedge, "reported"))

    def _phrase_at(self, token: Token) -> tuple[Token, Token] | None:
        """(last word of the phrase, its object) if an attribution phrase starts here."""
        if token.lower_ not in self._phrase_starts:
            return None
        for words in self.cues.attribution_phrases:
            end = token.i + len(words)
            if end > len(self.doc):
                continue
            run = self.doc[token.i : end]
            if tuple(normalise_lemma(t.text) for t in run) != words:
                continue
            for t in run:
                objects = [c for c in t.children if c.dep_ in ("pobj", "dobj")]
                if objects:
                    return run[-1], objects[0]
        return None

    def _content(self, verb: Token) -> frozenset[int]:
        indices: set[int] = set()
        for child in verb.children:
            reported = child.dep_ in CONTENT_DEPS or (
                child.dep_ == "prep" and child.lower_ in ("of", "about", "over", "for")
            )
            # "revealed ..., claiming that ...": a reporting participle is more of the
            # same source's words.
            reported = reported or (
                child.dep_ == "advcl" and normalise_lemma(child.lemma_) in self.cues.reporting_verbs
            )
            if reported:
                indices.update(t.i for t in child.subtree)
        # "X, the sources added": the reported clause is the verb's head when the verb
        # is a parenthetical parse (ccomp/parataxis pointing the other way).
        if verb.dep_ in ("parataxis",) and verb.head.i != verb.i:
            indices.update(t.i for t in verb.head.subtree if t.i not in _indices(verb.subtree))
        # "Soleimani, who state media said died": the relative clause reports its antecedent.
        # ("the commander, who said ...", with no other subject, is the speaker instead.)
        speakers = [c for c in verb.children if c.dep_ == "nsubj"]
        if verb.dep_ == "relcl" and any(c.lower_ not in RELATIVE_PRONOUNS for c in speakers):
            indices.add(verb.head.i)
        if verb.lemma_.lower() in ADDRESSED:
            # "told Reuters that ...": Reuters is told, it is not what is said
            indices -= {
                t.i for c in verb.children if c.dep_ in ("dobj", "dative") for t in c.subtree
            }
        if not indices:
            indices = self._quoted(verb)
        return frozenset(indices - self._background(indices))

    def _quoted(self, verb: Token) -> set[int]:
        """The quotation a bare "X said" reports when the parse does not attach it:
        'Trump said, "When ..."' (the quote after the verb, in its sentence) or
        '"...," Ms. Moore said.' split from its quote (the sentence before)."""
        sentence = verb.sent
        after = [t for t in sentence if t.i > verb.i and not t.is_space]
        words = [t for t in after if not t.is_punct]
        if words and any(t.text in QUOTES for t in after[:3]):
            return {t.i for t in after if not (t.is_punct and t.i == sentence.end - 1)}
        before = [t for t in sentence if t.i < verb.i and not t.is_punct and not t.is_space]
        if not words and len(before) <= 4 and sentence.start > 0:  # "Ms. Moore said.
            previous = self.doc[sentence.start - 1].sent
            tokens = [t for t in previous if not t.is_space]
            if tokens and tokens[-1].text in QUOTES:
                return {t.i for t in tokens}
        return set()

    def _background(self, indices: set[int]) -> set[int]:
        """Non-restrictive relative clauses inside reported words (", where battles are
        raging"): the writer's background, not the source's claim."""
        out: set[int] = set()
        for i in indices:
            token = self.doc[i]
            if token.dep_ == "relcl" and i > 0:
                first = min(t.i for t in token.subtree)
                if first > 0 and self.doc[first - 1].text == ",":
                    out.update(t.i for t in token.subtree)
        return out

    def _subject(self, verb: Token) -> Token | None:
        subjects = [c for c in verb.children if c.dep_ in ("nsubj",)]
        named = [s for s in subjects if s.lower_ not in RELATIVE_PRONOUNS]
        if named:
            return named[-1]
        if subjects and verb.dep_ == "relcl":
            return verb.head  # "the commander, who said ...": the antecedent speaks
        # "The same source also revealed ..., claiming that ...": the participle's
        # subject is its governor's.
        if verb.dep_ in ("advcl", "conj", "xcomp") and verb.head.pos_ in ("VERB", "AUX"):
            return self._subject(verb.head)
        return None

    def _outer(self, token: Token) -> tuple[tuple[Source, ...], Certainty]:
        """The chain and hedge of the innermost frame already found over ``token``."""
        holding = [f for f in self.frames if token.i in f.content]
        if not holding:
            return (), "asserted"
        inner = min(holding, key=lambda f: len(f.content))
        hedge: Certainty = "asserted"
        for frame in holding:
            hedge = _hedgier(hedge, frame.hedge)
        return inner.sources, hedge

    def _chain_for_subject(
        self, subject: Token, outer: tuple[Source, ...], hedge: Certainty
    ) -> tuple[tuple[Source, ...], str | None, Certainty]:
        head = normalise_lemma(subject.lemma_)
        if self._is_anaphor(subject):
            earlier = self._antecedent(subject, head)
            if earlier is not None:
                # "The same source also revealed": everything that source said came
                # through the same outlet, with the same hedge ("claims").
                return earlier.sources, earlier.head, _hedgier(hedge, earlier.hedge)
        source = self._source(subject)
        return (*outer, source), head, hedge

    def _is_anaphor(self, subject: Token) -> bool:
        if subject.pos_ == "PRON" and subject.lower_ in self.cues.anaphors:
            return True
        modifiers = {c.lower_ for c in subject.children if c.dep_ in ("det", "amod")}
        if modifiers & self.cues.anaphors:
            return True
        phrase = normalise_lemma(" ".join(t.text for t in subject.subtree))
        return phrase in self.cues.anaphors

    def _antecedent(self, subject: Token, head: str) -> Frame | None:
        """The last frame before ``subject`` whose source has the same head noun (any
        named source, for a pronoun)."""
        pronoun = subject.pos_ == "PRON"
        for frame in reversed(self.frames):
            if frame.cue.start >= subject.idx or not frame.sources:
                continue
            if frame.sources[-1].kind == "reports":
                continue
            if pronoun or frame.head == head:
                return frame
        return None

    def _source(self, subject: Token) -> Source:
        span = _phrase(subject)
        text_lower = " " + normalise_lemma(span.text) + " "
        mention = self._mention_at.get(subject.i)
        entity_id = mention.entity_id if mention else None
        kind = self._kind(subject, mention)
        if any(f" {m} " in text_lower for m in self.cues.anonymous_markers):
            kind = "anonymous"
        name = span.text
        if mention is not None and mention.kind == "actor" and mention.start <= subject.i:
            name = self.entity_names.get(mention.entity_id, name)
        return Source(name, kind, self._evidence(span[0], span[-1].i + 1), entity_id)

    def _kind(self, subject: Token, mention: Found | None) -> SourceKind:
        if mention is not None:
            if mention.kind == "person":
                return "official" if mention.entity_id in self._person_titled else "person"
            if mention.kind == "actor":
                actor_kind = self.actor_kinds.get(mention.entity_id)
                return ACTOR_SOURCE_KINDS.get(actor_kind or "", "official")
            if mention.kind == "group":
                return "witness"
        words = [
            normalise_lemma(t.text) for t in subject.lefts if t.dep_ in ("compound", "amod", "nmod")
        ]
        for form in (normalise_lemma(subject.text), normalise_lemma(subject.lemma_)):
            tokens = (*words, form)
            for noun, kind in self.cues.source_nouns:
                if tokens[-len(noun) :] == noun:
                    return kind
        if subject.ent_type_ == "PERSON":
            return "person"
        if subject.ent_type_ in ("ORG", "NORP", "GPE"):
            return "official"
        return "reports"

    # ------------------------------------------------------------------ clause cues

    def _clause(self, token: Token) -> list[Token]:
        """The token, and its heads up to its clause's verb, with their children."""
        chain = [token]
        node = token
        while (
            node.dep_ not in CLAUSE_DEPS
            and not (node.pos_ == "VERB" and node.dep_ == "amod")
            and node.head.i != node.i
        ):
            node = node.head
            chain.append(node)
        return chain

    def _denials(self, clause: Sequence[Token]) -> Iterable[tuple[Source, Evidence]]:
        """Denials anywhere in the clause, its subject's phrase included ("advisers,
        many of whom - despite Iran's denials - have been involved"), but not in the
        clauses nested in it."""
        seen: set[int] = set()
        for node in _clause_tokens(clause[-1]):
            for child in node.children:
                if child.dep_ != "prep":
                    continue
                for obj in child.children:
                    if (
                        obj.dep_ != "pobj"
                        or normalise_lemma(obj.lemma_) not in self.cues.denial_nouns
                    ):
                        continue
                    if obj.i in seen:
                        continue
                    seen.add(obj.i)
                    yield self._denier(obj), self._evidence(obj, obj.i + 1)

    def _denier(self, noun: Token) -> Source:
        for child in noun.children:
            if child.dep_ == "poss":
                return self._source(child)
            if child.dep_ == "prep" and child.lower_ == "by":
                objects = [c for c in child.children if c.dep_ == "pobj"]
                if objects:
                    return self._source(objects[0])
        return Source(noun.text, "reports", self._evidence(noun, noun.i + 1))

    def _negated(self, token: Token) -> bool:
        return self.negation(token) is not None

    def negation(self, token: Token) -> str | None:
        """How ``token``'s event is negated: ``"event"`` when it itself is ("no attacks
        were reported", "did not attack", "no one was killed"), ``"governor"`` when a
        verb it is the object of is ("had not carried out the bombing": the bombing may
        well have happened), ``None`` when it is not."""
        for node in self._governors(token):
            if node is not token and self._reporting(node):
                continue  # "has not confirmed the deaths": unconfirmed, not denied
            for child in node.children:
                if (
                    child.dep_ == "neg"
                    or normalise_lemma(child.text) in self.cues.negation_particles
                ):
                    return "event" if node is token else "governor"
        if token.pos_ in ("NOUN", "PROPN") and token.dep_ == "dobj":
            verb = token.head
            if not self._reporting(verb) and any(c.dep_ == "neg" for c in verb.children):
                return "governor"
        participants = [
            c
            for node in self._governors(token)
            for c in node.children
            if c.dep_ in ("nsubj", "nsubjpass", "dobj", "det")
        ]
        participants.append(token)
        for person in participants:
            if any(
                c.dep_ == "det" and c.lower_ in self.cues.negation_determiners
                for c in person.children
            ) or (person.dep_ == "det" and person.lower_ in self.cues.negation_determiners):
                return "event"
            if self._negative_pronoun(person):
                return "event"
        return None

    def _reporting(self, token: Token) -> bool:
        return token.pos_ == "VERB" and normalise_lemma(token.lemma_) in self.cues.reporting_verbs

    def _negative_pronoun(self, token: Token) -> bool:
        for words in self.cues.negation_pronouns:
            start = token.i - len(words) + 1
            if start < 0:
                continue
            if tuple(t.lower_ for t in self.doc[start : token.i + 1]) == words:
                return True
        return False

    def _hypothetical(self, token: Token) -> bool:
        for node in self._governors(token):
            for child in node.children:
                text = normalise_lemma(child.text)
                if child.dep_ in ("aux", "auxpass") and text in self.cues.modals:
                    return True
                if child.dep_ == "mark" and text in self.cues.subordinators:
                    return True
        node = token
        # "threatened to kill", "plans an attack", "to avoid deployment": climb through
        # objects and open complements to the verb that governs them.
        while node.head.i != node.i and node.dep_ in ("xcomp", "dobj", "pobj", "prep", "pcomp"):
            node = node.head
            if normalise_lemma(node.lemma_) in self.cues.governors:
                return True
        return False

    def _governors(self, token: Token) -> list[Token]:
        """The token and, for a noun, the verb it is the subject or object of."""
        nodes = [token]
        if token.pos_ in ("NOUN", "PROPN") and token.dep_ in ("nsubj", "nsubjpass", "dobj", "attr"):
            nodes.append(token.head)
        return nodes

    def _evidence(self, first: Token, end: int) -> Evidence:
        span = self.doc[first.i : end]
        return Evidence(self.doc_id, span.start_char, span.end_char, span.text)


def _clause_tokens(head: Token) -> list[Token]:
    out = [head]
    stack = [c for c in head.children]
    while stack:
        token = stack.pop()
        if token.dep_ in CLAUSE_DEPS or (token.pos_ == "VERB" and token.dep_ == "amod"):
            continue
        out.append(token)
        stack.extend(token.children)
    return out


def _hedgier(a: Certainty, b: Certainty) -> Certainty:
    return b if HEDGE[b] > HEDGE[a] else a


def _depth(token: Token) -> int:
    depth = 0
    while token.head.i != token.i:
        token = token.head
        depth += 1
    return depth


def _indices(tokens: Iterable[Token]) -> set[int]:
    return {t.i for t in tokens}


def _phrase(head: Token) -> Span:
    """The noun phrase of a source, without trailing punctuation or relative clauses
    that run into the reported content."""
    tokens = [
        t
        for t in head.subtree
        if not any(a.dep_ in ("relcl", "ccomp") and a.i != head.i for a in _ancestors(t, head))
    ]
    return trim_phrase(head.doc, tokens[0].i, tokens[-1].i + 1)


def trim_phrase(doc: Doc, start: int, end: int) -> Span:
    """Tokens ``start``..``end`` without edge punctuation, spaces or a trailing "'s"."""
    while end > start + 1 and (
        doc[end - 1].is_punct or doc[end - 1].is_space or doc[end - 1].tag_ == "POS"
    ):
        end -= 1
    while start < end - 1 and (doc[start].is_punct or doc[start].is_space):
        start += 1
    return doc[start:end]


def _ancestors(token: Token, stop: Token) -> list[Token]:
    chain = []
    node = token
    while node.i != stop.i and node.head.i != node.i:
        chain.append(node)
        node = node.head
    return chain
