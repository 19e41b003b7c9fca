"""Reading and validating event-type files into an :class:`EventOntology`."""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path
from typing import Any

from eventwire.errors import LexiconError
from eventwire.events.model import (
    ACLED_EVENT_TYPES,
    DEPENDENCIES,
    PLOVER_CATEGORIES,
    ROLES,
    TRIGGER_POS,
    WILDCARD,
    DepConstraint,
    EventOntology,
    EventType,
    Pattern,
    Trigger,
    normalise_lemma,
)
from eventwire.yamlfile import parse_yaml

BUNDLED_FILE = "event_types.yaml"
BUNDLED_ORIGIN = f"bundled {BUNDLED_FILE}"
TOP_LEVEL = "event_types"
FIELDS = (
    "key",
    "label",
    "description",
    "plover",
    "plover_mode",
    "cameo",
    "acled_event_type",
    "acled_sub_event_type",
    "triggers",
    "patterns",
    "roles",
    "fatal",
    "note",
)
REQUIRED_FOR_NEW = (
    "label",
    "description",
    "plover",
    "cameo",
    "acled_event_type",
    "acled_sub_event_type",
    "roles",
    "fatal",
)
EXTENDING_FIELDS = ("key", "triggers", "patterns", "roles")
PATTERN_FIELDS = ("lemma", "pos", "shared", "prep", *(f"{dep}_lemma" for dep in DEPENDENCIES))
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
CAMEO_ROOT = re.compile(r"\d\d")
LEMMA = re.compile(r"[a-z0-9']+(?: [a-z0-9']+)*")


def load_event_types(extra_files: Sequence[Path] = ()) -> EventOntology:
    """The bundled ontology, with ``extra_files`` (YAML, same schema) applied in order.

    An entry whose key is new adds a type and must give every required field. An entry
    whose key already exists extends that type: it may give only ``triggers``,
    ``patterns`` and ``roles``, which are added to the existing ones. The merged result
    is validated again (trigger and pattern clashes across types). The bundled file is
    read once and cached; extending never changes the cached ontology.
    """
    bundled = _bundled_ontology()
    if not extra_files:
        return bundled
    types = {event_type.key: event_type for event_type in bundled.types}
    origins = {key: BUNDLED_ORIGIN for key in types}
    for path in extra_files:
        for key, raw, where in _read_user_file(Path(path)):
            if key in types:
                types[key] = _extend(types[key], raw, where)
                origins[key] = f"{origins[key]} + {path}"
            else:
                types[key] = _new_type(key, raw, where, known=types)
                origins[key] = str(path)
    merged = tuple(types.values())
    _check_clashes(merged, origins)
    return EventOntology(types=merged)


@functools.lru_cache(maxsize=1)
def _bundled_ontology() -> EventOntology:
    resource = resources.files("eventwire") / "data" / BUNDLED_FILE
    try:
        text = resource.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise LexiconError(
            f"{BUNDLED_FILE} is missing from eventwire/data; reinstall eventwire (the "
            "package data was not installed)"
        ) from exc
    types: dict[str, EventType] = {}
    for key, raw, where in _entries(parse_yaml(text, BUNDLED_ORIGIN), BUNDLED_ORIGIN):
        types[key] = _new_type(key, raw, where, known=types)
    ontology = EventOntology(types=tuple(types.values()))
    _check_clashes(ontology.types, {key: BUNDLED_ORIGIN for key in types})
    return ontology


# --------------------------------------------------------------------------- reading files


def _read_user_file(path: Path) -> list[tuple[str, Mapping[str, Any], str]]:
    if path.suffix.lower() not in (".yaml", ".yml"):
        raise LexiconError(f"{path}: event-type files are YAML; name the file .yaml or .yml")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as exc:
        raise LexiconError(f"{path}: event-type file not found; check the path") from exc
    except UnicodeDecodeError as exc:
        raise LexiconError(f"{path}: not UTF-8 text ({exc}); save it as UTF-8") from exc
    except OSError as exc:
        raise LexiconError(f"{path}: cannot read the event-type file ({exc.strerror})") from exc
    return _entries(parse_yaml(text, str(path)), str(path))


def _entries(data: Any, origin: str) -> list[tuple[str, Mapping[str, Any], str]]:
    """(key, raw mapping, location for messages) per entry; keys unique in the file."""
    if not isinstance(data, Mapping) or not isinstance(data.get(TOP_LEVEL), list):
        raise LexiconError(f"{origin}: expected a top-level key {TOP_LEVEL!r} holding a list")
    extra = sorted(str(name) for name in data if name != TOP_LEVEL)
    if extra:
        raise LexiconError(
            f"{origin}: unexpected top-level key(s) {', '.join(extra)}; only {TOP_LEVEL!r}"
        )
    entries: list[tuple[str, Mapping[str, Any], str]] = []
    seen: dict[str, int] = {}
    for number, raw in enumerate(data[TOP_LEVEL], start=1):
        where = f"{origin}, event type #{number}"
        if not isinstance(raw, Mapping):
            raise LexiconError(f"{where}: expected a mapping with key, label, plover, ...")
        key = raw.get("key")
        if not isinstance(key, str) or not SLUG.fullmatch(key):
            raise LexiconError(
                f"{where}: key {key!r} is not a slug (lower-case words joined by hyphens, "
                "e.g. key: armed-clash)"
            )
        where = f"{where} (key {key!r})"
        if key in seen:
            raise LexiconError(
                f"{where}: duplicate key {key!r}, already used by event type #{seen[key]} in "
                "the same file; merge the two entries or rename one"
            )
        seen[key] = number
        unknown = sorted(str(name) for name in raw if name not in FIELDS)
        if unknown:
            raise LexiconError(
                f"{where}: unknown field(s) {', '.join(unknown)}; the fields are "
                f"{', '.join(FIELDS)}"
            )
        entries.append((key, raw, where))
    return entries


# --------------------------------------------------------------------------- building types


def _new_type(
    key: str, raw: Mapping[str, Any], where: str, *, known: Mapping[str, EventType]
) -> EventType:
    missing = [name for name in REQUIRED_FOR_NEW if name not in raw]
    if missing:
        close = difflib.get_close_matches(key, list(known), n=1)
        hint = (
            f"; or, to extend the existing type {close[0]!r}, fix the key"
            if close and set(raw) <= set(EXTENDING_FIELDS)
            else ""
        )
        raise LexiconError(
            f"{where}: a new event type needs {', '.join(missing)} (write null for an "
            f"ACLED or CAMEO mapping that does not exist){hint}"
        )
    plover = _plover(raw.get("plover"), where)
    triggers = _triggers(raw.get("triggers"), where)
    patterns = _patterns(raw.get("patterns"), where)
    if not triggers and not patterns:
        raise LexiconError(f"{where}: give at least one trigger or pattern, or the type is unused")
    roles = _roles(raw.get("roles"), where)
    fatal = raw.get("fatal")
    if not isinstance(fatal, bool):
        raise LexiconError(f"{where}: fatal must be true or false, not {fatal!r}")
    if fatal and "fatalities" not in roles:
        raise LexiconError(f"{where}: fatal is true, so roles must include 'fatalities'")
    event_type, sub_type = _acled(
        raw.get("acled_event_type"), raw.get("acled_sub_event_type"), where
    )
    return EventType(
        key=key,
        label=_text(raw.get("label"), "label", where),
        description=_text(raw.get("description"), "description", where),
        plover=plover,
        plover_mode=_plover_mode(raw.get("plover_mode"), plover, where),
        cameo=_cameo(raw.get("cameo"), plover, where),
        acled_event_type=event_type,
        acled_sub_event_type=sub_type,
        triggers=triggers,
        patterns=patterns,
        roles=roles,
        fatal=fatal,
        note=None if raw.get("note") is None else _text(raw.get("note"), "note", where),
    )


def _extend(existing: EventType, raw: Mapping[str, Any], where: str) -> EventType:
    fixed = sorted(str(name) for name in raw if name not in EXTENDING_FIELDS)
    if fixed:
        raise LexiconError(
            f"{where}: type {existing.key!r} already exists, so this entry extends it and may "
            f"give only triggers, patterns and roles, not {', '.join(fixed)}; to change "
            "those, define a type with a new key"
        )
    roles = _roles(raw["roles"], where) if "roles" in raw else ()
    return replace(
        existing,
        triggers=tuple(dict.fromkeys((*existing.triggers, *_triggers(raw.get("triggers"), where)))),
        patterns=tuple(dict.fromkeys((*existing.patterns, *_patterns(raw.get("patterns"), where)))),
        roles=tuple(dict.fromkeys((*existing.roles, *roles))),
    )


def _text(value: Any, name: str, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise LexiconError(f"{where}: {name} must be non-empty text; quote it if needed")
    return " ".join(value.split())


def _plover(value: Any, where: str) -> str:
    if isinstance(value, str) and value in PLOVER_CATEGORIES:
        return value
    hint = ""
    if isinstance(value, str) and value.upper() in PLOVER_CATEGORIES:
        hint = f" (write it in capitals: {value.upper()})"
    elif isinstance(value, str) and value.upper() in ("INVESTIGATE", "DISAPPROVE"):
        hint = " (PLOVER 2021 folds it into ACCUSE: plover: ACCUSE, plover_mode: investigate)"
    elif isinstance(value, str) and value.upper() == "FIGHT":
        hint = " (PLOVER 2021 folds it into ASSAULT)"
    raise LexiconError(
        f"{where}: plover {value!r} is not a PLOVER category{hint}; use one of: "
        f"{', '.join(PLOVER_CATEGORIES)}"
    )


def _plover_mode(value: Any, plover: str, where: str) -> str | None:
    if value is None:
        return None
    modes = PLOVER_CATEGORIES[plover].modes
    if value in modes:
        return str(value)
    allowed = f"one of: {', '.join(modes)}" if modes else "null (PLOVER defines no modes for it)"
    raise LexiconError(f"{where}: plover_mode {value!r} is not a mode of {plover}; use {allowed}")


def _cameo(value: Any, plover: str, where: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not CAMEO_ROOT.fullmatch(value):
        raise LexiconError(
            f"{where}: cameo {value!r} is not a two-digit CAMEO root code; write it quoted, "
            'e.g. cameo: "07" (YAML reads 07 as a number), or null'
        )
    roots = PLOVER_CATEGORIES[plover].cameo_roots
    if value not in roots:
        raise LexiconError(
            f"{where}: CAMEO root {value} does not map to PLOVER {plover} (its roots are "
            f"{', '.join(roots)}); fix the code, the category, or write cameo: null"
        )
    return value


def _acled(event_type: Any, sub_type: Any, where: str) -> tuple[str | None, str | None]:
    if event_type is None and sub_type is None:
        return None, None
    if event_type is None or sub_type is None:
        raise LexiconError(
            f"{where}: give both acled_event_type and acled_sub_event_type, or null for both "
            "when ACLED does not code this kind of event"
        )
    if event_type not in ACLED_EVENT_TYPES:
        raise LexiconError(
            f"{where}: acled_event_type {event_type!r} is not an ACLED event type; use one "
            f"of: {', '.join(ACLED_EVENT_TYPES)}"
        )
    subs = ACLED_EVENT_TYPES[event_type]
    if sub_type not in subs:
        owner = [name for name, names in ACLED_EVENT_TYPES.items() if sub_type in names]
        hint = f" ({sub_type!r} belongs to {owner[0]!r})" if owner else ""
        raise LexiconError(
            f"{where}: {sub_type!r} is not an ACLED sub-event type of {event_type!r}{hint}; "
            f"use one of: {', '.join(subs)}"
        )
    return str(event_type), str(sub_type)


def _lemma(value: Any, where: str) -> str:
    lemma = normalise_lemma(value) if isinstance(value, str) else ""
    if not LEMMA.fullmatch(lemma):
        raise LexiconError(
            f"{where}: {value!r} is not a lemma; write the dictionary form in letters "
            "(kill, air strike, court-martial), without punctuation, and quote words YAML "
            'reads as true/false or numbers ("on", "off", "no", "yes")'
        )
    return lemma


def _lemma_list(value: Any, where: str, *, wildcard: bool = False) -> tuple[str, ...]:
    items = value if isinstance(value, list) else [value]
    if not items:
        raise LexiconError(f"{where}: the lemma list is empty; give at least one lemma")
    return tuple(
        dict.fromkeys(
            WILDCARD if wildcard and item == WILDCARD else _lemma(item, where) for item in items
        )
    )


def _triggers(value: Any, where: str) -> tuple[Trigger, ...]:
    if value is None:
        return ()
    if not isinstance(value, Mapping):
        raise LexiconError(
            f"{where}: triggers must map a part of speech to lemmas, e.g. "
            "triggers: {verb: [kill], noun: [killing]}"
        )
    found: list[Trigger] = []
    for pos, items in value.items():
        if pos not in TRIGGER_POS:
            raise LexiconError(
                f"{where}: triggers part of speech {pos!r} is unknown; use {', '.join(TRIGGER_POS)}"
            )
        if not isinstance(items, list):
            raise LexiconError(f"{where}: triggers {pos} must be a list, e.g. {pos}: [a, b]")
        for item in items:
            shared = False
            if isinstance(item, Mapping):
                if set(item) - {"lemma", "shared"} or not isinstance(
                    item.get("shared", False), bool
                ):
                    raise LexiconError(
                        f"{where}: trigger {dict(item)!r} must look like "
                        "{lemma: fight, shared: true}"
                    )
                shared, item = bool(item.get("shared", False)), item.get("lemma")
            found.append(
                Trigger(lemma=_lemma(item, f"{where}, triggers {pos}"), pos=pos, shared=shared)
            )
    return tuple(dict.fromkeys(found))


def _patterns(value: Any, where: str) -> tuple[Pattern, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise LexiconError(f"{where}: patterns must be a list of mappings")
    patterns = []
    for number, raw in enumerate(value, start=1):
        at = f"{where}, pattern #{number}"
        if not isinstance(raw, Mapping) or "lemma" not in raw:
            raise LexiconError(f"{at}: expected a mapping with lemma and constraints")
        unknown = sorted(str(name) for name in raw if name not in PATTERN_FIELDS)
        if unknown:
            raise LexiconError(
                f"{at}: unknown field(s) {', '.join(unknown)}; use lemma, pos, shared, prep "
                f"or <dep>_lemma with dep one of {', '.join(DEPENDENCIES)}"
            )
        pos = raw.get("pos", "verb")
        if pos not in TRIGGER_POS:
            raise LexiconError(f"{at}: pos {pos!r} is unknown; use {', '.join(TRIGGER_POS)}")
        constraints = [
            DepConstraint(dep=name[: -len("_lemma")], lemmas=_lemma_list(lemmas, at, wildcard=True))
            for name, lemmas in raw.items()
            if name.endswith("_lemma")
        ]
        prep = raw.get("prep", {})
        if not isinstance(prep, Mapping):
            raise LexiconError(
                f"{at}: prep must map a preposition to lemmas, e.g. prep: {{in: combat}}"
            )
        for via, lemmas in prep.items():
            constraints.append(
                DepConstraint(
                    dep="pobj", lemmas=_lemma_list(lemmas, at, wildcard=True), via=_lemma(via, at)
                )
            )
        if not constraints:
            raise LexiconError(
                f"{at}: a pattern needs at least one constraint (<dep>_lemma or prep); a bare "
                "lemma belongs in triggers"
            )
        shared = raw.get("shared", False)
        if not isinstance(shared, bool):
            raise LexiconError(f"{at}: shared must be true or false")
        patterns.append(
            Pattern(
                lemmas=_lemma_list(raw["lemma"], at),
                pos=pos,
                constraints=tuple(constraints),
                shared=shared,
            )
        )
    return tuple(patterns)


def _roles(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not value:
        raise LexiconError(f"{where}: roles must be a non-empty list, e.g. roles: [actor, place]")
    for role in value:
        if role not in ROLES:
            raise LexiconError(
                f"{where}: role {role!r} is unknown; use some of: {', '.join(ROLES)}"
            )
    return tuple(dict.fromkeys(str(role) for role in value))


# --------------------------------------------------------------------------- cross-type checks


@dataclass(frozen=True)
class _Claim:
    key: str
    shared: bool


def _check_clashes(types: Iterable[EventType], origins: Mapping[str, str]) -> None:
    """A trigger (lemma and part of speech) or an identical pattern may belong to two
    types only if every type listing it marks it shared."""
    triggers: dict[tuple[str, str], list[_Claim]] = {}
    patterns: dict[tuple[object, ...], list[_Claim]] = {}
    for event_type in types:
        for trigger in event_type.triggers:
            triggers.setdefault((trigger.pos, trigger.lemma), []).append(
                _Claim(event_type.key, trigger.shared)
            )
        for pattern in event_type.patterns:
            patterns.setdefault(pattern.signature, []).append(
                _Claim(event_type.key, pattern.shared)
            )
    for (pos, lemma), claims in triggers.items():
        _check_claims(
            claims, f"{pos} trigger {lemma!r}", f"{{lemma: {lemma}, shared: true}}", origins
        )
    for signature, claims in patterns.items():
        _check_claims(claims, f"the pattern {signature!r}", "shared: true in the pattern", origins)


def _check_claims(claims: list[_Claim], what: str, how: str, origins: Mapping[str, str]) -> None:
    keys = list(dict.fromkeys(claim.key for claim in claims))
    if len(keys) < 2 or all(claim.shared for claim in claims):
        return
    listed = " and ".join(f"{key!r} ({origins[key]})" for key in keys)
    raise LexiconError(
        f"{what} is claimed by event types {listed}; a lemma may signal only one type per "
        f"part of speech: remove it from all but one, or, if the matcher should choose "
        f"between them from context, write it as {how} in each"
    )
