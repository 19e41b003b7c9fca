"""The entity rules on small texts written for the purpose (needs the model)."""

from __future__ import annotations

from pathlib import Path

from eventwire.extract.entities import to_extraction
from eventwire.extract.pipeline import build_pipeline
from eventwire.records import Extraction


def extract(pipeline, text: str) -> Extraction:  # type: ignore[no-untyped-def]
    return to_extraction("t", pipeline(text))


def kinds_of(extraction: Extraction, surface: str) -> set[str]:
    return {f"{m.kind}:{m.role or ''}" for m in extraction.mentions if m.evidence.text == surface}


def test_capital_as_location_stays_a_place(pipeline) -> None:  # type: ignore[no-untyped-def]
    found = extract(pipeline, "A car bomb exploded in Damascus on Sunday, killing three people.")
    assert "place:" in kinds_of(found, "Damascus")


def test_capital_as_agent_is_the_government(pipeline) -> None:  # type: ignore[no-untyped-def]
    found = extract(pipeline, "Damascus accused the rebels of shelling a school in Homs.")
    assert kinds_of(found, "Damascus") == {"actor:metonym"}
    assert "place:" in kinds_of(found, "Homs")


def test_weak_alias_needs_its_actor_in_the_document(pipeline) -> None:  # type: ignore[no-untyped-def]
    alone = extract(pipeline, "The Guards at the border crossing were replaced on Monday.")
    assert not [m for m in alone.mentions if m.entity_id == "actor:irgc"]
    licensed = extract(
        pipeline,
        "The IRGC sent more troops to Syria. The Guards lost two officers near Aleppo.",
    )
    assert [m.evidence.text for m in licensed.mentions if m.entity_id == "actor:irgc"] == [
        "IRGC",
        "Guards",
    ]


def test_abbreviated_rank_and_spokesman_role(pipeline) -> None:  # type: ignore[no-untyped-def]
    found = extract(
        pipeline,
        "Hamas spokesman Abu Obeida said Brig. Gen. Yossi Cohen of the Israel Defense Forces "
        "had been wounded.",
    )
    people = {p.name: p for p in found.people}
    assert people["Yossi Cohen"].rank == "Brigadier General"
    assert people["Yossi Cohen"].affiliation == "actor:idf"
    assert "Brig" not in people and "Gen. Yossi Cohen" not in people
    obeida = people["Abu Obeida"]
    assert obeida.role is not None and "spokesman" in obeida.role
    assert obeida.affiliation == "actor:hamas"


def test_apposition_gives_role(pipeline) -> None:  # type: ignore[no-untyped-def]
    found = extract(
        pipeline,
        "The strike killed Qassem Ahmadi, a senior Hezbollah commander, in southern Lebanon.",
    )
    [person] = [p for p in found.people if p.name == "Qassem Ahmadi"]
    assert person.role is not None and "commander" in person.role
    assert person.affiliation == "actor:hezbollah"


def test_same_surname_two_people_are_not_merged(pipeline) -> None:  # type: ignore[no-untyped-def]
    found = extract(
        pipeline,
        "General Qassem Soleimani met Colonel Ezzatollah Soleimani in Damascus. "
        "Soleimani later flew home.",
    )
    names = {p.name for p in found.people}
    assert {"Qassem Soleimani", "Ezzatollah Soleimani"} <= names


def test_user_actor_dictionary(tmp_path: Path) -> None:
    extra = tmp_path / "mine.csv"
    extra.write_text(
        "key,name,aliases,country,kind\n"
        "desert-hawks,Desert Hawks Brigade,Desert Hawks;Suqour al-Sahraa,SYR,militia\n",
        encoding="utf-8",
    )
    nlp = build_pipeline(actor_files=[extra])
    found = extract(nlp, "Fighters of the Desert Hawks clashed with rebels near Palmyra.")
    [actor] = [a for a in found.actors if a.id == "actor:desert-hawks"]
    assert (actor.name, actor.kind, actor.country) == ("Desert Hawks Brigade", "militia", "SYR")


def test_nationality_before_rank_blocks_a_guessed_affiliation(pipeline) -> None:  # type: ignore[no-untyped-def]
    found = extract(
        pipeline,
        "Syrian army units advanced near Deir ez-Zor. A roadside bomb killed Russian Major "
        "General Vyacheslav Gladkikh on Tuesday.",
    )
    [person] = [p for p in found.people if p.name == "Vyacheslav Gladkikh"]
    assert person.rank == "Major General"
    assert person.affiliation is None


def test_ranked_officer_takes_the_armed_actor_named_before(pipeline) -> None:  # type: ignore[no-untyped-def]
    found = extract(
        pipeline,
        "Hezbollah fighters clashed with rebels near Qusayr. Commander Ali Fayyad was killed "
        "in the fighting.",
    )
    people = {p.name: p for p in found.people}
    assert people["Ali Fayyad"].affiliation == "actor:hezbollah"


def test_gazetteer_finds_places_the_model_missed(pipeline) -> None:  # type: ignore[no-untyped-def]
    found = extract(pipeline, "Rebels shelled Aleppo on Monday, Syrian state media said.")
    [aleppo] = [p for p in found.places if p.name == "Aleppo"]
    assert aleppo.geo is not None and aleppo.geo.country == "SYR"


def test_common_words_are_not_places(pipeline) -> None:  # type: ignore[no-untyped-def]
    found = extract(pipeline, "Officials said they would meet again. Here the talks ended.")
    assert found.places == ()


def test_sentences_are_the_docs_own_and_follow_the_document(pipeline) -> None:  # type: ignore[no-untyped-def]
    from eventwire.extract.spans import sentences

    first = pipeline(
        "Clashes near Aleppo\n\nRebels shelled the town. Two people died, medics said.\n\n"
        "State media denied it"
    )
    assert [s.text for s in sentences(first)] == [s.text for s in first.sents]
    assert len(sentences(first)) >= 4  # the title and the last paragraph are sentences
    second = pipeline("One more report. It has two sentences.")
    assert [s.text for s in sentences(second)] == ["One more report.", "It has two sentences."]
    assert [(s.start, s.end) for s in sentences(first)] == [(s.start, s.end) for s in first.sents]


def test_a_dateline_is_a_place_not_an_organisation(pipeline) -> None:  # type: ignore[no-untyped-def]
    found = extract(pipeline, "EDMONTON, Ky. — Police said two people were shot on Friday.")
    assert found.actors == ()  # the model reads "EDMONTON" as an organisation
    places = {p.name: p for p in found.places}
    assert places["Edmonton"].geo is not None
    assert (places["Edmonton"].geo.country, places["Edmonton"].geo.admin1) == ("USA", "Kentucky")
    roles = {m.evidence.text: m.role for m in found.mentions if m.kind == "place"}
    assert roles == {"EDMONTON": "dateline", "Ky.": "dateline"}
    # the province's abbreviation the model took for a person still places the city
    ontario = extract(pipeline, "LONDON, Ont. -- A man was stabbed downtown.")
    [london] = [p for p in ontario.places if p.name == "London"]
    assert london.geo is not None and london.geo.country == "CAN"
    # capitals and a dash that name no place
    assert extract(pipeline, "BREAKING - Officials met on Monday.").places == ()


def test_a_dateline_is_not_where_the_events_happened(pipeline) -> None:  # type: ignore[no-untyped-def]
    from datetime import date

    from eventwire.extract.analyse import analyse
    from eventwire.records import Document

    def events(body: str) -> list[tuple[str, str | None]]:
        text = f"Strikes reported\n\n{body}"
        document = Document(
            id="t", text=text, body_start=18, title="Strikes reported", published=date(2019, 3, 4)
        )
        found = analyse(document, pipeline(text)).events
        return [(e.type, e.place.evidence.text if e.place else None) for e in found]

    raqqa = "WASHINGTON — An air strike killed 12 people in Raqqa on Monday, officials said."
    assert events(raqqa) == [("air-drone-strike", "Raqqa")]
    # where the bomber struck is not said: the place the report was filed from is no answer
    kabul = "KABUL, Afghanistan (AP) — A suicide bomber killed 12 people on Monday, police said."
    assert events(kabul) == [("suicide-bomb", None)]


def test_a_city_tagged_as_an_organisation_is_the_place_it_is_elsewhere(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = "Edmonton came in second place. Crime rates in Edmonton fell last year."
    found = extract(pipeline, text)
    assert found.actors == ()  # the model tags both "Edmonton" ORG; the second is placed
    assert [p.name for p in found.places] == ["Edmonton"]
    assert [m.kind for m in found.mentions if m.evidence.text == "Edmonton"] == ["place"] * 2
    # a capital speaking for its government stays an actor
    damascus = extract(pipeline, "Damascus said the strike killed 12 people.")
    assert [a.name for a in damascus.actors] == ["Syrian government forces"]
    assert damascus.places == ()


def test_places_in_the_words_of_a_siege(pipeline) -> None:  # type: ignore[no-untyped-def]
    # The model tags "Aleppo" NORP here; "in eastern Aleppo" places it, and then so is
    # its other mention, one reading per report.
    text = "The truce for eastern Aleppo collapsed. Fighters in eastern Aleppo kept firing."
    found = extract(pipeline, text)
    assert [m.kind for m in found.mentions if m.evidence.text == "Aleppo"] == ["place"] * 2
    # the object of taking or losing a city
    assert [p.name for p in extract(pipeline, "Rebels were close to losing Aleppo.").places] == [
        "Aleppo"
    ]
