"""Readers for event gold data (WikiEvents, RAMS) into one common form.

Both sets are JSON lines, one document (WikiEvents) or one example (RAMS) per line, with
events and arguments given by token index. Each reader turns a line into an
:class:`EventDoc`: a plain text and its events as character offsets into that text.

WikiEvents (``dev.jsonl``, Li et al. 2021): ``sentences`` holds, per sentence, the tokens
as ``[word, start_char, end_char]`` in the original document. The file's ``text`` field
does not match those offsets (sentences are glued together), so the text is rebuilt by
putting every token at its own offset: gaps inside a sentence become spaces, a gap
between two sentences becomes a newline followed by spaces. Offsets are therefore the
file's own. ``event_mentions`` give the trigger as document token indices (end
exclusive) and arguments as ``entity_id`` references into ``entity_mentions`` (document
token indices, end exclusive).

RAMS (``dev.jsonlines``, Ebner et al. 2020): ``sentences`` is a list of token lists; the
text is the tokens joined by single spaces, sentences joined by a newline. One event per
example in ``evt_triggers`` (``[start, end, [[type, 1.0]]]``, token indices, end
inclusive); ``gold_evt_links`` are ``[[trigger start, end], [arg start, end], role]`` with
roles written ``evt089arg01victim``: the ``evtNNNargNN`` prefix is dropped (``victim``).

Event types and roles are kept as the file writes them; mapping them to eventwire's
types is the scorer's job (:mod:`eventwire.evaluate.events`). Malformed input raises
:class:`~eventwire.errors.EvalDataError` naming the file and line.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eventwire.errors import EvalDataError

_RAMS_ROLE = re.compile(r"^evt\d+arg\d+")


@dataclass(frozen=True, slots=True)
class GoldArgument:
    """An argument over ``text[start:end]`` with its role as the gold data names it."""

    role: str
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class GoldEvent:
    """An event of a gold ontology type; ``trigger`` is ``(start_char, end_char)``."""

    type: str
    trigger: tuple[int, int]
    arguments: tuple[GoldArgument, ...]


@dataclass(frozen=True, slots=True)
class EventDoc:
    """One gold document (WikiEvents) or example (RAMS): its text and its events."""

    name: str
    text: str
    events: tuple[GoldEvent, ...]


class _Bad(Exception):
    """A problem in one line; turned into EvalDataError with file and line by the caller."""


def _field(record: dict[str, Any], key: str, kind: type) -> Any:
    if key not in record:
        raise _Bad(f"no {key!r} field")
    value = record[key]
    if not isinstance(value, kind):
        raise _Bad(f"{key!r} is a {type(value).__name__}, expected a {kind.__name__}")
    return value


def _int_pair(value: object, what: str) -> tuple[int, int]:
    if (
        not isinstance(value, Sequence)
        or len(value) < 2
        or not all(isinstance(v, int) and not isinstance(v, bool) for v in value[:2])
    ):
        raise _Bad(f"{what} is {value!r}, expected [start, end] token indices")
    return int(value[0]), int(value[1])


def _span(offsets: Sequence[tuple[int, int]], first: int, last: int, what: str) -> tuple[int, int]:
    """Character span of tokens ``first..last`` (both inclusive)."""
    if not 0 <= first <= last < len(offsets):
        raise _Bad(
            f"{what} covers tokens {first}..{last}, outside the {len(offsets)} tokens "
            "of the document"
        )
    return offsets[first][0], offsets[last][1]


def _wikievents_text(sentences: list[Any]) -> tuple[str, list[tuple[int, int]]]:
    parts: list[str] = []
    offsets: list[tuple[int, int]] = []
    position = 0
    for number, sentence in enumerate(sentences):
        if not isinstance(sentence, list) or not sentence or not isinstance(sentence[0], list):
            raise _Bad(f"sentence {number} is not [[[word, start, end], ...], text]")
        for index, token in enumerate(sentence[0]):
            if (
                not isinstance(token, list)
                or len(token) != 3
                or not isinstance(token[0], str)
                or not all(isinstance(v, int) for v in token[1:])
            ):
                raise _Bad(f"sentence {number} token {index} is {token!r}, not [word, start, end]")
            word, start, end = token
            if start < position or end - start != len(word):
                raise _Bad(
                    f"sentence {number} token {index} {word!r} at {start}..{end} overlaps the "
                    f"previous token (ending at {position}) or does not fit its length"
                )
            gap = start - position
            if gap and index == 0 and parts:
                parts.append("\n" + " " * (gap - 1))
            elif gap:
                parts.append(" " * gap)
            parts.append(word)
            offsets.append((start, end))
            position = end
    return "".join(parts), offsets


def _wikievents_doc(record: dict[str, Any]) -> EventDoc:
    name = _field(record, "doc_id", str)
    text, offsets = _wikievents_text(_field(record, "sentences", list))
    entities: dict[str, tuple[int, int]] = {}
    for mention in _field(record, "entity_mentions", list):
        if not isinstance(mention, dict) or not isinstance(mention.get("id"), str):
            raise _Bad(f"entity mention {mention!r} has no string 'id'")
        first, end = _int_pair(
            [mention.get("start"), mention.get("end")], f"entity {mention['id']}"
        )
        entities[mention["id"]] = _span(offsets, first, end - 1, f"entity {mention['id']}")
    events = []
    for mention in _field(record, "event_mentions", list):
        if not isinstance(mention, dict):
            raise _Bad(f"event mention {mention!r} is not an object")
        label = f"event {mention.get('id', '(no id)')}"
        kind = _field(mention, "event_type", str)
        trigger = _field(mention, "trigger", dict)
        first, end = _int_pair([trigger.get("start"), trigger.get("end")], f"{label} trigger")
        span = _span(offsets, first, end - 1, f"{label} trigger")
        arguments = []
        for argument in _field(mention, "arguments", list):
            entity = argument.get("entity_id") if isinstance(argument, dict) else None
            if entity not in entities:
                raise _Bad(
                    f"{label} has an argument naming entity {entity!r}, not in entity_mentions"
                )
            role = _field(argument, "role", str)
            start, stop = entities[entity]
            arguments.append(GoldArgument(role=role, start=start, end=stop, text=text[start:stop]))
        events.append(GoldEvent(type=kind, trigger=span, arguments=tuple(arguments)))
    return EventDoc(name=name, text=text, events=tuple(events))


def _rams_doc(record: dict[str, Any]) -> EventDoc:
    name = _field(record, "doc_key", str)
    sentences = _field(record, "sentences", list)
    parts: list[str] = []
    offsets: list[tuple[int, int]] = []
    position = 0
    for number, sentence in enumerate(sentences):
        if not isinstance(sentence, list) or not all(isinstance(w, str) for w in sentence):
            raise _Bad(f"sentence {number} is not a list of token strings")
        for index, word in enumerate(sentence):
            if parts:
                parts.append("\n" if index == 0 else " ")
                position += 1
            parts.append(word)
            offsets.append((position, position + len(word)))
            position += len(word)
    text = "".join(parts)
    triggers = _field(record, "evt_triggers", list)
    if len(triggers) != 1:
        raise _Bad(f"{len(triggers)} evt_triggers; a RAMS example holds exactly one event")
    trigger = triggers[0]
    first, last = _int_pair(trigger, "evt_triggers[0]")
    try:
        kind = trigger[2][0][0]
    except (IndexError, TypeError) as error:
        raise _Bad(
            f"evt_triggers[0] is {trigger!r}, expected [start, end, [[type, 1.0]]]"
        ) from error
    if not isinstance(kind, str):
        raise _Bad(f"event type {kind!r} is not a string")
    arguments = []
    for link in _field(record, "gold_evt_links", list):
        if not isinstance(link, list) or len(link) != 3 or not isinstance(link[2], str):
            raise _Bad(f"gold_evt_links entry {link!r} is not [[trigger], [argument], role]")
        if _int_pair(link[0], "link trigger") != (first, last):
            raise _Bad(
                f"gold_evt_links entry {link!r} points at another trigger than {first}..{last}"
            )
        a_first, a_last = _int_pair(link[1], "link argument")
        start, end = _span(offsets, a_first, a_last, f"argument {link[2]}")
        role = _RAMS_ROLE.sub("", link[2])
        arguments.append(GoldArgument(role=role, start=start, end=end, text=text[start:end]))
    span = _span(offsets, first, last, "trigger")
    event = GoldEvent(type=kind, trigger=span, arguments=tuple(arguments))
    return EventDoc(name=name, text=text, events=(event,))


def _read_lines(
    path: Path, parse: Callable[[dict[str, Any]], EventDoc], fmt: str
) -> list[EventDoc]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError as error:
        raise EvalDataError(f"{path}: no such file; check the --data path") from error
    except IsADirectoryError as error:
        raise EvalDataError(
            f"{path}: is a folder; point --data at a {fmt} JSON-lines file"
        ) from error
    except UnicodeDecodeError as error:
        raise EvalDataError(f"{path}: not UTF-8 text ({error}); {fmt} files are UTF-8") from error
    docs = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise EvalDataError(
                f"{path}:{number}: not valid JSON ({error}); each line must hold one JSON object"
            ) from error
        if not isinstance(record, dict):
            raise EvalDataError(f"{path}:{number}: a JSON {type(record).__name__}, not an object")
        try:
            docs.append(parse(record))
        except _Bad as error:
            raise EvalDataError(
                f"{path}:{number}: {error}; this does not follow the {fmt} format, repair or "
                "remove the line"
            ) from error
    if not docs:
        raise EvalDataError(f"{path}: no documents; the file is empty")
    return docs


def read_wikievents(path: str | Path) -> list[EventDoc]:
    """Every document of a WikiEvents JSON-lines file, in file order."""
    return _read_lines(Path(path), _wikievents_doc, "WikiEvents")


def read_rams(path: str | Path) -> list[EventDoc]:
    """Every example of a RAMS JSON-lines file, in file order."""
    return _read_lines(Path(path), _rams_doc, "RAMS")


def read_event_data(path: str | Path) -> list[EventDoc]:
    """Read WikiEvents or RAMS, told apart by the first line's fields."""
    file = Path(path)
    try:
        with file.open(encoding="utf-8") as handle:
            first = handle.readline()
    except FileNotFoundError as error:
        raise EvalDataError(f"{file}: no such file; check the --data path") from error
    except (IsADirectoryError, UnicodeDecodeError) as error:
        raise EvalDataError(f"{file}: not a JSON-lines text file ({error})") from error
    if '"event_mentions"' in first:
        return read_wikievents(file)
    if '"gold_evt_links"' in first:
        return read_rams(file)
    raise EvalDataError(
        f"{file}:1: neither WikiEvents (no 'event_mentions') nor RAMS (no 'gold_evt_links'); "
        "point --data at a WikiEvents .jsonl or RAMS .jsonlines file"
    )
