"""The typed records every eventwire module exchanges, defined once.

Identity rules (stable, so later stages can refer to records by id):
- a document's id is derived from the hash of its normalised title and body, so
  re-ingesting the same report yields the same id;
- an entity's id is ``"<kind>:<slug>"`` (``actor:irgc``, ``person:hossein-hamedani``);
  dictionary actors use their dictionary key as slug;
- a mention's id is derived from its document, character span and entity kind.

Every extracted fact carries :class:`Evidence`: document id plus character offsets into
``Document.text`` and the text found there, so ``text == document.text[start:end]``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

EntityKind = Literal["actor", "person", "place", "group"]
ENTITY_KINDS: tuple[EntityKind, ...] = ("actor", "person", "place", "group")

DocumentStatus = Literal["pending", "extracted", "not_extracted"]

# ACLED geo-precision: 1 the exact place; 2 near it, or a part of a region; 3 only the
# province or the country.
GeoPrecision = Literal[1, 2, 3]


@dataclass(frozen=True, slots=True)
class Evidence:
    """A span of a document's text that supports an extracted field."""

    doc: str
    start: int
    end: int
    text: str

    def as_dict(self) -> dict[str, object]:
        return {"doc": self.doc, "start": self.start, "end": self.end, "text": self.text}


@dataclass(frozen=True, slots=True)
class RawReport:
    """One report as a reader found it, before normalisation.

    ``origin`` names where it came from precisely enough for an error message
    (``feeds/a.jsonl:12``). ``caption`` is a line a reader identified as a photo
    caption (kept out of the body).
    """

    origin: str
    text: str
    title: str | None = None
    url: str | None = None
    published: date | None = None
    source: str | None = None
    author: str | None = None
    external_id: str | None = None
    photo_credit: str | None = None


@dataclass(frozen=True, slots=True)
class ReadFailure:
    """A file, line or row that could not be read, with a one-line reason."""

    origin: str
    code: str
    reason: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.reason} [{self.code}]"


@dataclass(frozen=True, slots=True)
class Document:
    """A normalised report. ``text`` is the title, a blank line, then the body
    (just the body when there is no title); ``body_start`` is where the body starts.
    All evidence offsets point into ``text``."""

    id: str
    text: str
    body_start: int
    title: str | None = None
    url: str | None = None
    published: date | None = None
    source: str | None = None
    author: str | None = None
    external_id: str | None = None
    photo_credit: str | None = None
    origin: str | None = None
    language: str | None = None
    duplicate_of: str | None = None
    status: DocumentStatus = "pending"
    status_reason: str | None = None

    @property
    def body(self) -> str:
        return self.text[self.body_start :]


@dataclass(frozen=True, slots=True)
class Actor:
    """An armed force, group, government, outlet or other organisation."""

    id: str
    name: str
    aliases: tuple[str, ...] = ()
    country: str | None = None  # ISO 3166 alpha-3
    kind: str | None = None


@dataclass(frozen=True, slots=True)
class Person:
    id: str
    name: str
    rank: str | None = None
    role: str | None = None
    affiliation: str | None = None  # an actor id


@dataclass(frozen=True, slots=True)
class GazetteerEntry:
    """One GeoNames record: a populated place, an administrative region or a country.

    ``feature_class``/``feature_code`` are GeoNames' ("P"/"PPLA", "A"/"ADM1", "A"/"PCLI");
    ``country`` is ISO 3166 alpha-3; ``admin1``/``admin2`` are region names. Coordinates of
    regions that GeoNames' packaged data gives without them are derived (see
    eventwire/gazetteer) and ``derived`` says so."""

    geonames_id: int
    name: str
    feature_class: str
    feature_code: str
    country: str | None
    lat: float
    lon: float
    population: int = 0
    admin1: str | None = None
    admin2: str | None = None
    derived: bool = False


@dataclass(frozen=True, slots=True)
class Place:
    """A place named in the reports. ``geo`` is the gazetteer entry it was resolved to,
    ``None`` when no entry fits (unknown stays unknown)."""

    id: str
    name: str
    geo: GazetteerEntry | None = None


@dataclass(frozen=True, slots=True)
class Group:
    """An ethnic, religious or national group of people (not an organisation)."""

    id: str
    name: str
    kind: str | None = None


Entity = Actor | Person | Place | Group


@dataclass(frozen=True, slots=True)
class Mention:
    """One occurrence of an entity in a document.

    ``precision`` (places only) is the ACLED-style geo-precision of this mention: "near
    Aleppo" is 2 where "in Aleppo" is 1. ``role`` says how the surface form was used when
    that matters: ``"metonym"`` for
    a capital or country standing for its government, ``"rank"``/``"role"`` for the
    words that gave a person's rank or role, ``"affiliation"`` for the actor mention
    a person's affiliation was taken from.
    """

    entity_id: str
    kind: EntityKind
    evidence: Evidence
    role: str | None = None
    precision: GeoPrecision | None = None  # places only: how exactly this mention locates

    @property
    def id(self) -> str:
        ev = self.evidence
        return f"m:{ev.doc}:{ev.start}:{ev.end}:{self.kind}:{self.role or ''}"


@dataclass(frozen=True, slots=True)
class Extraction:
    """Everything the entity stage found in one document."""

    doc_id: str
    actors: tuple[Actor, ...] = ()
    people: tuple[Person, ...] = ()
    places: tuple[Place, ...] = ()
    groups: tuple[Group, ...] = ()
    mentions: tuple[Mention, ...] = field(default=())
    times: tuple[TimeRef, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    casualties: tuple[Casualty, ...] = ()

    def entities(self) -> tuple[Entity, ...]:
        return (*self.actors, *self.people, *self.places, *self.groups)


@dataclass(frozen=True, slots=True)
class Listing:
    """An entity as the store lists it: the record, the spans naming it, and the spans
    that support its other fields (``{"rank": (...), "affiliation": (...)}``).
    ``aliases`` are the surface forms seen in the documents; ``affiliation_name`` is the
    name of the actor a person's ``affiliation`` id points to."""

    entity: Entity
    evidence: tuple[Evidence, ...] = ()
    field_evidence: tuple[tuple[str, tuple[Evidence, ...]], ...] = ()
    aliases: tuple[str, ...] = ()
    affiliation_name: str | None = None
    documents: int = 0
    precision: tuple[GeoPrecision | None, ...] = ()  # places: per evidence item, same order


@dataclass(frozen=True, slots=True)
class SearchHit:
    doc_id: str
    title: str | None
    snippet: str
    score: float


@dataclass(frozen=True, slots=True)
class IngestReport:
    """What an ingest did: new documents, ones already stored, near-duplicates linked to
    their original, documents kept but not extracted (with why), inputs that failed."""

    added: tuple[str, ...] = ()
    known: tuple[str, ...] = ()
    duplicates: tuple[tuple[str, str], ...] = ()
    not_extracted: tuple[tuple[str, str], ...] = ()
    failures: tuple[ReadFailure, ...] = ()

    @property
    def documents(self) -> tuple[str, ...]:
        """Every stored document the inputs named, new or known, in input order."""
        return self.added + self.known


@dataclass(frozen=True, slots=True)
class ExtractReport:
    extracted: tuple[str, ...] = ()
    mentions: int = 0


# ---- time and numbers ------------------------------------------------------------------

TimeType = Literal["DATE", "TIME", "DURATION", "SET"]
Precision = Literal[
    "minute",
    "hour",
    "day",
    "week",
    "month",
    "quarter",
    "season",
    "year",
    "decade",
    "century",
    "vague",
]
TimeAnchor = Literal["absolute", "publication", "previous"]


@dataclass(frozen=True, slots=True)
class TimeRef:
    """A time expression and what it means.

    ``value`` follows TIMEX3 ("2015-10", "2015-W44", "P6W", "XXXX-WXX-5", "PAST_REF");
    ``start``/``end`` are the inclusive interval of days it covers, ``None`` when it cannot
    be resolved (a relative expression in a document without a publication date is kept
    as text, never anchored to today). ``anchor`` says what it was resolved against.
    Durations and sets have a ``value`` but no interval.
    """

    evidence: Evidence
    type: TimeType
    value: str | None = None
    start: date | None = None
    end: date | None = None
    precision: Precision | None = None
    anchor: TimeAnchor | None = None

    @property
    def id(self) -> str:
        ev = self.evidence
        return f"t:{ev.doc}:{ev.start}:{ev.end}"

    @property
    def resolved(self) -> bool:
        return self.start is not None


Qualifier = Literal["exact", "approximate", "at_least", "at_most", "range", "vague"]
QuantityKind = Literal["count", "money", "duration"]


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number as written, as a ``low``/``best``/``high`` triple and a qualifier.

    "some 30" is (None, 30, None, approximate)... see eventwire/numbers.py for the table of
    vague words. ``unit`` is an ISO 4217 code for money ("USD") or a TIMEX3 unit letter
    for durations ("W" for weeks); ``None`` for plain counts."""

    evidence: Evidence
    best: float | None
    low: float | None = None
    high: float | None = None
    qualifier: Qualifier = "exact"
    kind: QuantityKind = "count"
    unit: str | None = None

    @property
    def id(self) -> str:
        ev = self.evidence
        return f"q:{ev.doc}:{ev.start}:{ev.end}"


Outcome = Literal["killed", "wounded", "captured", "missing"]


@dataclass(frozen=True, slots=True)
class Casualty:
    """A count of people who were killed, wounded, captured or went missing.

    ``who`` is the phrase naming the people counted ("IRGC fighters"), ``place_id`` a place
    entity, ``period`` the time the count covers. ``part_of`` is the id of another count
    in the same document that this one is a subset of ("four senior officers … last month"
    within "some 30 … over the past several weeks"), so totals never count it twice."""

    id: str
    doc: str
    outcome: Outcome
    count: Quantity
    evidence: Evidence
    who: str | None = None
    who_evidence: Evidence | None = None
    actor_id: str | None = None
    period: TimeRef | None = None
    place_id: str | None = None
    place_evidence: Evidence | None = None
    part_of: str | None = None
