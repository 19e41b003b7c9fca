"""normalise_text and build_document."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from eventwire.normalise import build_document, normalise_text
from eventwire.records import RawReport

# Text biased towards the characters normalisation deals with.
_TRICKY = st.sampled_from(
    [
        *" \t\n\r\u00a0\u2009\u202f\u3000\u200b\u200c\u200d\ufeff\u00ad\u2028\u2029\x0b\x0c\x85",
        *("e\u0301", "\u0301", "\r\n", "\n\n\n", "a", "é", "ی", "\u2000", "\x00", "\x1f"),
    ]
)
_TEXT = st.lists(st.one_of(_TRICKY, st.text(max_size=3)), max_size=40).map("".join)


@given(_TEXT)
def test_normalise_is_idempotent(text: str) -> None:
    once = normalise_text(text)
    assert normalise_text(once) == once


@given(st.text())
def test_normalise_is_idempotent_on_any_text(text: str) -> None:
    once = normalise_text(text)
    assert normalise_text(once) == once


@given(_TEXT)
def test_normalised_text_has_no_exotic_spaces_or_layout_noise(text: str) -> None:
    out = normalise_text(text)
    for char in "\u00a0\u202f\u2009\u3000\u200b\ufeff\r\x00":
        assert char not in out
    assert "\n\n\n" not in out
    assert out == out.strip()
    assert all(line == line.rstrip(" \t") for line in out.split("\n"))


def test_normalise_examples() -> None:
    raw = "  Title\u00a0here \r\n\r\n\r\n\r\nBody\u200b text\u2009with  spaces \t\nCafe\u0301\n\n"
    assert normalise_text(raw) == "Title here\n\nBody text with  spaces\nCafé"


def test_persian_zero_width_non_joiner_is_kept() -> None:
    word = "می\u200cخواهند"  # "they want": the ZWNJ is part of the spelling
    assert normalise_text(word) == word


def test_build_document_title_body_and_offsets() -> None:
    raw = RawReport(
        origin="a.txt",
        title="  Clashes\u00a0in Tripoli ",
        text="Fighting broke out\u00a0overnight.\r\n\r\n\r\nThree were killed.",
        published=date(2024, 3, 5),
        source="Wire",
        photo_credit="Reuters ",
        url="https://x.example/1",
    )
    doc = build_document(raw)
    assert doc.text == "Clashes in Tripoli\n\nFighting broke out overnight.\n\nThree were killed."
    assert doc.title == "Clashes in Tripoli"
    assert doc.body_start == len("Clashes in Tripoli\n\n")
    assert doc.body == "Fighting broke out overnight.\n\nThree were killed."
    assert doc.published == date(2024, 3, 5) and doc.source == "Wire"
    assert doc.photo_credit == "Reuters"
    assert doc.origin == "a.txt" and doc.url == "https://x.example/1"
    assert doc.status == "pending"
    assert doc.id.startswith("d") and len(doc.id) == 17
    int(doc.id[1:], 16)


def test_build_document_without_title() -> None:
    doc = build_document(RawReport(origin="x", text="Only a body."))
    assert (doc.text, doc.body_start, doc.title, doc.body) == (
        "Only a body.",
        0,
        None,
        "Only a body.",
    )


def test_overrides_win_over_metadata() -> None:
    raw = RawReport(origin="x", text="Body.", published=date(2020, 1, 1), source="Feed")
    doc = build_document(raw, published=date(2024, 3, 5), source="Override")
    assert (doc.published, doc.source) == (date(2024, 3, 5), "Override")
    kept = build_document(raw)
    assert (kept.published, kept.source) == (date(2020, 1, 1), "Feed")


def test_id_depends_on_content_only() -> None:
    a = RawReport(origin="a.txt", title="T", text="Same\u00a0body.", url="https://a")
    b = RawReport(origin="b.jsonl:3", title="T", text="Same body.\r\n", published=date(2024, 1, 1))
    c = RawReport(origin="a.txt", title="T", text="Other body.")
    assert build_document(a).id == build_document(b).id
    assert build_document(a).id != build_document(c).id
