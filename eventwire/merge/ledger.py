"""The casualty ledger's rules: one figure per event from many reports, and totals that
never count a report's aggregate on top of the incidents inside it.

**Figures of one event** (:func:`combine`), as UCDP keeps low, best and high estimates:
reports relaying one origin count once (the first of them); *low* is the lowest figure
any independent source gives (its own low where it gave a range or "at least"), *high*
the highest, *best* the median of the sources' best figures (the lower middle one when
their number is even, so that best is always a figure someone reported).

**Totals** (:func:`totals`): an *aggregate* is a figure of more than one dead over more
than :data:`AGGREGATE_DAYS` days ("some 30 over the past several weeks", "four killed
last month"; one death dated only to a month is not one). An incident lies
inside an aggregate when its interval does, in the same country, with a participant in
common (an actor, or the affiliation of a named victim). Each aggregate then counts as
the larger of its own figure and the sum of what it contains, and what it contains is
not counted again. Every row says which events it counted and which it folded.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

AGGREGATE_DAYS = 7
RULE = (
    "one figure per independent source; low = lowest figure, best = median of the "
    "sources' best figures (lower middle), high = highest figure"
)
TOTAL_RULE = (
    "sum over events; a figure over more than 7 days counts as the larger of itself and "
    "the incidents inside it (same country, a participant in common), never both"
)


@dataclass(frozen=True, slots=True)
class Figure:
    """One report's figure for an event: ``origin`` is the independence key (reports
    with one origin count once); ``sources`` name who gives it."""

    low: float | None
    best: float | None
    high: float | None
    qualifier: str
    doc: str
    origin: str
    sources: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Combined:
    low: float | None
    best: float | None
    high: float | None
    rule: str
    used: tuple[Figure, ...]


def combine(figures: Iterable[Figure]) -> Combined:
    used: dict[str, Figure] = {}
    for figure in figures:
        if figure.best is None and figure.low is None:
            continue
        used.setdefault(figure.origin, figure)
    if not used:
        return Combined(None, None, None, RULE, ())
    values = list(used.values())
    lows = [f.low if f.low is not None else f.best for f in values]
    highs = [f.high if f.high is not None else f.best for f in values]
    bests = sorted(v for f in values if (v := f.best if f.best is not None else f.low) is not None)
    return Combined(
        low=min(v for v in lows if v is not None),
        best=statistics.median_low(bests),
        high=max((v for v in highs if v is not None), default=None),
        rule=RULE,
        used=tuple(values),
    )


@dataclass
class Item:
    """One merged event in a ledger: its figures, interval, country and participants."""

    key: str
    low: float
    best: float
    high: float
    start: date | None
    end: date | None
    country: str | None
    participants: frozenset[str]
    children: list[Item] = field(default_factory=list)

    @property
    def days(self) -> int:
        if self.start is None or self.end is None:
            return 0
        return (self.end - self.start).days + 1

    @property
    def aggregate(self) -> bool:
        # One named death dated to a month is no aggregate; "four killed last month" is.
        return self.days > AGGREGATE_DAYS and self.best > 1

    def contains(self, other: Item) -> bool:
        if not self.aggregate or other is self or other.days >= self.days:
            return False
        if None in (self.start, self.end, other.start, other.end):
            return False
        assert self.start and self.end and other.start and other.end
        inside = self.start <= other.start and other.end <= self.end
        same_country = self.country is not None and self.country == other.country
        return inside and same_country and bool(self.participants & other.participants)

    def total(self) -> tuple[float, float, float]:
        if not self.children:
            return self.low, self.best, self.high
        parts = [c.total() for c in self.children]
        inner = tuple(sum(p[i] for p in parts) for i in range(3))
        return (max(self.low, inner[0]), max(self.best, inner[1]), max(self.high, inner[2]))


def nest(items: Sequence[Item]) -> list[Item]:
    """Put each item under the shortest aggregate containing it; return the roots."""
    for item in items:
        item.children = []
    roots: list[Item] = []
    for item in items:
        holders = [other for other in items if other.contains(item)]
        if holders:
            min(holders, key=lambda h: h.days).children.append(item)
        else:
            roots.append(item)
    return roots


def totals(items: Sequence[Item]) -> tuple[float, float, float]:
    """Low, best and high over ``items`` by the rule above."""
    roots = nest(items)
    sums = [root.total() for root in roots]
    return tuple(sum(s[i] for s in sums) for i in range(3))  # type: ignore[return-value]


def folded(items: Sequence[Item]) -> list[str]:
    """Keys of the items counted inside an aggregate (after :func:`nest`)."""
    out: list[str] = []
    stack = [child for item in items for child in item.children]
    while stack:
        item = stack.pop()
        out.append(item.key)
        stack.extend(item.children)
    return out
