"""A document's text with its extracted spans marked, for the terminal."""

from __future__ import annotations

from rich.console import Group as RenderGroup
from rich.text import Text

from eventwire.records import Document, EntityKind, Listing

STYLES: dict[EntityKind, str] = {
    "actor": "bold red",
    "person": "bold cyan",
    "place": "bold green",
    "group": "bold magenta",
}


def render_document(document: Document, listings: dict[EntityKind, list[Listing]]) -> RenderGroup:
    text = Text(document.text)
    for kind, items in listings.items():
        for item in items:
            for ev in item.evidence:
                text.stylize(STYLES[kind], ev.start, ev.end)
            for _field, spans in item.field_evidence:
                for ev in spans:
                    text.stylize("underline", ev.start, ev.end)
    legend = Text("  ").join(Text(kind, style=style) for kind, style in STYLES.items())
    header = Text(
        f"{document.id}  published {document.published or 'unknown'}  "
        f"source {document.source or '-'}  photo credit {document.photo_credit or '-'}"
    )
    return RenderGroup(
        header, legend + Text("  rank/role/affiliation", style="underline"), Text(""), text
    )
