"""The canonical example, end to end through the entity stage (needs the model)."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventwire.extract.entities import to_extraction
from eventwire.normalise import build_document
from eventwire.readers import read_path
from eventwire.records import Document, Extraction, RawReport
from eventwire.settings import Settings

from .conftest import SEED


@pytest.fixture(scope="module")
def seed(pipeline) -> tuple[Document, Extraction]:  # type: ignore[no-untyped-def]
    [raw] = list(read_path(Path(SEED), settings=Settings()))
    assert isinstance(raw, RawReport)
    doc = build_document(raw)
    return doc, to_extraction(doc.id, pipeline(doc.text))


def surfaces(extraction: Extraction, entity_id: str, role: str | None = None) -> list[str]:
    return [
        m.evidence.text
        for m in extraction.mentions
        if m.entity_id == entity_id and (role is None or m.role == role)
    ]


def test_every_mention_points_at_its_text(seed: tuple[Document, Extraction]) -> None:
    doc, extraction = seed
    assert extraction.mentions
    for mention in extraction.mentions:
        ev = mention.evidence
        assert ev.doc == doc.id
        assert doc.text[ev.start : ev.end] == ev.text


def test_irgc_is_one_actor_with_its_surface_forms(seed: tuple[Document, Extraction]) -> None:
    _, extraction = seed
    irgc = [a for a in extraction.actors if "Revolutionary Guard" in a.name]
    assert len(irgc) == 1
    assert irgc[0].country == "IRN"
    forms = set(surfaces(extraction, irgc[0].id))
    assert {"IRGC", "Guards"} <= forms
    assert any("Revolutionary Guards" in f for f in forms)


def test_people_with_rank_and_affiliation(seed: tuple[Document, Extraction]) -> None:
    _, extraction = seed
    people = {p.name: p for p in extraction.people}
    irgc = next(a.id for a in extraction.actors if "Revolutionary Guard" in a.name)
    soleimani = people["Ezzatollah Soleimani"]
    hamedani = people["Hossein Hamedani"]
    assert (soleimani.rank, soleimani.affiliation) == ("Colonel", irgc)
    assert (hamedani.rank, hamedani.affiliation) == ("General", irgc)
    assert hamedani.role is not None and "commander" in hamedani.role
    assert "Bashar al-Assad" in people
    assert people["Bashar al-Assad"].rank is None


def test_assad_short_name_joins_full_name(seed: tuple[Document, Extraction]) -> None:
    _, extraction = seed
    assert "Assad" in surfaces(extraction, "person:bashar-al-assad")
    assert not [p for p in extraction.people if p.name == "Assad"]


def test_capitals_used_for_governments_are_actors_not_places(
    seed: tuple[Document, Extraction],
) -> None:
    _, extraction = seed
    place_names = {p.name for p in extraction.places}
    assert "Damascus" not in place_names
    assert "Tehran" not in place_names
    metonyms = {m.evidence.text: m.entity_id for m in extraction.mentions if m.role == "metonym"}
    assert metonyms["Damascus"] != metonyms["Tehran"]
    names = {a.id: a.name for a in extraction.actors}
    assert "Syria" in names[metonyms["Damascus"]]
    assert "Iran" in names[metonyms["Tehran"]]


def test_places_include_mislabelled_and_missed_names(seed: tuple[Document, Extraction]) -> None:
    _, extraction = seed
    places = {p.name: p for p in extraction.places}
    assert {"Aleppo", "Syria", "Iran"} <= set(places)
    # "Ahvaz province" is the province of Khuzestan (capital Ahvaz), in Iran.
    [ahvaz] = [m for m in extraction.mentions if m.evidence.text == "Ahvaz province"]
    province = next(p for p in extraction.places if p.id == ahvaz.entity_id)
    assert province.geo is not None and province.geo.country == "IRN"
    assert abs(province.geo.lat - 31.32) < 1.5 and abs(province.geo.lon - 48.67) < 1.5
    assert ahvaz.precision == 3
    aleppo = places["Aleppo"]
    assert aleppo.geo is not None and aleppo.geo.country == "SYR"
    assert abs(aleppo.geo.lat - 36.20) < 0.25 and abs(aleppo.geo.lon - 37.16) < 0.25
    mentions = [m for m in extraction.mentions if m.entity_id == aleppo.id]
    assert [m.precision for m in mentions] == [2, 2]  # both are "near Aleppo"
    for name in ("Syria", "Iran"):
        geo = places[name].geo
        assert geo is not None and geo.feature_code.startswith("PCL")


def test_outlet_is_an_actor_not_a_person(seed: tuple[Document, Extraction]) -> None:
    _, extraction = seed
    assert not [p for p in extraction.people if "Awsat" in p.name]
    outlet = [a for a in extraction.actors if "Awsat" in a.name]
    assert outlet and outlet[0].kind in ("news outlet", "news agency", "state media")


def test_photo_credit_is_not_in_the_text(seed: tuple[Document, Extraction]) -> None:
    doc, extraction = seed
    assert doc.photo_credit == "Reuters"
    assert "Reuters" not in doc.text
    assert not [a for a in extraction.actors if a.name == "Reuters"]


def test_groups(seed: tuple[Document, Extraction]) -> None:
    _, extraction = seed
    names = {g.name for g in extraction.groups}
    assert {"Arabs", "Persians", "Kurds", "Balochs"} <= names
    assert any("Sunni" in n for n in names)
    assert not [g for g in extraction.groups if g.name.startswith("Iranian")]
