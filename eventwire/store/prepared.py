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

from sqlalchemy import BindParameter, Insert, Select, bindparam, insert, or_, select

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


@cache
def members_filed_under() -> Select[Any]:
    """The members (cluster id, summary) of the merged events filed under any of the
    block keys :VALUES: the candidates an event is compared with when it is merged."""
    blocks, members = schema.event_blocks, schema.event_members
    keys: BindParameter[list[str]] = bindparam(VALUES, expanding=True)
    filed = select(blocks.c.cluster_id).where(blocks.c.key.in_(keys))
    return select(members.c.cluster_id, members.c.summary).where(members.c.cluster_id.in_(filed))


@cache
def corrections_about() -> Select[Any]:
    """The analyst's corrections naming any of the events :VALUES, oldest first."""
    c = schema.merge_corrections
    events: BindParameter[list[str]] = bindparam(VALUES, expanding=True)
    return (
        select(c.c.action, c.c.event_a, c.c.event_b)
        .where(or_(c.c.event_a.in_(events), c.c.event_b.in_(events)))
        .order_by(c.c.id)
    )
