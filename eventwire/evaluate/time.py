"""Score TIMEX3 extraction and normalisation on TimeML gold data, as TempEval-3 does.

The definitions follow TempEval-3 (UzZaman et al., SemEval-2013 Task 1) and its scorer
(``evaluation-entities/evaluate_entities.py`` of the TempEval-3 toolkit):

1. The tagger receives batches of ``(text, creation date)``: the plain text of each gold
   document and the day of its document creation time (DCT), or ``None`` when the file
   has none. It returns, per text, predicted ``(start_char, end_char, type, value)``;
   ``value`` is ``None`` when the tagger does not normalise. The DCT timex itself lies
   outside the text and is not scored, as in TempEval-3.
2. Pairing, per document and one-to-one: first every predicted span identical to a gold
   span is paired with it (a *strict* match); then the remaining predictions and gold
   timexes that overlap by at least one character are paired, taking the largest number
   of pairs (maximum bipartite matching; among candidates, larger overlap first). Strict
   pairs and overlap pairs together are the *relaxed* matches. TempEval-3 counts overlap
   in tokens; a character overlap is the same thing for spans that start and end at token
   boundaries, and spans the tagger cuts inside a word still count. Identical predicted
   spans count once (the first is kept).
3. Strict and relaxed precision = matches / predictions, recall = matches / gold timexes,
   F1 = their harmonic mean (0 when undefined).
4. Attributes are judged over the relaxed matches: type accuracy = matches with the gold
   type / relaxed matches, value accuracy = matches with the gold value (exact string) /
   relaxed matches. A prediction without a value never has the right one.
5. Attribute F1 is relaxed F1 × attribute accuracy, which is how the TempEval-3 scorer
   computes it (``performance_value = value_match / relaxed_match × relaxed_fscore``) and
   equals the F1 of attribute precision (right values / predictions) and attribute recall
   (right values / gold timexes). ``value_f1`` is the figure TempEval-3 ranks systems by.

The report also keeps the errors worth reading: gold timexes found and missed per type,
the most frequent missed gold expressions, spurious predictions, and value mismatches as
``(gold, predicted)`` pairs and as shapes (digits written ``9``: ``1998-10`` vs ``1998-11``
becomes ``9999-99`` vs ``9999-99``, a wrong anchor, not a wrong granularity).

:func:`bare_model_tagger` is an honest baseline: the bare spaCy model's DATE and TIME
entities, typed DATE/TIME, with no value — its value F1 is 0 by construction; its
extraction F1 shows what the model finds before any time rules.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType
from typing import TYPE_CHECKING

from eventwire.evaluate.ner import Score
from eventwire.evaluate.timeml import TIMEX_TYPES, GoldTimex, TimeDoc

if TYPE_CHECKING:
    from spacy.language import Language

PredictedTimex = tuple[int, int, str, str | None]
"""``(start_char, end_char, TIMEX3 type, value or None)``."""
TimeTagger = Callable[[list[tuple[str, date | None]]], list[list[PredictedTimex]]]
"""Takes a batch of (text, creation date), returns for each text its predicted timexes."""
Progress = Callable[[int, int], None]
"""Called with (documents done, documents in total) after each batch."""

TOP = 15
"""How many entries each error list keeps."""

_DIGIT = re.compile(r"\d")


@dataclass(frozen=True, slots=True)
class TypeBreakdown:
    """For the gold timexes of one type: how many, how many found, how many resolved."""

    gold: int
    found: int
    value_correct: int

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "gold": self.gold,
            "found": self.found,
            "value_correct": self.value_correct,
            "recall": self.recall,
        }


@dataclass(frozen=True, slots=True)
class TimeReport:
    """TempEval-3 figures for TIMEX3 extraction and normalisation, with the main errors."""

    strict: Score
    relaxed: Score
    type_matches: int
    value_matches: int
    documents: int
    by_type: Mapping[str, TypeBreakdown]
    data: str | None = None
    without_dct: int = 0
    missed: tuple[tuple[str, str, int], ...] = ()
    """Most frequent missed gold timexes: ``(type, lower-cased text, count)``."""
    spurious: tuple[tuple[str, int], ...] = ()
    """Most frequent predictions that overlap no gold timex: ``(lower-cased text, count)``."""
    value_errors: tuple[tuple[str, str, int], ...] = ()
    """Most frequent value mismatches: ``(gold value, predicted value or "(none)", count)``."""
    value_error_shapes: tuple[tuple[str, str, int], ...] = ()
    type_errors: tuple[tuple[str, str, int], ...] = ()

    @property
    def gold(self) -> int:
        return self.relaxed.tp + self.relaxed.fn

    @property
    def predicted(self) -> int:
        return self.relaxed.tp + self.relaxed.fp

    @property
    def type_accuracy(self) -> float:
        return self.type_matches / self.relaxed.tp if self.relaxed.tp else 0.0

    @property
    def value_accuracy(self) -> float:
        return self.value_matches / self.relaxed.tp if self.relaxed.tp else 0.0

    @property
    def type_f1(self) -> float:
        return self.relaxed.f1 * self.type_accuracy

    @property
    def value_f1(self) -> float:
        return self.relaxed.f1 * self.value_accuracy

    def as_dict(self) -> dict[str, object]:
        return {
            "strict": self.strict.as_dict(),
            "relaxed": self.relaxed.as_dict(),
            "type_accuracy": self.type_accuracy,
            "value_accuracy": self.value_accuracy,
            "type_f1": self.type_f1,
            "value_f1": self.value_f1,
            "type_matches": self.type_matches,
            "value_matches": self.value_matches,
            "gold": self.gold,
            "predicted": self.predicted,
            "documents": self.documents,
            "without_dct": self.without_dct,
            "data": self.data,
            "by_type": {name: counts.as_dict() for name, counts in self.by_type.items()},
            "missed": [{"type": t, "text": x, "count": n} for t, x, n in self.missed],
            "spurious": [{"text": x, "count": n} for x, n in self.spurious],
            "value_errors": [
                {"gold": g, "predicted": p, "count": n} for g, p, n in self.value_errors
            ],
            "value_error_shapes": [
                {"gold": g, "predicted": p, "count": n} for g, p, n in self.value_error_shapes
            ],
            "type_errors": [
                {"gold": g, "predicted": p, "count": n} for g, p, n in self.type_errors
            ],
        }


@dataclass(frozen=True, slots=True)
class Pairing:
    """The one-to-one pairs of a document: ``(gold index, predicted index, strict?)``."""

    pairs: tuple[tuple[int, int, bool], ...]

    @property
    def strict(self) -> int:
        return sum(1 for _, _, exact in self.pairs if exact)


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def pair_timexes(gold: Sequence[tuple[int, int]], predicted: Sequence[tuple[int, int]]) -> Pairing:
    """Pair gold and predicted spans one-to-one: identical spans first, then overlaps.

    The overlap pairs are a maximum matching of the remaining spans (augmenting paths,
    candidates tried by larger overlap, then position), so no pairing has more relaxed
    matches than this one given the strict pairs.
    """
    pairs: list[tuple[int, int, bool]] = []
    gold_free = set(range(len(gold)))
    predicted_free = set(range(len(predicted)))
    by_span: dict[tuple[int, int], list[int]] = {}
    for index, span in enumerate(predicted):
        by_span.setdefault(span, []).append(index)
    for g, span in enumerate(gold):
        waiting = by_span.get(span)
        if waiting:
            p = waiting.pop(0)
            pairs.append((g, p, True))
            gold_free.discard(g)
            predicted_free.discard(p)
    candidates: dict[int, list[int]] = {}
    for g in sorted(gold_free):
        near = [p for p in predicted_free if _overlap(gold[g], predicted[p]) > 0]
        near.sort(key=lambda p: (-_overlap(gold[g], predicted[p]), predicted[p]))
        candidates[g] = near
    owner: dict[int, int] = {}

    def augment(g: int, seen: set[int]) -> bool:
        for p in candidates[g]:
            if p in seen:
                continue
            seen.add(p)
            if p not in owner or augment(owner[p], seen):
                owner[p] = g
                return True
        return False

    for g in sorted(gold_free):
        augment(g, set())
    pairs.extend((g, p, False) for p, g in owner.items())
    return Pairing(pairs=tuple(sorted(pairs)))


def value_shape(value: str | None) -> str:
    """A value with every digit written ``9`` (``1998-10-23`` -> ``9999-99-99``)."""
    return "(none)" if value is None else _DIGIT.sub("9", value)


def _check(predicted: Sequence[PredictedTimex], doc: TimeDoc) -> None:
    for timex in predicted:
        start, end = timex[0], timex[1]
        if not 0 <= start < end <= len(doc.text):
            raise ValueError(
                f"the tagger returned {timex!r} for document {doc.name!r}, outside its text "
                f"of {len(doc.text)} characters; spans must satisfy "
                "0 <= start < end <= len(text)"
            )


def _unique(predicted: Iterable[PredictedTimex]) -> list[PredictedTimex]:
    kept: dict[tuple[int, int], PredictedTimex] = {}
    for timex in predicted:
        kept.setdefault((timex[0], timex[1]), timex)
    return list(kept.values())


def _top_pairs(counter: Counter[tuple[str, str]]) -> tuple[tuple[str, str, int], ...]:
    """The :data:`TOP` most frequent pairs, ties in alphabetical order."""
    ranked = sorted(counter.items(), key=lambda item: (-item[1], item[0]))[:TOP]
    return tuple((a, b, n) for (a, b), n in ranked)


@dataclass(slots=True)
class _Tally:
    """Running counts while documents are scored (internal, mutable)."""

    gold: int = 0
    predicted: int = 0
    strict: int = 0
    relaxed: int = 0
    type_matches: int = 0
    value_matches: int = 0
    gold_by_type: Counter[str] = field(default_factory=Counter)
    found_by_type: Counter[str] = field(default_factory=Counter)
    resolved_by_type: Counter[str] = field(default_factory=Counter)
    missed: Counter[tuple[str, str]] = field(default_factory=Counter)
    spurious: Counter[str] = field(default_factory=Counter)
    value_errors: Counter[tuple[str, str]] = field(default_factory=Counter)
    value_shapes: Counter[tuple[str, str]] = field(default_factory=Counter)
    type_errors: Counter[tuple[str, str]] = field(default_factory=Counter)

    def add(self, doc: TimeDoc, predicted: list[PredictedTimex]) -> None:
        gold: tuple[GoldTimex, ...] = doc.timexes
        pairing = pair_timexes([(t.start, t.end) for t in gold], [(p[0], p[1]) for p in predicted])
        self.gold += len(gold)
        self.predicted += len(predicted)
        self.strict += pairing.strict
        self.relaxed += len(pairing.pairs)
        self.gold_by_type.update(t.type for t in gold)
        matched_gold = {g for g, _, _ in pairing.pairs}
        matched_predicted = {p for _, p, _ in pairing.pairs}
        for g, p, _ in pairing.pairs:
            truth, guess = gold[g], predicted[p]
            self.found_by_type[truth.type] += 1
            if guess[2] == truth.type:
                self.type_matches += 1
            else:
                self.type_errors[(truth.type, guess[2])] += 1
            if guess[3] is not None and guess[3] == truth.value:
                self.value_matches += 1
                self.resolved_by_type[truth.type] += 1
            else:
                shown = guess[3] if guess[3] is not None else "(none)"
                self.value_errors[(truth.value, shown)] += 1
                self.value_shapes[(value_shape(truth.value), value_shape(guess[3]))] += 1
        for g, truth in enumerate(gold):
            if g not in matched_gold:
                self.missed[(truth.type, doc.text[truth.start : truth.end].lower())] += 1
        for p, guess in enumerate(predicted):
            if p not in matched_predicted:
                self.spurious[doc.text[guess[0] : guess[1]].lower()] += 1

    def report(self, *, documents: int, without_dct: int, data: str | None) -> TimeReport:
        types = list(TIMEX_TYPES) + sorted(set(self.gold_by_type) - set(TIMEX_TYPES))
        by_type = {
            name: TypeBreakdown(
                gold=self.gold_by_type[name],
                found=self.found_by_type[name],
                value_correct=self.resolved_by_type[name],
            )
            for name in types
        }
        return TimeReport(
            strict=Score(
                tp=self.strict, fp=self.predicted - self.strict, fn=self.gold - self.strict
            ),
            relaxed=Score(
                tp=self.relaxed, fp=self.predicted - self.relaxed, fn=self.gold - self.relaxed
            ),
            type_matches=self.type_matches,
            value_matches=self.value_matches,
            documents=documents,
            by_type=MappingProxyType(by_type),
            data=data,
            without_dct=without_dct,
            missed=_top_pairs(self.missed),
            spurious=tuple(sorted(self.spurious.items(), key=lambda item: (-item[1], item[0])))[
                :TOP
            ],
            value_errors=_top_pairs(self.value_errors),
            value_error_shapes=_top_pairs(self.value_shapes),
            type_errors=_top_pairs(self.type_errors),
        )


def evaluate_time(
    docs: Sequence[TimeDoc],
    tagger: TimeTagger,
    *,
    batch_size: int = 16,
    progress: Progress | None = None,
    data: str | None = None,
) -> TimeReport:
    """Tag every gold document and score the timexes (see the module docstring).

    ``data`` names the gold folder in the report.
    """
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, not {batch_size}")
    tally = _Tally()
    for batch_start in range(0, len(docs), batch_size):
        batch = docs[batch_start : batch_start + batch_size]
        results = tagger([(doc.text, doc.dct) for doc in batch])
        if len(results) != len(batch):
            raise ValueError(
                f"the tagger returned {len(results)} results for {len(batch)} texts; it must "
                "return one list of timexes per text, in order"
            )
        for doc, predicted in zip(batch, results, strict=True):
            _check(predicted, doc)
            tally.add(doc, _unique(predicted))
        if progress is not None:
            progress(batch_start + len(batch), len(docs))
    return tally.report(
        documents=len(docs),
        without_dct=sum(1 for doc in docs if doc.dct is None),
        data=data,
    )


def format_report(report: TimeReport) -> str:
    """A plain-text table of the report, then the errors worth reading."""
    title = (
        f"TIMEX3 evaluation (TempEval-3): {report.data or '(unnamed data)'}, "
        f"{report.documents} documents, {report.gold} gold timexes, "
        f"{report.predicted} predicted"
    )
    header = f"{'match':<9}{'precision':>10}{'recall':>8}{'f1':>8}{'tp':>7}{'fp':>7}{'fn':>7}"
    rows = [title, "", header, "-" * len(header)]
    for name, score in (("strict", report.strict), ("relaxed", report.relaxed)):
        rows.append(
            f"{name:<9}{score.precision:>10.3f}{score.recall:>8.3f}{score.f1:>8.3f}"
            f"{score.tp:>7}{score.fp:>7}{score.fn:>7}"
        )
    rows.append("")
    rows.append(
        f"type   accuracy {report.type_accuracy:.3f} ({report.type_matches}/{report.relaxed.tp}"
        f" relaxed matches)  type F1 {report.type_f1:.3f}"
    )
    rows.append(
        f"value  accuracy {report.value_accuracy:.3f} ({report.value_matches}/"
        f"{report.relaxed.tp} relaxed matches)  value F1 {report.value_f1:.3f}"
    )
    if report.without_dct:
        rows.append(f"documents without a creation day: {report.without_dct}")
    rows.append("")
    rows.append(f"{'gold type':<10}{'gold':>6}{'found':>7}{'recall':>8}{'value ok':>10}")
    for name, counts in report.by_type.items():
        rows.append(
            f"{name:<10}{counts.gold:>6}{counts.found:>7}{counts.recall:>8.3f}"
            f"{counts.value_correct:>10}"
        )
    sections: list[tuple[str, list[str]]] = [
        (
            "most frequent missed gold timexes (type, text)",
            [f"{n:>5}  {kind:<9}{text!r}" for kind, text, n in report.missed],
        ),
        (
            "most frequent spurious predictions",
            [f"{n:>5}  {text!r}" for text, n in report.spurious],
        ),
        (
            "value mismatches (gold -> predicted)",
            [f"{n:>5}  {gold} -> {guess}" for gold, guess, n in report.value_errors],
        ),
        (
            "value mismatch shapes (gold -> predicted, digits as 9)",
            [f"{n:>5}  {gold} -> {guess}" for gold, guess, n in report.value_error_shapes],
        ),
        (
            "type mismatches (gold -> predicted)",
            [f"{n:>5}  {gold} -> {guess}" for gold, guess, n in report.type_errors],
        ),
    ]
    for heading, lines in sections:
        if lines:
            rows.extend(["", f"{heading}:", *lines])
    return "\n".join(rows)


SPACY_TIME_LABELS: Mapping[str, str] = MappingProxyType({"DATE": "DATE", "TIME": "TIME"})
"""spaCy (OntoNotes) entity labels kept by :func:`spacy_time_tagger`, as TIMEX3 types."""


def spacy_time_tagger(nlp: Language, *, batch_size: int = 8) -> TimeTagger:
    """A :data:`TimeTagger` giving a spaCy pipeline's DATE/TIME entities, without values.

    The creation date is ignored: a bare model does not normalise. Durations and sets
    ("three years", "every week") come out as DATE, so the type accuracy of this tagger
    is a floor, not a measurement of anything it tries to do.
    """

    def tag(batch: list[tuple[str, date | None]]) -> list[list[PredictedTimex]]:
        texts = [text for text, _ in batch]
        return [
            [
                (ent.start_char, ent.end_char, SPACY_TIME_LABELS[ent.label_], None)
                for ent in doc.ents
                if ent.label_ in SPACY_TIME_LABELS
            ]
            for doc in nlp.pipe(texts, batch_size=batch_size)
        ]

    return tag


def bare_model_tagger(*, batch_size: int = 8) -> TimeTagger:
    """The baseline: :func:`spacy_time_tagger` over the bare spaCy model (loaded here)."""
    from eventwire.nlp import load_model

    return spacy_time_tagger(load_model(), batch_size=batch_size)
