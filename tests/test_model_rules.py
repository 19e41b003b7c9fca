"""The fast attribute ruler and lemmatizer give every token exactly what the model's own
components give it."""

from __future__ import annotations

from collections.abc import Iterable

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from eventwire.evaluate.geodata import read_geo
from eventwire.model_rules import FAST_LEMMATIZER, FAST_RULER, speed_up_rules
from eventwire.nlp import load_model
from tests.conftest import SEED, shared_data

OWN_TEXTS = [
    # contractions, "gonna", "let's", "y'all", negation, expletive "there", pronouns
    "Y'all gonna see it: let's not pretend there's nothing wrong, he told me.",
    "They ain't coming back. Are you? I'd have gone, but I've been told it isn't safe.",
    "Gunmen killed 12 villagers and wounded at least 30 near Maiduguri on Saturday.",
    "The Revolutionary Guards' commanders, whom Tehran has honoured, denied the claims.",
    "   \n\n  Spaces\tand\n\nparagraphs  ",
    "",
]


def annotations(docs: Iterable[Doc]) -> list[tuple[str, str, str, str, str, str, int]]:
    return [
        (t.text, t.pos_, t.tag_, str(t.morph), t.lemma_, t.dep_, t.head.i)
        for doc in docs
        for t in doc
    ]


@pytest.fixture(scope="module")
def models() -> tuple[Language, Language]:
    fast = load_model()
    assert speed_up_rules(fast) == ["attribute_ruler", "lemmatizer"]
    assert FAST_RULER in fast.pipe_names and FAST_LEMMATIZER in fast.pipe_names
    assert "attribute_ruler" not in fast.pipe_names and "lemmatizer" not in fast.pipe_names
    return load_model(), fast


def test_the_seed_and_own_texts_get_the_same_attributes(models: tuple[Language, Language]) -> None:
    model, fast = models
    texts = [SEED.read_text(encoding="utf-8"), *OWN_TEXTS]
    expected = annotations(model.pipe(texts))
    assert annotations(fast.pipe(texts)) == expected
    # the lemmas the ruler sets, and the lemmatizer's, both came through
    lemmas = {(text, lemma) for text, _, _, _, lemma, _, _ in expected}
    assert {("gon", "go"), ("'s", "us"), ("killed", "kill"), ("villagers", "villager")} <= lemmas


def test_real_news_gets_the_same_attributes(models: tuple[Language, Language]) -> None:
    model, fast = models
    texts = [doc.text for doc in read_geo(shared_data("geo/GWN.xml"))][:60]
    expected = annotations(model.pipe(texts, batch_size=8))
    found = annotations(fast.pipe(texts, batch_size=8))
    assert len(found) == len(expected) > 20_000
    assert found == expected


def test_a_ruler_pattern_it_does_not_know_leaves_the_model_component() -> None:
    nlp = load_model()
    ruler = nlp.get_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "so", "OP": "+"}]], {"LEMMA": "so"})  # type: ignore[attr-defined]
    assert speed_up_rules(nlp) == ["lemmatizer"]
    assert "attribute_ruler" in nlp.pipe_names and FAST_RULER not in nlp.pipe_names


def test_its_caches_stay_bounded_and_the_output_does_not_change(
    models: tuple[Language, Language], monkeypatch: pytest.MonkeyPatch
) -> None:
    from eventwire import model_rules

    model, _ = models
    fast = load_model()
    speed_up_rules(fast)
    monkeypatch.setattr(model_rules, "CACHE_LIMIT", 5)
    texts = [SEED.read_text(encoding="utf-8"), *OWN_TEXTS]
    assert annotations(fast.pipe(texts)) == annotations(model.pipe(texts))
    ruler = fast.get_pipe(FAST_RULER).run  # type: ignore[attr-defined]
    lemmatizer = fast.get_pipe(FAST_LEMMATIZER).run  # type: ignore[attr-defined]
    assert 0 < len(ruler._by_ids) <= 5 and 0 < len(lemmatizer._lemmas) <= 5
