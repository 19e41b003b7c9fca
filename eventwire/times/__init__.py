"""Time expressions: found in a parsed document (:mod:`eventwire.times.find`) and
normalised against the publication date (:mod:`eventwire.times.resolve`)."""

from eventwire.times.model import Resolution
from eventwire.times.resolve import resolve

__all__ = ["Resolution", "resolve"]
