"""The small interface the extraction code needs from a gazetteer, so tests can pass a
fake (:class:`eventwire.gazetteer.store.Gazetteer` is the real one)."""

from __future__ import annotations

from typing import Protocol

from eventwire.records import GazetteerEntry


class PlaceNames(Protocol):
    """Whether a name is a known place (the recognition guard)."""

    def contains(self, name: str) -> bool: ...


class GazetteerLike(Protocol):
    """Candidates for a name, and the region whose seat a place is."""

    def lookup(
        self, name: str, *, country: str | None = None, limit: int = 50
    ) -> list[GazetteerEntry]: ...

    def region_for_city(self, entry: GazetteerEntry) -> GazetteerEntry | None: ...

    def country(self, iso3: str) -> GazetteerEntry | None: ...


class PlaceIndex(GazetteerLike, PlaceNames, Protocol):
    """Everything the entity stage uses."""


def knows_place(place_names: PlaceNames, name: str) -> bool:
    """For a name the words around already place ("in Maaret al-Numan"): whether the
    gazetteer knows it, as a name recognisable on its own or as any spelling of an entry
    (its lookup folds articles and doubled letters)."""
    if place_names.contains(name):
        return True
    lookup = getattr(place_names, "lookup", None)
    return bool(lookup(name, limit=1)) if lookup is not None else False
