"""The Python API: the same operations as the CLI (needs the model)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

import eventwire
from eventwire.store import saving

from .conftest import SEED


def syndicated_copy(folder: Path) -> Path:
    """The seed as another site republished it: a dateline, a credit line, same story."""
    title, _, body = SEED.read_text(encoding="utf-8").partition("\n")
    body = body.split("\n", 1)[1]  # drop the caption line
    copy = folder / "copy.txt"
    copy.write_text(
        f"{title}\n\nBEIRUT (Staff) - {body.strip()}\n\nReporting by staff; editing by desk.",
        encoding="utf-8",
    )
    return copy


def test_api_mirrors_the_cli(tmp_path: Path) -> None:
    with eventwire.open(tmp_path / "ew.db", published=date(2015, 11, 2)) as ew:
        report = ew.run([SEED])
        assert len(report.added) == 1 and not report.failures
        names = {item.entity.name for item in ew.people()}
        assert {"Ezzatollah Soleimani", "Hossein Hamedani", "Bashar al-Assad"} <= names
        assert {item.entity.name for item in ew.groups()} >= {"Kurds", "Balochs"}
        assert [d.published for d in ew.documents()] == [date(2015, 11, 2)]
        assert ew.search("mutiny")[0].doc_id == report.added[0]


def test_run_reports_extraction_out_of_the_documents_read_so_far(tmp_path: Path) -> None:
    corpus = tmp_path / "reports.jsonl"
    texts = [
        "Rebels shelled Idlib on Monday, killing two people, medics said.",
        "Police arrested 12 protesters in Khartoum on Friday.",
        "A car bomb killed four soldiers near Mogadishu, officials said.",
    ]
    corpus.write_text(
        "".join(f'{{"id": "r{i}", "text": "{t}"}}\n' for i, t in enumerate(texts)),
        encoding="utf-8",
    )
    calls: list[tuple[int, int | None]] = []
    with eventwire.open(tmp_path / "ew.db") as ew:
        ew.run([corpus], extract_progress=lambda done, total: calls.append((done, total)))
    assert [done for done, _ in calls] == [1, 2, 3, 3]
    assert all(total is not None and done <= total <= 3 for done, total in calls)
    assert calls[-1] == (3, 3)


def test_syndicated_copy_is_linked_not_independent(tmp_path: Path) -> None:
    with eventwire.open(tmp_path / "ew.db") as ew:
        first = ew.ingest([SEED])
        second = ew.ingest([syndicated_copy(tmp_path)])
        [(copy_id, original)] = second.duplicates
        assert original == first.added[0]
        assert ew.document(copy_id).duplicate_of == original


def test_publication_date_given_later_is_recorded_and_re_extracted(tmp_path: Path) -> None:
    with eventwire.open(tmp_path / "ew.db") as ew:
        [doc_id] = ew.run([SEED]).added
        assert ew.document(doc_id).published is None
    with eventwire.open(tmp_path / "ew.db", published=date(2015, 11, 2)) as ew:
        report = ew.ingest([SEED])
        assert report.known == (doc_id,) and not report.added
        assert ew.document(doc_id).published == date(2015, 11, 2)
        assert ew.document(doc_id).status == "pending"
        assert ew.extract().extracted == (doc_id,)


def test_crash_while_saving_leaves_the_document_pending(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with eventwire.open(tmp_path / "ew.db") as ew:
        [doc_id] = ew.ingest([SEED]).added
        real_drop = saving.drop_orphans

        def crash(conn, candidates) -> None:  # type: ignore[no-untyped-def]
            real_drop(conn, candidates)
            raise OSError("disk unplugged")

        monkeypatch.setattr(saving, "drop_orphans", crash)
        with pytest.raises(OSError):
            ew.extract()
        assert ew.counts()["mentions"] == 0
        assert ew.counts()["actors"] == 0
        assert ew.document(doc_id).status == "pending"
        monkeypatch.setattr(saving, "drop_orphans", real_drop)
        assert ew.extract().extracted == (doc_id,)
        assert ew.counts()["mentions"] > 0


def test_a_place_named_only_in_the_dateline_is_listed_with_its_evidence(tmp_path: Path) -> None:
    report = tmp_path / "kabul.txt"
    report.write_text(
        "Bomber strikes\n\nKABUL, Afghanistan (AP) — A suicide bomber killed 12 people on "
        "Monday, police said.\n",
        encoding="utf-8",
    )
    with eventwire.open(tmp_path / "ew.db") as ew:
        ew.run([report])
        listed = {item.entity.name: item for item in ew.places()}
        kabul = listed["Kabul"]
        assert kabul.documents == 1 and [e.text for e in kabul.evidence] == ["KABUL"]
        assert kabul.precision == (1,)
        [event] = ew.events()
        assert event.place is None  # where the report was filed from, not where it happened


def test_a_batch_of_reports_sees_its_own_earlier_reports(tmp_path: Path) -> None:
    # Stored in one transaction, a report met twice is stored once, and a copy links to
    # an original stored earlier in the same batch.
    import json

    text = SEED.read_text(encoding="utf-8").split("\n", 2)[2]
    lines = [
        {"id": "first", "title": "Mutiny", "text": text},
        {"id": "again", "title": "Mutiny", "text": text},
        {"id": "copy", "title": "Mutiny", "text": text + "\n\nThis story was updated."},
    ]
    corpus = tmp_path / "reports.jsonl"
    corpus.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    calls: list[int] = []
    with eventwire.open(tmp_path / "ew.db") as ew:
        report = ew.ingest([corpus], progress=lambda done, _total: calls.append(done))
        first, copy = report.added
        assert report.known == (first,)
        assert report.duplicates == ((copy, first),)
        assert ew.document(copy).duplicate_of == first
        assert len(ew.documents()) == 2
    assert calls == [1, 2, 3]
