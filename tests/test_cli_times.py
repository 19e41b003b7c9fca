"""`eventwire times` and `eventwire casualties` on the seed, with and without a
publication date (needs the model)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from .conftest import SEED
from .test_cli import invoke, json_lines


def seed_db(tmp_path: Path, *published: str) -> str:
    folder = tmp_path / "examples"
    folder.mkdir(exist_ok=True)
    shutil.copy(SEED, folder)
    db = str(tmp_path / "ew.db")
    code, _, err = invoke("run", str(folder), "--db", db, *published)
    assert code == 0, err
    return db


@pytest.fixture()
def dated(tmp_path: Path) -> str:
    return seed_db(tmp_path, "--published", "2015-11-02")


def test_times_json_resolves_against_publication(dated: str) -> None:
    times = {t["text"]: t for t in json_lines(invoke("times", "--json", "--db", dated)[1])}
    last_month = times["last month"]
    assert (last_month["start"], last_month["end"], last_month["precision"]) == (
        "2015-10-01",
        "2015-10-31",
        "month",
    )
    assert last_month["type"] == "DATE" and last_month["value"] == "2015-10"
    earlier = times["Earlier that month"]
    assert earlier["start"] >= "2015-10-01" and earlier["end"] <= "2015-10-31"
    weeks = next(t for k, t in times.items() if "past several weeks" in k)
    assert weeks["end"] == "2015-11-02" and weeks["precision"] not in ("day", "week", "month")
    assert times["six weeks"]["type"] == "DURATION" and times["six weeks"]["start"] is None
    for time in times.values():
        [ev] = time["evidence"]
        assert ev["text"] == time["text"]


def test_casualties_json_links_the_subset(dated: str) -> None:
    rows = {c["who"]: c for c in json_lines(invoke("casualties", "--json", "--db", dated)[1])}
    fighters, officers = rows["IRGC fighters"], rows["senior officers"]
    assert (fighters["best"], fighters["qualifier"], fighters["outcome"]) == (
        30,
        "approximate",
        "killed",
    )
    assert (officers["best"], officers["low"], officers["high"]) == (4, 4, 4)
    assert officers["part_of"] == fighters["id"]
    assert officers["period"] == {
        "text": "last month",
        "start": "2015-10-01",
        "end": "2015-10-31",
        "precision": "month",
    }
    assert fighters["period"]["end"] == "2015-11-02"


def test_quantities_include_money_and_duration(dated: str) -> None:
    rows = json_lines(invoke("quantities", "--json", "--db", dated)[1])
    money = [q for q in rows if q["kind"] == "money"]
    assert [(q["best"], q["unit"]) for q in money] == [(830, "USD")]
    assert any(q["kind"] == "duration" and (q["best"], q["unit"]) == (6, "W") for q in rows)


def test_without_publication_date_nothing_is_resolved(tmp_path: Path) -> None:
    db = seed_db(tmp_path)
    times = {t["text"]: t for t in json_lines(invoke("times", "--json", "--db", db)[1])}
    assert {"last month", "Earlier that month", "six weeks"} <= set(times)
    assert all(t["start"] is None and t["end"] is None for t in times.values())
    rows = {c["who"]: c for c in json_lines(invoke("casualties", "--json", "--db", db)[1])}
    assert rows["senior officers"]["period"]["text"] == "last month"
    assert rows["senior officers"]["period"]["start"] is None
