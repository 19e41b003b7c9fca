"""Expressions placed relative to the publication date (deictic: "last month", "two days
ago", "on Tuesday") or to the previous time in the discourse (anaphoric: "that month",
"the next day", "three years later"), durations ("six weeks", "the past several weeks")
and sets ("every Friday", "daily"). The conventions are listed in
:mod:`eventwire.times.resolve`."""

from __future__ import annotations

import re
from datetime import date, timedelta
from fractions import Fraction

from eventwire.records import Precision, TimeAnchor
from eventwire.times.calendar import (
    PRECISION,
    Unit,
    granule,
    season_interval,
    shift,
    weekday_on_or_after,
    weekday_on_or_before,
)
from eventwire.times.model import Context, Resolution, unresolved
from eventwire.times.words import (
    MONTH_RE,
    MONTHS,
    NUMBER_RE,
    SEASON_CODES,
    SEASON_RE,
    UNIT_RE,
    UNITS,
    VAGUE_QUANTITIES,
    VAGUE_RE,
    WEEKDAYS,
    number,
    unit_of,
)

_ORDER: tuple[Precision, ...] = (
    "minute", "hour", "day", "week", "month", "quarter", "season", "year", "decade",
    "century", "vague",
)  # fmt: skip

# Values with X for each unknown digit of a unit's granule, for times that cannot be placed.
_UNKNOWN: dict[Unit, str] = {
    "day": "XXXX-XX-XX",
    "week": "XXXX-WXX",
    "weekend": "XXXX-WXX-WE",
    "month": "XXXX-XX",
    "quarter": "XXXX-QX",
    "half": "XXXX-HX",
    "season": "XXXX-XX",
    "year": "XXXX",
    "decade": "XXX",
    "century": "XX",
}


def place(unit: Unit, day: date | None, anchor: str) -> Resolution:
    """The granule of ``unit`` around ``day``, or its X value when ``day`` is unknown."""
    if day is None:
        return unresolved("DATE", _UNKNOWN[unit], PRECISION[unit])
    value, start, end = granule(unit, day)
    return Resolution("DATE", value, start, end, PRECISION[unit], _anchor(anchor))


def _anchor(name: str) -> TimeAnchor:
    return "previous" if name == "previous" else "publication"


def reference(ctx: Context, unit: Unit | None) -> tuple[date | None, str]:
    """The day an anaphoric expression counts from: the previous time in the discourse
    when it is at least as precise as ``unit``, the publication date when there is no
    previous time; unknown when the previous time is too vague or unresolved."""
    previous = ctx.previous
    if previous is None:
        return ctx.published, "publication"
    if previous.start is None or previous.precision is None:
        return None, "previous"
    needed = PRECISION[unit] if unit is not None else "day"
    if _ORDER.index(previous.precision) > _ORDER.index(needed):
        return None, "previous"
    return previous.start, "previous"


# ---- fixed words -----------------------------------------------------------------------


_PRESENT = frozenset(
    ("now", "right now", "currently", "current", "at present", "present", "presently",
     "at the moment", "at this time", "this time", "nowadays", "these days")
)  # fmt: skip
_PAST = frozenset(
    ("recently", "lately", "recent times", "recent", "more recently", "the past", "past",
     "previously", "formerly", "once", "earlier", "before", "in the past")
)  # fmt: skip
_FUTURE = frozenset(
    ("the future", "future", "soon", "later", "eventually", "shortly", "the near future",
     "the near term", "the short term", "a later date", "the years ahead")
)  # fmt: skip


def deictic_word(s: str, ctx: Context) -> Resolution | None:
    pub = ctx.published
    offsets = {"today": 0, "yesterday": -1, "tomorrow": 1, "the day before yesterday": -2}
    offsets["the day after tomorrow"] = 2
    if s in offsets:
        return place("day", pub + timedelta(offsets[s]) if pub else None, "publication")
    if s in _PRESENT:
        precision: Precision = "vague" if s in ("nowadays", "these days") else "day"
        if pub is None:
            return unresolved("DATE", "PRESENT_REF", precision)
        return Resolution("DATE", "PRESENT_REF", pub, pub, precision, "publication")
    if s in _PAST:
        return Resolution("DATE", "PAST_REF", None, pub, "vague", "publication" if pub else None)
    if s in _FUTURE:
        return Resolution("DATE", "FUTURE_REF", pub, None, "vague", "publication" if pub else None)
    return None


def day_for_time(rest: str, ctx: Context) -> tuple[date | None, str] | None:
    """The day a clock time or part of the day falls on, from what is left of the phrase
    once the time is split off ("yesterday", "last", "tuesday", "")."""
    pub = ctx.published
    if rest in ("", "the", "that", "the same", "early", "late", "that same"):
        return reference(ctx, "day")
    if rest in ("the next", "the following", "the previous", "the preceding"):
        base, anchor = reference(ctx, "day")
        step = 1 if rest in ("the next", "the following") else -1
        return (base + timedelta(step) if base else None), anchor
    if rest in ("this", "today", "tonight"):
        return pub, "publication"
    if rest in ("last", "yesterday"):
        return (pub - timedelta(1) if pub else None), "publication"
    if rest in ("tomorrow", "next"):
        return (pub + timedelta(1) if pub else None), "publication"
    return None


# ---- quantities of units ---------------------------------------------------------------


def _quantity(text: str | None) -> tuple[Fraction | None, int]:
    """(exact number or None for a vague one, the widest reading for intervals)."""
    text = (text or "").strip()
    if text in VAGUE_QUANTITIES:
        return None, VAGUE_QUANTITIES[text]
    value = number(text)
    if value is None:
        return None, VAGUE_QUANTITIES[""]
    return value, max(1, int(value))


_MULTIPLES = {
    "fortnight": (2, "W"),
    "weekend": (2, "D"),
    "decade": (10, "Y"),
    "century": (100, "Y"),
}


def duration_value(amount: Fraction | None, unit_word: str) -> str:
    """TIMEX3 duration: P6W, PT5H, P2Y6M (a half becomes the next smaller unit), PXW."""
    unit = unit_of(unit_word)
    _, letter, is_time = UNITS[unit]
    prefix = "PT" if is_time else "P"
    if amount is None:
        return f"{prefix}X{letter}"
    if unit in _MULTIPLES:
        factor, letter = _MULTIPLES[unit]
        amount *= factor
    whole, part = divmod(amount, 1)
    smaller = {"Y": (12, "M"), "D": (24, "H"), "H": (60, "M"), "W": (7, "D")}
    text = f"{prefix}{int(whole)}{letter}" if whole else prefix
    if part:
        if letter not in smaller:
            return f"{prefix}{float(amount):g}{letter}"
        factor, small = smaller[letter]
        if letter == "D":
            text = f"P{int(whole)}DT" if whole else "PT"
        text += f"{int(part * factor)}{small}"
    return text


def _calendar_unit(unit_word: str) -> Unit | None:
    return UNITS[unit_of(unit_word)][0]


def ago_or_later(s: str, ctx: Context) -> Resolution | None:
    """ "two days ago", "a year earlier", "three weeks later", "two months from now"."""
    match = re.fullmatch(
        rf"(?:{VAGUE_RE}|{NUMBER_RE})? ?{UNIT_RE} (ago|earlier|later|before|after|afterwards"
        r"|afterward|previously|from now|hence|on|back)",
        s,
    )
    if not match:
        return None
    amount, widest = _quantity(match.group(1) or match.group(2))
    if match.group(1) is None and match.group(2) is None and not match.group(3).endswith("s"):
        amount, widest = Fraction(1), 1  # "year-ago", "year earlier"
    unit = _calendar_unit(match.group(3)) or "day"
    direction = match.group(4)
    past = direction in ("ago", "earlier", "before", "previously", "back")
    sign = -1 if past else 1
    if direction in ("ago", "from now", "hence", "back"):
        base, anchor = ctx.published, "publication"
    else:
        base, anchor = reference(ctx, unit)
    if amount is None:
        value = "PAST_REF" if past else "FUTURE_REF"
        if base is None:
            return unresolved("DATE", value, "vague")
        near, far = shift(base, unit, sign), shift(base, unit, sign * widest)
        start, end = (far, near) if past else (near, far)
        return Resolution("DATE", value, start, end, "vague", _anchor(anchor))
    steps = int(amount) if UNITS[unit_of(match.group(3))][2] is False else 0
    return place(unit, shift(base, unit, sign * steps) if base else None, anchor)


def duration(s: str, ctx: Context) -> Resolution | None:
    """ "six weeks", "the past several weeks", "the next two days", "recent months",
    "weeks", "a six week" (from "six-week")."""
    match = re.fullmatch(
        rf"(the )?(?:(past|last|previous|next|coming|following|first|final|recent) )?"
        rf"(?:another |more than |over |nearly |almost |about )?"
        rf"(?:{VAGUE_RE}|{NUMBER_RE})? ?(?:more |full |long )?{UNIT_RE}"
        r"(?: long| more| period| term| span| stretch)?",
        s,
    )
    if not match:
        return None
    the, which, vague, written, unit_word = match.groups()
    if which is None and vague is None and written is None and not unit_word.endswith("s"):
        return None  # a bare singular unit ("month") is not a duration
    if the and which is None and vague is None and written is None:
        return None  # "the weeks": too vague
    if which in ("last", "previous", "next", "following") and not the and not (vague or written):
        return None  # "last month", "next week": a date, see determined()
    amount, widest = _quantity(vague or written)
    if vague is None and written is None and not unit_word.endswith("s"):
        amount, widest = Fraction(1), 1  # "the past week"
    if which == "recent" and written is None:
        amount = None
    value = duration_value(amount, unit_word)
    unit = _calendar_unit(unit_word)
    if which in ("past", "last", "recent"):
        return _span(value, ctx.published, unit, (amount, widest), backwards=True)
    if which in ("next", "coming"):
        return _span(value, ctx.published, unit, (amount, widest), backwards=False)
    if which in ("previous", "following"):
        base, _ = reference(ctx, unit)
        if which == "following" and base is not None:
            base += timedelta(1)  # "the following two days" start after the previous time
        elif base is not None:
            base -= timedelta(1)
        span = _span(value, base, unit, (amount, widest), backwards=which == "previous")
        return (
            span
            if base is None
            else Resolution("DURATION", value, span.start, span.end, span.precision, "previous")
        )
    return Resolution("DURATION", value)


def _span(
    value: str,
    base: date | None,
    unit: Unit | None,
    quantity: tuple[Fraction | None, int],
    *,
    backwards: bool,
) -> Resolution:
    """An anchored duration: the amount (or the widest reading of a vague one) of units
    ending on the base day (backwards, inclusive of it) or starting on it."""
    amount, widest = quantity
    precision: Precision = "vague" if amount is None else PRECISION.get(unit or "day", "day")
    if base is None:
        return Resolution("DURATION", value, None, None, precision, None)
    steps = widest if amount is None else max(1, int(amount))
    calendar_unit: Unit = unit or "day"
    if unit is None:  # hours, minutes: whole days that contain them
        steps = max(1, -(-steps // 24)) if value.endswith("H") else 1
    if backwards:
        return Resolution("DURATION", value, shift(base, calendar_unit, -steps) + timedelta(1),
                          base, precision, "publication")  # fmt: skip
    return Resolution("DURATION", value, base, shift(base, calendar_unit, steps) - timedelta(1),
                      precision, "publication")  # fmt: skip


# ---- determiner + calendar word --------------------------------------------------------

_DETERMINERS = {
    "last": -1, "past": -1, "this": 0, "current": 0, "next": 1, "coming": 1,
    "the previous": -1, "the preceding": -1, "the prior": -1, "previous": -1,
    "the following": 1, "the next": 1, "following": 1, "the current": 0,
    "that": 0, "the same": 0, "that same": 0, "the": 0, "same": 0,
}  # fmt: skip
_ANAPHORIC = {"the previous", "the preceding", "the prior", "previous", "the following", "the next",
              "following", "that", "the same", "that same", "same", "the"}  # fmt: skip
_DET_RE = "(" + "|".join(sorted(_DETERMINERS, key=len, reverse=True)) + ")"


def determined(s: str, ctx: Context) -> Resolution | None:
    """ "last month", "this week", "next year", "that month", "the following day",
    "last tuesday", "last october", "this summer", "the weekend"."""
    match = re.fullmatch(rf"{_DET_RE} (.+)", s)
    det, word = (match.group(1), match.group(2)) if match else ("", s)
    step = _DETERMINERS.get(det, 0)
    if word in (
        "day",
        "week",
        "weekend",
        "month",
        "quarter",
        "year",
        "decade",
        "century",
        "season",
    ):
        unit: Unit = word  # type: ignore[assignment]
        if det == "":
            return None  # bare "week": a duration
        if det == "the next" and unit != "day":
            det = "next"  # "the next week": deictic, as "next week"
        if unit == "weekend" and det in ("the", ""):
            return _weekend(ctx)
        if det in _ANAPHORIC:
            base, anchor = reference(ctx, unit)
        else:
            base, anchor = ctx.published, "publication"
        return place(unit, shift(base, unit, step) if base else None, anchor)
    if word in WEEKDAYS and det:
        return _weekday(WEEKDAYS[word], ctx, step if det in ("last", "next", "this") else None)
    if re.fullmatch(MONTH_RE, word) and det in ("last", "this", "next", "past", "coming"):
        return _named_month(MONTHS[word], step, ctx)
    if re.fullmatch(SEASON_RE, word) and det in ("last", "this", "next", "past", "coming"):
        return _named_season(SEASON_CODES[word], step, ctx)
    return None


def weekday(s: str, ctx: Context) -> Resolution | None:
    if (s in WEEKDAYS and len(s) > 3) or s in ("tues", "thurs"):
        return _weekday(WEEKDAYS[s], ctx, None)
    return None


def _weekday(number_: int, ctx: Context, step: int | None) -> Resolution:
    """A weekday named alone goes by tense: the latest on or before publication for the
    past tense, the earliest on or after it for the future, the nearest otherwise.
    "last Tuesday" is strictly before publication, "next Tuesday" strictly after, "this
    Tuesday" within the publication's ISO week."""
    pub = ctx.published
    if pub is None:
        return unresolved("DATE", f"XXXX-WXX-{number_}", "day")
    if step == -1:
        day = weekday_on_or_before(pub - timedelta(1), number_)
    elif step == 1:
        day = weekday_on_or_after(pub + timedelta(1), number_)
    elif step == 0:
        day = pub + timedelta(number_ - pub.isoweekday())
    elif ctx.tense == "past":
        day = weekday_on_or_before(pub, number_)
    elif ctx.tense == "future":
        day = weekday_on_or_after(pub, number_)
    else:
        before, after = weekday_on_or_before(pub, number_), weekday_on_or_after(pub, number_)
        day = before if (pub - before) <= (after - pub) else after
    return place("day", day, "publication")


def _weekend(ctx: Context) -> Resolution:
    """ "the weekend": the one just past for the past tense (the current one on a Saturday
    or Sunday), the coming one for the future, the nearest otherwise."""
    pub = ctx.published
    if pub is None:
        return unresolved("DATE", "XXXX-WXX-WE", "week")
    weekday_ = pub.isoweekday()
    if weekday_ >= 6 or ctx.tense == "future" or (ctx.tense != "past" and weekday_ >= 4):
        return place("weekend", pub, "publication")
    return place("weekend", pub - timedelta(7), "publication")


def _named_month(month: int, step: int, ctx: Context) -> Resolution:
    """ "last October": the latest October before the publication month; "next October"
    the earliest after it; "this October" the one of the publication year."""
    pub = ctx.published
    if pub is None:
        return unresolved("DATE", f"XXXX-{month:02d}", "month")
    year = pub.year
    if step < 0 and month >= pub.month:
        year -= 1
    elif step > 0 and month <= pub.month:
        year += 1
    return place("month", date(year, month, 1), "publication")


def _named_season(code: str, step: int, ctx: Context) -> Resolution:
    pub = ctx.published
    if pub is None:
        return unresolved("DATE", f"XXXX-{code}", "season")
    year = pub.year - 1 if code == "WI" and pub.month <= 2 else pub.year
    start, end = season_interval(year, code)
    if step < 0 and end >= pub:
        year -= 1
    elif step > 0 and start <= pub:
        year += 1
    start, end = season_interval(year, code)
    return Resolution("DATE", f"{year}-{code}", start, end, "season", "publication")
