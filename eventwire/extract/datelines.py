"""Datelines: "EDMONTON, Ky. —", "BEIRUT (Reuters) -", "KABUL, Afghanistan (AP) —".

A wire report opens a paragraph with the place it was filed from, in capitals, maybe its
state or country, maybe the agency in brackets, then a dash. The model reads the capitals
as an organisation ("EDMONTON" ORG) or not at all ("MOSUL"). The place is where the
reporter was, which is often but not always where the events happened, so these mentions
carry the role ``"dateline"``: they give the geoparser its document context, but are not
taken as an event's place.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from eventwire.gazetteer.interface import PlaceNames, knows_place

_CAPS_WORD = r"[A-Z][A-Z'’.\-]*[A-Z.]"
_REGION_WORD = r"[A-Z][A-Za-z'’.\-]*"
DATELINE = re.compile(
    rf"^[ \t]*(?P<place>{_CAPS_WORD}(?:[ \t]+{_CAPS_WORD}){{0,3}})"
    rf"(?:,[ \t]*(?P<region>{_REGION_WORD}(?:[ \t]+{_REGION_WORD}){{0,2}}))?"
    r"[ \t]*(?:\([^()\n]{1,40}\)[ \t]*)?(?:—|–|--|-)[ \t]",
    re.MULTILINE,
)


def find_datelines(doc: Doc, text: str, place_names: PlaceNames) -> list[Span]:
    """The spans of the datelines' places (and of their state or country), in ``doc``
    whose text is ``text``. The place must be a name the gazetteer recognises on its
    own (which refuses common words: "BREAKING -" is no place); its state or country
    any name or abbreviation the gazetteer knows ("Ont.", "Iraq")."""
    spans: list[Span] = []
    for match in DATELINE.finditer(text):
        place = doc.char_span(*match.span("place"), alignment_mode="expand")
        if place is None or not place_names.contains(match.group("place")):
            continue
        spans.append(place)
        region = match.group("region")
        if region is not None and knows_place(place_names, region):
            span = doc.char_span(*match.span("region"), alignment_mode="expand")
            if span is not None:
                spans.append(span)
    return spans
