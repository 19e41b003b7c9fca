"""The store on a real PostgreSQL server: the same schema, merging, search and API as on
SQLite, and two writers at once losing nothing (needs the model and a server).

Set ``EVENTWIRE_TEST_POSTGRES`` to a SQLAlchemy URL of an empty database the tests may
wipe (``postgresql+psycopg://eventwire:eventwire@127.0.0.1:5432/eventwire_test``);
``.ci/run`` installs and starts a server and sets it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text
from typer.testing import CliRunner

import eventwire
from eventwire.cli import app as cli
from eventwire.server import create_app
from eventwire.settings import Settings

from .test_merge import CORPUS, EXPECTED

ENV = "EVENTWIRE_TEST_POSTGRES"


@pytest.fixture()
def pg_url() -> Iterator[str]:
    url = os.environ.get(ENV)
    if not url:
        pytest.skip(
            f"PostgreSQL tests need {ENV}=postgresql+psycopg://user:password@host/db (an "
            "empty database they may wipe); .ci/run starts a server and sets it"
        )
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    yield url


def grouped(url: str) -> dict[frozenset[str], str]:
    ew = eventwire.open(url)
    try:
        return {frozenset(m.reports): m.type for m in ew.merged_events()}
    finally:
        ew.close()


def test_the_corpus_merges_on_postgresql_as_on_sqlite(pg_url: str) -> None:
    result = CliRunner().invoke(cli, ["run", str(CORPUS), "--db", pg_url])
    assert result.exit_code == 0, result.stderr
    assert grouped(pg_url) == EXPECTED
    ew = eventwire.open(pg_url)
    try:
        assert {h.title for h in ew.search("Dalori")} == {
            "Boko Haram kills 65 in Nigerian village",
            "Survivors describe Boko Haram attack",
            "Police confirm Dalori toll",
        }
        ledger = {r.group: r for r in ew.ledger(by="actor")}
        assert ledger["Islamic Revolutionary Guard Corps"].best == 30
        people = {p.entity.name: p for p in ew.people()}
        hamedani = next(
            p for n, p in people.items() if n in ("Hossein Hamedani", "Hussein Hamadani")
        )
        assert {"Hossein Hamedani", "Hussein Hamadani"} <= {hamedani.entity.name, *hamedani.aliases}
        again = CliRunner().invoke(cli, ["run", str(CORPUS), "--db", pg_url])
        assert again.exit_code == 0
        before = ew.counts()
    finally:
        ew.close()
    assert eventwire.open(pg_url).counts() == before


def test_the_api_aggregates_on_postgresql(pg_url: str) -> None:
    assert CliRunner().invoke(cli, ["run", str(CORPUS), "--db", pg_url]).exit_code == 0
    client = TestClient(create_app(Settings(db=pg_url)))
    weeks = client.get("/api/events/timeline", params={"by": "week", "country": "NGA"}).json()
    assert [w["period"] for w in weeks["items"]] == ["2016-01-25"]
    points = client.get("/api/events/map").json()["items"]
    assert any(p["name"] == "Aleppo" for p in points)
    page = client.get(
        "/api/events", params={"q": "market", "sort": "-fatalities", "limit": 2}
    ).json()
    assert page["total"] >= 3 and page["items"][0]["fatalities"]["best"] >= 31
    assert client.get("/api/documents", params={"q": "Dalori"}).json()["total"] == 3


def test_two_writers_at_once_lose_nothing(pg_url: str, tmp_path: Path) -> None:
    reports = [json.loads(line) for line in CORPUS.read_text().splitlines()]
    first = {
        "A1-reuters",
        "A2-yahoo",
        "A3-afp",
        "B1-arabiya",
        "C1-tasnim",
        "D1-reuters",
        "D3-premium",
        "E1-irna",
    }
    halves = [tmp_path / "one.jsonl", tmp_path / "two.jsonl"]
    halves[0].write_text("".join(json.dumps(r) + "\n" for r in reports if r["id"] in first))
    halves[1].write_text("".join(json.dumps(r) + "\n" for r in reports if r["id"] not in first))
    # Create the schema first, so the two writers do not race to migrate it.
    eventwire.open(pg_url).close()
    runs = [
        subprocess.Popen(
            [sys.executable, "-m", "eventwire", "run", str(half), "--db", pg_url],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for half in halves
    ]
    for run in runs:
        _, err = run.communicate(timeout=600)
        assert run.returncode == 0, err
    ew = eventwire.open(pg_url)
    try:
        documents = ew.documents()
        assert len(documents) == len(reports)
        assert {d.status for d in documents} == {"extracted"}
    finally:
        ew.close()
    assert grouped(pg_url) == EXPECTED
