"""Paragraph breaks as sentence breaks: a component that runs before the parser.

A report's title and each paragraph end where the text has a blank line, but the
parser, trained on running text, happily joins a headline with no full stop to the
sentence after it ("Funeral in Iran ... killed in Syria The steadily-rising ..."), which
garbles the parse of both. Fixing ``is_sent_start`` before the parser runs makes it
respect the break.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

COMPONENT = "eventwire_paragraphs"


DASHES = frozenset({"-", "--", "\u2013", "\u2014"})


def mark_paragraphs(doc: Doc) -> Doc:
    _mark_dateline(doc)
    for token in doc[:-1]:
        if token.is_space and token.text.count("\n") >= 2:
            following = doc[token.i + 1]
            if not following.is_space:
                following.is_sent_start = True
            # A closing quote or bracket just before the break ends the paragraph's last
            # sentence; left alone, the parser may make it a sentence of its own.
            previous = doc[token.i - 1] if token.i > 0 else None
            if previous is not None and previous.i > 0 and previous.is_punct:
                previous.is_sent_start = False
    return doc


def _mark_dateline(doc: Doc) -> None:
    """A wire dateline ("BAGHDAD (Reuters) -", "MAIDUGURI, Nigeria -") is no part of the
    first sentence: the story starts after its dash."""
    for start in [0] + [t.i + 1 for t in doc if t.is_space and t.text.count("\n") >= 2]:
        window = doc[start : start + 14]
        dash = next(
            (
                t
                for t in window
                if t.text in DASHES and t.i > start and t.whitespace_ and doc[t.i - 1].whitespace_
            ),
            None,
        )
        if dash is None or dash.i + 1 >= len(doc):
            continue
        before = [t for t in doc[start : dash.i] if not t.is_punct]
        place_words = [t for t in before if t.is_upper or t.is_title]
        if before and before[0].is_upper and len(place_words) == len(before):
            doc[dash.i + 1].is_sent_start = True


@Language.component(COMPONENT)
def paragraph_breaks(doc: Doc) -> Doc:
    return mark_paragraphs(doc)
