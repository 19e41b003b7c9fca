"""The gazetteer: GeoNames places, regions and countries by name, offline.

Built once (``eventwire gazetteer build``, ``make setup``) into an indexed SQLite file in
the user's data directory (:func:`default_path`), then opened read-only
(:func:`open_gazetteer`). Modules: normalise.py (name keys), sources.py (GeoNames dumps
and packaged data), derive.py (coordinates and seats the sources lack), build.py (the
writer), store.py (the reader).
"""

from eventwire.gazetteer.build import RECOGNISED_POPULATION, BuildReport, build_gazetteer
from eventwire.gazetteer.normalise import bare_key, is_common_word, name_key
from eventwire.gazetteer.sources import GazetteerSourceError
from eventwire.gazetteer.store import (
    Gazetteer,
    GazetteerMissingError,
    default_path,
    needs_build,
    open_gazetteer,
)

__all__ = [
    "RECOGNISED_POPULATION",
    "BuildReport",
    "Gazetteer",
    "GazetteerMissingError",
    "GazetteerSourceError",
    "bare_key",
    "build_gazetteer",
    "default_path",
    "is_common_word",
    "name_key",
    "needs_build",
    "open_gazetteer",
]
