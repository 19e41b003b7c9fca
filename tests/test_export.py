"""`eventwire export` on the merge corpus (needs the model): every format round-trips.

tests/corpus/merge.jsonl holds 13 reports of real-world-style events (see test_merge.py);
the exports have one row per merged event.
"""

from __future__ import annotations

import csv
import io
import json
import math
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

import eventwire
from eventwire.cli import app
from eventwire.events import load_event_types
from eventwire.export import (
    ACLED_COLUMNS,
    COLUMNS,
    PLOVER_FIELDS,
    UCDP_COLUMNS,
    acled_row,
    columns_markdown,
    feature_collection,
)
from eventwire.records import Event, Evidence, MergedEvent

from .conftest import REPO

CORPUS = Path(__file__).parent / "corpus" / "merge.jsonl"
runner = CliRunner()

ACLED_HEADER = [
    "event_id_cnty",
    "event_date",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "country",
    "admin1",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
]
STRIKE_REPORTS = {"A1-reuters", "A2-yahoo", "A3-afp", "A4-masdar"}
DALORI_REPORTS = {"D1-reuters", "D2-ap", "D3-premium"}


def invoke(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> str:
    db = str(tmp_path_factory.mktemp("export") / "export.db")
    code, _, err = invoke("run", str(CORPUS), "--db", db)
    assert code == 0, err
    return db


@pytest.fixture(scope="module")
def merged_count(store: str) -> int:
    ew = eventwire.open(store)
    try:
        return len(ew.merged_events())
    finally:
        ew.close()


def export(store: str, *args: str) -> str:
    code, stdout, err = invoke("export", *args, "--db", store)
    assert code == 0, err
    return stdout


def by_reports(rows: list[dict[str, str]], column: str, reports: set[str]) -> dict[str, str]:
    found = [r for r in rows if set(r[column].split("; ")) == reports]
    assert len(found) == 1, [r[column] for r in rows]
    return found[0]


def test_acled_csv_has_the_documented_columns_and_the_events(store: str, merged_count: int) -> None:
    text = export(store, "--format", "csv")
    reader = csv.DictReader(io.StringIO(text))
    rows = list(reader)
    assert reader.fieldnames == list(ACLED_COLUMNS)
    assert reader.fieldnames[: len(ACLED_HEADER)] == ACLED_HEADER
    assert len(rows) == merged_count == 7

    strike = by_reports(rows, "reports", STRIKE_REPORTS)
    assert strike["event_type"] == "Explosions/Remote violence"
    assert strike["sub_event_type"] == "Air/drone strike"
    assert strike["fatalities"] == "31"
    assert (strike["fatalities_low"], strike["fatalities_high"]) == ("31", "39")
    assert math.isclose(float(strike["latitude"]), 35.64, abs_tol=0.02)
    assert math.isclose(float(strike["longitude"]), 36.67, abs_tol=0.02)
    assert strike["geo_precision"] == "1"
    assert strike["time_precision"] == "1"
    assert strike["event_date"] == "2019-07-22"
    assert strike["country"] == "Syria" and strike["iso3"] == "SYR"
    assert strike["admin1"] == "Idlib"
    assert "Syrian Observatory for Human Rights" in strike["source"]
    assert "A1-reuters" in strike["source"]
    assert 0 < len(strike["notes"]) <= 300 and "\n" not in strike["notes"]

    dalori = by_reports(rows, "reports", DALORI_REPORTS)
    assert dalori["fatalities"] == "85"
    assert dalori["actor1"] == "Boko Haram"
    assert dalori["event_type"] == "Violence against civilians"
    assert dalori["country"] == "Nigeria"

    funeral = next(r for r in rows if r["reports"] == "B3-presstv")
    assert funeral["event_type"] == "" and funeral["sub_event_type"] == ""  # ACLED: none
    assert funeral["fatalities"] == "0"  # unknown is 0 in this scheme
    assert funeral["fatalities_low"] == ""


def test_ucdp_csv_has_the_documented_columns_and_the_figures(store: str) -> None:
    text = export(store, "--format", "csv", "--scheme", "ucdp")
    reader = csv.DictReader(io.StringIO(text))
    rows = list(reader)
    assert reader.fieldnames == list(UCDP_COLUMNS)
    dalori = by_reports(rows, "source_article", DALORI_REPORTS)
    assert (dalori["best"], dalori["low"], dalori["high"]) == ("85", "65", "86")
    assert dalori["number_of_sources"] == "3"
    assert dalori["type_of_violence"] == "3"  # one-sided: an attack on civilians
    assert dalori["date_prec"] == "1"
    assert dalori["date_start"] == dalori["date_end"] == "2016-01-30"
    strike = by_reports(rows, "source_article", STRIKE_REPORTS)
    assert strike["where_prec"] == "1"
    assert (strike["best"], strike["low"], strike["high"]) == ("31", "31", "39")
    weeks = next(r for r in rows if r["source_article"] == "C2-arabiya")
    assert weeks["where_prec"] == "6"  # only the country: Syria
    assert weeks["date_prec"] == "5"  # several weeks


@pytest.mark.parametrize("scheme", ["acled", "ucdp"])
def test_csv_reads_with_pyarrow(store: str, tmp_path: Path, scheme: str) -> None:
    path = tmp_path / f"{scheme}.csv"
    code, _, err = invoke(
        "export", "--format", "csv", "--scheme", scheme, "--out", str(path), "--db", store
    )
    assert code == 0, err
    table = pacsv.read_csv(path)
    assert table.column_names == list(COLUMNS[scheme])
    assert table.num_rows == 7
    assert pa.types.is_floating(table.schema.field("latitude").type)


def test_parquet_reads_with_pyarrow_with_types(store: str, tmp_path: Path) -> None:
    path = tmp_path / "events.parquet"
    code, _, err = invoke("export", "--format", "parquet", "--out", str(path), "--db", store)
    assert code == 0, err
    table = pq.read_table(path)
    rows = list(csv.DictReader(io.StringIO(export(store, "--format", "csv"))))
    assert table.column_names == list(ACLED_COLUMNS)
    assert table.num_rows == len(rows)
    schema = table.schema
    assert schema.field("event_date").type == pa.date32()
    assert schema.field("latitude").type == pa.float64()
    assert schema.field("fatalities").type == pa.int64()
    data = table.to_pylist()
    strike = next(r for r in data if set(r["reports"].split("; ")) == STRIKE_REPORTS)
    assert strike["event_date"] == date(2019, 7, 22)
    assert strike["fatalities"] == 31
    assert strike["geo_precision"] == 1


def test_parquet_needs_a_file(store: str) -> None:
    code, _, err = invoke("export", "--format", "parquet", "--db", store)
    assert code == 2 and "--out" in err


def validate_geojson(data: Any) -> None:
    """RFC 7946, as far as eventwire's output goes: a FeatureCollection of Points."""
    assert data["type"] == "FeatureCollection"
    assert isinstance(data["features"], list)
    for feature in data["features"]:
        assert feature["type"] == "Feature"
        assert isinstance(feature["properties"], dict)
        geometry = feature["geometry"]
        assert geometry["type"] == "Point"
        coordinates = geometry["coordinates"]
        assert isinstance(coordinates, list) and len(coordinates) == 2
        assert all(isinstance(c, float) for c in coordinates)
        lon, lat = coordinates
        assert -180 <= lon <= 180 and -90 <= lat <= 90


def test_geojson_is_valid_with_lon_lat_points(store: str) -> None:
    data = json.loads(export(store, "--format", "geojson"))
    validate_geojson(data)
    assert len(data["features"]) + data["skipped"] == 7
    strike = next(
        f for f in data["features"] if set(f["properties"]["reports"].split("; ")) == STRIKE_REPORTS
    )
    lon, lat = strike["geometry"]["coordinates"]
    assert math.isclose(lon, 36.67, abs_tol=0.02) and math.isclose(lat, 35.64, abs_tol=0.02)
    assert strike["properties"]["sub_event_type"] == "Air/drone strike"
    assert set(strike["properties"]) == set(ACLED_COLUMNS)
    dalori = next(
        f for f in data["features"] if set(f["properties"]["reports"].split("; ")) == DALORI_REPORTS
    )
    assert dalori["geometry"]["coordinates"][0] > dalori["geometry"]["coordinates"][1]  # 13E 11N


def test_events_without_coordinates_are_skipped_not_invented() -> None:
    evidence = Evidence("d1", 0, 4, "Boom")
    event = Event(
        id="e1", doc="d1", type="killing", trigger=evidence, evidence=evidence, certainty="asserted"
    )
    merged = MergedEvent(
        id="m1",
        type="killing",
        events=(event,),
        reports=("d1",),
        independent_sources=1,
        origins=("d1",),
        place=None,
        start=None,
        end=None,
        fatalities_low=None,
        fatalities_best=None,
        fatalities_high=None,
        fatalities_rule="",
        certainty="asserted",
        disagreements=(),
        merge_reasons=(),
    )
    row = acled_row(merged, entities={}, ontology=load_event_types())
    assert row["latitude"] is None and row["time_precision"] == 3 and row["fatalities"] == 0
    collection = feature_collection([row], id_column="event_id_cnty")
    assert collection["features"] == [] and collection["skipped"] == 1
    validate_geojson(collection)


def test_jsonl_lines_parse_and_carry_plover(store: str) -> None:
    lines = export(store, "--format", "jsonl").splitlines()
    assert len(lines) == 7
    records = [json.loads(line) for line in lines]
    for record in records:
        assert set(record["plover_event"]) == set(PLOVER_FIELDS)
        assert record["plover_event"]["event_type"] == record["plover"]  # the category
        assert record["plover_event"]["event_type"]
        assert record["evidence"]  # still the merged-event contract
    dalori = next(r for r in records if set(r["reports"]) == DALORI_REPORTS)
    assert dalori["plover_event"]["fatalities"] == 85
    assert dalori["plover_event"]["actor"] == "Boko Haram"
    assert dalori["plover_event"]["event_type"] == "ASSAULT"
    funeral = next(r for r in records if r["reports"] == ["B3-presstv"])
    assert funeral["plover_event"]["fatalities"] is None  # unknown is null here


@pytest.mark.parametrize("args", [("--format", "xml"), ("--format", "csv", "--scheme", "gdelt")])
def test_bad_format_or_scheme_is_a_usage_error(store: str, args: tuple[str, ...]) -> None:
    code, stdout, err = invoke("export", *args, "--db", store)
    assert code == 2
    assert stdout == ""
    assert "use one of" in err


def test_the_readme_documents_every_column() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Exports") : readme.index("## Places")]
    for scheme in COLUMNS:
        assert columns_markdown(scheme) in section, f"README column table of {scheme}"
