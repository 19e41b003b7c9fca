"""A spaCy Doc's text, built once per document.

``Doc.text`` joins the text of every token each time it is read (a Token object made
for each word); the entity stage, times, numbers and events each want a report's
text, so it is kept in the Doc's ``user_data`` after the first read.
"""

from __future__ import annotations

from spacy.tokens import Doc

_KEY = "eventwire.text"


def doc_text(doc: Doc) -> str:
    """``doc.text``, read once and then kept with the Doc."""
    text = doc.user_data.get(_KEY)
    if text is None:
        text = doc.user_data[_KEY] = doc.text
    return str(text)
