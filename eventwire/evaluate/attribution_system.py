"""eventwire's attribution frames as a system for `eventwire eval attribution`.

Each text goes through the full pipeline (:func:`eventwire.extract.pipeline.build_pipeline`)
and an :class:`~eventwire.extract.attribution.Attributor` built as
:func:`eventwire.extract.analyse.analyse` builds it. Every frame then predicts:

- a *cue*: the frame's own cue words ("said", "according to", "reportedly"), widened
  to the auxiliaries right before a reporting verb ("has said", "will tell"), since
  PolNeAR's cues take the whole verb group;
- a *source*: the phrase this frame's own subject names. PolNeAR marks the local
  mention as the source ("he" in "he said", "the source" in "the source added"), not
  the entity it refers to, so a frame whose chain is borrowed from an antecedent
  ("the same source also revealed") or from an outer frame ("reportedly" inside a
  quotation) is given the span of its own subject, or no source when it has none.
  The Attributor's innermost source span is used when it lies inside that subject
  phrase; a ``reports`` source whose span is the cue itself ("were reported killed",
  "reportedly") names nobody and is left out;
- a *content*: the smallest character range covering the frame's content tokens,
  without punctuation or whitespace at its edges.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from eventwire.evaluate.attribution import (
    AttributionReport,
    AttributionTagger,
    PredictedAttribution,
    Progress,
    evaluate_attribution,
)
from eventwire.evaluate.attribution import Span as CharSpan
from eventwire.evaluate.attributiondata import read_attribution_folder
from eventwire.events import normalise_lemma
from eventwire.extract.attribution import Attributor, Frame, trim_phrase
from eventwire.extract.cues import Cues, load_cues
from eventwire.extract.entities import Findings
from eventwire.extract.extensions import FINDINGS
from eventwire.records import Actor

RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom", "whose"})
"""Subjects the Attributor passes over for a verb's source (as it does)."""
AUX_DEPS = frozenset({"aux", "auxpass", "neg"})
"""Words before a reporting verb that PolNeAR's cue spans take in ("has said", "did not say")."""


def attributor_for(doc: Doc, *, doc_id: str = "eval") -> Attributor:
    """The Attributor over a parsed document, built as ``analyse`` builds it."""
    findings: Findings = getattr(doc._, FINDINGS)
    return Attributor(
        doc,
        doc_id=doc_id,
        cues=load_cues(),
        mentions=findings.spans,
        actor_kinds={e.id: e.kind for e in findings.entities if isinstance(e, Actor)},
        entity_names={e.id: e.name for e in findings.entities},
    )


def _tokens_in(doc: Doc, start: int, end: int) -> list[Token]:
    span = doc.char_span(start, end, alignment_mode="expand")
    return list(span) if span is not None else []


def _is_reporting_verb(token: Token, cues: Cues) -> bool:
    return token.pos_ == "VERB" and normalise_lemma(token.lemma_) in cues.reporting_verbs


def _verb_subject(verb: Token) -> Token | None:
    """The verb's subject as the Attributor finds it (inherited by participles)."""
    named = [c for c in verb.children if c.dep_ == "nsubj" and c.lower_ not in RELATIVE_PRONOUNS]
    if named:
        return named[-1]
    if verb.dep_ in ("advcl", "conj", "xcomp") and verb.head.pos_ in ("VERB", "AUX"):
        return _verb_subject(verb.head)
    return None


def _own_subject(frame: Frame, doc: Doc, cues: Cues) -> Token | None:
    """The token naming this frame's own source: a reporting verb's subject or the
    object of an attribution phrase; ``None`` for adverbs and sourceless frames."""
    tokens = _tokens_in(doc, frame.cue.start, frame.cue.end)
    if not tokens:
        return None
    first = tokens[0]
    if len(tokens) == 1 and _is_reporting_verb(first, cues):
        if any(c.dep_ == "neg" for c in first.children):
            return None  # "has not confirmed": the Attributor names no source
        return _verb_subject(first)
    if len(tokens) == 1 and first.dep_ == "advmod" and first.lower_ in cues.adverbs:
        return None
    for token in tokens:
        objects = [c for c in token.children if c.dep_ in ("pobj", "dobj")]
        if objects:
            return objects[0]
    return None


def _phrase(head: Token) -> Span:
    """A source's noun phrase: the head's subtree without relative or reported clauses,
    trimmed of punctuation, whitespace and a trailing possessive."""
    doc = head.doc

    def inside(token: Token) -> bool:
        node = token
        while node.i != head.i and node.head.i != node.i:
            if node.dep_ in ("relcl", "ccomp", "acl", "appos"):
                return False
            node = node.head
        return True

    kept = [t.i for t in head.subtree if inside(t)]
    return trim_phrase(doc, min(kept), max(kept) + 1)


def source_span(frame: Frame, doc: Doc, cues: Cues) -> CharSpan | None:
    """The span naming this frame's own source (see the module docstring), or ``None``."""
    subject = _own_subject(frame, doc, cues)
    if subject is None:
        return None
    phrase = _phrase(subject)
    own = (phrase.start_char, phrase.end_char)
    if frame.sources:
        evidence = frame.sources[-1].evidence
        if (
            evidence is not None
            and not (frame.sources[-1].kind == "reports" and evidence == frame.cue)
            and own[0] <= evidence.start < evidence.end <= own[1]
        ):
            return evidence.start, evidence.end
    return own


def cue_span(frame: Frame, doc: Doc, cues: Cues) -> CharSpan:
    """The frame's cue, with the auxiliaries right before a reporting verb."""
    start, end = frame.cue.start, frame.cue.end
    tokens = _tokens_in(doc, start, end)
    if len(tokens) == 1 and _is_reporting_verb(tokens[0], cues):
        verb = tokens[0]
        i = verb.i - 1
        while i >= 0 and doc[i].head.i == verb.i and doc[i].dep_ in AUX_DEPS:
            start = doc[i].idx
            i -= 1
    return start, end


def content_span(frame: Frame, doc: Doc) -> CharSpan | None:
    """The smallest range covering the content tokens, trimmed of punctuation."""
    kept = sorted(i for i in frame.content if not (doc[i].is_punct or doc[i].is_space))
    if not kept:
        return None
    first, last = doc[kept[0]], doc[kept[-1]]
    start, end = first.idx, last.idx + len(last.text)
    text = doc.text
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def predict(doc: Doc, frames: Iterable[Frame]) -> PredictedAttribution:
    """The source, cue and content spans of the frames found in one parsed document."""
    cues = load_cues()
    sources: list[CharSpan] = []
    cue_spans: list[CharSpan] = []
    contents: list[CharSpan] = []
    for frame in frames:
        cue_spans.append(cue_span(frame, doc, cues))
        source = source_span(frame, doc, cues)
        if source is not None:
            sources.append(source)
        content = content_span(frame, doc)
        if content is not None:
            contents.append(content)
    return PredictedAttribution(sources=sources, cues=cue_spans, contents=contents)


def attribution_tagger(nlp: Language, *, batch_size: int = 8) -> AttributionTagger:
    """A tagger running ``nlp`` (the full pipeline) and eventwire's Attributor."""

    def tag(texts: list[str]) -> list[PredictedAttribution]:
        results: list[PredictedAttribution] = []
        for n, doc in enumerate(nlp.pipe(texts, batch_size=batch_size)):
            attributor = attributor_for(doc, doc_id=f"eval-{n}")
            results.append(predict(doc, attributor.frames))
        return results

    return tag


def score_attribution(
    data: Path, *, baseline: bool = False, progress: Progress | None = None
) -> AttributionReport:
    """Score eventwire's attribution frames (or the reporting-verb baseline) on ``data``."""
    from eventwire.evaluate.attribution import reporting_verb_cue_tagger

    docs = read_attribution_folder(data)
    if baseline:
        tagger = reporting_verb_cue_tagger()
    else:
        from eventwire.extract.pipeline import build_pipeline

        tagger = attribution_tagger(build_pipeline())
    return evaluate_attribution(docs, tagger, progress=progress, data=str(data))
