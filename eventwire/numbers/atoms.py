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
from typing import NamedTuple

from spacy.attrs import IDX, LENGTH
from spacy.tokens import Doc

from eventwire.doc_text import doc_text

_ATOM = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+|\S")


class Atom(NamedTuple):
    # A named tuple, not a dataclass: a report is cut into some 450 atoms, and a tuple is
    # made in a third of the time a frozen dataclass takes.
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
    text = doc_text(doc)
    atoms: list[Atom] = []
    # Token offsets read as one array: no Token object is made for each word.
    for i, (start, length) in enumerate(doc.to_array([IDX, LENGTH]).tolist()):
        end = start + length
        piece = text[start:end]
        if piece.isalpha():
            atoms.append(Atom(piece, piece.lower(), start, end, i))
        else:
            atoms.extend(_cut(piece, start, i))
    return atoms


def words_of(text: str) -> tuple[str, ...]:
    """A lexicon phrase as the lower-cased atoms it matches ("US$" -> ("us", "$"))."""
    return tuple(atom.lower for atom in atoms_of_text(text))
