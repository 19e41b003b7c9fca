"""The curated dictionaries (actors, groups, ranks and roles, metonyms), loaded and
validated in one place.

The data ships as YAML in ``eventwire/data/``; users extend the actor dictionary with
their own YAML or CSV files (:func:`load_lexicon`). Every file is validated on load and
a malformed one raises :class:`~eventwire.errors.LexiconError` naming the file, the entry
and what to change.

Matching rules the extraction code relies on:

- **Actor aliases** (including the canonical ``name``) are *strong*: one occurrence is
  enough. :meth:`Lexicon.actor_by_alias` resolves them. Acronym-shaped aliases (a single
  word with at least two capitals and no more lower-case letters than capitals: ``IS``,
  ``AP``, ``FAMa``, ``U.N.``) match case-sensitively; every other alias matches
  case-insensitively, ignoring diacritics, apostrophes and the difference between a
  hyphen and a space (``al-Qaeda`` = ``Al Qaeda``). A leading "the" is ignored.
- **Weak aliases** are ambiguous short forms (``Guards``, ``the regime``, ``rebels``).
  They count only when the same document also contains one of that actor's strong
  aliases or one of its ``context`` terms (:meth:`Lexicon.weak_alias_licensed`). Several
  actors may share a weak alias; :meth:`Lexicon.actors_by_weak_alias` returns them all
  and the caller chooses among the licensed ones.
- **Group forms, rank forms and metonym places** match case-sensitively (``Fur`` the
  people, not ``fur``; ``US`` the country, not ``us``).
- **Ranks** are exposed longest form first (``Brigadier General`` before ``General``,
  ``Brig. Gen.`` before ``Brig.``) so a matcher that tries them in order takes the
  longest; :attr:`Lexicon.rank_forms` is the flat list in that order. ``roles`` are
  ordered the same way (``top commander`` before ``commander``).
- A **metonym** is a capital, seat or country name that may stand for an actor when it
  is the agent of a verb ("Tehran has opened an investigation"). Whether a given
  occurrence is a metonym or a place is for the extraction code to decide.

The lexicon is not time-aware: an entry such as ``government-of-afghanistan`` stands for
whoever governs at the time of the report.
"""

from eventwire.lexicon.loader import load_lexicon
from eventwire.lexicon.model import (
    ACTOR_KINDS,
    GROUP_KINDS,
    RANK_SERVICES,
    ActorEntry,
    GroupEntry,
    Lexicon,
    MetonymEntry,
    RankEntry,
    is_acronym,
)

__all__ = [
    "ACTOR_KINDS",
    "GROUP_KINDS",
    "RANK_SERVICES",
    "ActorEntry",
    "GroupEntry",
    "Lexicon",
    "MetonymEntry",
    "RankEntry",
    "is_acronym",
    "load_lexicon",
]
