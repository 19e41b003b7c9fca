"""Calendar arithmetic for time resolution: granules (a day, an ISO week, a month…) as
TIMEX3 values with their inclusive day intervals, and shifting a day by calendar units.

Conventions:
- weeks are ISO 8601 weeks (Monday to Sunday, week 1 holds the year's first Thursday), so
  the week of 2016-01-01 is ``2015-W53``; a weekend is the Saturday and Sunday of its week;
- seasons are meteorological and northern: spring March–May, summer June–August, fall
  September–November, winter December–February; the winter of a year starts in its
  December (``2015-WI`` is 2015-12-01..2016-02-29);
- halves and quarters are calendar ones; a decade ``199`` is 1990–1999 and a century ``19``
  is 1900–1999 (TIMEX3 writes the leading digits);
- shifting by months clamps the day to the month's end (January 31 + 1 month is
  February 28 or 29), so month arithmetic never skips a month.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from typing import Literal

from eventwire.records import Precision

Unit = Literal[
    "day", "week", "weekend", "month", "quarter", "half", "season", "year", "decade", "century"
]

SEASONS: tuple[str, ...] = ("SP", "SU", "FA", "WI")
_SEASON_START_MONTH = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}

# Precision codes have no "half" and no "weekend": they take the nearest coarser code.
PRECISION: dict[Unit, Precision] = {
    "day": "day",
    "week": "week",
    "weekend": "week",
    "month": "month",
    "quarter": "quarter",
    "half": "year",
    "season": "season",
    "year": "year",
    "decade": "decade",
    "century": "century",
}

_MONTHS_PER = {"month": 1, "quarter": 3, "half": 6, "season": 3, "year": 12, "decade": 120}


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole months, the day clamped to the target month's length."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def shift(day: date, unit: Unit, amount: int) -> date:
    """``day`` moved by ``amount`` units (negative: into the past)."""
    if unit == "day":
        return day + timedelta(days=amount)
    if unit in ("week", "weekend"):
        return day + timedelta(weeks=amount)
    if unit == "century":
        return add_months(day, 1200 * amount)
    return add_months(day, _MONTHS_PER[unit] * amount)


def season_of(day: date) -> tuple[int, str]:
    """The (year, season code) a day falls in; January and February belong to the
    previous year's winter."""
    if day.month in (1, 2):
        return day.year - 1, "WI"
    return day.year, SEASONS[(day.month - 3) // 3]


def season_interval(year: int, code: str) -> tuple[date, date]:
    first = date(year, _SEASON_START_MONTH[code], 1)
    return first, add_months(first, 3) - timedelta(days=1)


def granule(unit: Unit, day: date) -> tuple[str, date, date]:
    """The TIMEX3 value and inclusive interval of the ``unit`` that contains ``day``."""
    if unit == "day":
        return day.isoformat(), day, day
    if unit in ("week", "weekend"):
        iso_year, week, _ = day.isocalendar()
        monday = date.fromisocalendar(iso_year, week, 1)
        if unit == "weekend":
            return f"{iso_year}-W{week:02d}-WE", monday + timedelta(5), monday + timedelta(6)
        return f"{iso_year}-W{week:02d}", monday, monday + timedelta(6)
    if unit == "month":
        return f"{day.year}-{day.month:02d}", day.replace(day=1), month_end(day.year, day.month)
    if unit == "quarter":
        q = (day.month - 1) // 3 + 1
        return f"{day.year}-Q{q}", date(day.year, 3 * q - 2, 1), month_end(day.year, 3 * q)
    if unit == "half":
        h = 1 if day.month <= 6 else 2
        return f"{day.year}-H{h}", date(day.year, 6 * h - 5, 1), month_end(day.year, 6 * h)
    if unit == "season":
        year, code = season_of(day)
        first, last = season_interval(year, code)
        return f"{year}-{code}", first, last
    if unit == "year":
        return str(day.year), date(day.year, 1, 1), date(day.year, 12, 31)
    if unit == "decade":
        first_year = day.year - day.year % 10
        return str(first_year // 10), date(first_year, 1, 1), date(first_year + 9, 12, 31)
    first_year = day.year - day.year % 100
    return str(first_year // 100), date(first_year, 1, 1), date(first_year + 99, 12, 31)


def weekday_on_or_before(day: date, weekday: int) -> date:
    """The latest day with ISO ``weekday`` (1 = Monday) on or before ``day``."""
    return day - timedelta(days=(day.isoweekday() - weekday) % 7)


def weekday_on_or_after(day: date, weekday: int) -> date:
    return day + timedelta(days=(weekday - day.isoweekday()) % 7)
