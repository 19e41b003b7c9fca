"""Web pages (``.html``, ``.htm``): main text by trafilatura, date by htmldate.

trafilatura's ``load_html`` guesses the encoding and repairs markup, so the reader
hands it the raw bytes; what it cannot parse is reported as not HTML, and a page
whose main text comes out empty (navigation only, a bare shell of scripts) as
``no_text``. Comments under the article are left out: they are not the report.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import lxml.html
from lxml import etree
from trafilatura import bare_extraction, load_html
from trafilatura.settings import Document

from eventwire.readers.decode import binary_failure, read_bytes
from eventwire.records import RawReport, ReadFailure
from eventwire.settings import Settings

# Passed to htmldate through trafilatura: the date first published, not last
# modified; the extensive free-text search is off because it reads reader comments as
# readily as the article. (On a page with no date markup at all htmldate still tries a
# last regex over the page, so a comment's date can come through.)
_DATE_PARAMS = {"original_date": True, "extensive_search": False}

_BLOCK_TAGS = frozenset(
    {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6",
     "blockquote", "tr", "table", "section", "article", "header", "footer", "pre", "hr"}
)  # fmt: skip
_DROP_TAGS = ("script", "style", "noscript", "template", "iframe", "object", "embed")


def read_html_file(path: Path, *, settings: Settings) -> Iterator[RawReport | ReadFailure]:
    """One report from an HTML page, or one failure."""
    origin = str(path)
    data = read_bytes(path, max_bytes=settings.max_bytes, origin=origin)
    if isinstance(data, ReadFailure):
        yield data
        return
    yield parse_html(data, origin=origin)


def parse_html(
    data: bytes | str, *, origin: str, url: str | None = None
) -> RawReport | ReadFailure:
    """The article in an HTML page: main text, title, author, canonical URL, date."""
    if not data.strip():
        return ReadFailure(origin, "empty", "the file is empty; nothing to read")
    if isinstance(data, bytes):
        failure = binary_failure(data[:65536], origin=origin)
        if failure is not None:
            return failure
    tree = load_html(data)
    if tree is None:
        return ReadFailure(
            origin,
            "not_html",
            "could not be parsed as HTML; if it is plain text, give it a .txt suffix",
        )
    document = bare_extraction(
        tree,
        url=url,
        include_comments=False,
        include_tables=True,
        with_metadata=True,
        date_extraction_params=_DATE_PARAMS,
    )
    if not isinstance(document, Document) or not (document.text or "").strip():
        return ReadFailure(
            origin,
            "no_text",
            "no article text found in the page (only navigation, scripts or markup); "
            "save the article page itself, or its text as .txt",
        )
    title = document.title or None
    return RawReport(
        origin=origin,
        text=_body(document.text or "", title=title),
        title=title,
        url=document.url or url,
        published=_iso_date(document.date),
        source=document.sitename or None,
        author=document.author or None,
    )


def _body(text: str, *, title: str | None) -> str:
    """trafilatura's text with a blank line between blocks, as in the other readers, and
    without the page's headline when it opens the text (the title is kept apart)."""
    lines = [line for line in text.split("\n") if line.strip()]
    if title and lines and lines[0].strip().casefold() == title.strip().casefold():
        lines = lines[1:]
    return "\n\n".join(lines)


def fragment_text(markup: str) -> str:
    """Plain text of an HTML fragment (a feed summary), paragraphs kept apart."""
    if "<" not in markup:
        return markup
    try:
        root = lxml.html.fragment_fromstring(markup, create_parent="div")
    except etree.ParserError:
        return ""  # lxml's "document is empty": the markup holds no elements or text
    for element in root.iter(*_DROP_TAGS):
        element.drop_tree()
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.lower() in _BLOCK_TAGS:
            element.tail = "\n\n" + (element.tail or "")
    return str(root.text_content()).strip()


def _iso_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None  # htmldate formats "%Y-%m-%d" as asked; anything else is not a date
