"""Numbers and quantities: the phrase parser (pure, property-tested) and the finder over
parsed documents (needs the model)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eventwire.errors import LexiconError
from eventwire.normalise import build_document
from eventwire.numbers import ParsedQuantity, find_quantities, parse_quantity
from eventwire.numbers.lexicon import (
    number_lexicon,
    parse_currencies,
    parse_qualifiers,
    parse_vague,
)
from eventwire.readers import read_path
from eventwire.records import Quantity, RawReport
from eventwire.settings import Settings

from .conftest import SEED

# ---------------------------------------------------------------------------- the parser


def q(
    best: float | None,
    low: float | None,
    high: float | None,
    qualifier: Any,
    kind: Any = "count",
    unit: str | None = None,
) -> ParsedQuantity:
    return ParsedQuantity(best, low, high, qualifier, kind, unit)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("four", q(4, 4, 4, "exact")),
        ("Some 30", q(30, None, None, "approximate")),
        ("at least 12", q(12, 12, None, "at_least")),
        ("more than 100", q(100, 100, None, "at_least")),
        ("up to 40", q(None, None, 40, "at_most")),
        ("between 20 and 30", q(20, 20, 30, "range")),
        ("20-30", q(20, 20, 30, "range")),
        ("two or three", q(2, 2, 3, "range")),
        ("a dozen", q(12, None, None, "approximate")),
        ("half a dozen", q(6, None, None, "approximate")),
        ("nearly 50", q(50, None, 50, "approximate")),
        ("around 1,200", q(1200, None, None, "approximate")),
        ("20-odd", q(20, 20, None, "approximate")),
        ("40 or so", q(40, None, None, "approximate")),
        ("100-plus", q(100, 100, None, "at_least")),
        ("2.5 million", q(2_500_000, 2_500_000, 2_500_000, "exact")),
        ("one", q(1, 1, 1, "exact")),
        ("a hundred and twenty", q(120, 120, 120, "exact")),
        ("dozens", q(12, 12, 99, "vague")),
        ("hundreds", q(100, 100, 999, "vague")),
        ("several", q(3, 3, 9, "vague")),
        ("a few", q(3, 2, 5, "vague")),
        ("several hundred", q(300, 300, 900, "vague")),
        ("a few dozen", q(36, 24, 60, "vague")),
        ("tens of thousands", q(10_000, 10_000, 99_999, "vague")),
        ("hundreds of thousands", q(100_000, 100_000, 999_999, "vague")),
        ("at least dozens", q(12, 12, None, "at_least")),
        ("20 to 30 million", q(20e6, 20e6, 30e6, "range")),
    ],
)
def test_counts(text: str, expected: ParsedQuantity) -> None:
    assert parse_quantity(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the equivalent of 830 dollars", q(830, None, None, "approximate", "money", "USD")),
        ("830 dollars", q(830, 830, 830, "exact", "money", "USD")),
        ("$5m", q(5e6, 5e6, 5e6, "exact", "money", "USD")),
        ("€2 million", q(2e6, 2e6, 2e6, "exact", "money", "EUR")),
        ("500,000 rials", q(500_000, 500_000, 500_000, "exact", "money", "IRR")),
        ("10 billion Syrian pounds", q(1e10, 1e10, 1e10, "exact", "money", "SYP")),
        ("USD 5 million", q(5e6, 5e6, 5e6, "exact", "money", "USD")),
        ("$20-30 million", q(20e6, 20e6, 30e6, "range", "money", "USD")),
        ("millions of dollars", q(1e6, 1e6, 9_999_999, "vague", "money", "USD")),
        ("300 dinars", q(300, 300, 300, "exact", "money", None)),  # currency unknown
        ("six weeks", q(6, 6, 6, "exact", "duration", "W")),
        ("six-week", q(6, 6, 6, "exact", "duration", "W")),
        ("72 hours", q(72, 72, 72, "exact", "duration", "H")),
        ("two fortnights", q(4, 4, 4, "exact", "duration", "W")),
        ("two and a half years", q(2.5, 2.5, 2.5, "exact", "duration", "Y")),
        ("a couple of months", q(2, 2, 3, "vague", "duration", "M")),
        ("more than a decade", q(1, 1, None, "at_least", "duration", "DE")),
        ("20 minutes", q(20, 20, 20, "exact", "duration", "MIN")),
    ],
)
def test_money_and_durations(text: str, expected: ParsedQuantity) -> None:
    assert parse_quantity(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "a",  # "a soldier" is not a count unless asked
        "30 fighters",  # a phrase with more than the quantity in it
        "30%",
        "30 percent",
        "15 km",
        "1990s",
        "F-16",
        "five five",
        "twenty hundred",
        "1,20",
        "3-1",  # a score, not a range
        "many",
        "500 pounds of explosives",
        "9" * 30,
    ],
)
def test_not_quantities(text: str) -> None:
    assert parse_quantity(text) is None


def test_indefinite_article_counts_one_only_when_asked() -> None:
    assert parse_quantity("a", indefinite=True) == q(1, 1, 1, "exact")
    # Before a unit of time "a" is always one: "a week" is a duration.
    assert parse_quantity("a week") == q(1, 1, 1, "exact", "duration", "W")


def test_surrounding_punctuation_is_not_part_of_the_phrase() -> None:
    assert parse_quantity('"some 30",') == q(30, None, None, "approximate")


# ------------------------------------------------------------------------ properties

_UNITS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen "
    "fourteen fifteen sixteen seventeen eighteen nineteen"
).split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()


def _below_thousand(n: int, *, british_and: bool) -> str:
    hundreds, rest = divmod(n, 100)
    words = []
    if hundreds:
        words.append(f"{_UNITS[hundreds]} hundred")
        if rest and british_and:
            words.append("and")
    if rest >= 20:
        tens, unit = divmod(rest, 10)
        words.append(_TENS[tens - 2] + (f"-{_UNITS[unit]}" if unit else ""))
    elif rest:
        words.append(_UNITS[rest])
    return " ".join(words)


def to_words(n: int, *, british_and: bool = False) -> str:
    """English words for 0 <= n < 10**12, written for the test, not taken from the code."""
    if n == 0:
        return "zero"
    parts = []
    for scale, name in ((10**9, "billion"), (10**6, "million"), (10**3, "thousand"), (1, "")):
        group, n = divmod(n, scale)
        if group:
            parts.append(f"{_below_thousand(group, british_and=british_and)} {name}".strip())
    return " ".join(parts)


def test_to_words_itself() -> None:
    assert to_words(2345, british_and=True) == "two thousand three hundred and forty-five"
    assert to_words(1_000_019) == "one million nineteen"


def _ordered(p: ParsedQuantity) -> bool:
    pairs = ((p.low, p.best), (p.best, p.high), (p.low, p.high))
    return all(a <= b for a, b in pairs if a is not None and b is not None)


@given(st.integers(min_value=0, max_value=10**12), st.booleans())
def test_digits_parse_back(n: int, separators: bool) -> None:
    text = f"{n:,}" if separators else str(n)
    assert parse_quantity(text) == q(n, n, n, "exact")


@given(st.integers(min_value=0, max_value=10**12 - 1), st.booleans())
def test_words_parse_back(n: int, british_and: bool) -> None:
    assert parse_quantity(to_words(n, british_and=british_and)) == q(n, n, n, "exact")


@given(st.integers(min_value=0, max_value=10**9), st.booleans())
def test_at_least(n: int, words: bool) -> None:
    parsed = parse_quantity(f"at least {to_words(n) if words else n}")
    assert parsed is not None
    assert (parsed.low, parsed.high, parsed.qualifier) == (n, None, "at_least")


@given(st.integers(0, 10**6), st.integers(0, 10**6))
def test_between_is_a_range_from_min_to_max(a: int, b: int) -> None:
    parsed = parse_quantity(f"between {a:,} and {b}")
    assert parsed is not None
    assert (parsed.low, parsed.high, parsed.qualifier) == (min(a, b), max(a, b), "range")
    assert parsed.best == min(a, b)


@given(st.integers(0, 10**6), st.integers(0, 10**6))
def test_hyphen_range_only_when_increasing(a: int, b: int) -> None:
    parsed = parse_quantity(f"{a}-{b}")
    if a < b:
        assert parsed == q(a, a, b, "range")
    else:
        assert parsed is None


def _phrases() -> st.SearchStrategy[str]:
    lex = number_lexicon()
    qualifiers = [" ".join(p) for p in lex.before]
    after = [" ".join(p) for p in lex.after]
    units = ["", "weeks", "dollars", "years", "Syrian pounds", "hours"]
    numbers = st.one_of(
        st.integers(0, 10**9).map(str),
        st.integers(0, 10**9).map(lambda n: f"{n:,}"),
        st.integers(0, 10**6).map(to_words),
        st.sampled_from([" ".join(p) for p in lex.vague]),
        st.sampled_from(["a dozen", "half a dozen", "2.5 million", "several hundred"]),
    )
    return st.builds(
        lambda b, n, a, u: " ".join(x for x in (b, n, a, u) if x),
        st.sampled_from(["", *qualifiers]),
        numbers,
        st.sampled_from(["", *after]),
        st.sampled_from(units),
    )


@given(_phrases())
def test_qualifiers_never_invert_low_best_high(text: str) -> None:
    parsed = parse_quantity(text)
    assert parsed is not None, text
    assert _ordered(parsed), (text, parsed)


@given(st.text())
def test_arbitrary_text_never_raises(text: str) -> None:
    parsed = parse_quantity(text)
    assert parsed is None or _ordered(parsed)


@given(
    st.lists(
        st.sampled_from(
            "a an and of between to or - $ € 5 1,200 2.5 0 hundred thousand million dozen "
            "dozens several few some at least up more than odd plus + weeks dollars".split()
        ),
        max_size=8,
    )
)
def test_word_soup_never_raises(words: list[str]) -> None:
    parsed = parse_quantity(" ".join(words))
    assert parsed is None or _ordered(parsed)


# ------------------------------------------------------------------------ the lexicon


def test_bundled_lexicon_loads() -> None:
    lex = number_lexicon()
    assert lex.vague[("dozens",)].best == 12
    assert lex.currency_names[("iranian", "rials")] == "IRR"
    assert lex.before[("the", "equivalent", "of")] == "approximate"


def test_vague_entry_out_of_order_is_rejected() -> None:
    bad = {
        "vague": [
            {"words": ["lots"], "low": 5, "best": 3, "high": 9, "role": "magnitude"}
            | {"source": "eventwire"}
        ]
    }
    with pytest.raises(LexiconError, match="low <= best <= high"):
        parse_vague(bad)


def test_unknown_qualifier_and_bad_currency_code_are_rejected() -> None:
    with pytest.raises(LexiconError, match="unknown qualifier"):
        parse_qualifiers({"before": {"roughly_maybe": ["ish"]}}, "before")
    with pytest.raises(LexiconError, match="ISO 4217"):
        parse_currencies({"currencies": [{"code": "Dollar", "names": ["dollar"]}]})


# ------------------------------------------------------------------- finding in documents


def found(pipeline: Any, text: str, **options: Any) -> list[Quantity]:
    return find_quantities(pipeline(text), doc_id="d", **options)


def spans(pipeline: Any, text: str, **options: Any) -> list[str]:
    return [quantity.evidence.text for quantity in found(pipeline, text, **options)]


@pytest.fixture(scope="module")
def seed_quantities(pipeline: Any) -> tuple[str, list[Quantity]]:
    [raw] = list(read_path(Path(SEED), settings=Settings()))
    assert isinstance(raw, RawReport)
    document = build_document(raw)
    return document.text, find_quantities(pipeline(document.text), doc_id=document.id)


def test_seed_quantities(seed_quantities: tuple[str, list[Quantity]]) -> None:
    text, quantities = seed_quantities
    by_text = {quantity.evidence.text: quantity for quantity in quantities}
    assert set(by_text) == {
        "Some 30",
        "several weeks",
        "four",
        "the equivalent of 830 dollars",
        "six weeks",
    }
    some_30 = by_text["Some 30"]
    assert (some_30.best, some_30.qualifier, some_30.kind) == (30, "approximate", "count")
    four = by_text["four"]
    assert (four.low, four.best, four.high, four.qualifier) == (4, 4, 4, "exact")
    money = by_text["the equivalent of 830 dollars"]
    assert (money.best, money.kind, money.unit, money.qualifier) == (
        830,
        "money",
        "USD",
        "approximate",
    )
    weeks = by_text["six weeks"]
    assert (weeks.best, weeks.kind, weeks.unit) == (6, "duration", "W")
    for quantity in quantities:
        ev = quantity.evidence
        assert text[ev.start : ev.end] == ev.text


def test_seed_counts_end_right_before_what_they_count(
    seed_quantities: tuple[str, list[Quantity]],
) -> None:
    text, quantities = seed_quantities
    following = {
        q.evidence.text: text[q.evidence.end :].split()[0] for q in quantities if q.kind == "count"
    }
    assert following == {"Some 30": "IRGC", "four": "senior"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("At least 12 civilians were killed.", ["At least 12"]),
        ("Dozens of people were wounded.", ["Dozens"]),
        ("Two soldiers and a dozen militants died.", ["Two", "a dozen"]),
        ("Hundreds were wounded in the blast.", ["Hundreds"]),
        ("Between 20 and 30 fighters were captured.", ["Between 20 and 30"]),
        ("More than 100 people were detained, up to 40 of them children.", None),
        ("Some 20-odd rebels and 40 or so soldiers died.", ["Some 20-odd", "40 or so"]),
        ("Tens of thousands of refugees fled.", ["Tens of thousands"]),
        ("Sixty-five people, including twenty-one women, died.", ["Sixty-five", "twenty-one"]),
        ("Nearly 50 bodies and around 1,200 families.", ["Nearly 50", "around 1,200"]),
        ("The government paid $5m and €2 million.", ["$5m", "€2 million"]),
        ("Militants demanded 500,000 rials.", ["500,000 rials"]),
        ("A ceasefire of 72 hours held.", ["72 hours"]),
    ],
)
def test_finds_counts_money_and_durations(
    pipeline: Any, text: str, expected: list[str] | None
) -> None:
    assert spans(pipeline, text) == (expected or ["More than 100", "up to 40"])


@pytest.mark.parametrize(
    "text",
    [
        "The war began in 2014 and ended on 12 March 2016.",
        "It was the first attack on the fourth day.",
        "The blast came at 10:30 a.m., and again at 0300 GMT.",
        "Some 30% of the town, or 45 percent of homes, was destroyed.",
        "Call +963 11 2345678 for help.",
        "The council passed Resolution 2254 as Brigade 93 took the F-16 base.",
        "The army's 3 Commando Brigade moved in on Sept. 30.",
        "A 25-year-old man, aged 30, spoke of the 1990s.",
        "The convoy was 15 km from the border.",
        "No one was hurt; they blamed one another, six weeks ago.",
        "The fighting between 2014 and 2016 went on.",
    ],
)
def test_skips_what_is_not_a_quantity_of_people_money_or_time(pipeline: Any, text: str) -> None:
    assert spans(pipeline, text) == []


def test_a_plural_noun_after_a_year_like_number_makes_it_a_count(pipeline: Any) -> None:
    assert spans(pipeline, "The fighting killed 2000 people last year.") == ["2000"]
    assert spans(pipeline, "The 2014 elections were held.") == []


def test_indefinite_articles_count_only_when_asked(pipeline: Any) -> None:
    text = "A soldier and an officer were killed in a week of fighting."
    assert spans(pipeline, text) == ["a week"]
    counted = found(pipeline, text, indefinite=True)
    assert [(c.evidence.text, c.best, c.kind) for c in counted] == [
        ("A", 1, "count"),
        ("an", 1, "count"),
        ("a week", 1, "duration"),
    ]


def test_count_opening_a_sentence_after_a_weekday_is_kept(pipeline) -> None:  # type: ignore[no-untyped-def]
    doc = pipeline("A drone struck the convoy on Tuesday. Dozens of people were wounded.")
    found = find_quantities(doc, doc_id="t")
    assert [q.evidence.text for q in found] == ["Dozens"]
