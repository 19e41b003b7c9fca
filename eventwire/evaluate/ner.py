"""Score entity recognition against token-level gold data (CoNLL-2003, UniversalNER).

How a score is computed:

1. Each gold sentence is rebuilt as text by joining its tokens with single spaces; the
   character offsets of every token are kept.
2. The tagger receives batches of those texts and returns, per text, predicted
   ``(start_char, end_char, label)`` spans. Any pipeline fits: :func:`spacy_tagger` wraps
   a spaCy ``Language``.
3. Alignment: a predicted span covers every gold token it overlaps by at least one
   character, so a span that cuts a token (``Obama`` inside ``Obama-led``) is widened to
   the whole token. This forgives tokenisation differences between the tagger and the gold
   data, never a wrong entity boundary at token level. A span that overlaps no token (it
   covers only spaces) is not scored and counted as ``unaligned``.
4. The label mapping turns predicted labels into gold types or ignores them (``None``);
   labels the mapping does not know are not scored and counted under ``unmapped``.
5. Scoring is exact match on ``(sentence, token start, token end, type)``; identical
   predictions count once. Precision, recall and F1 are 0 when undefined (nothing
   predicted, nothing in gold).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING

from eventwire.evaluate.conll import Sentence

if TYPE_CHECKING:
    from spacy.language import Language

CharSpan = tuple[int, int, str]
Tagger = Callable[[list[str]], list[list[CharSpan]]]
"""Takes a batch of texts, returns for each text its predicted (start, end, label) spans."""
Progress = Callable[[int, int], None]
"""Called with (sentences done, sentences in total) after each batch."""

_Key = tuple[int, int, int, str]


@dataclass(frozen=True, slots=True)
class LabelMapping:
    """How predicted labels become gold types; a label mapped to ``None`` is ignored."""

    name: str
    gold_types: tuple[str, ...]
    table: Mapping[str, str | None]

    def __post_init__(self) -> None:
        stray = sorted({t for t in self.table.values() if t is not None} - set(self.gold_types))
        if stray:
            raise ValueError(
                f"mapping {self.name!r} maps labels to {stray}, which are not among its gold "
                f"types {list(self.gold_types)}; add them to gold_types or map to None"
            )
        object.__setattr__(self, "table", MappingProxyType(dict(self.table)))

    def as_dict(self) -> dict[str, object]:
        return {
            "name": self.name,
            "gold_types": list(self.gold_types),
            "labels": dict(self.table),
        }

    def describe(self) -> str:
        """One line per gold type: ``LOC <- FAC, GPE, LOC, PLACE``, then the ignored labels."""
        lines = [f"label mapping {self.name!r} (predicted -> gold):"]
        for gold in self.gold_types:
            sources = sorted(label for label, target in self.table.items() if target == gold)
            lines.append(f"  {gold:<5} <- {', '.join(sources) or '(nothing)'}")
        ignored = sorted(label for label, target in self.table.items() if target is None)
        lines.append(f"  ignored: {', '.join(ignored) or '(nothing)'}")
        return "\n".join(lines)


CONLL2003_MAPPING = LabelMapping(
    name="conll2003",
    gold_types=("PER", "ORG", "LOC", "MISC"),
    table={
        # spaCy (OntoNotes) labels
        "PERSON": "PER",
        "ORG": "ORG",
        "GPE": "LOC",
        "LOC": "LOC",
        "FAC": "LOC",
        "NORP": "MISC",
        "EVENT": "MISC",
        "LANGUAGE": "MISC",
        "WORK_OF_ART": "MISC",
        "PRODUCT": "MISC",
        "LAW": "MISC",
        "DATE": None,
        "TIME": None,
        "CARDINAL": None,
        "ORDINAL": None,
        "MONEY": None,
        "PERCENT": None,
        "QUANTITY": None,
        # eventwire's own labels (PERSON is shared with spaCy)
        "ACTOR": "ORG",
        "PLACE": "LOC",
        "GROUP": "MISC",
    },
)

UNER_MAPPING = LabelMapping(
    name="uner",
    gold_types=("PER", "ORG", "LOC"),
    table={
        label: (None if target == "MISC" else target)
        for label, target in CONLL2003_MAPPING.table.items()
    },
)

DEFAULT_MAPPINGS: tuple[LabelMapping, ...] = (UNER_MAPPING, CONLL2003_MAPPING)
"""Tried in order by :func:`select_mapping`: the first that covers the gold types wins."""


def gold_types(sentences: Iterable[Sentence]) -> frozenset[str]:
    return frozenset(span.label for sentence in sentences for span in sentence.spans)


def select_mapping(
    sentences: Sequence[Sentence], *, candidates: Sequence[LabelMapping] = DEFAULT_MAPPINGS
) -> LabelMapping:
    """The first candidate whose gold types include every type in the gold data.

    With the defaults: gold data with MISC gets the CoNLL-2003 mapping, gold data with only
    PER/ORG/LOC the UniversalNER one (MISC-like predictions are dropped, not counted wrong).
    """
    found = gold_types(sentences)
    for mapping in candidates:
        if found <= set(mapping.gold_types):
            return mapping
    names = ", ".join(f"{m.name} {list(m.gold_types)}" for m in candidates)
    raise ValueError(
        f"gold types {sorted(found)} are not covered by any mapping ({names}); pass "
        "mapping=LabelMapping(...) that maps predicted labels to these types"
    )


@dataclass(frozen=True, slots=True)
class Score:
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        predicted = self.tp + self.fp
        return self.tp / predicted if predicted else 0.0

    @property
    def recall(self) -> float:
        gold = self.tp + self.fn
        return self.tp / gold if gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
        }


@dataclass(frozen=True, slots=True)
class NerReport:
    """Scores per gold type and overall (micro-averaged), with what was not scored."""

    overall: Score
    per_type: Mapping[str, Score]
    mapping: LabelMapping
    sentences: int
    data: str | None = None
    unmapped: Mapping[str, int] = field(default_factory=dict)
    unaligned: int = 0

    def as_dict(self) -> dict[str, object]:
        return {
            "overall": self.overall.as_dict(),
            "per_type": {name: score.as_dict() for name, score in self.per_type.items()},
            "mapping": self.mapping.as_dict(),
            "sentences": self.sentences,
            "data": self.data,
            "unmapped": dict(self.unmapped),
            "unaligned": self.unaligned,
        }


def sentence_text(tokens: Sequence[str]) -> tuple[str, tuple[int, ...], tuple[int, ...]]:
    """The tokens joined by single spaces, with each token's start and end offsets."""
    starts: list[int] = []
    ends: list[int] = []
    offset = 0
    for token in tokens:
        starts.append(offset)
        offset += len(token)
        ends.append(offset)
        offset += 1
    return " ".join(tokens), tuple(starts), tuple(ends)


def align_span(
    starts: Sequence[int], ends: Sequence[int], start_char: int, end_char: int
) -> tuple[int, int] | None:
    """Token range ``(first, last + 1)`` of the tokens a character span overlaps."""
    first = bisect_right(ends, start_char)
    stop = bisect_left(starts, end_char)
    return (first, stop) if first < stop else None


def _check_spans(predicted: Sequence[CharSpan], text: str, index: int) -> None:
    for span in predicted:
        start, end, _ = span
        if not 0 <= start < end <= len(text):
            raise ValueError(
                f"the tagger returned {span!r} for sentence {index}, outside its text of "
                f"{len(text)} characters; spans must satisfy 0 <= start < end <= len(text)"
            )


def evaluate_ner(
    sentences: Sequence[Sentence],
    tagger: Tagger,
    *,
    mapping: LabelMapping | None = None,
    batch_size: int = 256,
    progress: Progress | None = None,
    data: str | None = None,
) -> NerReport:
    """Tag every gold sentence and score the predictions (see the module docstring).

    ``mapping=None`` picks one of :data:`DEFAULT_MAPPINGS` with :func:`select_mapping`;
    ``data`` names the gold file in the report.
    """
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, not {batch_size}")
    chosen = mapping if mapping is not None else select_mapping(sentences)
    gold: set[_Key] = {
        (index, span.start, span.end, span.label)
        for index, sentence in enumerate(sentences)
        for span in sentence.spans
    }
    predicted: set[_Key] = set()
    unmapped: Counter[str] = Counter()
    unaligned = 0
    for batch_start in range(0, len(sentences), batch_size):
        batch = sentences[batch_start : batch_start + batch_size]
        rendered = [sentence_text(sentence.tokens) for sentence in batch]
        texts = [text for text, _, _ in rendered]
        results = tagger(texts)
        if len(results) != len(texts):
            raise ValueError(
                f"the tagger returned {len(results)} results for {len(texts)} texts; it must "
                "return one list of spans per text, in order"
            )
        for offset, ((text, starts, ends), spans) in enumerate(zip(rendered, results, strict=True)):
            index = batch_start + offset
            _check_spans(spans, text, index)
            for start_char, end_char, label in spans:
                if label not in chosen.table:
                    unmapped[label] += 1
                    continue
                target = chosen.table[label]
                if target is None:
                    continue
                tokens = align_span(starts, ends, start_char, end_char)
                if tokens is None:
                    unaligned += 1
                    continue
                predicted.add((index, tokens[0], tokens[1], target))
        if progress is not None:
            progress(batch_start + len(batch), len(sentences))
    return _report(
        gold,
        predicted,
        mapping=chosen,
        sentences=len(sentences),
        data=data,
        unmapped=dict(sorted(unmapped.items())),
        unaligned=unaligned,
    )


def _report(
    gold: set[_Key],
    predicted: set[_Key],
    *,
    mapping: LabelMapping,
    sentences: int,
    data: str | None,
    unmapped: dict[str, int],
    unaligned: int,
) -> NerReport:
    types = list(mapping.gold_types) + sorted({k[3] for k in gold} - set(mapping.gold_types))
    per_type: dict[str, Score] = {}
    for name in types:
        gold_t = {k for k in gold if k[3] == name}
        predicted_t = {k for k in predicted if k[3] == name}
        per_type[name] = Score(
            tp=len(gold_t & predicted_t),
            fp=len(predicted_t - gold_t),
            fn=len(gold_t - predicted_t),
        )
    overall = Score(tp=len(gold & predicted), fp=len(predicted - gold), fn=len(gold - predicted))
    return NerReport(
        overall=overall,
        per_type=MappingProxyType(per_type),
        mapping=mapping,
        sentences=sentences,
        data=data,
        unmapped=MappingProxyType(unmapped),
        unaligned=unaligned,
    )


def format_report(report: NerReport) -> str:
    """A plain-text table of the report, with the label mapping stated."""
    title = f"NER evaluation: {report.data or '(unnamed data)'}, {report.sentences} sentences"
    header = f"{'type':<8}{'precision':>10}{'recall':>8}{'f1':>8}{'tp':>7}{'fp':>7}{'fn':>7}"
    rows = [title, "", header, "-" * len(header)]

    def row(name: str, score: Score) -> str:
        return (
            f"{name:<8}{score.precision:>10.3f}{score.recall:>8.3f}{score.f1:>8.3f}"
            f"{score.tp:>7}{score.fp:>7}{score.fn:>7}"
        )

    rows.extend(row(name, score) for name, score in report.per_type.items())
    rows.append("-" * len(header))
    rows.append(row("overall", report.overall))
    rows.append("")
    rows.append(report.mapping.describe())
    if report.unmapped:
        listed = ", ".join(f"{label} ({count})" for label, count in report.unmapped.items())
        rows.append(f"not scored, label unknown to the mapping: {listed}")
    if report.unaligned:
        rows.append(f"not scored, span covers no token: {report.unaligned}")
    return "\n".join(rows)


def spacy_tagger(nlp: Language, *, batch_size: int = 64) -> Tagger:
    """A :data:`Tagger` returning ``doc.ents`` of any spaCy pipeline, run with ``nlp.pipe``."""

    def tag(texts: list[str]) -> list[list[CharSpan]]:
        return [
            [(ent.start_char, ent.end_char, ent.label_) for ent in doc.ents]
            for doc in nlp.pipe(texts, batch_size=batch_size)
        ]

    return tag
