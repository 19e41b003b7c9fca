"""The Ray engine (`eventwire run --engine ray`): a local Ray on a small corpus leaves the
store exactly as a single-process run does, whether the corpus is a local folder or a URI
read by ray.data, and its Parquet partitions hold the store's events (the Ray runs need
the model and the `scale` extra)."""

from __future__ import annotations

import json
import shutil
import sys
import time
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

import eventwire
from eventwire.api import Eventwire
from eventwire.cli import app
from eventwire.errors import ConfigError
from eventwire.extract.pipeline import extract
from eventwire.normalise import build_document
from eventwire.readers import iter_input_files
from eventwire.readers.text import parse_text
from eventwire.records import RawReport, ReadFailure
from eventwire.scale.partitions import DOCUMENT_COLUMNS, EVENT_COLUMNS
from eventwire.scale.ray_engine import RayUnavailableError, import_ray
from eventwire.scale.serial import (
    document_from_json,
    document_to_json,
    extraction_from_json,
    extraction_to_json,
    reports_from_json,
    reports_to_json,
)
from eventwire.scale.sources import filesystem, is_uri, list_files, uri_of

from .conftest import REPO, SEED

PUBLISHED = date(2015, 11, 2)


def test_an_extraction_of_the_seed_round_trips_through_json(pipeline) -> None:  # type: ignore[no-untyped-def]
    raw = parse_text(SEED.read_text(encoding="utf-8"), origin=str(SEED))
    document = build_document(raw, published=PUBLISHED, source="test")
    [(_, extraction)] = list(extract(pipeline, [document]))
    # every kind of record is there, so every field's encoding is exercised
    assert extraction.events and extraction.claims and extraction.named_casualties
    assert extraction.casualties and extraction.times and extraction.quantities
    assert any(p.geo is not None for p in extraction.places)
    assert extraction_from_json(extraction_to_json(extraction)) == extraction
    assert document_from_json(document_to_json(document)) == document


def test_without_ray_the_engine_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)  # import ray now raises ImportError
    with pytest.raises(RayUnavailableError, match=r"eventwire\[scale\]"):
        import_ray()


def test_an_unknown_engine_is_refused(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["run", str(SEED), "--engine", "spark"])
    assert result.exit_code == 2 and "use local or ray" in result.stderr


def corpus(folder: Path) -> Path:
    """The merge corpus (half JSON Lines, half Parquet), the seed, and a file with bad
    lines (reported, not fatal)."""
    folder.mkdir()
    lines = (REPO / "tests" / "corpus" / "merge.jsonl").read_text(encoding="utf-8").splitlines()
    half = len(lines) // 2
    (folder / "merge.jsonl").write_text("\n".join(lines[:half]) + "\n", encoding="utf-8")
    pq.write_table(
        pa.Table.from_pylist([json.loads(line) for line in lines[half:]]), folder / "merge.parquet"
    )
    shutil.copy(SEED, folder)
    (folder / "broken.jsonl").write_text('{"title": "no text"}\nnot json\n', encoding="utf-8")
    return folder


def snapshot(ew: Eventwire) -> dict[str, object]:
    """Everything a run leaves in the store, as comparable values."""
    return {
        # by id: the store orders documents by ingestion time, to the second
        "documents": sorted(ew.documents(), key=lambda d: d.id),
        "listings": {kind: ew.listings(kind) for kind in ("actor", "person", "place", "group")},
        "times": ew.times(),
        "quantities": ew.quantities(),
        "casualties": ew.casualties(),
        "events": ew.events(),
        "claims": ew.claims(),
        "named": ew.named_casualties(),
        "merged": ew.merged_events(),
        "ledger": {by: ew.ledger(by=by) for by in ("actor", "place", "month")},
        "counts": ew.counts(),
    }


def test_uris_are_told_from_paths_and_feed_urls() -> None:
    assert is_uri("s3://bucket/corpus/") and is_uri("file:///tmp/corpus") and is_uri("gs://b/x")
    assert not is_uri("https://example.org/feed.xml") and not is_uri("http://example.org")
    assert not is_uri("corpus/") and not is_uri("/tmp/a://b") and not is_uri(r"C:\corpus")


def test_read_reports_round_trip_through_json() -> None:
    items: list[RawReport | ReadFailure] = [
        RawReport(origin="s3://b/a.jsonl:1", text="Text.", title="T", published=PUBLISHED),
        ReadFailure("s3://b/a.jsonl:2", "bad_json", "not valid JSON"),
    ]
    assert reports_from_json(reports_to_json(items)) == items


def test_a_uri_folder_is_listed_in_the_order_a_local_folder_is_walked(tmp_path: Path) -> None:
    for name in (
        "z.txt",
        "a/y.jsonl",
        "a/b/x.txt",
        "a/c.csv",
        "b.txt",
        ".hidden/h.txt",
        "a/.h.txt",
    ):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    fs, root = filesystem(tmp_path.as_uri())
    listed = [path for path, _ in list_files(fs, root) or []]
    assert listed == [str(p) for p in iter_input_files([tmp_path])]
    assert list_files(fs, str(tmp_path / "missing")) is None


def test_files_under_a_uri_are_named_by_uri() -> None:
    root = "bucket/corpus/"
    for uri in ("s3://bucket/corpus/", "s3://bucket/corpus?region=eu-west-1"):
        assert (
            uri_of("bucket/corpus/a/b.jsonl", uri=uri, root=root) == "s3://bucket/corpus/a/b.jsonl"
        )
    assert uri_of("/srv/c/a.txt", uri="hdfs://nn:8020/srv/c", root="/srv/c") == (
        "hdfs://nn:8020/srv/c/a.txt"
    )


def test_an_unknown_scheme_says_which_filesystems_work() -> None:
    with pytest.raises(ConfigError, match="s3://, gs://"):
        filesystem("nosuchscheme://bucket/corpus")


def test_the_local_engine_refuses_a_uri_and_names_the_ray_engine() -> None:
    result = CliRunner().invoke(app, ["run", "s3://bucket/corpus/"])
    assert result.exit_code == 2 and "--engine ray" in result.stderr


def test_parquet_out_needs_the_ray_engine(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["run", str(SEED), "--parquet-out", str(tmp_path)])
    assert result.exit_code == 2 and "--parquet-out: only with --engine" in result.stderr


def needs_ray() -> None:
    pytest.importorskip("ray", reason="the Ray engine needs the scale extra: ray[data]")
    pytest.importorskip("ray.data", reason="the Ray engine needs the scale extra: ray[data]")


@pytest.fixture(scope="module")
def single_process(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Any, dict[str, Any]]:
    """The corpus, and the report and store a single-process run leaves."""
    needs_ray()  # no point running it when the Ray tests are skipped
    folder = corpus(tmp_path_factory.mktemp("single") / "corpus")
    with eventwire.open(folder.parent / "local.db", published=PUBLISHED) as ew:
        report = ew.run([folder])
        expected = snapshot(ew)
    assert len(report.failures) == 2 and len(report.added) > 10
    assert any("merge.parquet:" in (d.origin or "") for d in expected["documents"])
    return folder, report, expected


# Ray Data itself warns about its own deprecated settings when it copies its context.
@pytest.mark.filterwarnings("ignore::DeprecationWarning:ray")
def test_a_local_ray_run_equals_the_single_process_run(
    tmp_path: Path, single_process: tuple[Path, Any, dict[str, Any]]
) -> None:
    folder, _, expected = single_process
    started = time.monotonic()
    args = ["run", str(folder), "--published", "2015-11-02", "--db", str(tmp_path / "ray.db")]
    result = CliRunner().invoke(app, [*args, "--engine", "ray", "--parallelism", "2", "--json"])
    elapsed = time.monotonic() - started
    assert result.exit_code == 1, result.stderr  # 1: the bad lines of broken.jsonl
    assert "2 failed" in result.stderr and "broken.jsonl:2" in result.stderr
    import ray

    assert not ray.is_initialized()  # the engine shut its Ray down

    with eventwire.open(tmp_path / "ray.db") as ew:
        found = snapshot(ew)
        assert ew.store.document_ids(status="pending") == []
    assert [d.status for d in found["documents"]].count("extracted") > 10  # type: ignore[attr-defined]
    for key, value in expected.items():
        assert found[key] == value, key
    assert elapsed < 120


@pytest.mark.filterwarnings("ignore::DeprecationWarning:ray")
def test_a_uri_corpus_equals_the_local_folder_and_its_parquet_holds_the_events(
    tmp_path: Path, single_process: tuple[Path, Any, dict[str, Any]]
) -> None:
    folder, local_report, expected = single_process
    out = tmp_path / "out"
    with eventwire.open(tmp_path / "uri.db", published=PUBLISHED) as ew:
        report = ew.run_ray([folder.as_uri()], parallelism=2, parquet_out=out.as_uri())
        found = snapshot(ew)
        events = ew.events()
        extracted = ew.store.document_ids(status="extracted")
        documents = {d.id: d for d in ew.documents()}

    # the same reports and failures, named by the URI
    def local_name(origin: str) -> str:
        return origin.removeprefix("file://")

    assert [replace(f, origin=local_name(f.origin)) for f in report.failures] == list(
        local_report.failures
    )
    assert report.added == local_report.added and report.duplicates == local_report.duplicates
    assert all(d.origin and d.origin.startswith("file:///") for d in found["documents"])  # type: ignore[attr-defined]
    found["documents"] = [
        replace(d, origin=local_name(d.origin))
        for d in found["documents"]  # type: ignore[attr-defined]
    ]
    for key, value in expected.items():
        assert found[key] == value, key

    # the partitions: one row per extracted document, one per event, as the store has them
    docs = pq.read_table(out / "documents")
    rows = pq.read_table(out / "events")
    assert docs.schema.names == list(DOCUMENT_COLUMNS) and rows.schema.names == list(EVENT_COLUMNS)
    assert sorted(docs.column("doc_id").to_pylist()) == sorted(extracted)
    for row in docs.to_pylist():
        assert row["text"] == documents[row["doc_id"]].text
    assert len(events) > 10
    by_id = {row["event_id_cnty"]: row for row in rows.to_pylist()}
    assert sorted(by_id) == sorted(e.id for e in events)
    for event in events:
        row = by_id[event.id]
        assert (row["doc_id"], row["type"]) == (event.doc, event.type)
        assert (row["trigger_start"], row["trigger_end"]) == (
            event.trigger.start,
            event.trigger.end,
        )
        assert (row["evidence_start"], row["evidence_end"]) == (
            event.evidence.start,
            event.evidence.end,
        )
        text = documents[event.doc].text
        assert text[row["trigger_start"] : row["trigger_end"]] == event.trigger.text
        assert row["plover"] and row["certainty"] == event.certainty
