"""One merged event from its member events: type, place, time, figures, corroboration,
disagreements. Pure: the store loads the members and calls :func:`build`.

- **Independent sources** count *origins*. A syndicated copy (``duplicate_of``) is its
  original. Reports that relay the same outlet or state media ("Asharq al-Awsat
  claims …") share that origin. Otherwise the origin is the publisher (the report's
  ``source``), else the report itself. A denial is not corroboration: members whose
  certainty is ``denied`` add no origin.
- **Type**: the most specific among the members (a weapon over a generic clash).
  **Place**: the most precise, not inherited, else any. **Interval**: the narrowest
  dated one.
- **Disagreements** keep every value with its sources: death tolls, places that are not
  one inside the other, dates that do not overlap, and whether it happened at all
  (a denial).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from eventwire.events.model import SPECIFICITY
from eventwire.merge.events import UNDATED_WINDOW
from eventwire.merge.ledger import Figure, combine
from eventwire.merge.names import fold
from eventwire.records import (
    Certainty,
    Disagreement,
    Document,
    Event,
    MergedEvent,
    Place,
    ReportedValue,
)

RELAYED_KINDS = ("outlet", "state_media")
CERTAINTY_ORDER: tuple[Certainty, ...] = (
    "asserted",
    "confirmed",
    "reported",
    "claimed",
    "alleged",
    "denied",
)


@dataclass(frozen=True, slots=True)
class Member:
    event: Event
    score: float | None
    reasons: tuple[str, ...]


def origin(event: Event, docs: Mapping[str, Document]) -> str:
    doc = docs.get(event.doc)
    root = docs.get(doc.duplicate_of or "") if doc is not None else None
    root = root or doc
    relayed = next((s for s in event.sources if s.kind in RELAYED_KINDS), None)
    if relayed is not None:
        return "relay:" + fold(relayed.name)
    if root is not None and root.source:
        return "publisher:" + fold(root.source)
    return "report:" + (root.id if root is not None else event.doc)


def report_label(event: Event, docs: Mapping[str, Document]) -> str:
    """ "<report> via <source>, <source>" for a value's provenance."""
    doc = docs.get(event.doc)
    name = (doc.external_id or doc.id) if doc is not None else event.doc
    chain = [s.name for s in event.sources]
    return f"{name} via {' <- '.join(chain)}" if chain else name


def build(
    cluster_id: str,
    members: Sequence[Member],
    docs: Mapping[str, Document],
    places: Mapping[str, Place],
) -> MergedEvent:
    events = [m.event for m in members]
    standing = [e for e in events if e.certainty != "denied"]
    origins = sorted({origin(e, docs) for e in standing})
    figures = [
        Figure(
            low=e.fatalities.low,
            best=e.fatalities.best,
            high=e.fatalities.high,
            qualifier=e.fatalities.qualifier,
            doc=e.doc,
            origin=origin(e, docs),
            sources=(report_label(e, docs),),
        )
        for e in standing
        if e.fatalities is not None
    ]
    combined = combine(figures)
    located = [e for e in events if e.place is not None and not e.place.inherited]
    located = located or [e for e in events if e.place is not None]
    place = min(located, key=lambda e: e.place.precision).place if located else None  # type: ignore[union-attr]
    dated = [e for e in events if e.time is not None and e.time.start and e.time.end]
    narrowest = min(dated, key=lambda e: (e.time.end - e.time.start).days) if dated else None  # type: ignore[union-attr,operator]
    reports = []
    for e in events:
        doc = docs.get(e.doc)
        label = (doc.external_id or doc.id) if doc is not None else e.doc
        if label not in reports:
            reports.append(label)
    window = (
        (narrowest.time.start, narrowest.time.end)
        if narrowest is not None and narrowest.time is not None
        else _report_window(events, docs)
    )
    certainties = [e.certainty for e in standing] or ["denied"]
    certainty = min(certainties, key=CERTAINTY_ORDER.index)
    return MergedEvent(
        id=cluster_id,
        type=max(events, key=lambda e: (SPECIFICITY.get(e.type, -1), -events.index(e))).type,
        events=tuple(events),
        reports=tuple(reports),
        independent_sources=len(origins),
        origins=tuple(origins),
        place=place,
        start=narrowest.time.start if narrowest and narrowest.time else None,
        end=narrowest.time.end if narrowest and narrowest.time else None,
        fatalities_low=combined.low,
        fatalities_best=combined.best,
        fatalities_high=combined.high,
        fatalities_rule=combined.rule,
        certainty=certainty,
        disagreements=tuple(_disagreements(events, docs, places)),
        merge_reasons=tuple((m.event.id, m.score, m.reasons) for m in members),
        window_start=window[0] if window else None,
        window_end=window[1] if window else None,
    )


def _report_window(
    events: Sequence[Event], docs: Mapping[str, Document]
) -> tuple[date, date] | None:
    published = [d.published for e in events if (d := docs.get(e.doc)) is not None and d.published]
    if not published:
        return None
    return min(published) - UNDATED_WINDOW, max(published)


def _disagreements(
    events: Sequence[Event], docs: Mapping[str, Document], places: Mapping[str, Place]
) -> list[Disagreement]:
    out: list[Disagreement] = []
    standing = [e for e in events if e.certainty != "denied"]

    tolls: dict[float, list[str]] = {}
    for e in standing:
        if e.fatalities is not None and e.fatalities.best is not None:
            tolls.setdefault(e.fatalities.best, []).append(report_label(e, docs))
    if len(tolls) > 1:
        out.append(
            Disagreement(
                "fatalities",
                tuple(ReportedValue(v, tuple(s)) for v, s in sorted(tolls.items())),
            )
        )

    where: dict[str, list[str]] = {}
    for e in events:
        if e.place is not None and not e.place.inherited and e.place.precision <= 2:
            where.setdefault(e.place.place_id, []).append(report_label(e, docs))
    if len(where) > 1:
        out.append(
            Disagreement(
                "place",
                tuple(
                    ReportedValue(places[p].name if p in places else p, tuple(s))
                    for p, s in where.items()
                ),
            )
        )

    dates: dict[str, list[str]] = {}
    intervals = []
    for e in events:
        if e.time is not None and e.time.start and e.time.end:
            label = e.time.start.isoformat()
            if e.time.end != e.time.start:
                label += ".." + e.time.end.isoformat()
            dates.setdefault(label, []).append(report_label(e, docs))
            intervals.append((e.time.start, e.time.end))
    disjoint = any(a[1] < b[0] or b[1] < a[0] for a in intervals for b in intervals)
    if len(dates) > 1 and disjoint:
        out.append(
            Disagreement("time", tuple(ReportedValue(v, tuple(s)) for v, s in dates.items()))
        )

    deniers = [s.name for e in events for s in e.denied_by]
    deniers += [s.name for e in events if e.certainty == "denied" for s in e.sources[-1:]]
    if deniers:
        affirmed = [report_label(e, docs) for e in standing]
        out.append(
            Disagreement(
                "happened",
                (
                    ReportedValue("yes", tuple(affirmed)),
                    ReportedValue("denied", tuple(dict.fromkeys(deniers))),
                ),
            )
        )
    return out


def most_common(values: Sequence[str]) -> str:
    return Counter(values).most_common(1)[0][0]
