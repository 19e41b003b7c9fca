"""Calendar dates, months, years, quarters, seasons, decades and centuries written out,
with or without a year, and the times of day attached to them.

Every function takes a normalised phrase (see :func:`eventwire.times.words.normalise`)
and returns a :class:`~eventwire.times.model.Resolution` or ``None`` when the phrase is
not of its kind. A missing year comes from the publication date, chosen by tense (see
:mod:`eventwire.times.resolve`); without a publication date it stays ``XXXX``.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from eventwire.records import Precision
from eventwire.times.calendar import PRECISION, Unit, granule, season_interval
from eventwire.times.model import Context, Resolution, unresolved
from eventwire.times.words import (
    DAY_PART_RE,
    DAY_PARTS,
    MONTH_RE,
    MONTHS,
    ORDINALS,
    SEASON_CODES,
    SEASON_RE,
    WEEKDAY_RE,
)

YEAR_RE = r"(\d{4}|'\d\d)"
_ORDINAL_WORDS = "|".join(sorted(ORDINALS, key=len, reverse=True))
_QUARTER_ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "1": 1,
    "2": 2,
    "3": 3,
    "4": 4,
}


def year_of(text: str, ctx: Context) -> int | None:
    """A four-digit year, or a two-digit "'98" placed in the century that puts it nearest
    the publication year (the 1900s without one)."""
    if not text.startswith("'"):
        year = int(text)
        return year if 1000 <= year <= 2199 else None
    short = int(text[1:])
    if ctx.published is None:
        return 1900 + short
    century = ctx.published.year // 100 * 100
    candidates = (century - 100 + short, century + short, century + 100 + short)
    return min(candidates, key=lambda y: abs(y - ctx.published.year))  # type: ignore[union-attr]


def _day(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


# How far a past-tense expression may still point after publication (and a future-tense
# one before it): news reports schedules with "said", and parsed tense is noisy.
_TENSE_SLACK = timedelta(days=61)


def _year_for(month: int, day: int, ctx: Context) -> int | None:
    """The year of a month and day written without one: the occurrence nearest the
    publication date, skipping one more than two months in the future for the past tense
    (two months in the past for the future tense)."""
    pub = ctx.published
    if pub is None:
        return None
    candidates = []
    for year in (pub.year - 1, pub.year, pub.year + 1):
        day_ = _day(year, month, day) or date(year, month, 28)  # February 29 off leap years
        if ctx.tense == "past" and day_ - pub > _TENSE_SLACK:
            continue
        if ctx.tense == "future" and pub - day_ > _TENSE_SLACK:
            continue
        candidates.append((abs((day_ - pub).days), year))
    return min(candidates)[1] if candidates else pub.year


def calendar_date(s: str, ctx: Context) -> Resolution | None:
    """ "october 8 2015", "8 october", "the 8 of october", "2015-10-08", "8/10/2015"."""
    s = re.sub(rf"^{WEEKDAY_RE} (?=\d|{MONTH_RE})", "", s)
    s = re.sub(r"^the ", "", s)
    match = re.fullmatch(rf"{MONTH_RE} (\d{{1,2}})(?: {YEAR_RE})?", s) or re.fullmatch(
        rf"(\d{{1,2}}) (?:of )?{MONTH_RE}(?: {YEAR_RE})?", s
    )
    if match:
        if match.group(1)[0].isdigit():
            day_text, month_text = match.group(1), match.group(2)
        else:
            month_text, day_text = match.group(1), match.group(2)
        return _month_day(MONTHS[month_text], int(day_text), match.group(3), ctx)
    iso = re.fullmatch(r"(\d{4})-(\d\d)-(\d\d)", s)
    if iso:
        day = _day(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
        return _absolute("day", day) if day else None
    numeric = re.fullmatch(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4}|\d\d)", s)
    if numeric:
        first, second, year_text = numeric.groups()
        month, day_number = (
            (int(second), int(first)) if ctx.day_first else (int(first), int(second))
        )
        year = int(year_text) if len(year_text) == 4 else year_of("'" + year_text, ctx)
        day = _day(year, month, day_number) if year else None
        return _absolute("day", day) if day else None
    return None


def _month_day(
    month: int, day_number: int, year_text: str | None, ctx: Context
) -> Resolution | None:
    if year_text is not None:
        year = year_of(year_text, ctx)
        day = _day(year, month, day_number) if year else None
        return _absolute("day", day) if day else None
    if _day(2000, month, day_number) is None:  # 2000 is a leap year: Feb 29 is valid
        return None
    year = _year_for(month, day_number, ctx)
    day = _day(year, month, day_number) if year else None
    if day is None:
        return unresolved("DATE", f"XXXX-{month:02d}-{day_number:02d}", "day")
    return _relative("day", day)


def month_or_year(s: str, ctx: Context) -> Resolution | None:
    """ "october 2015", "october", "2014", "fiscal 2014", "2015-10", "10/2015"."""
    s = re.sub(r"^(?:the )?(?:fiscal |calendar |the year |year )", "", s)
    match = re.fullmatch(rf"{MONTH_RE}(?: of)?(?: {YEAR_RE})?", s)
    if match:
        month = MONTHS[match.group(1)]
        if match.group(2):
            year = year_of(match.group(2), ctx)
            return _absolute("month", date(year, month, 1)) if year else None
        year = _year_for(month, 15, ctx)  # a month counts from its middle
        if year is None:
            return unresolved("DATE", f"XXXX-{month:02d}", "month")
        return _relative("month", date(year, month, 1))
    numeric = re.fullmatch(r"(\d{4})-(\d\d)|(\d{1,2})/(\d{4})", s)
    if numeric:
        year = int(numeric.group(1) or numeric.group(4))
        month = int(numeric.group(2) or numeric.group(3))
        return _absolute("month", date(year, month, 1)) if 1 <= month <= 12 else None
    if re.fullmatch(YEAR_RE, s):
        year = year_of(s, ctx)
        return _absolute("year", date(year, 1, 1)) if year else None
    return None


def decade_or_century(s: str, ctx: Context) -> Resolution | None:
    """ "the 1990s", "the '90s", "90s", "the 20th century", "the twentieth century"."""
    s = re.sub(r"^the ", "", s)
    decade = re.fullmatch(r"(\d{3})0s|'?(\d)0s", s)
    if decade:
        if decade.group(1):
            first = int(decade.group(1)) * 10
        else:
            year = year_of(f"'{decade.group(2)}0", ctx)
            if year is None:
                return None
            first = year
        return _absolute("decade", date(first, 1, 1)) if 1000 <= first <= 2190 else None
    century = re.fullmatch(rf"(\d{{1,2}})(?:st|nd|rd|th) century|({_ORDINAL_WORDS}) century", s)
    if century:
        digits, words = century.groups()
        number = int(digits) if digits else ORDINALS[words]
        return _absolute("century", date(max(number - 1, 1) * 100, 1, 1)) if number >= 11 else None
    return None


def quarter_or_half(s: str, ctx: Context) -> Resolution | None:
    """ "the third quarter (of 2014)", "q3 2014", "the first half", "h2 2015"; "fiscal"
    is read as the calendar year (the fiscal year's start is not known)."""
    s = re.sub(r"\bfiscal ", "", re.sub(r"^the ", "", s))
    match = re.fullmatch(
        rf"(?:(first|second|third|fourth|1|2|3|4) (quarter|half)|(q|h)([1-4]))"
        rf"(?: (?:of )?{YEAR_RE})?",
        s,
    )
    if not match:
        return None
    if match.group(1):
        index, unit = _QUARTER_ORDINALS[match.group(1)], match.group(2)
    else:
        index, unit = int(match.group(4)), "quarter" if match.group(3) == "q" else "half"
    if unit == "half" and index > 2:
        return None
    months = 3 if unit == "quarter" else 6
    code = "Q" if unit == "quarter" else "H"
    kind: Unit = "quarter" if unit == "quarter" else "half"
    first_month = months * (index - 1) + 1
    if match.group(5):
        year = year_of(match.group(5), ctx)
        return _absolute(kind, date(year, first_month, 1)) if year else None
    # Quarters and halves without a year are the publication year's: mostly financial
    # results, reported in the year they belong to.
    year = ctx.published.year if ctx.published else None
    if year is None:
        return unresolved("DATE", f"XXXX-{code}{index}", PRECISION[kind])
    return _relative(kind, date(year, first_month, 1))


def season(s: str, ctx: Context) -> Resolution | None:
    """ "summer", "the summer of 2014", "summer 2014", "2014 summer"."""
    s = re.sub(r"^the ", "", s)
    match = re.fullmatch(rf"{SEASON_RE}(?: (?:of )?{YEAR_RE})?", s) or re.fullmatch(
        rf"{YEAR_RE} {SEASON_RE}", s
    )
    if not match:
        return None
    groups = match.groups()
    name, year_text = (groups[0], groups[1]) if groups[0][0].isalpha() else (groups[1], groups[0])
    code = SEASON_CODES[name]
    if year_text:
        year = year_of(year_text, ctx)
        if year is None:
            return None
        start, end = season_interval(year, code)
        return Resolution("DATE", f"{year}-{code}", start, end, "season", "absolute")
    pub = ctx.published
    if pub is None:
        return unresolved("DATE", f"XXXX-{code}", "season")
    year = pub.year - 1 if code == "WI" and pub.month <= 2 else pub.year
    start, end = season_interval(year, code)
    if ctx.tense == "past" and start > pub:
        year -= 1
    elif ctx.tense == "future" and end < pub:
        year += 1
    start, end = season_interval(year, code)
    return Resolution("DATE", f"{year}-{code}", start, end, "season", "publication")


_CLOCK_RE = (
    r"(?:at )?(?P<h>\d{1,2})(?::(?P<m>\d\d))? ?(?P<ap>am|pm)?"
    r"(?: (?:local time|gmt|utc|et|[a-z]st|[a-z]dt))?"
)


def time_of_day(s: str) -> tuple[str, str, Precision] | None:
    """Split a clock time or part of the day off a phrase: (the rest, TIMEX3 time
    suffix such as "T06:30" or "TMO", precision). ``None`` when there is none."""
    for pattern in (
        rf"(?P<rest>.*?) ?{_CLOCK_RE}$",
        rf"{_CLOCK_RE}(?: on)? ?(?P<rest>.*)",
    ):
        match = re.fullmatch(pattern, s)
        if match is None:
            continue
        hour_text, minute_text, half = match.group("h"), match.group("m"), match.group("ap")
        hour = int(hour_text)
        # A bare number is a clock time only with am/pm or minutes.
        if (half is None and minute_text is None) or hour > 23 or (half and hour > 12):
            continue
        if half == "pm" and hour < 12:
            hour += 12
        elif half == "am" and hour == 12:
            hour = 0
        minute = int(minute_text or 0)
        if minute > 59:
            continue
        return (
            match.group("rest").strip(),
            f"T{hour:02d}:{minute:02d}",
            "minute" if minute_text else "hour",
        )
    for word, code in (("noon", "T12:00"), ("midnight", "T24:00")):
        match = re.fullmatch(
            rf"(?:at )?{word}(?: on)?(?: (?P<rest>.+))?|(?P<rest2>.+) at {word}", s
        )
        if match:
            return (match.group("rest") or match.group("rest2") or "").strip(), code, "hour"
    match = re.fullmatch(rf"(?P<rest>.*?) ?(?:in the )?{DAY_PART_RE}", s) or re.fullmatch(
        rf"(?:the |this )?{DAY_PART_RE} of (?P<rest>.+)", s
    )
    if match:
        part = next(g for g in match.groups() if g in DAY_PARTS)
        return match.group("rest").strip(), "T" + DAY_PARTS[part], "hour"
    return None


def _absolute(unit: Unit, day: date) -> Resolution:
    value, start, end = granule(unit, day)
    return Resolution("DATE", value, start, end, PRECISION[unit], "absolute")


def _relative(unit: Unit, day: date) -> Resolution:
    value, start, end = granule(unit, day)
    return Resolution("DATE", value, start, end, PRECISION[unit], "publication")
