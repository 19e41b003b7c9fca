"""Tests for eventwire.evaluate: the brat attribution reader and the attribution scorer."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from eventwire.errors import EvalDataError
from eventwire.evaluate.attribution import (
    PredictedAttribution,
    evaluate_attribution,
    format_report,
    lemma_forms,
    reporting_verb_cue_tagger,
)
from eventwire.evaluate.attributiondata import (
    AttributionDoc,
    GoldSpan,
    read_attribution_folder,
)

from .conftest import shared_data

#      0         1         2         3         4         5         6
#      0123456789012345678901234567890123456789012345678901234567890123456
TEXT = '"We will win," Smith said. "Trust us." Police denied the claims.'


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def span_of(phrase: str, text: str = TEXT) -> tuple[int, int]:
    start = text.index(phrase)
    return start, start + len(phrase)


def t_line(tid: str, kind: str, *phrases: str) -> str:
    spans = [span_of(p) for p in phrases]
    locations = ";".join(f"{a} {b}" for a, b in spans)
    return f"{tid}\t{kind} {locations}\t{' '.join(TEXT[a:b] for a, b in spans)}\n"


ANN = (
    t_line("T1", "Source", "Smith")
    + t_line("T2", "Cue", "said")
    + t_line("T3", "Content", "We will win,", "Trust us.")
    + t_line("T4", "Attribution", "said")
    + "E1\tAttribution:T4 Source:T1 Cue:T2 Content:T3\n"
    + t_line("T5", "Source", "Police")
    + t_line("T6", "Cue", "denied")
    + t_line("T7", "Content", "the claims")
    + t_line("T8", "Attribution", "denied")
    + "E2\tAttribution:T8 Source:T5 Cue:T6 Content:T7\n"
    + t_line("T9", "Discuss", "Trust us")
    + "A1\tNegated E2\n#1\tAnnotatorNotes T1\tcheck\n"
)


def make_split(root: Path, ann: str = ANN, *, annotator: str = "ab12") -> Path:
    write(root / "text" / "doc1.txt", TEXT)
    write(root / "attributions" / f"doc1_{annotator}.ann", ann)
    return root


def gold_doc() -> AttributionDoc:
    return AttributionDoc(
        name="doc1",
        text=TEXT,
        sources=(GoldSpan(*span_of("Smith"), "T1"), GoldSpan(*span_of("Police"), "T5")),
        cues=(GoldSpan(*span_of("said"), "T2"), GoldSpan(*span_of("denied"), "T6")),
        contents=(
            GoldSpan(*span_of("We will win,"), "T3"),
            GoldSpan(*span_of("Trust us."), "T3"),
            GoldSpan(*span_of("the claims"), "T7"),
        ),
        attributions=2,
        discontinuous=1,
    )


# --- reader ----------------------------------------------------------------------------


def test_reader_reads_spans_relations_and_splits_discontinuous(tmp_path: Path) -> None:
    root = make_split(tmp_path / "dev")
    write(
        tmp_path / "metadata.tsv",
        "compartment\tfilename\tpublication_date\ndev\tdoc1\t2016-10-02\n",
    )
    [doc] = read_attribution_folder(root)
    assert doc.sources == gold_doc().sources
    assert doc.cues == gold_doc().cues
    assert doc.contents == gold_doc().contents
    assert (doc.attributions, doc.discontinuous, doc.other_entities) == (2, 1, 1)
    assert (doc.annotator, doc.published, doc.alternatives) == ("ab12", date(2016, 10, 2), 0)


def test_fragments_separated_by_whitespace_join_and_edges_are_trimmed(tmp_path: Path) -> None:
    text = "He said  it was  over ."
    ann = "T1\tContent 8 15;17 21\t it was over\nT2\tCue 2 8\t said \n"
    write(tmp_path / "text" / "d.txt", text)
    write(tmp_path / "attributions" / "d.ann", ann)
    [doc] = read_attribution_folder(tmp_path)
    assert doc.contents == (GoldSpan(9, 21, "T1"),)
    assert doc.cues == (GoldSpan(3, 7, "T2"),)
    assert doc.discontinuous == 0
    assert doc.annotator == ""


def test_several_annotators_keep_the_first_id(tmp_path: Path) -> None:
    root = make_split(tmp_path, annotator="ff00")
    write(root / "attributions" / "doc1_0a0b.ann", t_line("T1", "Cue", "said"))
    [doc] = read_attribution_folder(root)
    assert (doc.annotator, doc.alternatives, len(doc.cues), doc.sources) == ("0a0b", 1, 1, ())


@pytest.mark.parametrize(
    ("ann", "message"),
    [
        ("T1\tSource 0 5\n", r":1: a T line needs three"),
        ("T1\tSource 0-5\tx\n", r":1: 'Source 0-5' is not 'Type start end"),
        ("T1\tSource 60 90\tx\n", r":1: the span 60-90 is not inside the text"),
        ("T1\tSource 15 20\tJones\n", r":1: the text at 15 20 is not 'Jones'"),
        (t_line("T2", "Cue", "said") + "E1\tAttribution:T9 Cue:T2\n", r":2: the relation names T9"),
        ("E1\tAttribution\n", r":1: 'Attribution' is not 'Role:Id'"),
        ("X1\tfoo\n", r":1: 'X1\\tfoo' is not a brat standoff line"),
    ],
)
def test_malformed_ann_names_file_and_line(tmp_path: Path, ann: str, message: str) -> None:
    root = make_split(tmp_path, ann)
    with pytest.raises(EvalDataError, match=rf"doc1_ab12\.ann{message}") as caught:
        read_attribution_folder(root)
    assert caught.value.code == "E007"


def test_missing_folders_text_and_files(tmp_path: Path) -> None:
    with pytest.raises(EvalDataError, match="expected the folders text/ and attributions/"):
        read_attribution_folder(tmp_path)
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    with pytest.raises(EvalDataError, match=r"no \.ann files"):
        read_attribution_folder(tmp_path)
    write(tmp_path / "attributions" / "lost_ab12.ann", "")
    with pytest.raises(EvalDataError, match=r"no text .*lost\.txt"):
        read_attribution_folder(tmp_path)


# --- scorer ----------------------------------------------------------------------------


def fixed(*answers: PredictedAttribution):  # type: ignore[no-untyped-def]
    def tag(texts: list[str]) -> list[PredictedAttribution]:
        assert len(texts) == len(answers)
        return list(answers)

    return tag


def test_known_answers_give_exact_and_overlap_figures() -> None:
    predicted = PredictedAttribution(
        sources=[span_of("Smith"), span_of("Police denied")],  # exact; overlap only
        cues=[span_of("said"), span_of("said"), span_of("Trust")],  # duplicate; spurious
        contents=[span_of('"We will win," Smith said. "Trust us."')],  # overlaps 2 fragments
    )
    report = evaluate_attribution([gold_doc()], fixed(predicted), data="tiny")
    assert (report.source.exact.tp, report.source.exact.fp, report.source.exact.fn) == (1, 1, 1)
    assert (report.source.overlap.tp, report.source.overlap.fp) == (2, 0)
    assert report.source.overlap.f1 == 1.0
    assert (report.cue.exact.tp, report.cue.exact.fp, report.cue.exact.fn) == (1, 1, 1)
    assert report.cue.exact.f1 == pytest.approx(0.5)
    assert report.cue.overlap == report.cue.exact
    assert (report.content.exact.tp, report.content.overlap.tp) == (0, 1)
    assert report.content.overlap.precision == 1.0
    assert report.content.overlap.recall == pytest.approx(1 / 3)
    assert report.cue.missed == (("denied", 1),)
    assert report.cue.spurious == (("trust", 1),)


def test_perfect_tagger_scores_one_and_json_has_the_contract_keys() -> None:
    doc = gold_doc()
    perfect = PredictedAttribution(
        sources=[(s.start, s.end) for s in doc.sources],
        cues=[(s.start, s.end) for s in doc.cues],
        contents=[(s.start, s.end) for s in doc.contents],
    )
    seen: list[tuple[int, int]] = []
    report = evaluate_attribution(
        [doc, doc], fixed(perfect), batch_size=1, progress=lambda d, t: seen.append((d, t))
    )
    assert seen == [(1, 2), (2, 2)]
    payload = json.loads(json.dumps(report.as_dict()))
    for role in ("source", "cue", "content"):
        for match in ("exact", "overlap"):
            assert payload[role][match]["f1"] == 1.0
            assert set(payload[role][match]) >= {"precision", "recall", "f1"}
    assert payload["gold"] == {"source": 4, "cue": 4, "content": 6}
    assert (payload["documents"], payload["attributions"]) == (2, 4)


def test_tagger_contract_is_checked() -> None:
    doc = gold_doc()
    with pytest.raises(ValueError, match="returned 0 results for 1 texts"):
        evaluate_attribution([doc], lambda texts: [])
    bad = PredictedAttribution(cues=[(5, 500)])
    with pytest.raises(ValueError, match="cue span"):
        evaluate_attribution([doc], fixed(bad))
    with pytest.raises(ValueError, match="batch_size"):
        evaluate_attribution([doc], fixed(bad), batch_size=0)


def test_reporting_verb_tagger_marks_cue_words_only() -> None:
    text = "Officials said, according to AP; she denies it and noted the States."
    [found] = reporting_verb_cue_tagger()([text])
    assert [text[a:b] for a, b in found.cues] == ["said", "according", "denies", "noted"]
    assert (tuple(found.sources), tuple(found.contents)) == ((), ())
    assert {"deny", "denie"} <= lemma_forms("denies")
    assert "say" in lemma_forms("Said")
    with pytest.raises(ValueError, match="at least one verb"):
        reporting_verb_cue_tagger([])


def test_format_report_shows_table_and_errors() -> None:
    report = evaluate_attribution([gold_doc()], reporting_verb_cue_tagger(), data="tiny")
    text = format_report(report)
    assert "tiny, 1 documents, 2 attributions; gold spans: 2 sources, 2 cues, 3 contents" in text
    # "claims" (a noun here) is a reporting-verb form too: one spurious cue.
    assert "cue      exact         0.667   1.000   0.800      2      1      0" in text
    assert "1 discontinuous gold annotations scored per fragment" in text
    assert "most frequent missed sources:" in text


# --- gold data -------------------------------------------------------------------------


@pytest.mark.gold
def test_polnear_dev_counts() -> None:
    docs = read_attribution_folder(shared_data("attribution/polnear/dev"))
    assert len(docs) == 84
    assert sum(doc.alternatives for doc in docs) == 10  # two articles annotated by all six
    assert sum(doc.attributions for doc in docs) == 2193
    assert sum(len(doc.sources) for doc in docs) == 1952
    assert sum(len(doc.cues) for doc in docs) == 2192
    assert sum(len(doc.contents) for doc in docs) == 2487
    assert sum(doc.discontinuous for doc in docs) == 287
    assert all(doc.published is not None for doc in docs)


@pytest.mark.gold
def test_polnear_dev_reporting_verb_baseline_is_a_floor() -> None:
    docs = read_attribution_folder(shared_data("attribution/polnear/dev"))
    report = evaluate_attribution(docs, reporting_verb_cue_tagger())
    assert report.source.exact.tp == 0
    assert 0.3 < report.cue.exact.f1 < 0.7
    assert report.cue.overlap.f1 >= report.cue.exact.f1


# --- eventwire's attribution tagger ----------------------------------------------------


def tagged(pipeline, text: str) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    from eventwire.evaluate.attribution_system import attribution_tagger

    [found] = attribution_tagger(pipeline)([text])
    return {
        role: [text[a:b] for a, b in sorted(found.role(role))]
        for role in ("source", "cue", "content")
    }


def test_tagger_finds_verb_source_cue_and_content(pipeline) -> None:  # type: ignore[no-untyped-def]
    found = tagged(pipeline, "The ministry said five soldiers were killed.")
    assert found == {
        "source": ["The ministry"],
        "cue": ["said"],
        "content": ["five soldiers were killed"],
    }


def test_tagger_finds_according_to(pipeline) -> None:  # type: ignore[no-untyped-def]
    found = tagged(pipeline, "According to witnesses, the market was shelled.")
    assert found["source"] == ["witnesses"]
    assert found["cue"] == ["According to"]
    assert found["content"] == ["the market was shelled"]


def test_tagger_finds_nested_frames(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = "A local official told Reuters that a police commander said three militants died."
    found = tagged(pipeline, text)
    assert found["cue"] == ["told", "said"]
    assert found["source"] == ["A local official", "a police commander"]
    assert "three militants died" in found["content"]


def test_tagger_gives_anaphors_their_own_span_and_no_source_to_adverbs(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = (
        "A commander said ten fighters died. The commander later added that the town fell. "
        "Two villages were reportedly burned."
    )
    found = tagged(pipeline, text)
    # PolNeAR marks the local mention ("The commander"), not its antecedent.
    assert found["source"] == ["A commander", "The commander"]
    assert found["cue"] == ["said", "added", "reportedly"]


def test_tagger_takes_auxiliaries_into_the_cue(pipeline) -> None:  # type: ignore[no-untyped-def]
    found = tagged(pipeline, "The army has said that the border is closed.")
    assert found["cue"] == ["has said"]
    assert found["source"] == ["The army"]


def test_tagger_returns_one_result_per_text_with_nothing_for_plain_text(pipeline) -> None:  # type: ignore[no-untyped-def]
    from eventwire.evaluate.attribution_system import attribution_tagger

    results = attribution_tagger(pipeline)(["Rain fell on the city.", "He said it rained."])
    assert len(results) == 2
    assert (tuple(results[0].cues), tuple(results[0].sources)) == ((), ())
    assert len(results[1].cues) == 1


# --- eventwire eval attribution --------------------------------------------------------


def small_polnear(tmp_path: Path, count: int = 3) -> Path:
    import shutil

    gold = shared_data("attribution/polnear/dev")
    anns = sorted((gold / "attributions").glob("*.ann"))
    names: list[str] = []
    for ann in anns:
        name = ann.stem.rsplit("_", 1)[0]
        if name not in names:
            names.append(name)
        if len(names) == count:
            break
    root = tmp_path / "dev"
    (root / "text").mkdir(parents=True)
    (root / "attributions").mkdir()
    for name in names:
        shutil.copy(gold / "text" / f"{name}.txt", root / "text")
        for ann in anns:
            if ann.stem.rsplit("_", 1)[0] == name:
                shutil.copy(ann, root / "attributions")
    return root


def run_cli(*args: str):  # type: ignore[no-untyped-def]
    from typer.testing import CliRunner

    from eventwire.cli import app

    return CliRunner().invoke(app, ["eval", "attribution", *args])


def check_shape(payload: dict) -> None:  # type: ignore[type-arg]
    for role in ("source", "cue"):
        for match in ("exact", "overlap"):
            score = payload[role][match]
            assert set(score) >= {"precision", "recall", "f1"}
            assert all(0.0 <= score[key] <= 1.0 for key in ("precision", "recall", "f1"))


@pytest.mark.gold
def test_cli_scores_eventwire_on_a_polnear_subset(tmp_path: Path) -> None:
    root = small_polnear(tmp_path)
    result = run_cli("--data", str(root), "--json")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    check_shape(payload)
    assert payload["documents"] == 3
    assert payload["cue"]["exact"]["f1"] > 0
    assert payload["cue"]["overlap"]["f1"] >= payload["cue"]["exact"]["f1"]


@pytest.mark.gold
def test_cli_baseline_and_text_report(tmp_path: Path) -> None:
    root = small_polnear(tmp_path)
    result = run_cli("--data", str(root), "--baseline", "--json")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    check_shape(payload)
    assert payload["source"]["exact"]["f1"] == 0.0
    text = run_cli("--data", str(root), "--baseline")
    assert text.exit_code == 0
    assert "Attribution evaluation:" in text.stdout


def test_cli_reports_bad_data_folder(tmp_path: Path) -> None:
    result = run_cli("--data", str(tmp_path), "--baseline")
    assert result.exit_code == 2
    assert "expected the folders text/ and attributions/" in result.output
