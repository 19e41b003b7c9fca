"""Atoms: the pieces a quantity phrase is read from.

A run of digits (with its separators: "1,200", "2.5"), a run of letters, or one other
visible character ("$", "-", "%", "’"). Plain text and spaCy tokens are cut the same way,
so ``parse_quantity`` and ``find_quantities`` share one grammar: "$5m" is ``$ 5 m``,
"twenty-five" is ``twenty - five``, "20-odd" is ``20 - odd``. Each atom keeps its
character offsets, and, when cut from a spaCy doc, the index of its token.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from spacy.tokens import Doc

_ATOM = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+|\S")


@dataclass(frozen=True, slots=True)
class Atom:
    text: str
    lower: str
    start: int
    end: int
    token: int = -1  # index of the spaCy token it was cut from; -1 for plain text

    @property
    def is_digits(self) -> bool:
        return self.text[0].isdigit()

    @property
    def is_alpha(self) -> bool:
        return self.text.isalpha()


def _cut(text: str, offset: int, token: int) -> Iterable[Atom]:
    if text.isalpha():  # most tokens: one run of letters, which is one atom
        yield Atom(text, text.lower(), offset, offset + len(text), token)
        return
    for m in _ATOM.finditer(text):
        piece = m.group()
        yield Atom(piece, piece.lower(), offset + m.start(), offset + m.end(), token)


def atoms_of_text(text: str) -> list[Atom]:
    return list(_cut(text, 0, -1))


def atoms_of_doc(doc: Doc) -> list[Atom]:
    return [atom for tok in doc for atom in _cut(tok.text, tok.idx, tok.i)]


def words_of(text: str) -> tuple[str, ...]:
    """A lexicon phrase as the lower-cased atoms it matches ("US$" -> ("us", "$"))."""
    return tuple(atom.lower for atom in atoms_of_text(text))
