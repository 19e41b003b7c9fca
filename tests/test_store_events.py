"""Events, claims and named casualties in the store: round trip, replacement, filters and
the upgrade of a store written before events existed (no model needed)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import text

from eventwire.records import (
    Argument,
    Claim,
    Event,
    EventPlace,
    Evidence,
    Extraction,
    NamedCasualty,
    Person,
    Place,
    Quantity,
    Source,
    TimeRef,
)
from eventwire.store.store import Store

from .test_store import make_doc

TEXT = "Rebels shelled Idlib.\n\nThe Syrian army said rebels shelled the town of Idlib on Monday."


def ev(doc: str, phrase: str, nth: int = 0) -> Evidence:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(phrase, start + 1)
    return Evidence(doc, start, start + len(phrase), phrase)


def extraction(doc: str = "d1", *, with_events: bool = True) -> Extraction:
    army = Source("The Syrian army", "official", ev(doc, "The Syrian army"), "actor:syria-army")
    monday = TimeRef(
        ev(doc, "Monday"),
        "DATE",
        "2015-11-02",
        date(2015, 11, 2),
        date(2015, 11, 2),
        "day",
        "publication",
    )
    count = Quantity(ev(doc, "rebels"), 3.0, 3.0, 3.0)
    event = Event(
        id=f"e:{doc}:1",
        doc=doc,
        type="shelling-artillery-missile",
        trigger=ev(doc, "shelled", 1),
        evidence=ev(doc, "The Syrian army said rebels shelled the town of Idlib on Monday."),
        certainty="reported",
        arguments=(
            Argument("actor", ev(doc, "rebels", 0), "actor:syrian-rebels"),
            Argument("size", ev(doc, "rebels", 0), quantity=count),
        ),
        place=EventPlace("place:idlib", ev(doc, "Idlib", 1), 1),
        time=monday,
        fatalities=count,
        sources=(army,),
        denied_by=(Source("rebels", "official", ev(doc, "rebels", 0)),),
        mentions=(ev(doc, "shelled", 0),),
    )
    claim = Claim(
        f"cl:{event.id}:0", doc, event.id, (army,), "reported", event.evidence, (ev(doc, "said"),)
    )
    denial = Claim(
        f"cl:{event.id}:1", doc, event.id, event.denied_by, "denied", event.evidence, (), claim.id
    )
    named = NamedCasualty(
        id=f"nc:{doc}:person:x:killed",
        doc=doc,
        person_id="person:x",
        outcome="killed",
        evidence=event.evidence,
        event_id=event.id,
        place=event.place,
        time=monday,
        certainty="reported",
        sources=(army,),
    )
    return Extraction(
        doc_id=doc,
        people=(Person(id="person:x", name="X"),),
        places=(Place(id="place:idlib", name="Idlib"),),
        times=(monday,),
        events=(event,) if with_events else (),
        claims=(claim, denial) if with_events else (),
        named_casualties=(named,) if with_events else (),
    )


def test_events_claims_and_named_casualties_round_trip(tmp_path: Path) -> None:
    store = Store(str(tmp_path / "s.db"))
    store.add_document(make_doc(text_=TEXT))
    saved = extraction()
    store.save_extraction(saved)
    assert store.events() == list(saved.events)
    assert store.claims() == list(saved.claims)
    assert store.named_casualties() == list(saved.named_casualties)
    assert store.events(event_type="shelling-artillery-missile", certainty="reported")
    assert store.events(event_type="killing") == []
    assert store.events(entity_id="actor:syrian-rebels") == list(saved.events)
    assert store.events(entity_id="place:idlib") == list(saved.events)
    assert store.events(entity_id="actor:hamas") == []
    assert store.named_casualties(person_id="person:x")[0].event_id == "e:d1:1"
    assert set(store.entities({"person:x", "place:idlib", "actor:unknown"})) == {
        "person:x",
        "place:idlib",
    }


def test_extracting_again_replaces_events(tmp_path: Path) -> None:
    store = Store(str(tmp_path / "s.db"))
    store.add_document(make_doc(text_=TEXT))
    store.save_extraction(extraction())
    store.save_extraction(extraction())
    counts = store.counts()
    assert (counts["events"], counts["claims"], counts["named_casualties"]) == (1, 2, 1)
    assert counts["event_entities"] == 2  # the rebels (actor) and Idlib (place)
    store.save_extraction(extraction(with_events=False))
    counts = store.counts()
    assert counts["events"] == counts["claims"] == counts["event_entities"] == 0


def test_a_store_from_before_events_is_upgraded_and_reextracted(tmp_path: Path) -> None:
    db = str(tmp_path / "old.db")
    store = Store(db)
    store.add_document(make_doc(text_=TEXT))
    store.save_extraction(extraction(with_events=False))
    with store.atomic() as conn:
        for table in ("named_casualties", "claims", "event_entities", "events"):
            conn.execute(text(f"DROP TABLE {table}"))
        conn.execute(text("DELETE FROM schema_migrations WHERE version >= 6"))
    store.close()
    upgraded = Store(db)
    [doc] = upgraded.documents()
    assert doc.status == "pending"  # extract picks it up again, events included
    assert doc.status_reason == "extracted before events existed"
    assert upgraded.events() == []


def test_an_unknown_organisation_in_two_spellings_is_one_actor(tmp_path: Path) -> None:
    from eventwire.records import Actor, Mention

    store = Store(str(tmp_path / "s.db"))
    texts = {"d1": "Liwa Fatemiyoun fighters arrived.", "d2": "Liwa Fatemiyun fighters left."}
    for doc_id, text_ in texts.items():
        store.add_document(make_doc(doc_id, text_))
        name = text_.split(" fighters")[0]
        actor = Actor(id=f"actor:{name.lower().replace(' ', '-')}", name=name)
        store.save_extraction(
            Extraction(
                doc_id=doc_id,
                actors=(actor,),
                mentions=(Mention(actor.id, "actor", Evidence(doc_id, 0, len(name), name)),),
            )
        )
    [listing] = store.listings("actor")
    assert listing.entity.name == "Liwa Fatemiyoun"
    assert "Liwa Fatemiyun" in listing.aliases and listing.documents == 2
