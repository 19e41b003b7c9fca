"""Merging across reports on a corpus written for this test (needs the model).

tests/corpus/merge.jsonl holds 13 short reports of 5 real-world-style events:
A, an air strike on a market (two agencies with different tolls, a syndicated copy of one
of them, and the army's denial); B, the death of General Hossein Hamedani (spelt
"Hussein Hamadani" in one report; his funeral in a third, where a different Soleimani
attends); C, the death of Colonel Ezzatollah Soleimani (spelt "Ezatollah" in a report
that also counts some 30 dead over several weeks); D, the Boko Haram attack on Dalori
(65, 85 and 86 dead); E, another general killed near Hama in the same weeks.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

import eventwire
from eventwire.cli import app
from eventwire.records import MergedEvent

CORPUS = Path(__file__).parent / "corpus" / "merge.jsonl"
runner = CliRunner()


def invoke(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("merge")
    db = str(folder / "merge.db")
    code, _, err = invoke("run", str(CORPUS), "--db", db)
    assert code == 0, err
    return db


def by_reports(db: str) -> dict[frozenset[str], MergedEvent]:
    ew = eventwire.open(db)
    try:
        return {frozenset(m.reports): m for m in ew.merged_events()}
    finally:
        ew.close()


EXPECTED = {
    frozenset({"A1-reuters", "A2-yahoo", "A3-afp", "A4-masdar"}): "air-drone-strike",
    frozenset({"B1-arabiya", "B2-guardian"}): "killing",
    frozenset({"B3-presstv"}): "funeral",
    frozenset({"C1-tasnim", "C2-arabiya"}): "killing",
    frozenset({"C2-arabiya"}): "killing",  # the ~30 over several weeks: not one incident
    frozenset({"D1-reuters", "D2-ap", "D3-premium"}): "attack-on-civilians",
    frozenset({"E1-irna"}): "killing",
}


def test_the_reports_merge_into_exactly_the_expected_events(store: str) -> None:
    merged = by_reports(store)
    assert {k: m.type for k, m in merged.items()} == EXPECTED
    for event in merged.values():
        assert event.merge_reasons
        for _, _, reasons in event.merge_reasons:
            assert reasons  # every membership says why


def test_the_air_strike_keeps_both_tolls_and_the_denial(store: str) -> None:
    strike = by_reports(store)[frozenset({"A1-reuters", "A2-yahoo", "A3-afp", "A4-masdar"})]
    # the syndicated copy is the Reuters report again; the denial corroborates nothing
    assert strike.independent_sources == 2
    assert (strike.fatalities_low, strike.fatalities_best, strike.fatalities_high) == (31, 31, 39)
    assert strike.place is not None and strike.place.precision == 1
    fields = {d.field: d for d in strike.disagreements}
    assert set(fields) == {"fatalities", "happened"}
    tolls = {v.value: v.sources for v in fields["fatalities"].values}
    assert set(tolls) == {31, 39}
    assert any(s.startswith("A3-afp") for s in tolls[39])
    denied = next(v for v in fields["happened"].values if v.value == "denied")
    assert denied.sources == ("Syrian government forces",)
    reasons = dict((e, r) for e, _, r in strike.merge_reasons)
    assert any("syndicated copy" in " ".join(r) for r in reasons.values())


def test_three_tolls_of_one_attack_side_by_side(store: str) -> None:
    attack = by_reports(store)[frozenset({"D1-reuters", "D2-ap", "D3-premium"})]
    assert attack.independent_sources == 3
    assert (attack.fatalities_low, attack.fatalities_best, attack.fatalities_high) == (65, 85, 86)
    [tolls] = [d for d in attack.disagreements if d.field == "fatalities"]
    assert [v.value for v in tolls.values] == [65, 85, 86]
    assert [len(v.sources) for v in tolls.values] == [1, 1, 1]


def test_one_person_in_three_spellings_and_no_false_merge(store: str) -> None:
    ew = eventwire.open(store)
    try:
        people = {p.entity.name: p for p in ew.people()}
    finally:
        ew.close()
    hamedani = next(
        p for name, p in people.items() if name in ("Hossein Hamedani", "Hussein Hamadani")
    )
    names = {hamedani.entity.name, *hamedani.aliases}
    assert {"Hossein Hamedani", "Hussein Hamadani", "Hamedani"} <= names
    assert hamedani.documents == 3 and hamedani.entity.rank == "General"
    soleimanis = [p for name, p in people.items() if name.endswith("Soleimani")]
    assert len(soleimanis) == 2  # Ezzatollah (two spellings) and Qassem: never one
    ezzatollah = next(p for p in soleimanis if p.entity.rank == "Colonel")
    assert {ezzatollah.entity.name, *ezzatollah.aliases} >= {
        "Ezzatollah Soleimani",
        "Ezatollah Soleimani",
    }
    assert not any("Qassem" in a for a in ezzatollah.aliases)
    assert "Reza Khavari" in people


def test_the_ledger_never_counts_an_aggregate_on_top_of_its_incidents(store: str) -> None:
    ew = eventwire.open(store)
    try:
        by_actor = {r.group: r for r in ew.ledger(by="actor")}
        by_place = {r.group: r for r in ew.ledger(by="place")}
        by_month = {r.group: r for r in ew.ledger(by="month")}
    finally:
        ew.close()
    irgc = by_actor["Islamic Revolutionary Guard Corps"]
    # some 30 over the past weeks, with Hamedani, Soleimani and Khavari inside it: 30, not 33
    assert (irgc.low, irgc.best, irgc.high) == (30, 30, 30)
    assert len(irgc.folded) == 3
    assert by_place["SYR"].best == 31 + 30
    assert (by_place["NGA"].low, by_place["NGA"].best, by_place["NGA"].high) == (65, 85, 86)
    assert by_month["2016-01"].best == 85
    assert (
        "2015-10" not in by_month
    )  # October's deaths are inside the count that began in September


def test_cli_merged_json_ledger_and_person(store: str) -> None:
    code, out, _ = invoke("events", "--merged", "--json", "--db", store)
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert len(rows) == len(EXPECTED)
    for row in rows:
        assert {
            "reports",
            "independent_sources",
            "fatalities",
            "disagreements",
            "merge_reasons",
        } <= row.keys()
        assert {"low", "best", "high", "rule"} <= row["fatalities"].keys()
    strike = next(r for r in rows if r["type"] == "air-drone-strike")
    assert strike["place"]["lat"] is not None
    assert {d["field"] for d in strike["disagreements"]} == {"fatalities", "happened"}
    code, out, _ = invoke("ledger", "--by", "actor", "--json", "--db", store)
    ledger = {r["group"]: r for r in map(json.loads, out.splitlines())}
    assert ledger["Islamic Revolutionary Guard Corps"]["best"] == 30
    assert {"low", "best", "high", "events"} <= ledger["Boko Haram"].keys()
    code, out, _ = invoke("people", "--json", "--db", store)
    people = [json.loads(line) for line in out.splitlines()]
    assert any(
        {"Hossein Hamedani", "Hussein Hamadani"} <= {p["name"], *p["aliases"]} for p in people
    )
    code, out, _ = invoke(
        "person", "Husain Hamadani", "--json", "--db", store
    )  # yet another spelling
    assert code == 0
    [found] = [json.loads(line) for line in out.splitlines()]
    assert len(found["casualties"]) == 1  # one death, recorded by two reports
    assert len(found["casualties"][0]["reports"]) == 2
    assert {e["type"] for e in found["events"]} == {"killing", "funeral"}
    assert invoke("person", "Nobody Atall", "--db", store)[0] == 1
    assert invoke("ledger", "--by", "colour", "--db", store)[0] == 2


def test_merging_is_incremental_and_corrections_survive_reruns(tmp_path: Path) -> None:
    db = str(tmp_path / "m.db")
    corpus = tmp_path / "corpus.jsonl"
    shutil.copy(CORPUS, corpus)
    assert invoke("run", str(corpus), "--db", db)[0] == 0
    before = by_reports(db)
    strike_key = frozenset({"A1-reuters", "A2-yahoo", "A3-afp", "A4-masdar"})
    ew = eventwire.open(db)
    try:
        afp_doc = next(d for d in ew.documents() if d.external_id == "A3-afp")
        afp = next(e for e in before[strike_key].events if e.doc == afp_doc.id)
    finally:
        ew.close()

    # An analyst splits the AFP report's strike out.
    code, _, err = invoke("split", afp.id, "--db", db)
    assert code == 0, err
    split = by_reports(db)
    assert frozenset({"A3-afp"}) in split
    assert frozenset({"A1-reuters", "A2-yahoo", "A4-masdar"}) in split

    # A new report joins the attack it describes; nothing else moves.
    extra = tmp_path / "extra.jsonl"
    extra.write_text(
        json.dumps(
            {
                "id": "D4-bbc",
                "source": "BBC",
                "published": "2016-02-01",
                "title": "Nigeria village attack",
                "text": "Boko Haram fighters attacked Dalori village near Maiduguri on "
                "Saturday, killing 86 people, officials said.",
            }
        )
        + "\n"
    )
    assert invoke("run", str(extra), "--db", db)[0] == 0
    after = by_reports(db)
    assert frozenset({"D1-reuters", "D2-ap", "D3-premium", "D4-bbc"}) in after
    unchanged = {k for k in split if not k & {"D1-reuters"}}
    assert unchanged <= set(after)

    # Re-running everything, extraction included, keeps the analyst's split.
    assert invoke("run", str(corpus), "--db", db)[0] == 0
    assert invoke("extract", "--again", "--db", db)[0] == 0
    rerun = by_reports(db)
    assert frozenset({"A3-afp"}) in rerun
    assert frozenset({"A1-reuters", "A2-yahoo", "A4-masdar"}) in rerun

    # And the analyst can merge it back, which survives re-extraction too.
    assert invoke("merge", afp.id, before[strike_key].events[0].id, "--db", db)[0] == 0
    assert invoke("extract", "--again", "--db", db)[0] == 0
    assert strike_key in by_reports(db)


def test_an_older_store_gets_the_cell_keys_by_migration(store: str, tmp_path: Path) -> None:
    from sqlalchemy import text

    copy = tmp_path / "old.db"
    shutil.copy(store, copy)
    cell_keys = "key LIKE '%@%' OR key LIKE '%!|%'"
    ew = eventwire.open(str(copy))
    with ew.store.atomic() as conn:
        before = set(
            conn.execute(text(f"SELECT key, cluster_id FROM event_blocks WHERE {cell_keys}"))
        )
        conn.execute(text(f"DELETE FROM event_blocks WHERE {cell_keys}"))
        conn.execute(text("DELETE FROM schema_migrations WHERE version = 10"))
    ew.close()
    assert any("@" in key for key, _ in before)  # placed events file cell keys
    ew = eventwire.open(str(copy))
    with ew.store.atomic() as conn:
        after = set(
            conn.execute(text(f"SELECT key, cluster_id FROM event_blocks WHERE {cell_keys}"))
        )
    ew.close()
    assert after == before


def test_a_syndicated_copy_joins_without_reading_candidates(store: str) -> None:
    # The copy's events follow its original's; reading the candidate merged events (and
    # all their members) for it would grow with every copy of a much-copied report.
    from sqlalchemy import event

    statements: list[str] = []
    ew = eventwire.open(store)
    try:
        before = by_reports(store)

        @event.listens_for(ew.store.engine, "before_cursor_execute")
        def record(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
            statements.append(" ".join(statement.split()))

        [copy] = [
            d
            for d in ew.store.document_ids(status="extracted")
            if ew.store.document(d).duplicate_of is not None
        ]
        ew.extract(doc_ids=[copy], again=True, processes=1)
    finally:
        ew.close()
    saved = [s for s in statements if s.startswith("INSERT INTO event_members")]
    assert saved  # the copy's events were written again
    assert not [s for s in statements if 'FROM event_blocks WHERE event_blocks."key" IN' in s]
    assert by_reports(store) == before


def test_splitting_out_the_report_a_merged_event_is_named_after_survives_re_extraction(
    tmp_path: Path,
) -> None:
    # The merged event keeps the id it took from its first report's event; when that
    # event is split out and its report extracted again, the event needs a merged event
    # of its own while the old one, under that id, still holds the other reports.
    db = str(tmp_path / "m.db")
    assert invoke("run", str(CORPUS), "--db", db)[0] == 0
    strike_key = frozenset({"A1-reuters", "A2-yahoo", "A3-afp", "A4-masdar"})
    strike = by_reports(db)[strike_key]
    ew = eventwire.open(db)
    try:
        first = next(e for e in strike.events if strike.id == f"m:{e.id}")
        assert invoke("split", first.id, "--db", db)[0] == 0
        split = by_reports(db)
        assert frozenset({"A1-reuters"}) in split
        assert split[frozenset({"A2-yahoo", "A3-afp", "A4-masdar"})].id == strike.id
        ew.extract(doc_ids=[first.doc], again=True, processes=1)
    finally:
        ew.close()
    after = by_reports(db)
    assert after[frozenset({"A1-reuters"})].id == f"m:{first.id}:2"
    assert after[frozenset({"A2-yahoo", "A3-afp", "A4-masdar"})].id == strike.id
