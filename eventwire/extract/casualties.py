"""Casualty counts: a number of people killed, wounded, captured or missing, with who
they were, when and where, read from the parse around the number.

A count is a casualty count when the people it counts are the subject of a passive
outcome verb ("30 fighters have been killed"), the object of an active one ("the strike
killed 12 civilians"), the subject of an intransitive one ("12 people died"), or are
modified by one ("four senior officers killed last month"). A count introduced by
"including" or "among them" inside another count's clause is a subset of it (``part_of``),
so totals never count the same dead twice.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span, Token

from eventwire.extract.spans import Found
from eventwire.records import Casualty, Evidence, Outcome, Quantity, TimeRef

OUTCOME_VERBS: dict[str, Outcome] = {
    **dict.fromkeys(
        [
            "kill",
            "die",
            "slay",
            "execute",
            "behead",
            "massacre",
            "murder",
            "assassinate",
            "slaughter",
            "perish",
            "martyr",
            "shoot",
            "lynch",
            "dead",
        ],
        "killed",
    ),
    **dict.fromkeys(["wound", "injure", "hurt", "maim"], "wounded"),
    **dict.fromkeys(
        ["capture", "abduct", "kidnap", "detain", "arrest", "seize", "hold", "imprison"],
        "captured",
    ),
    **dict.fromkeys(["miss", "disappear", "vanish"], "missing"),
}
# Adjectives that state an outcome: "12 people were dead", "three soldiers missing".
OUTCOME_ADJECTIVES: dict[str, Outcome] = {"dead": "killed", "missing": "missing"}
SUBSET_MARKERS = frozenset({"including", "among"})
# Nouns that count events or things, never people.
NOT_PEOPLE = frozenset(
    """
    attack attacks strike strikes airstrike airstrikes raid raids bomb bombs shell shells
    rocket rockets missile missiles drone drones vehicle vehicles tank tanks building
    buildings house houses home homes village villages town towns day days week weeks
    month months year years hour hours time times dollar dollars percent km kilometres
    kilometers mile miles incident incidents operation operations round rounds
    """.split()
)


@dataclass(frozen=True)
class _Found:
    count: Quantity
    noun: Token
    verb: Token
    outcome: Outcome
    who: Span


def find_casualties(
    doc: Doc,
    *,
    doc_id: str,
    quantities: Sequence[Quantity],
    times: Sequence[TimeRef],
    actors: Sequence[Found] = (),
    places: Sequence[Found] = (),
) -> list[Casualty]:
    found = [f for q in quantities if q.kind == "count" and (f := _read(doc, q)) is not None]
    results: list[Casualty] = []
    ids: dict[int, str] = {}
    for item in found:
        casualty_id = f"c:{doc_id}:{item.count.evidence.start}:{item.count.evidence.end}"
        ids[item.noun.i] = casualty_id
        sentence = item.noun.sent
        clause = set(_subtree_indices(item.verb)) | {t.i for t in item.noun.subtree}
        who_ev = _evidence(doc_id, item.who) if len(item.who) else None
        actor = next(
            (a for a in actors if item.who.start <= a.start and a.end <= item.who.end), None
        )
        place = next((p for p in places if p.start in clause), None)
        results.append(
            Casualty(
                id=casualty_id,
                doc=doc_id,
                outcome=item.outcome,
                count=item.count,
                evidence=_evidence(doc_id, sentence),
                who=item.who.text if len(item.who) else None,
                who_evidence=who_ev,
                actor_id=actor.entity_id if actor else None,
                period=_period(doc, times, clause, item),
                place_id=place.entity_id if place else None,
                place_evidence=_evidence(doc_id, doc[place.start : place.end]) if place else None,
                part_of=None,
            )
        )
    return _link_subsets(found, results, ids)


def _read(doc: Doc, quantity: Quantity) -> _Found | None:
    span = doc.char_span(quantity.evidence.start, quantity.evidence.end, alignment_mode="expand")
    if span is None or span.end >= len(doc) + 1:
        return None
    noun = _counted_noun(doc, span)
    if noun is None or noun.lemma_.lower() in NOT_PEOPLE or noun.lower_ in NOT_PEOPLE:
        return None
    verb, outcome = _outcome(noun)
    if verb is None or outcome is None:
        return None
    who_start = span.end
    if doc[who_start].lower_ == "of":  # "dozens of people"
        who_start += 1
    while who_start < noun.i and doc[who_start].pos_ == "DET":
        who_start += 1
    return _Found(quantity, noun, verb, outcome, doc[who_start : noun.i + 1])


def _counted_noun(doc: Doc, span: Span) -> Token | None:
    """The noun the number counts: the head of the phrase right after it."""
    i = span.end
    if i < len(doc) and doc[i].lower_ == "of":
        i += 1
    # Walk over modifiers ("senior", "IRGC", "Syrian") to the head noun.
    while i < len(doc) and doc[i].pos_ in ("ADJ", "PROPN", "NOUN", "DET", "ADV", "PUNCT"):
        token = doc[i]
        if token.pos_ == "NOUN" and (i + 1 >= len(doc) or doc[i + 1].pos_ not in ("NOUN",)):
            return token
        if token.pos_ == "PUNCT" and token.text not in ("-",):
            return None
        i += 1
    # "Some 30 were killed": the number itself is the subject.
    root = span.root
    if root.dep_ in ("nsubj", "nsubjpass", "dobj"):
        return root
    return None


def _outcome(noun: Token) -> tuple[Token | None, Outcome | None]:
    # "four senior officers killed last month": a participle modifying the noun.
    for child in noun.children:
        if child.dep_ in ("acl", "relcl", "amod") and child.lemma_.lower() in OUTCOME_VERBS:
            return child, OUTCOME_VERBS[child.lemma_.lower()]
        if child.dep_ == "amod" and child.lower_ in OUTCOME_ADJECTIVES:
            return child, OUTCOME_ADJECTIVES[child.lower_]
    subject = noun
    if noun.dep_ == "pobj" and noun.head.lower_ == "of":
        subject = noun.head.head  # "Dozens of people were wounded": "Dozens" is the subject
    head = subject.head
    if subject.dep_ in ("nsubjpass", "dobj", "nsubj") and head.pos_ in ("VERB", "AUX", "ADJ"):
        lemma = head.lemma_.lower()
        if subject.dep_ == "nsubj" and head.pos_ == "AUX":
            # "12 people were dead / missing"
            for child in head.children:
                if child.dep_ == "acomp" and child.lower_ in OUTCOME_ADJECTIVES:
                    return head, OUTCOME_ADJECTIVES[child.lower_]
            return None, None
        if subject.dep_ == "nsubj" and lemma not in ("die", "perish", "disappear", "vanish"):
            return None, None  # "30 fighters killed two soldiers": they did the killing
        if lemma in OUTCOME_VERBS:
            return head, OUTCOME_VERBS[lemma]
    return None, None


def _subtree_indices(token: Token) -> list[int]:
    return [t.i for t in token.subtree]


def _period(doc: Doc, times: Sequence[TimeRef], clause: set[int], item: _Found) -> TimeRef | None:
    """The date expression attached to the outcome verb, nearest to it."""
    candidates = []
    for time in times:
        # A set ("every Friday") is no period; an anchored duration ("over the past
        # several weeks") is, and so is one that could not be resolved without a date.
        if time.type == "SET":
            continue
        span = doc.char_span(time.evidence.start, time.evidence.end, alignment_mode="expand")
        if span is None or not any(t.i in clause for t in span):
            continue
        # A date inside a subset's own clause belongs to the subset, not to this count.
        if any(_under_subset_marker(t, item.verb) for t in span):
            continue
        candidates.append((abs(span.start - item.verb.i), time))
    return min(candidates, key=lambda c: c[0])[1] if candidates else None


def _under_subset_marker(token: Token, verb: Token) -> bool:
    node = token
    while node.i != verb.i and node.head.i != node.i:
        if node.lower_ in SUBSET_MARKERS and node.dep_ == "prep":
            return True
        node = node.head
    return False


def _link_subsets(
    found: list[_Found], results: list[Casualty], ids: dict[int, str]
) -> list[Casualty]:
    """Mark counts introduced by "including"/"among" as part of the enclosing count."""
    linked = []
    for item, casualty in zip(found, results, strict=True):
        parent = None
        node = item.noun
        while node.head.i != node.i:
            if node.dep_ == "pobj" and node.head.lower_ in SUBSET_MARKERS:
                marker_head = node.head.head
                parent = next(
                    (
                        other
                        for other in found
                        if other is not item
                        and other.outcome == item.outcome
                        and (marker_head.i == other.noun.i or marker_head.i == other.verb.i)
                    ),
                    None,
                )
                break
            node = node.head
        if parent is not None:
            casualty = _replace_part_of(casualty, ids[parent.noun.i])
        linked.append(casualty)
    return linked


def _replace_part_of(casualty: Casualty, parent_id: str) -> Casualty:
    return replace(casualty, part_of=parent_id)


def _evidence(doc_id: str, span: Span) -> Evidence:
    return Evidence(doc=doc_id, start=span.start_char, end=span.end_char, text=span.text)
