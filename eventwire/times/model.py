"""What the resolver returns, and the context a phrase is resolved in."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from eventwire.records import Precision, TimeAnchor, TimeRef, TimeType

Tense = Literal["past", "present", "future"]


@dataclass(frozen=True, slots=True)
class Resolution:
    """A time expression's TIMEX3 type and value, the inclusive interval of days it covers
    (``None`` when it cannot be placed), its precision and what it was resolved against."""

    type: TimeType
    value: str | None
    start: date | None = None
    end: date | None = None
    precision: Precision | None = None
    anchor: TimeAnchor | None = None

    @property
    def resolved(self) -> bool:
        return self.start is not None


@dataclass(frozen=True, slots=True)
class Context:
    published: date | None
    previous: TimeRef | None
    tense: Tense | None
    day_first: bool


def unresolved(
    type_: TimeType, value: str | None, precision: Precision | None = None
) -> Resolution:
    """A time expression recognised but not placed on the calendar (no anchor known)."""
    return Resolution(type_, value, None, None, precision, None)
