"""Lookups the save path runs for every report, each built once.

SQLAlchemy caches a statement's compiled SQL, but a statement built anew for each call
still pays for its construction and its cache key: some 60 us, more than SQLite's own
work for a lookup of a few ids (scratch, this machine). These statements are built on
first use and then only run with new values, given as ``{VALUES: [...]}``; the list is
expanded into ``IN (?, ?, ...)`` when the statement runs.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from sqlalchemy import Insert, Select, bindparam, insert, select

from eventwire.store import schema

VALUES = "values"


@cache
def select_in(
    table: str, key: str, columns: tuple[str, ...] = (), *, order_by: str | None = None
) -> Select[Any]:
    """``SELECT columns (all when none) FROM table WHERE key IN :values``."""
    t = schema.metadata.tables[table]
    query = select(*(t.c[c] for c in columns)) if columns else select(t)
    query = query.where(t.c[key].in_(bindparam(VALUES, expanding=True)))
    return query.order_by(t.c[order_by]) if order_by else query


@cache
def insert_into(table: str) -> Insert:
    """``INSERT INTO table``, with the columns of the rows it is run with."""
    return insert(schema.metadata.tables[table])
