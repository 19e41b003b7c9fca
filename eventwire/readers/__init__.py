"""The input side: files, folders and feed URLs in, :class:`RawReport` or
:class:`ReadFailure` out. One reader per input kind, chosen by file suffix.

Readers never raise for bad input and never touch the store: every file, line, row or
feed entry they cannot read comes out as a failure with a code and a reason.
"""

from __future__ import annotations

import importlib
import os
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from urllib.parse import urlsplit

from eventwire.errors import NetworkNotAllowedError
from eventwire.records import RawReport, ReadFailure
from eventwire.settings import Settings

Reader = Callable[..., Iterator[RawReport | ReadFailure]]

# Suffix -> (module in this package, function). A reader's module is imported when a
# file of its kind is first read: trafilatura and feedparser (about 0.1 s) load only
# for web pages and feeds, not before every JSON Lines or text ingest.
READERS: dict[str, tuple[str, str]] = {
    ".txt": ("text", "read_text_file"),
    ".html": ("html", "read_html_file"),
    ".htm": ("html", "read_html_file"),
    ".jsonl": ("tabular", "read_jsonl_file"),
    ".csv": ("tabular", "read_csv_file"),
    ".parquet": ("tabular", "read_parquet_file"),
    ".xml": ("feed", "read_feed_file"),
    ".rss": ("feed", "read_feed_file"),
    ".atom": ("feed", "read_feed_file"),
}
SUPPORTED_SUFFIXES: tuple[str, ...] = tuple(READERS)

# Seconds to wait for a feed server before giving up on it.
URL_TIMEOUT = 30

__all__ = [
    "READERS",
    "SUPPORTED_SUFFIXES",
    "iter_input_files",
    "read_path",
    "read_url",
    "reader_for",
]


def iter_input_files(paths: Sequence[Path]) -> Iterator[Path]:
    """Files named in ``paths``, and the files in folders named there, recursively.

    Folders are walked in sorted order without following symbolic links, and hidden
    files and folders (name starting with ".") in them are skipped; a hidden file named
    directly is kept. A path that does not exist is passed on, for :func:`read_path` to
    report. Each file comes out once.
    """
    seen: set[Path] = set()
    for path in paths:
        found = _walk(path) if path.is_dir() else iter((path,))
        for file in found:
            key = file.resolve()
            if key not in seen:
                seen.add(key)
                yield file


def read_path(path: Path, *, settings: Settings) -> Iterator[RawReport | ReadFailure]:
    """Reports from one file, read by the reader for its suffix."""
    if not path.exists():
        yield ReadFailure(str(path), "not_found", "no such file")
        return
    if not path.is_file():
        yield ReadFailure(str(path), "unsupported", "not a regular file")
        return
    reader = reader_for(path.suffix)
    if reader is None:
        yield ReadFailure(
            str(path),
            "unsupported",
            f"no reader for {path.suffix or 'files without a suffix'}; "
            f"supported: {', '.join(SUPPORTED_SUFFIXES)}",
        )
        return
    yield from reader(path, settings=settings)


def reader_for(suffix: str) -> Reader | None:
    """The reader for files ending in ``suffix`` (".txt", ".HTML"...), or None."""
    found = READERS.get(suffix.lower())
    if found is None:
        return None
    module, function = found
    reader: Reader = getattr(importlib.import_module(f"eventwire.readers.{module}"), function)
    return reader


def read_url(url: str, *, settings: Settings) -> Iterator[RawReport | ReadFailure]:
    """Reports from a feed (or a single web page) at ``url``.

    Raises NetworkNotAllowedError, before anything is fetched, unless the
    ``allow_network`` setting is on. Fetch problems are failures, not exceptions.
    """
    if not settings.allow_network:
        raise NetworkNotAllowedError(
            f"not fetching {url}: network access is off; set allow_network "
            "(--allow-network) to read feed URLs"
        )
    return _read_url(url, settings=settings)


def _read_url(url: str, *, settings: Settings) -> Iterator[RawReport | ReadFailure]:
    if urlsplit(url).scheme not in ("http", "https"):
        yield ReadFailure(url, "unsupported", "only http:// and https:// URLs are fetched")
        return
    request = urllib.request.Request(url, headers={"User-Agent": "eventwire"})
    try:
        with urllib.request.urlopen(request, timeout=URL_TIMEOUT) as response:
            content_type = response.headers.get_content_type()
            data = response.read(settings.max_bytes + 1)
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", None) or exc
        yield ReadFailure(url, "fetch_failed", f"could not fetch the URL: {reason}")
        return
    if len(data) > settings.max_bytes:
        yield ReadFailure(
            url,
            "too_large",
            f"the response is over the {settings.max_bytes:,}-byte limit; "
            "raise the max_bytes setting to read it",
        )
        return
    if content_type in ("text/html", "application/xhtml+xml"):
        from eventwire.readers.html import parse_html

        yield parse_html(data, origin=url, url=url)
        return
    from eventwire.readers.feed import parse_feed

    yield from parse_feed(data, origin=url)


def _walk(folder: Path) -> Iterator[Path]:
    for root, dirs, files in os.walk(folder, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                yield Path(root, name)
