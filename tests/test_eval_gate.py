"""Quality gate: the NER figures the README states must not drop (reads ../shared/data).

Floors sit just under the figures measured when the README table was written, so a
change that lowers entity recognition fails here.
"""

from __future__ import annotations

import pytest

from eventwire.evaluate.conll import read_conll
from eventwire.evaluate.ner import evaluate_ner
from eventwire.evaluate.run import eventwire_tagger

from .conftest import shared_data

FLOORS = {
    "ner/conll2003-eng.testa": {
        "overall": 0.675,
        "PER": 0.72,
        "ORG": 0.42,
        "LOC": 0.785,
        "MISC": 0.675,
    },
    "ner/uner-english-ewt/en_ewt-ud-dev.iob2": {
        "overall": 0.610,
        "PER": 0.65,
        "ORG": 0.44,
        "LOC": 0.70,
    },
}


@pytest.mark.gold
@pytest.mark.parametrize("relative", sorted(FLOORS))
def test_ner_f1_holds(relative: str, pipeline) -> None:  # type: ignore[no-untyped-def]
    sentences = read_conll(shared_data(relative))
    report = evaluate_ner(sentences, eventwire_tagger(pipeline))
    figures = report.as_dict()
    for name, floor in FLOORS[relative].items():
        score = figures["overall"] if name == "overall" else figures["per_type"][name]
        assert score["f1"] >= floor, f"{relative} {name} F1 {score['f1']:.3f} < {floor}"


TIME_FLOORS = {"strict": 0.80, "relaxed": 0.89, "value_f1": 0.73, "type_accuracy": 0.94}


@pytest.mark.gold
def test_time_figures_hold() -> None:
    from eventwire.evaluate.run import score_time

    report = score_time(shared_data("time/tempeval3-tbaq")).as_dict()
    figures = {
        "strict": report["strict"]["f1"],
        "relaxed": report["relaxed"]["f1"],
        "value_f1": report["value_f1"],
        "type_accuracy": report["type_accuracy"],
    }
    for name, floor in TIME_FLOORS.items():
        assert figures[name] >= floor, f"time {name} {figures[name]:.3f} < {floor}"


GEO_FLOORS = {
    # (file, mode): {figure: floor}
    ("geo/TR-News.xml", "given_spans"): {"resolution_accuracy": 0.86, "acc_at_161km": 0.89},
    ("geo/GWN.xml", "given_spans"): {"resolution_accuracy": 0.75, "acc_at_161km": 0.74},
    ("geo/TR-News.xml", "end_to_end"): {"f1": 0.81, "resolution_accuracy": 0.755},
    ("geo/GWN.xml", "end_to_end"): {"f1": 0.745, "resolution_accuracy": 0.63},
    ("geo/TR-News.xml", "as_mordecai"): {"resolution_accuracy": 0.89, "acc_at_161km": 0.895},
    ("geo/GWN.xml", "as_mordecai"): {"resolution_accuracy": 0.96, "acc_at_161km": 0.975},
}


@pytest.mark.gold
@pytest.mark.parametrize(("relative", "mode"), sorted(GEO_FLOORS))
def test_geo_figures_hold(relative: str, mode: str) -> None:
    from eventwire.evaluate.run import score_as_mordecai, score_geo

    data = shared_data(relative)
    if mode == "as_mordecai":
        report = score_as_mordecai(data).as_dict()
    else:
        report = score_geo(data, mode=mode).as_dict()  # type: ignore[arg-type]
    figures = {**report, "f1": report["recognition"]["f1"]}
    for name, floor in GEO_FLOORS[(relative, mode)].items():
        assert figures[name] >= floor, f"{relative} {mode} {name} {figures[name]:.3f} < {floor}"
