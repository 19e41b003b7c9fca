"""Reading one quantity phrase: :func:`parse_quantity`."""

from __future__ import annotations

from eventwire.numbers.atoms import atoms_of_text
from eventwire.numbers.grammar import ParsedQuantity, match
from eventwire.numbers.lexicon import number_lexicon

# Punctuation around a phrase that is not part of it: quotes, brackets, full stops.
_FRAME = frozenset("\"'“”‘’«»()[]{},.;:!?")


def parse_quantity(text: str, *, indefinite: bool = False) -> ParsedQuantity | None:
    """The quantity a phrase states, or ``None`` when the whole phrase is not one.

    ``"some 30"`` is 30, approximate; ``"at least 12"`` is 12 or more; ``"$5m"`` is
    5,000,000 USD; ``"six weeks"`` is a duration of 6 W; ``"dozens"`` is vague, coded as
    the table in :mod:`eventwire.numbers` says. Words around the quantity make it not one:
    ``"30 fighters"``, ``"15 km"`` and ``"30%"`` give ``None``. ``"a"``/``"an"`` alone
    ("a soldier") counts one only when ``indefinite`` is true. Never raises.
    """
    atoms = atoms_of_text(text)
    while atoms and atoms[0].text in _FRAME:
        atoms.pop(0)
    while atoms and atoms[-1].text in _FRAME:
        atoms.pop()
    if not atoms:
        return None
    found = match(atoms, 0, lex=number_lexicon(), indefinite=indefinite)
    if found is None or found.end != len(atoms):
        return None
    return found.quantity
