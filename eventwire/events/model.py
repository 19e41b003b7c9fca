"""The event ontology's closed vocabularies and records (see the package docstring)."""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property, lru_cache

from eventwire.errors import LexiconError

# --------------------------------------------------------------------------- PLOVER


@dataclass(frozen=True)
class PloverCategory:
    """One PLOVER event category: the CAMEO root codes it takes events from, its
    ``mode`` values (how the event was carried out; empty when PLOVER defines none) and
    its quad category."""

    name: str
    cameo_roots: tuple[str, ...]
    modes: tuple[str, ...]
    quad: str


def _plover(name: str, roots: str, modes: str, quad: str) -> PloverCategory:
    return PloverCategory(name, tuple(roots.split()), tuple(modes.split()), quad)


PLOVER_CATEGORIES: Mapping[str, PloverCategory] = {
    category.name: category
    for category in (
        _plover("AGREE", "03", "", "verbal cooperation"),
        _plover("CONSULT", "04", "visit third-party multilateral phone", "verbal cooperation"),
        _plover("SUPPORT", "05", "", "verbal cooperation"),
        _plover("CONCEDE", "08", "", "verbal cooperation"),
        _plover("COOPERATE", "06", "", "material cooperation"),
        _plover("AID", "07", "", "material cooperation"),
        _plover(
            "RETREAT",
            "08",
            "withdraw release return disarm ceasefire access resign",
            "material cooperation",
        ),
        _plover("DEMAND", "10", "assist change yield meet", "verbal conflict"),
        _plover("ACCUSE", "09 11", "disapprove investigate allege", "verbal conflict"),
        _plover("REJECT", "12", "assist change yield meet", "verbal conflict"),
        _plover(
            "THREATEN",
            "13",
            "restrict ban arrest relations expel territory violence",
            "verbal conflict",
        ),
        _plover(
            "PROTEST",
            "14",
            "demo riot general strike hunger boycott obstruct",
            "material conflict",
        ),
        _plover("SANCTION", "16", "convict expel withdraw discontinue", "material conflict"),
        _plover("MOBILIZE", "15", "troops weapons police militia", "material conflict"),
        _plover(
            "COERCE",
            "17 19",
            "confiscate restrict ban censor curfew martial-law arrest deport withhold",
            "material conflict",
        ),
        _plover(
            "ASSAULT",
            "17 18 19 20",
            "abduct beat torture execute sexual assassinate destroy primitive firearms "
            "explosives suicide-attack heavy-weapons cleansing massacre unconventional sideAB",
            "material conflict",
        ),
    )
}
"""The 16 PLOVER event categories of the PLOVER manual (draft 0.8, Open Event Data
Alliance, 2021; the set used by the POLECAT data set), with the CAMEO root codes that
the OEDA's CAMEO-to-PLOVER table (2021) sends to each: CAMEO 01 and 02 are dropped, 08
splits into CONCEDE and RETREAT, 09 (investigate) and 11 (disapprove) became ACCUSE,
19 (fight) and 20 (mass violence) went to ASSAULT except blockade and occupation (191,
192: COERCE), and violent repression and destruction of property (175, 1712) left 17
for ASSAULT."""

# --------------------------------------------------------------------------- ACLED

ACLED_EVENT_TYPES: Mapping[str, tuple[str, ...]] = {
    "Battles": (
        "Armed clash",
        "Government regains territory",
        "Non-state actor overtakes territory",
    ),
    "Explosions/Remote violence": (
        "Chemical weapon",
        "Air/drone strike",
        "Suicide bomb",
        "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED",
        "Grenade",
    ),
    "Violence against civilians": (
        "Sexual violence",
        "Attack",
        "Abduction/forced disappearance",
    ),
    "Protests": (
        "Peaceful protest",
        "Protest with intervention",
        "Excessive force against protesters",
    ),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Strategic developments": (
        "Agreement",
        "Arrests",
        "Change to group/activity",
        "Disrupted weapons use",
        "Headquarters or base established",
        "Looting/property destruction",
        "Non-violent transfer of territory",
        "Other",
    ),
}
"""ACLED's 6 event types and 25 sub-event types (ACLED codebook, 2023 and later
editions), spelt as in ACLED's ``event_type`` and ``sub_event_type`` columns."""

ACLED_PAIRS: tuple[tuple[str, str], ...] = tuple(
    (event_type, sub) for event_type, subs in ACLED_EVENT_TYPES.items() for sub in subs
)

# --------------------------------------------------------------------------- roles, POS, deps

ROLES: Mapping[str, str] = {
    "actor": "who carries the event out (the agent; both sides of a clash)",
    "target": "who or what the event is done to or about (victims, the dead at a "
    "funeral, the people recruited or investigated)",
    "recipient": "who receives what is given or sent (aid, advisers)",
    "place": "where it happened",
    "time": "when it happened",
    "fatalities": "how many were killed",
    "injured": "how many were wounded",
    "size": "how many people took part or were affected other than the dead and "
    "wounded (crowd, people arrested or abducted, troops deployed)",
    "instrument": "the weapon, means or thing given (artillery, an IED, weapons, training)",
    "amount": "a sum of money (pay offered, aid pledged)",
}
"""The closed list of argument roles an event type may take."""

TRIGGER_POS: Mapping[str, str] = {"verb": "VERB", "noun": "NOUN", "adj": "ADJ"}
"""Parts of speech a trigger may be listed under, and the spaCy (Universal
Dependencies) coarse tag each stands for."""

DEPENDENCIES: Mapping[str, str] = {
    "nsubj": "subject of an active verb",
    "nsubjpass": "subject of a passive verb",
    "dobj": "direct object",
    "agent": "passive 'by' phrase: the lemma is the agent noun, not 'by'",
    "xcomp": "open clausal complement ('refused to fight': fight)",
    "advcl": "adverbial clause ('retired to avoid deployment': avoid)",
    "advmod": "adverb ('sexually', 'forcibly')",
    "amod": "adjective modifying a noun ('military', 'chemical')",
    "compound": "noun modifying a noun ('drone' in 'drone strike')",
    "prt": "verb particle ('down' in 'shoot down', 'up' in 'set up')",
    "attr": "predicate noun of a copula",
}
"""Dependency labels (spaCy's English ClearNLP scheme) a pattern may constrain."""

WILDCARD = "*"

# How much a type says about the means of violence: a weapon word names the event's
# type over a generic head ("a grenade blast" is a grenade attack).
SPECIFICITY: Mapping[str, int] = {
    "killing": 0,
    "injury": 0,
    "armed-clash": 1,
    "attack-on-civilians": 1,
    "remote-explosive": 2,
    "air-drone-strike": 2,
    "shelling-artillery-missile": 2,
    "grenade": 3,
    "suicide-bomb": 3,
    "chemical-weapon": 3,
}


@lru_cache(maxsize=1 << 16)
def normalise_lemma(text: str) -> str:
    """The form lemmas are stored and looked up in: NFKC, lower case, hyphens and runs
    of white space as one space ("Court-martial" -> "court martial")."""
    text = unicodedata.normalize("NFKC", text).casefold()
    for dash in "-\u2010\u2011\u2012\u2013\u2014":
        text = text.replace(dash, " ")
    return " ".join(text.split())


def normalise_pos(pos: str) -> str | None:
    """The YAML part-of-speech name for ``pos`` ("VERB" or "verb" -> "verb"), or
    ``None`` for a tag that never carries a trigger (AUX, PROPN, ...)."""
    lowered = pos.strip().lower()
    return lowered if lowered in TRIGGER_POS else None


# --------------------------------------------------------------------------- records


@dataclass(frozen=True)
class Trigger:
    """A lemma that, under the given part of speech, signals an event type.

    ``lemma`` may have several words ("air strike", "court martial"): the matcher then
    looks for that run of token lemmas, hyphens counting as spaces. ``shared`` allows
    the same lemma under the same part of speech in other types that also mark it
    shared; the matcher then chooses among them from the context (actors, targets).
    """

    lemma: str
    pos: str  # a key of TRIGGER_POS
    shared: bool = False


@dataclass(frozen=True)
class DepConstraint:
    """The pattern's head must have a child with dependency ``dep`` whose lemma is one of
    ``lemmas`` (:data:`WILDCARD` for any). With ``via`` set, ``dep`` is ``pobj``: the
    head has a ``prep`` child with lemma ``via`` whose object is one of ``lemmas``.
    Conjuncts of a matching child count ("weapons, training and funds")."""

    dep: str
    lemmas: tuple[str, ...]
    via: str | None = None

    def accepts(self, lemma: str) -> bool:
        return WILDCARD in self.lemmas or normalise_lemma(lemma) in self.lemmas


@dataclass(frozen=True)
class Pattern:
    """A head lemma (one of ``lemmas``, under ``pos``) plus dependency constraints that
    must all hold. A type reached through a pattern outranks one reached through a bare
    trigger on the same token."""

    lemmas: tuple[str, ...]
    pos: str
    constraints: tuple[DepConstraint, ...]
    shared: bool = False

    @property
    def signature(self) -> tuple[object, ...]:
        """What makes two patterns the same, ignoring order and ``shared``."""
        parts = sorted((c.dep, c.via or "", tuple(sorted(c.lemmas))) for c in self.constraints)
        return (self.pos, tuple(sorted(self.lemmas)), tuple(parts))


@dataclass(frozen=True)
class EventType:
    """One event type of the ontology (see ``eventwire/data/event_types.yaml``)."""

    key: str
    label: str
    description: str
    plover: str
    plover_mode: str | None
    cameo: str | None
    acled_event_type: str | None
    acled_sub_event_type: str | None
    triggers: tuple[Trigger, ...]
    patterns: tuple[Pattern, ...]
    roles: tuple[str, ...]
    fatal: bool
    note: str | None = None

    @property
    def acled(self) -> tuple[str, str] | None:
        """The ACLED (event type, sub-event type) pair, or ``None`` if ACLED does not code
        this kind of event."""
        if self.acled_event_type is None or self.acled_sub_event_type is None:
            return None
        return (self.acled_event_type, self.acled_sub_event_type)

    def lemmas(self, pos: str) -> tuple[str, ...]:
        """The trigger lemmas listed under ``pos`` ("verb", "noun", "adj" or the tag)."""
        wanted = normalise_pos(pos)
        return tuple(trigger.lemma for trigger in self.triggers if trigger.pos == wanted)


@dataclass(frozen=True)
class EventOntology:
    """Every event type, validated. Build it with :func:`load_event_types`."""

    types: tuple[EventType, ...]

    def by_key(self, key: str) -> EventType:
        """The type with this key; :class:`LexiconError` naming close keys if none."""
        found = self._by_key.get(key)
        if found is None:
            close = difflib.get_close_matches(key, list(self._by_key), n=3)
            hint = f"did you mean {', '.join(close)}? " if close else ""
            raise LexiconError(
                f"no event type with key {key!r}; {hint}keys are slugs such as 'armed-clash' "
                "(see eventwire/data/event_types.yaml), or add the type in a user file"
            )
        return found

    def types_for_lemma(self, lemma: str, pos: str) -> tuple[EventType, ...]:
        """The types a trigger ``lemma`` signals under ``pos`` (a YAML name or a spaCy
        coarse tag); empty when none does or ``pos`` never carries triggers."""
        wanted = normalise_pos(pos)
        if wanted is None:
            return ()
        return self._trigger_index.get((wanted, normalise_lemma(lemma)), ())

    def patterns_for_lemma(self, lemma: str, pos: str) -> tuple[tuple[EventType, Pattern], ...]:
        """The (type, pattern) pairs whose head may be ``lemma`` under ``pos``."""
        wanted = normalise_pos(pos)
        if wanted is None:
            return ()
        return self._pattern_index.get((wanted, normalise_lemma(lemma)), ())

    def acled_pairs(self) -> dict[tuple[str, str], tuple[EventType, ...]]:
        """Every ACLED (event type, sub-event type) pair, in codebook order, with the
        types that map to it (an empty tuple for a pair nothing maps to)."""
        covered: dict[tuple[str, str], tuple[EventType, ...]] = {pair: () for pair in ACLED_PAIRS}
        for event_type in self.types:
            pair = event_type.acled
            if pair is not None:
                covered[pair] = (*covered[pair], event_type)
        return covered

    @cached_property
    def single_word_lemmas(self) -> frozenset[str]:
        """Every lemma a one-word trigger or a pattern's head is listed under: a word none
        of whose forms is here signals nothing by itself."""
        return frozenset(lemma for _, lemma in (*self._trigger_index, *self._pattern_index))

    @cached_property
    def max_trigger_words(self) -> int:
        """The most words any trigger lemma has: how far a matcher must look ahead."""
        return max((len(t.lemma.split()) for e in self.types for t in e.triggers), default=1)

    @cached_property
    def multiword_first_words(self) -> frozenset[str]:
        """First words of the multi-word triggers: a matcher tries a run only there."""
        return frozenset(
            t.lemma.split()[0] for e in self.types for t in e.triggers if " " in t.lemma
        )

    @cached_property
    def _by_key(self) -> dict[str, EventType]:
        return {event_type.key: event_type for event_type in self.types}

    @cached_property
    def _trigger_index(self) -> dict[tuple[str, str], tuple[EventType, ...]]:
        index: dict[tuple[str, str], tuple[EventType, ...]] = {}
        for event_type in self.types:
            for trigger in event_type.triggers:
                slot = (trigger.pos, trigger.lemma)
                index[slot] = (*index.get(slot, ()), event_type)
        return index

    @cached_property
    def _pattern_index(self) -> dict[tuple[str, str], tuple[tuple[EventType, Pattern], ...]]:
        index: dict[tuple[str, str], tuple[tuple[EventType, Pattern], ...]] = {}
        for event_type in self.types:
            for pattern in event_type.patterns:
                for lemma in pattern.lemmas:
                    slot = (pattern.pos, lemma)
                    index[slot] = (*index.get(slot, ()), (event_type, pattern))
        return index
