"""Score attribution span extraction (source, cue, content) on brat gold data such as PolNeAR.

1. The tagger receives batches of article texts and returns, per text, a
   :class:`PredictedAttribution`: its source, cue and content spans as ``(start, end)``
   character offsets. Identical predicted spans of one role count once.
2. Each role is scored on its own, per document, then summed over documents:
   *exact* — a predicted span with the same offsets as a gold span of that role (each
   gold span matched once); *overlap* — a one-to-one pairing in which identical spans
   pair first and then spans sharing at least one character, taking the largest number
   of pairs (:func:`~eventwire.evaluate.time.pair_timexes`, as the TIMEX3 and toponym
   scorers do). Precision = matches / predicted spans, recall = matches / gold spans,
   F1 their harmonic mean (0 when undefined).
3. Gold spans are the reader's (:mod:`eventwire.evaluate.attributiondata`): a
   discontinuous brat annotation contributes one span per fragment, so a prediction
   covering a quotation and the "he said" inside it matches one fragment at most.

Spans are scored as spans, not linked into attributions: a right cue with the wrong
source still counts for the cue. The report keeps the most frequent missed and spurious
cue and source texts.

:func:`reporting_verb_cue_tagger` is an honest floor: it marks as cues the words whose
lemma-like form is a common reporting verb, and predicts no source or content.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

from eventwire.evaluate.attributiondata import AttributionDoc, GoldSpan
from eventwire.evaluate.ner import Score
from eventwire.evaluate.time import pair_timexes

ROLES: tuple[str, ...] = ("source", "cue", "content")
"""The three span roles, in report order."""
TOP = 15
"""How many entries each error list keeps."""
SHOWN = 60
"""Characters of a span's text shown in error lists."""

Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class PredictedAttribution:
    """What a tagger found in one text: ``(start, end)`` spans per role."""

    sources: Sequence[Span] = ()
    cues: Sequence[Span] = ()
    contents: Sequence[Span] = ()

    def role(self, name: str) -> Sequence[Span]:
        return {"source": self.sources, "cue": self.cues, "content": self.contents}[name]


AttributionTagger = Callable[[list[str]], list[PredictedAttribution]]
"""Takes a batch of texts, returns one :class:`PredictedAttribution` per text."""
Progress = Callable[[int, int], None]
"""Called with (documents done, documents in total) after each batch."""


@dataclass(frozen=True, slots=True)
class RoleScore:
    """Exact and overlap scores of one role, with its most frequent errors."""

    exact: Score
    overlap: Score
    missed: tuple[tuple[str, int], ...] = ()
    spurious: tuple[tuple[str, int], ...] = ()

    def as_dict(self) -> dict[str, object]:
        return {
            "exact": self.exact.as_dict(),
            "overlap": self.overlap.as_dict(),
            "missed": [{"text": text, "count": n} for text, n in self.missed],
            "spurious": [{"text": text, "count": n} for text, n in self.spurious],
        }


@dataclass(frozen=True, slots=True)
class AttributionReport:
    """Exact and overlap P/R/F1 of source, cue and content spans."""

    roles: Mapping[str, RoleScore]
    documents: int
    attributions: int
    data: str | None = None
    discontinuous: int = 0
    alternatives: int = 0

    @property
    def source(self) -> RoleScore:
        return self.roles["source"]

    @property
    def cue(self) -> RoleScore:
        return self.roles["cue"]

    @property
    def content(self) -> RoleScore:
        return self.roles["content"]

    def as_dict(self) -> dict[str, object]:
        result: dict[str, object] = {name: score.as_dict() for name, score in self.roles.items()}
        result.update(
            {
                "documents": self.documents,
                "attributions": self.attributions,
                "gold": {name: s.exact.tp + s.exact.fn for name, s in self.roles.items()},
                "predicted": {name: s.exact.tp + s.exact.fp for name, s in self.roles.items()},
                "discontinuous": self.discontinuous,
                "alternatives": self.alternatives,
                "data": self.data,
            }
        )
        return result


def _gold(doc: AttributionDoc, role: str) -> tuple[GoldSpan, ...]:
    return {"source": doc.sources, "cue": doc.cues, "content": doc.contents}[role]


def _shown(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= SHOWN else flat[: SHOWN - 1] + "…"


@dataclass(slots=True)
class _RoleTally:
    gold: int = 0
    predicted: int = 0
    exact: int = 0
    overlap: int = 0
    missed: Counter[str] = field(default_factory=Counter)
    spurious: Counter[str] = field(default_factory=Counter)

    def add(self, text: str, gold: Sequence[Span], predicted: Sequence[Span]) -> None:
        pairing = pair_timexes(gold, predicted)
        self.gold += len(gold)
        self.predicted += len(predicted)
        self.exact += pairing.strict
        self.overlap += len(pairing.pairs)
        matched_gold = {g for g, _, _ in pairing.pairs}
        matched_predicted = {p for _, p, _ in pairing.pairs}
        for g, (start, end) in enumerate(gold):
            if g not in matched_gold:
                self.missed[_shown(text[start:end]).lower()] += 1
        for p, (start, end) in enumerate(predicted):
            if p not in matched_predicted:
                self.spurious[_shown(text[start:end]).lower()] += 1

    def score(self) -> RoleScore:
        def top(counter: Counter[str]) -> tuple[tuple[str, int], ...]:
            return tuple(sorted(counter.items(), key=lambda item: (-item[1], item[0]))[:TOP])

        return RoleScore(
            exact=Score(tp=self.exact, fp=self.predicted - self.exact, fn=self.gold - self.exact),
            overlap=Score(
                tp=self.overlap, fp=self.predicted - self.overlap, fn=self.gold - self.overlap
            ),
            missed=top(self.missed),
            spurious=top(self.spurious),
        )


def _unique(spans: Iterable[Span], *, doc: AttributionDoc, role: str) -> list[Span]:
    kept: dict[Span, None] = {}
    for span in spans:
        start, end = span
        if not 0 <= start < end <= len(doc.text):
            raise ValueError(
                f"the tagger returned the {role} span {span!r} for document {doc.name!r}, "
                f"outside its text of {len(doc.text)} characters; spans must satisfy "
                "0 <= start < end <= len(text)"
            )
        kept.setdefault((start, end), None)
    return list(kept)


def evaluate_attribution(
    docs: Sequence[AttributionDoc],
    tagger: AttributionTagger,
    *,
    batch_size: int = 8,
    progress: Progress | None = None,
    data: str | None = None,
) -> AttributionReport:
    """Tag every gold document and score its spans (see the module docstring).

    ``data`` names the gold folder in the report.
    """
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, not {batch_size}")
    tallies = {role: _RoleTally() for role in ROLES}
    for batch_start in range(0, len(docs), batch_size):
        batch = docs[batch_start : batch_start + batch_size]
        results = tagger([doc.text for doc in batch])
        if len(results) != len(batch):
            raise ValueError(
                f"the tagger returned {len(results)} results for {len(batch)} texts; it must "
                "return one PredictedAttribution per text, in order"
            )
        for doc, predicted in zip(batch, results, strict=True):
            for role in ROLES:
                gold = [(span.start, span.end) for span in _gold(doc, role)]
                guesses = _unique(predicted.role(role), doc=doc, role=role)
                tallies[role].add(doc.text, gold, guesses)
        if progress is not None:
            progress(batch_start + len(batch), len(docs))
    return AttributionReport(
        roles=MappingProxyType({role: tallies[role].score() for role in ROLES}),
        documents=len(docs),
        attributions=sum(doc.attributions for doc in docs),
        data=data,
        discontinuous=sum(doc.discontinuous for doc in docs),
        alternatives=sum(doc.alternatives for doc in docs),
    )


def format_report(report: AttributionReport) -> str:
    """A plain-text table of the report, then the errors worth reading."""
    gold = ", ".join(f"{s.exact.tp + s.exact.fn} {name}s" for name, s in report.roles.items())
    rows = [
        f"Attribution evaluation: {report.data or '(unnamed data)'}, {report.documents} "
        f"documents, {report.attributions} attributions; gold spans: {gold}",
        "",
    ]
    header = (
        f"{'role':<9}{'match':<9}{'precision':>10}{'recall':>8}{'f1':>8}{'tp':>7}{'fp':>7}{'fn':>7}"
    )
    rows.extend([header, "-" * len(header)])
    for name, role in report.roles.items():
        for match, score in (("exact", role.exact), ("overlap", role.overlap)):
            rows.append(
                f"{name:<9}{match:<9}{score.precision:>10.3f}{score.recall:>8.3f}"
                f"{score.f1:>8.3f}{score.tp:>7}{score.fp:>7}{score.fn:>7}"
            )
    notes = []
    if report.discontinuous:
        notes.append(f"{report.discontinuous} discontinuous gold annotations scored per fragment")
    if report.alternatives:
        notes.append(f"{report.alternatives} other annotators' versions left aside")
    if notes:
        rows.extend(["", "reader: " + "; ".join(notes)])
    for name in ("cue", "source"):
        role = report.roles[name]
        for heading, entries in (("missed", role.missed), ("spurious", role.spurious)):
            if entries:
                rows.extend(["", f"most frequent {heading} {name}s:"])
                rows.extend(f"{n:>5}  {text!r}" for text, n in entries)
    return "\n".join(rows)


REPORTING_VERBS: frozenset[str] = frozenset(
    {
        "say",
        "tell",
        "report",
        "accord",
        "claim",
        "deny",
        "announce",
        "add",
        "argue",
        "insist",
        "warn",
        "explain",
        "write",
        "note",
    }
)
"""Lemma-like forms of common reporting verbs ("according" is found as ``accord``).

"state" is left out: as a single word it is mostly the noun ("United States")."""

_IRREGULAR: Mapping[str, str] = MappingProxyType(
    {"said": "say", "told": "tell", "wrote": "write", "written": "write"}
)
_WORD = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)?")


def lemma_forms(word: str) -> frozenset[str]:
    """Forms a lower-cased word may have as a verb lemma, by suffix stripping.

    ``denied`` gives ``deny``, ``noted`` gives ``note``, ``according`` gives ``accord``;
    wrong candidates (``noting`` -> ``not``) are harmless when matched against verbs.
    """
    lower = word.lower()
    forms = {lower, _IRREGULAR.get(lower, lower)}
    if lower.endswith("ies") or lower.endswith("ied"):
        forms.add(lower[:-3] + "y")
    if lower.endswith("s"):
        forms.add(lower[:-1])
    if lower.endswith("es") or lower.endswith("ed"):
        forms.update({lower[:-2], lower[:-1]})
    if lower.endswith("ing"):
        forms.update({lower[:-3], lower[:-3] + "e"})
    return frozenset(form for form in forms if form)


def reporting_verb_cue_tagger(verbs: Iterable[str] = REPORTING_VERBS) -> AttributionTagger:
    """A tagger marking every word whose lemma-like form is in ``verbs`` as a cue.

    One cue per word (``according`` alone, not ``according to``); no sources or contents.
    """
    lexicon = frozenset(verb.lower() for verb in verbs)
    if not lexicon:
        raise ValueError("reporting_verb_cue_tagger needs at least one verb, e.g. 'say'")

    def tag(texts: list[str]) -> list[PredictedAttribution]:
        return [
            PredictedAttribution(
                cues=tuple(
                    (match.start(), match.end())
                    for match in _WORD.finditer(text)
                    if lemma_forms(match.group()) & lexicon
                )
            )
            for text in texts
        ]

    return tag
