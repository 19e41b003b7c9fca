"""Many reports per file: JSON Lines (``.jsonl``), CSV (``.csv``) and Parquet
(``.parquet``), streamed.

JSON Lines and CSV are read a line at a time, so memory holds one record, not the file;
Parquet a batch of rows at a time. Fields are
``title``, ``text`` (required), and optionally ``url``, ``published`` (ISO date or
datetime), ``source``, ``author`` and ``id`` (kept as ``external_id``). A bad line or
row is one failure naming ``file:line``; the others are still read.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator, Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Protocol

from eventwire.readers.decode import open_lines, size_failure, unreadable
from eventwire.records import RawReport, ReadFailure
from eventwire.settings import Settings

FIELDS = ("title", "text", "url", "published", "source", "author", "id")
REQUIRED = "text"


def read_jsonl_file(path: Path, *, settings: Settings) -> Iterator[RawReport | ReadFailure]:
    """A report or failure per non-blank line of a JSON Lines file."""
    yield from _read_lines(path, settings=settings, parse=_parse_jsonl)


def read_csv_file(path: Path, *, settings: Settings) -> Iterator[RawReport | ReadFailure]:
    """A report or failure per row of a CSV file with a header row."""
    # csv refuses fields over 128 KiB by default, shorter than a long article; the file
    # size limit already bounds a field. (The limit is process-wide, and only raised.)
    csv.field_size_limit(max(csv.field_size_limit(), settings.max_bytes))
    yield from _read_lines(path, settings=settings, parse=_parse_csv)


def read_parquet_file(path: Path, *, settings: Settings) -> Iterator[RawReport | ReadFailure]:
    """A report or failure per row of a Parquet file (rows numbered from 1)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    origin = str(path)
    failure = size_failure(path, max_bytes=settings.max_bytes, origin=origin)
    if failure is not None:
        yield failure
        return
    try:
        parquet = pq.ParquetFile(path)
        columns = [name.strip().lower() for name in parquet.schema_arrow.names]
        if REQUIRED not in columns:
            yield ReadFailure(
                origin,
                "missing_column",
                f"no '{REQUIRED}' column (found: {', '.join(columns) or 'none'}); a Parquet "
                f"corpus needs '{REQUIRED}' and may have "
                f"{', '.join(f for f in FIELDS if f != REQUIRED)}",
            )
            return
        number = 0
        for batch in parquet.iter_batches(batch_size=256):
            for row in batch.to_pylist():
                number += 1
                record = {k.strip().lower(): _plain(v) for k, v in row.items()}
                yield record_to_report(record, origin=f"{origin}:{number}")
    except (OSError, pa.ArrowException) as exc:
        yield ReadFailure(origin, "bad_parquet", f"not a readable Parquet file: {exc}")


def _plain(value: object) -> object:
    """Parquet dates and timestamps as the ISO text a JSON Lines file would hold."""
    return value.isoformat() if isinstance(value, (date, datetime)) else value


def parse_date(value: str) -> date:
    """An ISO date (``2024-03-05``) or datetime (``2024-03-05T08:30:00Z``) as a date.

    Raises ValueError for anything else.
    """
    value = value.strip()
    try:
        return date.fromisoformat(value)
    except ValueError:
        return datetime.fromisoformat(value).date()


def record_to_report(record: Mapping[str, object], *, origin: str) -> RawReport | ReadFailure:
    """A report from one record's fields, or a failure saying which field is wrong."""
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        return ReadFailure(
            origin, "no_text", "the 'text' field is missing or empty; every report needs its text"
        )
    for name in FIELDS:
        value = record.get(name)
        if value is not None and not isinstance(value, (str, int)):
            return ReadFailure(
                origin,
                "bad_field",
                f"the '{name}' field is a {type(value).__name__}; it should be a string",
            )
    published = _text(record.get("published"))
    day = None
    if published is not None:
        try:
            day = parse_date(published)
        except ValueError:
            return ReadFailure(
                origin,
                "bad_date",
                f"published {published!r} is not an ISO date; write it as YYYY-MM-DD "
                "or leave it empty",
            )
    return RawReport(
        origin=origin,
        text=text,
        title=_text(record.get("title")),
        url=_text(record.get("url")),
        published=day,
        source=_text(record.get("source")),
        author=_text(record.get("author")),
        external_id=_text(record.get("id")),
    )


class _Parser(Protocol):
    def __call__(
        self, lines: Iterable[tuple[int, str]], *, origin: str
    ) -> Iterator[RawReport | ReadFailure]: ...


def _read_lines(
    path: Path, *, settings: Settings, parse: _Parser
) -> Iterator[RawReport | ReadFailure]:
    origin = str(path)
    failure = size_failure(path, max_bytes=settings.max_bytes, origin=origin)
    if failure is not None:
        yield failure
        return
    try:
        with open(path, "rb") as fh:
            lines = open_lines(fh, origin=origin)
            if isinstance(lines, ReadFailure):
                yield lines
                return
            try:
                yield from parse(enumerate(lines, start=1), origin=origin)
            except UnicodeDecodeError as exc:
                yield ReadFailure(
                    origin,
                    "bad_encoding",
                    f"not valid {exc.encoding} after the byte-order mark ({exc.reason}); "
                    "re-save the file as UTF-8",
                )
    except OSError as exc:
        yield unreadable(origin, exc)


def _parse_jsonl(
    lines: Iterable[tuple[int, str]], *, origin: str
) -> Iterator[RawReport | ReadFailure]:
    for number, line in lines:
        if not line.strip():
            continue
        where = f"{origin}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield ReadFailure(
                where, "bad_json", f"not valid JSON ({exc.msg} at column {exc.colno})"
            )
            continue
        if not isinstance(record, dict):
            yield ReadFailure(
                where,
                "bad_json",
                f"a JSON {type(record).__name__}, not an object; each line must be one "
                '{"title": ..., "text": ...} object',
            )
            continue
        yield record_to_report(record, origin=where)


def _parse_csv(
    lines: Iterable[tuple[int, str]], *, origin: str
) -> Iterator[RawReport | ReadFailure]:
    # csv joins a quoted field's lines itself; `last` tracks the line it has reached,
    # so a failure names the line its row starts on.
    last = 0

    def text_lines() -> Iterator[str]:
        nonlocal last
        for number, line in lines:
            last = number
            yield line

    reader = csv.reader(text_lines())
    try:
        header = next(reader, None)
    except csv.Error as exc:
        yield ReadFailure(f"{origin}:1", "bad_csv", f"unreadable header row: {exc}")
        return
    if header is None:
        yield ReadFailure(origin, "empty", "the file is empty; nothing to read")
        return
    columns = [name.strip().lower() for name in header]
    if REQUIRED not in columns:
        yield ReadFailure(
            origin,
            "missing_column",
            f"no '{REQUIRED}' column (found: {', '.join(columns) or 'none'}); the header row "
            f"needs '{REQUIRED}' and may have {', '.join(f for f in FIELDS if f != REQUIRED)}",
        )
        return
    start = last + 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield ReadFailure(f"{origin}:{start}", "bad_csv", f"unreadable row: {exc}")
            return
        where = f"{origin}:{start}"
        start = last + 1
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(columns):
            yield ReadFailure(
                where,
                "bad_row",
                f"{len(row)} fields but the header has {len(columns)}; "
                "quote fields that contain commas",
            )
            continue
        yield record_to_report(dict(zip(columns, row, strict=False)), origin=where)


def _text(value: object) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None
