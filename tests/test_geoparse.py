"""The geoparser's reading of descriptors, precision and ranking, on a small fake
gazetteer (the real one is tested in test_gazetteer.py and through the pipeline)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

import pytest
import spacy

from eventwire.extract.geoparse import (
    Reading,
    candidates,
    document_regions,
    geoparse,
    inside,
    precision_of,
    read_mention,
    reading_of_name,
    resolve,
    whole_name,
)
from eventwire.extract.spans import Found
from eventwire.records import GazetteerEntry

DEMONYMS = {"Syrian": "SYR", "Lebanese": "LBN", "Libyan": "LBY", "Iranian": "IRN"}


def entry(
    gid: int,
    name: str,
    code: str,
    country: str,
    pop: int,
    *,
    cls: str = "P",
    lat: float = 0.0,
    lon: float = 0.0,
    admin1: str | None = None,
) -> GazetteerEntry:
    return GazetteerEntry(gid, name, cls, code, country, lat, lon, pop, admin1=admin1)


ALEPPO = entry(170063, "Aleppo", "PPLA", "SYR", 2_098_210, lat=36.20, lon=37.16, admin1="Aleppo")
ALEPPO_PA = entry(5178105, "Aleppo", "PPL", "USA", 120)
TRIPOLI_LY = entry(2210247, "Tripoli", "PPLC", "LBY", 1_150_989)
TRIPOLI_LB = entry(266826, "Tripoli", "PPLA", "LBN", 229_398)
SYRIA = entry(163843, "Syria", "PCLI", "SYR", 22_198_110, cls="A")
LEBANON = entry(272103, "Lebanon", "PCLI", "LBN", 4_125_247, cls="A")
AHVAZ = entry(144448, "Ahvaz", "PPLA", "IRN", 841_145, lat=31.32, lon=48.67, admin1="Khuzestan")
KHUZESTAN = entry(127082, "Khuzestan", "ADM1", "IRN", 4_710_509, cls="A", lat=31.4, lon=48.9)
DARAA = entry(170592, "Daraa", "PPLA", "SYR", 97_969)
# Local homonyms: Edmonton the Canadian city, and small towns of the name elsewhere.
EDMONTON_AB = entry(
    5946768, "Edmonton", "PPL", "CAN", 1_010_899, admin1="Alberta", lat=53.55, lon=-113.47
)
EDMONTON_KY = entry(4290886, "Edmonton", "PPL", "USA", 1_568, admin1="Kentucky")
EDMONTON_UK = entry(
    2650209, "Edmonton", "PPL", "GBR", 82_000, admin1="England", lat=51.62, lon=-0.06
)
ENFIELD = entry(2650105, "Enfield", "PPL", "GBR", 82_000, admin1="England", lat=51.65, lon=-0.08)
MEXICO = entry(3996063, "Mexico", "PCLI", "MEX", 112_468_855, cls="A", lat=23.0, lon=-102.0)
MEXICO_CITY = entry(3530597, "Mexico City", "PPLC", "MEX", 12_294_193, lat=19.43, lon=-99.13)
KENTUCKY = entry(6254925, "Kentucky", "ADM1", "USA", 3_343_217, cls="A", admin1="Kentucky")
ALBERTA = entry(5883102, "Alberta", "ADM1", "CAN", 5_731_223, cls="A", admin1="Alberta")
CAYMAN = entry(3580718, "Cayman Islands", "PCLI", "CYM", 64_174, cls="A")
WASHINGTON = entry(4140963, "Washington", "PPLC", "USA", 689_545, admin1="Washington, D.C.")
NEW_YORK_STATE = entry(5128638, "New York", "ADM1", "USA", 19_274_244, cls="A", admin1="New York")
# Watervliet, New York, was once called Washington: GeoNames lists that as an alternate name.
WATERVLIET = entry(5144040, "Watervliet", "PPL", "USA", 10_254, admin1="New York")
# The cities500 gazetteer has no oceans: "the Atlantic" finds only the town in Iowa.
ATLANTIC_IA = entry(4847385, "Atlantic", "PPL", "USA", 6_792, admin1="Iowa")
EU_TOWN = entry(3019329, "Eu", "PPL", "FRA", 8_425, admin1="Normandy")
LOS_ANGELES = entry(5368361, "Los Angeles", "PPLA2", "USA", 3_971_883, admin1="California")


class FakeGazetteer:
    names: ClassVar[dict[str, list[GazetteerEntry]]] = {
        "aleppo": [ALEPPO, ALEPPO_PA],
        "halab": [ALEPPO],
        "tripoli": [TRIPOLI_LY, TRIPOLI_LB],
        "syria": [SYRIA],
        "lebanon": [LEBANON],
        "ahvaz": [AHVAZ],
        "ahwaz": [AHVAZ],
        "khuzestan": [KHUZESTAN],
        "daraa": [DARAA],
        "deraa": [DARAA],
        "dara'a": [DARAA],
        "springfield": [entry(1, "Springfield", "PPL", "USA", 900)],
        "edmonton": [EDMONTON_AB, EDMONTON_UK, EDMONTON_KY],
        "kentucky": [KENTUCKY],
        "ky.": [KENTUCKY],  # the gazetteer indexes abbreviations as names of the state
        "ky": [CAYMAN, KENTUCKY],  # a country code, when a build keeps it
        "alberta": [ALBERTA],
        "enfield": [ENFIELD],
        "mexico": [MEXICO],
        "mexico city": [MEXICO_CITY],
        "washington": [WASHINGTON, WATERVLIET],
        "new york": [NEW_YORK_STATE],
        "atlantic": [ATLANTIC_IA],
        "eu": [EU_TOWN],
        "la": [LOS_ANGELES],
    }

    def lookup(
        self, name: str, *, country: str | None = None, limit: int = 50
    ) -> list[GazetteerEntry]:
        found = self.names.get(name.casefold(), [])
        return [e for e in found if country is None or e.country == country][:limit]

    def region_for_city(self, city: GazetteerEntry) -> GazetteerEntry | None:
        return KHUZESTAN if city.admin1 == "Khuzestan" else None

    def country(self, iso3: str) -> GazetteerEntry | None:
        return next((e for e in (SYRIA, LEBANON) if e.country == iso3), None)

    def contains(self, name: str) -> bool:
        return name.casefold() in self.names


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    return spacy.blank("en")


def places_in(nlp, text: str, names: Sequence[str]) -> list[Found]:  # type: ignore[no-untyped-def]
    doc = nlp(text)
    found = []
    position = 0
    for name in names:  # each name is looked for after the previous one
        start = text.index(name, position)
        position = start + len(name)
        span = doc.char_span(start, start + len(name))
        assert span is not None
        found.append(Found("place", "place:x", span.start, span.end))
    return found


def parse(nlp, text: str, *names: str):  # type: ignore[no-untyped-def]
    doc = nlp(text)
    return geoparse(doc, places_in(nlp, text, names), FakeGazetteer(), demonyms=DEMONYMS)


def test_near_a_city_is_precision_two(nlp) -> None:  # type: ignore[no-untyped-def]
    near, inside = parse(nlp, "He died near Aleppo. Battles rage in Aleppo.", "Aleppo", "Aleppo")
    assert near.entry == ALEPPO and near.precision == 2
    assert inside.entry == ALEPPO and inside.precision == 1


@pytest.mark.parametrize(
    "phrase", ["near", "outside", "north of", "on the outskirts of", "20 km from", "close to"]
)
def test_proximity_phrases(nlp, phrase: str) -> None:  # type: ignore[no-untyped-def]
    [result] = parse(nlp, f"Shelling hit {phrase} Aleppo.", "Aleppo")
    assert result.precision == 2


def test_in_a_city_is_precision_one_and_a_country_three(nlp) -> None:  # type: ignore[no-untyped-def]
    city, country = parse(nlp, "Fighting in Aleppo, Syria.", "Aleppo", "Syria")
    assert (city.precision, country.precision) == (1, 3)
    assert country.entry == SYRIA


def test_province_descriptor_finds_the_region_of_its_capital(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("Officers from the Ahvaz province in Iran retired.")
    [found] = places_in(nlp, doc.text, ["Ahvaz province"])
    reading = read_mention(doc, found, DEMONYMS)
    assert reading == Reading(name="Ahvaz", descriptor="region")
    [result] = geoparse(doc, [found], FakeGazetteer(), demonyms=DEMONYMS)
    assert result.entry == KHUZESTAN and result.precision == 3


def test_descriptor_with_nationality_names_the_country(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("Clashes in the northern Lebanese city of Tripoli killed two.")
    [found] = places_in(nlp, doc.text, ["Tripoli"])
    reading = read_mention(doc, found, DEMONYMS)
    assert (reading.descriptor, reading.country_hint) == ("populated", "LBN")
    [result] = geoparse(doc, [found], FakeGazetteer(), demonyms=DEMONYMS)
    assert result.entry == TRIPOLI_LB


def test_document_context_picks_the_country(nlp) -> None:  # type: ignore[no-untyped-def]
    results = parse(
        nlp, "Lebanon braced for more clashes. Gunmen fought in Tripoli.", "Lebanon", "Tripoli"
    )
    assert results[1].entry == TRIPOLI_LB
    alone = parse(nlp, "Gunmen fought in Tripoli.", "Tripoli")
    assert alone[0].entry == TRIPOLI_LY  # the bigger city when nothing says otherwise


@pytest.mark.parametrize("spelling", ["Daraa", "Deraa", "Dara'a"])
def test_transliteration_variants(nlp, spelling: str) -> None:  # type: ignore[no-untyped-def]
    [result] = parse(nlp, f"Protests in {spelling}, Syria, grew.", spelling)
    assert result.entry == DARAA


def test_one_reading_per_name_in_a_document(nlp) -> None:  # type: ignore[no-untyped-def]
    first, second = parse(nlp, "Syrian troops entered Aleppo. Aleppo fell.", "Aleppo", "Aleppo")
    assert first.entry == second.entry == ALEPPO


def test_none_of_these_for_a_small_faraway_namesake(nlp) -> None:  # type: ignore[no-untyped-def]
    [result] = parse(nlp, "Iranian forces moved to Springfield.", "Springfield")
    assert result.entry is None and result.precision is None


def test_precision_of_unresolved_is_unknown() -> None:
    assert precision_of(None, Reading(name="X")) is None
    assert resolve(Reading(name="Nowhere"), FakeGazetteer(), {}) is None


# ---- "City, State" pairs and the document's regions ---------------------------------------


def test_city_state_pair_constrains_the_city(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "A man was arrested in Edmonton, Ky., on Tuesday. Edmonton police said so."
    city, state, again = parse(nlp, text, "Edmonton", "Ky.", "Edmonton")
    assert (city.entry, state.entry) == (EDMONTON_KY, KENTUCKY)
    assert again.entry == EDMONTON_KY  # the pair fixes the name's reading in the document
    assert (city.precision, state.precision) == (1, 3)


def test_pair_chooses_the_container_that_holds_the_city(nlp) -> None:  # type: ignore[no-untyped-def]
    # "KY" is also the Cayman Islands' code, but no Edmonton lies there.
    city, state = parse(nlp, "Snow fell on Edmonton, KY overnight.", "Edmonton", "KY")
    assert (city.entry, state.entry) == (EDMONTON_KY, KENTUCKY)


def test_a_pair_without_a_fitting_container_is_resolved_name_by_name(nlp) -> None:  # type: ignore[no-untyped-def]
    city, country = parse(nlp, "Fighting in Aleppo, Lebanon.", "Aleppo", "Lebanon")
    assert (city.entry, country.entry) == (ALEPPO, LEBANON)


def test_a_list_is_not_a_pair_through_an_alternate_name(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Protests spread to Washington, New York and beyond."
    city, state = parse(nlp, text, "Washington", "New York")
    assert (city.entry, state.entry) == (WASHINGTON, NEW_YORK_STATE)


def test_a_transliteration_still_pairs(nlp) -> None:  # type: ignore[no-untyped-def]
    city, country = parse(nlp, "Shelling hit Halab, Syria, on Monday.", "Halab", "Syria")
    assert (city.entry, country.entry) == (ALEPPO, SYRIA)


def test_a_state_named_in_the_document_favours_its_towns(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Kentucky State Police said a man from Edmonton was arrested."
    state, town = parse(nlp, text, "Kentucky", "Edmonton")
    assert (state.entry, town.entry) == (KENTUCKY, EDMONTON_KY)
    [alone] = parse(nlp, "A man from Edmonton was arrested.", "Edmonton")
    assert alone.entry == EDMONTON_AB  # the big city when nothing says otherwise
    province, city = parse(nlp, "Alberta braced for snow in Edmonton.", "Alberta", "Edmonton")
    assert (province.entry, city.entry) == (ALBERTA, EDMONTON_AB)


def test_document_regions_count_first_level_regions_only() -> None:
    assert document_regions([KENTUCKY, EDMONTON_KY, None, KENTUCKY, SYRIA]) == {
        ("USA", "Kentucky"): 2
    }


def test_inside() -> None:
    assert inside(EDMONTON_KY, KENTUCKY) and not inside(EDMONTON_AB, KENTUCKY)
    assert inside(ALEPPO, SYRIA) and not inside(SYRIA, SYRIA)
    assert not inside(EDMONTON_KY, EDMONTON_AB)  # a city holds nothing


def test_reading_of_name_and_candidates() -> None:
    assert reading_of_name("Plymouth County") == Reading(name="Plymouth", descriptor="region")
    assert reading_of_name("Aleppo") == Reading(name="Aleppo")
    assert candidates(reading_of_name("Ahvaz province"), FakeGazetteer())[0] == KHUZESTAN
    assert candidates(Reading(name="Ky."), FakeGazetteer()) == [KENTUCKY]


def test_a_name_ending_in_a_kind_of_place_stays_whole_when_it_is_a_name(nlp) -> None:  # type: ignore[no-untyped-def]
    gazetteer = FakeGazetteer()
    assert (
        whole_name(reading_of_name("Mexico City"), "Mexico City", gazetteer).name == "Mexico City"
    )
    # no place is called "Ahvaz province": it is the province of Ahvaz
    ahvaz = whole_name(reading_of_name("Ahvaz province"), "Ahvaz province", gazetteer)
    assert ahvaz == Reading(name="Ahvaz", descriptor="region")
    [city] = parse(nlp, "Thousands marched in Mexico City on Sunday.", "Mexico City")
    assert city.entry == MEXICO_CITY


def test_a_town_near_another_the_document_names_is_preferred(nlp) -> None:  # type: ignore[no-untyped-def]
    # No country is named; Enfield, which has one reading, places Edmonton next to it.
    text = "Police in Enfield said a man from Edmonton was arrested."
    enfield, edmonton = parse(nlp, text, "Enfield", "Edmonton")
    assert (enfield.entry, edmonton.entry) == (ENFIELD, EDMONTON_UK)
    [alone] = parse(nlp, "A man from Edmonton was arrested.", "Edmonton")
    assert alone.entry == EDMONTON_AB


def test_a_name_after_the_is_not_a_faraway_town(nlp) -> None:  # type: ignore[no-untyped-def]
    [ocean] = parse(nlp, "A storm formed over the Atlantic on Monday.", "Atlantic")
    assert ocean.entry is None and ocean.precision is None
    [town] = parse(nlp, "A storm hit Atlantic on Monday.", "Atlantic")
    assert town.entry == ATLANTIC_IA
    # Even in a report about the United States: only Iowa named would say a town is meant.
    text = "American ships crossed the Atlantic."
    for countries in (["USA"], []):
        [found] = places_in(nlp, text, ["Atlantic"])
        [result] = geoparse(
            nlp(text), [found], FakeGazetteer(), demonyms=DEMONYMS, actor_countries=countries
        )
        assert result.entry is None


def test_a_name_after_the_that_modifies_a_noun_is_still_the_town(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Officers of the Atlantic police arrested two men."
    doc = nlp(text)
    for token in doc:
        token.pos_ = "NOUN" if token.text == "police" else "X"
    [found] = places_in(nlp, text, ["Atlantic"])
    [result] = geoparse(doc, [found], FakeGazetteer(), demonyms=DEMONYMS)
    assert result.entry == ATLANTIC_IA


def test_an_acronym_that_meets_only_a_town_of_those_letters_is_unresolved(nlp) -> None:  # type: ignore[no-untyped-def]
    [union] = parse(nlp, "French farmers protested against the EU in Paris.", "EU")
    assert union.entry is None  # the European Union, not Eu in Normandy
    [town] = parse(nlp, "French farmers protested in Eu on Monday.", "Eu")
    assert town.entry == EU_TOWN
    [city] = parse(nlp, "Fires spread near LA on Monday.", "LA")
    assert city.entry == LOS_ANGELES  # a city of millions is called so
