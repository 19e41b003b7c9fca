"""`eventwire eval ner|time|geo` end to end on tiny gold files written here (needs the
model and the gazetteer)."""

from __future__ import annotations

import json
from pathlib import Path

from .test_cli import invoke

CONLL = """-DOCSTART- -X- -X- O

Hezbollah NNP B-NP I-ORG
fighters NNS I-NP O
entered VBD B-VP O
Aleppo NNP B-NP I-LOC
on IN B-PP O
Monday NNP B-NP O
. . O O

"""

TIMEML = (
    '<?xml version="1.0"?>\n<TimeML><DOCID>t1</DOCID>'
    '<DCT><TIMEX3 tid="t0" type="DATE" value="2015-11-02" functionInDocument="CREATION_TIME">'
    "2015-11-02</TIMEX3></DCT><TEXT>Four officers were killed "
    '<TIMEX3 tid="t1" type="DATE" value="2015-10">last month</TIMEX3> near Aleppo.</TEXT>'
    "</TimeML>\n"
)

TR_TEXT = "Rebels shelled Aleppo on Monday, Syrian state media said."
TR_NEWS = (
    '<?xml version="1.0" encoding="utf-8"?>\n<articles>\n<article docid="1"><title>t</title>'
    f"<url>u</url><dltime>2017-01-01</dltime><text><![CDATA[{TR_TEXT}]]></text><toponyms>"
    "<toponym><phrase>Aleppo</phrase><start>15</start><end>21</end>"
    '<gaztag geonameid="170063"><name>Aleppo</name><fclass>P</fclass><fcode>PPLA</fcode>'
    "<lat>36.20124</lat><lon>37.16117</lon></gaztag></toponym>"
    "</toponyms></article>\n</articles>\n"
)


def test_eval_ner_json(tmp_path: Path) -> None:
    data = tmp_path / "tiny.conll"
    data.write_text(CONLL, encoding="utf-8")
    code, out, err = invoke("eval", "ner", "--data", str(data), "--json")
    assert code == 0, err
    report = json.loads(out)
    assert {"overall", "per_type"} <= report.keys()
    assert report["per_type"]["LOC"]["recall"] == 1.0
    assert report["per_type"]["ORG"]["recall"] == 1.0


def test_eval_time_json(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "one.tml").write_text(TIMEML, encoding="utf-8")
    code, out, err = invoke("eval", "time", "--data", str(tmp_path), "--json")
    assert code == 0, err
    report = json.loads(out)
    assert report["strict"]["f1"] == 1.0 and report["value_f1"] == 1.0
    assert "type_accuracy" in report and "relaxed" in report


def test_eval_geo_json_both_modes(tmp_path: Path) -> None:
    assert TR_TEXT[15:21] == "Aleppo"
    data = tmp_path / "tr.xml"
    data.write_text(TR_NEWS, encoding="utf-8")
    for mode in ("end_to_end", "given_spans"):
        code, out, err = invoke("eval", "geo", "--data", str(data), "--mode", mode, "--json")
        assert code == 0, err
        report = json.loads(out)
        assert report["resolution_accuracy"] == 1.0 and report["acc_at_161km"] == 1.0
        assert {"recognition", "mean_error_km", "median_error_km", "documents", "toponyms"} <= (
            report.keys()
        )
    code, _, _ = invoke("eval", "geo", "--data", str(data), "--mode", "sideways")
    assert code == 2


def test_eval_error_is_a_usage_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.conll"
    bad.write_text("this is not\ta gold file\twith columns\n", encoding="utf-8")
    code, _, err = invoke("eval", "ner", "--data", str(bad))
    assert code == 2 and "error" in err
