"""The event ontology: the kinds of event eventwire records, as data.

The types live in ``eventwire/data/event_types.yaml`` (its header documents every
field); users add types, or add triggers, patterns and roles to existing ones, with their
own YAML files (:func:`load_event_types`). Every file is validated on load and a
malformed one raises :class:`~eventwire.errors.LexiconError` naming the file, the entry
and what to change.

Each :class:`EventType` maps to:

- a **PLOVER** category (always; the 16 of the PLOVER manual draft 0.8, 2021, listed in
  :data:`PLOVER_CATEGORIES` with their modes), optionally a PLOVER mode;
- a **CAMEO** root code where one exists (it must be one the 2021 CAMEO-to-PLOVER table
  sends to that category), else ``None``;
- an **ACLED** (event type, sub-event type) pair from the closed list
  :data:`ACLED_EVENT_TYPES`, or ``None`` for events ACLED does not code (funerals,
  courts-martial, investigations, aid, a death whose cause the text does not give).

Matching contract for the matcher built on this data:

- **Triggers** are lemmas by part of speech (``verb``/``noun``/``adj`` = spaCy's
  ``VERB``/``NOUN``/``ADJ``); :meth:`EventOntology.types_for_lemma` looks them up. A
  multi-word trigger matches a run of tokens whose lemmas (or lower-case texts) are its
  words; hyphens count as spaces. A lemma signals one type per part of speech unless
  every type listing it marks it ``shared``: then the matcher chooses from context
  (whether the target is armed or civilian, whether the actor is the state).
- **Patterns** (:class:`Pattern`) add dependency constraints to a head lemma: children
  with a given label and lemma (conjuncts count), or a preposition and its object
  (:meth:`EventOntology.patterns_for_lemma`). A type reached through a pattern outranks
  one reached through a bare trigger on the same token.
- ``fatal`` says whether a bare count attached to the event is a number of dead;
  ``roles`` says which arguments to look for (:data:`ROLES`).
"""

from eventwire.events.model import (
    ACLED_EVENT_TYPES,
    ACLED_PAIRS,
    DEPENDENCIES,
    PLOVER_CATEGORIES,
    ROLES,
    TRIGGER_POS,
    WILDCARD,
    DepConstraint,
    EventOntology,
    EventType,
    Pattern,
    PloverCategory,
    Trigger,
    normalise_lemma,
)
from eventwire.events.ontology import load_event_types

__all__ = [
    "ACLED_EVENT_TYPES",
    "ACLED_PAIRS",
    "DEPENDENCIES",
    "PLOVER_CATEGORIES",
    "ROLES",
    "TRIGGER_POS",
    "WILDCARD",
    "DepConstraint",
    "EventOntology",
    "EventType",
    "Pattern",
    "PloverCategory",
    "Trigger",
    "load_event_types",
    "normalise_lemma",
]
