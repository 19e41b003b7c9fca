"""Text normalisation and the :class:`RawReport` → :class:`Document` step. Pure.

Evidence offsets point into the normalised text, so normalisation happens once, here,
and is idempotent: normalising a normalised text changes nothing.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from datetime import date

from eventwire.records import Document, RawReport

# No-break, ogham, en/em and other typographic, narrow no-break, math, ideographic.
_SPACES = "\u00a0\u1680" + "".join(map(chr, range(0x2000, 0x200B))) + "\u202f\u205f\u3000"
# Invisible characters that split words for matching: zero-width space, word joiner,
# BOM, soft hyphen, Mongolian vowel separator. ZWNJ (U+200C) and ZWJ (U+200D) are kept:
# they are spelling in Persian, Urdu and other scripts, not noise.
_INVISIBLE = "\u200b\u2060\ufeff\u00ad\u180e"
_LINE_BREAKS = {"\r\n": "\n", "\r": "\n", "\x0b": "\n", "\x0c": "\n", "\x85": "\n"}

_TABLE: dict[int, str | None] = {ord(c): " " for c in _SPACES}
_TABLE.update({ord(c): None for c in _INVISIBLE})
_TABLE.update({0x2028: "\n", 0x2029: "\n\n"})
# Other C0 and C1 controls carry no text; tab and newline are kept.
_TABLE.update({c: None for c in range(0x20) if chr(c) not in "\t\n\r\x0b\x0c"})
_TABLE.update({c: None for c in range(0x7F, 0xA0) if c != 0x85})

_BREAK_RE = re.compile("|".join(re.escape(b) for b in _LINE_BREAKS))
_TRAILING_RE = re.compile(r"[ \t]+$", re.MULTILINE)
_BLANK_RUN_RE = re.compile(r"\n{3,}")
_INLINE_SPACE_RE = re.compile(r"\s+")


def normalise_text(text: str) -> str:
    """NFC, plain spaces and newlines, no invisible characters, at most one blank line
    in a row, no trailing spaces, stripped."""
    text = _BREAK_RE.sub(lambda m: _LINE_BREAKS[m.group()], text)
    text = text.translate(_TABLE)
    # NFC after the translation, so removing an invisible character between a letter
    # and its combining accent still yields the composed letter.
    text = unicodedata.normalize("NFC", text)
    text = _TRAILING_RE.sub("", text)
    text = _BLANK_RUN_RE.sub("\n\n", text)
    return text.strip()


def normalise_line(text: str) -> str:
    """:func:`normalise_text` on one line: internal runs of whitespace become one space."""
    return _INLINE_SPACE_RE.sub(" ", normalise_text(text))


def document_id(text: str) -> str:
    """``"d"`` + 16 hex characters of the SHA-256 of the document's normalised text."""
    return "d" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def build_document(
    raw: RawReport, *, published: date | None = None, source: str | None = None
) -> Document:
    """The normalised :class:`Document` for ``raw``; ``published`` and ``source``
    (from settings or the command line) win over what the reader found."""
    title = normalise_line(raw.title) if raw.title else ""
    body = normalise_text(raw.text)
    if title and body:
        text, body_start = f"{title}\n\n{body}", len(title) + 2
    elif title:
        text, body_start = title, len(title)
    else:
        text, body_start = body, 0
    credit = normalise_line(raw.photo_credit) if raw.photo_credit else ""
    return Document(
        id=document_id(text),
        text=text,
        body_start=body_start,
        title=title or None,
        url=raw.url,
        published=published if published is not None else raw.published,
        source=source if source is not None else raw.source,
        author=raw.author,
        external_id=raw.external_id,
        photo_credit=credit or None,
        origin=raw.origin,
        status="pending",
    )
