"""Score ACLED sub-event classification of news snippets, as CASE 2021 task 2 does.

1. The classifier receives batches of snippet texts and returns, per text, one sub-event
   type (``AIR_STRIKE``…) or ``None`` when it gives no answer. ``None`` is counted wrong:
   the snippet's gold class loses a true positive and no class gains a false positive.
2. Accuracy = snippets whose predicted type equals the gold type / snippets (equal to
   micro-averaged F1 when every snippet has one gold and at most one predicted type).
3. Per class, over the gold label set (every type that labels at least one gold snippet):
   precision = right predictions of the class / predictions of the class, recall = right
   predictions / gold snippets of the class, F1 their harmonic mean (0 when undefined).
   A predicted type that labels no gold snippet has no row: its predictions are wrong
   answers, counted in ``outside_gold`` and in the confusion pairs.
4. Macro F1 = unweighted mean of the per-class F1 over the gold label set; weighted F1 =
   their mean weighted by gold support. CASE 2021 task 2 ranked systems by weighted F1
   (and also reported micro and macro F1), so both are given.

The report keeps the most frequent confusions as ``(gold, predicted or "(none)", count)``.

:func:`majority_classifier` is the honest floor: it answers one given label for every
snippet (the most frequent training label, chosen by the caller, not read from the gold).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from eventwire.evaluate.acleddata import AcledSnippet
from eventwire.evaluate.ner import Score

AcledClassifier = Callable[[list[str]], list[str | None]]
"""Takes a batch of snippet texts, returns one sub-event type (or None) per text."""
Progress = Callable[[int, int], None]
"""Called with (snippets done, snippets in total) after each batch."""

NO_ANSWER = "(none)"
"""How a missing answer is shown in confusion pairs."""
TOP = 15
"""How many confusion pairs the report keeps."""


@dataclass(frozen=True, slots=True)
class AcledReport:
    """Accuracy, macro and weighted F1, per-class scores and the main confusions."""

    snippets: int
    correct: int
    per_class: Mapping[str, Score]
    """Per gold label: tp = right, fp = other snippets given this label, fn = missed."""
    unanswered: int = 0
    outside_gold: int = 0
    """Predictions of a type that labels no gold snippet (always wrong)."""
    confusions: tuple[tuple[str, str, int], ...] = ()
    data: str | None = None

    @property
    def accuracy(self) -> float:
        return self.correct / self.snippets if self.snippets else 0.0

    @property
    def macro_f1(self) -> float:
        scores = list(self.per_class.values())
        return sum(score.f1 for score in scores) / len(scores) if scores else 0.0

    @property
    def weighted_f1(self) -> float:
        support = sum(score.tp + score.fn for score in self.per_class.values())
        weighted = sum(score.f1 * (score.tp + score.fn) for score in self.per_class.values())
        return weighted / support if support else 0.0

    def as_dict(self) -> dict[str, object]:
        return {
            "accuracy": self.accuracy,
            "macro_f1": self.macro_f1,
            "weighted_f1": self.weighted_f1,
            "snippets": self.snippets,
            "correct": self.correct,
            "unanswered": self.unanswered,
            "outside_gold": self.outside_gold,
            "classes": len(self.per_class),
            "data": self.data,
            "per_class": {
                name: {**score.as_dict(), "support": score.tp + score.fn}
                for name, score in self.per_class.items()
            },
            "confusions": [
                {"gold": gold, "predicted": guess, "count": n} for gold, guess, n in self.confusions
            ],
        }


def _check(results: Sequence[object], batch: Sequence[AcledSnippet]) -> None:
    if len(results) != len(batch):
        raise ValueError(
            f"the classifier returned {len(results)} labels for {len(batch)} snippets; it "
            "must return one label (or None) per snippet, in order"
        )
    for snippet, label in zip(batch, results, strict=True):
        if label is not None and not (isinstance(label, str) and label.strip()):
            raise ValueError(
                f"the classifier returned {label!r} for snippet {snippet.id!r}; return a "
                "sub-event type name or None for no answer"
            )


def evaluate_acled(
    snippets: Sequence[AcledSnippet],
    classifier: AcledClassifier,
    *,
    batch_size: int = 64,
    progress: Progress | None = None,
    data: str | None = None,
) -> AcledReport:
    """Classify every gold snippet and score the labels (see the module docstring).

    ``data`` names the gold file in the report.
    """
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, not {batch_size}")
    gold: Counter[str] = Counter(snippet.label for snippet in snippets)
    right: Counter[str] = Counter()
    given: Counter[str] = Counter()
    confusions: Counter[tuple[str, str]] = Counter()
    unanswered = 0
    for batch_start in range(0, len(snippets), batch_size):
        batch = snippets[batch_start : batch_start + batch_size]
        results = classifier([snippet.text for snippet in batch])
        _check(results, batch)
        for snippet, label in zip(batch, results, strict=True):
            guess = label.strip() if label is not None else None
            if guess is None:
                unanswered += 1
                confusions[(snippet.label, NO_ANSWER)] += 1
                continue
            given[guess] += 1
            if guess == snippet.label:
                right[guess] += 1
            else:
                confusions[(snippet.label, guess)] += 1
        if progress is not None:
            progress(batch_start + len(batch), len(snippets))
    per_class = {
        name: Score(tp=right[name], fp=given[name] - right[name], fn=gold[name] - right[name])
        for name in sorted(gold)
    }
    ranked = sorted(confusions.items(), key=lambda item: (-item[1], item[0]))[:TOP]
    return AcledReport(
        snippets=len(snippets),
        correct=sum(right.values()),
        per_class=MappingProxyType(per_class),
        unanswered=unanswered,
        outside_gold=sum(n for name, n in given.items() if name not in gold),
        confusions=tuple((g, p, n) for (g, p), n in ranked),
        data=data,
    )


def format_report(report: AcledReport) -> str:
    """A plain-text summary, the per-class table, then the most frequent confusions."""
    rows = [
        f"ACLED sub-event classification (CASE 2021 task 2): {report.data or '(unnamed data)'}, "
        f"{report.snippets} snippets, {len(report.per_class)} gold classes",
        "",
        f"accuracy     {report.accuracy:.3f}  ({report.correct}/{report.snippets})",
        f"macro F1     {report.macro_f1:.3f}  (mean over the gold classes)",
        f"weighted F1  {report.weighted_f1:.3f}  (weighted by gold support; CASE 2021 ranking)",
    ]
    notes = []
    if report.unanswered:
        notes.append(f"{report.unanswered} snippets without an answer (counted wrong)")
    if report.outside_gold:
        notes.append(f"{report.outside_gold} answers of types outside the gold label set")
    if notes:
        rows.append("; ".join(notes))
    width = max([len("class"), *(len(name) for name in report.per_class)]) + 2
    header = f"{'class':<{width}}{'precision':>10}{'recall':>8}{'f1':>8}{'support':>9}"
    rows.extend(["", header, "-" * len(header)])
    for name, score in report.per_class.items():
        rows.append(
            f"{name:<{width}}{score.precision:>10.3f}{score.recall:>8.3f}{score.f1:>8.3f}"
            f"{score.tp + score.fn:>9}"
        )
    if report.confusions:
        rows.extend(["", "most frequent confusions (gold -> predicted):"])
        rows.extend(f"{n:>5}  {gold} -> {guess}" for gold, guess, n in report.confusions)
    return "\n".join(rows)


def majority_classifier(label: str) -> AcledClassifier:
    """A classifier answering ``label`` for every snippet: the floor any model must beat.

    Give it the most frequent label of the *training* data; taking it from the gold data
    being scored would be tuning the baseline to the test.
    """
    if not label.strip():
        raise ValueError("majority_classifier needs a sub-event type name, e.g. 'ARMED_CLASH'")
    answer = label.strip()

    def classify(texts: list[str]) -> list[str | None]:
        return [answer for _ in texts]

    return classify
