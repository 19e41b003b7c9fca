"""Casualty counts on the seed and on sentences written for the purpose (needs the model)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from eventwire.extract.analyse import analyse
from eventwire.normalise import build_document
from eventwire.readers import read_path
from eventwire.records import Casualty, Document, Extraction, RawReport
from eventwire.settings import Settings

from .conftest import SEED


def run(pipeline, text: str, published: date | None = None) -> Extraction:  # type: ignore[no-untyped-def]
    document = Document(id="t", text=text, body_start=0, published=published)
    return analyse(document, pipeline(text))


@pytest.fixture(scope="module")
def seed(pipeline) -> Extraction:  # type: ignore[no-untyped-def]
    [raw] = list(read_path(Path(SEED), settings=Settings()))
    assert isinstance(raw, RawReport)
    document = build_document(raw, published=date(2015, 11, 2))
    return analyse(document, pipeline(document.text))


def by_who(extraction: Extraction) -> dict[str, Casualty]:
    return {c.who or "": c for c in extraction.casualties}


def test_seed_counts_and_subset(seed: Extraction) -> None:
    counts = by_who(seed)
    fighters = counts["IRGC fighters"]
    officers = counts["senior officers"]
    assert (fighters.outcome, fighters.count.best, fighters.count.qualifier) == (
        "killed",
        30,
        "approximate",
    )
    assert fighters.actor_id == "actor:irgc"
    assert (officers.outcome, officers.count.best, officers.count.qualifier) == (
        "killed",
        4,
        "exact",
    )
    assert officers.part_of == fighters.id
    assert fighters.part_of is None


def test_seed_periods(seed: Extraction) -> None:
    counts = by_who(seed)
    officers = counts["senior officers"].period
    assert officers is not None and officers.evidence.text == "last month"
    assert (officers.start, officers.end) == (date(2015, 10, 1), date(2015, 10, 31))
    fighters = counts["IRGC fighters"].period
    assert fighters is not None and "past several weeks" in fighters.evidence.text
    assert fighters.end == date(2015, 11, 2)


def test_seed_casualty_evidence_points_at_the_text(seed: Extraction, pipeline) -> None:  # type: ignore[no-untyped-def]
    [raw] = list(read_path(Path(SEED), settings=Settings()))
    assert isinstance(raw, RawReport)
    text = build_document(raw).text
    for casualty in seed.casualties:
        for ev in (casualty.evidence, casualty.count.evidence, casualty.who_evidence):
            assert ev is not None and text[ev.start : ev.end] == ev.text


def test_active_passive_and_of_phrases(pipeline) -> None:  # type: ignore[no-untyped-def]
    found = run(
        pipeline,
        "An airstrike killed at least 12 civilians in Idlib on Tuesday. Dozens of people "
        "were wounded when a car bomb exploded in Kabul. Three soldiers were captured.",
    )
    counts = by_who(found)
    assert counts["civilians"].outcome == "killed"
    assert counts["civilians"].count.qualifier == "at_least"
    places = {p.id: p for p in found.places}
    idlib = places[counts["civilians"].place_id or ""]
    assert idlib.name == "Idlib" and idlib.geo is not None and idlib.geo.country == "SYR"
    assert counts["people"].outcome == "wounded"
    assert counts["soldiers"].outcome == "captured"


def test_killers_are_not_casualties(pipeline) -> None:  # type: ignore[no-untyped-def]
    found = run(pipeline, "Thirty militants attacked a checkpoint and killed two policemen.")
    counts = by_who(found)
    assert "militants" not in counts
    assert counts["policemen"].count.best == 2


def test_counts_of_things_are_not_casualties(pipeline) -> None:  # type: ignore[no-untyped-def]
    found = run(pipeline, "Five airstrikes were carried out and 40 houses were destroyed.")
    assert found.casualties == ()
