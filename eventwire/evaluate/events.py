"""Score event triggers and arguments on WikiEvents and RAMS, in eventwire's own types.

**Type mapping.** eventwire extracts four coarse event types; :data:`EVENT_TYPES` maps
the gold ontology types onto them (KAIROS for WikiEvents, AIDA for RAMS):

- ``killing`` <- ``Life.Die.Unspecified``; every ``life.die.*`` (KAIROS does not split
  violent from other deaths, so RAMS ``nonviolentdeath`` is kept for the two sets to
  agree).
- ``injury`` <- ``Life.Injure.Unspecified``; ``life.injure.injurycausedbyviolentevents``,
  ``life.injure.n/a``. Not ``illnessdegradation*`` (illness, hunger: not a wound).
- ``attack`` <- ``Conflict.Attack.Unspecified``, ``Conflict.Attack.DetonateExplode``;
  every ``conflict.attack.*`` but ``stealrobhijack`` (a crime; KAIROS files robbery under
  ``GenericCrime``).
- ``arrest`` <- ``Justice.ArrestJailDetain.Unspecified``;
  ``justice.arrestjaildetain.arrestjaildetain``.

Every other gold type is not covered and left out of scoring: among those near to
conflict, ``Movement.Transportation.*`` (and RAMS ``movement.*``), ``Conflict.Demonstrate.*``,
``GenericCrime.*``, ``ArtifactExistence.DamageDestroy*``, ``Disaster.*``,
``justice.judicialconsequences.execute``, ``conflict.yield.*``. A prediction cannot have
an uncovered type (the tagger speaks eventwire's types), so a prediction on the trigger
of an uncovered gold event is a false positive; the report counts those per gold type
(``on_uncovered``) so that this cost is visible.

**Role mapping** (:data:`ROLES`, gold role lower-cased): ``actor`` <- attacker, killer,
injurer, jailer; ``target`` <- victim, target, detainee; ``place`` <- place;
``instrument`` <- instrument, explosivedevice. Other roles of covered events (bodypart,
crime, artifact) are not scored and counted. Neither set annotates time arguments for
these types, so eventwire's times are not scored here.

**Scores** follow the usual definitions of end-to-end event extraction (Li et al. 2013,
as implemented by DyGIE++ and OneIE and reported by most later work):

- trigger identification: the trigger's ``(start, end)`` matches a gold trigger;
- trigger classification: offsets and eventwire type match;
- argument identification: the argument's offsets and its event's type match a gold
  argument (the trigger's offsets need not match);
- argument classification: offsets, event type and role match.

Matching is one-to-one on these keys per document (identical keys count once); precision
= matches / predicted keys, recall = matches / gold keys, F1 their harmonic mean (0 when
undefined). The headline ``trigger`` and ``argument`` figures are the classification
ones. RAMS annotates one event per five-sentence example and leaves other mentions
unannotated, so trigger precision on RAMS counts true mentions as false positives; read
its recall and argument figures. ``argument_linked`` is stricter: the argument must
also hang on a trigger with the right offsets.

Argument spans are compared exactly (``match="exact"``: RAMS's scorer, Ebner et al. 2020)
or by head word (``match="head"``: WikiEvents' scorer, Li et al. 2021, compares the
dependency head of predicted and gold spans). Here a ``head`` function reduces each span
to its head before comparison; the default, :func:`last_word_head`, takes the span's last
word, which is the head of an English noun phrase without post-modifiers. Pass a parser's
head (e.g. spaCy's ``span.root``) for the official behaviour. Triggers are always exact.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Hashable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal

from eventwire.evaluate.eventdata import EventDoc
from eventwire.evaluate.ner import Score

COARSE_TYPES: tuple[str, ...] = ("killing", "injury", "attack", "arrest")
"""eventwire's event types scored here."""
EVENTWIRE_ROLES: tuple[str, ...] = ("actor", "target", "place", "instrument")

_COVERED: dict[str, tuple[str, ...]] = {
    "killing": (
        "Life.Die.Unspecified",
        "life.die.deathcausedbyviolentevents",
        "life.die.n/a",
        "life.die.nonviolentdeath",
    ),
    "injury": (
        "Life.Injure.Unspecified",
        "life.injure.injurycausedbyviolentevents",
        "life.injure.n/a",
    ),
    "attack": (
        "Conflict.Attack.Unspecified",
        "Conflict.Attack.DetonateExplode",
        "conflict.attack.n/a",
        "conflict.attack.airstrikemissilestrike",
        "conflict.attack.biologicalchemicalpoisonattack",
        "conflict.attack.bombing",
        "conflict.attack.firearmattack",
        "conflict.attack.hanging",
        "conflict.attack.invade",
        "conflict.attack.selfdirectedbattle",
        "conflict.attack.setfire",
        "conflict.attack.stabbing",
    ),
    "arrest": (
        "Justice.ArrestJailDetain.Unspecified",
        "justice.arrestjaildetain.arrestjaildetain",
    ),
}
EVENT_TYPES: Mapping[str, str] = MappingProxyType(
    {gold: coarse for coarse, golds in _COVERED.items() for gold in golds}
)
"""Gold ontology type (exactly as written in the data) -> eventwire type; others are excluded."""

ROLES: Mapping[str, str] = MappingProxyType(
    {
        "attacker": "actor",
        "killer": "actor",
        "injurer": "actor",
        "jailer": "actor",
        "victim": "target",
        "target": "target",
        "detainee": "target",
        "place": "place",
        "instrument": "instrument",
        "explosivedevice": "instrument",
    }
)
"""Gold role (lower-cased) -> eventwire role, for arguments of covered events."""

PredictedArgument = tuple[str, int, int]
"""``(eventwire role, start_char, end_char)``."""
PredictedEvent = tuple[str, int, int, tuple[PredictedArgument, ...]]
"""``(eventwire type, trigger start_char, trigger end_char, arguments)``."""
EventTagger = Callable[[list[str]], list[list[PredictedEvent]]]
"""Takes a batch of texts, returns for each text its predicted events."""
Progress = Callable[[int, int], None]
"""Called with (documents done, documents in total) after each batch."""
HeadFinder = Callable[[str, int, int], tuple[int, int]]
"""``(text, start, end)`` -> the head word's ``(start, end)`` inside the span."""
Match = Literal["exact", "head"]

TOP = 15
"""How many entries each error list keeps."""

_WORD = re.compile(r"\w+")


def last_word_head(text: str, start: int, end: int) -> tuple[int, int]:
    """The last word of ``text[start:end]`` (the whole span when it has no word)."""
    words = list(_WORD.finditer(text, start, end))
    return (words[-1].start(), words[-1].end()) if words else (start, end)


@dataclass(frozen=True, slots=True)
class Stage:
    """Identification and classification scores of one stage (triggers or arguments)."""

    identification: Score
    classification: Score

    def as_dict(self) -> dict[str, object]:
        """The classification figures at the top, then both stages in full."""
        return {
            **self.classification.as_dict(),
            "identification": self.identification.as_dict(),
            "classification": self.classification.as_dict(),
        }


@dataclass(frozen=True, slots=True)
class EventReport:
    """Trigger and argument scores, per eventwire type, with what was left out and missed."""

    trigger: Stage
    argument: Stage
    argument_linked: Score
    per_type: Mapping[str, tuple[Score, Score]]
    """eventwire type -> (trigger classification, argument classification)."""
    documents: int
    gold_events: int
    predicted_events: int
    match: str
    excluded_events: Mapping[str, int]
    """Gold events of uncovered types, by gold type."""
    excluded_arguments: Mapping[str, int]
    """Arguments of covered events whose role is not mapped, by gold role."""
    on_uncovered: Mapping[str, int] = field(default_factory=dict)
    """Spurious predictions sitting on an uncovered gold trigger, by that gold type."""
    missed: tuple[tuple[str, str, int], ...] = ()
    """Most frequent missed gold triggers: ``(eventwire type, lower-cased word, count)``."""
    spurious: tuple[tuple[str, str, int], ...] = ()
    """Most frequent spurious triggers: ``(eventwire type, lower-cased word, count)``."""
    data: str | None = None

    def as_dict(self) -> dict[str, object]:
        return {
            "trigger": self.trigger.as_dict(),
            "argument": self.argument.as_dict(),
            "argument_linked": self.argument_linked.as_dict(),
            "per_type": {
                name: {"trigger": t.as_dict(), "argument": a.as_dict()}
                for name, (t, a) in self.per_type.items()
            },
            "documents": self.documents,
            "gold_events": self.gold_events,
            "predicted_events": self.predicted_events,
            "match": self.match,
            "data": self.data,
            "type_mapping": dict(EVENT_TYPES),
            "role_mapping": dict(ROLES),
            "excluded_events": dict(self.excluded_events),
            "excluded_arguments": dict(self.excluded_arguments),
            "on_uncovered": dict(self.on_uncovered),
            "missed": [{"type": t, "text": x, "count": n} for t, x, n in self.missed],
            "spurious": [{"type": t, "text": x, "count": n} for t, x, n in self.spurious],
        }


def _check(predicted: Sequence[PredictedEvent], doc: EventDoc) -> None:
    size = len(doc.text)
    for event in predicted:
        kind, start, end, arguments = event
        if kind not in COARSE_TYPES:
            raise ValueError(
                f"the tagger returned event type {kind!r} for {doc.name!r}; use one of "
                f"{', '.join(COARSE_TYPES)}"
            )
        spans = [(start, end)] + [(a[1], a[2]) for a in arguments]
        if not all(0 <= s < e <= size for s, e in spans):
            raise ValueError(
                f"the tagger returned {event!r} for {doc.name!r}, with a span outside its text "
                f"of {size} characters; spans must satisfy 0 <= start < end <= len(text)"
            )
        for role, _, _ in arguments:
            if role not in EVENTWIRE_ROLES:
                raise ValueError(
                    f"the tagger returned role {role!r} for {doc.name!r}; use one of "
                    f"{', '.join(EVENTWIRE_ROLES)}"
                )


def _score(gold: AbstractSet[Hashable], predicted: AbstractSet[Hashable]) -> Score:
    tp = len(gold & predicted)
    return Score(tp=tp, fp=len(predicted) - tp, fn=len(gold) - tp)


def _add(total: Counter[str], score: Score) -> None:
    total["tp"] += score.tp
    total["fp"] += score.fp
    total["fn"] += score.fn


def _final(total: Counter[str]) -> Score:
    return Score(tp=total["tp"], fp=total["fp"], fn=total["fn"])


def _top(counter: Counter[tuple[str, str]]) -> tuple[tuple[str, str, int], ...]:
    ranked = sorted(counter.items(), key=lambda item: (-item[1], item[0]))[:TOP]
    return tuple((a, b, n) for (a, b), n in ranked)


@dataclass(slots=True)
class _Tally:
    """Running counts while documents are scored (internal, mutable)."""

    head: HeadFinder | None
    totals: dict[str, Counter[str]] = field(default_factory=dict)
    gold_events: int = 0
    predicted_events: int = 0
    excluded_events: Counter[str] = field(default_factory=Counter)
    excluded_arguments: Counter[str] = field(default_factory=Counter)
    on_uncovered: Counter[str] = field(default_factory=Counter)
    missed: Counter[tuple[str, str]] = field(default_factory=Counter)
    spurious: Counter[tuple[str, str]] = field(default_factory=Counter)

    def _bump(self, name: str, score: Score) -> None:
        _add(self.totals.setdefault(name, Counter()), score)

    def _arg(self, text: str, start: int, end: int) -> tuple[int, int]:
        return (start, end) if self.head is None else self.head(text, start, end)

    def add(self, doc: EventDoc, predicted: Sequence[PredictedEvent]) -> None:
        text = doc.text
        gold_t: set[tuple[int, int, str]] = set()
        gold_a: set[tuple[str, int, int, str]] = set()
        gold_l: set[tuple[int, int, str, int, int, str]] = set()
        uncovered: dict[tuple[int, int], str] = {}
        for event in doc.events:
            kind = EVENT_TYPES.get(event.type)
            if kind is None:
                self.excluded_events[event.type] += 1
                uncovered.setdefault(event.trigger, event.type)
                continue
            self.gold_events += 1
            gold_t.add((*event.trigger, kind))
            for argument in event.arguments:
                role = ROLES.get(argument.role.lower())
                if role is None:
                    self.excluded_arguments[argument.role] += 1
                    continue
                span = self._arg(text, argument.start, argument.end)
                gold_a.add((kind, *span, role))
                gold_l.add((*event.trigger, kind, *span, role))
        pred_t: set[tuple[int, int, str]] = set()
        pred_a: set[tuple[str, int, int, str]] = set()
        pred_l: set[tuple[int, int, str, int, int, str]] = set()
        self.predicted_events += len(predicted)
        for kind, start, end, arguments in predicted:
            pred_t.add((start, end, kind))
            for role, a_start, a_end in arguments:
                span = self._arg(text, a_start, a_end)
                pred_a.add((kind, *span, role))
                pred_l.add((start, end, kind, *span, role))

        self._bump("trigger_id", _score({k[:2] for k in gold_t}, {k[:2] for k in pred_t}))
        self._bump("trigger_cls", _score(gold_t, pred_t))
        self._bump("argument_id", _score({k[:3] for k in gold_a}, {k[:3] for k in pred_a}))
        self._bump("argument_cls", _score(gold_a, pred_a))
        self._bump("argument_linked", _score(gold_l, pred_l))
        for kind in COARSE_TYPES:
            self._bump(
                f"trigger:{kind}",
                _score({k for k in gold_t if k[2] == kind}, {k for k in pred_t if k[2] == kind}),
            )
            self._bump(
                f"argument:{kind}",
                _score({k for k in gold_a if k[0] == kind}, {k for k in pred_a if k[0] == kind}),
            )
        for start, end, kind in sorted(gold_t - pred_t):
            self.missed[(kind, text[start:end].lower())] += 1
        for start, end, kind in sorted(pred_t - gold_t):
            self.spurious[(kind, text[start:end].lower())] += 1
            if (start, end) in uncovered:
                self.on_uncovered[uncovered[(start, end)]] += 1

    def report(self, *, documents: int, match: str, data: str | None) -> EventReport:
        def get(name: str) -> Score:
            return _final(self.totals.get(name, Counter()))

        return EventReport(
            trigger=Stage(identification=get("trigger_id"), classification=get("trigger_cls")),
            argument=Stage(identification=get("argument_id"), classification=get("argument_cls")),
            argument_linked=get("argument_linked"),
            per_type=MappingProxyType(
                {k: (get(f"trigger:{k}"), get(f"argument:{k}")) for k in COARSE_TYPES}
            ),
            documents=documents,
            gold_events=self.gold_events,
            predicted_events=self.predicted_events,
            match=match,
            excluded_events=MappingProxyType(dict(self.excluded_events.most_common())),
            excluded_arguments=MappingProxyType(dict(self.excluded_arguments.most_common())),
            on_uncovered=MappingProxyType(dict(self.on_uncovered.most_common())),
            missed=_top(self.missed),
            spurious=_top(self.spurious),
            data=data,
        )


def evaluate_events(
    docs: Sequence[EventDoc],
    tagger: EventTagger,
    *,
    match: Match = "exact",
    head: HeadFinder = last_word_head,
    batch_size: int = 16,
    progress: Progress | None = None,
    data: str | None = None,
) -> EventReport:
    """Tag every gold document and score its covered events (see the module docstring).

    ``head`` is used only when ``match="head"``; ``data`` names the gold file in the report.
    """
    if match not in ("exact", "head"):
        raise ValueError(f"match must be 'exact' or 'head', not {match!r}")
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, not {batch_size}")
    tally = _Tally(head=head if match == "head" else None)
    for batch_start in range(0, len(docs), batch_size):
        batch = docs[batch_start : batch_start + batch_size]
        results = tagger([doc.text for doc in batch])
        if len(results) != len(batch):
            raise ValueError(
                f"the tagger returned {len(results)} results for {len(batch)} texts; it must "
                "return one list of events per text, in order"
            )
        for doc, predicted in zip(batch, results, strict=True):
            _check(predicted, doc)
            tally.add(doc, predicted)
        if progress is not None:
            progress(batch_start + len(batch), len(docs))
    return tally.report(documents=len(docs), match=match, data=data)


def _row(name: str, score: Score) -> str:
    return (
        f"{name:<26}{score.precision:>10.3f}{score.recall:>8.3f}{score.f1:>8.3f}"
        f"{score.tp:>7}{score.fp:>7}{score.fn:>7}"
    )


def _capped(lines: list[str]) -> list[str]:
    """The first :data:`TOP` lines and how many more there are."""
    more = len(lines) - TOP
    return lines[:TOP] + ([f"  … and {more} more (see as_dict())"] if more > 0 else [])


def format_report(report: EventReport) -> str:
    """A plain-text table of the report, then what was excluded and the errors worth reading."""
    title = (
        f"event evaluation: {report.data or '(unnamed data)'}, {report.documents} documents, "
        f"{report.gold_events} gold events of covered types, {report.predicted_events} "
        f"predicted; arguments matched {report.match}"
    )
    header = f"{'':<26}{'precision':>10}{'recall':>8}{'f1':>8}{'tp':>7}{'fp':>7}{'fn':>7}"
    rows = [title, "", header, "-" * len(header)]
    rows.append(_row("trigger identification", report.trigger.identification))
    rows.append(_row("trigger classification", report.trigger.classification))
    rows.append(_row("argument identification", report.argument.identification))
    rows.append(_row("argument classification", report.argument.classification))
    rows.append(_row("argument (trigger linked)", report.argument_linked))
    rows.append("")
    for kind, (trigger, argument) in report.per_type.items():
        rows.append(_row(f"{kind} trigger", trigger))
        rows.append(_row(f"{kind} argument", argument))
    sections: list[tuple[str, list[str]]] = [
        (
            "gold events of uncovered types (not scored)",
            _capped([f"{n:>5}  {kind}" for kind, n in report.excluded_events.items()]),
        ),
        (
            "gold arguments with unmapped roles (not scored)",
            [f"{n:>5}  {role}" for role, n in report.excluded_arguments.items()],
        ),
        (
            "spurious predictions on triggers of uncovered gold events",
            [f"{n:>5}  {kind}" for kind, n in report.on_uncovered.items()],
        ),
        (
            "most frequent missed triggers (type, word)",
            [f"{n:>5}  {kind:<8}{word!r}" for kind, word, n in report.missed],
        ),
        (
            "most frequent spurious triggers (type, word)",
            [f"{n:>5}  {kind:<8}{word!r}" for kind, word, n in report.spurious],
        ),
    ]
    for heading, lines in sections:
        if lines:
            rows.extend(["", f"{heading}:", *lines])
    return "\n".join(rows)


def lexical_trigger_tagger(words: Mapping[str, str]) -> EventTagger:
    """A baseline :data:`EventTagger`: every word whose lower-cased form is in ``words``.

    ``words`` maps a word to an eventwire type (``{"killed": "killing"}``); the events have
    no arguments, so their argument scores are 0 by construction.
    """
    stray = sorted({kind for kind in words.values() if kind not in COARSE_TYPES})
    if stray:
        raise ValueError(f"types {stray} are not eventwire types; use {', '.join(COARSE_TYPES)}")
    table = {word.lower(): kind for word, kind in words.items()}

    def tag(texts: list[str]) -> list[list[PredictedEvent]]:
        return [
            [
                (table[m.group().lower()], m.start(), m.end(), ())
                for m in _WORD.finditer(text)
                if m.group().lower() in table
            ]
            for text in texts
        ]

    return tag
