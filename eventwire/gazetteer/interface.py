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
