"""A document's text with its extracted spans marked, for the terminal."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Group as RenderGroup
from rich.text import Text

from eventwire.records import Document, EntityKind, Event, Listing

STYLES: dict[EntityKind, str] = {
    "actor": "bold red",
    "person": "bold cyan",
    "place": "bold green",
    "group": "bold magenta",
}


EVENT_STYLE = "bold black on yellow"


def render_document(
    document: Document,
    listings: dict[EntityKind, list[Listing]],
    events: Sequence[Event] = (),
) -> RenderGroup:
    text = Text(document.text)
    # Event words first, so entity colours stay readable inside arguments.
    for event in events:
        for argument in event.arguments:
            text.stylize("italic", argument.evidence.start, argument.evidence.end)
    for kind, items in listings.items():
        for item in items:
            for ev in item.evidence:
                text.stylize(STYLES[kind], ev.start, ev.end)
            for _field, spans in item.field_evidence:
                for ev in spans:
                    text.stylize("underline", ev.start, ev.end)
    for event in events:
        for ev in (event.trigger, *event.mentions):
            text.stylize(EVENT_STYLE, ev.start, ev.end)
    legend_events = (
        Text("event trigger", style=EVENT_STYLE)
        + Text("  ")
        + Text("event argument", style="italic")
    )
    legend = Text("  ").join(Text(kind, style=style) for kind, style in STYLES.items())
    header = Text(
        f"{document.id}  published {document.published or 'unknown'}  "
        f"source {document.source or '-'}  photo credit {document.photo_credit or '-'}"
    )
    legend = legend + Text("  rank/role/affiliation", style="underline")
    if events:
        legend = legend + Text("  ") + legend_events
    return RenderGroup(header, legend, Text(""), _numbered(text, events))


def _numbered(text: Text, events: Sequence[Event]) -> Text:
    """The text with "[n]" after each event's trigger (n = its row in the events table)."""
    if not events:
        return text
    marks = sorted(
        ((event.trigger.end, number) for number, event in enumerate(events, 1)), reverse=True
    )
    for end, number in marks:
        text = text[:end] + Text(f"[{number}]", style="bold yellow") + text[end:]
    return text
