"""Events, claims and certainty on short reports written for these tests (needs the model).

They cover what the canonical example does not: negation, hypotheticals, denials, nested
attribution, the passive, casualties without a perpetrator, several events in one
sentence, and other news styles (wire copy with a dateline, local press, NGO reports).
"""

from __future__ import annotations

from datetime import date

import pytest

from eventwire.extract.analyse import analyse
from eventwire.normalise import build_document
from eventwire.records import Event, Extraction, RawReport

PUBLISHED = date(2024, 5, 15)  # a Wednesday


@pytest.fixture(scope="module")
def read(pipeline):  # type: ignore[no-untyped-def]
    cache: dict[str, Extraction] = {}

    def run(text: str) -> Extraction:
        if text not in cache:
            doc = build_document(RawReport(origin="test", text=text), published=PUBLISHED)
            cache[text] = analyse(doc, pipeline(doc.text))
        return cache[text]

    return run


def names(extraction: Extraction, event: Event, role: str) -> list[str]:
    known = {e.id: e.name for e in extraction.entities()}
    return [known.get(a.entity_id or "", a.text) for a in event.arguments if a.role == role]


def place(extraction: Extraction, event: Event) -> str | None:
    known = {p.id: p.name for p in extraction.places}
    return known.get(event.place.place_id) if event.place else None


def chain(event: Event) -> list[tuple[str, str]]:
    return [(s.name, s.kind) for s in event.sources]


def only(extraction: Extraction, key: str) -> Event:
    found = [e for e in extraction.events if e.type == key]
    assert len(found) == 1, [(e.type, e.trigger.text) for e in extraction.events]
    return found[0]


def types(extraction: Extraction) -> list[str]:
    return [e.type for e in extraction.events]


# ---- negation and hypotheticals ---------------------------------------------------------


def test_no_one_killed_is_no_killing_but_the_attack_happened(read) -> None:  # type: ignore[no-untyped-def]
    ex = read("No one was killed in the attack on the checkpoint near Kandahar, police said.")
    assert "killing" not in types(ex)
    attack = only(ex, "armed-clash")
    assert attack.fatalities is None
    assert place(ex, attack) == "Kandahār" and attack.place is not None
    assert attack.place.precision == 2  # near Kandahar
    assert chain(attack) == [("police", "official")] and attack.certainty == "reported"


def test_no_casualties_in_a_shelling(read) -> None:  # type: ignore[no-untyped-def]
    ex = read("There were no casualties in the shelling of Kharkiv, the governor said.")
    shelling = only(ex, "shelling-artillery-missile")
    assert shelling.fatalities is None and shelling.injured is None
    assert place(ex, shelling) == "Kharkiv"


def test_a_modal_makes_no_event(read) -> None:  # type: ignore[no-untyped-def]
    ex = read("Militants could attack the convoy on the road to Mosul, officials warned.")
    assert ex.events == ()  # neither the attack (could) nor a "threat" by the officials


def test_a_conditional_future_makes_no_event(read) -> None:  # type: ignore[no-untyped-def]
    assert read("If the ceasefire collapses, the militia will attack the town.").events == ()


def test_a_threat_is_an_event_but_the_threatened_killing_is_not(read) -> None:  # type: ignore[no-untyped-def]
    ex = read("The group threatened to kill the hostages unless its demands were met.")
    assert types(ex) == ["threat"]


def test_unconfirmed_deaths_are_reported_not_denied(read) -> None:  # type: ignore[no-untyped-def]
    ex = read("The government has not confirmed the deaths of the two journalists in Mogadishu.")
    deaths = only(ex, "killing")
    assert deaths.certainty == "reported" and deaths.denied_by == ()
    assert names(ex, deaths, "target") == ["two journalists"]
    assert "government" not in " ".join(s.name.lower() for s in deaths.sources)


# ---- denials ------------------------------------------------------------------------------


def test_a_denied_event_is_the_deniers_claim(read) -> None:  # type: ignore[no-untyped-def]
    ex = read("Israel denied that its aircraft struck the hospital in Gaza City.")
    strike = only(ex, "air-drone-strike")
    assert strike.certainty == "denied"
    assert chain(strike) == [("Government of Israel", "official")]
    assert names(ex, strike, "target") == ["hospital"]


def test_denying_reports_of_a_bombing(read) -> None:  # type: ignore[no-untyped-def]
    ex = read("The ministry denied reports that the air force had bombed a hospital in Saada.")
    strike = only(ex, "air-drone-strike")
    assert strike.certainty == "denied"
    assert [s.kind for s in strike.sources] == ["official"]
    assert place(ex, strike) == "Sa'dah"


def test_denying_responsibility_keeps_the_bombing(read) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Taliban spokesman Zabihullah Mujahid told AFP that the group had not carried out "
        "the bombing in Kabul."
    )
    ex = read(text)
    bombing = only(ex, "remote-explosive")  # a bombing with no aircraft in sight
    assert bombing.certainty == "asserted"
    assert [s.name for s in bombing.denied_by] == ["Taliban spokesman Zabihullah Mujahid"]
    assert names(ex, bombing, "actor") == []  # the group is who denies doing it
    assert place(ex, bombing) == "Kabul"
    denial = next(c for c in ex.claims if c.certainty == "denied")
    assert denial.denies is not None and denial.event_id == bombing.id


# ---- nested and other attribution ---------------------------------------------------------


def test_x_told_y_that_z_said(read) -> None:  # type: ignore[no-untyped-def]
    text = (
        "A local official told Reuters that a police commander said three militants were "
        "killed in the raid."
    )
    ex = read(text)
    raid = only(ex, "armed-clash")  # the raid is the event, the dead its fatalities
    assert chain(raid) == [
        ("A local official", "official"),
        ("a police commander", "official"),
    ]  # Reuters is told, it says nothing
    assert raid.fatalities is not None and raid.fatalities.best == 3


def test_according_to_a_statement(read) -> None:  # type: ignore[no-untyped-def]
    ex = read(
        "According to a statement by the UN mission, peacekeepers came under attack near "
        "Kidal on Wednesday."
    )
    attack = only(ex, "armed-clash")
    assert attack.certainty == "reported" and len(attack.sources) == 1
    assert names(ex, attack, "target") == ["peacekeepers"]  # "came under attack"
    assert place(ex, attack) == "Kidal" and attack.time is not None
    assert attack.time.start == PUBLISHED  # the Wednesday of the publication week


def test_reportedly_and_allegedly(read) -> None:  # type: ignore[no-untyped-def]
    abduction = only(
        read("Gunmen reportedly abducted a priest in Kaduna state last week."), "abduction"
    )
    assert abduction.certainty == "reported" and chain(abduction) == [("reports", "reports")]
    looting = only(
        read("The rebels allegedly looted shops in the market of Bunia."),
        "looting-property-destruction",
    )
    assert looting.certainty == "alleged"


def test_a_claim_of_responsibility_names_the_actor(read) -> None:  # type: ignore[no-untyped-def]
    ex = read(
        "The Houthis claimed responsibility for a missile attack on a commercial ship in the "
        "Red Sea, but the US military said no damage was reported."
    )
    attack = only(ex, "shelling-artillery-missile")
    assert attack.certainty == "claimed"
    assert names(ex, attack, "actor") == ["Houthis"]
    assert names(ex, attack, "target") == ["commercial ship"]


# ---- passive voice and casualties without perpetrators -------------------------------------


def test_killed_by_a_drone_strike_is_the_strike(read) -> None:  # type: ignore[no-untyped-def]
    ex = read("Five civilians were killed by a drone strike in the village of Mir Ali on Tuesday.")
    strike = only(ex, "air-drone-strike")
    assert "killing" not in types(ex)
    assert strike.fatalities is not None and strike.fatalities.best == 5
    assert names(ex, strike, "target") == ["Five civilians"]
    assert strike.time is not None and strike.time.start == date(2024, 5, 14)


def test_died_in_a_blast_without_a_perpetrator(read) -> None:  # type: ignore[no-untyped-def]
    ex = read("Twelve people died in the blast at a market in Kabul.")
    blast = only(ex, "remote-explosive")
    assert names(ex, blast, "actor") == []
    assert blast.fatalities is not None and blast.fatalities.best == 12
    assert place(ex, blast) == "Kabul"


def test_wounded_when_a_patrol_came_under_fire(read) -> None:  # type: ignore[no-untyped-def]
    ex = read("Two soldiers were wounded when their patrol came under fire near Timbuktu.")
    attack = only(ex, "armed-clash")
    assert attack.injured is not None and attack.injured.best == 2
    assert names(ex, attack, "actor") == []
    assert place(ex, attack) == "Timbuktu"


# ---- several events in one sentence -------------------------------------------------------


def test_attack_and_abduction_in_one_sentence(read) -> None:  # type: ignore[no-untyped-def]
    ex = read("Rebels attacked an army post and kidnapped two soldiers in Idlib province.")
    assert types(ex) == ["armed-clash", "abduction"]
    abduction = only(ex, "abduction")
    assert names(ex, abduction, "actor") == ["Syrian rebels"]  # shared with "attacked"
    assert names(ex, abduction, "target") == ["two soldiers"]


def test_shelling_killing_and_drones(read) -> None:  # type: ignore[no-untyped-def]
    ex = read(
        "Ukraine's military said Russian forces shelled Kherson, killing two civilians, and "
        "launched drones at Odesa."
    )
    assert types(ex) == ["shelling-artillery-missile", "air-drone-strike"]
    shelling, drones = ex.events
    assert shelling.fatalities is not None and shelling.fatalities.best == 2
    assert place(ex, drones) == "Odesa"
    assert names(ex, drones, "instrument") == ["drones"]
    for event in ex.events:
        assert names(ex, event, "actor") == ["Russian Armed Forces"]
        assert event.certainty == "reported"


def test_a_clash_between_two_named_sides(read) -> None:  # type: ignore[no-untyped-def]
    ex = read(
        "The Syrian Observatory for Human Rights, a Britain-based monitor, said 25 fighters "
        "were killed in clashes between Kurdish forces and Islamic State near Raqqa."
    )
    clash = only(ex, "armed-clash")
    assert set(names(ex, clash, "actor")) == {"Syrian Democratic Forces", "Islamic State"}
    assert clash.fatalities is not None and clash.fatalities.best == 25
    assert clash.place is not None and clash.place.precision == 2
    assert chain(clash) == [("Syrian Observatory for Human Rights", "ngo")]


# ---- other news styles --------------------------------------------------------------------


def test_wire_dateline_is_no_source(read) -> None:  # type: ignore[no-untyped-def]
    ex = read(
        "BAGHDAD (Reuters) - A roadside bomb killed four Iraqi soldiers north of Baghdad on "
        "Sunday, security sources said."
    )
    bomb = only(ex, "remote-explosive")
    assert chain(bomb) == [("security sources", "anonymous")]
    assert bomb.fatalities is not None and bomb.fatalities.best == 4
    assert place(ex, bomb) == "Baghdad" and bomb.place is not None
    assert bomb.place.precision == 2  # north of Baghdad
    assert bomb.time is not None and bomb.time.start == date(2024, 5, 12)


def test_local_press_with_a_correspondent(read) -> None:  # type: ignore[no-untyped-def]
    ex = read(
        "MAIDUGURI - Suspected Boko Haram insurgents on Sunday night attacked Dalori village "
        "near Maiduguri, killing at least 18 residents and burning dozens of homes, a local "
        "vigilante leader told our correspondent."
    )
    attack = only(ex, "attack-on-civilians")  # the dead are residents: civilians
    assert names(ex, attack, "actor") == ["Boko Haram"]
    assert attack.fatalities is not None
    assert (attack.fatalities.best, attack.fatalities.qualifier) == (18, "at_least")
    assert chain(attack) == [("a local vigilante leader", "official")]


def test_ngo_report(read) -> None:  # type: ignore[no-untyped-def]
    ex = read(
        "In a report published on Tuesday, Amnesty International said security forces "
        "detained more than 200 people in Bamenda in March and that at least six detainees "
        "died in custody."
    )
    assert types(ex) == ["arrests", "killing"]
    arrests, deaths = ex.events
    assert place(ex, arrests) == "Bamenda" and arrests.time is not None
    assert arrests.time.value == "2024-03"
    assert deaths.fatalities is not None and deaths.fatalities.best == 6
    for event in ex.events:
        assert chain(event) == [("Amnesty International", "ngo")]


def test_a_repelled_attack_and_its_dead(read) -> None:  # type: ignore[no-untyped-def]
    ex = read(
        "The ministry of defence said its forces repelled an attack by al-Shabaab militants on "
        "a base in Lower Shabelle, killing 30 of the attackers."
    )
    attack = only(ex, "armed-clash")
    assert "al-Shabaab" in names(ex, attack, "actor")
    assert attack.fatalities is not None and attack.fatalities.best == 30
    assert "killing" not in types(ex)


def test_a_family_member_is_a_witness_source(read) -> None:  # type: ignore[no-untyped-def]
    ex = read(
        "Gunmen killed a village chief in Zamfara state, his brother said. Police did not "
        "respond to requests for comment."
    )
    killing = only(ex, "killing")
    assert chain(killing) == [("his brother", "witness")]
    assert names(ex, killing, "target") == ["village chief"]


def test_a_month_is_no_march(read) -> None:  # type: ignore[no-untyped-def]
    ex = read("Police arrested 20 protesters in Tehran in March, state media reported.")
    assert types(ex) == ["arrests"]
    arrests = only(ex, "arrests")
    assert names(ex, arrests, "target") == ["20 protesters"]
    assert chain(arrests) == [("state media", "state_media")]


# ---- the weapon names the type ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "key", "trigger"),
    [
        ("Two civilians were injured in a grenade blast in Goma.", "grenade", "blast"),
        (
            "Twin car bomb attacks in Baghdad have killed at least 10 people.",
            "remote-explosive",
            "attacks",
        ),
        ("Two suicide bombers attacked a mosque in Maiduguri.", "suicide-bomb", "attacked"),
    ],
)
def test_a_specific_weapon_types_the_event(read, text: str, key: str, trigger: str) -> None:  # type: ignore[no-untyped-def]
    ex = read(text)
    assert [(e.type, e.trigger.text) for e in ex.events] == [(key, trigger)]


def test_a_weapon_as_subject_is_no_actor(read) -> None:  # type: ignore[no-untyped-def]
    ex = read("Twin bombs exploded near the finish line.")
    blast = only(ex, "remote-explosive")
    assert names(ex, blast, "actor") == []


def test_another_spelling_of_a_dictionary_organisation_is_that_actor(read) -> None:  # type: ignore[no-untyped-def]
    ex = read("Jaysh al-Adl militants attacked a border post near Saravan, officials said.")
    assert "actor:jaish-al-adl" in {a.id for a in ex.actors}
    attack = next(e for e in ex.events if e.type in ("armed-clash", "attack-on-civilians"))
    assert "actor:jaish-al-adl" in {a.entity_id for a in attack.role("actor")}
