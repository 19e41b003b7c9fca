"""RSS and Atom feeds (``.xml``, ``.rss``, ``.atom``): one report per entry.

feedparser is only ever given bytes. Given a string it may take it for a URL or a
file name and fetch it, which would bypass the ``allow_network`` setting.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Mapping
from datetime import date
from pathlib import Path
from typing import Any

import feedparser

from eventwire.readers.decode import read_bytes
from eventwire.readers.html import fragment_text
from eventwire.records import RawReport, ReadFailure
from eventwire.settings import Settings


def read_feed_file(path: Path, *, settings: Settings) -> Iterator[RawReport | ReadFailure]:
    """A report or failure per entry of a feed file."""
    origin = str(path)
    data = read_bytes(path, max_bytes=settings.max_bytes, origin=origin)
    if isinstance(data, ReadFailure):
        yield data
        return
    yield from parse_feed(data, origin=origin)


def parse_feed(data: bytes, *, origin: str) -> Iterator[RawReport | ReadFailure]:
    """Reports from a feed's bytes; entries are numbered from 1 in their origin
    (``feed.xml#3``)."""
    if not data.strip():
        yield ReadFailure(origin, "empty", "the file is empty; nothing to read")
        return
    parsed = feedparser.parse(data)
    entries = parsed.get("entries", [])
    if not parsed.get("version") and not entries:
        problem = parsed.get("bozo_exception")
        detail = f" ({problem})" if problem else ""
        yield ReadFailure(
            origin,
            "bad_feed",
            f"not an RSS or Atom feed{detail}; if it is a web page, give it an .html suffix",
        )
        return
    if not entries:
        yield ReadFailure(origin, "empty", "the feed has no entries")
        return
    source = _clean(parsed.get("feed", {}).get("title"))
    for number, entry in enumerate(entries, start=1):
        yield entry_to_report(entry, origin=f"{origin}#{number}", source=source)


def entry_to_report(
    entry: Mapping[str, Any], *, origin: str, source: str | None = None
) -> RawReport | ReadFailure:
    """A report from one feedparser entry: its full content if given, else its summary."""
    text = fragment_text(_entry_markup(entry))
    title = _clean(fragment_text(entry.get("title") or ""))
    if not text.strip():
        return ReadFailure(
            origin,
            "no_text",
            "the entry has no summary or content, only a title and link; "
            "save the linked article page and read that instead",
        )
    return RawReport(
        origin=origin,
        text=text,
        title=title,
        url=_clean(entry.get("link")),
        published=_entry_date(entry),
        source=source,
        author=_clean(entry.get("author")),
        external_id=_clean(entry.get("id")),
    )


def _entry_markup(entry: Mapping[str, Any]) -> str:
    contents = [c.get("value") or "" for c in entry.get("content") or []]
    longest = max(contents, key=len, default="")
    summary = entry.get("summary") or ""
    return longest if len(longest) >= len(summary) else summary


def _entry_date(entry: Mapping[str, Any]) -> date | None:
    # feedparser gives parsed dates as UTC struct_time; "published" before "updated".
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if isinstance(value, time.struct_time):
            return date(value.tm_year, value.tm_mon, value.tm_mday)
    return None


def _clean(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    return value.strip() or None
