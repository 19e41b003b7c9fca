"""eventwire: news reports about armed conflict in, a sourced, structured record out.

import eventwire
ew = eventwire.open("eventwire.db")
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from eventwire.settings import Settings

if TYPE_CHECKING:
    from pathlib import Path

    from eventwire.api import Eventwire

__all__ = ["Eventwire", "Settings", "open"]
__version__ = "0.1.0"


def open(db: str | Path | None = None, **settings: Any) -> Eventwire:
    """Open (creating if needed) the store at ``db``; keyword arguments are settings."""
    # Imported here so that `import eventwire` stays light (no spaCy until needed).
    from eventwire import api

    return api.open(db, **settings)


def __getattr__(name: str) -> Any:
    if name == "Eventwire":
        from eventwire.api import Eventwire

        return Eventwire
    raise AttributeError(name)
