"""The quantity grammar over atoms: qualifiers, numbers, vague words, currencies, units.

    phrase := [before] value [link value] [after] [unit]
            | [before] "between" value "and" value
    value  := [currency symbol or code] core [["of"] currency name or code | ["-"] duration unit]
    core   := number ["dozen" | "score"] ["and a half"]
            | "half a dozen" | "a" ("dozen" | "score")
            | multiplier [["of"] magnitude...]        -- "several hundred", "a few dozen"
            | plural magnitude ["of" plural magnitude]...  -- "hundreds of thousands"
    link   := "-" | "to" | "or"                      -- "20-30", "two or three"

:func:`match` returns the longest phrase starting at an atom. It knows nothing of spaCy;
:mod:`eventwire.numbers.find` decides which matches in a document are quantities.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import TypeVar

from eventwire.numbers.atoms import Atom
from eventwire.numbers.lexicon import Mode, NumberLexicon, Phrase
from eventwire.numbers.words import HYPHENS, LARGEST, SCALES, TENS, UNITS, read_number
from eventwire.records import Qualifier, QuantityKind

# TIMEX3 unit letters; "MIN" for minutes, because "M" alone is months.
DURATION_UNITS: Mapping[str, tuple[str, int]] = {
    **dict.fromkeys(["second", "seconds", "sec", "secs"], ("S", 1)),
    **dict.fromkeys(["minute", "minutes", "min", "mins"], ("MIN", 1)),
    **dict.fromkeys(["hour", "hours", "hr", "hrs"], ("H", 1)),
    **dict.fromkeys(["day", "days"], ("D", 1)),
    **dict.fromkeys(["week", "weeks"], ("W", 1)),
    **dict.fromkeys(["fortnight", "fortnights"], ("W", 2)),
    **dict.fromkeys(["month", "months"], ("M", 1)),
    **dict.fromkeys(["year", "years", "yr", "yrs"], ("Y", 1)),
    **dict.fromkeys(["decade", "decades"], ("DE", 1)),
    **dict.fromkeys(["century", "centuries"], ("CE", 1)),
}
IDIOMS = {"dozen": 12, "score": 20}  # counted in dozens or scores: always approximate
SINGULAR_MAGNITUDES = {"dozen": 12, "score": 20, "hundred": 100, **SCALES}
RANGE_LINKS = frozenset({*HYPHENS, "–", "—", "to", "or"})

T = TypeVar("T")
MAX_PHRASE = 6  # atoms in the longest lexicon phrase looked for


@dataclass(frozen=True, slots=True)
class ParsedQuantity:
    """A quantity phrase read as ``low``/``best``/``high`` and a qualifier (see the table
    in :mod:`eventwire.numbers`). ``unit`` is an ISO 4217 code for money (``None`` when
    the currency is not known), a TIMEX3 unit letter for durations, ``None`` for counts."""

    best: float | None
    low: float | None
    high: float | None
    qualifier: Qualifier
    kind: QuantityKind = "count"
    unit: str | None = None


@dataclass(frozen=True, slots=True)
class _Core:
    low: Decimal
    best: Decimal
    high: Decimal
    end: int
    scale: int = 1  # product of the magnitudes written ("2.5 million": 10**6)
    vague: bool = False
    approximate: bool = False
    plural: bool = False  # vague: may take "of" before a unit ("millions of dollars")
    indefinite: bool = False

    def times(self, factor: Decimal | int) -> _Core:
        return replace(
            self, low=self.low * factor, best=self.best * factor, high=self.high * factor
        )


@dataclass(frozen=True, slots=True)
class _Value:
    core: _Core
    start: int
    core_start: int
    end: int
    kind: QuantityKind = "count"
    unit: str | None = None


@dataclass(frozen=True, slots=True)
class Match:
    """A phrase found at ``atoms[start:end]``; ``atoms[core_start:core_end]`` is its first
    number. ``qualified``: a qualifier or a range was part of it. ``indefinite``: the
    number was "a"/"an" standing for one ("a soldier")."""

    quantity: ParsedQuantity
    start: int
    end: int
    core_start: int
    core_end: int
    qualified: bool
    indefinite: bool


def _longest(atoms: Sequence[Atom], i: int, table: Mapping[Phrase, T]) -> tuple[T, int] | None:
    if i >= len(atoms):
        return None
    longest = _first_words(table).get(atoms[i].lower)
    if longest is None:  # the common case: no phrase of the table starts with this word
        return None
    for n in range(min(longest, MAX_PHRASE, len(atoms) - i), 0, -1):
        key = tuple(a.lower for a in atoms[i : i + n])
        if key in table:
            return table[key], i + n
    return None


_FIRST_WORDS: dict[int, tuple[Mapping[Phrase, object], dict[str, int]]] = {}


def _first_words(table: Mapping[Phrase, object]) -> dict[str, int]:
    """Each first word of the table's phrases, with the length of its longest phrase.
    Kept per table (the table is held too, so that its id is never reused)."""
    entry = _FIRST_WORDS.get(id(table))
    if entry is None or entry[0] is not table:
        index: dict[str, int] = {}
        for phrase in table:
            if phrase:
                index[phrase[0]] = max(index.get(phrase[0], 0), len(phrase))
        entry = _FIRST_WORDS[id(table)] = (table, index)
    return entry[1]


def _word(atoms: Sequence[Atom], i: int) -> str:
    return atoms[i].lower if 0 <= i < len(atoms) else ""


LEAD = 2 * MAX_PHRASE + 1
"""The most atoms a phrase has before its first number: a qualifier ("at least"),
"between", a currency symbol ("US$")."""


def core_starts(atoms: Sequence[Atom], *, lex: NumberLexicon, indefinite: bool) -> list[int]:
    """The indices where :func:`_core` may find a number: every phrase :func:`match`
    finds has one at most ``LEAD`` atoms after its start, so elsewhere it need not look."""
    vague = _first_words(lex.vague)
    articles_before = {*IDIOMS, *DURATION_UNITS, "hundred", *SCALES}
    found = []
    for k, atom in enumerate(atoms):
        word = atom.lower
        if (
            atom.is_digits
            or word in UNITS
            or word in TENS
            or word == "half"
            or word in vague
            or (word in ("a", "an") and (indefinite or _word(atoms, k + 1) in articles_before))
        ):
            found.append(k)
    return found


def _core(atoms: Sequence[Atom], i: int, *, lex: NumberLexicon, indefinite: bool) -> _Core | None:
    word, nxt = _word(atoms, i), _word(atoms, i + 1)
    if word == "half" and nxt == "a" and _word(atoms, i + 2) == "dozen":
        six = Decimal(6)
        return _Core(six, six, six, i + 3, approximate=True)
    vague = _longest(atoms, i, lex.vague)
    if vague is not None:
        entry, j = vague
        core = _Core(entry.low, entry.best, entry.high, j, vague=True, plural=True)
        if entry.role == "multiplier":
            return _multiplied(atoms, core)
        return _plural_magnitudes(atoms, core, lex)
    if word in ("a", "an") and nxt in IDIOMS:
        n = Decimal(IDIOMS[nxt])
        return _Core(n, n, n, i + 2, approximate=True)
    if word in ("a", "an") and nxt in DURATION_UNITS:  # "a week", "more than a decade"
        return _Core(Decimal(1), Decimal(1), Decimal(1), i + 1)
    number = read_number(atoms, i)
    if number is None:
        if indefinite and word in ("a", "an"):
            one = Decimal(1)
            return _Core(one, one, one, i + 1, indefinite=True)
        return None
    value, j, approximate = number.value, number.end, False
    if _word(atoms, j) in IDIOMS:
        value, j, approximate = value * IDIOMS[_word(atoms, j)], j + 1, True
    elif (_word(atoms, j), _word(atoms, j + 1), _word(atoms, j + 2)) == ("and", "a", "half"):
        value, j = value + Decimal("0.5"), j + 3
    return _Core(value, value, value, j, scale=number.scale, approximate=approximate)


def _multiplied(atoms: Sequence[Atom], core: _Core) -> _Core:
    """A multiplier and the magnitudes after it: "several hundred", "a few dozen"."""
    j = core.end + (1 if _word(atoms, core.end) == "of" else 0)
    factor, last = 1, 10**13
    while (word := _word(atoms, j)) in SINGULAR_MAGNITUDES and SINGULAR_MAGNITUDES[word] < last:
        factor *= SINGULAR_MAGNITUDES[word]
        last, j = SINGULAR_MAGNITUDES[word], j + 1
    if factor == 1:
        return core
    return replace(core.times(factor), end=j, scale=factor)


def _plural_magnitudes(atoms: Sequence[Atom], core: _Core, lex: NumberLexicon) -> _Core:
    """Plural magnitudes joined by "of": "hundreds of thousands", "tens of millions"."""
    while _word(atoms, core.end) == "of":
        found = _longest(atoms, core.end + 1, lex.vague)
        if found is None or found[0].role != "magnitude" or found[0].low <= core.low:
            break
        entry, j = found
        core = replace(
            core,
            low=core.low * entry.low,
            best=core.best * entry.best,
            high=(core.high + 1) * entry.low - 1,
            end=j,
        )
    return core


def _value(atoms: Sequence[Atom], i: int, *, lex: NumberLexicon, indefinite: bool) -> _Value | None:
    unit: str | None = None
    kind: QuantityKind = "count"
    j = i
    symbol = _longest(atoms, i, lex.currency_symbols)
    if symbol is not None:
        (unit, j), kind = symbol, "money"
    elif i < len(atoms) and atoms[i].text in lex.currency_codes:
        unit, j, kind = atoms[i].text, i + 1, "money"
    core = _core(atoms, j, lex=lex, indefinite=indefinite and kind == "count")
    if core is None:
        return None
    value = _Value(core, i, j, core.end, kind, unit)
    return value if kind == "money" else _with_unit(atoms, value, lex)


def _with_unit(atoms: Sequence[Atom], value: _Value, lex: NumberLexicon) -> _Value:
    """A currency name or a duration unit after the number, if one follows."""
    j = value.end
    if _word(atoms, j) == "of" and value.core.plural:
        j += 1  # "millions of dollars", "a couple of weeks"
    if j < len(atoms) and atoms[j].text in lex.currency_codes:
        return replace(value, end=j + 1, kind="money", unit=atoms[j].text)
    currency = _longest(atoms, j, lex.currency_names)
    if currency is not None:
        code, end = currency
        weight = _word(atoms, end - 1) in ("pound", "pounds") and _word(atoms, end) == "of"
        if not weight:
            return replace(value, end=end, kind="money", unit=code)
    if _word(atoms, j) in HYPHENS and atoms[j].start == atoms[j - 1].end:
        j += 1  # "six-week"
    if (word := _word(atoms, j)) in DURATION_UNITS:
        letter, factor = DURATION_UNITS[word]
        core = value.core.times(factor) if factor != 1 else value.core
        return replace(value, core=core, end=j + 1, kind="duration", unit=letter)
    return value


def match(
    atoms: Sequence[Atom], i: int, *, lex: NumberLexicon, indefinite: bool = False
) -> Match | None:
    """The longest quantity phrase starting at ``atoms[i]``."""
    before = _longest(atoms, i, lex.before)
    mode_before, j = before if before is not None else (None, i)
    if _word(atoms, j) == "between":
        first = _value(atoms, j + 1, lex=lex, indefinite=False)
        if first is None or _word(atoms, first.end) != "and":
            return None
        second = _value(atoms, first.end + 1, lex=lex, indefinite=False)
        pair = _pair(first, second)
        if pair is None:
            return None
        first, second = pair
        quantity = _range(first, second)
        return _finish(quantity, i, second.end, first, qualified=True)
    first = _value(atoms, j, lex=lex, indefinite=indefinite)
    if first is None:
        return None
    second = None
    if _word(atoms, first.end) in RANGE_LINKS and not first.core.indefinite:
        link_is_to = _word(atoms, first.end) == "to"
        if not (link_is_to and _word(atoms, i - 1) == "from"):  # "rose from 20 to 30"
            pair = _pair(first, _value(atoms, first.end + 1, lex=lex, indefinite=False))
            if pair is not None and pair[0].core.best < pair[1].core.best:
                first, second = pair
    if second is not None:
        return _finish(_range(first, second), i, second.end, first, qualified=True)
    mode_after, end = None, first.end
    after = _longest(atoms, first.end, lex.after)
    if after is not None:
        mode_after, end = after
        if first.kind == "count":
            with_unit = _with_unit(atoms, replace(first, end=end), lex)
            first, end = with_unit, with_unit.end
    quantity = _qualified(first, mode_before, mode_after)
    qualified = mode_before is not None or mode_after is not None
    return _finish(quantity, i, end, first, qualified=qualified)


def _pair(first: _Value, second: _Value | None) -> tuple[_Value, _Value] | None:
    """Two ends of a range, sharing kind, unit and the magnitude written once
    ("20-30 million", "$20-30", "two to three weeks")."""
    if second is None or first.core.indefinite or second.core.indefinite:
        return None
    if first.kind == "count" and second.kind != "count":
        first = replace(first, kind=second.kind, unit=second.unit)
    elif second.kind == "count" and first.kind != "count":
        second = replace(second, kind=first.kind, unit=first.unit)
    if (first.kind, first.unit) != (second.kind, second.unit):
        return None
    scale = second.core.scale
    # "20-30 million" is 20 to 30 million; "300 to 2 million" is not 300 million.
    unscaled = first.core.scale == 1 and not first.core.vague
    if unscaled and scale > 1 and first.core.best < second.core.best / scale:
        first = replace(first, core=first.core.times(scale))
    return first, second


def _range(first: _Value, second: _Value) -> ParsedQuantity:
    low = min(first.core.low, second.core.low)
    high = max(first.core.high, second.core.high)
    return _quantity(low, low, high, "range", first)


def _qualified(value: _Value, before: Mode | None, after: Mode | None) -> ParsedQuantity:
    core, modes = value.core, {before, after}
    n = core.best
    if "at_least" in modes:
        return _quantity(core.low, n, None, "at_least", value)
    if "at_most" in modes:
        return _quantity(None, None, core.high, "at_most", value)
    if core.vague:
        return _quantity(core.low, n, core.high, "vague", value)
    if "approximate_below" in modes:
        return _quantity(None, n, n, "approximate", value)
    if "approximate_above" in modes:
        return _quantity(n, n, None, "approximate", value)
    if "approximate" in modes or core.approximate:
        return _quantity(None, n, None, "approximate", value)
    return _quantity(n, n, n, "exact", value)


def _quantity(
    low: Decimal | None,
    best: Decimal | None,
    high: Decimal | None,
    qualifier: Qualifier,
    value: _Value,
) -> ParsedQuantity:
    def f(x: Decimal | None) -> float | None:
        return None if x is None else float(x)

    return ParsedQuantity(f(best), f(low), f(high), qualifier, value.kind, value.unit)


def _finish(
    quantity: ParsedQuantity, start: int, end: int, first: _Value, *, qualified: bool
) -> Match | None:
    numbers = [x for x in (quantity.low, quantity.best, quantity.high) if x is not None]
    if any(x > LARGEST for x in numbers):
        return None
    return Match(
        quantity,
        start,
        end,
        first.core_start,
        first.core.end,
        qualified,
        first.core.indefinite,
    )
