"""Errors that say what happened and how to fix it, each with a stable code."""

from __future__ import annotations


class EventwireError(Exception):
    """Base class: ``code`` is stable and documented; the message says how to fix it."""

    code = "E000"

    def __init__(self, message: str) -> None:
        super().__init__(f"{message} [{self.code}]")
        self.message = message


class ConfigError(EventwireError):
    code = "E001"


class LexiconError(EventwireError):
    """A dictionary file (actors, groups, ranks, metonyms) is malformed."""

    code = "E002"


class ModelNotInstalledError(EventwireError):
    code = "E003"


class StoreError(EventwireError):
    code = "E004"


class DocumentNotFoundError(EventwireError):
    code = "E005"


class NetworkNotAllowedError(EventwireError):
    code = "E006"


class EvalDataError(EventwireError):
    code = "E007"
