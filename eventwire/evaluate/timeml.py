"""Reader for TimeML gold data (``.tml``): the text, its TIMEX3 spans and its creation time.

A TimeML file is XML with one ``TEXT`` element holding the document, in which ``TIMEX3``
(and ``EVENT``, ``SIGNAL``…) tags sit inline::

    <TimeML>
    <DCT><TIMEX3 tid="t0" type="DATE" value="1998-11-20T19:30"
                 functionInDocument="CREATION_TIME">1998-11-20 19:30</TIMEX3></DCT>
    <TEXT>… in <TIMEX3 tid="t2" type="DATE" value="1998-10">last month</TIMEX3>'s …</TEXT>
    …links (TLINK, SLINK, MAKEINSTANCE) after the text…
    </TimeML>

What is read:

- ``text``: the character content of ``TEXT`` with every tag removed and entities decoded
  (``&amp;`` becomes ``&``); nothing else is changed, so offsets are exact.
- ``timexes``: every ``TIMEX3`` inside ``TEXT``, as character offsets into ``text``
  (whitespace just inside the tag is left out of the span), with its ``type`` and
  ``value``. TIMEX3 tags elsewhere (the creation time in ``DCT``, a title) are not part of
  the text and are not scored, as in TempEval-3. A TIMEX3 with no text (a non-consuming
  timex, allowed by TimeML) has no span to find and is counted in ``empty_timexes``.
- ``dct``: the document creation time, the TIMEX3 with
  ``functionInDocument="CREATION_TIME"`` (else the first TIMEX3 inside a ``DCT`` element);
  ``dct_value`` keeps its value as written, ``dct`` is the calendar day when the value
  names one (``1998-11-20``, ``1998-11-20T19:30``) and ``None`` otherwise (no DCT, or a
  coarser value such as ``1998-11``).

A file that is not well-formed XML, has no or several ``TEXT`` elements, or holds a TIMEX3
without a valid ``type`` or without a ``value`` raises :class:`~eventwire.errors.EvalDataError`
naming the file (and the line, where the XML parser gives one).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from eventwire.errors import EvalDataError

TIMEX_TYPES: tuple[str, ...] = ("DATE", "TIME", "DURATION", "SET")
"""The four TIMEX3 types of TimeML."""

_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:$|T)")


@dataclass(frozen=True, slots=True)
class GoldTimex:
    """A TIMEX3 over ``text[start:end]`` of its document."""

    start: int
    end: int
    type: str
    value: str
    tid: str = ""


@dataclass(frozen=True, slots=True)
class TimeDoc:
    """One TimeML document: the plain text of its ``TEXT``, its timexes and creation time."""

    name: str
    text: str
    dct: date | None
    timexes: tuple[GoldTimex, ...]
    dct_value: str | None = None
    empty_timexes: int = 0


def _local(tag: object) -> str:
    """The element name without an XML namespace (``{ns}TEXT`` -> ``TEXT``)."""
    name = tag if isinstance(tag, str) else ""
    return name.rsplit("}", 1)[-1]


def _walk(
    element: ET.Element,
    *,
    parts: list[str],
    offset: int,
    found: list[tuple[ET.Element, int, int]],
) -> int:
    """Append the text under ``element`` to ``parts`` from ``offset``; record each TIMEX3.

    Returns the offset after the element's text.
    """
    start = offset
    if element.text:
        parts.append(element.text)
        offset += len(element.text)
    for child in element:
        offset = _walk(child, parts=parts, offset=offset, found=found)
        if child.tail:
            parts.append(child.tail)
            offset += len(child.tail)
    if _local(element.tag) == "TIMEX3":
        found.append((element, start, offset))
    return offset


def _timex(
    element: ET.Element, *, start: int, end: int, text: str, origin: str
) -> GoldTimex | None:
    """The gold timex of a TIMEX3 element, ``None`` when it covers no text."""
    tid = element.get("tid", "")
    label = f"TIMEX3 {tid or '(no tid)'}"
    kind = element.get("type")
    if kind not in TIMEX_TYPES:
        raise EvalDataError(
            f"{origin}: {label} has type {kind!r}; TimeML types are {', '.join(TIMEX_TYPES)}: "
            "fix the type attribute"
        )
    value = element.get("value")
    if value is None:
        raise EvalDataError(
            f"{origin}: {label} has no value attribute; TimeML requires one (use e.g. "
            'value="XXXX-XX-XX" for a date that cannot be resolved)'
        )
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start == end:
        return None
    return GoldTimex(start=start, end=end, type=kind, value=value.strip(), tid=tid)


def _creation_time(root: ET.Element) -> ET.Element | None:
    timexes = [el for el in root.iter() if _local(el.tag) == "TIMEX3"]
    for element in timexes:
        if element.get("functionInDocument") == "CREATION_TIME":
            return element
    for dct in (el for el in root.iter() if _local(el.tag) == "DCT"):
        for element in dct.iter():
            if _local(element.tag) == "TIMEX3":
                return element
    return None


def day_of(value: str | None) -> date | None:
    """The calendar day a TIMEX3 value names (``1998-11-20``, ``1998-11-20T19:30``), else None."""
    match = _DAY.match(value or "")
    if match is None:
        return None
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def parse_timeml(content: bytes, *, name: str, origin: str) -> TimeDoc:
    """A :class:`TimeDoc` from the bytes of a TimeML file; ``origin`` names it in errors."""
    try:
        root = ET.fromstring(content)
    except ET.ParseError as error:
        line, _ = error.position
        raise EvalDataError(
            f"{origin}:{line}: not well-formed XML ({error}); repair the markup (an unclosed "
            "or mismatched tag, a bare '&' or '<' in the text)"
        ) from error
    texts = [el for el in root.iter() if _local(el.tag) == "TEXT"]
    if len(texts) != 1:
        raise EvalDataError(
            f"{origin}: found {len(texts)} TEXT elements; a TimeML document holds its text "
            "in exactly one <TEXT>…</TEXT>"
        )
    parts: list[str] = []
    found: list[tuple[ET.Element, int, int]] = []
    _walk(texts[0], parts=parts, offset=0, found=found)
    text = "".join(parts)
    timexes: list[GoldTimex] = []
    empty = 0
    for element, start, end in sorted(found, key=lambda item: (item[1], -item[2])):
        timex = _timex(element, start=start, end=end, text=text, origin=origin)
        if timex is None:
            empty += 1
        else:
            timexes.append(timex)
    creation = _creation_time(root)
    dct_value = creation.get("value") if creation is not None else None
    return TimeDoc(
        name=name,
        text=text,
        dct=day_of(dct_value),
        timexes=tuple(timexes),
        dct_value=dct_value,
        empty_timexes=empty,
    )


def read_timeml(path: str | Path) -> TimeDoc:
    """Read one TimeML file; the document is named after the file (without ``.tml``)."""
    file = Path(path)
    try:
        content = file.read_bytes()
    except FileNotFoundError as error:
        raise EvalDataError(f"{file}: no such file; check the --data path") from error
    except IsADirectoryError as error:
        raise EvalDataError(
            f"{file}: is a folder; use read_timeml_folder for a folder of .tml files"
        ) from error
    name = file.name[: -len(".tml")] if file.name.endswith(".tml") else file.name
    return parse_timeml(content, name=name, origin=str(file))


def _tml_files(folder: Path) -> Iterator[Path]:
    return (path for path in folder.rglob("*.tml") if path.is_file())


def read_timeml_folder(folder: str | Path) -> list[TimeDoc]:
    """Every ``.tml`` file under ``folder`` (searched recursively), in path order.

    Each document is named by its path under ``folder`` without ``.tml``
    (``TimeBank/wsj_0006``), so files of the same name in two subfolders stay apart.
    """
    root = Path(folder)
    if not root.is_dir():
        what = "is a file, not a folder" if root.exists() else "no such folder"
        raise EvalDataError(f"{root}: {what}; point --data at a folder holding TimeML .tml files")
    files = sorted(_tml_files(root))
    if not files:
        raise EvalDataError(
            f"{root}: no .tml files found in it or its subfolders; point --data at a folder "
            "of TimeML files (e.g. TimeBank or the TempEval-3 TBAQ-cleaned data)"
        )
    docs = []
    for path in files:
        doc = read_timeml(path)
        docs.append(replace(doc, name=path.relative_to(root).as_posix()[: -len(".tml")]))
    return docs
