"""Normalise one time expression against a publication date: its TIMEX3 type and value,
the inclusive interval of days it covers, a precision code and what it was resolved
against. Pure: no spaCy, no clock. Nothing is ever anchored to today: without a
publication date a relative expression keeps an X value ("XXXX-XX") and no interval.

Conventions (P is the publication date; "previous" is the previous time of the discourse,
given by the caller). Each line: expression → TIMEX3 value; interval; precision.

- "October 8, 2015", "8/10/2015" (US month/day; ``day_first=True`` reads day/month)
  → 2015-10-08; that day; day.
- "October 8", "October" (no year) → the occurrence nearest P, but never more than two
  months after P for the past tense (before P for the future tense); day, month.
- "the third quarter", "the first half" (no year) → P's year: 2015-Q3, 2015-H1.
- "in 2014", "fiscal 2014", "nineteen ninety-six" → 2014; the year; year.
- "the 1990s", "the '90s" → 199; decade. "the 20th century" → 19; century.
- "spring", "summer", "fall", "winter" → 2015-SU; meteorological, northern seasons
  (Mar–May, Jun–Aug, Sep–Nov, Dec–Feb; winter 2015 is Dec 2015–Feb 2016); season.
- "early/mid/late X", "the beginning/middle/end of X" → X's value and precision; the first,
  middle or last third of X ("late October" 21–31 Oct, "mid-2014" May–Aug 2014).
- "yesterday", "today", "tomorrow" → P−1, P, P+1; day.
- "Tuesday", "on Tuesday" → past tense: the latest Tuesday on or before P; future: the
  earliest on or after P; otherwise the nearest. P itself counts: wire stories report the
  day's events by weekday (on TimeBank, inclusive 275/299 correct, strictly before 158).
- "last/this/next Tuesday" → strictly before P / in P's ISO week / strictly after P.
- "last month", "this week", "next year", "last weekend" → the whole granule before,
  containing or after P's (ISO weeks, "2015-W45"); its unit.
- "last October", "last summer" → the latest one that ended before P.
- "two days ago", "a year ago" → P shifted, at the unit's granularity (2015-10-31, 2014).
- "several weeks ago", "years ago" → PAST_REF; P − widest reading … P − 1 unit; vague.
- "earlier this month" / "later this year" → P's month / year; month start … P /
  P … year end.
- "that month", "earlier that month", "the same day", "the quarter" → the granule of
  previous; "the next day", "the previous week", "three years later", "a day earlier" →
  previous shifted; anchor "previous".
- "over the past several weeks", "the past two months", "in recent months" → DURATION PXW,
  P2M, PXM; the N units ending on P, inclusive of P; the unit, or vague for X.
- "the next two weeks", "the coming days" → DURATION P2W, PXD; the N units from P on.
- "six weeks", "for six weeks", "two and a half years", "weeks" → DURATION P6W, P2Y6M,
  PXW; no interval.
- "every Friday", "each July", "every two weeks", "daily", "Fridays" → SET XXXX-WXX-5,
  XXXX-07, P2W, P1D; no interval.
- "since 2014" → 2014 (as TimeML); 2014-01-01 … P.
- "now", "currently" → PRESENT_REF; P … P; day ("nowadays", "these days": vague).
- "recently", "in the past" → PAST_REF, interval open (None … P); "soon", "the future" →
  FUTURE_REF (P … None); vague, and not resolved (no start or no end to count on).
- "6 a.m. Tuesday", "yesterday morning", "last night" → TIME 2015-11-01T06:00, …TMO,
  …TNI; that day; hour (minute with minutes).
- "23 years old", "a 23-year-old" → None: ages are not times.

Vague quantities bound intervals by their widest reading: "a few" 4, "several"/"some" 7,
"many" 12, "recent"/a bare plural 6 units. Anaphoric expressions with no previous time
count from P (as TimeML does with the document creation time); when the previous time is
unresolved or coarser than the expression needs ("the next day" after "last year"), they
are unresolved. Precision is the granularity of the value: "late October" has precision
month and an interval of 21–31 October. A weekend is the Saturday and Sunday of an ISO
week ("2015-W44-WE"); halves ("2015-H1") report precision year, having no code of their own.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta

from eventwire.records import TimeRef
from eventwire.times import absolute, relative, sets
from eventwire.times.calendar import add_months, month_end
from eventwire.times.model import Context, Resolution, Tense, unresolved
from eventwire.times.words import MONTH_RE, MONTHS, normalise, spelled_years

__all__ = ["Resolution", "resolve"]

# Words before a time expression that do not change what it means.
_SIGNAL_WORDS = (
    "in", "on", "at", "during", "over", "for", "by", "within", "throughout", "from",
    "until", "till", "through", "as of", "of", "about", "around", "approximately",
    "roughly", "nearly", "almost", "some", "more than", "less than", "fewer than",
    "at least", "at most", "up to", "no more than", "no later than", "just", "only",
    "an estimated", "circa", "ca", "sometime", "sometime in", "as early as", "as late as",
    "by the end of", "an additional", "another", "a full", "the full", "the entire",
    "all of", "the whole of", "the first", "the final",
)  # fmt: skip
# Longest first, so "at least" is not read as "at".
_SIGNALS = re.compile(
    r"^(?:" + "|".join(sorted(map(re.escape, _SIGNAL_WORDS), key=len, reverse=True)) + r") (?=\S)"
)
_MODS = re.compile(
    r"^(?:the )?(early|mid|middle of|the middle of|late|end of|the end of"
    r"|beginning of|the beginning of|start of|the start of|the turn of) (.+)$"
)
_THIRDS = {"early": 0, "beginning of": 0, "the beginning of": 0, "start of": 0,
           "the start of": 0, "mid": 1, "middle of": 1, "the middle of": 1, "late": 2,
           "end of": 2, "the end of": 2, "the turn of": 2}  # fmt: skip


def resolve(
    phrase: str,
    *,
    published: date | None,
    previous: TimeRef | None = None,
    tense: Tense | None = None,
    day_first: bool = False,
) -> Resolution | None:
    """The meaning of a time expression, or ``None`` when ``phrase`` is not one.

    ``published`` anchors deictic expressions (never today's date); ``previous`` is the
    latest resolved DATE/TIME before the phrase, for anaphora; ``tense`` of the governing
    verb places weekdays and months named without a year; ``day_first`` reads 8/10/2015 as
    8 October (the source's locale), otherwise as August 10."""
    s = normalise(phrase)
    if not s or re.search(r"\b(old|aged?|older|younger)\b", s):
        return None  # ages are not times
    return _resolve(s, Context(published, previous, tense, day_first))


def _resolve(s: str, ctx: Context) -> Resolution | None:
    while True:
        stripped = _SIGNALS.sub("", s)
        if stripped == s:
            break
        s = stripped
    s = spelled_years(s)
    if s == "tonight":
        s = "this night"
    if s.startswith("since "):
        return _since(s[len("since ") :], ctx)
    found = sets.recurring(s)
    if found is not None:
        return found
    mod = _MODS.match(s)
    if mod:
        return _modified(mod.group(1), mod.group(2), ctx)
    edge = re.fullmatch(r"(earlier|later) (this|that|in the|last|next) (.+)", s)
    if edge:
        return _edge(edge.group(1), edge.group(2), edge.group(3), ctx)
    edge = re.fullmatch(r"(?:earlier|later) (.+)", s)
    if edge:  # "earlier yesterday", "later Sunday": the day itself
        return _resolve(edge.group(1), ctx)
    month_of = re.fullmatch(rf"{MONTH_RE}(?: (\d{{1,2}}))?(?: of)? ((?:this|last|next) year)", s)
    if month_of:
        return _month_of_year(month_of.group(1), month_of.group(2), month_of.group(3), ctx)
    for kind in (relative.deictic_word, _timed):
        found = kind(s, ctx)
        if found is not None:
            return found
    return _date(s, ctx)


def _date(s: str, ctx: Context) -> Resolution | None:
    """A day or coarser, or a duration: everything but clock times."""
    for kind in (
        relative.deictic_word,
        relative.ago_or_later,
        relative.determined,
        relative.duration,
        absolute.calendar_date,
        absolute.quarter_or_half,
        absolute.month_or_year,
        absolute.season,
        absolute.decade_or_century,
        relative.weekday,
    ):
        found = kind(s, ctx)
        if found is not None:
            return found
    return None


def _timed(s: str, ctx: Context) -> Resolution | None:
    """A clock time or part of the day on a day: "6 am tuesday", "yesterday morning"."""
    split = absolute.time_of_day(s)
    if split is None:
        return None
    rest, suffix, precision = split
    anchor = relative.day_for_time(rest, ctx)
    if anchor is not None:
        day, anchor_name = anchor
        if day is None:
            return unresolved("TIME", "XXXX-XX-XX" + suffix, precision)
        return Resolution(
            "TIME", day.isoformat() + suffix, day, day, precision, relative._anchor(anchor_name)
        )
    found = _resolve(rest, ctx)
    if (
        found is None
        or found.type not in ("DATE", "TIME")
        or found.precision
        not in (
            "day",
            "hour",
            "minute",
        )
    ):
        return None  # "6 am last week": not placeable on a day
    if found.start is None:
        return unresolved("TIME", "XXXX-XX-XX" + suffix, precision)
    value = found.start.isoformat() + suffix
    return replace(found, type="TIME", value=value, precision=precision)


def _month_of_year(month: str, day: str | None, year: str, ctx: Context) -> Resolution | None:
    """ "January this year", "June 5 last year"."""
    found = _resolve(year, ctx)
    if found is None or found.start is None:
        return unresolved(
            "DATE",
            "XXXX-" + f"{MONTHS[month]:02d}" + (f"-{int(day):02d}" if day else ""),
            "day" if day else "month",
        )
    text = f"{month} {day} {found.start.year}" if day else f"{month} {found.start.year}"
    placed = _resolve(text, ctx)
    return replace(placed, anchor="publication") if placed is not None else None


def _since(s: str, ctx: Context) -> Resolution | None:
    """ "since 2014": from the start of 2014 up to publication (value: 2014, as TimeML)."""
    found = _resolve(s, ctx)
    if found is None or found.type not in ("DATE", "TIME") or found.start is None:
        return found
    return replace(found, type="DATE", end=ctx.published if ctx.published else None)


def _modified(mod: str, rest: str, ctx: Context) -> Resolution | None:
    found = _resolve(rest, ctx)
    if found is None or found.type not in ("DATE", "TIME"):
        return None
    if found.type == "TIME" or found.start is None or found.end is None or found.start == found.end:
        return found
    start, end = _third(found.start, found.end, _THIRDS[mod])
    return replace(found, start=start, end=end)


def _third(start: date, end: date, index: int) -> tuple[date, date]:
    """The first, middle or last third of an interval: days 1–10, 11–20, 21–end of a
    month; January–April, May–August, September–December of a year; years 0–3, 4–6, 7–9
    of a decade; whole months of a quarter or season; equal thirds of anything else."""
    days = (end - start).days + 1
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    whole_months = start.day == 1 and end == month_end(end.year, end.month)
    if whole_months and months == 1:
        cuts = [start, start + timedelta(10), start + timedelta(20)]
    elif whole_months and months == 120:
        cuts = [start, start.replace(year=start.year + 4), start.replace(year=start.year + 7)]
    elif whole_months and months % 3 == 0:
        cuts = [add_months(start, k * months // 3) for k in range(3)]
    else:
        cuts = [start, start + timedelta(days // 3), start + timedelta(2 * days // 3)]
    last = cuts[index + 1] - timedelta(1) if index < 2 else end
    return cuts[index], last


def _edge(which: str, det: str, rest: str, ctx: Context) -> Resolution | None:
    """ "earlier this month" (month start … publication), "later this year" (publication …
    year end), "earlier that month" (the month of the previous time)."""
    det = "that" if det == "in the" else det
    found = _resolve(f"{det} {rest}", ctx)
    if found is None or found.type != "DATE" or found.start is None or found.end is None:
        return found
    pub = ctx.published
    if det == "this" and pub is not None and found.start <= pub <= found.end:
        if which == "earlier":
            return replace(found, end=pub)
        return replace(found, start=pub)
    return found
