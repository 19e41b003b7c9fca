"""The gazetteer: name keys, the build from a GeoNames dump (a tiny one written here),
lookups, regions and seats, and the real gazetteer at default_path() when it is built."""

from __future__ import annotations

import sqlite3
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eventwire.errors import EventwireError
from eventwire.gazetteer import (
    Gazetteer,
    GazetteerMissingError,
    GazetteerSourceError,
    build_gazetteer,
    default_path,
    is_common_word,
    needs_build,
    open_gazetteer,
)
from eventwire.gazetteer.build import _country_codes
from eventwire.gazetteer.derive import Centroid, SeatChoice, seat_keys
from eventwire.gazetteer.normalise import bare_key, keep_alternate, name_key
from eventwire.gazetteer.sources import (
    CountryDef,
    parse_abbreviations,
    parse_geoname,
    region_abbreviations,
)


def row(
    gid: int,
    name: str,
    alternates: str,
    lat: float,
    lon: float,
    code: str,
    cc: str,
    admin1: str,
    pop: int,
    *,
    cls: str = "P",
    admin2: str = "",
) -> str:
    ascii_name = name_key(name).title() if not name.isascii() else name
    cols = [
        str(gid),
        name,
        ascii_name,
        alternates,
        str(lat),
        str(lon),
        cls,
        code,
        cc,
        "",
        admin1,
        admin2,
        "",
        "",
        str(pop),
        "",
        "100",
        "Asia/Damascus",
        "2024-01-01",
    ]
    return "\t".join(cols)


ROWS = [
    row(
        170063,
        "Aleppo",
        "Halab,Alep,Ḩalab,حلب,ALP,a lei po",
        36.20124,
        37.16117,
        "PPLA",
        "SY",
        "09",
        2_098_210,
    ),
    row(170654, "Damascus", "Dimashq,Damas", 33.5102, 36.29128, "PPLC", "SY", "13", 1_569_394),
    row(170592, "Daraa", "Dara'a,Deraa,Dar‘ā", 32.61889, 36.10213, "PPLA", "SY", "06", 97_969),
    row(
        170794,
        "Deir ez-Zor",
        "Deir al-Zour,Dayr az Zawr",
        35.33588,
        40.14084,
        "PPLA",
        "SY",
        "07",
        271_800,
    ),
    row(144448, "Ahvaz", "Ahwaz,Ahvāz,AWZ", 31.31901, 48.6842, "PPLA", "IR", "15", 841_145),
    row(144410, "Abadan", "Abādān", 30.3392, 48.3043, "PPL", "IR", "15", 231_476),
    row(112931, "Tehran", "Teheran,Tehrān", 35.69439, 51.42151, "PPLC", "IR", "26", 7_153_309),
    row(703448, "Kyiv", "Kiev,Kyjiv,Ko", 50.45466, 30.5238, "PPLC", "UA", "12", 2_952_301),
    row(163843, "Syria", "Syrie,Sūriyā", 35.0, 38.0, "PCLI", "SY", "00", 22_198_110, cls="A"),
    row(703447, "Kyiv City", "Kiev City", 50.45, 30.5, "ADM1", "UA", "12", 2_900_000, cls="A"),
    row(5178105, "Aleppo", "", 39.8, -80.4, "PPL", "US", "PA", 120),
    row(5520993, "El Paso", "", 31.75872, -106.48693, "PPL", "US", "TX", 678_815),
    row(740264, "Of", "", 40.94, 40.26, "PPLA2", "TR", "61", 20_000),
    row(1, "Smallville", "Mutiny", 36.0, 37.0, "PPL", "SY", "09", 600),
    # Neither kept: a historical place and a stream.
    row(2, "Old Aleppo", "", 36.2, 37.1, "PPLH", "SY", "09", 0),
    row(3, "Nahr Quwayq", "", 36.2, 37.1, "STM", "SY", "09", 0, cls="H"),
]

_COUNTRY_HEADER = (
    "#ISO ISO3 ISO-Numeric fips Country Capital Area Population Continent tld "
    "CurrencyCode CurrencyName Phone Postal_Code_Format Postal_Code_Regex Languages geonameid "
    "neighbours EquivalentFipsCode"
)
_COUNTRIES = [
    ("SY", "SYR", "760", "Syria", "Damascus", "16906283", "163843"),
    ("IR", "IRN", "364", "Iran", "Tehran", "81800269", "130758"),
    ("UA", "UKR", "804", "Ukraine", "Kyiv", "44622516", "690791"),
    ("US", "USA", "840", "United States", "Washington", "327167434", "6252001"),
    ("TR", "TUR", "792", "Turkey", "Ankara", "82319724", "298795"),
    ("AQ", "ATA", "010", "Antarctica", "", "0", "6697173"),
]
# countryInfo.txt's 19 columns; those the build does not read are left empty.
COUNTRY_INFO = "\n".join(
    [
        _COUNTRY_HEADER.replace(" ", "\t"),
        *(
            "\t".join([iso, iso3, num, "", name, capital, "", pop, *[""] * 8, gid, "", ""])
            for iso, iso3, num, name, capital, pop, gid in _COUNTRIES
        ),
    ]
)

ADMIN1 = """SY.09\tAleppo\tAleppo\t170062
SY.13\tDimashq\tDimashq\t170652
SY.06\tDaraa\tDaraa\t170593
SY.07\tDeir ez-Zor\tDeir ez-Zor\t170792
SY.99\tEmptyland\tEmptyland\t9999999
IR.15\tKhuzestan\tKhuzestan\t127082
IR.26\tTehran\tTehran\t110791
UA.12\tKyiv City\tKyiv City\t703447
US.PA\tPennsylvania\tPennsylvania\t6254927
US.TX\tTexas\tTexas\t4736286
TR.61\tTrabzon\tTrabzon\t738647
"""


def write_dump(folder: Path, rows: list[str], *, side_files: bool = True) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    source = folder / "cities500.zip"
    with zipfile.ZipFile(source, "w") as archive:
        archive.writestr("cities500.txt", "\n".join(rows) + "\n")
        archive.writestr("readme.txt", "GeoNames dump\n")
    if side_files:
        (folder / "countryInfo.txt").write_text(COUNTRY_INFO, encoding="utf-8")
        (folder / "admin1CodesASCII.txt").write_text(ADMIN1, encoding="utf-8")
    return source


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("dump")
    target = folder / "out" / "gazetteer.sqlite"
    build_gazetteer(target, source=write_dump(folder, ROWS))
    return target


@pytest.fixture()
def gaz(built: Path) -> Iterator[Gazetteer]:
    with open_gazetteer(built) as gazetteer:
        yield gazetteer


def names(entries: list) -> list[tuple[str, str | None]]:  # type: ignore[type-arg]
    return [(e.name, e.country) for e in entries]


# ---- name keys ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Dara'a", "Daraa"),
        ("Dar‘ā", "DARA"),
        ("Ḩalab", "halab"),
        ("Deir ez-Zor", "deir ez zor"),
        ("İstanbul", "Istanbul"),
        ("Łódź", "Lodz"),
        ("ʿAfrīn", "Afrin"),
        ("St.  Petersburg", "st petersburg"),
    ],
)
def test_spellings_share_a_key(a: str, b: str) -> None:
    assert name_key(a) == name_key(b)


@given(st.text())
def test_name_key_is_idempotent(text: str) -> None:
    key = name_key(text)
    assert name_key(key) == key
    assert key == key.strip() and "  " not in key


def test_bare_keys_drop_arabic_articles() -> None:
    assert bare_key(name_key("Deir al-Zour")) == "deir zour"
    assert bare_key(name_key("Deir ez-Zor")) == bare_key(name_key("Deir Ezzor")) == "deir zor"
    assert bare_key("ennis") == "ennis"  # a glued article is split only after the first word
    assert bare_key("al") == "al"


def test_alternates_kept_are_latin_names() -> None:
    assert keep_alternate("Ḩalab") and keep_alternate("al-Hasakah")
    assert not keep_alternate("حلب")  # another script
    assert not keep_alternate("ALP")  # a code
    assert not keep_alternate("a lei po")  # a lower-case romanisation


def test_common_words() -> None:
    assert is_common_word("Of") and is_common_word("over") and is_common_word("Ko")
    assert not is_common_word("Aleppo")


# ---- derivation --------------------------------------------------------------------------


def test_centroid_is_population_weighted_and_handles_the_antimeridian() -> None:
    c = Centroid()
    c.add(31.32, 48.68, 841_145)
    c.add(30.34, 48.30, 231_476)
    lat, lon = c.point()  # type: ignore[misc]
    assert 30.34 < lat < 31.32 and lat > (31.32 + 30.34) / 2
    assert 48.30 < lon < 48.68
    across = Centroid()
    across.add(0.0, 179.0, 1000)
    across.add(0.0, -179.0, 1000)
    assert abs(abs(across.point()[1]) - 180.0) < 1e-6  # type: ignore[index]
    assert Centroid().point() is None


def test_seat_prefers_code_then_name_then_size() -> None:
    choice = SeatChoice(keys=seat_keys(("Ḩalab", "Aleppo Governorate")))
    choice.add(1, "manbij", 100_000, is_seat=False)
    choice.add(2, "aleppo", 90_000, is_seat=False)
    assert choice.seat() == (2, True)
    choice.add(3, "other", 10, is_seat=True)
    assert choice.seat() == (3, False)
    assert SeatChoice(fallback_largest=False).seat() is None


# ---- the build ---------------------------------------------------------------------------


def test_parse_geoname_keeps_places_and_regions_only() -> None:
    assert parse_geoname(ROWS[0]) is not None
    assert parse_geoname(ROWS[-1]) is None and parse_geoname(ROWS[-2]) is None
    with pytest.raises(ValueError):
        parse_geoname("170063\tAleppo")


def test_build_report_and_meta(tmp_path: Path) -> None:
    target = tmp_path / "g.sqlite"
    report = build_gazetteer(target, source=write_dump(tmp_path / "d", ROWS))
    assert report.places == 12  # 16 rows less a historical place, a stream, two regions
    assert report.countries == 5  # Antarctica has no place to put it at
    assert report.skipped_regions == 2  # Emptyland and Antarctica
    assert report.bytes == target.stat().st_size > 0
    with open_gazetteer(target) as g:
        meta = g.meta()
    assert meta["source"].startswith("cities500.zip") and "admin1CodesASCII" in meta["source"]
    assert meta["built"][:2] == "20"
    assert not list(tmp_path.glob(".*partial"))


def test_a_failing_source_leaves_no_file_and_keeps_the_old_one(tmp_path: Path) -> None:
    target = tmp_path / "g.sqlite"
    bad = write_dump(tmp_path / "bad", [*ROWS[:3], "170063\tAleppo\tbroken"])
    with pytest.raises(GazetteerSourceError, match=r"cities500.txt:4"):
        build_gazetteer(target, source=bad)
    assert list(tmp_path.iterdir()) == [tmp_path / "bad"]
    build_gazetteer(target, source=write_dump(tmp_path / "good", ROWS))
    before = target.read_bytes()
    with pytest.raises(GazetteerSourceError):
        build_gazetteer(target, source=bad)
    assert target.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad", "g.sqlite", "good"]


def test_a_file_that_is_not_a_zip_is_refused(tmp_path: Path) -> None:
    fake = tmp_path / "allCountries.zip"
    fake.write_text("not a zip")
    with pytest.raises(GazetteerSourceError, match="GeoNames"):
        build_gazetteer(tmp_path / "g.sqlite", source=fake)
    assert not (tmp_path / "g.sqlite").exists()


# ---- opening -----------------------------------------------------------------------------


def test_missing_gazetteer_says_how_to_build_it(tmp_path: Path) -> None:
    with pytest.raises(GazetteerMissingError) as caught:
        open_gazetteer(tmp_path / "nowhere.sqlite")
    assert isinstance(caught.value, EventwireError)
    message = str(caught.value)
    assert "eventwire gazetteer build" in message and "make setup" in message
    assert message.endswith("[E008]")


def test_gazetteer_of_another_schema_is_refused(built: Path, tmp_path: Path) -> None:
    copy = tmp_path / "old.sqlite"
    copy.write_bytes(built.read_bytes())
    with sqlite3.connect(copy) as db:
        db.execute("UPDATE meta SET value = '0' WHERE key = 'schema'")
    with pytest.raises(GazetteerMissingError, match="rebuild"):
        open_gazetteer(copy)
    assert needs_build(copy) and needs_build(tmp_path / "absent.sqlite")
    assert not needs_build(built)
    garbage = tmp_path / "garbage.sqlite"
    garbage.write_bytes(b"x" * 200)
    with pytest.raises(GazetteerMissingError, match="cannot be read"):
        open_gazetteer(garbage)


def test_default_path(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("EVENTWIRE_GAZETTEER", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert default_path() == tmp_path / "eventwire" / "gazetteer.sqlite"
    monkeypatch.delenv("XDG_DATA_HOME")
    assert default_path() == Path.home() / ".local/share/eventwire/gazetteer.sqlite"
    monkeypatch.setenv("EVENTWIRE_GAZETTEER", str(tmp_path / "g.sqlite"))
    assert default_path() == tmp_path / "g.sqlite"


def test_the_connection_is_read_only(gaz: Gazetteer) -> None:
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        gaz._db.execute("DELETE FROM names")


# ---- lookups -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Halab", ("Aleppo", "SYR")),
        ("Alep", ("Aleppo", "SYR")),
        ("ALEPPO", ("Aleppo", "SYR")),
        ("Ahwaz", ("Ahvaz", "IRN")),
        ("Dara'a", ("Daraa", "SYR")),
        ("Deraa", ("Daraa", "SYR")),
        ("Deir al-Zour", ("Deir ez-Zor", "SYR")),
        ("Deir Ezzor", ("Deir ez-Zor", "SYR")),
        ("Kiev", ("Kyiv", "UKR")),
        ("Teheran", ("Tehran", "IRN")),
    ],
)
def test_lookup_by_variant(gaz: Gazetteer, query: str, expected: tuple[str, str]) -> None:
    assert expected in names([e for e in gaz.lookup(query) if e.feature_class == "P"])


def test_lookup_orders_countries_then_regions_then_population(gaz: Gazetteer) -> None:
    found = gaz.lookup("Aleppo")
    assert [(e.feature_code, e.country) for e in found] == [
        ("ADM1", "SYR"),
        ("PPLA", "SYR"),
        ("PPL", "USA"),
    ]
    assert gaz.lookup("Aleppo", limit=1)[0].feature_code == "ADM1"
    assert gaz.lookup("Syria")[0].feature_code == "PCLI"


def test_lookup_country_filter(gaz: Gazetteer) -> None:
    assert names(gaz.lookup("Aleppo", country="USA")) == [("Aleppo", "USA")]
    assert gaz.lookup("Aleppo", country="IRN") == []


def test_repeated_lookups_are_answered_alike_from_a_bounded_cache(
    gaz: Gazetteer, monkeypatch: pytest.MonkeyPatch
) -> None:
    from eventwire.gazetteer import store

    monkeypatch.setattr(store, "LOOKUP_CACHE", 2)
    first = gaz.lookup("Aleppo")
    first.clear()  # a caller's list is its own
    assert [e.feature_code for e in gaz.lookup("Aleppo")] == ["ADM1", "PPLA", "PPL"]
    assert names(gaz.lookup("Aleppo", country="USA")) == [("Aleppo", "USA")]
    assert gaz.lookup("Syria")[0].feature_code == "PCLI"
    assert len(gaz._lookups) <= 2
    assert gaz.contains("Aleppo") and gaz.contains("Aleppo")
    assert not gaz.contains("Nowhereville")


def test_articles_are_matched_only_when_the_query_has_one(gaz: Gazetteer) -> None:
    assert names(gaz.lookup("El Paso")) == [("El Paso", "USA")]
    assert gaz.lookup("Paso") == []
    assert gaz.lookup("") == [] and gaz.lookup("'-") == []


def test_excluded_features_and_other_scripts_are_not_indexed(gaz: Gazetteer) -> None:
    assert gaz.lookup("Old Aleppo") == [] and gaz.lookup("Nahr Quwayq") == []
    assert gaz.lookup("ALP") == [] and gaz.lookup("حلب") == []


def test_entries_carry_region_names_and_coordinates(gaz: Gazetteer) -> None:
    ahvaz = gaz.lookup("Ahvaz")[0]
    assert (ahvaz.admin1, ahvaz.derived, ahvaz.population) == ("Khuzestan", False, 841_145)
    assert (ahvaz.lat, ahvaz.lon) == (31.31901, 48.6842)
    assert gaz.by_id(170063) == gaz.lookup("Halab", country="SYR")[0]
    assert gaz.by_id(42) is None


def test_regions_without_coordinates_are_derived(gaz: Gazetteer) -> None:
    khuzestan = gaz.lookup("Khuzestan")[0]
    assert (khuzestan.feature_code, khuzestan.country, khuzestan.derived) == ("ADM1", "IRN", True)
    # between Ahvaz and Abadan, nearer Ahvaz, the larger
    assert 30.34 < khuzestan.lat < 31.32 and khuzestan.lat > 30.83
    kyiv_city = gaz.lookup("Kyiv City")[0]
    assert not kyiv_city.derived and kyiv_city.lat == 50.45  # the source's own row
    iran = gaz.country("IRN")
    assert iran is not None and iran.derived and iran.population == 81_800_269
    syria = gaz.country("SYR")  # the source's own row, not countryInfo's
    assert syria is not None and not syria.derived and (syria.lat, syria.lon) == (35.0, 38.0)
    assert gaz.lookup("Syrie") == [syria] and syria.admin1 is None
    assert gaz.country("ATA") is None  # no place to derive it from
    assert gaz.lookup("Emptyland") == []


def test_province_named_after_its_capital(gaz: Gazetteer) -> None:
    ahvaz = gaz.lookup("Ahvaz")[0]
    khuzestan = gaz.region_for_city(ahvaz)
    assert khuzestan is not None and khuzestan.name == "Khuzestan"
    assert gaz.regions_with_capital(ahvaz) == [khuzestan]
    assert gaz.region_named("Ahvaz", country="IRN") == [khuzestan]
    assert gaz.region_named("Khuzestan") == [khuzestan]
    assert gaz.capital(khuzestan) == ahvaz
    assert gaz.admin1_of(ahvaz) == khuzestan
    assert gaz.admin2_of(ahvaz) is None
    assert gaz.region_for_city(gaz.lookup("Abadan")[0]) is None  # not a seat
    assert gaz.region_named("Abadan") == []
    syria = gaz.country("SYR")
    assert syria is not None and gaz.capital(syria) == gaz.lookup("Damascus")[0]


def test_admin1_regions(gaz: Gazetteer) -> None:
    regions = gaz.admin1_regions("SYR")
    assert [r.name for r in regions] == ["Aleppo", "Daraa", "Deir ez-Zor", "Dimashq"]
    assert all(r.feature_code == "ADM1" and r.derived for r in regions)


def test_contains_guards_against_common_words(gaz: Gazetteer) -> None:
    assert gaz.contains("Aleppo") and gaz.contains("halab") and gaz.contains("Kiev")
    assert gaz.contains("Smallville")  # a place's own name
    assert not gaz.contains("Mutiny")  # an alternate name of a village only
    assert gaz.lookup("Mutiny")[0].name == "Smallville"
    assert not gaz.contains("Of") and not gaz.contains("Ko")  # stop word, too short
    assert not gaz.contains("Atlantis") and not gaz.contains("")


# ---- abbreviations of first-level regions -----------------------------------------------


@pytest.mark.parametrize(
    ("query", "state"),
    [("Pa.", "Pennsylvania"), ("PA", "Pennsylvania"), ("Penn.", "Pennsylvania"), ("TX", "Texas")],
)
def test_state_abbreviations_are_names_of_the_state(gaz: Gazetteer, query: str, state: str) -> None:
    found = gaz.lookup(query)
    assert (found[0].name, found[0].feature_code, found[0].country) == (state, "ADM1", "USA")


def test_abbreviations_never_make_a_word_a_place_on_their_own(gaz: Gazetteer) -> None:
    assert gaz.contains("Pennsylvania") and gaz.contains("Texas")
    assert not gaz.contains("Tex.") and not gaz.contains("Penn")


def test_packaged_abbreviations_cover_postal_codes_and_style_forms() -> None:
    found = region_abbreviations()
    assert {"KY", "Ky."} <= set(found[6254925])  # Kentucky
    assert {"BC", "B.C."} <= set(found[5909050])  # British Columbia
    assert {"ON", "Ont."} <= set(found[6093943])  # Ontario
    assert {"QLD", "Qld"} <= set(found[2152274])  # Queensland
    assert {"CA", "Calif."} <= set(found[5332921])  # California


def test_abbreviation_file_is_checked() -> None:
    codes = {"US-KY": 6254925, "CA-BC": 5909050, "FR-IDF": 3012874}
    table = {"code_countries": ["US"], "abbreviations": {"CA-BC": ["B.C."]}}
    assert parse_abbreviations(table, iso_codes=codes, origin="f") == {
        6254925: ("KY",),
        5909050: ("B.C.",),
    }
    for bad, problem in [
        ({"abbreviations": {"US-XX": ["X."]}}, "not the ISO 3166-2 code"),
        ({"abbreviations": {"US-KY": "Ky."}}, "must be a list"),
        ({"code_countries": "US"}, "alpha-2"),
        (["US-KY"], "expected a mapping"),
    ]:
        with pytest.raises(GazetteerSourceError, match=problem):
            parse_abbreviations(bad, iso_codes=codes, origin="f")


def test_a_country_code_that_is_a_state_abbreviation_is_left_to_the_state() -> None:
    cayman = CountryDef(3580718, "Cayman Islands", "KY", "CYM", 64_174, "George Town")
    assert _country_codes(cayman, frozenset({"ky"})) == ("CYM",)
    assert _country_codes(cayman, frozenset()) == ("CYM", "KY")
    usa = CountryDef(6252001, "United States", "US", "USA", 327_167_434, "Washington")
    assert "US" in _country_codes(usa, frozenset({"us"}))  # a news abbreviation stays


def test_lookups_from_threads(gaz: Gazetteer) -> None:
    results: list[str] = []

    def work() -> None:
        for _ in range(200):
            results.append(gaz.lookup("Halab", country="SYR")[0].name)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == ["Aleppo"] * 800


# ---- the real gazetteer ------------------------------------------------------------------


@pytest.fixture(scope="module")
def real() -> Iterator[Gazetteer]:
    path = default_path()
    if not path.is_file():
        pytest.skip(f"no gazetteer at {path}: `eventwire gazetteer build` or `make setup`")
    with open_gazetteer(path) as gazetteer:
        yield gazetteer


def test_real_aleppo(real: Gazetteer) -> None:
    city = next(e for e in real.lookup("Aleppo") if e.feature_class == "P")
    assert city.country == "SYR" and city.population > 1_000_000
    assert abs(city.lat - 36.20) < 0.05 and abs(city.lon - 37.16) < 0.05
    assert city in real.lookup("Halab")


def test_real_variants(real: Gazetteer) -> None:
    ahvaz = next(e for e in real.lookup("Ahwaz") if e.feature_class == "P")
    assert (ahvaz.name, ahvaz.country) == ("Ahvaz", "IRN")
    assert real.lookup("Kiev")[0].name == "Kyiv"
    for spelling in ("Dara'a", "Deraa", "Daraa"):
        assert any(e.country == "SYR" and e.population > 50_000 for e in real.lookup(spelling))
    for spelling in ("Deir ez-Zor", "Deir al-Zour", "Deir Ezzor"):
        assert any(e.country == "SYR" and e.population > 200_000 for e in real.lookup(spelling))
    assert real.lookup("Artemivsk")[0].name == "Bakhmut"


def test_real_khuzestan(real: Gazetteer) -> None:
    ahvaz = next(e for e in real.lookup("Ahvaz", country="IRN") if e.feature_class == "P")
    province = real.region_for_city(ahvaz)
    assert province is not None and province.feature_code == "ADM1"
    assert name_key(province.name) == "khuzestan"
    assert abs(province.lat - 31.3) < 1.5 and abs(province.lon - 48.7) < 1.5
    assert real.region_named("Ahvaz", country="IRN") == [province]
    syria = real.country("SYR")
    assert syria is not None and syria.feature_code.startswith("PCL")


def test_real_abbreviations(real: Gazetteer) -> None:
    for abbreviation, state in [
        ("Ky.", "Kentucky"),
        ("KY", "Kentucky"),
        ("B.C.", "British Columbia"),
        ("Ont.", "Ontario"),
        ("Calif.", "California"),
        ("Que.", "Quebec"),
    ]:
        found = real.lookup(abbreviation, limit=1)[0]
        assert (found.name, found.feature_code) == (state, "ADM1"), abbreviation
    assert not real.contains("Calif.") and not real.contains("Mass.")
