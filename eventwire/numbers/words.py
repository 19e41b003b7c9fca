"""Cardinal numbers written in digits or in English words, read from atoms.

Digits: "30", "1,200" (thousands separators must group by three), "2.5"; a magnitude may
follow as a word ("2.5 million") or, attached, as an abbreviation ("5m", "1.2bn", "30k").
Words: "four", "twenty-five", "one hundred and five", "two thousand three hundred", with
"a" standing for one before a magnitude ("a hundred", "a thousand"). A sequence that is
not a well-formed number ("five five", "twenty hundred") is not read as one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from eventwire.numbers.atoms import Atom

UNITS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen "
        "fourteen fifteen sixteen seventeen eighteen nineteen".split()
    )
}
TENS = {
    w: 10 * i
    for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split(), 2)
}
SCALES = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}
# Attached to digits only: "5m" is five million, "5 m" is five metres.
ABBREVIATED_SCALES = {
    "k": 10**3,
    "m": 10**6,
    "mn": 10**6,
    "mln": 10**6,
    "b": 10**9,
    "bn": 10**9,
    "tn": 10**12,
}
HYPHENS = frozenset({"-", "‐", "‑"})
# Larger than any count, sum or duration in a news report: a longer string of digits is
# an identifier, not a quantity.
LARGEST = Decimal(10) ** 15

_DIGITS = re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")


@dataclass(frozen=True, slots=True)
class Number:
    value: Decimal
    end: int  # index of the first atom after the number
    scale: int = 1  # the magnitudes it ends with: "2.5 million" 10**6, "four" 1


def read_digits(text: str) -> Decimal | None:
    if not _DIGITS.match(text):
        return None
    value = Decimal(text.replace(",", ""))
    return value if value <= LARGEST else None


def read_number(atoms: Sequence[Atom], i: int) -> Number | None:
    """The longest well-formed number starting at ``atoms[i]``, if any."""
    if i >= len(atoms):
        return None
    if atoms[i].is_digits:
        return _digits_then_scales(atoms, i)
    return _words(atoms, i)


def _digits_then_scales(atoms: Sequence[Atom], i: int) -> Number | None:
    value = read_digits(atoms[i].text)
    if value is None:
        return None
    j, scale = i + 1, 1
    if j < len(atoms) and atoms[j].start == atoms[j - 1].end:
        factor = ABBREVIATED_SCALES.get(atoms[j].lower)
        if factor is None:
            return Number(value, j)
        return _checked(value * factor, j + 1, factor)
    while j < len(atoms) and (atoms[j].lower == "hundred" or atoms[j].lower in SCALES):
        scale *= 100 if atoms[j].lower == "hundred" else SCALES[atoms[j].lower]
        j += 1
    return _checked(value * scale, j, scale)


def _checked(value: Decimal, end: int, scale: int) -> Number | None:
    return Number(value, end, scale) if value <= LARGEST else None


def _words(atoms: Sequence[Atom], i: int) -> Number | None:
    """Spelled-out numbers, by a small state machine over what may follow what."""
    total, group = 0, 0
    last = ""  # "unit", "teen", "tens", "hundred", "scale", "and", "hyphen"
    last_scale = 10**13
    j, end = i, None
    while j < len(atoms):
        word = atoms[j].lower
        if j == i and word in ("a", "an"):
            nxt = atoms[j + 1].lower if j + 1 < len(atoms) else ""
            if nxt != "hundred" and nxt not in SCALES:
                return None
            group, last = 1, "unit"
        elif word in UNITS and UNITS[word] < 10:
            if last not in ("", "tens", "hundred", "scale", "and", "hyphen"):
                break
            group, last = group + UNITS[word], "unit"
        elif word in UNITS:
            if last not in ("", "hundred", "scale", "and"):
                break
            group, last = group + UNITS[word], "teen"
        elif word in TENS:
            if last not in ("", "hundred", "scale", "and"):
                break
            group, last = group + TENS[word], "tens"
        elif word == "hundred":
            if last not in ("unit", "teen") or not 0 < group < 100:
                break
            group, last = group * 100, "hundred"
        elif word in SCALES:
            if last not in ("unit", "teen", "tens", "hundred") or SCALES[word] >= last_scale:
                break
            total += group * SCALES[word]
            group, last, last_scale = 0, "scale", SCALES[word]
        elif word == "and" and last in ("hundred", "scale"):
            last = "and"
        elif word in HYPHENS and last == "tens" and atoms[j].start == atoms[j - 1].end:
            last = "hyphen"
        else:
            break
        if last in ("unit", "teen", "tens", "hundred", "scale"):
            end = j + 1
        j += 1
    if end is None:
        return None
    scale, k = 1, end - 1
    while k > i and (atoms[k].lower == "hundred" or atoms[k].lower in SCALES):
        scale *= 100 if atoms[k].lower == "hundred" else SCALES[atoms[k].lower]
        k -= 1
    return _checked(Decimal(total + group), end, scale)
