"""The lexicon's records, vocabularies and matching helpers (see the package docstring)."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property

from eventwire.errors import LexiconError

# --------------------------------------------------------------------------- vocabularies

ACTOR_KINDS: Mapping[str, str] = {
    "state military": "Regular armed forces of a state, their branches and units, and "
    "state paramilitaries such as the IRGC or the Basij.",
    "government": "A government, its executive, ministries (other than defence and "
    "interior forces) and de facto governing authorities.",
    "police": "Police, gendarmerie and internal-security or national-guard forces.",
    "intelligence service": "A state intelligence or security agency (Mossad, FSB, MIT).",
    "rebel group": "A non-state armed group fighting to take or break away from state "
    "power (Houthis, M23, Arakan Army).",
    "militant group": "A non-state armed group with a transnational or jihadist agenda "
    "rather than a bid for one state (Islamic State, al-Qaeda and their branches).",
    "militia": "A pro-government, communal, ethnic or local armed group (PMF, Fano, CODECO, VDP).",
    "political party": "A party or political movement acting as such.",
    "news outlet": "A newspaper, broadcaster or website publishing its own reporting.",
    "news agency": "A wire service selling reports to other outlets (Reuters, AFP).",
    "state media": "An outlet or agency owned or controlled by a state or its organs, "
    "including semi-official ones (SANA, IRNA, TASS, Tasnim).",
    "international organisation": "An intergovernmental body or one of its missions "
    "(UN, NATO, African Union, ATMIS).",
    "ngo": "A non-governmental organisation: humanitarian, human-rights or monitoring "
    "group (ICRC, Amnesty International, SOHR).",
    "private military company": "A commercial military contractor (Wagner Group).",
}
"""The closed vocabulary of actor kinds, each with what it covers."""

GROUP_KINDS: Mapping[str, str] = {
    "ethnic": "An ethnic, ethno-linguistic, tribal or clan group (Kurds, Fulani, Hazaras).",
    "religious": "A religion, confession or sect and its followers (Sunnis, Alawites).",
    "national": "The people of a state as a whole (Syrians, Palestinians).",
}
"""The closed vocabulary of group kinds."""

RANK_SERVICES: Mapping[str, str] = {
    "military": "A military rank (Colonel, Brig. Gen., Sardar).",
    "police": "A police rank (Inspector, Superintendent).",
    "civil": "Any other title placed before a name: political, royal, judicial, tribal "
    "or religious (President, Minister, King, Sheikh, Ayatollah).",
}
"""The closed vocabulary of rank services."""

DATA_PACKAGE = "eventwire"
DATA_DIR = "data"
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
ACTOR_FIELDS = ("key", "name", "aliases", "weak_aliases", "context", "country", "kind")
CSV_REQUIRED = ("key", "name", "aliases", "country", "kind")
CSV_OPTIONAL = ("weak_aliases", "context")
CSV_SEPARATOR = ";"
LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)
_APOSTROPHES = str.maketrans({c: "'" for c in "\u2019\u2018\u02bc\u02bb\u0060\u00b4\u2032"})
_DASHES = str.maketrans({c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2212"})


# --------------------------------------------------------------------------- records


@dataclass(frozen=True)
class ActorEntry:
    """An organisation the dictionary knows: armed force, government, outlet, NGO…

    ``aliases`` are every strong surface form, the canonical ``name`` first (a name with
    a parenthetical qualifier, such as "Dawn (Pakistan)", is for display and never occurs
    in text). ``weak_aliases`` count only when licensed by a strong alias or a
    ``context`` term in the same document. ``country`` is ISO 3166 alpha-3 or ``None``
    for international and transnational actors.
    """

    key: str
    name: str
    aliases: tuple[str, ...]
    weak_aliases: tuple[str, ...]
    context: tuple[str, ...]
    country: str | None
    kind: str


@dataclass(frozen=True)
class GroupEntry:
    """An ethnic, religious or national group; ``forms`` longest first, name included."""

    key: str
    name: str
    kind: str
    forms: tuple[str, ...]


@dataclass(frozen=True)
class RankEntry:
    """A rank or title written before a name; ``forms`` longest first."""

    name: str
    forms: tuple[str, ...]
    service: str  # one of RANK_SERVICES


@dataclass(frozen=True)
class MetonymEntry:
    """A capital, seat or country name (``place``) that may stand for an actor (key)."""

    place: str
    actor: str


@dataclass(frozen=True)
class Lexicon:
    """All dictionaries, validated. Build it with :func:`load_lexicon`."""

    actors: tuple[ActorEntry, ...]
    groups: tuple[GroupEntry, ...]
    ranks: tuple[RankEntry, ...]
    roles: tuple[str, ...]
    metonyms: tuple[MetonymEntry, ...]
    # Nationality adjective -> ISO 3166 alpha-3 ("Syrian" -> "SYR").
    demonyms: Mapping[str, str] = field(default_factory=dict)

    def actor(self, key: str) -> ActorEntry:
        """The actor with this key; :class:`LexiconError` if there is none."""
        entry = self._by_key.get(key)
        if entry is None:
            raise LexiconError(
                f"no actor with key {key!r} in the lexicon; check the spelling (keys are "
                "lower-case slugs such as 'irgc' or 'syrian-government') or add the actor "
                "in a user actor file"
            )
        return entry

    def actor_by_alias(self, surface: str) -> ActorEntry | None:
        """The actor whose name or strong alias is ``surface``, or ``None``.

        Weak aliases are not resolved here (see :meth:`actors_by_weak_alias`).
        """
        return _lookup(surface, self._strong_exact, self._strong_folded)

    def actors_by_weak_alias(self, surface: str) -> tuple[ActorEntry, ...]:
        """Every actor with ``surface`` as a weak alias, in dictionary order."""
        for candidate in _the_variants(surface):
            cleaned = clean(candidate)
            if is_acronym(cleaned) and cleaned in self._weak_exact:
                return self._weak_exact[cleaned]
            found = self._weak_folded.get(fold(cleaned))
            if found:
                return found
        return ()

    def weak_alias_licensed(self, entry: ActorEntry, text: str) -> bool:
        """Whether ``text`` (a whole document) licenses ``entry``'s weak aliases: it
        contains one of the entry's strong forms or one of its context terms."""
        normalised, words = _licensing_view(text)
        terms = (*entry.aliases, *entry.context)
        if not any(_term_words(term) <= words for term in terms):
            return False  # no term has all its words in the text: the regex cannot match
        return _license_pattern(entry.aliases, entry.context).search(normalised) is not None

    def group_by_form(self, surface: str) -> GroupEntry | None:
        """The group with this surface form (case-sensitive), or ``None``."""
        for candidate in _the_variants(surface):
            found = self._group_index.get(clean(candidate))
            if found is not None:
                return found
        return None

    def rank_by_form(self, surface: str) -> RankEntry | None:
        """The rank or title with this surface form (case-sensitive), or ``None``."""
        return self._rank_index.get(clean(surface))

    @cached_property
    def rank_forms(self) -> tuple[tuple[str, RankEntry], ...]:
        """Every (form, rank) pair, longest form first: try them in this order."""
        pairs = [(form, rank) for rank in self.ranks for form in rank.forms]
        return tuple(sorted(pairs, key=lambda pair: longest_first(pair[0])))

    def metonym(self, place: str) -> MetonymEntry | None:
        """The metonym entry for this place name (case-sensitive), or ``None``."""
        return self._metonym_index.get(clean(place))

    def actor_for_metonym(self, place: str) -> ActorEntry | None:
        """The actor a capital or country name may stand for, or ``None``."""
        entry = self.metonym(place)
        return None if entry is None else self.actor(entry.actor)

    # ----------------------------------------------------------------- indices (lazy)

    @cached_property
    def _by_key(self) -> dict[str, ActorEntry]:
        return {entry.key: entry for entry in self.actors}

    @cached_property
    def _strong_exact(self) -> dict[str, ActorEntry]:
        return {
            clean(form): entry
            for entry in self.actors
            for form in entry.aliases
            if is_acronym(clean(form))
        }

    @cached_property
    def _strong_folded(self) -> dict[str, ActorEntry]:
        return {
            fold(form): entry
            for entry in self.actors
            for form in entry.aliases
            if not is_acronym(clean(form))
        }

    @cached_property
    def _weak_exact(self) -> dict[str, tuple[ActorEntry, ...]]:
        return _multi_index(self.actors, acronyms=True)

    @cached_property
    def _weak_folded(self) -> dict[str, tuple[ActorEntry, ...]]:
        return _multi_index(self.actors, acronyms=False)

    @cached_property
    def _group_index(self) -> dict[str, GroupEntry]:
        return {clean(form): group for group in self.groups for form in group.forms}

    @cached_property
    def _rank_index(self) -> dict[str, RankEntry]:
        return {clean(form): rank for rank in self.ranks for form in rank.forms}

    @cached_property
    def _metonym_index(self) -> dict[str, MetonymEntry]:
        return {clean(entry.place): entry for entry in self.metonyms}


# --------------------------------------------------------------------------- normalisation


def clean(text: str) -> str:
    """Unicode-normalise, unify apostrophes and dashes, collapse white space."""
    text = unicodedata.normalize("NFKC", text).translate(_APOSTROPHES).translate(_DASHES)
    return " ".join(text.split())


def fold(text: str) -> str:
    """The case-insensitive lookup key: no diacritics, apostrophes or hyphens."""
    decomposed = unicodedata.normalize("NFKD", clean(text))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    bare = bare.replace("'", "").replace("-", " ")
    return " ".join(bare.split()).casefold()


def is_acronym(text: str) -> bool:
    """Whether an alias matches case-sensitively: a single word with at least two
    capitals and no more lower-case letters than capitals (IS, AP, FAMa, U.N., IS-K).
    Every other alias matches case-insensitively."""
    if not text or any(c.isspace() for c in text):
        return False
    upper = sum(c.isupper() for c in text)
    lower = sum(c.islower() for c in text)
    return upper >= 2 and upper >= lower


def _the_variants(surface: str) -> tuple[str, ...]:
    cleaned = clean(surface)
    stripped = LEADING_THE.sub("", cleaned)
    return (cleaned,) if stripped == cleaned or not stripped else (cleaned, stripped)


def _lookup(
    surface: str, exact: Mapping[str, ActorEntry], folded: Mapping[str, ActorEntry]
) -> ActorEntry | None:
    for candidate in _the_variants(surface):
        cleaned = clean(candidate)
        if is_acronym(cleaned) and cleaned in exact:
            return exact[cleaned]
        found = folded.get(fold(cleaned))
        if found is not None:
            return found
    return None


def _multi_index(
    actors: Iterable[ActorEntry], *, acronyms: bool
) -> dict[str, tuple[ActorEntry, ...]]:
    index: dict[str, tuple[ActorEntry, ...]] = {}
    for entry in actors:
        for alias in entry.weak_aliases:
            cleaned = clean(alias)
            if is_acronym(cleaned) != acronyms:
                continue
            slot = cleaned if acronyms else fold(cleaned)
            if entry not in index.get(slot, ()):
                index[slot] = (*index.get(slot, ()), entry)
    return index


def _term_pattern(term: str) -> str:
    words = [re.escape(word) for word in clean(term).split()]
    body = r"\s+".join(words)
    return rf"(?<!\w){body}(?!\w)"


@functools.lru_cache(maxsize=8)
def _licensing_view(text: str) -> tuple[str, frozenset[str]]:
    """A document as the licence patterns search it, and the set of its words (case
    folded): each weak alias of a document asks about the same text."""
    normalised = text.translate(_APOSTROPHES).translate(_DASHES)
    return normalised, frozenset(_WORD.findall(normalised.casefold()))


@functools.lru_cache(maxsize=4096)
def _term_words(term: str) -> frozenset[str]:
    return frozenset(_WORD.findall(clean(term).casefold()))


_WORD = re.compile(r"\w+")


@functools.lru_cache(maxsize=512)
def _license_pattern(strong: tuple[str, ...], context: tuple[str, ...]) -> re.Pattern[str]:
    """One regex finding any strong form (acronyms case-sensitively) or context term."""
    terms = (*strong, *context)
    exact = [_term_pattern(term) for term in terms if is_acronym(clean(term))]
    loose = [_term_pattern(term) for term in terms if not is_acronym(clean(term))]
    parts = [*exact, *(f"(?i:{part})" for part in loose)]
    return re.compile("|".join(parts) if parts else r"(?!)")


def longest_first(form: str) -> tuple[int, int, str]:
    return (-len(form), -len(form.split()), form)
