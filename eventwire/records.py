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

# Mention roles whose words name the entity itself: a plain mention, a capital standing
# for its government, a dateline's place. The others ("rank", "role", "affiliation")
# are words that gave one of a person's fields.
NAMING_ROLES: frozenset[str | None] = frozenset({None, "metonym", "dateline"})


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
    a person's affiliation was taken from, ``"dateline"`` for the place a report was
    filed from ("EDMONTON, Ky. —"), which is not taken as its events' place.
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
    events: tuple[Event, ...] = ()
    claims: tuple[Claim, ...] = ()
    named_casualties: tuple[NamedCasualty, ...] = ()

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


# ---- events, claims and named casualties -----------------------------------------------

SourceKind = Literal[
    "article",  # the report itself, no one else named
    "outlet",  # another news outlet relaying it ("Asharq al-Awsat claims")
    "state_media",  # "state media", "state television", an official news agency
    "official",  # a named official, spokesman, ministry, army, government
    "anonymous",  # "a source close to the Guards", "an official who asked not to be named"
    "witness",  # witnesses, residents, relatives, survivors
    "ngo",  # activists, monitors, rights groups, the UN
    "person",  # a named person with no official role given
    "reports",  # unspecified: "according to reports", "reportedly"
]
SOURCE_KINDS: tuple[SourceKind, ...] = (
    "article",
    "outlet",
    "state_media",
    "official",
    "anonymous",
    "witness",
    "ngo",
    "person",
    "reports",
)

Certainty = Literal[
    "asserted",  # the report states it as fact
    "reported",  # attributed ("said", "reportedly", "according to")
    "claimed",  # "claims", "insisted": the source's word against others'
    "alleged",  # "allegedly", "accused of"
    "confirmed",  # "confirmed", "acknowledged"
    "denied",  # the claim of a denier ("Iran denied ...")
]
CERTAINTIES: tuple[Certainty, ...] = (
    "asserted",
    "reported",
    "claimed",
    "alleged",
    "confirmed",
    "denied",
)


@dataclass(frozen=True, slots=True)
class Source:
    """Who a claim comes from: a name as the text gives it ("a source close to the
    Guards"), its kind, the span naming it (``None`` for the article itself) and the
    entity it names where one is known (``actor:asharq-al-awsat``)."""

    name: str
    kind: SourceKind
    evidence: Evidence | None = None
    entity_id: str | None = None


ARTICLE_SOURCE = Source(name="the article", kind="article")


@dataclass(frozen=True, slots=True)
class Claim:
    """Someone's word on an event: the chain of sources, outermost first (the outlet
    that relays it, then the source it quotes), how sure the wording is, and the cue
    words that say so ("claims", "reportedly"). A denial is a claim with certainty
    ``denied`` whose ``denies`` is the id of the claim it contradicts."""

    id: str
    doc: str
    event_id: str
    sources: tuple[Source, ...]
    certainty: Certainty
    evidence: Evidence
    cues: tuple[Evidence, ...] = ()
    denies: str | None = None


ArgumentRole = Literal[
    "actor",
    "target",
    "recipient",
    "instrument",
    "amount",
    "duration",
    "size",
    "circumstance",
    "charge",
]


@dataclass(frozen=True, slots=True)
class Argument:
    """One argument of an event: the span filling the role, and the entity it names
    where one is known (an actor, person or group id). ``quantity`` is set for amounts,
    durations and sizes."""

    role: ArgumentRole
    evidence: Evidence
    entity_id: str | None = None
    quantity: Quantity | None = None

    @property
    def text(self) -> str:
        return self.evidence.text


@dataclass(frozen=True, slots=True)
class EventPlace:
    """Where an event happened: the place entity, the span naming it and the ACLED
    geo-precision for this event. ``inherited`` when the sentence names no place and it
    was taken from the text just before (precision then at least 2)."""

    place_id: str
    evidence: Evidence
    precision: GeoPrecision
    inherited: bool = False


@dataclass(frozen=True, slots=True)
class Event:
    """Who did what to whom, where and when, typed in the event ontology
    (eventwire/data/event_types.yaml), with its evidence: the trigger words, the
    sentence(s) and the span of every argument. ``certainty`` and ``sources`` are those
    of the claim the report makes (outermost source first; empty when the article
    itself asserts it); ``denied_by`` are the sources of denials."""

    id: str
    doc: str
    type: str
    trigger: Evidence
    evidence: Evidence
    certainty: Certainty
    arguments: tuple[Argument, ...] = ()
    place: EventPlace | None = None
    time: TimeRef | None = None
    fatalities: Quantity | None = None
    injured: Quantity | None = None
    sources: tuple[Source, ...] = ()
    denied_by: tuple[Source, ...] = ()
    mentions: tuple[Evidence, ...] = ()  # further triggers of the same event

    def role(self, role: ArgumentRole) -> tuple[Argument, ...]:
        return tuple(a for a in self.arguments if a.role == role)


@dataclass(frozen=True, slots=True)
class NamedCasualty:
    """A named person killed, wounded, captured or missing, linked to the event that
    reports it; rank and affiliation are the person's as the text gives them."""

    id: str
    doc: str
    person_id: str
    outcome: Outcome
    evidence: Evidence
    event_id: str | None = None
    place: EventPlace | None = None
    time: TimeRef | None = None
    circumstance: Evidence | None = None
    certainty: Certainty = "asserted"
    sources: tuple[Source, ...] = ()
    claim_id: str | None = None  # the claim that reports this casualty (the event's main one)


# ---- across reports --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ReportedValue:
    """One value of a field as some reports give it, and who gives it (document ids,
    with the source chain where there is one: "d1f… via Asharq al-Awsat")."""

    value: str | float | None
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Disagreement:
    """A field the reports of one event do not agree on, every value kept."""

    field: str
    values: tuple[ReportedValue, ...]


@dataclass(frozen=True, slots=True)
class MergedEvent:
    """One real event as several reports tell it: its member events (one per report),
    the figures across them, the disagreements, and why each member was merged.

    ``reports`` are document ids (the input's external id where it has one);
    ``independent_sources`` counts origins, where a syndicated copy and reports that
    relay the same outlet count once. Fatalities follow eventwire.merge.ledger.RULE."""

    id: str
    type: str
    events: tuple[Event, ...]
    reports: tuple[str, ...]
    independent_sources: int
    origins: tuple[str, ...]
    place: EventPlace | None
    start: date | None
    end: date | None
    fatalities_low: float | None
    fatalities_best: float | None
    fatalities_high: float | None
    fatalities_rule: str
    certainty: Certainty
    disagreements: tuple[Disagreement, ...]
    merge_reasons: tuple[tuple[str, float | None, tuple[str, ...]], ...]  # (event, score, why)
    # The interval used to place it in time when no report dates it: the week before the
    # first report (so the ledger can tell it lies inside a longer count).
    window_start: date | None = None
    window_end: date | None = None


@dataclass(frozen=True, slots=True)
class LedgerRow:
    """Casualty totals for one group (an actor, a country or a month)."""

    group: str
    low: float
    best: float
    high: float
    events: tuple[str, ...]  # merged event ids counted
    folded: tuple[str, ...]  # merged events counted inside an aggregate, not again
    rule: str


@dataclass(frozen=True, slots=True)
class PersonFile:
    """Everything known about one person across reports: the canonical record, the
    records merged into it (with why), every name seen, the documents, the evidence,
    the named-casualty records and the events the person takes part in."""

    person: Person
    records: tuple[Person, ...]
    aliases: tuple[str, ...]
    documents: tuple[str, ...]
    evidence: tuple[Evidence, ...]
    casualties: tuple[NamedCasualty, ...]
    events: tuple[Event, ...]
    link_reasons: tuple[tuple[str, tuple[str, ...]], ...]
    affiliation_name: str | None = None
    # For each casualty record kept (one per real event), every report recording it.
    casualty_reports: tuple[tuple[str, tuple[str, ...]], ...] = ()
