"""The ``Doc._`` extensions eventwire sets, registered in one place on request."""

from __future__ import annotations

from spacy.tokens import Doc

FINDINGS = "eventwire_findings"


def setup_extensions() -> None:
    """Register the extensions; safe to call more than once."""
    if not Doc.has_extension(FINDINGS):
        Doc.set_extension(FINDINGS, default=None)
