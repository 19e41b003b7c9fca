"""Tests for eventwire.evaluate: the geoparsing gold readers and the geoparsing scorer."""

from __future__ import annotations

import json
import math
import re
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eventwire.earth import EARTH_RADIUS_KM
from eventwire.errors import EvalDataError
from eventwire.evaluate.geo import (
    GeoReport,
    KindBreakdown,
    PredictedToponym,
    evaluate_geo,
    format_report,
    haversine_km,
    spacy_recognition_tagger,
)
from eventwire.evaluate.geodata import GeoDoc, GoldToponym, locate, read_geo

from .conftest import shared_data


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# --- TR-News / LGL ----------------------------------------------------------------------

TR_TEXT = "Rebels shelled Aleppo & Idlib. Aleppo burns."


def tr_toponym(phrase: str, start: int, *, gaz: str = "") -> str:
    return (
        f"<toponym><phrase>{phrase}</phrase><start>{start}</start>"
        f"<end>{start + len(phrase)}</end>{gaz}</toponym>"
    )


def tr_file(text: str, toponyms: str, *, docid: str = "9001") -> str:
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<articles>\n'
        f'<article docid="{docid}"><title>t</title><url>u</url><dltime>2017-01-01</dltime>'
        f"<text><![CDATA[{text}]]></text><toponyms>{toponyms}</toponyms></article>\n"
        "</articles>\n"
    )


ALEPPO_GAZ = (
    '<gaztag geonameid="170063"><name>Aleppo</name><fclass>P</fclass><fcode>PPLA</fcode>'
    "<lat>36.20124</lat><lon>37.16117</lon><country geonameid='163843'>Syria</country></gaztag>"
)


def test_trnews_reader_keeps_offsets_and_realigns_drift(tmp_path: Path) -> None:
    second = TR_TEXT.index("Aleppo burns")
    toponyms = (
        tr_toponym("Aleppo", 15, gaz=ALEPPO_GAZ)
        + tr_toponym("Idlib", TR_TEXT.index("Idlib"))  # no gaztag: unresolved in gold
        + tr_toponym("Aleppo", second + 3, gaz=ALEPPO_GAZ)  # offsets drifted by 3
    )
    docs = read_geo(write(tmp_path / "tr.xml", tr_file(TR_TEXT, toponyms)))
    assert len(docs) == 1
    doc = docs[0]
    assert (doc.name, doc.text, doc.realigned) == ("9001", TR_TEXT, 1)
    assert doc.toponyms == (
        GoldToponym(15, 21, "Aleppo", 170063, 36.20124, 37.16117),
        GoldToponym(24, 29, "Idlib"),
        GoldToponym(second, second + 6, "Aleppo", 170063, 36.20124, 37.16117),
    )
    assert all(doc.text[t.start : t.end] == t.text for t in doc.toponyms)


def test_locate_prefers_the_nearest_then_the_earlier_occurrence() -> None:
    text = "xx Aleppo xx Aleppo xx"
    assert locate(text, start=3, end=9, phrase="Aleppo", where="w") == (3, 9, False)
    assert locate(text, start=11, end=17, phrase="Aleppo", where="w") == (13, 19, True)
    # 5 from both occurrences (3 and 13): the earlier wins
    assert locate(text, start=8, end=14, phrase="Aleppo", where="w") == (3, 9, True)
    # offsets past the end of the text are still realigned
    assert locate(text, start=20, end=26, phrase="Aleppo", where="w") == (13, 19, True)
    with pytest.raises(EvalDataError, match="not within 40 characters"):
        locate("a" * 100 + "Aleppo", start=0, end=6, phrase="Aleppo", where="w")


# --- GeoWebNews ---------------------------------------------------------------------------

GWN_TEXT = "Turkish troops entered Afrin; the city was shelled."
GWN_TEXT2 = "Kurds fled."


def gwn_toponym(
    name: str, kind: str, start: int, *, gid: str | None = None, coords: str = ""
) -> str:
    resolved = ""
    if gid is not None:
        lat, lon = coords.split()
        resolved = (
            f"<geonamesID>{gid}</geonamesID>" if gid else "<geonamesID/>"
        ) + f"<latitude>{lat}</latitude><longitude>{lon}</longitude>"
    return (
        f"<toponym><extractedName>{name}</extractedName><normalisedName/><type>{kind}</type>"
        f"<modifierType/><nonLocational>No</nonLocational><start>{start}</start>"
        f"<end>{start + len(name)}</end>{resolved}</toponym>"
    )


def gwn_article(file: str, text: str, toponyms: str) -> str:
    return (
        f'<article file="{file}"><title>Shelling in Afrin</title><link>http://x</link>'
        f"<text>{text}</text><toponyms>{toponyms}</toponyms></article>"
    )


GWN_XML = (
    '<?xml version="1.0" ?>\n<articles>\n<!--GeoWebNews-->\n'
    + gwn_article(
        "10",
        GWN_TEXT,
        gwn_toponym("Turkish", "Non_Literal_Modifier", 0, gid="298795", coords="39.0 35.0")
        + gwn_toponym("Afrin", "Literal", 23, gid="", coords="36.51 36.86")
        + gwn_toponym("city", "Literal_Expression", 34)
        + gwn_toponym("Afrin", "Literal", -10, gid="170000", coords="36.5 36.8"),  # headline
    )
    + gwn_article("9", GWN_TEXT2, gwn_toponym("Kurds", "Demonym", 0))
    + "\n</articles>\n"
)
GWN_EXPECTED = [
    GeoDoc(
        name="10",
        text=GWN_TEXT,
        toponyms=(
            GoldToponym(0, 7, "Turkish", 298795, 39.0, 35.0, "Non_Literal_Modifier"),
            GoldToponym(23, 28, "Afrin", None, 36.51, 36.86, "Literal"),
        ),
        outside_text=1,
        not_toponyms=1,
    ),
    GeoDoc(name="9", text=GWN_TEXT2, toponyms=(GoldToponym(0, 5, "Kurds", kind="Demonym"),)),
]


def test_gwn_reader_keeps_toponym_types_and_counts_the_rest(tmp_path: Path) -> None:
    assert read_geo(write(tmp_path / "GWN.xml", GWN_XML)) == GWN_EXPECTED


GWN_FULL = (
    "Republic of Turkey,,Turkish,,39.0,,35.0,,0,,7||Afrin,,Afrin,,36.51,,36.86,,23,,28||"
    "Afrin,,Afrin,,36.5,,36.8,,-10,,-5||\n"
    "\n"  # the last article has no toponym with an id
)


def test_gwn_full_takes_its_text_from_gwn_xml_beside_it(tmp_path: Path) -> None:
    write(tmp_path / "GWN.xml", GWN_XML)
    docs = read_geo(write(tmp_path / "gwn_full.txt", GWN_FULL))
    assert docs == [
        GeoDoc(
            name="10",
            text=GWN_TEXT,
            toponyms=(
                GoldToponym(0, 7, "Turkish", None, 39.0, 35.0),
                GoldToponym(23, 28, "Afrin", None, 36.51, 36.86),
            ),
            outside_text=1,
        ),
        GeoDoc(name="9", text=GWN_TEXT2, toponyms=()),
    ]


BRAT_HEADER = "TITLE: Shelling in Afrin LINK: http://x\n"


def brat_ann(lines: list[str]) -> str:
    return "\n".join(lines) + "\n"


def write_brat(folder: Path) -> Path:
    shift = len(BRAT_HEADER)
    write(folder / "10.txt", BRAT_HEADER + GWN_TEXT)
    write(
        folder / "10.ann",
        brat_ann(
            [
                f"T1\tNon_Literal_Modifier {shift} {shift + 7}\tTurkish",
                f"T2\tLiteral {shift + 23} {shift + 28}\tAfrin\t",  # stray tab, as in the data
                f"T3\tLiteral_Expression {shift + 34} {shift + 38}\tcity",
                "T4\tLiteral 19 24\tAfrin",  # in the headline
                "#1\tAnnotatorNotes T1\t298795",
                "#2\tAnnotatorNotes T2\t36.51,  36.86",
                "#3\tAnnotatorNotes T3\tN/A",
                "A1\tModifier_Type T1 Adjective",
            ]
        ),
    )
    write(folder / "9.txt", BRAT_HEADER + GWN_TEXT2)
    write(folder / "9.ann", brat_ann([f"T1\tDemonym {shift} {shift + 5}\tKurds"]))
    return folder


def test_brat_folder_reads_like_gwn_xml(tmp_path: Path) -> None:
    docs = read_geo(write_brat(tmp_path / "GeoWebNews_brat"))
    # brat notes give an id or coordinates, never both: Turkish has its id only
    turkish, afrin = GWN_EXPECTED[0].toponyms
    first = replace(GWN_EXPECTED[0], toponyms=(replace(turkish, lat=None, lon=None), afrin))
    assert docs == [first, GWN_EXPECTED[1]]


def test_gwn_full_falls_back_to_the_brat_folder(tmp_path: Path) -> None:
    write_brat(tmp_path / "GeoWebNews_brat")
    docs = read_geo(write(tmp_path / "gwn_full.txt", GWN_FULL))
    assert [(d.name, len(d.toponyms)) for d in docs] == [("10", 2), ("9", 0)]


# --- malformed input ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("a.xml", "<articles><article><text>x</article></articles>", r"a\.xml:1: not well-formed"),
        ("a.xml", "<corpus><doc/></corpus>", "expected <articles>"),
        ("a.xml", "<articles><article docid='3'><toponyms/></article></articles>", "no <text>"),
        (
            "a.xml",
            tr_file(TR_TEXT, "<toponym><phrase>Aleppo</phrase><start>x</start></toponym>"),
            r"article 9001, toponym 1: <start> 'x' is not a whole number",
        ),
        (
            "a.xml",
            tr_file(TR_TEXT, tr_toponym("Damascus", 3)),
            "toponym 1: offsets 3-11 hold 'els shel'",
        ),
        (
            "a.xml",
            tr_file(TR_TEXT, tr_toponym("Aleppo", 15, gaz='<gaztag geonameid="abc"/>')),
            "GeoNames id 'abc'",
        ),
        (
            "a.xml",
            tr_file(
                TR_TEXT,
                tr_toponym(
                    "Aleppo", 15, gaz="<gaztag geonameid='1'><lat>137</lat><lon>3</lon></gaztag>"
                ),
            ),
            "swapped",
        ),
        (
            "GWN.xml",
            "<articles>"
            + gwn_article("1", GWN_TEXT, gwn_toponym("Afrin", "City", 23))
            + "</articles>",
            "type 'City' is not a GeoWebNews type",
        ),
        ("notes.txt", "just some text\n", "cannot tell the format"),
    ],
)
def test_malformed_files_name_the_file_and_position(
    tmp_path: Path, name: str, content: str, problem: str
) -> None:
    path = write(tmp_path / name, content)
    with pytest.raises(EvalDataError, match=problem) as caught:
        read_geo(path)
    assert str(path) in str(caught.value)


def test_gwn_full_errors(tmp_path: Path) -> None:
    lone = write(tmp_path / "alone" / "gwn_full.txt", GWN_FULL)
    with pytest.raises(EvalDataError, match=r"put GWN\.xml or the GeoWebNews_brat folder"):
        read_geo(lone)
    write(tmp_path / "GWN.xml", GWN_XML)
    short = write(tmp_path / "gwn_full.txt", "Afrin,,Afrin,,36.5,,36.8,,23,,28||\n")
    with pytest.raises(EvalDataError, match="1 lines but 2 articles"):
        read_geo(short)
    bad = write(tmp_path / "gwn_full.txt", "Afrin,,Afrin,,36.5,,23,,28||\n\n")
    with pytest.raises(EvalDataError, match=r"gwn_full\.txt:1: entry 1: 5 ',,'-separated"):
        read_geo(bad)


def test_brat_errors(tmp_path: Path) -> None:
    folder = write_brat(tmp_path / "brat")
    write(folder / "9.ann", "T1\tDemonym 1 2 3\tKurds\n")
    with pytest.raises(EvalDataError, match=r"9\.ann:1: expected 'TYPE start end'"):
        read_geo(folder)
    write(folder / "9.ann", "#1\tAnnotatorNotes T7\t123\n")
    with pytest.raises(EvalDataError, match=r"notes for unknown annotations \['T7'\]"):
        read_geo(folder)
    write(folder / "9.ann", "T1\tDemonym 40 45\tKurds\n#1\tAnnotatorNotes T1\tsomewhere\n")
    with pytest.raises(EvalDataError, match="neither a GeoNames id nor 'lat, lon'"):
        read_geo(folder)
    write(folder / "9.ann", "this is not standoff\n")
    with pytest.raises(EvalDataError, match=r"9\.ann:1: not a brat standoff line"):
        read_geo(folder)
    (folder / "9.ann").unlink()
    with pytest.raises(EvalDataError, match=r"9\.txt: no 9\.ann beside it"):
        read_geo(folder)
    (tmp_path / "empty").mkdir()
    with pytest.raises(EvalDataError, match=r"no \.txt files"):
        read_geo(tmp_path / "empty")
    with pytest.raises(EvalDataError, match="no such file"):
        read_geo(tmp_path / "absent.xml")


# --- haversine ----------------------------------------------------------------------------

latitudes = st.floats(min_value=-90, max_value=90, allow_nan=False)
longitudes = st.floats(min_value=-180, max_value=180, allow_nan=False)
points = st.tuples(latitudes, longitudes)


def test_haversine_known_distances() -> None:
    assert haversine_km(51.5074, -0.1278, 48.8566, 2.3522) == pytest.approx(343.6, abs=0.5)
    assert haversine_km(0, 0, 0, 180) == pytest.approx(20015.1, abs=0.1)
    assert haversine_km(90, 0, -90, 0) == pytest.approx(math.pi * EARTH_RADIUS_KM)
    assert haversine_km(0, 179.5, 0, -179.5) == pytest.approx(111.2, abs=0.1)  # across 180


@settings(max_examples=200)
@given(points, points)
def test_haversine_is_symmetric_and_bounded(a: tuple[float, float], b: tuple[float, float]) -> None:
    there = haversine_km(*a, *b)
    assert there == pytest.approx(haversine_km(*b, *a), rel=1e-9, abs=1e-6)
    assert 0 <= there <= math.pi * EARTH_RADIUS_KM + 1e-6


@given(points)
def test_haversine_zero_distance_and_antipodes(a: tuple[float, float]) -> None:
    lat, lon = a
    assert haversine_km(lat, lon, lat, lon) == 0
    antipode_lon = lon + 180 if lon <= 0 else lon - 180
    assert haversine_km(lat, lon, -lat, antipode_lon) == pytest.approx(20015.1, abs=0.1)


@settings(max_examples=300)
@given(points, points, points)
def test_haversine_triangle_inequality(
    a: tuple[float, float], b: tuple[float, float], c: tuple[float, float]
) -> None:
    assert haversine_km(*a, *c) <= haversine_km(*a, *b) + haversine_km(*b, *c) + 1e-6


# --- scoring ------------------------------------------------------------------------------

DOC_A = "Shelling hit Aleppo and Idlib near Damascus Road, said Syrian officials in Paris."
DOC_B = "Georgia declared an emergency in Tbilisi."
DOC_C = "No places here."

ALEPPO = (36.20124, 37.16117)
PARIS = (48.85341, 2.3488)
PARIS_TEXAS = (33.66094, -95.55551)
DAMASCUS_ROAD = (33.50, 36.30)
DAMASCUS = (33.5102, 36.29128)


def gold(
    text: str,
    phrase: str,
    *,
    gid: int | None = None,
    at: tuple[float, float] | None = None,
    kind: str,
) -> GoldToponym:
    start = text.index(phrase)
    lat, lon = at if at is not None else (None, None)
    return GoldToponym(start, start + len(phrase), phrase, gid, lat, lon, kind)


GOLD = [
    GeoDoc(
        "a",
        DOC_A,
        (
            gold(DOC_A, "Aleppo", gid=170063, at=ALEPPO, kind="Literal"),
            gold(DOC_A, "Idlib", gid=169389, at=(35.93, 36.63), kind="Literal"),
            gold(DOC_A, "Damascus Road", at=DAMASCUS_ROAD, kind="Literal"),  # coordinates only
            gold(DOC_A, "Syrian", kind="Demonym"),  # neither id nor coordinates
            gold(DOC_A, "Paris", gid=2988507, at=PARIS, kind="Literal"),
        ),
    ),
    GeoDoc(
        "b",
        DOC_B,
        (
            gold(DOC_B, "Georgia", gid=614540, at=(41.99998, 43.4999), kind="Metonymic"),
            gold(DOC_B, "Tbilisi", gid=611717, at=(41.69411, 44.83368), kind="Literal"),
        ),
    ),
    GeoDoc("c", DOC_C, ()),
]


def at(
    text: str, phrase: str, gid: int | None, where: tuple[float, float] | None
) -> PredictedToponym:
    start = text.index(phrase)
    lat, lon = where if where is not None else (None, None)
    return (start, start + len(phrase), gid, lat, lon)


PREDICTIONS: dict[str, list[PredictedToponym]] = {
    DOC_A: [
        at(DOC_A, "Aleppo", 170063, (36.21, 37.16)),  # exact, right id, ~1 km off
        at(DOC_A, "Idlib near", 169389, None),  # overlap, right id, no coordinates: 0 km
        at(DOC_A, "Damascus", 170654, DAMASCUS),  # overlap; gold has coordinates only
        at(DOC_A, "Paris", 4717560, PARIS_TEXAS),  # exact, wrong id, ~7,900 km
        at(DOC_A, "Paris", 2988507, PARIS),  # the same span again: dropped
    ],
    DOC_B: [at(DOC_B, "Georgia", None, None)],  # found, not resolved; Tbilisi missed
    DOC_C: [at(DOC_C, "places", None, None)],  # spurious
}


def fake_tagger(predictions: dict[str, list[PredictedToponym]]):  # type: ignore[no-untyped-def]
    calls: list[list[str]] = []

    def tag(texts: list[str]) -> list[list[PredictedToponym]]:
        calls.append(list(texts))
        return [list(predictions.get(text, [])) for text in texts]

    return calls, tag


def test_end_to_end_scores_with_known_counts() -> None:
    calls, tagger = fake_tagger(PREDICTIONS)
    report = evaluate_geo(GOLD, tagger, batch_size=2, data="synthetic")
    assert calls == [[DOC_A, DOC_B], [DOC_C]]
    # 7 gold, 6 predictions after the duplicate; exact 3 (Aleppo, Paris, Georgia), overlap 5
    assert (report.exact.tp, report.exact.fp, report.exact.fn) == (3, 3, 4)
    assert (report.overlap.tp, report.overlap.fp, report.overlap.fn) == (5, 1, 2)
    assert report.exact.f1 == pytest.approx(6 / 13)
    assert report.overlap.f1 == pytest.approx(10 / 13)
    # ids: Aleppo, Idlib, Paris, Georgia, Tbilisi; right: Aleppo, Idlib (Tbilisi missed)
    assert (report.id_correct, report.with_id) == (2, 5)
    assert report.resolution_accuracy == pytest.approx(0.4)
    # coordinates: those five and Damascus Road; within 161 km: Aleppo, Idlib (same id), Damascus
    assert (report.within_161km, report.with_coordinates) == (3, 6)
    assert report.acc_at_161km == pytest.approx(0.5)
    distances = [
        haversine_km(*ALEPPO, 36.21, 37.16),
        haversine_km(*DAMASCUS_ROAD, *DAMASCUS),
        haversine_km(*PARIS, *PARIS_TEXAS),
    ]
    assert distances[0] < 2 and distances[1] < 2 and 7500 < distances[2] < 8500
    assert report.distances == 3
    assert report.mean_error_km == pytest.approx(sum(distances) / 3)
    assert report.median_error_km == pytest.approx(sorted(distances)[1])
    # answered only: Georgia (no answer) and Tbilisi (missed) drop out
    assert (report.answered_id_correct, report.answered_with_id) == (2, 3)
    assert (report.answered_within_161km, report.answered_with_coordinates) == (3, 4)
    assert dict(report.by_kind) == {
        "Demonym": KindBreakdown(gold=1),
        "Literal": KindBreakdown(5, 4, 4, 2, 5, 3),
        "Metonymic": KindBreakdown(1, 1, 1, 0, 1, 0),
    }
    assert report.missed == (("Syrian", 1), ("Tbilisi", 1))
    assert report.spurious == (("places", 1),)
    assert report.unresolved == (("Georgia", 1),)
    assert len(report.resolution_errors) == 1
    error = report.resolution_errors[0]
    assert (error.gold_text, error.gold_id, error.predicted_text, error.predicted_id) == (
        "Paris",
        2988507,
        "Paris",
        4717560,
    )
    assert error.distance_km == round(distances[2])

    as_dict = report.as_dict()
    json.dumps(as_dict)
    assert as_dict["recognition"] == {
        "precision": 0.5,
        "recall": pytest.approx(3 / 7),
        "f1": pytest.approx(6 / 13),
        "tp": 3,
        "fp": 3,
        "fn": 4,
    }
    assert as_dict["recognition_overlap"]["f1"] == pytest.approx(10 / 13)  # type: ignore[index]
    assert as_dict["resolution_accuracy"] == pytest.approx(0.4)
    assert as_dict["acc_at_161km"] == pytest.approx(0.5)
    assert as_dict["mean_error_km"] == pytest.approx(sum(distances) / 3)
    assert as_dict["median_error_km"] == pytest.approx(sorted(distances)[1])
    assert (as_dict["documents"], as_dict["toponyms"], as_dict["mode"]) == (3, 7, "end_to_end")
    assert as_dict["answered"]["resolution_accuracy"] == pytest.approx(2 / 3)  # type: ignore[index]

    text = format_report(report)
    assert "3 documents, 7 gold toponyms, 6 predicted" in text
    assert re.search(r"exact\s+0\.500\s+0\.429\s+0\.462\s+3\s+3\s+4", text)
    assert re.search(r"overlap\s+0\.833\s+0\.714\s+0\.769\s+5\s+1\s+2", text)
    assert "40.0%  (2/5 gold toponyms with an id) (a missed toponym counts as wrong)" in text
    assert "50.0%  (3/6 gold toponyms with coordinates)" in text
    assert f"Paris (2988507) -> 'Paris' 4717560, {round(distances[2]):,} km" in text
    assert "'Tbilisi'" in text


def test_given_spans_hands_the_gold_spans_to_the_resolver() -> None:
    seen: list[list[tuple[str, list[tuple[int, int]]]]] = []
    answers = {
        "Aleppo": (170063, ALEPPO),
        "Paris": (4717560, PARIS_TEXAS),
        "Tbilisi": (611717, None),
    }

    def resolve(batch: list[tuple[str, list[tuple[int, int]]]]) -> list[list[PredictedToponym]]:
        seen.append(batch)
        out: list[list[PredictedToponym]] = []
        for text, spans in batch:
            found: list[PredictedToponym] = []
            for start, end in spans:
                if text[start:end] in answers:
                    gid, where = answers[text[start:end]]
                    found.append(at(text, text[start:end], gid, where))
            out.append(found)
        return out

    report = evaluate_geo(GOLD, resolve, mode="given_spans")
    assert seen[0][1] == (DOC_B, [(0, 7), (33, 40)])
    assert seen[0][2] == (DOC_C, [])
    # recognition only counts the spans that came back: 3 of 7, all of them gold
    assert (report.exact.tp, report.exact.fp, report.exact.fn) == (3, 0, 4)
    assert (report.id_correct, report.with_id) == (2, 5)  # Aleppo, Tbilisi
    assert (report.within_161km, report.with_coordinates) == (2, 6)
    assert report.distances == 2  # Tbilisi came back without coordinates
    assert report.as_dict()["mode"] == "given_spans"
    assert "(a missed toponym counts as wrong)" not in format_report(report)

    def stray(batch: list[tuple[str, list[tuple[int, int]]]]) -> list[list[PredictedToponym]]:
        return [[(0, 3, None, None, None)] for _ in batch]

    with pytest.raises(ValueError, match="a span it was not given"):
        evaluate_geo(GOLD, stray, mode="given_spans")


def test_a_tagger_without_coordinates_resolves_nothing() -> None:
    _, tagger = fake_tagger(
        {t: [(s, e, None, None, None) for s, e, *_ in found] for t, found in PREDICTIONS.items()}
    )
    report = evaluate_geo(GOLD, tagger)
    assert report.overlap.tp == 5
    assert (report.resolution_accuracy, report.acc_at_161km) == (0.0, 0.0)
    assert (report.mean_error_km, report.median_error_km, report.distances) == (None, None, 0)
    assert report.resolution_errors == ()
    assert "mean n/a  median n/a" in format_report(report)


def test_gold_without_ids_has_no_resolution_accuracy() -> None:
    docs = [GeoDoc("x", "Afrin", (GoldToponym(0, 5, "Afrin", None, 36.5, 36.8),))]

    def near(texts: list[str]) -> list[list[PredictedToponym]]:
        return [[(0, 5, None, 36.6, 36.8)] for _ in texts]

    report = evaluate_geo(docs, near)
    assert report.resolution_accuracy is None
    assert report.acc_at_161km == 1.0
    assert report.as_dict()["resolution_accuracy"] is None
    assert "n/a  (0/0 gold toponyms with an id)" in format_report(report)
    empty = evaluate_geo([], lambda texts: [])
    assert isinstance(empty, GeoReport) and empty.documents == 0 and empty.exact.f1 == 0.0


@pytest.mark.parametrize(
    ("prediction", "problem"),
    [
        ((0, 500, None, None, None), "outside its text"),
        ((0, 3, 0, None, None), "GeoNames id that is not a positive"),
        ((0, 3, None, 10.0, None), "one coordinate without the other"),
        ((0, 3, None, 95.0, 10.0), "coordinates outside"),
    ],
)
def test_bad_predictions_are_reported(prediction: PredictedToponym, problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        evaluate_geo(GOLD, lambda texts: [[prediction] for _ in texts])


def test_system_and_argument_errors() -> None:
    with pytest.raises(ValueError, match="one list of toponyms per text"):
        evaluate_geo(GOLD, lambda texts: [])
    with pytest.raises(ValueError, match="batch_size"):
        evaluate_geo(GOLD, lambda texts: [], batch_size=0)
    with pytest.raises(ValueError, match="mode must be one of"):
        evaluate_geo(GOLD, lambda texts: [], mode="oracle")  # type: ignore[arg-type]


def nothing(texts: list[str]) -> list[list[PredictedToponym]]:
    return [[] for _ in texts]


def test_progress_reports_each_batch() -> None:
    seen: list[tuple[int, int]] = []
    evaluate_geo(
        GOLD,
        nothing,
        batch_size=2,
        progress=lambda done, total: seen.append((done, total)),
    )
    assert seen == [(2, 3), (3, 3)]


def test_spacy_recognition_tagger_keeps_place_entities() -> None:
    spacy = pytest.importorskip("spacy")
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns(
        [
            {"label": "GPE", "pattern": "Aleppo"},
            {"label": "FAC", "pattern": "Damascus Road"},
            {"label": "NORP", "pattern": "Syrian"},
            {"label": "PERSON", "pattern": "Assad"},
        ]
    )
    tagger = spacy_recognition_tagger(nlp, batch_size=2)
    assert tagger(["Syrian Assad left Aleppo by Damascus Road", "nothing"]) == [
        [(18, 24, None, None, None), (28, 41, None, None, None)],
        [],
    ]
    with_norp = spacy_recognition_tagger(nlp, labels=("GPE", "NORP"))
    assert with_norp(["Syrian Aleppo"]) == [[(0, 6, None, None, None), (7, 13, None, None, None)]]


def test_modules_do_not_import_spacy_at_top_level() -> None:
    folder = Path(__file__).resolve().parents[1] / "eventwire" / "evaluate"
    for name in ("geo.py", "geodata.py"):
        top = [
            line
            for line in (folder / name).read_text(encoding="utf-8").splitlines()
            if line[:1] != " "
        ]
        assert not [line for line in top if re.match(r"(from|import) spacy", line)], name


# --- gold data ----------------------------------------------------------------------------


@pytest.mark.gold
def test_tr_news_reads_completely() -> None:
    docs = read_geo(shared_data("geo/TR-News.xml"))
    toponyms = [t for d in docs for t in d.toponyms]
    # ../shared/data/README.md: 118 articles, 1,319 toponyms; 1,275 carry a gazetteer entry
    assert len(docs) == 118
    assert len(toponyms) == 1319
    assert sum(t.geonames_id is not None for t in toponyms) == 1275
    assert sum(t.has_coordinates for t in toponyms) == 1275
    assert sum(d.realigned for d in docs) == 117  # offsets drifted from the phrase
    assert all(d.text[t.start : t.end] == t.text for d in docs for t in d.toponyms)


@pytest.mark.gold
def test_geowebnews_reads_completely() -> None:
    docs = read_geo(shared_data("geo/GWN.xml"))
    toponyms = [t for d in docs for t in d.toponyms]
    assert len(docs) == 200
    # README: 2,601 toponyms with coordinates; 2 of them (and 2,401 with ids: 2 of them)
    # sit in a headline, outside the article text
    assert sum(t.has_coordinates for t in toponyms) + 2 == 2601
    assert sum(t.geonames_id is not None for t in toponyms) + 2 == 2401
    assert sum(d.outside_text for d in docs) == 2
    assert len(toponyms) == 2718
    assert sum(d.not_toponyms for d in docs) == 3892
    assert {t.kind for t in toponyms} >= {"Literal", "Metonymic", "Demonym", "Non_Literal_Modifier"}
    assert all(d.text[t.start : t.end] == t.text for d in docs for t in d.toponyms)
    assert all(t.has_coordinates for t in toponyms if t.geonames_id is not None)


@pytest.mark.gold
def test_gwn_full_and_brat_agree_with_gwn_xml() -> None:
    xml = read_geo(shared_data("geo/GWN.xml"))
    full = read_geo(shared_data("geo/gwn_full.txt"))
    brat = read_geo(shared_data("geo/GeoWebNews_brat"))
    assert [d.name for d in full] == [d.name for d in brat] == [d.name for d in xml]
    assert all(a.text == b.text == c.text for a, b, c in zip(xml, full, brat, strict=True))
    # gwn_full.txt: the toponyms with a GeoNames id, coordinates but no ids
    assert sum(len(d.toponyms) for d in full) + 2 == 2401
    # the same toponyms as GWN.xml's with an id, but for three boundaries (documents 169,
    # 297, 302), where gwn_full.txt follows the brat files
    differing = [
        a.name
        for a, b in zip(xml, full, strict=True)
        if {(t.start, t.end, t.lat, t.lon) for t in b.toponyms}
        != {(t.start, t.end, t.lat, t.lon) for t in a.toponyms if t.geonames_id}
    ]
    assert differing == ["169", "297", "302"]
    # brat: the same toponyms up to a handful of boundary and note differences
    assert sum(len(d.toponyms) for d in brat) == 2718
    moved = sum(
        {(t.start, t.end) for t in a.toponyms} != {(t.start, t.end) for t in c.toponyms}
        for a, c in zip(xml, brat, strict=True)
    )
    assert moved == 4  # documents 169, 258, 297, 302


def test_an_oracle_resolver_scores_perfectly() -> None:
    by_span = {(doc.text, t.start, t.end): t for doc in GOLD for t in doc.toponyms}

    def oracle(batch: list[tuple[str, list[tuple[int, int]]]]) -> list[list[PredictedToponym]]:
        out: list[list[PredictedToponym]] = []
        for text, spans in batch:
            truths = [by_span[(text, start, end)] for start, end in spans]
            out.append([(t.start, t.end, t.geonames_id, t.lat, t.lon) for t in truths])
        return out

    report = evaluate_geo(GOLD, oracle, mode="given_spans")
    assert (report.resolution_accuracy, report.acc_at_161km) == (1.0, 1.0)
    assert (report.mean_error_km, report.median_error_km) == (0.0, 0.0)
    assert report.exact.f1 == 1.0 and report.resolution_errors == ()


def test_the_right_entry_counts_within_161_km_whatever_its_point() -> None:
    # Georgia the country, with a reference point 900 km from the gold's: same GeoNames id.
    far_point = (41.99998 + 8.0, 43.4999)
    _, tagger = fake_tagger({DOC_B: [at(DOC_B, "Georgia", 614540, far_point)]})
    report = evaluate_geo([GOLD[1]], tagger)
    assert report.id_correct == 1 and report.within_161km == 1
    assert report.mean_error_km is not None and report.mean_error_km > 800


# --- as_mordecai: Mordecai3's evaluation set, like for like --------------------------------

M1 = "Homs, Hama, Tartus and Latakia."
M2 = "Idlib, Deraa, Raqqa, Kobani, Afrin and Manbij."
M_IDS = {"Homs": 1, "Hama": 2, "Tartus": 3, "Latakia": 4, "Idlib": 5, "Deraa": 6}
M_IDS |= {"Raqqa": 7, "Kobani": 8, "Afrin": 9, "Manbij": 10}


def m_doc(name: str, text: str) -> GeoDoc:
    names = [w.strip(",.") for w in text.split() if w.strip(",.") in M_IDS]
    return GeoDoc(
        name,
        text,
        tuple(gold(text, n, gid=M_IDS[n], at=(35.0, 37.0), kind="Literal") for n in names),
    )


def fake_resolver(answers: dict[tuple[str, str], PredictedToponym]):  # type: ignore[no-untyped-def]
    """A resolver answering from ``(text, phrase)``; spans it has no answer for are left out."""
    calls: list[list[tuple[str, list[tuple[int, int]]]]] = []

    def resolve(batch: list[tuple[str, list[tuple[int, int]]]]) -> list[list[PredictedToponym]]:
        calls.append(batch)
        return [
            [
                answers[(text, text[start:end])]
                for start, end in spans
                if (text, text[start:end]) in answers
            ]
            for text, spans in batch
        ]

    return calls, resolve


def test_as_mordecai_resolves_the_gold_spans_of_the_last_30_percent() -> None:
    docs = [m_doc("1", M1), m_doc("2", M2)]
    calls, resolver = fake_resolver(
        {
            (M2, "Kobani"): at(M2, "Kobani", 8, (35.0, 37.0)),  # right
            (M2, "Afrin"): at(M2, "Afrin", None, None),  # unanswered: stays in, wrong
            (M2, "Manbij"): at(M2, "Manbij", 99, (10.0, 10.0)),  # wrong
            (M2, "Idlib"): at(M2, "Idlib", 5, (35.0, 37.0)),  # before the split: not asked
        }
    )

    def every_id(text: str) -> set[int]:
        return set(M_IDS.values())

    report = evaluate_geo(docs, resolver, mode="as_mordecai", candidate_ids=every_id)
    # the split's last three toponyms all lie in the second document; their gold spans are given
    spans = [(M2.index(n), M2.index(n) + len(n)) for n in ("Kobani", "Afrin", "Manbij")]
    assert calls == [[(M2, spans)]]
    assert report.comparison is not None
    assert report.comparison.as_dict() == {
        "gold_with_id": 10,
        "split": 3,
        "not_in_candidates": 0,
        "scored": 3,
        "unanswered": 1,
        "unfiltered_resolution_accuracy": pytest.approx(1 / 3),
        "unfiltered_acc_at_161km": pytest.approx(1 / 3),
    }
    assert (report.id_correct, report.with_id) == (1, 3)
    assert (report.within_161km, report.with_coordinates) == (1, 3)
    assert report.exact.tp == 3 and report.unresolved == (("Afrin", 1),)
    assert report.as_dict()["mode"] == "as_mordecai"
    text = format_report(report)
    assert "like for like with Mordecai3" in text and "1 left unanswered" in text

    def not_manbij(text: str) -> set[int]:
        return set() if text == "Manbij" else set(M_IDS.values())

    narrower = evaluate_geo(docs, resolver, mode="as_mordecai", candidate_ids=not_manbij)
    assert narrower.comparison is not None
    assert (narrower.comparison.not_in_candidates, narrower.comparison.scored) == (1, 2)
    assert (narrower.id_correct, narrower.with_id) == (1, 2)
    # without the filter, the dropped toponym counts again (as the wrong answer it got)
    assert narrower.comparison.unfiltered_accuracy == pytest.approx(1 / 3)

    # a span the resolver does not return at all is unanswered too
    _, silent = fake_resolver({(M2, "Kobani"): at(M2, "Kobani", 8, (35.0, 37.0))})
    quiet = evaluate_geo(docs, silent, mode="as_mordecai", candidate_ids=every_id)
    assert quiet.comparison is not None and quiet.comparison.unanswered == 2
    assert (quiet.id_correct, quiet.with_id, quiet.exact.tp) == (1, 3, 3)

    # the resolver may only answer the spans it was given
    _, stray = fake_resolver({(M2, "Kobani"): at(M2, "Kobani,", 8, (35.0, 37.0))})
    with pytest.raises(ValueError, match="not given"):
        evaluate_geo(docs, stray, mode="as_mordecai", candidate_ids=every_id)
    with pytest.raises(ValueError, match="candidate_ids"):
        evaluate_geo(docs, resolver, mode="as_mordecai")
