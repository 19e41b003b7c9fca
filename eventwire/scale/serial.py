"""Documents, extractions and read reports as JSON, to send them between Ray processes.

The encoding follows the record dataclasses of :mod:`eventwire.records` field by field
(read from their type hints), so every field of an :class:`Extraction`, nested records
included, comes back equal: ``extraction_from_json(extraction_to_json(x)) == x``.
Dates are ISO strings, tuples are lists, optional values are ``null``.
"""

from __future__ import annotations

import json
import types
from collections.abc import Sequence
from dataclasses import fields, is_dataclass
from datetime import date
from functools import cache
from typing import Any, Literal, TypeVar, Union, get_args, get_origin, get_type_hints

from eventwire.records import Document, Extraction, RawReport, ReadFailure

T = TypeVar("T")


def extraction_to_json(extraction: Extraction) -> str:
    return json.dumps(_encode(extraction), ensure_ascii=False)


def extraction_from_json(text: str) -> Extraction:
    return _decode_record(Extraction, json.loads(text))


def document_to_json(document: Document) -> str:
    return json.dumps(_encode(document), ensure_ascii=False)


def document_from_json(text: str) -> Document:
    return _decode_record(Document, json.loads(text))


def reports_to_json(items: Sequence[RawReport | ReadFailure]) -> str:
    """What a reader found in one file: reports and failures, in order."""
    return json.dumps(
        [{"failure" if isinstance(i, ReadFailure) else "report": _encode(i)} for i in items],
        ensure_ascii=False,
    )


def reports_from_json(text: str) -> list[RawReport | ReadFailure]:
    items: list[RawReport | ReadFailure] = []
    for item in json.loads(text):
        if "failure" in item:
            items.append(_decode_record(ReadFailure, item["failure"]))
        else:
            items.append(_decode_record(RawReport, item["report"]))
    return items


def _encode(value: Any) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _encode(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, (tuple, list)):
        return [_encode(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    raise TypeError(f"cannot encode a {type(value).__name__} as JSON")


@cache
def _hints(cls: type) -> dict[str, Any]:
    return get_type_hints(cls)


def _decode_record(cls: type[T], data: dict[str, Any]) -> T:
    hints = _hints(cls)  # type: ignore[arg-type]
    values = {f.name: _decode(hints[f.name], data[f.name]) for f in fields(cls)}  # type: ignore[arg-type]
    return cls(**values)


def _decode(hint: Any, data: Any) -> Any:
    origin = get_origin(hint)
    if origin in (Union, types.UnionType):
        if data is None:
            return None
        options = [a for a in get_args(hint) if a is not type(None)]
        records = [a for a in options if is_dataclass(a) or a is date]
        if len(options) == 1:
            return _decode(options[0], data)
        if not records:  # str | float and the like: JSON keeps them as they were
            return data
        raise TypeError(f"cannot decode the union {hint}: it mixes records")
    if origin is tuple:
        args = get_args(hint)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_decode(args[0], item) for item in data)
        return tuple(_decode(a, item) for a, item in zip(args, data, strict=True))
    if origin is Literal or hint is Any:
        return data
    if hint is date:
        return date.fromisoformat(data)
    if is_dataclass(hint):
        return _decode_record(hint, data)  # type: ignore[arg-type]
    return data
