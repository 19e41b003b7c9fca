"""Find the time expressions of a parsed document and resolve them in reading order.

Candidates are the model's DATE and TIME entities plus patterns the small model misses
("two days ago", "earlier that month", "every Friday", "recently", "now", "the next day").
Overlapping candidates give way to the longest one that is a time expression; a model
entity that is not one as a whole ("May 3 and May 5", "2010-2014") is split at its
conjunctions and dashes and its parts are tried.

Evidence convention: the span is the time expression as TimeML marks it, so the output
maps onto TIMEX3 extents: a leading "the" stays ("the past several weeks"), prepositions
that leave the meaning unchanged stay out ("over", "for", "in", "during": "six weeks" is a
duration with or without "for"). Two words that change the meaning are taken in:
"every"/"each" (a set: "every Friday") and "since" ("since 2014" is 2014 up to
publication). Ages ("23 years old", "a 23-year-old") are not times.

Tense, for a weekday or a month named without a year, comes from the governing verb:
past (VBD/VBN, Tense=Past), future (a "will"/"shall"/"'ll" auxiliary, "going to"),
present otherwise. "previous" for anaphora is the latest resolved DATE or TIME earlier
in the document.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from spacy.tokens import Doc, Span, Token

from eventwire.doc_text import doc_text
from eventwire.records import Evidence, TimeRef
from eventwire.times.model import Tense
from eventwire.times.resolve import resolve
from eventwire.times.words import UNIT_RE, VAGUE_RE

__all__ = ["find_times", "tense_of"]

_NUM = (
    r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen"
    r"|twenty|thirty|forty|fifty|a couple of|" + VAGUE_RE[1:-1] + ")"
)
_WEEKDAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_MONTH = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november"
    r"|december)"
)
_GRANULE = r"(?:day|week|weekend|month|year|quarter|morning|afternoon|evening|night)"
_PATTERNS = re.compile(
    "|".join(
        (
            rf"\b(?:every|each)(?: other)? "
            rf"(?:(?:{_NUM} )?{UNIT_RE}|{_WEEKDAY}|{_MONTH}|{_GRANULE})\b",
            rf"\b{_NUM} {UNIT_RE} (?:ago|earlier|later|before|afterwards?|from now)\b",
            rf"\b(?:earlier|later) (?:this|that|last|next|in the) {_GRANULE}\b",
            rf"\b(?:(?:last|this|next|that) )?{_WEEKDAY}s?\b",
            r"\b(?:the )?(?:next|following|previous|preceding|same) (?:day|morning|night|week)\b",
            r"\b(?:that|the same) (?:day|week|month|year|morning|night)\b",
            r"\bthe day (?:before|after)(?: (?:yesterday|tomorrow))?\b",
            r"\b(?:recently|lately|currently|nowadays|now|today|yesterday|tomorrow|tonight"
            r"|last night|these days|at present|in the past|in the future)\b",
            r"\b(?:daily|weekly|monthly|annually|yearly|hourly|nightly)\b",
        )
    ),
    re.IGNORECASE,
)
# Every alternative above starts at the start of a word: trying _PATTERNS only there
# finds what finditer finds, without trying nine alternatives at every character.
_WORD_START = re.compile(r"\b\w")


def pattern_matches(text: str) -> Iterator[re.Match[str]]:
    """``_PATTERNS.finditer(text)``: the same matches, found by trying the pattern at
    word starts only (leftmost first, none overlapping)."""
    end = 0
    for start in _WORD_START.finditer(text):
        if start.start() < end:
            continue
        match = _PATTERNS.match(text, start.start())
        if match is not None:
            yield match
            end = match.end()


_SPLIT = {"and", "to", "through", "or", "until", "till", "-", "–", "—", ",", "/", "between"}
_WIDEN = {"since", "every", "each"}
_PAST_TAGS = {"VBD", "VBN"}
_FUTURE_AUX = {"will", "shall", "'ll", "wo"}
_SET_ADVERBS = {"daily", "weekly", "monthly", "annually", "yearly", "hourly", "nightly"}


def find_times(
    doc: Doc, *, doc_id: str, published: date | None, day_first: bool = False
) -> list[TimeRef]:
    """The time expressions of ``doc``, in reading order, each resolved against the
    publication date and the previous time of the discourse."""
    times: list[TimeRef] = []
    previous: TimeRef | None = None
    for span in _spans(doc, published=published, day_first=day_first):
        found = resolve(
            span.text,
            published=published,
            previous=previous,
            tense=tense_of(span),
            day_first=day_first,
        )
        if found is None:
            continue
        evidence = Evidence(doc=doc_id, start=span.start_char, end=span.end_char, text=span.text)
        ref = TimeRef(
            evidence=evidence,
            type=found.type,
            value=found.value,
            start=found.start,
            end=found.end,
            precision=found.precision,
            anchor=found.anchor,
        )
        times.append(ref)
        if ref.type in ("DATE", "TIME") and ref.start is not None:
            previous = ref
    return times


def tense_of(span: Span) -> Tense | None:
    """The tense of the verb governing ``span`` (None when there is no verb above it)."""
    token: Token = span.root
    for _ in range(6):
        if token.pos_ in ("VERB", "AUX") and token is not span.root:
            break
        if token.head is token:
            return None
        token = token.head
    else:
        return None
    if token.pos_ not in ("VERB", "AUX"):
        return None
    children = [c.lower_ for c in token.children if c.dep_ in ("aux", "auxpass")]
    if any(c in _FUTURE_AUX for c in children) or _going_to(token):
        return "future"
    if token.tag_ in _PAST_TAGS or "Past" in token.morph.get("Tense", []):
        if token.tag_ == "VBN" and any(c in _FUTURE_AUX for c in children):
            return "future"
        return "past"
    if any(c in ("did", "was", "were", "had") for c in children):
        return "past"
    return "present"


def _going_to(verb: Token) -> bool:
    head = verb.head
    return head.lower_ == "going" and any(
        c.lower_ in ("is", "are", "am", "'s", "'re") for c in head.children
    )


def _spans(doc: Doc, *, published: date | None, day_first: bool) -> list[Span]:
    """Non-overlapping candidate spans that are time expressions, in reading order."""

    def is_time(span: Span) -> bool:
        return resolve(span.text, published=published, day_first=day_first) is not None

    candidates: list[Span] = []
    ents = [ent for ent in doc.ents if ent.label_ in ("DATE", "TIME")]
    for ent, following in zip(ents, [*ents[1:], None], strict=False):
        candidates.append(ent)
        candidates.extend(_parts(ent))
        if following is not None and following.start == ent.end:
            # The model splits "Tuesday morning" into a DATE and a TIME.
            candidates.append(doc[ent.start : following.end])
    for match in pattern_matches(doc_text(doc)):
        span = doc.char_span(match.start(), match.end(), alignment_mode="strict")
        if span is not None and _pattern_ok(span):
            candidates.append(span)
    chosen: list[Span] = []
    taken: set[int] = set()
    for span in sorted(set(candidates), key=lambda s: (-(s.end - s.start), s.start)):
        span = _widen(span)
        if taken.intersection(range(span.start, span.end)) or not is_time(span):
            continue
        chosen.append(span)
        taken.update(range(span.start, span.end))
    return sorted(chosen, key=lambda s: s.start)


def _parts(ent: Span) -> list[Span]:
    """The pieces of an entity between conjunctions, dashes and commas."""
    cuts = [i for i, token in enumerate(ent) if token.lower_ in _SPLIT]
    if not cuts:
        return []
    parts, begin = [], 0
    for cut in [*cuts, len(ent)]:
        if cut > begin:
            parts.append(ent[begin:cut])
        begin = cut + 1
    return parts


def _pattern_ok(span: Span) -> bool:
    """A pattern match the parse agrees is temporal: "weekly" as an adverb, not in
    "a weekly newspaper"; "now" not as a discourse marker opening a clause."""
    first = span[0]
    if len(span) == 1 and first.lower_ in _SET_ADVERBS:
        return first.dep_ == "advmod" and first.head.pos_ in ("VERB", "AUX")
    if len(span) == 1 and first.lower_ == "now":
        return first.dep_ != "intj"
    return True


def _widen(span: Span) -> Span:
    """Take in a "since", "every" or "each" just before the span."""
    if span.start == 0:
        return span
    before = span.doc[span.start - 1]
    if before.lower_ in _WIDEN:
        return span.doc[span.start - 1 : span.end]
    return span
