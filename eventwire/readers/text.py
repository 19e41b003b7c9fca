"""Plain-text reports (``.txt``): a title line, perhaps a photo caption, then the body.

Scraped articles often print the title twice: once as the headline and once as the
caption of the lead photo, with the photo credit glued on
("...killed in SyriaReuters"). Such a second line is a caption: its credit is kept and
the line is left out of the body.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from eventwire.normalise import normalise_line, normalise_text
from eventwire.readers.decode import read_text
from eventwire.records import RawReport, ReadFailure
from eventwire.settings import Settings

# A first line longer than this is a paragraph, not a headline.
MAX_TITLE_CHARS = 300
# What remains of a caption line after the title is a credit only if it is this short.
_MAX_CREDIT_CHARS = 80
_MAX_CREDIT_WORDS = 8

# Separators and labels between a caption and its credit: "| Reuters", "- AFP",
# "Photo: Reuters", "Photograph by AP", "Credit: ...", "(Reuters)".
_CREDIT_PREFIX_RE = re.compile(
    r"^[\s|/·•:.,;\-–—]*"
    r"(?:(?:photo(?:graph)?|image|picture|credit|source)s?"
    r"(?:\s+credit)?\s*(?::|by\b)\s*)?",
    re.IGNORECASE,
)
_PARENS_RE = re.compile(r"^[(\[](.*)[)\]]$")
# Lower-case words a bare credit may contain ("AFP via Getty Images").
_CREDIT_CONNECTORS = frozenset({"via", "by", "for", "and", "of", "/", "&"})


def read_text_file(path: Path, *, settings: Settings) -> Iterator[RawReport | ReadFailure]:
    """One report from a ``.txt`` file, or one failure."""
    origin = str(path)
    text = read_text(path, max_bytes=settings.max_bytes, origin=origin)
    if isinstance(text, ReadFailure):
        yield text
        return
    yield parse_text(text, origin=origin)


def parse_text(text: str, *, origin: str) -> RawReport:
    """Split a report's text into title, caption credit and body.

    A text with a single line, or whose first line is too long for a headline, has no
    title: all of it is body.
    """
    lines = normalise_text(text).split("\n")
    content = [i for i, line in enumerate(lines) if line.strip()]
    title = lines[content[0]].strip() if content else ""
    if len(content) < 2 or len(title) > MAX_TITLE_CHARS:
        return RawReport(origin=origin, text="\n".join(lines))
    body_from = content[1]
    credit = caption_credit(lines[content[1]], title=title)
    if credit is not None:
        body_from = content[2] if len(content) > 2 else len(lines)
    return RawReport(
        origin=origin,
        title=normalise_line(title),
        text="\n".join(lines[body_from:]),
        photo_credit=credit or None,
    )


def caption_credit(line: str, *, title: str) -> str | None:
    """If ``line`` is the title repeated as a photo caption, its credit (``""`` when it
    has none); None when it is not a caption."""
    line, title = normalise_line(line), normalise_line(title)
    if not line.casefold().startswith(title.casefold()):
        return None
    after = line[len(title) :]
    rest = _CREDIT_PREFIX_RE.sub("", after, count=1).strip()
    marked = rest != after.strip()  # a separator or label stood before it
    parens = _PARENS_RE.match(rest)
    if parens:
        rest, marked = parens.group(1).strip(), True
    if len(rest) > _MAX_CREDIT_CHARS or len(rest.split()) > _MAX_CREDIT_WORDS:
        return None  # the line goes on as prose: the body's first sentence, not a caption
    if rest and not marked and not _looks_like_credit(rest):
        return None  # "Funeral in Syria held on Tuesday": the title opens a sentence
    return rest


def _looks_like_credit(text: str) -> bool:
    """Capitalised names ("Reuters", "Getty Images", "AFP via Getty"), no sentence."""
    if text.endswith((".", "!", "?")):
        return False
    return all(
        word in _CREDIT_CONNECTORS or not word[0].isalpha() or word[0].isupper()
        for word in text.split()
    )
