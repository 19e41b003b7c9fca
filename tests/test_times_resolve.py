"""The pure resolver: phrases in, TIMEX3 values and day intervals out (no spaCy)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eventwire.records import Evidence, TimeRef
from eventwire.times import resolve
from eventwire.times.calendar import add_months, granule, month_end

PUB = date(2015, 11, 2)  # a Monday, the seed's publication date
days = st.dates(min_value=date(1900, 3, 1), max_value=date(2099, 10, 31))


def previous(value: str, start: date, end: date, precision: str = "month") -> TimeRef:
    evidence = Evidence(doc="d", start=0, end=10, text="last month")
    return TimeRef(evidence, "DATE", value, start, end, precision, "publication")  # type: ignore[arg-type]


# ---- the acceptance phrases ----------------------------------------------------


def test_last_month_is_the_calendar_month_before_publication() -> None:
    found = resolve("last month", published=PUB)
    assert found is not None
    assert (found.type, found.value) == ("DATE", "2015-10")
    assert (found.start, found.end) == (date(2015, 10, 1), date(2015, 10, 31))
    assert (found.precision, found.anchor) == ("month", "publication")


def test_earlier_that_month_is_the_month_of_the_previous_time() -> None:
    last_month = previous("2015-10", date(2015, 10, 1), date(2015, 10, 31))
    found = resolve("Earlier that month", published=PUB, previous=last_month)
    assert found is not None and found.start is not None and found.end is not None
    assert found.value == "2015-10" and found.anchor == "previous"
    assert date(2015, 10, 1) <= found.start <= found.end <= date(2015, 10, 31)


def test_over_the_past_several_weeks_ends_on_publication_and_is_vague() -> None:
    found = resolve("over the past several weeks", published=PUB)
    assert found is not None and found.start is not None
    assert (found.type, found.value, found.end) == ("DURATION", "PXW", PUB)
    assert found.precision == "vague"
    assert date(2015, 9, 1) <= found.start <= date(2015, 10, 1)


@pytest.mark.parametrize("phrase", ["six weeks", "six weeks’", "for six weeks", "six-week"])
def test_six_weeks_is_a_duration_not_a_date(phrase: str) -> None:
    found = resolve(phrase, published=PUB)
    assert found is not None
    assert (found.type, found.value, found.start, found.end) == ("DURATION", "P6W", None, None)


@pytest.mark.parametrize(
    "phrase",
    ["last month", "earlier that month", "over the past several weeks", "in recent months",
     "yesterday", "on Tuesday", "two days ago", "this week", "October 8", "the next day"],
)  # fmt: skip
def test_without_a_publication_date_nothing_relative_is_resolved(phrase: str) -> None:
    found = resolve(phrase, published=None)
    assert found is not None, phrase
    assert (found.start, found.end, found.anchor) == (None, None, None)
    assert found.value is None or "X" in found.value


def test_without_a_publication_date_relative_values_keep_placeholders() -> None:
    assert resolve("last month", published=None).value == "XXXX-XX"  # type: ignore[union-attr]
    assert resolve("Tuesday", published=None).value == "XXXX-WXX-2"  # type: ignore[union-attr]
    assert resolve("October 8", published=None).value == "XXXX-10-08"  # type: ignore[union-attr]
    assert resolve("six weeks", published=None).value == "P6W"  # type: ignore[union-attr]


def test_absolute_dates_need_no_publication_date() -> None:
    found = resolve("October 8, 2015", published=None)
    assert found is not None
    assert (found.value, found.start, found.anchor) == ("2015-10-08", date(2015, 10, 8), "absolute")


# ---- absolute ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "day_first", "value"),
    [
        ("8/10/2015", False, "2015-08-10"),
        ("8/10/2015", True, "2015-10-08"),
        ("Oct. 8, 2015", False, "2015-10-08"),
        ("8 October 2015", False, "2015-10-08"),
        ("Tuesday, October 27, 2015", False, "2015-10-27"),
        ("2015-10-08", True, "2015-10-08"),
        ("in 2014", False, "2014"),
        ("October 2015", False, "2015-10"),
        ("nineteen ninety-six", False, "1996"),
        ("the 1990s", False, "199"),
        ("the 20th century", False, "19"),
        ("Q3 2014", False, "2014-Q3"),
        ("the summer of 2014", False, "2014-SU"),
    ],
)
def test_absolute_expressions(phrase: str, day_first: bool, value: str) -> None:
    found = resolve(phrase, published=PUB, day_first=day_first)
    assert found is not None and found.value == value


def test_an_impossible_calendar_date_is_not_a_time() -> None:
    assert resolve("February 30, 2015", published=PUB) is None
    assert resolve("13/13/2015", published=PUB) is None


def test_month_without_year_follows_tense_near_publication() -> None:
    nearest = resolve("January", published=PUB)
    assert nearest is not None and nearest.value == "2016-01"
    past = resolve("January", published=PUB, tense="past")
    assert past is not None and past.value == "2015-01"
    soon = resolve("Nov. 10", published=PUB, tense="past")  # reported schedule: same year
    assert soon is not None and soon.value == "2015-11-10"
    future = resolve("March", published=PUB, tense="future")
    assert future is not None and future.value == "2016-03"


@pytest.mark.parametrize(
    ("phrase", "start", "end", "precision"),
    [
        ("late October", date(2015, 10, 21), date(2015, 10, 31), "month"),
        ("early October", date(2015, 10, 1), date(2015, 10, 10), "month"),
        ("mid-2014", date(2014, 5, 1), date(2014, 8, 31), "year"),
        ("the early 1990s", date(1990, 1, 1), date(1993, 12, 31), "decade"),
        ("last winter", date(2014, 12, 1), date(2015, 2, 28), "season"),
        ("spring", date(2015, 3, 1), date(2015, 5, 31), "season"),
        ("since 2014", date(2014, 1, 1), PUB, "year"),
        ("earlier this year", date(2015, 1, 1), PUB, "year"),
    ],
)
def test_interval_conventions(phrase: str, start: date, end: date, precision: str) -> None:
    found = resolve(phrase, published=PUB)
    assert found is not None
    assert (found.start, found.end, found.precision) == (start, end, precision)


# ---- deictic and anaphoric ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "tense", "value"),
    [
        ("yesterday", None, "2015-11-01"),
        ("two days ago", None, "2015-10-31"),
        ("a year ago", None, "2014"),
        ("on Tuesday", "past", "2015-10-27"),
        ("on Tuesday", "future", "2015-11-03"),
        ("Monday", "past", "2015-11-02"),  # the publication day itself
        ("last Monday", None, "2015-10-26"),
        ("next Monday", None, "2015-11-09"),
        ("this week", None, "2015-W45"),
        ("last week", None, "2015-W44"),
        ("the weekend", "past", "2015-W44-WE"),
        ("next year", None, "2016"),
        ("now", None, "PRESENT_REF"),
        ("recently", None, "PAST_REF"),
        ("6 a.m. Tuesday", "past", "2015-10-27T06:00"),
        ("yesterday morning", None, "2015-11-01TMO"),
        ("last night", None, "2015-11-01TNI"),
    ],
)
def test_deictic_expressions(phrase: str, tense: str | None, value: str) -> None:
    found = resolve(phrase, published=PUB, tense=tense)  # type: ignore[arg-type]
    assert found is not None and found.value == value


def test_the_next_day_counts_from_the_previous_day() -> None:
    attack = previous("2015-10-08", date(2015, 10, 8), date(2015, 10, 8), "day")
    found = resolve("the next day", published=PUB, previous=attack)
    assert found is not None
    assert (found.value, found.anchor) == ("2015-10-09", "previous")
    later = resolve("three years later", published=PUB, previous=attack)
    assert later is not None and later.value == "2018"


def test_an_anaphor_finer_than_the_previous_time_stays_unresolved() -> None:
    last_year = previous("2014", date(2014, 1, 1), date(2014, 12, 31), "year")
    found = resolve("the next day", published=PUB, previous=last_year)
    assert found is not None and found.start is None and found.value == "XXXX-XX-XX"


# ---- durations, sets, non-times ----------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "kind", "value"),
    [
        ("two and a half years", "DURATION", "P2Y6M"),
        ("5 1/2 hours", "DURATION", "PT5H30M"),
        ("more than a decade", "DURATION", "P10Y"),
        ("two centuries", "DURATION", "P200Y"),
        ("weeks", "DURATION", "PXW"),
        ("every Friday", "SET", "XXXX-WXX-5"),
        ("each July", "SET", "XXXX-07"),
        ("every two weeks", "SET", "P2W"),
        ("daily", "SET", "P1D"),
        ("Fridays", "SET", "XXXX-WXX-5"),
    ],
)
def test_durations_and_sets(phrase: str, kind: str, value: str) -> None:
    found = resolve(phrase, published=PUB)
    assert found is not None
    assert (found.type, found.value, found.start) == (kind, value, None)


def test_the_past_n_days_includes_publication_day() -> None:
    found = resolve("the past two days", published=PUB)
    assert found is not None
    assert (found.start, found.end) == (date(2015, 11, 1), PUB)


@pytest.mark.parametrize(
    "phrase", ["23 years old", "a 23-year-old", "aged 23", "300", "the army", "Some 30", ""]
)
def test_not_time_expressions(phrase: str) -> None:
    assert resolve(phrase, published=PUB) is None


# ---- date arithmetic, property-based ---------------------------------------------------


def test_month_and_leap_year_boundaries() -> None:
    january = resolve("last month", published=date(2016, 1, 5))
    assert january is not None and january.value == "2015-12"
    assert (january.start, january.end) == (date(2015, 12, 1), date(2015, 12, 31))
    leap = resolve("yesterday", published=date(2016, 3, 1))
    assert leap is not None and leap.value == "2016-02-29"
    plain = resolve("yesterday", published=date(2015, 3, 1))
    assert plain is not None and plain.value == "2015-02-28"
    week = resolve("this week", published=date(2016, 1, 1))  # ISO week 53 of 2015
    assert week is not None and week.value == "2015-W53"
    assert (week.start, week.end) == (date(2015, 12, 28), date(2016, 1, 3))


@given(days)
def test_last_month_is_the_whole_month_before(pub: date) -> None:
    found = resolve("last month", published=pub)
    assert found is not None and found.start is not None and found.end is not None
    assert found.start.day == 1
    assert found.end == month_end(found.start.year, found.start.month)
    assert found.end + timedelta(days=1) == pub.replace(day=1)
    assert found.value == f"{found.start.year}-{found.start.month:02d}"


@given(days)
def test_yesterday_is_the_day_before(pub: date) -> None:
    found = resolve("yesterday", published=pub)
    assert found is not None and found.start == found.end == pub - timedelta(days=1)


@given(days, st.integers(min_value=0, max_value=2000))
def test_n_days_ago(pub: date, n: int) -> None:
    found = resolve(f"{n} days ago", published=pub)
    assert found is not None and found.start == pub - timedelta(days=n)


@given(days)
def test_this_and_last_week_are_consecutive_iso_weeks(pub: date) -> None:
    this = resolve("this week", published=pub)
    last = resolve("last week", published=pub)
    assert this is not None and last is not None
    assert this.start is not None and this.end is not None and last.end is not None
    assert this.start.isoweekday() == 1 and (this.end - this.start).days == 6
    assert this.start <= pub <= this.end
    assert last.end + timedelta(days=1) == this.start
    iso_year, week, _ = pub.isocalendar()
    assert this.value == f"{iso_year}-W{week:02d}"


@given(days)
def test_last_year_and_next_year(pub: date) -> None:
    last = resolve("last year", published=pub)
    following = resolve("next year", published=pub)
    assert last is not None and following is not None
    assert last.value == str(pub.year - 1) and following.value == str(pub.year + 1)


@given(days, st.integers(min_value=1, max_value=400))
def test_the_past_n_days_has_n_days_ending_on_publication(pub: date, n: int) -> None:
    found = resolve(f"the past {n} days", published=pub)
    assert found is not None and found.start is not None
    assert found.end == pub and (pub - found.start).days + 1 == n


@given(days, st.integers(min_value=1, max_value=7), st.sampled_from(["past", "future"]))
def test_weekdays_by_tense(pub: date, weekday: int, tense: str) -> None:
    name = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    found = resolve(f"on {name[weekday - 1]}", published=pub, tense=tense)  # type: ignore[arg-type]
    assert found is not None and found.start is not None
    assert found.start.isoweekday() == weekday
    gap = (pub - found.start).days if tense == "past" else (found.start - pub).days
    assert 0 <= gap < 7


@given(days, st.integers(min_value=-600, max_value=600))
def test_add_months_clamps_to_the_month_end(day: date, months: int) -> None:
    moved = add_months(day, months)
    assert (moved.year * 12 + moved.month) - (day.year * 12 + day.month) == months
    assert moved.day == min(day.day, month_end(moved.year, moved.month).day)


@given(days, st.sampled_from(["day", "week", "month", "quarter", "season", "year", "decade"]))
def test_a_granule_contains_its_day(day: date, unit: str) -> None:
    value, start, end = granule(unit, day)  # type: ignore[arg-type]
    assert start <= day <= end and value


@given(days, st.sampled_from(["january", "march", "june", "october", "december"]))
def test_a_month_without_year_is_near_publication(pub: date, month: str) -> None:
    found = resolve(month, published=pub)
    assert found is not None and found.start is not None
    assert abs((found.start + timedelta(days=14) - pub).days) <= 200
