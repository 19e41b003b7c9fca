"""Finding time expressions in parsed text: the seed article, real sentences, gold data."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eventwire.records import TimeRef
from eventwire.times.find import _PATTERNS, find_times, pattern_matches, tense_of
from tests.conftest import SEED, SHARED_DATA, shared_data

PUB = date(2015, 11, 2)
pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def seed_doc(pipeline):  # type: ignore[no-untyped-def]
    return pipeline(SEED.read_text(encoding="utf-8"))


def by_text(times: list[TimeRef]) -> dict[str, TimeRef]:
    return {t.evidence.text.lower(): t for t in times}


def test_seed_with_publication_date(seed_doc) -> None:  # type: ignore[no-untyped-def]
    times = find_times(seed_doc, doc_id="seed", published=PUB)
    found = by_text(times)
    last_month = found["last month"]
    assert (last_month.start, last_month.end, last_month.precision) == (
        date(2015, 10, 1),
        date(2015, 10, 31),
        "month",
    )
    earlier = found["earlier that month"]
    assert earlier.anchor == "previous" and earlier.value == "2015-10"
    assert earlier.start is not None and earlier.end is not None
    assert date(2015, 10, 1) <= earlier.start <= earlier.end <= date(2015, 10, 31)
    weeks = found["the past several weeks"]
    assert weeks.end == PUB and weeks.precision == "vague" and weeks.start is not None
    assert weeks.start < date(2015, 10, 1)
    service = found["six weeks"]
    assert (service.type, service.value, service.start) == ("DURATION", "P6W", None)
    assert found["recent months"].end == PUB
    for time in times:
        ev = time.evidence
        assert seed_doc.text[ev.start : ev.end] == ev.text
        assert time.id == f"t:seed:{ev.start}:{ev.end}"
    assert "some 30" not in found and "four" not in found  # counts are not times


def test_seed_without_publication_date(seed_doc) -> None:  # type: ignore[no-untyped-def]
    times = find_times(seed_doc, doc_id="seed", published=None)
    found = by_text(times)
    for phrase in ("last month", "earlier that month", "the past several weeks", "six weeks"):
        assert phrase in found, phrase
    assert not any(t.resolved for t in times)
    assert found["last month"].value == "XXXX-XX"
    assert found["six weeks"].value == "P6W"  # a duration needs no anchor


TEXT = (
    "Two days ago, rebels attacked the town. On Tuesday the army said it will strike "
    "again on Friday. Families pray every Friday. The gunman was 23 years old. "
    "Since 2014, 300 people have died. Fighting erupted on 8/10/2015 and lasted for six "
    "weeks. The next day, the ceasefire collapsed."
)


def test_real_sentences(pipeline) -> None:  # type: ignore[no-untyped-def]
    times = find_times(pipeline(TEXT), doc_id="d", published=PUB)
    found = by_text(times)
    assert found["two days ago"].value == "2015-10-31"
    assert found["tuesday"].value == "2015-10-27"  # "said": past tense
    assert found["friday"].value == "2015-11-06"  # "will strike": future tense
    assert (found["every friday"].type, found["every friday"].value) == ("SET", "XXXX-WXX-5")
    assert found["since 2014"].start == date(2014, 1, 1) and found["since 2014"].end == PUB
    assert found["8/10/2015"].value == "2015-08-10"
    assert found["six weeks"].type == "DURATION"
    # "the next day" follows the outbreak of fighting, not publication.
    assert (found["the next day"].value, found["the next day"].anchor) == ("2015-08-11", "previous")
    assert not any("old" in text for text in found)  # an age is not a time
    assert [t.evidence.start for t in times] == sorted(t.evidence.start for t in times)


def test_day_first_locale(pipeline) -> None:  # type: ignore[no-untyped-def]
    doc = pipeline("Fighting erupted on 8/10/2015 near the border.")
    (time,) = find_times(doc, doc_id="d", published=PUB, day_first=True)
    assert time.value == "2015-10-08"


def test_tense_of_the_governing_verb(pipeline) -> None:  # type: ignore[no-untyped-def]
    doc = pipeline("The army attacked on Tuesday. The army will attack on Friday.")
    tuesday = next(e for e in doc.ents if e.text == "Tuesday")
    friday = next(e for e in doc.ents if e.text == "Friday")
    assert tense_of(tuesday) == "past" and tense_of(friday) == "future"


@pytest.mark.gold
def test_gold_span_values_on_timebank_aquaint() -> None:
    """The resolver alone, on the gold TIMEX3 spans of TimeBank + AQUAINT with their
    creation dates (no parse, so no tense): the value must match the gold value."""
    from eventwire.evaluate.timeml import read_timeml
    from eventwire.records import Evidence
    from eventwire.times import resolve

    folder = shared_data("time/tempeval3-tbaq")
    total = correct = 0
    for path in sorted(folder.rglob("*.tml")):
        gold = read_timeml(path)
        previous = None
        for timex in gold.timexes:
            phrase = gold.text[timex.start : timex.end]
            found = resolve(phrase, published=gold.dct, previous=previous)
            total += 1
            correct += found is not None and found.value == timex.value
            if found is not None and found.type in ("DATE", "TIME") and found.start:
                evidence = Evidence("", timex.start, timex.end, phrase)
                previous = TimeRef(evidence, found.type, found.value, found.start,
                                   found.end, found.precision, found.anchor)  # fmt: skip
    assert total > 1500
    assert correct / total >= 0.75, f"value accuracy {correct / total:.3f} on gold spans"


_TIME_WORDS = [
    "every", "other", "2", "three", "a", "few", "days", "ago", "earlier", "that", "week",
    "last", "Monday", "mondays", "the", "next", "day", "before", "yesterday", "now",
    "weekly", "in", "past", "x2", "Tuesday's", "-", ",", "same", "night", "since",
]  # fmt: skip


@given(st.lists(st.sampled_from(_TIME_WORDS), max_size=40), st.sampled_from([" ", "  ", "\n"]))
@settings(max_examples=300, deadline=None)
def test_the_pattern_scan_finds_what_finditer_finds(words: list[str], space: str) -> None:
    text = space.join(words)
    expected = [(m.span(), m.group()) for m in _PATTERNS.finditer(text)]
    assert [(m.span(), m.group()) for m in pattern_matches(text)] == expected


def test_the_pattern_scan_on_the_seed_and_the_geo_gold_texts() -> None:
    texts = [SEED.read_text(encoding="utf-8")]
    gold = SHARED_DATA / "geo" / "TR-News.xml"  # more text when the gold data is there
    if gold.exists():
        from eventwire.evaluate.geodata import read_geo

        texts += [doc.text for doc in read_geo(gold)]
    found = 0
    for text in texts:
        expected = [(m.span(), m.group()) for m in _PATTERNS.finditer(text)]
        assert [(m.span(), m.group()) for m in pattern_matches(text)] == expected
        found += len(expected)
    assert found > 0
