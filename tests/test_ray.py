"""The Ray engine (`eventwire run --engine ray`): a local Ray on a small corpus leaves the
store exactly as a single-process run does (needs the model and the `scale` extra)."""

from __future__ import annotations

import json
import shutil
import sys
import time
from datetime import date
from pathlib import Path

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
from eventwire.readers.text import parse_text
from eventwire.scale.ray_engine import RayUnavailableError, import_ray
from eventwire.scale.serial import (
    document_from_json,
    document_to_json,
    extraction_from_json,
    extraction_to_json,
)

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


def test_object_store_paths_are_refused_with_a_reason(tmp_path: Path) -> None:
    pytest.importorskip("ray.data", reason="the Ray engine needs the scale extra: ray[data]")
    with eventwire.open(tmp_path / "ew.db") as ew, pytest.raises(ConfigError, match="s3://"):
        ew.run_ray(["s3://bucket/corpus/"])


# Ray Data itself warns about its own deprecated settings when it copies its context.
@pytest.mark.filterwarnings("ignore::DeprecationWarning:ray")
def test_a_local_ray_run_equals_the_single_process_run(tmp_path: Path) -> None:
    pytest.importorskip("ray", reason="the Ray engine needs the scale extra: ray[data]")
    pytest.importorskip("ray.data", reason="the Ray engine needs the scale extra: ray[data]")
    folder = corpus(tmp_path / "corpus")
    with eventwire.open(tmp_path / "local.db", published=PUBLISHED) as ew:
        local_report = ew.run([folder])
        expected = snapshot(ew)
    assert len(local_report.failures) == 2 and len(local_report.added) > 10
    assert any("merge.parquet:" in (d.origin or "") for d in expected["documents"])  # type: ignore[attr-defined]

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
