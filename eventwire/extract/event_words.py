"""The words and small parse helpers of the events stage (eventwire.extract.events)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache

from spacy.tokens import Span, Token

from eventwire.events import EventType
from eventwire.events.model import SPECIFICITY
from eventwire.events.triggers import TriggerMatch
from eventwire.extract.attribution import Stance
from eventwire.records import (
    Argument,
    ArgumentRole,
    Certainty,
    Qualifier,
    Quantity,
    Source,
)

# Verbs that carry a nominal event without adding meaning of their own ("rag" is the
# model's lemma of "raging").
LIGHT_VERBS = frozenset(
    """open launch carry conduct stage hold mount begin start continue resume rage erupt
    break occur happen take ensue intensify escalate resort order announce rag repel
    repulse fend""".split()
)
INTRANSITIVE_DEATH = frozenset({"die", "perish", "succumb", "drown"})
LOCATIVE = frozenset(
    """in near at outside around across throughout inside on into within off along
    towards toward over between beyond""".split()
)
DIRECTIONS = frozenset(
    """north south east west northeast northwest southeast southwest northern southern
    eastern western outskirts edge vicinity outside""".split()
)
# Nouns that name a place by its kind ("the city of Aleppo", "the village of Mir Ali").
PLACE_NOUNS = frozenset(
    """city town village province region district area governorate state county
    capital port suburb neighbourhood neighborhood camp municipality""".split()
)
AIRCRAFT = frozenset(
    """plane jet warplane aircraft helicopter drone airstrike air airforce bomber
    gunship uav""".split()
)
CLAUSES = frozenset({"ccomp", "xcomp", "advcl", "relcl", "acl", "parataxis", "csubj"})
FOLD_PATH = frozenset(
    {
        "dobj",
        "pobj",
        "prep",
        "agent",
        "conj",
        "cc",
        "appos",
        "compound",
        "nmod",
        "poss",
        "pcomp",
        "npadvmod",
    }
)
CIRCUMSTANCE_PREPS = frozenset({"during", "in", "amid", "on", "while", "throughout", "after"})
CHARGE_PREPS = frozenset({"of", "for", "over", "with"})
SUBSET_PREPS = frozenset({"including", "among"})
RELATIVE = frozenset({"who", "whom", "which", "that", "whose"})
CONSEQUENCES = frozenset({"killing", "injury"})
NAMED_DEAD_TYPES = frozenset({"killing", "assassination", "execution"})
# Nouns for the members of an armed actor ("IRGC fighters", "Taliban militants").
MEMBERS = frozenset(
    """fighter soldier troop officer militant member commander guard policeman officer
    recruit insurgent rebel gunman personnel force unit""".split()
)
# Targets that make an attack one on civilians (ACLED's "Attack"), not a clash.
CIVILIAN_WORDS = frozenset(
    """civilian civilians villager villagers village villages resident residents worshipper
    worshippers people market mosque church school hospital children women students
    farmers passengers displaced camp shoppers pilgrims""".split()
)
# Subjects that are weapons, not actors ("twin bombs exploded", "a shell hit the school").
WEAPONS = frozenset(
    """bomb shell rocket missile mortar grenade mine landmine ied device explosive drone
    bullet round projectile car vehicle""".split()
)
CHARGE_NOUNS = frozenset({"charge", "accusation", "suspicion", "allegation", "count"})
PERSON_ENTITY = "person:"


@dataclass
class Draft:
    """An event being assembled: its triggers (the first names it) and what it folded."""

    match: TriggerMatch
    type: EventType
    stance: Stance
    anchor: Token
    mentions: list[TriggerMatch] = field(default_factory=list)
    anchors: list[Token] = field(default_factory=list)
    folded: list[tuple[ArgumentRole, Span]] = field(default_factory=list)
    stances: list[Stance] = field(default_factory=list)
    sentences: dict[int, Span] = field(default_factory=dict)  # id(stance) -> its sentence
    subsets: list[Draft] = field(default_factory=list)

    @property
    def tokens(self) -> set[int]:
        out = {i for m in (self.match, *self.mentions) for i in range(m.start, m.end)}
        return out | {a.i for a in self.anchors} | {self.anchor.i}


@lru_cache(maxsize=256)
def pattern_lemmas(event_type: EventType) -> frozenset[str]:
    """Lemmas a type's dependency patterns require of a child ("drone" in "launched
    drones"): part of the trigger, not a participant."""
    return frozenset(
        lemma
        for pattern in event_type.patterns
        for constraint in pattern.constraints
        for lemma in constraint.lemmas
    )


def family(event_type: EventType) -> str:
    return "violence" if event_type.plover == "ASSAULT" else event_type.key


def specificity(event_type: EventType) -> int:
    return SPECIFICITY.get(event_type.key, -1)


def definite(token: Token) -> bool:
    """A noun the text takes as known ("the bombing", "its attack")."""
    return token.pos_ in ("NOUN", "PROPN") and any(
        (c.dep_ == "det" and c.lower_ in ("the", "this", "that", "these", "those"))
        or c.dep_ == "poss"
        for c in token.children
    )


def presupposed(stance: Stance) -> Stance:
    """The stance of an event whose existence the text takes for granted while someone
    denies a part of it: the denier becomes a denier, not the source."""
    if not stance.sources:
        return replace(stance, negated=False)
    denier = stance.sources[-1]
    outer = stance.sources[:-1]
    certainty: Certainty = "reported" if outer else "asserted"
    return replace(
        stance,
        sources=outer,
        certainty=certainty,
        negated=False,
        denied_by=(*stance.denied_by, denier),
        denial_cues=(*stance.denial_cues, *stance.cues[-1:]),
    )


def head_of(span: Span) -> Token | None:
    return span.root if len(span) else None


def trim(span: Span) -> Span:
    doc = span.doc
    start, end = span.start, span.end
    while start < end and (
        doc[start].is_punct or doc[start].is_space or doc[start].lower_ in ("the", "a", "an")
    ):
        start += 1
    while end > start and (
        doc[end - 1].is_punct or doc[end - 1].is_space or doc[end - 1].tag_ == "POS"
    ):
        end -= 1
    return doc[start:end]


def sentence_index(starts: list[int], start: int) -> int:
    return starts.index(start) if start in starts else 0


def distance(a: Token, b: Token) -> int:
    """Edges between two tokens of one sentence in the dependency tree."""
    up_a = [a, *a.ancestors]
    up_b = [b, *b.ancestors]
    index_b = {t.i: n for n, t in enumerate(up_b)}
    for n, token in enumerate(up_a):
        if token.i in index_b:
            return n + index_b[token.i]
    return 99


def preposition(token: Token) -> tuple[str, Token] | None:
    """The preposition a place name hangs from ("near ... Aleppo" through "the city
    of"), and the word the preposition attaches to."""
    node = token
    for _ in range(6):
        if node.dep_ == "pobj" and node.head.dep_ == "prep":
            word = node.head.lower_
            if (
                word == "of"
                and node.head.head.dep_ == "pobj"
                and (node.head.head.lemma_.lower() in PLACE_NOUNS)
            ):
                node = node.head.head  # "the city of Aleppo": look past "of"
                continue
            return word, node.head.head
        if node.dep_ in ("compound", "amod", "appos", "conj", "nmod") and node.head.i != node.i:
            node = node.head
            continue
        return None
    return None


def where_antecedent(anchor: Token) -> Token | None:
    node = anchor
    if node.dep_ in ("nsubj", "nsubjpass") and node.head.pos_ == "VERB":
        node = node.head
    if node.dep_ == "relcl" and any(c.lower_ == "where" for c in node.children):
        return node.head
    return None


def total(counts: list[Quantity]) -> Quantity | None:
    if not counts:
        return None
    if len(counts) == 1:
        return counts[0]
    first = counts[0]
    best = sum(q.best or 0 for q in counts)
    low = sum(q.low if q.low is not None else (q.best or 0) for q in counts)
    qualifier: Qualifier = "exact" if all(q.qualifier == "exact" for q in counts) else "approximate"
    return replace(
        first, best=best, low=low, high=None if qualifier != "exact" else best, qualifier=qualifier
    )


def unique_sources(sources: Iterable[Source]) -> tuple[Source, ...]:
    seen: dict[tuple[str, str], Source] = {}
    for source in sources:
        seen.setdefault((source.name, source.kind), source)
    return tuple(seen.values())


def unique_arguments(arguments: Iterable[Argument]) -> list[Argument]:
    """Each span once per role; of two overlapping spans in one role, the first."""
    out: list[Argument] = []
    for argument in arguments:
        ev = argument.evidence
        if any(
            a.role == argument.role and a.evidence.start < ev.end and ev.start < a.evidence.end
            for a in out
        ):
            continue
        out.append(argument)
    return out
