from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select, text

from eventwire.errors import DocumentNotFoundError, StoreError
from eventwire.records import Actor, Document, Evidence, Extraction, Mention, Person
from eventwire.store import schema
from eventwire.store.migrations import MIGRATIONS
from eventwire.store.store import Store

TEXT = "Rebels shelled Idlib.\n\nThe Syrian army said rebels shelled the town of Idlib on Monday."


def make_doc(doc_id: str = "d1", text_: str = TEXT) -> Document:
    title, _, _ = text_.partition("\n\n")
    return Document(id=doc_id, text=text_, body_start=len(title) + 2, title=title)


def extraction(doc_id: str = "d1") -> Extraction:
    start = TEXT.index("Syrian army")
    ev = Evidence(doc_id, start, start + len("Syrian army"), "Syrian army")
    person_ev = Evidence(doc_id, 0, 6, "Rebels")
    return Extraction(
        doc_id=doc_id,
        actors=(Actor(id="actor:syria-army", name="Syrian army", kind="state military"),),
        people=(Person(id="person:x", name="X"),),
        mentions=(
            Mention("actor:syria-army", "actor", ev),
            Mention("person:x", "person", person_ev),
        ),
    )


def test_migrations_are_recorded_once(tmp_path: Path) -> None:
    db = str(tmp_path / "s.db")
    Store(db).close()
    store = Store(db)
    with store.engine.connect() as conn:
        versions = list(conn.execute(select(schema.schema_migrations.c.version)).scalars())
    assert versions == sorted(m.version for m in MIGRATIONS)


def test_add_document_is_idempotent(tmp_path: Path) -> None:
    store = Store(str(tmp_path / "s.db"))
    assert store.add_document(make_doc()) is True
    assert store.add_document(make_doc()) is False
    assert store.counts()["documents"] == 1
    assert store.document("d1").body.startswith("The Syrian army")


def test_missing_document_says_how_to_list(tmp_path: Path) -> None:
    store = Store(str(tmp_path / "s.db"))
    with pytest.raises(DocumentNotFoundError, match="eventwire documents"):
        store.document("nope")


def test_save_extraction_replaces_mentions_and_drops_orphans(tmp_path: Path) -> None:
    store = Store(str(tmp_path / "s.db"))
    store.add_document(make_doc())
    store.save_extraction(extraction())
    store.save_extraction(extraction())
    counts = store.counts()
    assert (counts["actors"], counts["people"], counts["mentions"]) == (1, 1, 2)
    assert store.document("d1").status == "extracted"
    store.save_extraction(Extraction(doc_id="d1"))
    counts = store.counts()
    assert (counts["actors"], counts["people"], counts["mentions"]) == (0, 0, 0)


def test_a_first_save_deletes_nothing_and_a_second_replaces(tmp_path: Path) -> None:
    from sqlalchemy import event

    store = Store(str(tmp_path / "s.db"))
    store.add_document(make_doc())
    statements: list[str] = []
    event.listen(
        store.engine,
        "before_cursor_execute",
        lambda _conn, _cursor, sql, *_: statements.append(sql.split()[0].upper()),
    )
    store.save_extraction(extraction())
    assert "INSERT" in statements and "DELETE" not in statements
    statements.clear()
    store.save_extraction(extraction())  # the same again: old rows first go
    assert "DELETE" in statements
    counts = store.counts()
    assert (counts["actors"], counts["people"], counts["mentions"]) == (1, 1, 2)


def test_a_batch_of_saves_is_all_or_nothing(tmp_path: Path) -> None:
    store = Store(str(tmp_path / "s.db"))
    store.add_document(make_doc())
    with pytest.raises(DocumentNotFoundError, match="'ghost'"):
        store.save_extractions([extraction(), Extraction(doc_id="ghost")])
    assert store.document("d1").status == "pending"
    assert store.counts()["mentions"] == 0
    store.save_extractions([extraction()])
    assert store.document("d1").status == "extracted"


def test_documents_of_an_older_store_count_as_extracted_before(tmp_path: Path) -> None:
    db = str(tmp_path / "old.db")
    store = Store(db)
    store.add_document(make_doc())
    store.save_extraction(extraction())
    # A store from before migration 11, whose document a later step set back to pending
    # with the rows of its first extraction still there.
    with store.atomic() as conn:
        conn.execute(text('ALTER TABLE documents DROP COLUMN "has_extraction"'))
        conn.execute(text("UPDATE documents SET status = 'pending'"))
        conn.execute(text("DELETE FROM schema_migrations WHERE version = 11"))
    store.close()
    upgraded = Store(db)
    upgraded.save_extraction(extraction())  # replaces the old rows, no duplicate ids
    counts = upgraded.counts()
    assert (counts["actors"], counts["people"], counts["mentions"]) == (1, 1, 2)
    assert upgraded.document("d1").status == "extracted"


def test_listing_evidence_matches_text(tmp_path: Path) -> None:
    store = Store(str(tmp_path / "s.db"))
    store.add_document(make_doc())
    store.save_extraction(extraction())
    [listing] = store.listings("actor")
    [ev] = listing.evidence
    assert TEXT[ev.start : ev.end] == ev.text == "Syrian army"


def test_failed_transaction_leaves_nothing(tmp_path: Path) -> None:
    store = Store(str(tmp_path / "s.db"))
    store.add_document(make_doc())
    with pytest.raises(RuntimeError), store.atomic() as conn:
        conn.execute(schema.actors.insert().values(id="actor:a", name="A"))
        raise RuntimeError("crash mid-write")
    assert store.counts()["actors"] == 0


def test_search_finds_words_and_rejects_bad_syntax(tmp_path: Path) -> None:
    store = Store(str(tmp_path / "s.db"))
    store.add_document(make_doc())
    store.add_document(make_doc("d2", "Floods\n\nHeavy rain flooded the valley."))
    hits = store.search("shelled")
    assert [h.doc_id for h in hits] == ["d1"]
    assert "[shelled]" in hits[0].snippet
    with pytest.raises(StoreError, match="double quotes"):
        store.search('"unbalanced')


def test_fts_rows_follow_documents(tmp_path: Path) -> None:
    store = Store(str(tmp_path / "s.db"))
    store.add_document(make_doc())
    store.add_document(make_doc())
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM documents_fts")).scalar_one() == 1


def test_a_store_from_before_geocoding_is_upgraded(tmp_path: Path) -> None:
    from eventwire.dedup import signature

    db = str(tmp_path / "old.db")
    store = Store(db)
    store.add_document(make_doc(), minhash=signature(TEXT))
    # Make it look like a store written before migrations 4 and 5.
    with store.atomic() as conn:
        for table, columns in (
            ("places", ["geonames_id", "lat", "lon"]),
            ("mentions", ["precision"]),
        ):
            for column in columns:
                conn.execute(text(f'ALTER TABLE {table} DROP COLUMN "{column}"'))
        conn.execute(text("DROP TABLE near_duplicate_bands"))
        conn.execute(text("DELETE FROM schema_migrations WHERE version >= 4"))
    store.close()
    upgraded = Store(db)
    with upgraded.engine.connect() as conn:
        columns = {row[1] for row in conn.execute(text("PRAGMA table_info(places)"))}
        bands = conn.execute(text("SELECT count(*) FROM near_duplicate_bands")).scalar_one()
    assert {"geonames_id", "lat", "lon"} <= columns
    assert bands > 0  # backfilled from the stored signature
    assert upgraded.near_duplicate_of(signature(TEXT), threshold=0.8) == "d1"
