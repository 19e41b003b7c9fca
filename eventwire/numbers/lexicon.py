"""The number lexicon: vague words, qualifier phrases and currencies, read from
``eventwire/data/vague_numbers.yaml`` and ``eventwire/data/currencies.yaml`` and validated
in one place. A malformed file raises :class:`~eventwire.errors.LexiconError` naming the
file, the entry and what to change."""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from importlib import resources
from typing import Any, Literal

from eventwire.errors import LexiconError
from eventwire.numbers.atoms import words_of
from eventwire.yamlfile import parse_yaml

VagueRole = Literal["multiplier", "magnitude"]
Mode = Literal["approximate", "approximate_below", "approximate_above", "at_least", "at_most"]
MODES: tuple[Mode, ...] = (
    "approximate",
    "approximate_below",
    "approximate_above",
    "at_least",
    "at_most",
)
SOURCES = frozenset({"acled", "acled-analogy", "eventwire"})
_ISO_4217 = re.compile(r"^[A-Z]{3}$")
Phrase = tuple[str, ...]


@dataclass(frozen=True, slots=True)
class VagueWord:
    low: Decimal
    best: Decimal
    high: Decimal
    role: VagueRole
    source: str


@dataclass(frozen=True, slots=True)
class NumberLexicon:
    """Phrases are tuples of lower-cased atoms (see :func:`words_of`)."""

    vague: Mapping[Phrase, VagueWord]
    before: Mapping[Phrase, Mode]
    after: Mapping[Phrase, Mode]
    currency_names: Mapping[Phrase, str | None]  # None: money, currency unknown
    currency_symbols: Mapping[Phrase, str]
    currency_codes: frozenset[str]


def _read(name: str) -> Any:
    text = resources.files("eventwire").joinpath("data", name).read_text(encoding="utf-8")
    return parse_yaml(text, f"bundled {name}")


def _fail(file: str, where: str, message: str) -> LexiconError:
    return LexiconError(f"{file}: {where}: {message}")


def _phrase(file: str, where: str, text: object) -> Phrase:
    if not isinstance(text, str) or not words_of(text):
        raise _fail(file, where, f"expected a non-empty word or phrase, got {text!r}")
    return words_of(text)


def _number(file: str, where: str, value: object) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise _fail(file, where, f"expected a number >= 0, got {value!r}")
    return Decimal(str(value))


def parse_vague(data: Any, file: str = "vague_numbers.yaml") -> dict[Phrase, VagueWord]:
    entries = data.get("vague") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise _fail(file, "top level", "expected a `vague:` list of entries")
    table: dict[Phrase, VagueWord] = {}
    for n, entry in enumerate(entries, 1):
        where = f"vague entry {n}"
        if not isinstance(entry, dict) or not isinstance(entry.get("words"), list):
            raise _fail(file, where, "expected a mapping with a `words:` list")
        low, best, high = (_number(file, where, entry.get(k)) for k in ("low", "best", "high"))
        if not low <= best <= high:
            raise _fail(file, where, f"needs low <= best <= high, got {low}, {best}, {high}")
        role, source = entry.get("role"), entry.get("source")
        if role not in ("multiplier", "magnitude"):
            raise _fail(file, where, f"role must be multiplier or magnitude, got {role!r}")
        if source not in SOURCES:
            raise _fail(file, where, f"source must be one of {sorted(SOURCES)}, got {source!r}")
        for word in entry["words"]:
            phrase = _phrase(file, where, word)
            if phrase in table:
                raise _fail(file, where, f"{word!r} is listed twice; keep one entry")
            table[phrase] = VagueWord(low, best, high, role, source)
    return table


def parse_qualifiers(
    data: Any, section: str, *, file: str = "vague_numbers.yaml"
) -> dict[Phrase, Mode]:
    groups = data.get(section) if isinstance(data, dict) else None
    if not isinstance(groups, dict):
        raise _fail(file, "top level", f"expected a `{section}:` mapping of qualifier lists")
    table: dict[Phrase, Mode] = {}
    for mode, phrases in groups.items():
        if mode not in MODES:
            raise _fail(file, f"{section}.{mode}", f"unknown qualifier; use one of {MODES}")
        if not isinstance(phrases, list):
            raise _fail(file, f"{section}.{mode}", "expected a list of phrases")
        for text in phrases:
            table[_phrase(file, f"{section}.{mode}", text)] = mode
    return table


def parse_currencies(
    data: Any, file: str = "currencies.yaml"
) -> tuple[dict[Phrase, str | None], dict[Phrase, str], frozenset[str]]:
    entries = data.get("currencies") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise _fail(file, "top level", "expected a `currencies:` list")
    names: dict[Phrase, str | None] = {}
    symbols: dict[Phrase, str] = {}
    codes: set[str] = set()
    for n, entry in enumerate(entries, 1):
        code = entry.get("code") if isinstance(entry, dict) else None
        where = f"currency entry {n} ({code})"
        if not isinstance(code, str) or not _ISO_4217.match(code):
            raise _fail(file, where, "`code` must be an ISO 4217 code: three capital letters")
        codes.add(code)
        for text in entry.get("names", []):
            names[_phrase(file, where, text)] = code
        for text in entry.get("symbols", []):
            symbols[_phrase(file, where, text)] = code
    unknown = data.get("unknown", {})
    for text in unknown.get("names", []) if isinstance(unknown, dict) else []:
        phrase = _phrase(file, "unknown", text)
        if phrase in names:
            raise _fail(file, "unknown", f"{text!r} also maps to {names[phrase]}; keep one")
        names[phrase] = None
    return names, symbols, frozenset(codes)


@functools.cache
def number_lexicon() -> NumberLexicon:
    """The bundled number lexicon, read once."""
    vague_data = _read("vague_numbers.yaml")
    names, symbols, codes = parse_currencies(_read("currencies.yaml"))
    return NumberLexicon(
        vague=parse_vague(vague_data),
        before=parse_qualifiers(vague_data, "before"),
        after=parse_qualifiers(vague_data, "after"),
        currency_names=names,
        currency_symbols=symbols,
        currency_codes=codes,
    )
