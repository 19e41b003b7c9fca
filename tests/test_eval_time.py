"""Tests for eventwire.evaluate: the TimeML reader and TempEval-3 style TIMEX3 scoring."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

from eventwire.errors import EvalDataError
from eventwire.evaluate.time import (
    PredictedTimex,
    TimeTagger,
    TypeBreakdown,
    evaluate_time,
    format_report,
    pair_timexes,
    spacy_time_tagger,
    value_shape,
)
from eventwire.evaluate.timeml import GoldTimex, TimeDoc, read_timeml, read_timeml_folder

from .conftest import shared_data

TML = """\
<?xml version="1.0" ?>
<TimeML xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<DOCID>SYN0001</DOCID>
<DCT><TIMEX3 tid="t0" type="TIME" value="2024-03-15T08:30" temporalFunction="false" \
functionInDocument="CREATION_TIME">2024-03-15 08:30</TIMEX3></DCT>
<TITLE>Shelling resumes <TIMEX3 tid="t90" type="DATE" value="2024-03-15">today</TIMEX3></TITLE>
<TEXT>
Rebels shelled Aleppo <TIMEX3 tid="t1" type="DATE" value="2024-03-14">yesterday</TIMEX3>, \
officials <EVENT eid="e1" class="REPORTING">said</EVENT> &amp; the fighting lasted \
<TIMEX3 tid="t2" type="DURATION" value="P3D">three days</TIMEX3><TIMEX3 tid="t3" type="TIME" \
value="2024-03-14T09:00"> 9 am</TIMEX3> <SIGNAL sid="s1">before</SIGNAL> \
<TIMEX3 tid="t4" type="DATE" value="2024-W10">the week of \
<TIMEX3 tid="t5" type="DATE" value="2024-03-04">March 4</TIMEX3></TIMEX3>.
<TIMEX3 tid="t6" type="DURATION" value="P1D" />
</TEXT>
<TLINK lid="l1" relType="BEFORE" timeID="t1" relatedToTime="t0" />
</TimeML>
"""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def tml(text: str, *, dct: str = "") -> str:
    """A minimal TimeML file around ``text`` (the TEXT content) and an optional DCT."""
    head = (
        f'<DCT><TIMEX3 tid="t0" type="DATE" value="{dct}" '
        f'functionInDocument="CREATION_TIME">{dct}</TIMEX3></DCT>'
        if dct
        else ""
    )
    return f"<TimeML>{head}<TEXT>{text}</TEXT></TimeML>"


# --- reader -----------------------------------------------------------------------------


def test_reader_strips_tags_and_keeps_exact_offsets(tmp_path: Path) -> None:
    doc = read_timeml(write(tmp_path / "SYN0001.tml", TML))
    assert doc.name == "SYN0001"
    assert doc.dct == date(2024, 3, 15)
    assert doc.dct_value == "2024-03-15T08:30"
    assert "<" not in doc.text
    assert doc.text.startswith("\nRebels shelled Aleppo yesterday, officials said & the fighting")
    assert "lasted three days 9 am before the week of March 4.\n" in doc.text
    # the DCT and the title timex are outside TEXT: not read; the empty t6 has no span
    assert [(t.tid, doc.text[t.start : t.end], t.type, t.value) for t in doc.timexes] == [
        ("t1", "yesterday", "DATE", "2024-03-14"),
        ("t2", "three days", "DURATION", "P3D"),
        ("t3", "9 am", "TIME", "2024-03-14T09:00"),  # space inside the tag left out
        ("t4", "the week of March 4", "DATE", "2024-W10"),  # encloses t5
        ("t5", "March 4", "DATE", "2024-03-04"),
    ]
    assert doc.empty_timexes == 1
    t2, t3 = doc.timexes[1], doc.timexes[2]
    assert t2.end + 1 == t3.start  # adjacent tags: the space after t2 belongs to t3's tag


@pytest.mark.parametrize(
    ("dct", "day"),
    [("1998-11-20", date(1998, 11, 20)), ("1998-11", None), ("1998-02-30", None)],
)
def test_dct_value_and_day(tmp_path: Path, dct: str, day: date | None) -> None:
    doc = read_timeml(write(tmp_path / "d.tml", tml("x", dct=dct)))
    assert (doc.dct_value, doc.dct) == (dct, day)


def test_no_dct_and_creation_time_outside_a_dct_element(tmp_path: Path) -> None:
    assert read_timeml(write(tmp_path / "a.tml", tml("nothing"))).dct is None
    text = (
        '<TimeML xmlns="http://example.org/timeml"><META><TIMEX3 tid="t0" type="DATE" '
        'value="2001-09-11" functionInDocument="CREATION_TIME">Sep 11</TIMEX3></META>'
        '<TEXT>On <TIMEX3 tid="t1" type="DATE" value="2001-09-10">Monday</TIMEX3></TEXT>'
        "</TimeML>"
    )
    doc = read_timeml(write(tmp_path / "ns.tml", text))
    # a default namespace is ignored; CREATION_TIME is found wherever it is
    assert doc.dct == date(2001, 9, 11)
    assert doc.timexes == (GoldTimex(3, 9, "DATE", "2001-09-10", "t1"),)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("<TimeML><TEXT>On <TIMEX3 tid='t1'>Monday</TEXT></TimeML>", "not well-formed XML"),
        ("<TimeML><TEXT>Tom & Jerry</TEXT></TimeML>", "not well-formed XML"),
        ("<TimeML><DOCID>x</DOCID></TimeML>", "found 0 TEXT elements"),
        ("<TimeML><TEXT>a</TEXT><TEXT>b</TEXT></TimeML>", "found 2 TEXT elements"),
        (tml('<TIMEX3 tid="t1" type="DAY" value="2001">2001</TIMEX3>'), "has type 'DAY'"),
        (tml('<TIMEX3 tid="t1" value="2001">2001</TIMEX3>'), "has type None"),
        (tml('<TIMEX3 tid="t1" type="DATE">2001</TIMEX3>'), "TIMEX3 t1 has no value"),
    ],
)
def test_malformed_files_name_the_file_and_problem(tmp_path: Path, text: str, problem: str) -> None:
    path = write(tmp_path / "bad.tml", text)
    with pytest.raises(EvalDataError, match=re.escape(problem)) as caught:
        read_timeml(path)
    assert str(path) in str(caught.value)


def test_xml_errors_give_the_line(tmp_path: Path) -> None:
    path = write(tmp_path / "bad.tml", "<TimeML>\n<TEXT>\nfine\n<b>broken\n</TEXT></TimeML>")
    with pytest.raises(EvalDataError, match=re.escape(f"{path}:5:")):
        read_timeml(path)


def test_folder_is_searched_recursively_in_path_order(tmp_path: Path) -> None:
    write(tmp_path / "gold" / "b" / "z.tml", tml("z"))
    write(tmp_path / "gold" / "a.tml", tml("a"))
    write(tmp_path / "gold" / "b" / "c" / "a.tml", tml("c"))
    write(tmp_path / "gold" / "notes.txt", "not TimeML")
    docs = read_timeml_folder(tmp_path / "gold")
    assert [(d.name, d.text) for d in docs] == [("a", "a"), ("b/c/a", "c"), ("b/z", "z")]


def test_folder_errors(tmp_path: Path) -> None:
    with pytest.raises(EvalDataError, match="no such folder"):
        read_timeml_folder(tmp_path / "absent")
    write(tmp_path / "empty" / "notes.txt", "x")
    with pytest.raises(EvalDataError, match=r"no \.tml files"):
        read_timeml_folder(tmp_path / "empty")
    with pytest.raises(EvalDataError, match="no such file"):
        read_timeml(tmp_path / "absent.tml")


# --- pairing ----------------------------------------------------------------------------


def test_strict_pairs_come_first() -> None:
    pairing = pair_timexes([(0, 5)], [(2, 4), (0, 5)])
    assert pairing.pairs == ((0, 1, True),)
    assert pairing.strict == 1


def test_overlap_pairs_are_one_to_one_and_as_many_as_possible() -> None:
    # X overlaps A most, but pairing X with A would leave B and Y alone
    gold = [(0, 10), (10, 12)]
    predicted = [(5, 11), (0, 3)]
    pairing = pair_timexes(gold, predicted)
    assert pairing.pairs == ((0, 1, False), (1, 0, False))
    # touching spans do not overlap
    assert pair_timexes([(0, 5)], [(5, 9)]).pairs == ()
    # of two overlapping predictions, the larger overlap wins
    assert pair_timexes([(0, 10)], [(8, 12), (1, 9)]).pairs == ((0, 1, False),)


def test_value_shape() -> None:
    assert value_shape("1998-10-23T09:00") == "9999-99-99T99:99"
    assert value_shape("P3D") == "P9D"
    assert value_shape(None) == "(none)"


# --- scoring ----------------------------------------------------------------------------


def gold_doc(name: str, text: str, spans: list[tuple[str, str, str]], dct: date | None) -> TimeDoc:
    timexes = []
    for expression, kind, value in spans:
        start = text.index(expression)
        timexes.append(GoldTimex(start, start + len(expression), kind, value))
    return TimeDoc(name=name, text=text, dct=dct, timexes=tuple(timexes))


DOC1 = "On Monday rebels attacked for two days; at 9 am on March 4 the army replied."
DOC2 = "Nothing happened last week until Friday."
DOC3 = "No time here."
GOLD = [
    gold_doc(
        "d1",
        DOC1,
        [
            ("Monday", "DATE", "2024-03-11"),
            ("two days", "DURATION", "P2D"),
            ("9 am on March 4", "TIME", "2024-03-04T09:00"),
        ],
        date(2024, 3, 15),
    ),
    gold_doc(
        "d2",
        DOC2,
        [("last week", "DATE", "2024-W10"), ("Friday", "DATE", "2024-03-15")],
        None,
    ),
    gold_doc("d3", DOC3, [], date(2024, 1, 1)),
]


def at(text: str, expression: str, kind: str, value: str | None) -> PredictedTimex:
    start = text.index(expression)
    return (start, start + len(expression), kind, value)


PREDICTIONS: dict[str, list[PredictedTimex]] = {
    DOC1: [
        at(DOC1, "Monday", "DATE", "2024-03-11"),  # strict, type and value right
        at(DOC1, "Monday", "DATE", "2024-03-18"),  # the same span again: dropped
        at(DOC1, "for two days", "DURATION", "P2D"),  # relaxed, right
        at(DOC1, "at 9 am on March", "TIME", "2024-03-11T09:00"),  # relaxed, wrong value
        # overlaps the same gold timex less (7 characters, not 13): left over, spurious
        at(DOC1, "March 4", "DATE", "2024-03-04"),
    ],
    DOC2: [at(DOC2, "last week", "DURATION", "P1W")],  # strict, wrong type and value
    DOC3: [at(DOC3, "time", "DATE", None)],  # spurious
}


def fake_tagger(
    predictions: dict[str, list[PredictedTimex]],
) -> tuple[list[list[tuple[str, date | None]]], TimeTagger]:
    calls: list[list[tuple[str, date | None]]] = []

    def tag(batch: list[tuple[str, date | None]]) -> list[list[PredictedTimex]]:
        calls.append(list(batch))
        return [list(predictions.get(text, [])) for text, _ in batch]

    return calls, tag


def test_scores_with_known_counts() -> None:
    calls, tagger = fake_tagger(PREDICTIONS)
    report = evaluate_time(GOLD, tagger, batch_size=2, data="synthetic")
    # the tagger sees each text with its creation day
    assert calls == [[(DOC1, date(2024, 3, 15)), (DOC2, None)], [(DOC3, date(2024, 1, 1))]]
    # 5 gold, 6 predictions (one duplicate dropped); strict 2; relaxed 4
    assert (report.strict.tp, report.strict.fp, report.strict.fn) == (2, 4, 3)
    assert (report.relaxed.tp, report.relaxed.fp, report.relaxed.fn) == (4, 2, 1)
    assert report.strict.precision == pytest.approx(2 / 6)
    assert report.strict.recall == pytest.approx(2 / 5)
    assert report.strict.f1 == pytest.approx(4 / 11)
    assert report.relaxed.precision == pytest.approx(4 / 6)
    assert report.relaxed.recall == pytest.approx(4 / 5)
    assert report.relaxed.f1 == pytest.approx(8 / 11)
    assert report.type_accuracy == pytest.approx(3 / 4)
    assert report.value_accuracy == pytest.approx(2 / 4)
    assert report.type_f1 == pytest.approx(6 / 11)
    assert report.value_f1 == pytest.approx(4 / 11)
    # value F1 = F1 of (right values / predictions, right values / gold), as TempEval-3
    value_p, value_r = 2 / 6, 2 / 5
    assert report.value_f1 == pytest.approx(2 * value_p * value_r / (value_p + value_r))
    assert report.without_dct == 1
    assert dict(report.by_type) == {
        "DATE": TypeBreakdown(gold=3, found=2, value_correct=1),
        "TIME": TypeBreakdown(gold=1, found=1, value_correct=0),
        "DURATION": TypeBreakdown(gold=1, found=1, value_correct=1),
        "SET": TypeBreakdown(gold=0, found=0, value_correct=0),
    }
    assert report.missed == (("DATE", "friday", 1),)
    assert report.spurious == (("march 4", 1), ("time", 1))
    assert report.value_errors == (
        ("2024-03-04T09:00", "2024-03-11T09:00", 1),
        ("2024-W10", "P1W", 1),
    )
    assert report.value_error_shapes == (
        ("9999-99-99T99:99", "9999-99-99T99:99", 1),
        ("9999-W99", "P9W", 1),
    )
    assert report.type_errors == (("DATE", "DURATION", 1),)

    as_dict = report.as_dict()
    json.dumps(as_dict)
    assert as_dict["strict"] == {
        "precision": pytest.approx(1 / 3),
        "recall": pytest.approx(0.4),
        "f1": pytest.approx(4 / 11),
        "tp": 2,
        "fp": 4,
        "fn": 3,
    }
    assert as_dict["relaxed"]["f1"] == pytest.approx(8 / 11)  # type: ignore[index]
    assert as_dict["type_accuracy"] == 0.75
    assert as_dict["value_f1"] == pytest.approx(4 / 11)
    assert (as_dict["gold"], as_dict["predicted"], as_dict["documents"]) == (5, 6, 3)
    assert as_dict["value_errors"][1] == {"gold": "2024-W10", "predicted": "P1W", "count": 1}  # type: ignore[index]

    table = format_report(report)
    assert "3 documents, 5 gold timexes, 6 predicted" in table
    assert re.search(r"strict\s+0\.333\s+0\.400\s+0\.364\s+2\s+4\s+3", table)
    assert re.search(r"relaxed\s+0\.667\s+0\.800\s+0\.727\s+4\s+2\s+1", table)
    assert "value  accuracy 0.500 (2/4 relaxed matches)  value F1 0.364" in table
    assert "2024-W10 -> P1W" in table
    assert "'friday'" in table


def test_a_tagger_without_values_has_value_f1_zero() -> None:
    _, tagger = fake_tagger(
        {text: [(s, e, k, None) for s, e, k, _ in found] for text, found in PREDICTIONS.items()}
    )
    report = evaluate_time(GOLD, tagger)
    assert report.relaxed.tp == 4
    assert (report.value_accuracy, report.value_f1) == (0.0, 0.0)
    assert report.value_errors[0] == ("2024-03-04T09:00", "(none)", 1)


def test_nothing_predicted_and_nothing_to_find() -> None:
    report = evaluate_time(GOLD, lambda batch: [[] for _ in batch])
    assert (report.relaxed.tp, report.relaxed.fp, report.relaxed.fn) == (0, 0, 5)
    assert (report.relaxed.f1, report.type_accuracy, report.value_f1) == (0.0, 0.0, 0.0)
    assert len(report.missed) == 5
    empty = evaluate_time([], lambda batch: [])
    assert empty.documents == 0 and empty.strict.f1 == 0.0
    assert "0 documents" in format_report(empty)


def test_tagger_errors_are_reported() -> None:
    with pytest.raises(ValueError, match="outside its text"):
        evaluate_time(GOLD, lambda batch: [[(0, 500, "DATE", None)] for _ in batch])
    with pytest.raises(ValueError, match="one list of timexes per text"):
        evaluate_time(GOLD, lambda batch: [])
    with pytest.raises(ValueError, match="batch_size"):
        evaluate_time(GOLD, lambda batch: [], batch_size=0)


def test_progress_reports_each_batch() -> None:
    seen: list[tuple[int, int]] = []
    evaluate_time(
        GOLD,
        lambda batch: [[] for _ in batch],
        batch_size=2,
        progress=lambda done, total: seen.append((done, total)),
    )
    assert seen == [(2, 3), (3, 3)]


def test_spacy_time_tagger_keeps_date_and_time_entities() -> None:
    spacy = pytest.importorskip("spacy")
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns(
        [
            {"label": "DATE", "pattern": "Monday"},
            {"label": "TIME", "pattern": [{"LOWER": "9"}, {"LOWER": "am"}]},
            {"label": "GPE", "pattern": "Aleppo"},
        ]
    )
    tagger = spacy_time_tagger(nlp, batch_size=2)
    assert tagger([("Aleppo was shelled on Monday at 9 am", None), ("nothing", None)]) == [
        [(22, 28, "DATE", None), (32, 36, "TIME", None)],
        [],
    ]


def test_module_does_not_import_spacy() -> None:
    source = Path(__file__).resolve().parents[1] / "eventwire" / "evaluate" / "time.py"
    top_level = [
        line for line in source.read_text(encoding="utf-8").splitlines() if line[:1] != " "
    ]
    assert not [line for line in top_level if re.match(r"(from|import) spacy", line)]


# --- gold data --------------------------------------------------------------------------


@pytest.mark.gold
def test_tempeval3_tbaq_reads_completely() -> None:
    folder = shared_data("time/tempeval3-tbaq")
    docs = read_timeml_folder(folder)
    # ../shared/data/README.md: 256 documents, 2,078 TIMEX3 (every TIMEX3 tag in the files,
    # the 256 creation times included); 1,822 of them lie in the TEXT and are scored
    assert len(docs) == 256
    assert sum(1 for d in docs if d.dct_value is not None) == 256
    assert sum(len(d.timexes) for d in docs) + 256 == 2078
    per_corpus: dict[str, int] = {}
    for doc in docs:
        corpus = doc.name.split("/")[-2]
        per_corpus[corpus] = per_corpus.get(corpus, 0) + len(doc.timexes)
    assert per_corpus == {"AQUAINT": 579, "TimeBank": 1243}
    assert all(d.dct is not None for d in docs)
    assert sum(d.empty_timexes for d in docs) == 0
    types: dict[str, int] = {}
    for doc in docs:
        for timex in doc.timexes:
            assert doc.text[timex.start : timex.end].strip() == doc.text[timex.start : timex.end]
            types[timex.type] = types.get(timex.type, 0) + 1
    assert types == {"DATE": 1505, "DURATION": 257, "TIME": 30, "SET": 30}
