"""Readers for token-level NER gold data: CoNLL-2003 (IOB1) and IOB2 (UniversalNER).

Two formats are recognised, and :func:`read_conll` tells them apart by the first token line:

``conll2003``
    Space-separated, four columns ``word POS chunk tag`` with IOB1 tags; ``-DOCSTART-``
    lines separate documents, blank lines separate sentences. In IOB1 an ``I-X`` tag starts
    an entity unless it continues an entity of the same type on the previous token; ``B-X``
    starts a new entity right after another ``X`` entity. A ``B-X`` anywhere else is still
    read as the start of an entity (its meaning is unambiguous).
``iob2``
    Tab-separated, ``index word tag`` and possibly more columns (ignored); lines starting
    with ``#`` are comments, blank lines separate sentences, token indices count 1, 2, 3…
    within a sentence. In IOB2 every entity starts with ``B-X``; an ``I-X`` that does not
    continue an ``X`` entity is malformed and rejected.

Anything else raises :class:`~eventwire.errors.EvalDataError` naming ``file:line``.
The decoders and the IOB2 encoder are pure functions over tag sequences.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from eventwire.errors import EvalDataError

Format = Literal["conll2003", "iob2"]
FORMATS: tuple[Format, ...] = ("conll2003", "iob2")

_DOCSTART = "-DOCSTART-"
_TAG = re.compile(r"^(?:O|([BI])-(\S+))$")
_CONLL_COLUMNS = 4
_IOB2_MIN_COLUMNS = 3


@dataclass(frozen=True, slots=True)
class GoldSpan:
    """An entity over tokens ``start`` (inclusive) to ``end`` (exclusive)."""

    start: int
    end: int
    label: str


@dataclass(frozen=True, slots=True)
class Sentence:
    """One gold sentence: its tokens and the entity spans over them."""

    tokens: tuple[str, ...]
    spans: tuple[GoldSpan, ...]


class TagSequenceError(ValueError):
    """A tag sequence that cannot be decoded; ``index`` is the offending token."""

    def __init__(self, index: int, problem: str) -> None:
        super().__init__(f"token {index}: {problem}")
        self.index = index
        self.problem = problem


def _split_tag(tag: str, index: int) -> tuple[str, str] | None:
    """``("B"|"I", label)`` for an entity tag, ``None`` for ``O``."""
    match = _TAG.match(tag)
    if match is None:
        raise TagSequenceError(
            index,
            f"tag {tag!r} is not O, B-TYPE or I-TYPE (IOBES tags such as E-/S- are not "
            "supported; convert the file to IOB1 or IOB2)",
        )
    if match.group(1) is None:
        return None
    return match.group(1), match.group(2)


def decode_iob1(tags: Sequence[str]) -> tuple[GoldSpan, ...]:
    """Entity spans from IOB1 tags (CoNLL-2003)."""
    spans: list[GoldSpan] = []
    start = -1
    label = ""
    for index, tag in enumerate(tags):
        parsed = _split_tag(tag, index)
        if parsed is None:
            if start >= 0:
                spans.append(GoldSpan(start, index, label))
            start = -1
            continue
        prefix, tag_label = parsed
        if prefix == "I" and start >= 0 and tag_label == label:
            continue
        if start >= 0:
            spans.append(GoldSpan(start, index, label))
        start, label = index, tag_label
    if start >= 0:
        spans.append(GoldSpan(start, len(tags), label))
    return tuple(spans)


def decode_iob2(tags: Sequence[str]) -> tuple[GoldSpan, ...]:
    """Entity spans from IOB2 tags; an ``I-X`` that continues no ``X`` entity is an error."""
    spans: list[GoldSpan] = []
    start = -1
    label = ""
    for index, tag in enumerate(tags):
        parsed = _split_tag(tag, index)
        if parsed is None:
            if start >= 0:
                spans.append(GoldSpan(start, index, label))
            start = -1
            continue
        prefix, tag_label = parsed
        if prefix == "I":
            if start >= 0 and tag_label == label:
                continue
            after = f"after {tags[index - 1]!r}" if index else "at the start of a sentence"
            raise TagSequenceError(
                index,
                f"{tag!r} {after} continues no {tag_label} entity; IOB2 starts every "
                f"entity with B-{tag_label} (if the file is IOB1, give it 4 space-separated "
                "columns as in CoNLL-2003)",
            )
        if start >= 0:
            spans.append(GoldSpan(start, index, label))
        start, label = index, tag_label
    if start >= 0:
        spans.append(GoldSpan(start, len(tags), label))
    return tuple(spans)


def encode_iob2(spans: Iterable[GoldSpan], length: int) -> tuple[str, ...]:
    """IOB2 tags for ``length`` tokens; spans must lie inside and not overlap."""
    tags = ["O"] * length
    for span in sorted(spans, key=lambda s: s.start):
        if not 0 <= span.start < span.end <= length:
            raise ValueError(f"span {span} lies outside {length} tokens")
        if any(tag != "O" for tag in tags[span.start : span.end]):
            raise ValueError(f"span {span} overlaps another span")
        tags[span.start] = f"B-{span.label}"
        for index in range(span.start + 1, span.end):
            tags[index] = f"I-{span.label}"
    return tuple(tags)


def detect_format(lines: Sequence[str], *, origin: str) -> Format:
    """The format of a gold file, judged by its first token line."""
    for number, raw in enumerate(lines, start=1):
        line = raw.rstrip("\r\n")
        if not line.strip():
            continue
        if line.startswith(_DOCSTART):
            return "conll2003"
        fields = line.split("\t")
        if len(fields) >= _IOB2_MIN_COLUMNS and fields[0].isascii() and fields[0].isdigit():
            return "iob2"
        if line.startswith("#"):
            continue
        if len(line.split()) == _CONLL_COLUMNS:
            return "conll2003"
        raise EvalDataError(
            f"{origin}:{number}: cannot tell the format from {line[:60]!r}: expected "
            "CoNLL-2003 (4 space-separated columns: word POS chunk tag) or IOB2 "
            "(tab-separated: index word tag …); convert the file to one of them"
        )
    raise EvalDataError(f"{origin}: no token lines found; point --data at a CoNLL or IOB2 file")


def _sentence(
    words: list[str],
    tags: list[str],
    numbers: list[int],
    *,
    fmt: Format,
    origin: str,
) -> Sentence:
    decode = decode_iob1 if fmt == "conll2003" else decode_iob2
    try:
        spans = decode(tags)
    except TagSequenceError as error:
        raise EvalDataError(f"{origin}:{numbers[error.index]}: {error.problem}") from error
    return Sentence(tokens=tuple(words), spans=spans)


def parse_conll(lines: Sequence[str], *, origin: str, fmt: Format | None = None) -> list[Sentence]:
    """Sentences from the lines of a gold file; ``fmt=None`` detects the format.

    ``origin`` names the file in error messages.
    """
    fmt = fmt if fmt is not None else detect_format(lines, origin=origin)
    sentences: list[Sentence] = []
    words: list[str] = []
    tags: list[str] = []
    numbers: list[int] = []

    def flush() -> None:
        if words:
            sentences.append(_sentence(words, tags, numbers, fmt=fmt, origin=origin))
        words.clear()
        tags.clear()
        numbers.clear()

    for number, raw in enumerate(lines, start=1):
        line = raw.rstrip("\r\n")
        if not line.strip():
            flush()
            continue
        if fmt == "conll2003":
            if line.startswith(_DOCSTART):
                flush()
                continue
            fields = line.split()
            if len(fields) != _CONLL_COLUMNS:
                raise EvalDataError(
                    f"{origin}:{number}: expected 4 space-separated columns (word POS chunk "
                    f"tag), found {len(fields)} in {line[:60]!r}; fix the line or the "
                    "sentence break before it"
                )
            word, tag = fields[0], fields[3]
        else:
            if line.startswith("#"):
                continue
            fields = line.split("\t")
            if len(fields) < _IOB2_MIN_COLUMNS:
                raise EvalDataError(
                    f"{origin}:{number}: expected at least 3 tab-separated columns (index "
                    f"word tag), found {len(fields)} in {line[:60]!r}; separate columns "
                    "with tabs"
                )
            index_text, word, tag = fields[0], fields[1], fields[2].strip()
            if not (index_text.isascii() and index_text.isdigit()):
                raise EvalDataError(
                    f"{origin}:{number}: token index {index_text!r} is not a whole number "
                    "(multi-word token ranges and empty nodes are not supported; keep one "
                    "line per word)"
                )
            if int(index_text) != len(words) + 1:
                raise EvalDataError(
                    f"{origin}:{number}: token index {index_text} where {len(words) + 1} "
                    "was expected; a line is missing or a blank line between two "
                    "sentences is"
                )
            if not word.strip():
                raise EvalDataError(f"{origin}:{number}: empty word; every token needs one")
        words.append(word)
        tags.append(tag)
        numbers.append(number)
    flush()
    return sentences


def read_conll(path: str | Path, *, fmt: Format | None = None) -> list[Sentence]:
    """Read a CoNLL-2003 or IOB2 gold file (UTF-8); the format is detected unless given."""
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8-sig")
    except FileNotFoundError as error:
        raise EvalDataError(f"{file}: no such file; check the --data path") from error
    except UnicodeDecodeError as error:
        raise EvalDataError(
            f"{file}: not UTF-8 (byte {error.start}); re-encode it as UTF-8"
        ) from error
    return parse_conll(text.split("\n"), origin=str(file), fmt=fmt)
