"""Sets: times that recur ("every Friday", "each July", "every two weeks", "daily",
"Fridays", "twice a week"). TIMEX3 writes them as a pattern with X for unknown digits
(XXXX-WXX-5) or as the period between recurrences (P2W). They have no interval."""

from __future__ import annotations

import re
from fractions import Fraction

from eventwire.times.model import Resolution
from eventwire.times.relative import duration_value
from eventwire.times.words import (
    DAY_PART_RE,
    DAY_PARTS,
    MONTH_RE,
    MONTHS,
    NUMBER_RE,
    SEASON_CODES,
    SEASON_RE,
    UNIT_RE,
    WEEKDAYS,
    number,
)

_ADVERBS = {"daily": "P1D", "nightly": "P1D", "weekly": "P1W", "monthly": "P1M",
            "quarterly": "P3M", "yearly": "P1Y", "annually": "P1Y", "hourly": "PT1H"}  # fmt: skip


def recurring(s: str) -> Resolution | None:
    """ "every friday", "each july", "every two weeks", "fridays", "daily", "twice a week"."""
    if s in _ADVERBS:
        return Resolution("SET", _ADVERBS[s])
    match = re.fullmatch(r"(?:on )?(monday|tuesday|wednesday|thursday|friday|saturday|sunday)s", s)
    if match:
        return Resolution("SET", f"XXXX-WXX-{WEEKDAYS[match.group(1)]}", precision="day")
    match = re.fullmatch(rf"(?:once|twice|\w+ times) (?:a|an|per|each|every) {UNIT_RE}", s)
    if match:
        return Resolution("SET", duration_value(Fraction(1), match.group(1)))
    match = re.fullmatch(r"(?:every|each)(?: other)? (.+)", s)
    if match is None:
        return None
    rest = match.group(1)
    every_other = " other " in f" {s} "
    if rest in WEEKDAYS:
        return Resolution("SET", f"XXXX-WXX-{WEEKDAYS[rest]}", precision="day")
    if re.fullmatch(MONTH_RE, rest):
        return Resolution("SET", f"XXXX-{MONTHS[rest]:02d}", precision="month")
    if re.fullmatch(SEASON_RE, rest):
        return Resolution("SET", f"XXXX-{SEASON_CODES[rest]}", precision="season")
    if rest == "weekend":
        return Resolution("SET", "XXXX-WXX-WE", precision="week")
    part = re.fullmatch(DAY_PART_RE, rest)
    if part:
        return Resolution("SET", f"XXXX-XX-XXT{DAY_PARTS[part.group(1)]}", precision="hour")
    quantity = re.fullmatch(rf"(?:{NUMBER_RE} ?)?{UNIT_RE}", rest)
    if quantity:
        amount = number(quantity.group(1)) if quantity.group(1) else Fraction(1)
        if every_other and amount is not None:
            amount *= 2
        return Resolution("SET", duration_value(amount, quantity.group(2)))
    return None
