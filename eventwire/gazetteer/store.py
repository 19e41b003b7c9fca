"""Reading the gazetteer: a read-only SQLite connection and the questions the geoparser
asks of it. Nothing here writes; build.py is the one writer."""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType

from eventwire.errors import EventwireError
from eventwire.gazetteer.normalise import bare_key, name_key
from eventwire.gazetteer.schema import ENTRY_COLUMNS, SCHEMA_VERSION
from eventwire.records import GazetteerEntry

BUILD_HINT = (
    "build it with `eventwire gazetteer build` (or `make setup`), which takes under a "
    "minute and needs no network; set EVENTWIRE_GAZETTEER to use a file elsewhere"
)


class GazetteerMissingError(EventwireError):
    """The gazetteer file is absent, unreadable or from an incompatible version."""

    code = "E008"


def default_path() -> Path:
    """``$EVENTWIRE_GAZETTEER``, else ``$XDG_DATA_HOME/eventwire/gazetteer.sqlite``
    (``~/.local/share`` when XDG_DATA_HOME is unset)."""
    explicit = os.environ.get("EVENTWIRE_GAZETTEER")
    if explicit:
        return Path(explicit).expanduser()
    data_home = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data_home).expanduser() / "eventwire" / "gazetteer.sqlite"


def open_gazetteer(path: Path | None = None) -> Gazetteer:
    """Open the gazetteer at ``path`` (default: :func:`default_path`) read-only."""
    target = path if path is not None else default_path()
    if not target.is_file():
        raise GazetteerMissingError(f"No gazetteer at {target}: {BUILD_HINT}.")
    try:
        connection = sqlite3.connect(
            f"{target.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False
        )
        row = connection.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
    except sqlite3.DatabaseError as exc:
        raise GazetteerMissingError(
            f"The gazetteer at {target} cannot be read ({exc}): delete it and {BUILD_HINT}."
        ) from exc
    if row is None or row[0] != SCHEMA_VERSION:
        connection.close()
        raise GazetteerMissingError(
            f"The gazetteer at {target} was built by another version of eventwire "
            f"(schema {row[0] if row else 'unknown'}, this one reads {SCHEMA_VERSION}): "
            f"rebuild it: {BUILD_HINT}."
        )
    return Gazetteer(connection, target)


def needs_build(path: Path | None = None) -> bool:
    """Whether the gazetteer at ``path`` (default: :func:`default_path`) is missing,
    unreadable or from another schema version, so that set-up builds it only then."""
    try:
        open_gazetteer(path).close()
    except GazetteerMissingError:
        return True
    return False


def _entry(row: Sequence[object]) -> GazetteerEntry:
    gid, name, fclass, fcode, country, lat, lon, pop, admin1, admin2, derived = row[:11]
    return GazetteerEntry(
        geonames_id=int(gid),  # type: ignore[call-overload]
        name=str(name),
        feature_class=str(fclass),
        feature_code=str(fcode),
        country=country if isinstance(country, str) else None,
        lat=float(lat),  # type: ignore[arg-type]
        lon=float(lon),  # type: ignore[arg-type]
        population=int(pop),  # type: ignore[call-overload]
        admin1=admin1 if isinstance(admin1, str) else None,
        admin2=admin2 if isinstance(admin2, str) else None,
        derived=bool(derived),
    )


_SELECT = f"SELECT {ENTRY_COLUMNS} FROM entries"
_COLUMNS_E = ", ".join(f"e.{c.strip()}" for c in ENTRY_COLUMNS.split(","))


LOOKUP_CACHE = 8192
"""Name lookups a Gazetteer keeps the answers of. News names the same places again and
again, and the file is read-only, so an answer never goes stale; the cache starts again
when full, so memory stays bounded."""


class Gazetteer:
    """GeoNames places, regions and countries by name. Read-only; one connection shared
    by the threads of a process behind a lock (queries take microseconds)."""

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self._db = connection
        self._lock = threading.Lock()
        self.path = path
        self._lookups: dict[tuple[str, str | None, int], tuple[GazetteerEntry, ...]] = {}
        self._known: dict[str, bool] = {}

    def __enter__(self) -> Gazetteer:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self._db.close()

    def _rows(self, sql: str, params: Sequence[object]) -> list[tuple[object, ...]]:
        with self._lock:
            return self._db.execute(sql, params).fetchall()

    def _entries(self, sql: str, params: Sequence[object]) -> list[GazetteerEntry]:
        return [_entry(row) for row in self._rows(sql, params)]

    def meta(self) -> dict[str, str]:
        """What the file was built from and when (``source``, ``built``, counts…)."""
        return {str(k): str(v) for k, v in self._rows("SELECT key, value FROM meta", ())}

    def lookup(
        self, name: str, *, country: str | None = None, limit: int = 50
    ) -> list[GazetteerEntry]:
        """Entries whose name, ASCII name or a Latin-script alternate name has the key of
        ``name``; for a name with an Arabic article, also those that meet it without
        articles (after every exact match). ``country`` is ISO 3166 alpha-3. Ordered
        countries first, then first-level regions, then by population."""
        cache_key = (name, country, limit)
        found = self._lookups.get(cache_key)
        if found is None:
            found = tuple(self._lookup(name, country=country, limit=limit))
            if len(self._lookups) >= LOOKUP_CACHE:
                self._lookups.clear()
            self._lookups[cache_key] = found
        return list(found)

    def _lookup(self, name: str, *, country: str | None, limit: int) -> list[GazetteerEntry]:
        key = name_key(name)
        if not key:
            return []
        bare = bare_key(key)
        matches = "SELECT entry_id, 0 AS via FROM names WHERE key = ? AND bare = 0"
        params: list[object] = [key]
        if bare != key:
            matches += " UNION ALL SELECT entry_id, 1 FROM names WHERE key = ?"
            params.append(bare)
        where = ""
        if country is not None:
            where = "WHERE e.country = ?"
            params.append(country.upper())
        params.append(limit)
        sql = (
            f"SELECT {_COLUMNS_E}, MIN(m.via) AS via FROM ({matches}) m "
            f"JOIN entries e ON e.id = m.entry_id {where} "
            "GROUP BY e.id ORDER BY via, e.prior, e.population DESC, e.id LIMIT ?"
        )
        return self._entries(sql, params)

    def contains(self, name: str) -> bool:
        """Whether ``name`` is safe to recognise as a place on its own: its key is the
        name of some entry, or an alternate name of a country, a region or a place of at
        least ``build.RECOGNISED_POPULATION`` (15,000) people, and not a common word (see
        normalise.is_common_word); decided when the file was built."""
        known = self._known.get(name)
        if known is None:
            key = name_key(name)
            known = bool(key) and bool(self._rows("SELECT 1 FROM known WHERE key = ?", (key,)))
            if len(self._known) >= LOOKUP_CACHE:
                self._known.clear()
            self._known[name] = known
        return known

    def by_id(self, geonames_id: int) -> GazetteerEntry | None:
        found = self._entries(f"{_SELECT} WHERE id = ?", (geonames_id,))
        return found[0] if found else None

    def country(self, iso3: str) -> GazetteerEntry | None:
        found = self._entries(
            f"{_SELECT} WHERE country = ? AND prior = 0 ORDER BY population DESC LIMIT 1",
            (iso3.upper(),),
        )
        return found[0] if found else None

    def admin1_regions(self, country: str) -> list[GazetteerEntry]:
        """The first-level regions (provinces, governorates, states) of a country."""
        return self._entries(
            f"{_SELECT} WHERE country = ? AND prior = 1 ORDER BY name", (country.upper(),)
        )

    def admin1_of(self, entry: GazetteerEntry) -> GazetteerEntry | None:
        """The first-level region an entry lies in (itself for a first-level region)."""
        return self._region_of(entry, level="ADM1")

    def admin2_of(self, entry: GazetteerEntry) -> GazetteerEntry | None:
        """The second-level region an entry lies in, when GeoNames gives one."""
        return self._region_of(entry, level="ADM2")

    def _region_of(self, entry: GazetteerEntry, *, level: str) -> GazetteerEntry | None:
        codes = self._rows(
            "SELECT cc2, admin1_code, admin2_code FROM entries WHERE id = ?",
            (entry.geonames_id,),
        )
        if not codes or codes[0][1] is None:
            return None
        cc2, admin1_code, admin2_code = codes[0]
        if level == "ADM1":
            sql = f"{_SELECT} WHERE cc2 = ? AND admin1_code = ? AND feature_code = 'ADM1'"
            params: tuple[object, ...] = (cc2, admin1_code)
        elif admin2_code is None:
            return None
        else:
            sql = (
                f"{_SELECT} WHERE cc2 = ? AND admin1_code = ? AND admin2_code = ? "
                "AND feature_code = 'ADM2'"
            )
            params = (cc2, admin1_code, admin2_code)
        found = self._entries(sql + " LIMIT 1", params)
        return found[0] if found else None

    def capital(self, region: GazetteerEntry) -> GazetteerEntry | None:
        """The seat of a region or the capital of a country. From GeoNames' PPLA/PPLA2/
        PPLC codes where the source has them; for the packaged build (no feature codes)
        derived: the region's place with the region's name, else its most populous."""
        found = self._entries(
            f"SELECT {_COLUMNS_E} FROM entries r JOIN entries e ON e.id = r.capital_id "
            "WHERE r.id = ?",
            (region.geonames_id,),
        )
        return found[0] if found else None

    def regions_with_capital(self, entry: GazetteerEntry) -> list[GazetteerEntry]:
        """Regions whose seat is ``entry`` (Khuzestan for Ahvaz), first-level first."""
        return self._entries(
            f"{_SELECT} WHERE capital_id = ? AND feature_class = 'A' AND prior > 0 "
            "ORDER BY prior, feature_code",
            (entry.geonames_id,),
        )

    def region_for_city(self, entry: GazetteerEntry) -> GazetteerEntry | None:
        """The region whose seat is ``entry``, preferring a first-level one: what "Ahvaz
        province" means. ``None`` when the place is no region's seat."""
        regions = self.regions_with_capital(entry)
        return regions[0] if regions else None

    def region_named(self, name: str, *, country: str | None = None) -> list[GazetteerEntry]:
        """Regions called ``name``; when there are none, the regions whose seat is called
        ``name`` ("Ahvaz province" → Khuzestan). First-level regions first."""
        candidates = self.lookup(name, country=country, limit=200)
        regions = [
            c for c in candidates if c.feature_class == "A" and not c.feature_code.startswith("PCL")
        ]
        if regions:
            return sorted(regions, key=lambda r: r.feature_code != "ADM1")
        seats = [c for c in candidates if c.feature_class == "P"]
        found: dict[int, GazetteerEntry] = {}
        for seat in seats:
            for region in self.regions_with_capital(seat):
                found.setdefault(region.geonames_id, region)
        return sorted(found.values(), key=lambda r: r.feature_code != "ADM1")
