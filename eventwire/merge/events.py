"""Event coreference across reports: is this report's event one already recorded?

Each event is reduced to an :class:`EventSummary` (type family, interval, place and
coordinates, participants, dead). Candidates come from *blocking keys* (family, country,
ISO week), so finding them is an indexed lookup whatever the store's size. A candidate
is then scored; every point of the score has a reason, stored with the merge, so an
analyst can see why two reports became one event and undo it.

Vetoes (no merge whatever the rest): different families (a funeral is not the killing it
mourns), intervals more than :data:`MAX_GAP_DAYS` apart, places in different countries or
more than :data:`FAR_KM` apart, different named victims.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from eventwire.earth import EARTH_RADIUS_KM, km_between
from eventwire.events import EventOntology
from eventwire.merge.ledger import AGGREGATE_DAYS

MERGE_THRESHOLD = 0.6
MAX_GAP_DAYS = 3
NEAR_KM = 50.0
FAR_KM = 150.0
MAX_BLOCK_WEEKS = 10
UNDATED_WINDOW = timedelta(days=7)  # an undated event happened in the week before its report


@dataclass(frozen=True, slots=True)
class EventSummary:
    """What coreference needs of one event. ``people`` are canonical person ids of the
    victims and named participants; ``actors`` actor ids; ``dated`` is False when the
    interval was taken from the report's publication date."""

    event_id: str
    doc: str
    type: str
    family: str
    start: date | None
    end: date | None
    dated: bool
    place_id: str | None
    lat: float | None
    lon: float | None
    country: str | None
    actors: frozenset[str]
    people: frozenset[str]
    fatalities: float | None


def family(event_type: str, ontology: EventOntology) -> str:
    """Types that one real event may be reported as: all violence is one family (a
    killing, the clash it happened in, an air strike), other types their PLOVER category."""
    plover = ontology.by_key(event_type).plover
    return "violence" if plover == "ASSAULT" else plover.lower()


# Placed events are also filed by a grid cell of CELL_DEGREES, so that an event with
# coordinates meets only the clusters of its country it could merge with: those placed
# within FAR_KM (the cells in reach) and those with no coordinates. Without it, a day
# of one country's news makes every report read every cluster of that country's week.
CELL_DEGREES = 2.0


def _cell(lat: float, lon: float) -> str:
    return f"{math.floor(lat / CELL_DEGREES)},{math.floor(lon / CELL_DEGREES)}"


def cells_in_reach(lat: float, lon: float) -> list[str] | None:
    """The grid cells every point within FAR_KM of (lat, lon) lies in; None near a pole
    or the antimeridian, where the country's keys are used instead."""
    reach = FAR_KM / EARTH_RADIUS_KM  # radians
    dlat = math.degrees(reach) + 0.01
    ratio = math.sin(reach) / math.cos(math.radians(abs(lat)))
    if abs(lat) + dlat >= 89.0 or ratio >= 1.0:
        return None
    dlon = math.degrees(math.asin(ratio)) + 0.01  # widest longitude gap at that distance
    if lon - dlon < -180.0 or lon + dlon > 180.0:
        return None
    rows = range(
        math.floor((lat - dlat) / CELL_DEGREES), math.floor((lat + dlat) / CELL_DEGREES) + 1
    )
    columns = range(
        math.floor((lon - dlon) / CELL_DEGREES), math.floor((lon + dlon) / CELL_DEGREES) + 1
    )
    return [f"{row},{column}" for row in rows for column in columns]


def _weeks(summary: EventSummary) -> list[str]:
    """The ISO weeks an event's interval touches, widened by MAX_GAP_DAYS each side;
    none for no interval or one over MAX_BLOCK_WEEKS (a count over months is not
    matched with single incidents)."""
    if summary.start is None or summary.end is None:
        return []
    first = summary.start - timedelta(days=MAX_GAP_DAYS)
    last = summary.end + timedelta(days=MAX_GAP_DAYS)
    if (last - first).days > MAX_BLOCK_WEEKS * 7:
        return []
    weeks: list[str] = []
    for offset in range((last - first).days + 1):
        year, week, _ = (first + timedelta(days=offset)).isocalendar()
        if f"{year}-W{week:02d}" not in weeks:
            weeks.append(f"{year}-W{week:02d}")
    return weeks


def _placed(summary: EventSummary) -> bool:
    return summary.lat is not None and summary.lon is not None


def block_keys(summary: EventSummary) -> list[str]:
    """Index keys a cluster is filed under, for each ISO week the interval touches:
    family and country ("-" for none), the same with "*" for any country, and for an
    event in a country either its grid cell ("SYR@17,18") or "SYR!" (no coordinates)."""
    keys: list[str] = []
    for week in _weeks(summary):
        wheres = [summary.country or "-", "*"]
        if summary.country is not None:
            if _placed(summary):
                wheres.append(f"{summary.country}@{_cell(summary.lat, summary.lon)}")  # type: ignore[arg-type]
            else:
                wheres.append(f"{summary.country}!")
        keys.extend(f"{summary.family}|{where}|{week}" for where in wheres)
    return keys


def lookup_keys(summary: EventSummary) -> list[str]:
    """The keys to look candidates up by. An event with no country meets all clusters
    ("*"); one with a country meets those with none ("-") and those of its country:
    all of them, or, when it has coordinates, those in the cells within FAR_KM and
    those with no coordinates (score() vetoes the others)."""
    weeks = _weeks(summary)
    if summary.country is None:
        return [f"{summary.family}|*|{week}" for week in weeks]
    cells = cells_in_reach(summary.lat, summary.lon) if _placed(summary) else None  # type: ignore[arg-type]
    if cells is None:
        wheres = [summary.country]
    else:
        wheres = [f"{summary.country}@{cell}" for cell in cells] + [f"{summary.country}!"]
    wheres.append("-")
    return [f"{summary.family}|{where}|{week}" for week in weeks for where in wheres]


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    return km_between(*a, *b)


def score(a: EventSummary, b: EventSummary) -> tuple[float, list[str]]:
    """How likely ``a`` and ``b`` report the same real event, in [0, 1], with reasons;
    0 with the vetoing reason when they cannot be."""
    reasons: list[str] = []
    if a.family != b.family:
        return 0.0, [f"different kinds of event ({a.family}, {b.family})"]
    total = 0.0
    if a.type == b.type:
        total += 0.3
        reasons.append(f"same type ({a.type})")
    else:
        total += 0.2
        reasons.append(f"same family ({a.family}: {a.type}, {b.type})")

    if a.dated and b.dated and _span_days(a) > AGGREGATE_DAYS >= _span_days(b):
        return 0.0, [f"a count over {_span_days(a)} days is not one incident"]
    if a.dated and b.dated and _span_days(b) > AGGREGATE_DAYS >= _span_days(a):
        return 0.0, [f"a count over {_span_days(b)} days is not one incident"]
    gap = _gap_days(a, b)
    if gap is None:
        reasons.append("no dates to compare")
    elif gap > MAX_GAP_DAYS:
        return 0.0, [f"{gap} days apart"]
    elif gap == 0:
        total += 0.25 if a.dated and b.dated else 0.1
        reasons.append("overlapping dates" if a.dated and b.dated else "reported in the same days")
    else:
        total += 0.1
        reasons.append(f"dates {gap} day(s) apart")

    if a.country and b.country and a.country != b.country:
        return 0.0, [f"different countries ({a.country}, {b.country})"]
    if a.place_id is not None and a.place_id == b.place_id:
        total += 0.25
        reasons.append(f"same place ({a.place_id})")
    elif None not in (a.lat, a.lon, b.lat, b.lon):
        distance = km((a.lat, a.lon), (b.lat, b.lon))  # type: ignore[arg-type]
        if distance > FAR_KM:
            return 0.0, [f"places {distance:.0f} km apart"]
        if distance <= NEAR_KM:
            total += 0.2
            reasons.append(f"places {distance:.0f} km apart")
        elif a.country is not None:
            total += 0.05
            reasons.append(f"same country ({a.country}), places {distance:.0f} km apart")
    elif a.country is not None and a.country == b.country:
        total += 0.05
        reasons.append(f"same country ({a.country})")

    if a.people and b.people:
        shared = a.people & b.people
        if not shared:
            return 0.0, ["different named people"]
        total += 0.35
        reasons.append("same named people: " + ", ".join(sorted(shared)))
    shared_actors = a.actors & b.actors
    if shared_actors:
        total += 0.15
        reasons.append("same actors: " + ", ".join(sorted(shared_actors)))
    if a.fatalities and b.fatalities:
        low, high = sorted((a.fatalities, b.fatalities))
        if high > 3 * low and high - low > 5:
            total -= 0.1
            reasons.append(f"very different death tolls ({low:g}, {high:g})")
    return max(0.0, min(1.0, total)), reasons


def best_cluster(
    summary: EventSummary,
    candidates: Iterable[tuple[str, list[EventSummary]]],
    *,
    forbidden: frozenset[str] = frozenset(),
) -> tuple[str | None, float, list[str]]:
    """The cluster ``summary`` joins: the candidate whose best-matching member scores
    highest, at least :data:`MERGE_THRESHOLD`, never one holding a member it was split
    from (``forbidden`` event ids), never a cluster with an event of the same report."""
    best: tuple[str | None, float, list[str]] = (None, 0.0, [])
    for cluster_id, members in candidates:
        if any(m.event_id in forbidden or m.doc == summary.doc for m in members):
            continue
        for member in members:
            value, reasons = score(summary, member)
            if value >= MERGE_THRESHOLD and value > best[1]:
                best = (cluster_id, value, [f"with {member.event_id}: " + "; ".join(reasons)])
    return best


def _span_days(summary: EventSummary) -> int:
    if summary.start is None or summary.end is None:
        return 0
    return (summary.end - summary.start).days + 1


def _gap_days(a: EventSummary, b: EventSummary) -> int | None:
    if None in (a.start, a.end, b.start, b.end):
        return None
    assert a.start and a.end and b.start and b.end
    if a.end < b.start:
        return (b.start - a.end).days
    if b.end < a.start:
        return (a.start - b.end).days
    return 0
