"""The merging rules on their own: name keys, event scores and vetoes, figures and totals."""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eventwire.earth import EARTH_RADIUS_KM
from eventwire.merge.events import (
    FAR_KM,
    EventSummary,
    best_cluster,
    block_keys,
    cells_in_reach,
    km,
    lookup_keys,
    score,
)
from eventwire.merge.ledger import Figure, Item, combine, nest, totals
from eventwire.merge.names import name_key, skeleton


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Hossein Hamedani", "Hussein Hamadani"),
        ("Hossein Hamedani", "Husain Hamadani"),
        ("Ezzatollah Soleimani", "Izzatollah Suleimani"),
        ("Qassem Soleimani", "Qasem Soleimani"),
        ("Bashar al-Assad", "Bashar Assad"),
        ("Abubakar Shekau", "Abu Bakar Shekau"),
        ("Mohammed Deif", "Muhammad Deif"),
    ],
)
def test_spellings_of_one_name_share_a_key(a: str, b: str) -> None:
    assert name_key(a) == name_key(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Ezzatollah Soleimani", "Qassem Soleimani"),
        ("Hossein Hamedani", "Hassan Hamedani"),
        ("Reza Khavari", "Reza Khazaei"),
    ],
)
def test_different_people_have_different_keys(a: str, b: str) -> None:
    assert name_key(a) != name_key(b)


def test_a_surname_alone_is_marked_single() -> None:
    key = name_key("Hamedani")
    assert key is not None and key.single and key.surname == name_key("Hossein Hamedani").surname  # type: ignore[union-attr]
    assert name_key("  ") is None


@given(
    st.text(alphabet="bdfgklmnprstvz", min_size=2, max_size=8),
    st.sampled_from("aeiou"),
    st.lists(st.sampled_from("aeiou"), min_size=8, max_size=8),
)
def test_a_skeleton_ignores_later_vowels_and_doubled_letters(
    word: str, first: str, later: list[str]
) -> None:
    plain = word[0] + first + word[1] + "".join(c + "e" for c in word[2:])
    tail = "".join(c + v for c, v in zip(word[2:], later, strict=False))
    varied = word[0] + first + word[1] + tail
    doubled = word[0] + first + word[1] * 2 + "".join(c * 2 + "e" for c in word[2:])
    assert skeleton(plain) == skeleton(varied) == skeleton(doubled)
    assert skeleton(plain.upper()) == skeleton(plain)


def summary(**changes: object) -> EventSummary:
    base = EventSummary(
        event_id="e:d1:1",
        doc="d1",
        type="air-drone-strike",
        family="violence",
        start=date(2019, 7, 22),
        end=date(2019, 7, 22),
        dated=True,
        place_id="place:geonames:1",
        lat=35.64,
        lon=36.67,
        country="SYR",
        actors=frozenset(),
        people=frozenset(),
        fatalities=31.0,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def test_the_same_strike_from_two_reports_merges() -> None:
    value, reasons = score(summary(), summary(event_id="e:d2:1", doc="d2", fatalities=39.0))
    assert value >= 0.6
    assert "same type (air-drone-strike)" in reasons and "overlapping dates" in reasons


@pytest.mark.parametrize(
    ("change", "why"),
    [
        ({"family": "support", "type": "funeral"}, "different kinds"),
        ({"start": date(2019, 7, 30), "end": date(2019, 7, 30)}, "days apart"),
        ({"country": "IRQ"}, "different countries"),
        ({"place_id": "place:geonames:2", "lat": 33.3, "lon": 44.4}, "km apart"),
        ({"start": date(2019, 7, 1), "end": date(2019, 7, 31)}, "not one incident"),
    ],
)
def test_vetoes(change: dict[str, object], why: str) -> None:
    value, reasons = score(summary(), summary(event_id="e:d2:1", doc="d2", **change))
    assert value == 0.0 and why in reasons[0]


def test_different_named_victims_never_merge() -> None:
    a = summary(type="killing", people=frozenset({"person:hossein-hamedani"}))
    b = summary(
        event_id="e:d2:1", doc="d2", type="killing", people=frozenset({"person:reza-khavari"})
    )
    assert score(a, b) == (0.0, ["different named people"])


def test_best_cluster_respects_splits_and_one_event_per_report() -> None:
    other = summary(event_id="e:d2:1", doc="d2")
    assert best_cluster(summary(), [("m:1", [other])])[0] == "m:1"
    assert best_cluster(summary(), [("m:1", [other])], forbidden=frozenset({"e:d2:1"}))[0] is None
    same_report = summary(event_id="e:d1:9")
    assert best_cluster(summary(), [("m:1", [same_report])])[0] is None


def test_block_keys_meet_across_a_week_boundary_and_without_a_country() -> None:
    sunday = summary(start=date(2019, 7, 21), end=date(2019, 7, 21))
    monday = summary(start=date(2019, 7, 22), end=date(2019, 7, 22))
    assert set(lookup_keys(sunday)) & set(block_keys(monday))
    unplaced = summary(country=None, place_id=None, lat=None, lon=None)
    assert set(lookup_keys(unplaced)) & set(block_keys(monday))  # "*" keys
    assert set(lookup_keys(monday)) & set(block_keys(unplaced))  # "-" keys
    assert block_keys(summary(start=None, end=None)) == []
    assert block_keys(summary(start=date(2019, 1, 1), end=date(2019, 12, 31))) == []


def test_figures_one_per_origin_best_is_a_reported_median() -> None:
    figures = [
        Figure(None, 31, None, "at_least", "a1", "publisher:reuters"),
        Figure(None, 31, None, "at_least", "a2", "publisher:reuters"),  # the copy
        Figure(None, 39, None, "exact", "a3", "publisher:afp"),
        Figure(30, 40, 50, "range", "a5", "relay:sohr"),
    ]
    combined = combine(figures)
    assert (combined.low, combined.best, combined.high) == (30, 39, 50)
    assert len(combined.used) == 3
    assert combine([]).best is None


def item(key: str, best: float, start: date, end: date, parties: str = "actor:irgc") -> Item:
    return Item(key, best, best, best, start, end, "SYR", frozenset({parties}))


def test_an_aggregate_counts_once_with_what_is_inside_it() -> None:
    weeks = item("30 over weeks", 30, date(2015, 9, 15), date(2015, 11, 2))
    inside = [
        item("Hamedani", 1, date(2015, 10, 8), date(2015, 10, 8)),
        item("Soleimani", 1, date(2015, 10, 29), date(2015, 10, 29)),
    ]
    elsewhere = item("other side", 5, date(2015, 10, 8), date(2015, 10, 8), "actor:syrian-rebels")
    assert totals([weeks, *inside]) == (30, 30, 30)
    assert totals([weeks, *inside, elsewhere]) == (35, 35, 35)
    big_inside = [item(f"i{n}", 20, date(2015, 10, n + 1), date(2015, 10, n + 1)) for n in range(2)]
    assert totals([weeks, *big_inside]) == (40, 40, 40)  # the incidents outnumber the count
    roots = nest([weeks, *inside, elsewhere])
    assert {r.key for r in roots} == {"30 over weeks", "other side"}


def test_one_death_dated_to_a_month_is_no_aggregate() -> None:
    month = item("Hamedani", 1, date(2015, 10, 1), date(2015, 10, 31))
    day = item("Khavari", 1, date(2015, 10, 23), date(2015, 10, 23))
    assert totals([month, day]) == (2, 2, 2)


def test_organisation_keys() -> None:
    from eventwire.merge.names import organisation_key

    assert organisation_key("Jaish al-Adl") == organisation_key("Jaysh al-Adl")
    assert organisation_key("Ahrar al-Sham") == organisation_key("Ahrar ash-Sham")
    assert organisation_key("the Free Syrian Army") == organisation_key("Free Syrian Army")
    assert organisation_key("Islamic State") != organisation_key("Islamic Jihad")
    assert organisation_key("IS") is None and organisation_key("Hama") is None


def _destination(lat: float, lon: float, bearing: float, distance_km: float) -> tuple[float, float]:
    """The point ``distance_km`` from (lat, lon) along ``bearing`` (degrees), on km()'s
    sphere."""
    d = distance_km / EARTH_RADIUS_KM
    phi, lam, theta = math.radians(lat), math.radians(lon), math.radians(bearing)
    phi2 = math.asin(math.sin(phi) * math.cos(d) + math.cos(phi) * math.sin(d) * math.cos(theta))
    lam2 = lam + math.atan2(
        math.sin(theta) * math.sin(d) * math.cos(phi), math.cos(d) - math.sin(phi) * math.sin(phi2)
    )
    return math.degrees(phi2), math.degrees(lam2)


@given(
    lat=st.floats(-88.0, 88.0),
    lon=st.floats(-179.9, 179.9),
    bearing=st.floats(0.0, 360.0),
    distance=st.floats(0.0, FAR_KM),
)
def test_the_cells_in_reach_hold_every_point_a_merge_may_come_from(
    lat: float, lon: float, bearing: float, distance: float
) -> None:
    cells = cells_in_reach(lat, lon)
    if cells is None:  # near a pole or the antimeridian: the whole country is looked up
        return
    other = _destination(lat, lon, bearing, distance)
    assert km((lat, lon), other) <= FAR_KM + 1e-6
    here = summary(lat=lat, lon=lon)
    there = summary(
        event_id="e:d2:1", doc="d2", place_id="place:geonames:2", lat=other[0], lon=other[1]
    )
    assert set(lookup_keys(here)) & set(block_keys(there))


def test_a_placed_event_meets_the_unplaced_of_its_country_but_not_far_places() -> None:
    aleppo = summary()
    unplaced = summary(event_id="e:d2:1", doc="d2", place_id=None, lat=None, lon=None)
    assert set(lookup_keys(aleppo)) & set(block_keys(unplaced))  # "SYR!" keys
    assert set(lookup_keys(unplaced)) & set(block_keys(aleppo))  # the country's keys
    far = summary(event_id="e:d3:1", doc="d3", place_id="place:geonames:3", lat=32.6, lon=36.1)
    assert km((35.64, 36.67), (32.6, 36.1)) > FAR_KM
    assert not set(lookup_keys(aleppo)) & set(block_keys(far))
    assert cells_in_reach(89.5, 0.0) is None and cells_in_reach(10.0, 179.5) is None
