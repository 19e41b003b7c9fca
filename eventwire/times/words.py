"""The words of time expressions: month, weekday, season and unit names, number words,
and the normalisation every phrase goes through before it is matched."""

from __future__ import annotations

import re
from fractions import Fraction

from eventwire.times.calendar import Unit

MONTHS: dict[str, int] = {}
for _number, _name in enumerate(
    (
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ),
    start=1,
):
    MONTHS[_name] = _number
    MONTHS[_name[:3]] = _number
MONTHS["sept"] = 9
MONTH_RE = "(" + "|".join(sorted(MONTHS, key=len, reverse=True)) + ")"

WEEKDAYS: dict[str, int] = {}
for _number, _name in enumerate(
    ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"), start=1
):
    WEEKDAYS[_name] = _number
    WEEKDAYS[_name[:3]] = _number
WEEKDAYS.update({"tues": 2, "thur": 4, "thurs": 4})
WEEKDAY_RE = "(" + "|".join(sorted(WEEKDAYS, key=len, reverse=True)) + ")"

SEASON_CODES = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
SEASON_RE = "(spring|summer|fall|autumn|winter)"

# TIMEX3 codes for parts of the day.
DAY_PARTS = {
    "morning": "MO",
    "afternoon": "AF",
    "evening": "EV",
    "night": "NI",
    "overnight": "NI",
    "midday": "MI",
    "noon": "MI",
}
DAY_PART_RE = "(morning|afternoon|evening|overnight|night|midday)"

# Unit words → (calendar unit for arithmetic, TIMEX3 duration letter, time part?).
UNITS: dict[str, tuple[Unit | None, str, bool]] = {
    "second": (None, "S", True),
    "minute": (None, "M", True),
    "hour": (None, "H", True),
    "day": ("day", "D", False),
    "night": ("day", "D", False),
    "week": ("week", "W", False),
    "weekend": ("weekend", "D", False),
    "fortnight": ("week", "W", False),
    "month": ("month", "M", False),
    "quarter": ("quarter", "Q", False),
    "season": ("season", "S", False),
    "year": ("year", "Y", False),
    "decade": ("decade", "Y", False),  # TimeML writes decades and centuries in years
    "century": ("century", "Y", False),
}
UNIT_RE = (
    r"(seconds?|minutes?|hours?|days?|nights?|weeks?|weekends?|fortnights?|months?"
    r"|quarters?|seasons?|years?|decades?|century|centuries)"
)


def unit_of(word: str) -> str:
    """The singular unit name of a (possibly plural) unit word."""
    if word == "centuries":
        return "century"
    return word[:-1] if word.endswith("s") else word


ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "thirteenth": 13,
    "fourteenth": 14,
    "fifteenth": 15,
    "sixteenth": 16,
    "seventeenth": 17,
    "eighteenth": 18,
    "nineteenth": 19,
    "twentieth": 20,
    "twenty first": 21,
}

_SMALL = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen"
        " fifteen sixteen seventeen eighteen nineteen".split()
    )
}
_TENS = {
    w: 10 * i
    for i, w in enumerate("_ _ twenty thirty forty fifty sixty seventy eighty ninety".split())
    if i >= 2
}
_SCALES = {"hundred": 100, "thousand": 1000}

# Quantities that say "some number of": TIMEX3 writes them X. The second item is the
# widest reading, used to bound the interval of "the past several weeks".
VAGUE_QUANTITIES: dict[str, int] = {
    "a few": 4,
    "few": 4,
    "several": 7,
    "some": 7,
    "a number of": 7,
    "many": 12,
    "recent": 6,
    "": 6,  # a bare plural: "the past weeks", "for weeks"
}
VAGUE_RE = r"(a few|few|several|some|a number of|many|recent)"

NUMBER_RE = (
    r"((?:\d[\d,]*(?:\.\d+)?(?: \d/\d)?|a|an|one|a couple of|a couple|couple of"
    r"|(?:(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen"
    r"|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty"
    r"|seventy|eighty|ninety|hundred|thousand|and)(?: |$))+?)(?:and a half(?: |$))?)"
)


def number(text: str) -> Fraction | None:
    """The value of a number written in digits or words ("24", "2 1/2", "twenty four",
    "a couple of", "two and a half"); ``None`` when it is not one."""
    text = text.strip()
    half = text.endswith(" and a half") or text == "and a half"
    if half:
        text = text[: -len(" and a half")].strip()
    value = _whole(text)
    if value is None:
        return None
    return value + Fraction(1, 2) if half else value


def _whole(text: str) -> Fraction | None:
    if text in ("a", "an", "one"):
        return Fraction(1)
    if text in ("a couple of", "a couple", "couple of"):
        return Fraction(2)
    digits = re.fullmatch(r"(\d[\d,]*(?:\.\d+)?)(?: (\d)/(\d))?", text)
    if digits:
        value = Fraction(digits.group(1).replace(",", ""))
        if digits.group(2):
            value += Fraction(int(digits.group(2)), int(digits.group(3)))
        return value
    total, current = 0, 0
    words = [w for w in text.split() if w != "and"]
    if not words:
        return None
    for word in words:
        if word in _SMALL:
            current += _SMALL[word]
        elif word in _TENS:
            current += _TENS[word]
        elif word in _SCALES:
            current = max(current, 1) * _SCALES[word]
            if _SCALES[word] >= 1000:
                total, current = total + current, 0
        else:
            return None
    return Fraction(total + current)


def normalise(phrase: str) -> str:
    """Lower case, one space between words, no possessive or abbreviation dots: the form
    the resolver's patterns are written against ("Oct. 8, 2015" → "oct 8 2015",
    "six weeks’" → "six weeks", "mid-2014" → "mid 2014", "a.m." → "am")."""
    s = phrase.lower().replace("’", "'").replace("‘", "'").replace("–", "-").replace("—", "-")
    s = re.sub(r"\b([ap])\.m\.?", r"\1m", s)
    s = re.sub(r"'s\b|(?<=s)'(?=\s|$)", "", s)
    s = re.sub(r"(?<=[a-z])\.", "", s)
    s = re.sub(r"(?<=[a-z])-|-(?=[a-z])", " ", s)
    s = re.sub(r"[,;:!?\"()]+(?!\d)", " ", s)
    s = re.sub(r"(?<=\d)(st|nd|rd|th)\b(?! century)", "", s)  # "20th century" is no count
    s = re.sub(r" or so\b", "", s)
    return " ".join(s.split()).strip(" .")


_CENTURY_WORDS = {w: _SMALL[w] for w in ("eleven twelve thirteen fourteen fifteen sixteen"
                                          " seventeen eighteen nineteen").split()}  # fmt: skip
_SPELLED_YEAR = re.compile(
    r"(?:(?:the )?year )?((?:" + "|".join(_CENTURY_WORDS) + r"|two thousand)(?: [a-z]+){0,3})$"
)


def spelled_years(s: str) -> str:
    """A year written in words at the end of a phrase, in digits ("january nineteen
    ninety seven" → "january 1997", "the year two thousand" → "2000")."""
    match = _SPELLED_YEAR.search(s)
    if match is None:
        return s
    words = match.group(1).split()
    if words[:2] == ["two", "thousand"]:
        rest = [w for w in words[2:] if w != "and"]
        tail = number(" ".join(rest)) if rest else Fraction(0)
        year = None if tail is None or tail >= 100 else 2000 + int(tail)
    else:
        rest = words[1:]
        if rest[:1] == ["hundred"]:
            rest = [w for w in rest[1:] if w != "and"]
            tail = number(" ".join(rest)) if rest else Fraction(0)
        else:
            tail = number(" ".join(rest)) if rest else None
            tail = tail if tail is not None and 10 <= tail < 100 else None
        year = None if tail is None else _CENTURY_WORDS[words[0]] * 100 + int(tail)
    if year is None:
        return s
    return (s[: match.start()] + str(year)).strip()
