"""Bytes to text: the size check, binary rejection and encoding fallback chain.

The chain, in order (see :func:`decode_bytes`):

1. a byte-order mark decides (UTF-32, UTF-16, UTF-8 with BOM);
2. bytes with NULs or many control characters are refused as binary;
3. strict UTF-8;
4. charset_normalizer's best guess, preferring cp1252 when it ties with the winner
   (it often names cp1250 for plain French or Spanish, which turns "à" into "ŕ");
5. cp1252, then latin-1, which never fails.

Every refusal is a :class:`ReadFailure` with a code and a one-line reason.
"""

from __future__ import annotations

import codecs
import os
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from charset_normalizer import from_bytes

from eventwire.records import ReadFailure

_BOMS: tuple[tuple[bytes, str], ...] = (
    # UTF-32 first: its little-endian BOM starts with UTF-16's.
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Bytes below 0x20 that ordinary text contains: tab, newline, vertical tab, form feed,
# carriage return, escape (seen in terminal logs pasted into reports).
_TEXT_CONTROLS = frozenset(b"\t\n\x0b\x0c\r\x1b")
_SNIFF_BYTES = 64 * 1024
# Share of control bytes in the sniffed sample above which a file is not text.
_MAX_CONTROL_SHARE = 0.05


def size_failure(path: Path, *, max_bytes: int, origin: str | None = None) -> ReadFailure | None:
    """Refuse a file over ``max_bytes`` from its size on disk, before reading it."""
    where = origin or str(path)
    try:
        size = os.stat(path).st_size
    except OSError as exc:
        return unreadable(where, exc)
    if size > max_bytes:
        return _too_large(where, size=size, max_bytes=max_bytes)
    return None


def read_bytes(path: Path, *, max_bytes: int, origin: str | None = None) -> bytes | ReadFailure:
    """The file's bytes, or a failure if it is missing, unreadable or over ``max_bytes``."""
    where = origin or str(path)
    failure = size_failure(path, max_bytes=max_bytes, origin=where)
    if failure is not None:
        return failure
    try:
        with open(path, "rb") as fh:
            # One byte over the limit tells a file that grew since the stat.
            data = fh.read(max_bytes + 1)
    except OSError as exc:
        return unreadable(where, exc)
    if len(data) > max_bytes:
        return _too_large(where, size=len(data), max_bytes=max_bytes)
    return data


def read_text(path: Path, *, max_bytes: int, origin: str | None = None) -> str | ReadFailure:
    """Read and decode a whole text file (see :func:`decode_bytes`)."""
    where = origin or str(path)
    data = read_bytes(path, max_bytes=max_bytes, origin=where)
    if isinstance(data, ReadFailure):
        return data
    return decode_bytes(data, origin=where)


def decode_bytes(data: bytes, *, origin: str) -> str | ReadFailure:
    """Decode ``data`` through the fallback chain; empty or binary input is a failure."""
    if not data.strip():
        return ReadFailure(origin, "empty", "the file is empty; nothing to read")
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as exc:
                return ReadFailure(
                    origin,
                    "bad_encoding",
                    f"starts with a {codec} byte-order mark but is not valid {codec} "
                    f"(byte {exc.start}); re-save the file as UTF-8",
                )
            return _non_empty(text, origin=origin)
    wide = bomless_utf16(data[:_SNIFF_BYTES])
    if wide is not None and _decodes(data, wide):
        return _non_empty(data.decode(wide), origin=origin)
    failure = binary_failure(data[:_SNIFF_BYTES], origin=origin)
    if failure is not None:
        return failure
    try:
        return _non_empty(data.decode("utf-8"), origin=origin)
    except UnicodeDecodeError:
        pass  # not UTF-8: fall through to guessing
    return _non_empty(data.decode(guess_codec(data), errors="strict"), origin=origin)


def guess_codec(data: bytes) -> str:
    """A codec that decodes ``data`` (not UTF-8) without error; latin-1 as last resort."""
    matches = from_bytes(data[:_SNIFF_BYTES])
    best = matches.best()
    if best is not None:
        for match in matches:
            tied = match.chaos == best.chaos and match.coherence == best.coherence
            if tied and codecs.lookup(match.encoding).name == "cp1252":
                best = match
                break
        if _decodes(data, best.encoding):
            return best.encoding
    return "cp1252" if _decodes(data, "cp1252") else "latin-1"


def bomless_utf16(sample: bytes) -> str | None:
    """ "utf-16-le" or "utf-16-be" for UTF-16 text saved without a byte-order mark
    (mostly ASCII, so every other byte is NUL), else None."""
    if len(sample) < 4:
        return None
    for codec, zeros in (("utf-16-le", sample[1::2]), ("utf-16-be", sample[0::2])):
        if zeros.count(0) >= 0.9 * len(zeros):
            return codec
    return None


def binary_failure(sample: bytes, *, origin: str) -> ReadFailure | None:
    """Refuse bytes that are not text: a NUL, or too many control characters."""
    if b"\x00" in sample:
        return ReadFailure(
            origin,
            "binary",
            "contains NUL bytes, so it is a binary file (PDF, Word, image?), not text; "
            "convert it to .txt, .html or .jsonl first",
        )
    controls = sum(1 for byte in sample if byte < 0x20 and byte not in _TEXT_CONTROLS)
    if sample and controls / len(sample) > _MAX_CONTROL_SHARE:
        return ReadFailure(
            origin,
            "binary",
            f"{controls} of the first {len(sample)} bytes are control characters, so it is "
            "not a text file; convert it to .txt, .html or .jsonl first",
        )
    return None


def open_lines(fh: BinaryIO, *, origin: str) -> Iterator[str] | ReadFailure:
    """Decoded lines (ends kept) of a line-oriented file, read lazily.

    Each line is decoded on its own: UTF-8 if it is, else the codec guessed from the
    first 64 KiB, else latin-1, so one stray cp1252 line does not sink the file.
    UTF-16/32 files (told by their BOM) are decoded as a stream instead.
    """
    head = fh.read(_SNIFF_BYTES)
    fh.seek(0)
    if not head.strip():
        return ReadFailure(origin, "empty", "the file is empty; nothing to read")
    for bom, codec in _BOMS:
        # UTF-8 with a BOM goes line by line like plain UTF-8 (the BOM is dropped there).
        if head.startswith(bom) and codec != "utf-8-sig":
            return _wide_lines(fh, codec=codec)
    failure = binary_failure(head, origin=origin)
    if failure is not None:
        return failure
    # A UTF-8 head says nothing about stray lines further on: cp1252 is the likeliest.
    fallback = "cp1252" if _decodes_prefix(head) else guess_codec(head)
    return _narrow_lines(fh, fallback=fallback)


def unreadable(origin: str, exc: OSError) -> ReadFailure:
    code = "not_found" if isinstance(exc, FileNotFoundError) else "unreadable"
    return ReadFailure(origin, code, f"cannot read the file: {exc.strerror or exc}")


def _narrow_lines(fh: BinaryIO, *, fallback: str) -> Iterator[str]:
    for number, raw in enumerate(fh):
        line = raw[3:] if number == 0 and raw.startswith(codecs.BOM_UTF8) else raw
        try:
            yield line.decode("utf-8")
        except UnicodeDecodeError:
            yield line.decode(fallback if _decodes(line, fallback) else "latin-1")


def _wide_lines(fh: BinaryIO, *, codec: str) -> Iterator[str]:
    # errors="replace" is not used: a broken UTF-16 file raises UnicodeDecodeError,
    # which the caller turns into a failure naming the line.
    reader = codecs.getreader(codec)(fh)
    for line in reader:
        yield line.removeprefix("\ufeff")


def _non_empty(text: str, *, origin: str) -> str | ReadFailure:
    if not text.strip():
        return ReadFailure(origin, "empty", "the file holds only whitespace; nothing to read")
    return text


def _decodes(data: bytes, codec: str) -> bool:
    try:
        data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return False
    return True


def _decodes_prefix(data: bytes) -> bool:
    """Whether ``data`` is UTF-8, allowing a multi-byte character cut at the end."""
    try:
        codecs.getincrementaldecoder("utf-8")().decode(data, final=False)
    except UnicodeDecodeError:
        return False
    return True


def _too_large(origin: str, *, size: int, max_bytes: int) -> ReadFailure:
    return ReadFailure(
        origin,
        "too_large",
        f"the file is {size:,} bytes, over the {max_bytes:,}-byte limit; "
        "raise the max_bytes setting to read it",
    )
