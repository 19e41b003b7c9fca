"""Tests for eventwire.evaluate: WikiEvents/RAMS readers and event trigger/argument scoring."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from eventwire.errors import EvalDataError
from eventwire.evaluate.eventdata import (
    EventDoc,
    GoldArgument,
    GoldEvent,
    read_event_data,
    read_rams,
    read_wikievents,
)
from eventwire.evaluate.events import (
    EVENT_TYPES,
    ROLES,
    EventTagger,
    PredictedEvent,
    evaluate_events,
    format_report,
    last_word_head,
    lexical_trigger_tagger,
)
from eventwire.records import Argument, Event, EventPlace, Evidence

from .conftest import shared_data

# "Rebels shelled Aleppo , killing two men ." with offsets as WikiEvents writes them
# (the comma is glued to "Aleppo"), then a second sentence after a two-character gap.
WIKI: dict[str, Any] = {
    "doc_id": "syn_1",
    "tokens": "Rebels shelled Aleppo , killing two men . Police arrested him and met .".split(),
    "text": "ignored: does not match the offsets",
    "sentences": [
        [
            [
                ["Rebels", 0, 6],
                ["shelled", 7, 14],
                ["Aleppo", 15, 21],
                [",", 21, 22],
                ["killing", 23, 30],
                ["two", 31, 34],
                ["men", 35, 38],
                [".", 38, 39],
            ],
            "Rebels shelled Aleppo, killing two men.",
        ],
        [
            [
                ["Police", 41, 47],
                ["arrested", 48, 56],
                ["him", 57, 60],
                ["and", 61, 64],
                ["met", 65, 68],
                [".", 68, 69],
            ],
            "Police arrested him and met.",
        ],
    ],
    "entity_mentions": [
        {"id": "syn_1-T1", "start": 0, "end": 1, "text": "Rebels"},
        {"id": "syn_1-T2", "start": 2, "end": 3, "text": "Aleppo"},
        {"id": "syn_1-T3", "start": 5, "end": 7, "text": "two men"},
        {"id": "syn_1-T4", "start": 8, "end": 9, "text": "Police"},
        {"id": "syn_1-T5", "start": 10, "end": 11, "text": "him"},
    ],
    "relation_mentions": [],
    "event_mentions": [
        {
            "id": "syn_1-E1",
            "event_type": "Conflict.Attack.Unspecified",
            "trigger": {"start": 1, "end": 2, "text": "shelled", "sent_idx": 0},
            "arguments": [
                {"entity_id": "syn_1-T1", "role": "Attacker", "text": "Rebels"},
                {"entity_id": "syn_1-T2", "role": "Place", "text": "Aleppo"},
            ],
        },
        {
            "id": "syn_1-E2",
            "event_type": "Life.Die.Unspecified",
            "trigger": {"start": 4, "end": 5, "text": "killing", "sent_idx": 0},
            "arguments": [
                {"entity_id": "syn_1-T3", "role": "Victim", "text": "two men"},
                {"entity_id": "syn_1-T1", "role": "Killer", "text": "Rebels"},
            ],
        },
        {
            "id": "syn_1-E3",
            "event_type": "Justice.ArrestJailDetain.Unspecified",
            "trigger": {"start": 9, "end": 10, "text": "arrested", "sent_idx": 1},
            "arguments": [
                {"entity_id": "syn_1-T4", "role": "Jailer", "text": "Police"},
                {"entity_id": "syn_1-T5", "role": "Detainee", "text": "him"},
            ],
        },
        {
            "id": "syn_1-E4",
            "event_type": "Contact.Contact.Meet",
            "trigger": {"start": 12, "end": 13, "text": "met", "sent_idx": 1},
            "arguments": [],
        },
    ],
}
WIKI_TEXT = "Rebels shelled Aleppo, killing two men.\n Police arrested him and met."

RAMS: dict[str, Any] = {
    "doc_key": "nw_syn",
    "sentences": [["Gunmen", "wounded", "three", "guards", "."], ["They", "fled", "."]],
    "evt_triggers": [[1, 1, [["life.injure.injurycausedbyviolentevents", 1.0]]]],
    "ent_spans": [],
    "gold_evt_links": [
        [[1, 1], [0, 0], "evt090arg01injurer"],
        [[1, 1], [2, 3], "evt090arg02victim"],
        [[1, 1], [3, 3], "evt090arg04bodypart"],
    ],
    "split": "dev",
}
RAMS_TEXT = "Gunmen wounded three guards .\nThey fled ."


def write_lines(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def fixed(answers: list[list[PredictedEvent]]) -> EventTagger:
    """A tagger answering ``answers`` in order, whatever the texts."""
    queue = list(answers)

    def tag(texts: list[str]) -> list[list[PredictedEvent]]:
        out = queue[: len(texts)]
        del queue[: len(texts)]
        return out

    return tag


def span(text: str, word: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(word, start + 1)
    return start, start + len(word)


# --- readers ----------------------------------------------------------------------------


def test_wikievents_reader_keeps_file_offsets(tmp_path: Path) -> None:
    (doc,) = read_wikievents(write_lines(tmp_path / "dev.jsonl", [WIKI]))
    assert doc.name == "syn_1"
    assert doc.text == WIKI_TEXT
    attack, die, arrest, meet = doc.events
    assert attack == GoldEvent(
        type="Conflict.Attack.Unspecified",
        trigger=(7, 14),
        arguments=(
            GoldArgument("Attacker", 0, 6, "Rebels"),
            GoldArgument("Place", 15, 21, "Aleppo"),
        ),
    )
    assert die.arguments[0] == GoldArgument("Victim", 31, 38, "two men")
    assert doc.text[slice(*arrest.trigger)] == "arrested"
    assert (meet.type, meet.arguments) == ("Contact.Contact.Meet", ())


def test_rams_reader_joins_tokens_and_strips_role_prefix(tmp_path: Path) -> None:
    (doc,) = read_rams(write_lines(tmp_path / "dev.jsonlines", [RAMS]))
    assert doc.text == RAMS_TEXT
    (event,) = doc.events
    assert event.type == "life.injure.injurycausedbyviolentevents"
    assert doc.text[slice(*event.trigger)] == "wounded"
    assert [(a.role, a.text) for a in event.arguments] == [
        ("injurer", "Gunmen"),
        ("victim", "three guards"),
        ("bodypart", "guards"),
    ]


def test_read_event_data_tells_the_formats_apart(tmp_path: Path) -> None:
    wiki = read_event_data(write_lines(tmp_path / "a.jsonl", [WIKI]))
    rams = read_event_data(write_lines(tmp_path / "b.jsonlines", [RAMS]))
    assert (wiki[0].name, rams[0].name) == ("syn_1", "nw_syn")
    with pytest.raises(EvalDataError, match=r"c.jsonl:1: neither WikiEvents"):
        read_event_data(write_lines(tmp_path / "c.jsonl", [{"doc_id": "x"}]))


def _broken_wiki(**changes: Any) -> dict[str, Any]:
    record = json.loads(json.dumps(WIKI))
    record.update(changes)
    return record


@pytest.mark.parametrize(
    ("record", "problem"),
    [
        (_broken_wiki(event_mentions=None), "'event_mentions' is a NoneType"),
        ({k: v for k, v in WIKI.items() if k != "sentences"}, "no 'sentences' field"),
        (
            _broken_wiki(
                event_mentions=[
                    {
                        "id": "E9",
                        "event_type": "Life.Die.Unspecified",
                        "trigger": {"start": 1, "end": 2},
                        "arguments": [{"entity_id": "nowhere", "role": "Victim"}],
                    }
                ]
            ),
            "naming entity 'nowhere'",
        ),
        (
            _broken_wiki(
                event_mentions=[
                    {"id": "E9", "event_type": "X", "trigger": {"start": 40, "end": 41}}
                ]
            ),
            "outside the 14 tokens",
        ),
    ],
)
def test_malformed_wikievents_names_file_and_line(
    tmp_path: Path, record: dict[str, Any], problem: str
) -> None:
    path = write_lines(tmp_path / "dev.jsonl", [WIKI, record])
    with pytest.raises(EvalDataError, match=r"dev.jsonl:2: .*" + problem) as info:
        read_wikievents(path)
    assert "[E007]" in str(info.value)


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"evt_triggers": []}, "0 evt_triggers"),
        ({"gold_evt_links": [[[0, 0], [2, 3], "evt090arg02victim"]]}, "another trigger"),
        ({"gold_evt_links": [[[1, 1], [7, 9], "evt090arg02victim"]]}, "outside the 8 tokens"),
        ({"sentences": [["a", 3]]}, "not a list of token strings"),
    ],
)
def test_malformed_rams_names_file_and_line(
    tmp_path: Path, change: dict[str, Any], problem: str
) -> None:
    path = write_lines(tmp_path / "dev.jsonlines", [RAMS, {**RAMS, **change}])
    with pytest.raises(EvalDataError, match=r"dev.jsonlines:2: .*" + problem):
        read_rams(path)


def test_unreadable_files(tmp_path: Path) -> None:
    with pytest.raises(EvalDataError, match="no such file"):
        read_rams(tmp_path / "missing.jsonlines")
    (tmp_path / "bad.jsonl").write_text('{"doc_id": \n', encoding="utf-8")
    with pytest.raises(EvalDataError, match=r"bad.jsonl:1: not valid JSON"):
        read_wikievents(tmp_path / "bad.jsonl")
    (tmp_path / "empty.jsonl").write_text("\n", encoding="utf-8")
    with pytest.raises(EvalDataError, match="no documents"):
        read_wikievents(tmp_path / "empty.jsonl")


# --- mapping ----------------------------------------------------------------------------


def test_mapping_covers_the_conflict_types_and_leaves_the_rest_out() -> None:
    assert EVENT_TYPES["Life.Die.Unspecified"] == "killing"
    assert EVENT_TYPES["conflict.attack.bombing"] == "attack"
    assert EVENT_TYPES["justice.arrestjaildetain.arrestjaildetain"] == "arrest"
    for uncovered in (
        "Movement.Transportation.Unspecified",
        "Contact.Contact.Meet",
        "conflict.attack.stealrobhijack",
        "life.injure.illnessdegradationhungerthirst",
        "justice.judicialconsequences.execute",
    ):
        assert uncovered not in EVENT_TYPES
    assert (ROLES["jailer"], ROLES["detainee"], ROLES["explosivedevice"]) == (
        "actor",
        "target",
        "instrument",
    )
    assert "bodypart" not in ROLES


# --- scoring ----------------------------------------------------------------------------


def wiki_doc() -> EventDoc:
    return EventDoc(
        name="syn_1",
        text=WIKI_TEXT,
        events=(
            GoldEvent(
                "Conflict.Attack.Unspecified",
                span(WIKI_TEXT, "shelled"),
                (
                    GoldArgument("Attacker", 0, 6, "Rebels"),
                    GoldArgument("Place", 15, 21, "Aleppo"),
                ),
            ),
            GoldEvent(
                "Life.Die.Unspecified",
                span(WIKI_TEXT, "killing"),
                (
                    GoldArgument("Victim", 31, 38, "two men"),
                    GoldArgument("Killer", 0, 6, "Rebels"),
                ),
            ),
            GoldEvent("Contact.Contact.Meet", span(WIKI_TEXT, "met"), ()),
        ),
    )


def test_exact_scores_with_known_answers() -> None:
    doc = wiki_doc()
    predicted: list[PredictedEvent] = [
        # right trigger and type; actor right, place given as "target" (role wrong)
        ("attack", *span(WIKI_TEXT, "shelled"), (("actor", 0, 6), ("target", 15, 21))),
        # right offsets, wrong type: identified, not classified; its argument keys carry
        # the wrong type, so they match nothing
        ("injury", *span(WIKI_TEXT, "killing"), (("target", 31, 38),)),
        # spurious trigger on an uncovered gold event ("met")
        ("attack", *span(WIKI_TEXT, "met"), ()),
    ]
    report = evaluate_events([doc], fixed([predicted]))
    t, a = report.trigger, report.argument
    # gold triggers: shelled, killing; predicted: shelled, killing, met
    assert (t.identification.tp, t.identification.fp, t.identification.fn) == (2, 1, 0)
    assert (t.classification.tp, t.classification.fp, t.classification.fn) == (1, 2, 1)
    assert t.classification.precision == pytest.approx(1 / 3)
    assert t.classification.recall == pytest.approx(1 / 2)
    assert t.classification.f1 == pytest.approx(0.4)
    # gold arguments: attack/Rebels/actor, attack/Aleppo/place, killing/two men/target,
    # killing/Rebels/actor; predicted: attack/Rebels/actor, attack/Aleppo/target,
    # injury/two men/target
    assert (a.identification.tp, a.identification.fp, a.identification.fn) == (2, 1, 2)
    assert (a.classification.tp, a.classification.fp, a.classification.fn) == (1, 2, 3)
    assert a.classification.f1 == pytest.approx(2 * (1 / 3) * (1 / 4) / (1 / 3 + 1 / 4))
    assert report.argument_linked.tp == 1
    attack_trigger, attack_argument = report.per_type["attack"]
    assert (attack_trigger.tp, attack_trigger.fp, attack_trigger.fn) == (1, 1, 0)
    assert (attack_argument.tp, attack_argument.fp, attack_argument.fn) == (1, 1, 1)
    assert report.per_type["killing"][0].fn == 1
    assert dict(report.excluded_events) == {"Contact.Contact.Meet": 1}
    assert dict(report.on_uncovered) == {"Contact.Contact.Meet": 1}
    assert report.missed == (("killing", "killing", 1),)
    assert report.spurious == (("attack", "met", 1), ("injury", "killing", 1))
    assert (report.gold_events, report.predicted_events, report.documents) == (2, 3, 1)


def test_as_dict_shape_keeps_the_keys() -> None:
    report = evaluate_events([wiki_doc()], fixed([[]]), data="syn.jsonl")
    figures = report.as_dict()
    for stage in ("trigger", "argument"):
        block = figures[stage]
        assert isinstance(block, dict)
        assert {"precision", "recall", "f1", "identification", "classification"} <= set(block)
    assert figures["trigger"]["recall"] == 0.0  # type: ignore[index]
    assert figures["data"] == "syn.jsonl"
    per_type = figures["per_type"]
    assert isinstance(per_type, dict)
    assert set(per_type) == {"killing", "injury", "attack", "arrest"}
    json.dumps(figures)


def test_head_match_forgives_a_longer_argument_span() -> None:
    doc = wiki_doc()
    wide = span(WIKI_TEXT, "killing two men")
    predicted: list[PredictedEvent] = [
        ("killing", *span(WIKI_TEXT, "killing"), (("target", *wide),))
    ]
    exact = evaluate_events([doc], fixed([list(predicted)]))
    head = evaluate_events([doc], fixed([list(predicted)]), match="head")
    assert exact.argument.classification.tp == 0
    assert head.argument.classification.tp == 1
    assert head.match == "head"
    assert last_word_head("the city of Deir ez-Zor.", 0, 24) == (20, 23)


def test_arguments_with_unmapped_roles_are_not_scored(tmp_path: Path) -> None:
    docs = read_rams(write_lines(tmp_path / "dev.jsonlines", [RAMS]))
    predicted: list[PredictedEvent] = [
        ("injury", *span(RAMS_TEXT, "wounded"), (("actor", 0, 6), ("target", 15, 27))),
    ]
    report = evaluate_events(docs, fixed([predicted]))
    assert dict(report.excluded_arguments) == {"bodypart": 1}
    score = report.argument.classification
    assert (score.tp, score.fp, score.fn) == (2, 0, 0)
    assert report.trigger.classification.f1 == 1.0


def test_bad_predictions_are_refused() -> None:
    doc = wiki_doc()
    for bad, message in (
        (("riot", 0, 6, ()), "event type 'riot'"),
        (("attack", 0, 999, ()), "outside its text"),
        (("attack", 0, 6, (("victim", 0, 6),)), "role 'victim'"),
    ):
        with pytest.raises(ValueError, match=message):
            evaluate_events([doc], fixed([[bad]]))  # type: ignore[list-item]
    with pytest.raises(ValueError, match="1 results for 2 texts"):
        evaluate_events([doc, doc], lambda texts: [[]])
    with pytest.raises(ValueError, match="match must be"):
        evaluate_events([doc], fixed([[]]), match="overlap")  # type: ignore[arg-type]


def test_lexical_tagger_and_report_text() -> None:
    tagger = lexical_trigger_tagger({"Shelled": "attack", "killing": "killing", "met": "attack"})
    assert tagger(["Rebels SHELLED it"]) == [[("attack", 7, 14, ())]]
    seen: list[tuple[int, int]] = []
    report = evaluate_events(
        [wiki_doc()], tagger, progress=lambda done, total: seen.append((done, total))
    )
    assert seen == [(1, 1)]
    score = report.trigger.classification
    assert (score.tp, score.fp, score.fn) == (2, 1, 0)
    text = format_report(report)
    assert "trigger classification         0.667   1.000   0.800" in text
    assert "spurious predictions on triggers of uncovered gold events" in text
    assert "'met'" in text
    with pytest.raises(ValueError, match="not eventwire types"):
        lexical_trigger_tagger({"riot": "protest"})


# --- gold data --------------------------------------------------------------------------


def _covered_counts(docs: list[EventDoc]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for doc in docs:
        for event in doc.events:
            kind = EVENT_TYPES.get(event.type)
            if kind is not None:
                counts[kind] = counts.get(kind, 0) + 1
    return counts


@pytest.mark.gold
def test_wikievents_dev_counts() -> None:
    docs = read_event_data(shared_data("events/wikievents/dev.jsonl"))
    assert len(docs) == 20
    assert sum(len(doc.events) for doc in docs) == 345
    assert _covered_counts(docs) == {"attack": 102, "killing": 47, "injury": 25, "arrest": 12}
    for doc in docs:  # every argument's text is what the file's entity mention says
        for event in doc.events:
            for argument in event.arguments:
                assert doc.text[argument.start : argument.end] == argument.text


@pytest.mark.gold
def test_rams_dev_counts() -> None:
    docs = read_event_data(shared_data("events/rams/dev.jsonlines"))
    assert len(docs) == 924
    assert all(len(doc.events) == 1 for doc in docs)
    assert _covered_counts(docs) == {"attack": 97, "killing": 78, "injury": 56, "arrest": 8}


# --- eventwire's systems ----------------------------------------------------------------


def _evidence(text: str, word: str) -> Evidence:
    start, end = span(text, word)
    return Evidence("d", start, end, word)


def test_event_predictions_type_mentions_by_their_word_and_keep_dropped_triggers() -> None:
    from eventwire.evaluate.event_systems import event_predictions
    from eventwire.events import load_event_types

    text = "Two soldiers were killed in clashes in Idlib. Police could arrest him in Homs."
    clash = Event(
        id="e1",
        doc="d",
        type="armed-clash",  # a killing inside a clash is the clash, "killed" its mention
        trigger=_evidence(text, "clashes"),
        evidence=_evidence(text, "Two soldiers were killed in clashes in Idlib."),
        certainty="asserted",
        arguments=(
            Argument("target", _evidence(text, "Two soldiers")),
            Argument("circumstance", _evidence(text, "clashes")),
        ),
        place=EventPlace("place:idlib", _evidence(text, "Idlib"), 1),
        mentions=(_evidence(text, "killed"),),
    )
    elsewhere = Event(
        id="e2",
        doc="d",
        type="injury",
        trigger=_evidence(text, "Two"),
        evidence=_evidence(text, "Two"),
        certainty="asserted",
        place=EventPlace("place:homs", _evidence(text, "Homs"), 2, inherited=True),
    )
    triggers = [
        (*span(text, "killed"), "killing"),
        (*span(text, "clashes"), "attack"),
        (*span(text, "arrest"), "arrest"),  # dropped by the extractor as hypothetical
    ]
    predicted = event_predictions([clash, elsewhere], triggers, load_event_types())
    arguments = (("target", *span(text, "Two soldiers")), ("place", *span(text, "Idlib")))
    assert predicted == [
        ("attack", *span(text, "clashes"), arguments),
        ("killing", *span(text, "killed"), arguments),
        ("injury", *span(text, "Two"), ()),  # an inherited place is not the event's own
        ("arrest", *span(text, "arrest"), ()),
    ]


def test_event_tagger_predicts_arguments(pipeline) -> None:  # type: ignore[no-untyped-def]
    from eventwire.evaluate.event_systems import event_tagger
    from eventwire.events import load_event_types

    text = "Rebels killed five soldiers in Idlib."
    (predicted,) = event_tagger(pipeline, load_event_types())([text])
    killing = next(p for p in predicted if p[0] == "killing")
    assert text[killing[1] : killing[2]] == "killed"
    found = {(role, text[start:end]) for role, start, end in killing[3]}
    assert ("target", "five soldiers") in found or ("target", "soldiers") in found
    assert ("actor", "Rebels") in found
    assert ("place", "Idlib") in found
    gold = EventDoc(
        "syn",
        text,
        (
            GoldEvent(
                "Life.Die.Unspecified",
                span(text, "killed"),
                (
                    GoldArgument("Killer", *span(text, "Rebels"), "Rebels"),
                    GoldArgument("Victim", *span(text, "soldiers"), "soldiers"),
                ),
            ),
        ),
    )
    report = evaluate_events([gold], event_tagger(pipeline, load_event_types()), match="head")
    assert report.trigger.classification.f1 == 1.0
    assert (report.argument.classification.tp, report.argument.classification.fn) == (2, 0)


def test_official_match_follows_the_set(tmp_path: Path) -> None:
    from eventwire.evaluate.event_systems import official_match

    assert official_match(write_lines(tmp_path / "a.jsonl", [WIKI])) == "head"
    assert official_match(write_lines(tmp_path / "b.jsonlines", [RAMS])) == "exact"
