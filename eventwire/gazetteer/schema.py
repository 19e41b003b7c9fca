"""The gazetteer file's tables, shared by the one writer (build.py) and the reader.

``entries`` holds places, regions and countries; ``prior`` orders candidates before
population (0 country, 1 first-level region, 2 everything else). Region and place rows
carry their admin codes and, denormalised, the names of their regions. ``capital_id`` of
a region or country is its seat. ``names`` maps name keys to entries: ``bare`` is 1 for
a key without its Arabic articles (see normalise.py), ``main`` is 1 when the key comes
from the entry's own name rather than an alternate name, ``abbreviation`` is 1 when the
key comes only from an abbreviation of a first-level region ("Ky.", "BC"; see
sources.region_abbreviations). ``known`` lists the keys that ``Gazetteer.contains``
accepts (never an abbreviation's).
"""

from __future__ import annotations

# Bumped when the tables change; a file with another version is rebuilt, not migrated:
# it is derived data.
# 2: real country points, region populations; 3: continents, country codes, capitals;
# 4: "America" for the United States; 6: abbreviations of first-level regions ("Ky.",
# "B.C.") and names.abbreviation; country alpha-2 codes that are a region's abbreviation.
SCHEMA_VERSION = "6"

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE entries (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    feature_class TEXT NOT NULL,
    feature_code TEXT NOT NULL,
    country TEXT,
    cc2 TEXT,
    admin1_code TEXT,
    admin2_code TEXT,
    admin1 TEXT,
    admin2 TEXT,
    lat REAL NOT NULL,
    lon REAL NOT NULL,
    population INTEGER NOT NULL DEFAULT 0,
    derived INTEGER NOT NULL DEFAULT 0,
    capital_id INTEGER,
    capital_derived INTEGER NOT NULL DEFAULT 0,
    prior INTEGER NOT NULL
);
CREATE TABLE names (
    key TEXT NOT NULL,
    bare INTEGER NOT NULL,
    entry_id INTEGER NOT NULL,
    main INTEGER NOT NULL,
    abbreviation INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (key, bare, entry_id)
) WITHOUT ROWID;
CREATE TABLE known (key TEXT PRIMARY KEY) WITHOUT ROWID;
"""

# Created after the bulk insert: building an index once is faster than keeping it.
INDEXES = """
CREATE INDEX entries_region ON entries (cc2, admin1_code, admin2_code, prior);
CREATE INDEX entries_capital ON entries (capital_id) WHERE capital_id IS NOT NULL;
CREATE INDEX entries_country ON entries (country, prior);
"""

ENTRY_COLUMNS = (
    "id, name, feature_class, feature_code, country, lat, lon, population, admin1, admin2, derived"
)
