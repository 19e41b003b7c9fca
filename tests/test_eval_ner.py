"""Tests for eventwire.evaluate: gold readers (CoNLL-2003, IOB2) and NER scoring."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eventwire.errors import EvalDataError
from eventwire.evaluate.conll import (
    GoldSpan,
    Sentence,
    decode_iob1,
    decode_iob2,
    encode_iob2,
    read_conll,
)
from eventwire.evaluate.ner import (
    CONLL2003_MAPPING,
    UNER_MAPPING,
    CharSpan,
    LabelMapping,
    Tagger,
    align_span,
    evaluate_ner,
    format_report,
    select_mapping,
    sentence_text,
    spacy_tagger,
)

SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"

CONLL_SNIPPET = """\
-DOCSTART- -X- O O

Rebels NNS I-NP O
attacked VBD I-VP O
Aleppo NNP I-NP I-LOC
. . O O

Ahmed NNP I-NP I-PER
Saleh NNP I-NP I-PER
Karim NNP I-NP B-PER
spoke VBD I-VP O
to TO I-PP O
Reuters NNP I-NP I-ORG
in IN I-PP O
Syrian JJ I-NP I-MISC
Kurdish JJ I-NP B-MISC
areas NNS I-NP O
. . O O

-DOCSTART- -X- O O

Hezbollah NNP I-NP I-ORG
Lebanon NNP I-NP I-LOC
"""

IOB2_SNIPPET = """\
# newdoc id = d1
# sent_id = d1-0001
# text = Fighting near Deir ez-Zor
1\tFighting\tO\t-\t-
2\tnear\tO\t-\t-
3\tDeir\tB-LOC\t-\tann1
4\tez-Zor\tI-LOC\t-\tann1

# sent_id = d1-0002
1\tMaria\tB-PER\t-\t-
2\tLopez\tB-PER\t-\t-
3\tleft\tO\t-\t-
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# --- readers -------------------------------------------------------------------------


def test_conll2003_sentences_and_iob1_spans(tmp_path: Path) -> None:
    sentences = read_conll(write(tmp_path, "x.testa", CONLL_SNIPPET))
    assert [len(s.tokens) for s in sentences] == [4, 11, 2]
    assert sentences[0].tokens == ("Rebels", "attacked", "Aleppo", ".")
    # I-LOC with O before it starts an entity (IOB1)
    assert sentences[0].spans == (GoldSpan(2, 3, "LOC"),)
    # B-PER splits two adjacent PER entities; B-MISC splits two adjacent MISC entities
    assert sentences[1].spans == (
        GoldSpan(0, 2, "PER"),
        GoldSpan(2, 3, "PER"),
        GoldSpan(5, 6, "ORG"),
        GoldSpan(7, 8, "MISC"),
        GoldSpan(8, 9, "MISC"),
    )
    # I- of another type right after an entity starts a new one; the file needs no
    # trailing blank line
    assert sentences[2].spans == (GoldSpan(0, 1, "ORG"), GoldSpan(1, 2, "LOC"))


def test_iob2_sentences_skip_comments_and_extra_columns(tmp_path: Path) -> None:
    sentences = read_conll(write(tmp_path, "x.iob2", IOB2_SNIPPET))
    assert sentences == [
        Sentence(
            tokens=("Fighting", "near", "Deir", "ez-Zor"),
            spans=(GoldSpan(2, 4, "LOC"),),
        ),
        Sentence(
            tokens=("Maria", "Lopez", "left"),
            spans=(GoldSpan(0, 1, "PER"), GoldSpan(1, 2, "PER")),
        ),
    ]


def test_iob1_and_iob2_differ_on_leading_i_tag() -> None:
    tags = ["I-ORG", "I-ORG", "O"]
    assert decode_iob1(tags) == (GoldSpan(0, 2, "ORG"),)
    with pytest.raises(ValueError, match="continues no ORG entity"):
        decode_iob2(tags)


@pytest.mark.parametrize(
    ("name", "text", "line", "problem"),
    [
        ("short.testa", "Aleppo NNP I-NP I-LOC\nfell VBD\n", 2, "4 space-separated columns"),
        ("tag.testa", "Aleppo NNP I-NP X-LOC\n", 1, "not O, B-TYPE or I-TYPE"),
        ("iobes.iob2", "1\tAleppo\tS-LOC\n", 1, "IOBES"),
        ("orphan.iob2", "# c\n1\tthe\tO\n2\tAleppo\tI-LOC\n", 3, "continues no LOC entity"),
        ("gap.iob2", "1\tthe\tO\n3\tAleppo\tB-LOC\n", 2, "token index 3 where 2"),
        ("mwt.iob2", "1\tI\tO\n2-3\tdon't\tO\n", 2, "not a whole number"),
        ("unknown.txt", "Aleppo,LOC\n", 1, "cannot tell the format"),
    ],
)
def test_malformed_files_name_file_and_line(
    tmp_path: Path, name: str, text: str, line: int, problem: str
) -> None:
    path = write(tmp_path, name, text)
    with pytest.raises(EvalDataError, match=re.escape(problem)) as caught:
        read_conll(path)
    assert f"{path}:{line}:" in str(caught.value)


def test_missing_and_empty_files(tmp_path: Path) -> None:
    with pytest.raises(EvalDataError, match="no such file"):
        read_conll(tmp_path / "absent.iob2")
    with pytest.raises(EvalDataError, match="no token lines"):
        read_conll(write(tmp_path, "empty.iob2", "# only a comment\n\n"))


def test_non_utf8_file(tmp_path: Path) -> None:
    path = tmp_path / "latin1.testa"
    path.write_bytes("Sa\xefd NNP I-NP I-PER\n".encode("latin-1"))
    with pytest.raises(EvalDataError, match="not UTF-8"):
        read_conll(path)


LABELS = st.sampled_from(["PER", "ORG", "LOC", "MISC"])
SEGMENTS = st.lists(
    st.one_of(st.just(("O", 1)), st.tuples(LABELS, st.integers(min_value=1, max_value=4))),
    max_size=12,
)


def tags_from_segments(segments: Sequence[tuple[str, int]]) -> list[str]:
    tags: list[str] = []
    for label, length in segments:
        if label == "O":
            tags.append("O")
        else:
            tags.extend([f"B-{label}"] + [f"I-{label}"] * (length - 1))
    return tags


def iob1_from_spans(spans: Sequence[GoldSpan], length: int) -> list[str]:
    """IOB1 as CoNLL-2003 writes it, built independently of the reader."""
    tags = ["O"] * length
    previous: GoldSpan | None = None
    for span in spans:
        adjacent = previous is not None and previous.end == span.start
        same = adjacent and previous is not None and previous.label == span.label
        tags[span.start] = f"{'B' if same else 'I'}-{span.label}"
        for index in range(span.start + 1, span.end):
            tags[index] = f"I-{span.label}"
        previous = span
    return tags


@given(SEGMENTS)
def test_iob2_decode_then_encode_gives_the_same_tags(segments: list[tuple[str, int]]) -> None:
    tags = tags_from_segments(segments)
    spans = decode_iob2(tags)
    assert list(encode_iob2(spans, len(tags))) == tags
    assert sum(1 for label, _ in segments if label != "O") == len(spans)


@given(SEGMENTS)
def test_iob1_and_iob2_decode_to_the_same_spans(segments: list[tuple[str, int]]) -> None:
    tags = tags_from_segments(segments)
    spans = decode_iob2(tags)
    assert decode_iob1(iob1_from_spans(spans, len(tags))) == spans


# --- alignment and scoring ------------------------------------------------------------


def test_sentence_text_offsets() -> None:
    text, starts, ends = sentence_text(["Deir", "ez-Zor", "."])
    assert text == "Deir ez-Zor ."
    assert [text[s:e] for s, e in zip(starts, ends, strict=True)] == ["Deir", "ez-Zor", "."]


def test_align_span_widens_cut_tokens_and_drops_whitespace() -> None:
    _, starts, ends = sentence_text(["Obama-led", "forces", "in", "Raqqa"])
    # "Obama" cuts the first token: widened to the whole token
    assert align_span(starts, ends, 0, 5) == (0, 1)
    # from inside "Obama-led" to inside "forces": both tokens
    assert align_span(starts, ends, 6, 12) == (0, 2)
    # exactly one token
    assert align_span(starts, ends, 20, 25) == (3, 4)
    # only the space between two tokens
    assert align_span(starts, ends, 9, 10) is None


def fake_tagger(predictions: dict[str, list[CharSpan]]) -> tuple[list[list[str]], Tagger]:
    calls: list[list[str]] = []

    def tag(texts: list[str]) -> list[list[CharSpan]]:
        calls.append(list(texts))
        return [list(predictions.get(text, [])) for text in texts]

    return calls, tag


GOLD = [
    Sentence(
        tokens=("Ahmed", "Karim", "met", "Hamas", "in", "Gaza", "."),
        spans=(GoldSpan(0, 2, "PER"), GoldSpan(3, 4, "ORG"), GoldSpan(5, 6, "LOC")),
    ),
    Sentence(
        tokens=("Syrian", "troops", "left", "Idlib", "on", "Monday"),
        spans=(GoldSpan(0, 1, "MISC"), GoldSpan(3, 4, "LOC")),
    ),
    Sentence(tokens=("No", "names", "here"), spans=()),
]


def test_scores_with_known_counts() -> None:
    # "Ahmed Karim met Hamas in Gaza ." and "Syrian troops left Idlib on Monday"
    calls, tagger = fake_tagger(
        {
            "Ahmed Karim met Hamas in Gaza .": [
                (0, 11, "PERSON"),  # tp PER
                (16, 21, "GPE"),  # Hamas as LOC: fp LOC, fn ORG
                (25, 29, "GPE"),  # tp LOC
                (25, 29, "LOC"),  # the same prediction again: counted once
            ],
            "Syrian troops left Idlib on Monday": [
                (0, 6, "NORP"),  # tp MISC
                (19, 24, "ORG"),  # fp ORG, fn LOC
                (28, 34, "DATE"),  # ignored by the mapping
                (0, 13, "WEAPON"),  # unknown label: reported, not scored
            ],
            "No names here": [(3, 8, "PRODUCT"), (2, 3, "PERSON")],  # fp MISC; unaligned
        }
    )
    report = evaluate_ner(GOLD, tagger, batch_size=2, data="snippet")
    assert report.mapping is CONLL2003_MAPPING
    assert [len(batch) for batch in calls] == [2, 1]
    scores = {name: (s.tp, s.fp, s.fn) for name, s in report.per_type.items()}
    assert scores == {
        "PER": (1, 0, 0),
        "ORG": (0, 1, 1),
        "LOC": (1, 1, 1),
        "MISC": (1, 1, 0),
    }
    overall = report.overall
    assert (overall.tp, overall.fp, overall.fn) == (3, 3, 2)
    assert overall.precision == pytest.approx(3 / 6)
    assert overall.recall == pytest.approx(3 / 5)
    assert overall.f1 == pytest.approx(2 * 0.5 * 0.6 / 1.1)
    assert report.per_type["ORG"].f1 == 0.0
    assert report.unmapped == {"WEAPON": 1}
    assert report.unaligned == 1

    as_dict = report.as_dict()
    json.dumps(as_dict)
    assert as_dict["sentences"] == 3
    assert as_dict["data"] == "snippet"
    assert as_dict["overall"] == {
        "precision": 0.5,
        "recall": 0.6,
        "f1": pytest.approx(6 / 11),
        "tp": 3,
        "fp": 3,
        "fn": 2,
    }
    assert as_dict["mapping"] == CONLL2003_MAPPING.as_dict()

    table = format_report(report)
    assert "overall" in table and "0.500" in table and "0.600" in table
    assert "LOC   <- FAC, GPE, LOC, PLACE" in table
    assert "WEAPON (1)" in table


def test_uner_mapping_drops_misc_predictions() -> None:
    gold = [s for s in GOLD if all(span.label != "MISC" for span in s.spans)]
    _, tagger = fake_tagger({"Ahmed Karim met Hamas in Gaza .": [(0, 5, "NORP")]})
    report = evaluate_ner(gold, tagger)
    assert report.mapping is UNER_MAPPING
    assert list(report.per_type) == ["PER", "ORG", "LOC"]
    assert (report.overall.tp, report.overall.fp, report.overall.fn) == (0, 0, 3)


def test_eventwire_labels_are_mapped() -> None:
    _, tagger = fake_tagger(
        {
            "Ahmed Karim met Hamas in Gaza .": [
                (0, 11, "PERSON"),
                (16, 21, "ACTOR"),
                (25, 29, "PLACE"),
            ],
            "Syrian troops left Idlib on Monday": [(0, 6, "GROUP")],
        }
    )
    report = evaluate_ner(GOLD, tagger)
    assert (report.overall.tp, report.overall.fp, report.overall.fn) == (4, 0, 1)


def test_select_mapping_from_gold_types() -> None:
    assert select_mapping(GOLD) is CONLL2003_MAPPING
    assert select_mapping(GOLD[2:]) is UNER_MAPPING
    odd = [Sentence(tokens=("x",), spans=(GoldSpan(0, 1, "WEAPON"),))]
    with pytest.raises(ValueError, match="WEAPON"):
        select_mapping(odd)


def test_caller_mapping_is_used_and_checked() -> None:
    people_only = LabelMapping(name="people", gold_types=("PER",), table={"PERSON": "PER"})
    _, tagger = fake_tagger({"Ahmed Karim met Hamas in Gaza .": [(16, 21, "ORG")]})
    report = evaluate_ner(GOLD[:1], tagger, mapping=people_only)
    # gold types the mapping cannot produce are still scored, as misses
    assert list(report.per_type) == ["PER", "LOC", "ORG"]
    assert report.unmapped == {"ORG": 1}
    assert report.overall.fn == 3
    with pytest.raises(ValueError, match="not among its gold types"):
        LabelMapping(name="bad", gold_types=("PER",), table={"ORG": "ORG"})


def test_tagger_errors_are_reported() -> None:
    with pytest.raises(ValueError, match="outside its text"):
        evaluate_ner(GOLD, lambda texts: [[(0, 500, "PERSON")] for _ in texts])
    with pytest.raises(ValueError, match="one list of spans per text"):
        evaluate_ner(GOLD, lambda texts: [])


def test_progress_reports_each_batch() -> None:
    seen: list[tuple[int, int]] = []
    evaluate_ner(
        GOLD,
        lambda texts: [[] for _ in texts],
        batch_size=2,
        progress=lambda d, t: seen.append((d, t)),
    )
    assert seen == [(2, 3), (3, 3)]


def test_spacy_tagger_returns_entity_char_spans() -> None:
    spacy = pytest.importorskip("spacy")
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": "GPE", "pattern": "Gaza"}])
    tagger = spacy_tagger(nlp, batch_size=2)
    assert tagger(["Ahmed Karim met Hamas in Gaza .", "nothing"]) == [[(25, 29, "GPE")], []]


# --- gold data --------------------------------------------------------------------------


@pytest.mark.gold
@pytest.mark.parametrize(
    ("relative", "sentences", "entities"),
    [
        ("ner/conll2003-eng.testa", 3250, {"PER": 1842, "ORG": 1341, "LOC": 1837, "MISC": 922}),
        ("ner/uner-english-ewt/en_ewt-ud-dev.iob2", 2001, {"PER": 343, "ORG": 224, "LOC": 399}),
    ],
)
def test_gold_files_read_completely(
    relative: str, sentences: int, entities: dict[str, int]
) -> None:
    path = SHARED_DATA / relative
    if not (SHARED_DATA / "ner").is_dir():
        pytest.skip(f"gold data ../shared/data/ner absent: {SHARED_DATA / 'ner'} not found")
    gold = read_conll(path)
    # sentence counts from ../shared/data/README.md (3,250) and the UNER .stats file (2,001)
    assert len(gold) == sentences
    counts: dict[str, int] = {}
    for sentence in gold:
        for span in sentence.spans:
            counts[span.label] = counts.get(span.label, 0) + 1
    assert counts == entities
    expected = CONLL2003_MAPPING if "MISC" in entities else UNER_MAPPING
    assert select_mapping(gold) is expected
