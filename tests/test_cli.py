"""The CLI in-process, on the seed and on a folder of bad inputs (needs the model)."""

from __future__ import annotations

import json
import re
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


EVENT_FIELDS = {
    "id",
    "type",
    "plover",
    "cameo",
    "acled_event_type",
    "acled_sub_event_type",
    "actors",
    "targets",
    "place",
    "time",
    "fatalities",
    "certainty",
    "sources",
    "denied_by",
    "evidence",
}


def test_events_json_follows_the_contract(seed_db: str) -> None:
    code, out, _ = invoke("events", "--json", "--db", seed_db)
    assert code == 0
    events = json_lines(out)
    assert len(events) >= 12
    [doc] = json_lines(invoke("show", _doc_ids(seed_db)[0], "--json", "--db", seed_db)[1])
    for event in events:
        assert event.keys() >= EVENT_FIELDS
        assert event["sources"], "the article itself is a source entry too"
        spans = [*event["evidence"], event["trigger"], *(a["evidence"] for a in event["arguments"])]
        for ev in spans:
            assert doc["text"][ev["start"] : ev["end"]] == ev["text"]
    battles = next(e for e in events if e["type"] == "armed-clash" and e["place"]["precision"] == 1)
    assert battles["acled_event_type"] == "Battles" and battles["plover"] == "ASSAULT"
    assert set(battles["actors"]) == {"Syrian government forces", "Syrian rebels", "Islamic State"}
    assert battles["place"]["name"] == "Aleppo"
    assert (
        abs(battles["place"]["lat"] - 36.20) < 0.25 and abs(battles["place"]["lon"] - 37.16) < 0.25
    )
    clash = next(e for e in events if e["fatalities"])
    assert clash["fatalities"]["best"] == 30 and clash["fatalities"]["qualifier"] == "approximate"
    assert clash["time"]["end"] == "2015-11-02"
    advisers = next(e for e in events if e["denied_by"])
    assert [d["name"] for d in advisers["denied_by"]] == ["Government of Iran"]
    assert doc["events"] and {e["id"] for e in doc["events"]} == {e["id"] for e in events}


def test_events_filters(seed_db: str) -> None:
    killings = json_lines(invoke("events", "--type", "killing", "--json", "--db", seed_db)[1])
    assert killings and {e["type"] for e in killings} == {"killing"}
    claimed = json_lines(invoke("events", "--certainty", "claimed", "--json", "--db", seed_db)[1])
    assert len(claimed) == 4  # mutiny, court-martial, retirement, recruitment drive
    for event in claimed:
        assert [s["name"] for s in event["sources"]] == [
            "Asharq al-Awsat",
            "a source close to the Guards",
        ]
    irgc = json_lines(invoke("events", "--entity", "actor:irgc", "--json", "--db", seed_db)[1])
    assert [e["type"] for e in irgc] == ["armed-clash", "recruitment-drive"]  # the ~30 fighters
    code, _, err = invoke("events", "--type", "bombing-raid", "--db", seed_db)
    assert code == 2 and "no event type" in err


def test_claims_and_named_casualties_json(seed_db: str) -> None:
    claims = json_lines(invoke("claims", "--json", "--db", seed_db)[1])
    assert {"event", "event_type", "sources", "certainty", "denies", "cues", "evidence"} <= claims[
        0
    ].keys()
    denial = next(c for c in claims if c["certainty"] == "denied")
    assert denial["denies"] in {c["id"] for c in claims}
    assert not any("Reuters" in s["name"] for c in claims for s in c["sources"])
    named = json_lines(invoke("casualties", "--named", "--json", "--db", seed_db)[1])
    by_person = {n["person"]: n for n in named}
    assert set(by_person) == {"Ezzatollah Soleimani", "Hossein Hamedani"}
    soleimani = by_person["Ezzatollah Soleimani"]
    assert soleimani["rank"] == "Colonel"
    assert soleimani["affiliation"] == "Islamic Revolutionary Guard Corps"
    assert soleimani["outcome"] == "killed"
    assert soleimani["place"]["name"] == "Aleppo" and soleimani["place"]["precision"] == 2
    assert soleimani["circumstance"] == "advisory mission"
    assert soleimani["sources"] == [
        {
            "name": "state media",
            "kind": "state_media",
            "entity_id": None,
            "evidence": soleimani["sources"][0]["evidence"],
        }
    ]
    assert by_person["Hossein Hamedani"]["time"]["start"] == "2015-10-01"


def test_show_marks_events(seed_db: str) -> None:
    code, out, _ = invoke("show", _doc_ids(seed_db)[0], "--db", seed_db)
    assert code == 0
    assert re.search(r"events \(1\d\)", out)
    assert "Funeral[1]" in out  # each trigger numbered as its row in the events table
