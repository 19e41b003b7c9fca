"""The event ontology data file, its model and its validating loader."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventwire.errors import LexiconError
from eventwire.events import (
    ACLED_EVENT_TYPES,
    ACLED_PAIRS,
    PLOVER_CATEGORIES,
    ROLES,
    EventOntology,
    load_event_types,
)


@pytest.fixture(scope="module")
def ontology() -> EventOntology:
    return load_event_types()


def _keys(ontology: EventOntology, lemma: str, pos: str) -> set[str]:
    return {event_type.key for event_type in ontology.types_for_lemma(lemma, pos)}


def _pattern_keys(ontology: EventOntology, lemma: str, pos: str, dep: str, child: str) -> set[str]:
    """Types with a pattern headed by ``lemma`` that accepts ``child`` under ``dep``."""
    return {
        event_type.key
        for event_type, pattern in ontology.patterns_for_lemma(lemma, pos)
        if any(c.dep == dep and c.accepts(child) for c in pattern.constraints)
    }


# --------------------------------------------------------------------------- bundled file


def test_bundled_file_loads_and_is_cached(ontology: EventOntology) -> None:
    assert len(ontology.types) >= 40
    assert load_event_types() is ontology
    assert len({event_type.key for event_type in ontology.types}) == len(ontology.types)


def test_closed_acled_list_has_6_types_and_25_sub_types() -> None:
    assert len(ACLED_EVENT_TYPES) == 6
    assert len(ACLED_PAIRS) == 25
    assert ("Explosions/Remote violence", "Air/drone strike") in ACLED_PAIRS
    assert len(PLOVER_CATEGORIES) == 16


def test_every_acled_sub_event_type_is_covered(ontology: EventOntology) -> None:
    pairs = ontology.acled_pairs()
    assert set(pairs) == set(ACLED_PAIRS)
    uncovered = [pair for pair, types in pairs.items() if not types]
    assert uncovered == []


def test_every_type_is_consistent(ontology: EventOntology) -> None:
    for event_type in ontology.types:
        category = PLOVER_CATEGORIES[event_type.plover]
        if event_type.cameo is not None:
            assert event_type.cameo in category.cameo_roots, event_type.key
        if event_type.plover_mode is not None:
            assert event_type.plover_mode in category.modes, event_type.key
        assert set(event_type.roles) <= set(ROLES)
        assert event_type.triggers or event_type.patterns, event_type.key
        if event_type.fatal:
            assert "fatalities" in event_type.roles, event_type.key


def test_non_acled_types_have_no_acled_pair(ontology: EventOntology) -> None:
    for key in ("funeral", "court-martial", "investigation", "military-aid", "killing"):
        event_type = ontology.by_key(key)
        assert event_type.acled is None
        assert event_type.plover in PLOVER_CATEGORIES


def test_mappings_of_core_types(ontology: EventOntology) -> None:
    clash = ontology.by_key("armed-clash")
    assert (clash.plover, clash.cameo, clash.acled) == ("ASSAULT", "19", ("Battles", "Armed clash"))
    arrests = ontology.by_key("arrests")
    assert (arrests.plover, arrests.plover_mode) == ("COERCE", "arrest")
    assert arrests.acled == ("Strategic developments", "Arrests")
    investigation = ontology.by_key("investigation")
    assert (investigation.plover, investigation.plover_mode, investigation.cameo) == (
        "ACCUSE",
        "investigate",
        "09",
    )
    assert ontology.by_key("funeral").cameo is None


# --------------------------------------------------------------------------- seed triggers


@pytest.mark.parametrize(
    ("lemma", "pos", "key"),
    [
        ("kill", "VERB", "killing"),
        ("die", "verb", "killing"),
        ("death", "NOUN", "killing"),
        ("funeral", "NOUN", "funeral"),
        ("mutiny", "NOUN", "mutiny"),
        ("court-martial", "VERB", "court-martial"),
        ("court martial", "NOUN", "court-martial"),
        ("court marshal", "VERB", "court-martial"),  # the seed's "court marshaled"
        ("recruitment", "NOUN", "recruitment-drive"),
        ("recruitment drive", "NOUN", "recruitment-drive"),
        ("investigation", "NOUN", "investigation"),
        ("retire", "VERB", "retirement-resignation"),
        ("retirement", "NOUN", "retirement-resignation"),
        ("battle", "NOUN", "armed-clash"),
        ("Airstrike", "NOUN", "air-drone-strike"),
        ("arrest", "VERB", "arrests"),
    ],
)
def test_seed_triggers(ontology: EventOntology, lemma: str, pos: str, key: str) -> None:
    assert _keys(ontology, lemma, pos) == {key}


def test_shared_triggers_return_every_candidate(ontology: EventOntology) -> None:
    assert _keys(ontology, "attack", "VERB") == {"armed-clash", "attack-on-civilians"}
    assert _keys(ontology, "capture", "VERB") == {
        "government-regains-territory",
        "non-state-overtakes-territory",
    }


def test_lookups_outside_trigger_pos_are_empty(ontology: EventOntology) -> None:
    assert ontology.types_for_lemma("kill", "PROPN") == ()
    assert ontology.types_for_lemma("funeral", "VERB") == ()
    assert ontology.types_for_lemma("provide", "VERB") == ()


def test_seed_patterns(ontology: EventOntology) -> None:
    # "having provided weapons, training, funds and other extensive aid"
    for child in ("weapon", "training", "fund", "aid"):
        assert "military-aid" in _pattern_keys(ontology, "provide", "VERB", "dobj", child)
    # "some senior officers were refusing orders"
    assert _pattern_keys(ontology, "refuse", "VERB", "dobj", "order") == {"mutiny"}
    # "as well as military advisers"
    assert "adviser-deployment" in _pattern_keys(ontology, "adviser", "NOUN", "amod", "military")
    # "have been involved in front line battles"
    assert _pattern_keys(ontology, "involve", "VERB", "pobj", "battle") == {"combat-participation"}
    # 'on charges of "mutiny and treason"'
    assert "court-martial" in _pattern_keys(ontology, "charge", "NOUN", "pobj", "mutiny")
    assert _pattern_keys(ontology, "provide", "VERB", "dobj", "breakfast") == set()


def test_by_key_suggests_close_keys(ontology: EventOntology) -> None:
    with pytest.raises(LexiconError, match="armed-clash"):
        ontology.by_key("armed-clashes")


# --------------------------------------------------------------------------- user files


def _write(tmp_path: Path, body: str, name: str = "user.yaml") -> Path:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


NEW_TYPE = """
event_types:
- key: hunger-strike-by-prisoners
  label: Prisoners' hunger strike
  description: Detainees refuse food in protest.
  plover: PROTEST
  plover_mode: hunger
  cameo: "14"
  acled_event_type: Protests
  acled_sub_event_type: Peaceful protest
  triggers:
    noun: [fast]
  patterns:
  - {lemma: refuse, dobj_lemma: [food, meal]}
  roles: [actor, place, time, size]
  fatal: false
- key: killing
  triggers:
    verb: [liquidate]
  roles: [amount]
"""


def test_user_file_adds_a_type_and_extends_one(tmp_path: Path, ontology: EventOntology) -> None:
    merged = load_event_types([_write(tmp_path, NEW_TYPE)])
    added = merged.by_key("hunger-strike-by-prisoners")
    assert added.acled == ("Protests", "Peaceful protest")
    assert _keys(merged, "fast", "NOUN") == {"hunger-strike-by-prisoners"}
    assert _pattern_keys(merged, "refuse", "VERB", "dobj", "food") == {"hunger-strike-by-prisoners"}
    assert _keys(merged, "liquidate", "VERB") == {"killing"}
    assert _keys(merged, "kill", "VERB") == {"killing"}  # the bundled triggers stay
    assert "amount" in merged.by_key("killing").roles
    # the cached bundled ontology is untouched
    assert _keys(load_event_types(), "liquidate", "VERB") == set()
    assert load_event_types() is ontology


def test_extension_may_not_change_mappings(tmp_path: Path) -> None:
    body = "event_types:\n- key: funeral\n  plover: PROTEST\n"
    with pytest.raises(LexiconError, match=r"'funeral' already exists.*not plover"):
        load_event_types([_write(tmp_path, body)])


def test_misspelt_extension_key_is_reported(tmp_path: Path) -> None:
    body = "event_types:\n- key: kiling\n  triggers:\n    verb: [liquidate]\n"
    with pytest.raises(LexiconError, match=r"needs label.*extend the existing type 'killing'"):
        load_event_types([_write(tmp_path, body)])


# --------------------------------------------------------------------------- malformed files


def _entry(key: str = "x-type", **fields: str) -> str:
    values = {
        "label": "X",
        "description": "An x.",
        "plover": "ASSAULT",
        "cameo": '"18"',
        "acled_event_type": "null",
        "acled_sub_event_type": "null",
        "triggers": "{verb: [zorch]}",
        "roles": "[actor]",
        "fatal": "false",
    }
    values.update(fields)
    lines = [f"- key: {key}", *(f"  {name}: {value}" for name, value in values.items())]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (_entry() + _entry(), r"duplicate key 'x-type'"),
        (_entry(plover="INVESTIGATE"), r"plover 'INVESTIGATE' is not a PLOVER category.*ACCUSE"),
        (_entry(plover="KILL"), r"plover 'KILL' is not a PLOVER category"),
        (
            _entry(acled_event_type="Battles", acled_sub_event_type="Air/drone strike"),
            r"'Air/drone strike' is not an ACLED sub-event type of 'Battles'.*"
            r"belongs to 'Explosions/Remote violence'",
        ),
        (
            _entry(acled_event_type="Fighting", acled_sub_event_type="Armed clash"),
            r"'Fighting' is not an ACLED event type",
        ),
        (
            _entry(acled_event_type="Battles"),
            r"give both acled_event_type and acled_sub_event_type",
        ),
        (_entry(triggers="{verb: [attack]}"), r"verb trigger 'attack' is claimed by event types"),
        (
            _entry(triggers="{noun: [funeral]}"),
            r"'funeral' \(bundled event_types.yaml\) and 'x-type'",
        ),
        (_entry(roles="[actor, victim]"), r"role 'victim' is unknown"),
        (_entry(cameo="18"), r"cameo 18 is not a two-digit CAMEO root code; write it quoted"),
        (_entry(cameo='"14"'), r"CAMEO root 14 does not map to PLOVER ASSAULT"),
        (_entry(plover_mode="demo"), r"plover_mode 'demo' is not a mode of ASSAULT"),
        (_entry(fatal="true"), r"fatal is true, so roles must include 'fatalities'"),
        (_entry(triggers="{adverb: [fast]}"), r"part of speech 'adverb' is unknown"),
        (_entry(triggers="{verb: [kills!]}"), r"'kills!' is not a lemma"),
        (_entry(triggers="null"), r"at least one trigger or pattern"),
        (_entry(patterns="[{lemma: provide}]"), r"a pattern needs at least one constraint"),
        (_entry(patterns="[{lemma: provide, iobj_lemma: x}]"), r"unknown field\(s\) iobj_lemma"),
        (_entry(colour="red"), r"unknown field\(s\) colour"),
        (_entry(key="Bad Key"), r"is not a slug"),
    ],
)
def test_malformed_user_files_raise(tmp_path: Path, body: str, message: str) -> None:
    with pytest.raises(LexiconError, match=message):
        load_event_types([_write(tmp_path, "event_types:\n" + body)])


def test_shared_trigger_needs_both_sides(tmp_path: Path) -> None:
    # attack is shared in the bundled types, so a third type may share it too ...
    ok = load_event_types(
        [
            _write(
                tmp_path,
                "event_types:\n" + _entry(triggers="{verb: [{lemma: attack, shared: true}]}"),
            )
        ]
    )
    assert _keys(ok, "attack", "verb") == {"armed-clash", "attack-on-civilians", "x-type"}
    # ... but kill is not shared by killing, so marking it shared on one side is not enough
    body = "event_types:\n" + _entry(triggers="{verb: [{lemma: kill, shared: true}]}")
    with pytest.raises(LexiconError, match=r"verb trigger 'kill'.*'killing'.*'x-type'"):
        load_event_types([_write(tmp_path, body, "clash.yaml")])


def test_identical_patterns_clash(tmp_path: Path) -> None:
    body = "event_types:\n" + _entry(triggers="null", patterns="[{prt_lemma: down, lemma: Gun}]")
    with pytest.raises(
        LexiconError, match=r"pattern .* claimed by event types 'attack-on-civilians'"
    ):
        load_event_types([_write(tmp_path, body)])


@pytest.mark.parametrize(
    ("name", "body", "message"),
    [
        ("user.csv", "key,label\n", r"event-type files are YAML"),
        ("user.yaml", "types: []\n", r"expected a top-level key 'event_types'"),
        ("user.yaml", "event_types: [\n", r"not valid YAML"),
        ("user.yaml", "event_types:\n- key: a\n  key: b\n", r"not valid YAML.*appears twice"),
    ],
)
def test_unreadable_files_raise(tmp_path: Path, name: str, body: str, message: str) -> None:
    with pytest.raises(LexiconError, match=message):
        load_event_types([_write(tmp_path, body, name)])


def test_missing_file_raises(tmp_path: Path) -> None:
    with pytest.raises(LexiconError, match="not found"):
        load_event_types([tmp_path / "absent.yaml"])
