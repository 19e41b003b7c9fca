"""Settings declared as data: every option has a name, a default and help text, and
they are collected in one :class:`Settings` object that the API and CLI share."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace
from datetime import date
from pathlib import Path
from typing import Any

DEFAULT_DB = "eventwire.db"
DB_ENV_VAR = "EVENTWIRE_DB"


def _help(text: str) -> dict[str, str]:
    return {"help": text}


@dataclass(frozen=True)
class Settings:
    db: str = field(
        default=DEFAULT_DB,
        metadata=_help("SQLite file (or SQLAlchemy URL) of the store."),
    )
    max_bytes: int = field(
        default=20 * 1024 * 1024,
        metadata=_help(
            "Largest input file read, in bytes; bigger files are refused with a reason."
        ),
    )
    max_report_chars: int = field(
        default=1_000_000,
        metadata=_help("Longest single report (characters) sent to extraction."),
    )
    published: date | None = field(
        default=None,
        metadata=_help("Publication date to use for every report ingested (overrides metadata)."),
    )
    source: str | None = field(
        default=None,
        metadata=_help("Source name to use for every report ingested (overrides metadata)."),
    )
    allow_network: bool = field(
        default=False,
        metadata=_help("Allow fetching feed URLs; without it nothing is fetched from the network."),
    )
    actor_files: tuple[Path, ...] = field(
        default=(),
        metadata=_help("Extra actor dictionaries (YAML or CSV) merged over the bundled one."),
    )
    near_duplicate_threshold: float = field(
        default=0.8,
        metadata=_help(
            "Estimated Jaccard similarity of word 5-shingles above which a report is a "
            "near-duplicate of an earlier one."
        ),
    )
    min_language_chars: int = field(
        default=20,
        metadata=_help(
            "Reports shorter than this are too short to detect a language; not extracted."
        ),
    )
    batch_size: int = field(default=8, metadata=_help("Documents per spaCy batch."))
    processes: int | None = field(
        default=None,
        metadata=_help(
            "Worker processes for extraction; none = one per core (at most 4) once there "
            "are 32 reports per process, else $EVENTWIRE_PROCESSES when set."
        ),
    )

    def with_(self, **changes: Any) -> Settings:
        return replace(self, **changes)


def default_db() -> str:
    return os.environ.get(DB_ENV_VAR) or DEFAULT_DB


def describe() -> list[tuple[str, object, str]]:
    """(name, default, help) for every setting, for docs and ``--help``."""
    return [(f.name, f.default, f.metadata["help"]) for f in fields(Settings)]
