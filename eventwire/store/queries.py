"""Filtered, paged and aggregated reads of events for the HTTP API and the web page.

Everything is done in SQL on the indexed columns of ``events`` (type, certainty, dates,
place, fatalities) joined to ``places`` (country, coordinates), ``event_entities``
(actors) and ``claims`` (source kind), so a page of events or the map's and timeline's
aggregates cost the same whether the store holds a hundred events or a hundred thousand.
An event with no date of its own is placed at its report's publication date.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from sqlalchemy import (
    ColumnElement,
    Connection,
    Date,
    Select,
    and_,
    cast,
    exists,
    func,
    literal,
    or_,
    select,
)

from eventwire.records import Event
from eventwire.store import codec, schema

EventSort = Literal["date", "-date", "fatalities", "-fatalities", "type"]
Period = Literal["day", "week", "month"]


@dataclass(frozen=True)
class EventFilter:
    """What the API's query parameters select. ``bbox`` is (west, south, east, north)."""

    since: date | None = None
    until: date | None = None
    country: str | None = None
    actor: str | None = None  # an entity id ("actor:irgc") or words of a name
    type: str | None = None
    certainty: str | None = None
    source_kind: str | None = None  # "article" for events nobody else is cited for
    bbox: tuple[float, float, float, float] | None = None
    q: str | None = None
    doc_id: str | None = None
    merged: bool = False  # one event per real event (its first report's), not per report


def _day(e: Any, _d: Any = None) -> ColumnElement[Any]:
    return e.c.day  # its own first day, else its report's publication date


def _base(columns: Sequence[Any], flt: EventFilter) -> Select[Any]:
    e, d, p = schema.events, schema.documents, schema.places
    joined = e.outerjoin(p, p.c.id == e.c.place_id)
    if flt.q:
        joined = joined.join(d, d.c.id == e.c.doc_id)  # the sentences' text
    query = select(*columns).select_from(joined)
    conditions: list[ColumnElement[bool]] = []
    if flt.since is not None:
        conditions.append(e.c.day_end >= flt.since.isoformat())
    if flt.until is not None:
        conditions.append(e.c.day <= flt.until.isoformat())
    if flt.country:
        conditions.append(p.c.country == flt.country.upper())
    if flt.type:
        conditions.append(e.c.type == flt.type)
    if flt.certainty:
        conditions.append(e.c.certainty == flt.certainty)
    if flt.doc_id:
        conditions.append(e.c.doc_id == flt.doc_id)
    if flt.merged:
        clusters = schema.event_clusters
        conditions.append(e.c.id.in_(select(clusters.c.first_event)))
    if flt.bbox is not None:
        west, south, east, north = flt.bbox
        lon_ok = (
            and_(p.c.lon >= west, p.c.lon <= east)
            if west <= east
            else or_(p.c.lon >= west, p.c.lon <= east)  # across the antimeridian
        )
        conditions.append(and_(p.c.lat >= south, p.c.lat <= north, lon_ok))
    if flt.actor:
        ee, a = schema.event_entities, schema.actors
        if ":" in flt.actor:
            named = ee.c.entity_id == flt.actor
        else:
            pattern = f"%{flt.actor.lower()}%"
            named = ee.c.entity_id.in_(select(a.c.id).where(func.lower(a.c.name).like(pattern)))
        # the actor's events by its index, not a probe per event
        conditions.append(e.c.id.in_(select(ee.c.event_id).where(named)))
    if flt.source_kind:
        c = schema.claims
        # the event's own claim is the first one made for it ("cl:<event id>:0")
        main = and_(c.c.event_id == e.c.id, c.c.id == literal("cl:") + e.c.id + literal(":0"))
        if flt.source_kind == "article":
            conditions.append(exists().where(main, c.c.source_kind.is_(None)))
        else:
            conditions.append(exists().where(main, c.c.source_kind == flt.source_kind))
    if flt.q:
        pattern = f"%{flt.q.lower()}%"
        sentence = func.substr(d.c.text, e.c.start + 1, e.c.end - e.c.start)
        conditions.append(func.lower(sentence).like(pattern))
    return query.where(*conditions) if conditions else query


def page_events(
    conn: Connection, flt: EventFilter, *, limit: int, offset: int, sort: EventSort = "-date"
) -> tuple[list[Event], int]:
    e, d = schema.events, schema.documents
    total = conn.execute(_base([func.count()], flt)).scalar_one()
    orders: dict[str, list[Any]] = {
        "date": [_day(e, d).asc(), e.c.id],
        "-date": [_day(e, d).desc(), e.c.id],
        "fatalities": [func.coalesce(e.c.fatalities_best, -1).asc(), e.c.id],
        "-fatalities": [func.coalesce(e.c.fatalities_best, -1).desc(), e.c.id],
        "type": [e.c.type, e.c.id],
    }
    order = orders[sort]
    query = _base([e.c.record], flt).order_by(*order).limit(limit).offset(offset)
    return [codec.event_from_json(r) for r in conn.execute(query).scalars()], total


@dataclass(frozen=True)
class MapPoint:
    """Events at one place: where, how precisely, how many, how many dead, which types."""

    place_id: str
    name: str
    lat: float
    lon: float
    country: str | None
    precision: int
    events: int
    fatalities: float
    types: tuple[tuple[str, int], ...]


def map_points(conn: Connection, flt: EventFilter, *, limit: int = 5000) -> list[MapPoint]:
    """Events per place, in one pass over the events: grouped by place and type in SQL,
    the types folded into each place here."""
    e, p = schema.events, schema.places
    rows = conn.execute(
        _base(
            [
                e.c.place_id,
                e.c.type,
                func.max(e.c.place_precision).label("precision"),
                func.count().label("events"),
                func.coalesce(func.sum(e.c.fatalities_best), 0).label("fatalities"),
            ],
            flt,
        )
        .where(e.c.place_id.is_not(None))
        .group_by(e.c.place_id, e.c.type)
    ).all()
    totals: dict[str, list[Any]] = {}
    for row in rows:
        entry = totals.setdefault(row.place_id, [0, 0.0, 0, []])
        entry[0] += row.events
        entry[1] += float(row.fatalities or 0)
        entry[2] = max(entry[2], row.precision or 3)
        entry[3].append((row.type, row.events))
    busiest = sorted(totals, key=lambda k: (-totals[k][0], k))[:limit]
    places = {
        r.id: r
        for chunk in _chunks(busiest, 900)
        for r in conn.execute(
            select(p.c.id, p.c.name, p.c.lat, p.c.lon, p.c.country).where(p.c.id.in_(chunk))
        )
    }
    points = []
    for place_id in busiest:
        place = places.get(place_id)
        if place is None or place.lat is None:
            continue
        events, fatalities, precision, types = totals[place_id]
        points.append(
            MapPoint(
                place_id=place_id,
                name=place.name,
                lat=place.lat,
                lon=place.lon,
                country=place.country,
                precision=precision,
                events=events,
                fatalities=fatalities,
                types=tuple(sorted(types, key=lambda t: -t[1])),
            )
        )
    return points


def _chunks(items: Sequence[str], size: int) -> list[Sequence[str]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


@dataclass(frozen=True)
class TimelineBin:
    period: str
    events: int
    fatalities: float


def timeline(conn: Connection, flt: EventFilter, *, by: Period = "month") -> list[TimelineBin]:
    e, d = schema.events, schema.documents
    day = _day(e, d)
    if by == "day":
        key: ColumnElement[Any] = func.substr(day, 1, 10)
    elif by == "month":
        key = func.substr(day, 1, 7)
    else:  # the Monday of the ISO week, as a date
        if conn.dialect.name == "sqlite":
            key = func.date(day, "weekday 0", "-6 days")
        else:
            key = func.to_char(func.date_trunc("week", cast(day, Date)), "YYYY-MM-DD")
    rows = conn.execute(
        _base(
            [
                key.label("period"),
                func.count().label("events"),
                func.coalesce(func.sum(e.c.fatalities_best), 0).label("fatalities"),
            ],
            flt,
        )
        .where(day.is_not(None))
        .group_by(key)
        .order_by(key)
    ).all()
    return [TimelineBin(r.period, r.events, float(r.fatalities or 0)) for r in rows]
