"""The HTTP API in-process, on a store built from the seed and the merge corpus (needs the
model): every endpoint, filters, pagination, bad parameters, the token and the binding."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from eventwire.cli import app as cli
from eventwire.server import ServeError, check_binding, create_app
from eventwire.settings import Settings

from .conftest import SEED

CORPUS = Path(__file__).parent / "corpus" / "merge.jsonl"
runner = CliRunner()


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("server")
    shutil.copy(SEED, folder / SEED.name)
    path = str(folder / "api.db")
    for args in (
        ["run", str(folder / SEED.name), "--published", "2015-11-02"],
        ["run", str(CORPUS)],
    ):
        result = runner.invoke(cli, [*args, "--db", path])
        assert result.exit_code == 0, result.stderr
    return path


@pytest.fixture(scope="module")
def client(db: str) -> TestClient:
    return TestClient(create_app(Settings(db=db)))


def page(client: TestClient, url: str, **params: object) -> dict:  # type: ignore[type-arg]
    response = client.get(url, params=params)
    assert response.status_code == 200, response.text
    body = response.json()
    assert {"items", "total", "limit", "offset"} <= body.keys()
    return body  # type: ignore[no-any-return]


def test_documents_list_detail_and_search(client: TestClient) -> None:
    body = page(client, "/api/documents", limit=5)
    assert body["total"] == 14 and len(body["items"]) == 5
    second = page(client, "/api/documents", limit=5, offset=5)
    assert not {d["id"] for d in body["items"]} & {d["id"] for d in second["items"]}
    hits = page(client, "/api/documents", q="Dalori")
    assert hits["total"] == 3
    in_2016 = page(client, "/api/documents", since="2016-01-01", until="2016-12-31")
    assert in_2016["total"] == 3
    seed = next(
        d
        for d in page(client, "/api/documents", q="Soleimani", limit=50)["items"]
        if d["photo_credit"] == "Reuters"
    )
    detail = client.get(f"/api/documents/{seed['id']}").json()
    assert detail["text"].startswith("Funeral in Iran")
    soleimani = [m for m in detail["mentions"] if m["name"] == "Ezzatollah Soleimani"]
    assert soleimani and all(detail["text"][m["start"] : m["end"]] == m["text"] for m in soleimani)
    died = next(e for e in detail["events"] if e["trigger"]["text"] == "died")
    assert died["sources"][0]["name"] == "state media"
    assert detail["claims"] and detail["times"]
    missing = client.get("/api/documents/dnothere")
    assert missing.status_code == 404 and "no document" in missing.json()["error"]


def test_entities(client: TestClient) -> None:
    actors = page(client, "/api/actors", q="guard")
    assert any(a["name"] == "Islamic Revolutionary Guard Corps" for a in actors["items"])
    nigeria = page(client, "/api/actors", country="NGA")
    assert nigeria["items"] and all(a["country"] == "NGA" for a in nigeria["items"])
    irgc = client.get("/api/actors/actor:irgc").json()
    assert irgc["events"]["total"] >= 1
    assert client.get("/api/actors/actor:nobody").status_code == 404
    people = page(client, "/api/people", q="hamadani")
    assert people["total"] == 1 and "Hossein Hamedani" in {
        people["items"][0]["name"],
        *people["items"][0]["aliases"],
    }
    person = page(client, "/api/person", name="Hussein Hamadani")
    assert person["items"][0]["casualties"]
    places = page(client, "/api/places", country="SYR", sort="name")
    names = [p["name"] for p in places["items"]]
    assert "Aleppo" in names and names == sorted(names, key=str.lower)


def test_events_filters_and_sorting(client: TestClient) -> None:
    everything = page(client, "/api/events", limit=500)
    assert everything["total"] == len(everything["items"]) > 20
    syria = page(client, "/api/events", country="SYR", limit=500)
    assert 0 < syria["total"] < everything["total"]
    assert all(e["place"] is None or e["place"]["country"] in (None, "SYR") for e in syria["items"])
    aleppo = page(client, "/api/events", bbox="36.5,35.8,37.5,36.6", limit=500)
    assert aleppo["items"] and all(e["place"]["name"] == "Aleppo" for e in aleppo["items"])
    claimed = page(client, "/api/events", certainty="claimed")
    assert claimed["items"] and {e["certainty"] for e in claimed["items"]} == {"claimed"}
    state = page(client, "/api/events", source_kind="state_media")
    assert state["items"] and all(e["sources"][-1]["kind"] == "state_media" for e in state["items"])
    article = page(client, "/api/events", source_kind="article", limit=500)
    assert all(e["sources"][0]["kind"] == "article" for e in article["items"])
    boko = page(client, "/api/events", actor="Boko")
    assert boko["total"] == 3
    by_id = page(client, "/api/events", actor="actor:boko-haram")
    assert by_id["total"] == 3
    strikes = page(
        client, "/api/events", type="air-drone-strike", since="2019-07-01", until="2019-07-31"
    )
    assert strikes["total"] >= 3
    heaviest = page(client, "/api/events", sort="-fatalities", limit=1)["items"][0]
    assert heaviest["fatalities"]["best"] == 86
    words = page(client, "/api/events", q="market")
    assert words["total"] >= 3
    merged = page(client, "/api/events", merged="true", type="air-drone-strike")
    [strike] = merged["items"]
    assert strike["independent_sources"] == 2 and strike["fatalities"]["high"] == 39


def test_map_and_timeline_aggregate_on_the_server(client: TestClient) -> None:
    points = page(client, "/api/events/map")["items"]
    aleppo = next(p for p in points if p["name"] == "Aleppo")
    assert abs(aleppo["lat"] - 36.20) < 0.25 and aleppo["events"] >= 2
    months = page(client, "/api/events/timeline", by="month")["items"]
    assert {"2015-10", "2016-01", "2019-07"} <= {m["period"] for m in months}
    [week] = page(client, "/api/events/timeline", by="week", country="NGA")["items"]
    # one real event (three reports); its deaths as one of the reports gives them
    assert week["period"] == "2016-01-25" and week["events"] == 1
    assert week["fatalities"] in (65, 85, 86)
    per_report = page(client, "/api/events/timeline", by="week", country="NGA", merged="false")
    assert per_report["items"][0]["events"] == 3


def test_casualties_claims_ledger(client: TestClient) -> None:
    counts = page(client, "/api/casualties")
    assert any(c["best"] == 30 for c in counts["items"])
    named = page(client, "/api/casualties", named="true", limit=500)
    assert "Ezzatollah Soleimani" in {n["person"] for n in named["items"]}
    denied = page(client, "/api/claims", certainty="denied", limit=500)
    # a denial either answers another claim ("despite Iran's denials") or is all there is
    # ("the army denied that its aircraft struck the market")
    assert any(c["denies"] for c in denied["items"]) and not all(
        c["denies"] for c in denied["items"]
    )
    assert all(c["sources"][0]["kind"] != "article" for c in denied["items"])
    anonymous = page(client, "/api/claims", source_kind="anonymous", limit=500)
    assert any(
        c["sources"][-1]["name"] == "a source close to the Guards" for c in anonymous["items"]
    )
    ledger = {r["group"]: r for r in page(client, "/api/ledger", by="actor")["items"]}
    assert ledger["Boko Haram"]["best"] == 85


@pytest.mark.parametrize(
    ("url", "params", "needle"),
    [
        ("/api/events", {"since": "yesterday"}, "since"),
        ("/api/events", {"since": "2020-01-02", "until": "2020-01-01"}, "after"),
        ("/api/events", {"limit": 0}, "limit"),
        ("/api/events", {"limit": 100000}, "limit"),
        ("/api/events", {"offset": -1}, "offset"),
        ("/api/events", {"country": "Syria"}, "country"),
        ("/api/events", {"bbox": "1,2,3"}, "bbox"),
        ("/api/events", {"bbox": "0,80,10,70"}, "bbox"),
        ("/api/events", {"type": "bombing-raid"}, "no event type"),
        ("/api/events", {"certainty": "sure"}, "certainty"),
        ("/api/events", {"source_kind": "gossip"}, "source_kind"),
        ("/api/events", {"sort": "size"}, "sort"),
        ("/api/events/timeline", {"by": "year"}, "by"),
        ("/api/ledger", {"by": "colour"}, "by"),
        ("/api/documents", {"sort": "length"}, "sort"),
        ("/api/person", {"name": ""}, "name"),
    ],
)
def test_bad_parameters_are_400_with_a_message(
    client: TestClient, url: str, params: dict, needle: str
) -> None:  # type: ignore[type-arg]
    response = client.get(url, params=params)
    assert response.status_code == 400
    assert needle in response.json()["error"]


def test_openapi_page_and_vendor_files_stay_inside(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert {"/api/events", "/api/ledger", "/api/documents/{doc_id}"} <= spec["paths"].keys()
    assert "/api/reports" not in spec["paths"]  # read-only by default
    assert client.post("/api/reports", json={"reports": []}).status_code in (404, 405)
    assert client.get("/vendor/../pyproject.toml").status_code == 404
    assert client.get("/static/..%2Fserver.py").status_code == 404
    response = client.get("/api/events")
    assert "default-src 'self'" in response.headers["content-security-policy"]


def test_a_token_guards_every_request(db: str) -> None:
    guarded = TestClient(create_app(Settings(db=db), token="s3cret"))
    assert guarded.get("/api/events").status_code == 401
    assert guarded.get("/api/events", headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert guarded.get("/", headers={"Authorization": "Bearer s3cret"}).status_code in (200, 404)
    assert guarded.get("/api/events", headers={"Authorization": "Bearer s3cret"}).status_code == 200


def test_an_open_address_needs_a_token() -> None:
    check_binding("127.0.0.1", None)
    check_binding("::1", None)
    check_binding("localhost", None)
    with pytest.raises(ServeError, match="token"):
        check_binding("0.0.0.0", None)
    check_binding("0.0.0.0", "s3cret")
    result = runner.invoke(
        cli, ["serve", "--host", "0.0.0.0", "--db", "unused.db"], env={"EVENTWIRE_TOKEN": ""}
    )
    assert result.exit_code == 2 and "token" in result.stderr


def test_upload_only_when_allowed_and_markup_stays_text(db: str, tmp_path: Path) -> None:
    copy = tmp_path / "upload.db"
    shutil.copy(db, copy)
    client = TestClient(create_app(Settings(db=str(copy)), allow_ingest=True))
    hostile = (
        "<script>alert(1)</script> Gunmen killed <b>three</b> villagers in Kaduna state on Monday."
    )
    response = client.post(
        "/api/reports",
        json={
            "reports": [
                {
                    "text": hostile,
                    "title": "<img src=x onerror=alert(1)>",
                    "published": "2024-05-15",
                }
            ]
        },
    )
    assert response.status_code == 200, response.text
    [doc_id] = response.json()["added"]
    detail = client.get(f"/api/documents/{doc_id}")
    assert detail.headers["content-type"].startswith("application/json")
    assert "<script>alert(1)</script>" in detail.json()["text"]  # kept as text, never markup
    bad = client.post("/api/reports", json={"reports": [{"title": "no text"}]})
    assert bad.status_code == 400 and "text" in bad.json()["error"]
