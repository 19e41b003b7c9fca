"""Language detection."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventwire.language import detect_language

SEED = Path(__file__).resolve().parents[1] / "examples" / "irgc-casualties-syria.txt"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Two soldiers were killed when their patrol came under fire near the border.", "en"),
        ("Deux soldats ont été tués lorsque leur patrouille a essuyé des tirs.", "fr"),
        ("قتل جنديان عندما تعرضت دوريتهما لإطلاق نار قرب الحدود", "ar"),
        ("دو سرباز هنگام تیراندازی به گشت آنها در نزدیکی مرز کشته شدند", "fa"),
        ("Двое солдат погибли, когда их патруль попал под обстрел у границы.", "ru"),
        ("Dos soldados murieron cuando su patrulla fue atacada cerca de la frontera.", "es"),
    ],
)
def test_detects_language(text: str, code: str) -> None:
    assert detect_language(text) == code


def test_seed_article_is_english() -> None:
    assert detect_language(SEED.read_text(encoding="utf-8")) == "en"


def test_short_text_is_none() -> None:
    assert detect_language("Reuters") is None
    assert detect_language("   Kyiv   ") is None


def test_threshold_is_a_parameter() -> None:
    text = "Two soldiers were killed."
    assert detect_language(text, min_chars=100) is None
    assert detect_language(text, min_chars=10) == "en"


def test_no_letters_is_none() -> None:
    assert detect_language("12345 67890 12345 67890 12345 67890") is None
