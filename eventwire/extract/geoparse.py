"""Resolving place mentions to gazetteer entries: candidates, then ranking, with an
explicit "none of these".

For each place mention the words around it are read first:
- a descriptor: "Ahvaz province" and "the province of X" ask for a region, "the city of
  X" / "X town" for a populated place; a nationality in it ("the northern Syrian city
  of Aleppo") names the country;
- a proximity word: "near", "outside", "north of", "on the outskirts of" make the mention
  ACLED precision 2 (near the place, not in it).

Candidates are the gazetteer entries with that name (all spellings GeoNames knows). Each
is scored by: being in a country the document is about (countries it names, nationalities,
the countries of the actors it names), agreeing with the descriptor's kind and country,
being a country or region when named like one, and population (log scale). One name gets
one reading per document. A name whose best candidate is a small place far from
everything the document is about is left unresolved rather than guessed.

Precision (ACLED): 1 the place itself; 2 near it; 3 only a region or country is known.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Literal

from spacy.attrs import ORTH
from spacy.tokens import Doc

from eventwire.earth import km_between
from eventwire.extract.places import PLACE_NOUNS
from eventwire.extract.spans import Found
from eventwire.gazetteer.interface import GazetteerLike
from eventwire.records import GazetteerEntry, GeoPrecision

Descriptor = Literal["populated", "region"]

REGION_NOUNS = frozenset(
    "province governorate region state oblast prefecture county district municipality".split()
)
POPULATED_NOUNS = frozenset("city town village camp neighbourhood neighborhood".split())
# Words before a name that place an event near it rather than in it.
NEAR_WORDS = frozenset("near outside around nearby".split())
NEAR_BEFORE_OF = frozenset(
    "north south east west northeast northwest southeast southwest outskirts edge "
    "vicinity environs suburbs outside".split()
)
SMALL_PLACE = 5_000  # below this population a far-away match needs support to be chosen
ARTICLE_TOWN = 50_000  # the same for a name after "the", below this population
ACRONYM_CITY = 1_000_000  # see acronym_collision
REGION_BONUS = 3.0  # for a place in a first-level region the document names
# A candidate within NEARBY_KM of a town the document names under another name is
# preferred: local news names neighbouring places ("Edmonton, south of Cairns").
NEARBY_KM = 150.0
NEARBY_BONUS = 2.0
PAIR_RIVAL_FACTOR = 10  # see _overshadowed
Anchor = tuple[str, float, float]  # (name as read, casefolded; lat; lon) of a resolved town


@dataclass(frozen=True)
class Reading:
    """What the words around a place mention say about it."""

    name: str
    descriptor: Descriptor | None = None
    country_hint: str | None = None
    near: bool = False
    article: bool = False  # "the Atlantic": a name after "the", not a modifier


@dataclass(frozen=True)
class Resolution:
    found: Found
    reading: Reading
    entry: GazetteerEntry | None
    precision: GeoPrecision | None


def read_mention(doc: Doc, found: Found, demonyms: Mapping[str, str]) -> Reading:
    span = doc[found.start : found.end]
    tokens = list(span)
    descriptor: Descriptor | None = None
    # "Ahvaz province": the kind of place is part of the mention.
    if len(tokens) > 1 and tokens[-1].lower_ in PLACE_NOUNS:
        descriptor = _descriptor(tokens[-1].lower_)
        tokens = tokens[:-1]
    start = found.start
    # "the city of Aleppo", "the northern Syrian city of Aleppo"
    before = doc[max(0, start - 6) : start]
    if start >= 2 and doc[start - 1].lower_ == "of" and doc[start - 2].lower_ in PLACE_NOUNS:
        descriptor = descriptor or _descriptor(doc[start - 2].lower_)
    hint = next((demonyms[t.text] for t in reversed(before) if t.text in demonyms), None)
    if descriptor is None and hint is not None and not any(t.lower_ in PLACE_NOUNS for t in before):
        hint = None  # "Syrian forces near Aleppo" says nothing about Aleppo's country
    name = doc[tokens[0].i : tokens[-1].i + 1].text if tokens else span.text
    # "the Atlantic", not "the Allendale police" or "the Nenagh district": the name
    # heads what "the" begins
    end = found.end
    article = (
        start >= 1
        and doc[start - 1].lower_ == "the"
        and len(tokens) == found.end - found.start  # no "district" or "province" in it
        and (end >= len(doc) or doc[end].pos_ not in ("NOUN", "PROPN"))
    )
    return Reading(
        name=name, descriptor=descriptor, country_hint=hint, near=_near(doc, start), article=article
    )


def reading_of_name(name: str) -> Reading:
    """A mention's reading from its text alone, without the words around it: "Plymouth
    County" is "Plymouth", a region."""
    words = name.split()
    if len(words) > 1 and words[-1].lower() in PLACE_NOUNS:
        return Reading(name=" ".join(words[:-1]), descriptor=_descriptor(words[-1].lower()))
    return Reading(name=name)


def whole_name(reading: Reading, text: str, gazetteer: GazetteerLike) -> Reading:
    """Keep the kind-of-place word in the name when the whole is itself a name the
    gazetteer knows: "Mexico City" is not Mexico, "Suffolk County" not Suffolk."""
    words = text.split()
    if reading.name == text or len(words) < 2 or words[-1].lower() not in PLACE_NOUNS:
        return reading
    if not gazetteer.lookup(text, limit=1):
        return reading  # "Ahvaz province": the province of Ahvaz
    return replace(reading, name=text)


def _descriptor(noun: str) -> Descriptor | None:
    if noun in REGION_NOUNS:
        return "region"
    if noun in POPULATED_NOUNS:
        return "populated"
    return None


def _near(doc: Doc, start: int) -> bool:
    i = start - 1
    # "near the northern Syrian city of Aleppo": look before the descriptor.
    if i >= 1 and doc[i].lower_ == "of" and doc[i - 1].lower_ in PLACE_NOUNS:
        i -= 2
        while i >= 0 and doc[i].pos_ in ("ADJ", "PROPN") and doc[i].lower_ not in NEAR_WORDS:
            i -= 1
    while i >= 0 and doc[i].lower_ in ("the", "a"):
        i -= 1
    if i < 0:
        return False
    word = doc[i].lower_
    if word in NEAR_WORDS:
        return True
    if word == "to" and i > 0 and doc[i - 1].lower_ == "close":
        return True
    if word in ("of", "from") and i > 0:
        previous = doc[i - 1].lower_
        return previous in NEAR_BEFORE_OF or previous in ("km", "kilometres", "kilometers", "miles")
    return False


def context_countries(
    doc: Doc,
    readings: Sequence[Reading],
    gazetteer: GazetteerLike,
    *,
    demonyms: Mapping[str, str],
    actor_countries: Sequence[str] = (),
) -> dict[str, int]:
    """Countries the document is about, weighted by how often they come up."""
    weights: dict[str, int] = {}
    for code in actor_countries:
        weights[code] = weights.get(code, 0) + 1
    strings = doc.vocab.strings
    for orth in doc.to_array(ORTH).tolist():  # no Token objects: this runs over every word
        named = demonyms.get(strings[orth])
        if named:
            weights[named] = weights.get(named, 0) + 1
    for reading in readings:
        for entry in gazetteer.lookup(reading.name, limit=5):
            if entry.feature_code.startswith("PCL") and entry.country:
                weights[entry.country] = weights.get(entry.country, 0) + 2
                break
    return weights


Region = tuple[str, str]  # (country ISO3, first-level region name) of GazetteerEntry


def score(
    entry: GazetteerEntry,
    reading: Reading,
    countries: Mapping[str, int],
    regions: Mapping[Region, int] | None = None,
    anchors: Sequence[Anchor] = (),
) -> float:
    value = math.log10(entry.population + 10)
    if anchors and _near_anchor(entry, reading, anchors):
        value += NEARBY_BONUS
    if entry.country and entry.country in countries:
        value += 3 + min(countries[entry.country], 5) * 0.5
    named = (
        regions.get((entry.country, entry.admin1), 0)
        if regions and entry.country and entry.admin1
        else 0
    )
    if named:  # a town of a state or province the document names, the more the oftener
        value += REGION_BONUS + min(named - 1, 4) * 0.5
    if reading.country_hint is not None:
        value += 4 if entry.country == reading.country_hint else -4
    is_country = entry.feature_code.startswith("PCL")
    is_region = entry.feature_class == "A" and not is_country
    if is_country:
        value += 6  # a name that is a country's name means the country
    if entry.feature_code == "PPLC":
        value += 1.5  # "Washington" in the news is the capital more often than the state
    if reading.descriptor == "region":
        value += 5 if is_region else -2
    elif is_region:
        value -= 1.5  # a bare "Edmonton" is the city more often than the district
    elif reading.descriptor == "populated":
        value += 3 if entry.feature_class == "P" else -3
    if entry.name.casefold() == reading.name.casefold():
        value += 1  # the main name, not one of its alternate spellings
    return value


def _near_anchor(entry: GazetteerEntry, reading: Reading, anchors: Sequence[Anchor]) -> bool:
    name = reading.name.casefold()
    return any(
        other != name and km_between(entry.lat, entry.lon, lat, lon) <= NEARBY_KM
        for other, lat, lon in anchors
    )


def anchors_of(
    readings: Sequence[Reading], entries: Sequence[GazetteerEntry | None]
) -> list[Anchor]:
    """The towns the first pass resolved, as anchors for the second: populated places
    only (a country or a province is near too much to say anything)."""
    return [
        (reading.name.casefold(), entry.lat, entry.lon)
        for reading, entry in zip(readings, entries, strict=True)
        if entry is not None and entry.feature_class == "P"
    ]


def candidates(reading: Reading, gazetteer: GazetteerLike) -> list[GazetteerEntry]:
    """The entries a mention may name: those with its name (every spelling and
    abbreviation the gazetteer knows), and for "X province" without a region called X,
    the regions whose seat is X."""
    found = gazetteer.lookup(reading.name, limit=50)
    if reading.descriptor == "region" and not any(c.feature_class == "A" for c in found):
        # "Ahvaz province" names the province whose capital is Ahvaz.
        regions = [r for c in found[:5] if (r := gazetteer.region_for_city(c)) is not None]
        found = regions + found
    return found


def resolve(
    reading: Reading,
    gazetteer: GazetteerLike,
    countries: Mapping[str, int],
    *,
    regions: Mapping[Region, int] | None = None,
    options: Sequence[GazetteerEntry] | None = None,
    anchors: Sequence[Anchor] = (),
) -> GazetteerEntry | None:
    """The best of ``options`` (default: :func:`candidates`), or ``None`` ("none of
    these") for a small place that nothing in the document supports."""
    found = list(options) if options is not None else candidates(reading, gazetteer)
    if not found or all(acronym_collision(c, reading) for c in found):
        return None
    best = max(found, key=lambda c: score(c, reading, countries, regions, anchors))
    in_region = bool(regions and (best.country, best.admin1) in regions)
    hinted = reading.country_hint == best.country
    town = best.feature_class == "P"
    mentioned = best.country in countries
    if town and best.population < SMALL_PLACE and not (mentioned or hinted or in_region):
        return None  # a village of that name elsewhere is more likely a wrong reading
    if town and best.population < ARTICLE_TOWN and reading.article and not (hinted or in_region):
        # "the Atlantic" is an ocean the gazetteer lacks, not Atlantic, Iowa, even in a
        # report about the United States ("the White House", "the Middle East" are no
        # towns either): only the town's state or a descriptor says a town is meant.
        return None
    return best


def acronym_collision(entry: GazetteerEntry, reading: Reading) -> bool:
    """Whether an acronym meets a town only by its letters: "EU" (the European Union) and
    Eu in Normandy, "AU" and Au in Switzerland. Capitals, cities of a million ("LA") and
    towns whose own name is written so are not collisions; neither are dotted
    abbreviations ("D.C.", "N.J.")."""
    name = reading.name
    return (
        name.isupper()
        and name.isalpha()
        and 2 <= len(name) <= 4
        and entry.feature_class == "P"
        and entry.feature_code != "PPLC"
        and entry.name != name
        and entry.population < ACRONYM_CITY
    )


def is_container(entry: GazetteerEntry) -> bool:
    """A country or first-level region: what the second name of "City, State" is."""
    return entry.feature_code.startswith("PCL") or entry.feature_code == "ADM1"


def inside(entry: GazetteerEntry, container: GazetteerEntry) -> bool:
    """Whether ``entry`` lies in the country or first-level region ``container``."""
    if entry.geonames_id == container.geonames_id or entry.country != container.country:
        return False
    if container.feature_code.startswith("PCL"):
        return True
    return container.feature_code == "ADM1" and entry.admin1 == container.name


def paired(doc: Doc, places: Sequence[Found]) -> list[int]:
    """Indexes i of mentions followed by ", " and the next mention: "Edmonton, Ky.",
    "London, Ont.", "Aleppo, Syria", where the second names what the first lies in."""
    pairs = []
    for i in range(len(places) - 1):
        first, second = places[i], places[i + 1]
        if second.start == first.end + 1 and doc[first.end].text == ",":
            pairs.append(i)
    return pairs


def resolve_pair(
    place: Reading,
    container: Reading,
    gazetteer: GazetteerLike,
    countries: Mapping[str, int],
    regions: Mapping[Region, int] | None = None,
) -> tuple[GazetteerEntry | None, GazetteerEntry | None] | None:
    """ "City, State": the state among the second name's countries and first-level regions
    that hold a place of the first name, and the place among those it holds. ``None``
    when no such pair exists (then each is resolved on its own)."""
    places = candidates(place, gazetteer)
    holders = [
        c
        for c in candidates(container, gazetteer)
        if is_container(c) and any(inside(p, c) for p in places)
    ]
    if not holders:
        return None
    holder = max(holders, key=lambda c: score(c, container, countries, regions))
    within = [p for p in places if inside(p, holder)]
    best = max(within, key=lambda c: score(c, place, countries, regions))
    if _overshadowed(best, place, places):
        return None
    return best, holder


def _overshadowed(
    entry: GazetteerEntry, reading: Reading, options: Sequence[GazetteerEntry]
) -> bool:
    """Whether ``entry`` matches only through an alternate name while a place ten times
    its size bears the name itself: then "Washington, New York and Boston" is a list
    (the capital, the state, the city), not Watervliet, once called Washington, in the
    state of New York. A transliteration ("Halab, Syria") has no such rival."""
    name = reading.name.casefold()
    if entry.name.casefold() == name:
        return False
    return any(
        other.name.casefold() == name
        and other.feature_class == "P"
        and other.population >= PAIR_RIVAL_FACTOR * max(entry.population, 1)
        for other in options
    )


def document_regions(entries: Sequence[GazetteerEntry | None]) -> dict[Region, int]:
    """First-level regions the document names (a state, a province, or the state of a
    "City, State" pair), counted: their places are preferred over namesakes elsewhere."""
    regions: dict[Region, int] = {}
    for entry in entries:
        if entry is not None and entry.feature_code == "ADM1" and entry.country:
            key = (entry.country, entry.name)
            regions[key] = regions.get(key, 0) + 1
    return regions


def precision_of(entry: GazetteerEntry | None, reading: Reading) -> GeoPrecision | None:
    if entry is None:
        return None
    if entry.feature_class == "A":
        return 3
    return 2 if reading.near else 1


def geoparse(
    doc: Doc,
    places: Sequence[Found],
    gazetteer: GazetteerLike,
    *,
    demonyms: Mapping[str, str],
    actor_countries: Sequence[str] = (),
) -> list[Resolution]:
    """Resolve the place mentions of one document.

    Three steps: "City, State" pairs first (:func:`resolve_pair`); then every other
    mention, with the document's countries as context; then, once the first-level
    regions the document names are known (:func:`document_regions`), every mention again
    with those regions as context too. One name gets one reading per document; a pair
    fixes the reading of its names for their other mentions."""
    readings = [
        whole_name(read_mention(doc, found, demonyms), doc[found.start : found.end].text, gazetteer)
        for found in places
    ]
    countries = dict(
        context_countries(
            doc, readings, gazetteer, demonyms=demonyms, actor_countries=actor_countries
        )
    )
    fixed: dict[int, GazetteerEntry | None] = {}
    for i in paired(doc, places):
        pair = resolve_pair(readings[i], readings[i + 1], gazetteer, countries)
        if pair is not None:
            fixed.setdefault(i, pair[0])
            fixed.setdefault(i + 1, pair[1])
    looked_up: dict[tuple[str, Descriptor | None], list[GazetteerEntry]] = {}  # both passes
    entries = _resolve_all(
        readings, gazetteer, countries, fixed=fixed, regions=None, looked_up=looked_up
    )
    regions = document_regions(entries)
    anchors = anchors_of(readings, entries)
    if regions or len(anchors) > 1:
        for country, _ in regions:
            countries[country] = countries.get(country, 0) + 1
        entries = _resolve_all(
            readings,
            gazetteer,
            countries,
            fixed=fixed,
            regions=regions,
            anchors=anchors,
            looked_up=looked_up,
        )
    return [
        Resolution(found, reading, entry, precision_of(entry, reading))
        for found, reading, entry in zip(places, readings, entries, strict=True)
    ]


def _resolve_all(
    readings: Sequence[Reading],
    gazetteer: GazetteerLike,
    countries: Mapping[str, int],
    *,
    fixed: Mapping[int, GazetteerEntry | None],
    regions: Mapping[Region, int] | None,
    anchors: Sequence[Anchor] = (),
    looked_up: dict[tuple[str, Descriptor | None], list[GazetteerEntry]] | None = None,
) -> list[GazetteerEntry | None]:
    looked_up = {} if looked_up is None else looked_up
    chosen: dict[tuple[str, Descriptor | None], GazetteerEntry | None] = {}
    for i, entry in fixed.items():
        chosen.setdefault(_name_of(readings[i]), entry)
    entries = []
    for i, reading in enumerate(readings):
        key = _name_of(reading)
        if i in fixed:
            entries.append(fixed[i])
            continue
        if key not in chosen:  # one reading per name and kind in a document
            if key not in looked_up:
                looked_up[key] = candidates(reading, gazetteer)
            chosen[key] = resolve(
                reading,
                gazetteer,
                countries,
                regions=regions,
                options=looked_up[key],
                anchors=anchors,
            )
        entries.append(chosen[key])
    return entries


def _name_of(reading: Reading) -> tuple[str, Descriptor | None]:
    return (reading.name.casefold(), reading.descriptor)
