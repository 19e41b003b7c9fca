"""What the gazetteer derives when its source does not say it. Pure.

Coordinates of a region or country without its own: the population-weighted centroid of
its places, each place weighing its population plus ``BASE_WEIGHT`` (so villages
without a census figure still count). The mean is taken on unit vectors in three
dimensions, not on degrees, so a region across the antimeridian is not put on the other
side of the globe. The point is where the region's people are, not the middle of its
area: a good stand-in for "somewhere in Khuzestan" at ACLED precision 3.

Seat of a region without a PPLA/PPLA2 code in the source: the most populous of its places
whose own name is the region's name ("Aleppo" in the governorate Ḩalab, alias "Aleppo"),
with words such as "Governorate" or "Province" ignored; failing that, its most populous
place (Ahvaz in Khūzestān).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from eventwire.gazetteer.normalise import name_key

BASE_WEIGHT = 100.0

# Words that make a region's name without being part of the seat's name.
REGION_WORDS = frozenset(
    "province provincia governorate governorat region district state oblast oblysy "
    "county department prefecture municipality muhafazat ostan e wilayah vilayeti "
    "city of the".split()
)


@dataclass
class Centroid:
    """A weighted mean position, accumulated one place at a time."""

    x: float = 0.0
    y: float = 0.0
    z: float = 0.0
    weight: float = 0.0
    population: int = 0  # the sum of the places' populations: a region's lower bound

    def add(self, lat: float, lon: float, population: int) -> None:
        self.population += max(population, 0)
        w = max(population, 0) + BASE_WEIGHT
        phi, lam = math.radians(lat), math.radians(lon)
        self.x += w * math.cos(phi) * math.cos(lam)
        self.y += w * math.cos(phi) * math.sin(lam)
        self.z += w * math.sin(phi)
        self.weight += w

    def point(self) -> tuple[float, float] | None:
        """(lat, lon) in degrees, rounded to 5 decimals like GeoNames; ``None`` when no
        place was added (or they cancel out exactly, which real regions never do)."""
        norm = math.sqrt(self.x**2 + self.y**2 + self.z**2)
        if self.weight == 0 or norm < 1e-12:
            return None
        lat = math.degrees(math.asin(max(-1.0, min(1.0, self.z / norm))))
        lon = math.degrees(math.atan2(self.y, self.x))
        return round(lat, 5), round(lon, 5)


def seat_keys(names: tuple[str, ...]) -> frozenset[str]:
    """Keys a region's seat may have: the region's names without generic words."""
    keys = set()
    for name in names:
        words = [w for w in name_key(name).split() if w not in REGION_WORDS]
        if words:
            keys.add(" ".join(words))
    return frozenset(keys)


@dataclass
class SeatChoice:
    """Picks a region's seat as places stream past (see the module docstring)."""

    keys: frozenset[str] = frozenset()
    named: tuple[int, int] | None = None  # (population, geonames id)
    largest: tuple[int, int] | None = None
    coded: int | None = None  # a place the source marks as the seat
    fallback_largest: bool = True  # False for countries: the largest city is no capital

    def add(self, geonames_id: int, key: str, population: int, *, is_seat: bool) -> None:
        if is_seat and self.coded is None:
            self.coded = geonames_id
        candidate = (population, -geonames_id)  # ties: the lower id, for reproducibility
        if key in self.keys and (self.named is None or candidate > self.named):
            self.named = candidate
        if self.largest is None or candidate > self.largest:
            self.largest = candidate

    def seat(self) -> tuple[int, bool] | None:
        """(geonames id, derived?) of the seat, or ``None`` for a region without places."""
        if self.coded is not None:
            return self.coded, False
        best = self.named or (self.largest if self.fallback_largest else None)
        return (-best[1], True) if best is not None else None
