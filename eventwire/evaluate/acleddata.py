"""Reader for CASE 2021 task 2 gold data: news snippets labelled with ACLED sub-event types.

The file is tab-separated UTF-8 with a header line naming three columns::

    id	EventSnippet	SubType
    1	The US warplanes pounded the village of … killing 6 civilians …	AIR_STRIKE

What is read, one :class:`AcledSnippet` per data line:

- ``id``: the first column, as written (ids are unique within the file);
- ``text``: the snippet, with surrounding whitespace removed (snippets are not quoted: a
  ``"`` is an ordinary character, and a tab inside a snippet is not allowed);
- ``label``: the sub-event type (``AIR_STRIKE``, ``PEACE_PROTEST``…), upper-case letters,
  digits and underscores.

The label set: CASE 2021 ships ``event_types.txt`` (the 25 ACLED types of subtask 1) and
``note_on_event_types.txt`` (those plus the "unseen" types of subtasks 2 and 3:
``ORG_CRIME``, ``NATURAL_DISASTER``, ``MAN_MADE_DISASTER``, ``DIPLO``, ``ATTRIB``) beside
the data. :func:`read_event_types` collects every type named in either file; when one of
them sits beside the data, a snippet whose label is not in it is an error (a typo in a
label would otherwise become a class of its own). Without them any well-formed label is
accepted. The header may name the columns differently (``text``, ``label``…) but there
must be exactly three; empty lines are skipped; a byte-order mark is tolerated.

A missing file, a line with another number of columns, an empty snippet, a malformed,
unknown or missing label, or a repeated id raises :class:`~eventwire.errors.EvalDataError`
naming the file and the line.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from eventwire.errors import EvalDataError

EVENT_TYPE_FILES: tuple[str, ...] = ("event_types.txt", "note_on_event_types.txt")
"""Files beside the data that list the sub-event types, as CASE 2021 ships them."""

_LABEL = re.compile(r"^[A-Z][A-Z0-9_]*$")


@dataclass(frozen=True, slots=True)
class AcledSnippet:
    """One gold snippet and its ACLED sub-event type."""

    id: str
    text: str
    label: str


def read_event_types(folder: str | Path) -> frozenset[str]:
    """Every sub-event type named in the :data:`EVENT_TYPE_FILES` of ``folder``.

    A type is a line holding nothing but one upper-case name; headings such as ``EVENT
    TYPES for TASK 2`` or ``2. SUBTASK 2: …`` have spaces and are not types.
    Returns an empty set when neither file is there.
    """
    labels: set[str] = set()
    for name in EVENT_TYPE_FILES:
        path = Path(folder) / name
        if not path.is_file():
            continue
        for line in path.read_text(encoding="utf-8-sig").splitlines():
            word = line.strip()
            if _LABEL.match(word):
                labels.add(word)
    return frozenset(labels)


def _problem(fields: Sequence[str], *, known: frozenset[str]) -> str | None:
    """What is wrong with the fields of a data line, or None."""
    if len(fields) != 3:
        return (
            f"has {len(fields)} tab-separated columns, not 3 (id, snippet, label); a tab "
            "inside a snippet must be replaced by a space"
        )
    ident, text, label = (field.strip() for field in fields)
    if not ident:
        return "has an empty id; give every snippet an id"
    if not text:
        return "has an empty snippet; remove the line or restore its text"
    if not label:
        return "has no label; every snippet needs its sub-event type"
    if not _LABEL.match(label):
        return (
            f"has the label {label!r}; sub-event types are upper-case names such as "
            "AIR_STRIKE (letters, digits, underscores)"
        )
    if known and label not in known:
        return (
            f"has the label {label!r}, which {' / '.join(EVENT_TYPE_FILES)} beside the data "
            "do not list; fix the label or add it to those files"
        )
    return None


def parse_acled_tsv(
    content: str, *, origin: str, known: frozenset[str] = frozenset()
) -> list[AcledSnippet]:
    """The snippets of the text of a CASE 2021 task 2 TSV; ``origin`` names it in errors.

    ``known`` is the label set to check against (empty: accept any well-formed label).
    """
    lines = content.lstrip("\ufeff").splitlines()
    if not lines or len(lines[0].split("\t")) != 3:
        raise EvalDataError(
            f"{origin}:1: expected a header of three tab-separated columns (id, EventSnippet, "
            "SubType); check that --data is the CASE 2021 task 2 TSV"
        )
    snippets: list[AcledSnippet] = []
    seen: dict[str, int] = {}
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        fields = line.split("\t")
        problem = _problem(fields, known=known)
        if problem is not None:
            raise EvalDataError(f"{origin}:{number}: the line {problem}")
        ident, text, label = (field.strip() for field in fields)
        if ident in seen:
            raise EvalDataError(
                f"{origin}:{number}: the id {ident!r} was already used on line {seen[ident]}; "
                "ids must be unique"
            )
        seen[ident] = number
        snippets.append(AcledSnippet(id=ident, text=text, label=label))
    if not snippets:
        raise EvalDataError(f"{origin}: no snippets after the header; the file is empty")
    return snippets


def read_acled_tsv(path: str | Path) -> list[AcledSnippet]:
    """Read a CASE 2021 task 2 TSV, checking labels against the type lists beside it."""
    file = Path(path)
    if file.is_dir():
        raise EvalDataError(f"{file}: is a folder; point --data at the TSV file (e.g. dev.tsv)")
    try:
        content = file.read_text(encoding="utf-8")
    except FileNotFoundError as error:
        raise EvalDataError(f"{file}: no such file; check the --data path") from error
    except UnicodeDecodeError as error:
        raise EvalDataError(
            f"{file}: not UTF-8 ({error.reason} at byte {error.start}); re-save it as UTF-8"
        ) from error
    return parse_acled_tsv(content, origin=str(file), known=read_event_types(file.parent))


def label_counts(snippets: Sequence[AcledSnippet]) -> Counter[str]:
    """How many snippets carry each label."""
    return Counter(snippet.label for snippet in snippets)
