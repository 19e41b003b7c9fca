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


def mark_paragraphs(doc: Doc) -> Doc:
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


@Language.component(COMPONENT)
def paragraph_breaks(doc: Doc) -> Doc:
    return mark_paragraphs(doc)
