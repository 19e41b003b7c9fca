"""Schemathesis against the API's own OpenAPI spec: generated requests for every
operation, with valid and invalid parameters, must never get a server error (needs the
model to build the store)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from typer.testing import CliRunner

from eventwire.cli import app as cli
from eventwire.server import create_app
from eventwire.settings import Settings

from .conftest import SEED

CORPUS = Path(__file__).parent / "corpus" / "merge.jsonl"


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("schema")
    shutil.copy(SEED, folder / SEED.name)
    db = str(folder / "schema.db")
    runner = CliRunner()
    for args in (
        ["run", str(folder / SEED.name), "--published", "2015-11-02"],
        ["run", str(CORPUS)],
    ):
        assert runner.invoke(cli, [*args, "--db", db]).exit_code == 0
    return schemathesis.openapi.from_asgi("/openapi.json", create_app(Settings(db=db)))


def test_no_operation_ever_answers_a_server_error(api_schema) -> None:  # type: ignore[no-untyped-def]
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 12
    failures: list[str] = []
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
        def check(case) -> None:  # type: ignore[no-untyped-def]
            response = case.call()
            if response.status_code >= 500:
                failures.append(
                    f"{case.method} {case.formatted_path} {case.query}: {response.text}"
                )
            elif response.status_code == 400:
                assert response.json()["error"]  # a message, not an empty body

        check()
    assert not failures, failures[:5]
