"""Tests for eventwire.evaluate: the CASE 2021 task 2 reader and the ACLED label scorer."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eventwire.errors import EvalDataError
from eventwire.evaluate.acled import (
    NO_ANSWER,
    AcledReport,
    evaluate_acled,
    format_report,
    majority_classifier,
)
from eventwire.evaluate.acleddata import (
    AcledSnippet,
    label_counts,
    read_acled_tsv,
    read_event_types,
)

from .conftest import shared_data

HEADER = "id\tEventSnippet\tSubType\n"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def snippets(*labels: str) -> list[AcledSnippet]:
    return [
        AcledSnippet(id=str(n), text=f"text {n}", label=label) for n, label in enumerate(labels)
    ]


def answering(answers: dict[str, str | None]):  # type: ignore[no-untyped-def]
    """A classifier answering by text, from a table."""

    def classify(texts: list[str]) -> list[str | None]:
        return [answers[text] for text in texts]

    return classify


# --- reader ----------------------------------------------------------------------------


def test_reader_keeps_id_text_label_and_skips_blank_lines(tmp_path: Path) -> None:
    path = write(
        tmp_path / "dev.tsv",
        "\ufeff"
        + HEADER
        + '1\tJets hit "the" village.  \tAIR_STRIKE\n\n7\tCrowds marched.\tPEACE_PROTEST\n',
    )
    assert read_acled_tsv(path) == [
        AcledSnippet("1", 'Jets hit "the" village.', "AIR_STRIKE"),
        AcledSnippet("7", "Crowds marched.", "PEACE_PROTEST"),
    ]


def test_event_type_files_beside_the_data_check_labels(tmp_path: Path) -> None:
    write(tmp_path / "event_types.txt", "AIR_STRIKE\nARREST\n")
    write(
        tmp_path / "note_on_event_types.txt", "EVENT TYPES for TASK 2\n\n2. SUBTASK 2: x\nDIPLO\n"
    )
    assert read_event_types(tmp_path) == frozenset({"AIR_STRIKE", "ARREST", "DIPLO"})
    good = write(tmp_path / "ok.tsv", HEADER + "1\ta\tDIPLO\n2\tb\tARREST\n")
    assert [s.label for s in read_acled_tsv(good)] == ["DIPLO", "ARREST"]
    bad = write(tmp_path / "bad.tsv", HEADER + "1\ta\tDIPLO\n2\tb\tAIR_STRIK\n")
    with pytest.raises(EvalDataError, match=r"bad\.tsv:3: .*'AIR_STRIK'.*event_types\.txt"):
        read_acled_tsv(bad)


@pytest.mark.parametrize(
    ("body", "line", "message"),
    [
        ("1\tonly two columns\n", 2, "2 tab-separated columns"),
        ("1\ta\tAIR_STRIKE\n2\tb\tc\tARREST\n", 3, "4 tab-separated columns"),
        ("1\t  \tAIR_STRIKE\n", 2, "empty snippet"),
        ("1\ta\t\n", 2, "no label"),
        ("1\ta\tair strike\n", 2, "upper-case"),
        ("\ta\tARREST\n", 2, "empty id"),
        ("5\ta\tARREST\n6\tb\tARREST\n5\tc\tARREST\n", 4, "already used on line 2"),
    ],
)
def test_malformed_lines_name_file_and_line(
    tmp_path: Path, body: str, line: int, message: str
) -> None:
    path = write(tmp_path / "x.tsv", HEADER + body)
    with pytest.raises(EvalDataError, match=rf"x\.tsv:{line}: .*{message}") as caught:
        read_acled_tsv(path)
    assert caught.value.code == "E007"


def test_missing_header_empty_file_folder_and_absent_file(tmp_path: Path) -> None:
    with pytest.raises(EvalDataError, match=r":1: expected a header"):
        read_acled_tsv(write(tmp_path / "h.tsv", "just one column\n"))
    with pytest.raises(EvalDataError, match="no snippets"):
        read_acled_tsv(write(tmp_path / "e.tsv", HEADER))
    with pytest.raises(EvalDataError, match="is a folder"):
        read_acled_tsv(tmp_path)
    with pytest.raises(EvalDataError, match="no such file"):
        read_acled_tsv(tmp_path / "absent.tsv")


# --- scorer ----------------------------------------------------------------------------


def test_known_answers_give_exact_figures() -> None:
    gold = snippets("A", "A", "A", "B", "C")
    answers = {"text 0": "A", "text 1": "A", "text 2": "B", "text 3": "B", "text 4": None}
    report = evaluate_acled(gold, answering(answers), batch_size=2)
    assert report.correct == 3
    assert report.accuracy == pytest.approx(3 / 5)
    # A: p 2/2 r 2/3 f1 0.8; B: p 1/2 r 1/1 f1 2/3; C: no answer, f1 0.
    assert report.per_class["A"].f1 == pytest.approx(0.8)
    assert report.per_class["B"].f1 == pytest.approx(2 / 3)
    assert report.per_class["C"].f1 == 0.0
    assert report.macro_f1 == pytest.approx((0.8 + 2 / 3 + 0) / 3)
    assert report.weighted_f1 == pytest.approx((3 * 0.8 + 2 / 3) / 5)
    assert report.unanswered == 1
    assert report.confusions == (("A", "B", 1), ("C", NO_ANSWER, 1))


def test_labels_outside_gold_are_wrong_and_get_no_class() -> None:
    report = evaluate_acled(snippets("A", "B"), answering({"text 0": "Z", "text 1": "B"}))
    assert set(report.per_class) == {"A", "B"}
    assert report.outside_gold == 1
    assert report.accuracy == 0.5
    assert report.macro_f1 == pytest.approx(0.5)


def test_perfect_classifier_scores_one_and_progress_is_reported() -> None:
    gold = snippets("A", "B", "B", "C")
    seen: list[tuple[int, int]] = []
    report = evaluate_acled(
        gold,
        answering({s.text: s.label for s in gold}),
        batch_size=3,
        progress=lambda done, total: seen.append((done, total)),
    )
    assert (report.accuracy, report.macro_f1, report.weighted_f1) == (1.0, 1.0, 1.0)
    assert seen == [(3, 4), (4, 4)]


def test_majority_classifier_figures() -> None:
    gold = snippets("A", "A", "B", "C")
    report = evaluate_acled(gold, majority_classifier("A"))
    assert report.accuracy == 0.5
    # A: p 2/4 r 1 -> f1 2/3; B and C 0.
    assert report.macro_f1 == pytest.approx((2 / 3) / 3)
    with pytest.raises(ValueError, match="sub-event type"):
        majority_classifier(" ")


def test_classifier_contract_is_checked() -> None:
    with pytest.raises(ValueError, match="returned 1 labels for 2 snippets"):
        evaluate_acled(snippets("A", "B"), lambda texts: ["A"])
    with pytest.raises(ValueError, match="or None"):
        evaluate_acled(snippets("A"), lambda texts: [""])
    with pytest.raises(ValueError, match="batch_size"):
        evaluate_acled(snippets("A"), majority_classifier("A"), batch_size=0)


def test_json_and_text_report() -> None:
    report = evaluate_acled(snippets("A", "B"), majority_classifier("A"), data="dev.tsv")
    assert isinstance(report, AcledReport)
    payload = json.loads(json.dumps(report.as_dict()))
    assert payload["accuracy"] == 0.5
    assert payload["macro_f1"] == pytest.approx((2 / 3) / 2)
    assert payload["per_class"]["A"]["support"] == 1
    assert payload["confusions"] == [{"gold": "B", "predicted": "A", "count": 1}]
    text = format_report(report)
    assert "dev.tsv, 2 snippets, 2 gold classes" in text
    assert "accuracy     0.500" in text
    assert "1  B -> A" in text


def test_empty_gold_scores_zero() -> None:
    report = evaluate_acled([], majority_classifier("A"))
    assert (report.accuracy, report.macro_f1, report.weighted_f1) == (0.0, 0.0, 0.0)


# --- gold data -------------------------------------------------------------------------


@pytest.mark.gold
def test_case2021_dev_counts() -> None:
    path = shared_data("events/case2021/dev.tsv")
    gold = read_acled_tsv(path)
    counts = label_counts(gold)
    assert len(gold) == 499
    assert len(counts) == 30
    assert counts.most_common(1) == [("VIOL_DEMONSTR", 29)]
    assert len({s.id for s in gold}) == 499


@pytest.mark.gold
def test_case2021_dev_majority_baseline() -> None:
    gold = read_acled_tsv(shared_data("events/case2021/dev.tsv"))
    report = evaluate_acled(gold, majority_classifier("ARMED_CLASH"))
    assert report.correct == 26
    assert report.macro_f1 == pytest.approx(2 * (26 / 499) / (26 / 499 + 1) / 30)


def test_acled_classifier_reads_the_first_coded_trigger(pipeline) -> None:  # type: ignore[no-untyped-def]
    from eventwire.evaluate.event_systems import acled_classifier
    from eventwire.events import load_event_types

    classify = acled_classifier(pipeline, load_event_types())
    assert classify(["Police arrested three protesters in Khartoum.", "It rained."]) == [
        "ARREST",
        None,
    ]
