"""Event triggers from the ontology, on the seed and on sentences written here (needs
the model); and the `eval events` / `eval acled` commands."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eventwire.events import load_event_types
from eventwire.events.triggers import find_triggers
from eventwire.nlp import load_model

from .conftest import SEED, shared_data
from .test_cli import invoke


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    return load_model()


def triggers(nlp, text: str) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    doc = nlp(text)
    found: dict[str, list[str]] = {}
    for match in find_triggers(doc, load_event_types()):
        found.setdefault(doc[match.start : match.end].text, []).extend(t.key for t in match.types)
    return found


def test_seed_event_types(nlp) -> None:  # type: ignore[no-untyped-def]
    text = SEED.read_text(encoding="utf-8").replace("\u00a0", " ")
    found = triggers(nlp, text)
    assert "funeral" in found["Funeral"]
    assert "mutiny" in found["refusing"]  # "refusing orders", by a dependency pattern
    assert found["court marshaled"] == ["court-martial"]
    assert found["recruitment drive"] == ["recruitment-drive"]
    assert "military-aid" in found["provided"]  # provided weapons, training, funds
    assert found["investigation"] == ["investigation"]
    assert "retirement-resignation" in found["retirement"]
    assert "killing" in found["killed"]


def test_pattern_needs_its_dependents(nlp) -> None:  # type: ignore[no-untyped-def]
    assert "provided" not in triggers(nlp, "The ministry provided no comment on Monday.")
    assert (
        "military-aid"
        in triggers(nlp, "Russia provided weapons and training to the army.")["provided"]
    )


def test_multiword_trigger(nlp) -> None:  # type: ignore[no-untyped-def]
    found = triggers(nlp, "An air strike hit the market, and a car bomb exploded nearby.")
    assert "air-drone-strike" in found["air strike"]


def test_eval_acled_on_a_small_file(tmp_path: Path) -> None:
    data = tmp_path / "tiny.tsv"
    data.write_text(
        "id\tEventSnippet\tSubType\n"
        "1\tPolice arrested twelve protesters in the capital on Friday.\tARREST\n"
        "2\tAn air strike hit a market in the north, killing five people.\tAIR_STRIKE\n",
        encoding="utf-8",
    )
    code, out, err = invoke("eval", "acled", "--data", str(data), "--json")
    assert code == 0, err
    assert json.loads(out)["accuracy"] == 1.0


@pytest.mark.gold
def test_eval_events_on_wikievents() -> None:
    data = shared_data("events/wikievents/dev.jsonl")
    code, out, err = invoke("eval", "events", "--data", str(data), "--json")
    assert code == 0, err
    report = json.loads(out)
    assert report["trigger"]["f1"] >= 0.63  # the README's figure is 0.651
