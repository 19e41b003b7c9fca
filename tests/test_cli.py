"""The CLI in-process, on the seed and on a folder of bad inputs (needs the model)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from eventwire.cli import app

from .conftest import SEED

runner = CliRunner()


def invoke(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def json_lines(output: str) -> list[dict]:  # type: ignore[type-arg]
    return [json.loads(line) for line in output.splitlines() if line.strip()]


@pytest.fixture()
def seed_db(tmp_path: Path) -> str:
    folder = tmp_path / "examples"
    folder.mkdir()
    shutil.copy(SEED, folder)
    db = str(tmp_path / "ew.db")
    code, _, err = invoke("run", str(folder), "--published", "2015-11-02", "--db", db)
    assert code == 0, err
    return db


def test_people_json_has_contract_fields_and_true_evidence(seed_db: str) -> None:
    code, out, _ = invoke("people", "--json", "--db", seed_db)
    assert code == 0
    people = {p["name"]: p for p in json_lines(out)}
    [doc] = json_lines(invoke("show", next(iter(_doc_ids(seed_db))), "--json", "--db", seed_db)[1])
    for person in people.values():
        assert {"id", "name", "rank", "role", "affiliation", "evidence"} <= person.keys()
        for ev in person["evidence"]:
            assert doc["text"][ev["start"] : ev["end"]] == ev["text"]
    assert people["Hossein Hamedani"]["rank"] == "General"
    assert people["Ezzatollah Soleimani"]["affiliation"] == "Islamic Revolutionary Guard Corps"


def _doc_ids(db: str) -> list[str]:
    return [d["id"] for d in json_lines(invoke("documents", "--json", "--db", db)[1])]


def test_documents_json_separates_title_and_photo_credit(seed_db: str) -> None:
    [doc] = json_lines(invoke("documents", "--json", "--db", seed_db)[1])
    assert doc["title"] == "Funeral in Iran of Revolutionary Guards soldier killed in Syria"
    assert doc["photo_credit"] == "Reuters"
    assert doc["published"] == "2015-11-02"
    assert doc["duplicate_of"] is None
    assert doc["external_id"] is None


def test_actors_listing_merges_irgc_aliases_and_metonyms(seed_db: str) -> None:
    actors = {a["name"]: a for a in json_lines(invoke("actors", "--json", "--db", seed_db)[1])}
    irgc = actors["Islamic Revolutionary Guard Corps"]
    assert {"IRGC", "Revolutionary Guards", "Guards"} <= set(irgc["aliases"])
    aliases = {alias for a in actors.values() for alias in a["aliases"]}
    assert {"Damascus", "Tehran"} <= aliases
    places = {p["name"] for p in json_lines(invoke("places", "--json", "--db", seed_db)[1])}
    assert not {"Damascus", "Tehran"} & places


def test_running_twice_changes_no_row_count(seed_db: str, tmp_path: Path) -> None:
    import eventwire

    before = eventwire.open(seed_db).counts()
    code, _, err = invoke(
        "run", str(tmp_path / "examples"), "--published", "2015-11-02", "--db", seed_db
    )
    assert code == 0
    assert "0 new, 1 already stored" in err
    assert eventwire.open(seed_db).counts() == before


def test_search_and_show(seed_db: str) -> None:
    code, out, _ = invoke("search", "mutiny", "--json", "--db", seed_db)
    assert code == 0 and len(json_lines(out)) == 1
    code, out, _ = invoke("show", "nonexistent", "--db", seed_db)
    assert code == 2


def test_bad_inputs_are_named_and_the_rest_is_stored(tmp_path: Path) -> None:
    folder = tmp_path / "batch"
    folder.mkdir()
    shutil.copy(SEED, folder / "seed.txt")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (folder / "latin1.txt").write_bytes(
        "Clashes in Tripoli\n\nArmed groups clashed in the café district of Tripoli on "
        "Sunday, according to witnesses quoted by local media.".encode("latin-1")
    )
    with (folder / "huge.txt").open("wb") as huge:
        huge.truncate(50 * 1024 * 1024)
    (folder / "reports.jsonl").write_text(
        json.dumps(
            {
                "title": "Shelling in Donetsk",
                "text": "Russian forces shelled the city "
                "of Donetsk overnight, Ukrainian officials said on Monday.",
            }
        )
        + "\n"
        + '{"title": "broken", "text": \n',
        encoding="utf-8",
    )
    db = str(tmp_path / "ew.db")
    code, _, err = invoke("run", str(folder), "--db", db, "--max-bytes", str(10 * 1024 * 1024))
    assert code == 1
    for name in ("empty.txt", "binary.txt", "huge.txt", "reports.jsonl:2"):
        assert name in err
    docs = {d["title"]: d for d in json_lines(invoke("documents", "--json", "--db", db)[1])}
    assert set(docs) == {
        "Funeral in Iran of Revolutionary Guards soldier killed in Syria",
        "Clashes in Tripoli",
        "Shelling in Donetsk",
    }
    assert all(d["status"] == "extracted" for d in docs.values())
    show = json_lines(invoke("show", docs["Clashes in Tripoli"]["id"], "--json", "--db", db)[1])
    assert "café" in show[0]["text"]


def test_non_english_report_is_stored_but_not_extracted(tmp_path: Path) -> None:
    folder = tmp_path / "fr"
    folder.mkdir()
    (folder / "fr.txt").write_text(
        "Combats à Alep\n\nDes combats ont opposé les forces du régime aux rebelles dans la "
        "ville d'Alep, selon l'Observatoire syrien des droits de l'homme.",
        encoding="utf-8",
    )
    db = str(tmp_path / "ew.db")
    code, _, err = invoke("run", str(folder), "--db", db)
    assert code == 0
    assert "not English" in err
    [doc] = json_lines(invoke("documents", "--json", "--db", db)[1])
    assert (doc["language"], doc["status"]) == ("fr", "not_extracted")
    assert json_lines(invoke("places", "--json", "--db", db)[1]) == []


def test_bad_date_is_a_usage_error(tmp_path: Path) -> None:
    code, _, _ = invoke(
        "run", str(SEED), "--published", "2 Nov 2015", "--db", str(tmp_path / "x.db")
    )
    assert code == 2


def test_article_text_is_never_read_as_markup(tmp_path: Path) -> None:
    folder = tmp_path / "markup"
    folder.mkdir()
    (folder / "m.txt").write_text(
        "Clashes in [bold]Tripoli[/bold]\n\nArmed groups clashed in [red]Tripoli[/red] on "
        "Sunday, witnesses told local reporters.",
        encoding="utf-8",
    )
    db = str(tmp_path / "ew.db")
    code, out, _ = invoke("run", str(folder), "--db", db)
    assert code == 0
    assert "[bold]Tripoli[/bold]" in out
    code, out, _ = invoke("documents", "--db", db)
    assert "[bold]Tripoli[/" in out  # the table may cut the title at the terminal's width


def test_places_json_has_coordinates_and_precision_per_mention(seed_db: str) -> None:
    places = {p["name"]: p for p in json_lines(invoke("places", "--json", "--db", seed_db)[1])}
    aleppo = places["Aleppo"]
    assert aleppo["country"] == "SYR" and aleppo["feature"].startswith("P.")
    assert abs(aleppo["lat"] - 36.20) < 0.25 and abs(aleppo["lon"] - 37.16) < 0.25
    assert [ev["precision"] for ev in aleppo["evidence"]] == [2, 2]  # "near Aleppo", twice
    assert places["Syria"]["precision"] == 3 and places["Syria"]["geonames_id"] == 163843
