"""Settings declared as data: every option has a name, a default and help text,
and they are collected in one :class:`Settings` object that the API and CLI share."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace
from datetime import date
from pathlib import Path

DEFAULT_DB = "eventwire.db"
DB_ENV_VAR = "EVENTWIRE_DB"


def _setting(default: object, help: str) -> object:
    return field(default=default, metadata={"help": help})


@dataclass(frozen=True)
class Settings:
    db: str = _setting(DEFAULT_DB, "SQLite file (or SQLAlchemy URL) of the store.")  # type: ignore[assignment]
    max_bytes: int = _setting(  # type: ignore[assignment]
        20 * 1024 * 1024,
        "Largest input file read, in bytes; bigger files are refused with a reason.",
    )
    max_report_chars: int = _setting(  # type: ignore[assignment]
        1_000_000, "Longest single report (characters) sent to extraction."
    )
    published: date | None = _setting(  # type: ignore[assignment]
        None, "Publication date to use for every report ingested (overrides metadata)."
    )
    source: str | None = _setting(  # type: ignore[assignment]
        None, "Source name to use for every report ingested (overrides metadata)."
    )
    allow_network: bool = _setting(  # type: ignore[assignment]
        False, "Allow fetching feed URLs; without it nothing is fetched from the network."
    )
    actor_files: tuple[Path, ...] = _setting(  # type: ignore[assignment]
        (), "Extra actor dictionaries (YAML or CSV) merged over the bundled one."
    )
    near_duplicate_threshold: float = _setting(  # type: ignore[assignment]
        0.8, "Estimated Jaccard similarity of word shingles above which a report is a near-duplicate."
    )
    min_language_chars: int = _setting(  # type: ignore[assignment]
        20, "Reports shorter than this are too short to detect a language and are not extracted."
    )
    batch_size: int = _setting(8, "Documents per spaCy batch.")  # type: ignore[assignment]

    def with_(self, **changes: object) -> Settings:
        return replace(self, **changes)  # type: ignore[arg-type]


def default_db() -> str:
    return os.environ.get(DB_ENV_VAR) or DEFAULT_DB


def describe() -> list[tuple[str, object, str]]:
    """(name, default, help) for every setting, for docs and ``--help``."""
    return [(f.name, f.default, f.metadata["help"]) for f in fields(Settings)]
