"""The HTTP API and the web page (``eventwire serve``).

Read-only unless started with ``allow_ingest``. It binds 127.0.0.1 unless told otherwise.
On any other address it needs an access token, and every request must then carry it as
``Authorization: Bearer <token>``. Listings answer ``{"items", "total", "limit",
"offset"}``, with items shaped like the CLI's ``--json`` records (eventwire.output). Bad
parameters get a 400 with a message, a missing record a 404, never a 500.

The page (``/``) and its scripts are in ``eventwire/web``. Its front-end libraries come
from the npm registry through the repository's ``package.json`` and lock file, installed
by the set-up command into ``node_modules``. They are served from there under
``/vendor``, never from a CDN.
"""

from __future__ import annotations

import hmac
import ipaddress
import json
import os
import tempfile
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import Body, Depends, FastAPI, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from pydantic import BaseModel, Field

from eventwire import api
from eventwire.errors import DocumentNotFoundError, EventwireError
from eventwire.events import load_event_types
from eventwire.output import (
    casualty_json,
    claim_json,
    document_json,
    event_json,
    ledger_json,
    listing_json,
    merged_event_json,
    named_casualty_json,
    person_file_json,
)
from eventwire.records import CERTAINTIES, SOURCE_KINDS, Listing, Place
from eventwire.settings import Settings
from eventwire.store.queries import EventFilter

TOKEN_ENV_VAR = "EVENTWIRE_TOKEN"
VENDOR_ENV_VAR = "EVENTWIRE_WEB_VENDOR"
WEB_DIR = Path(__file__).parent / "web"
MAX_LIMIT = 500
TOKEN_MESSAGE = "missing or wrong access token: send 'Authorization: Bearer <token>'"


class ServeError(EventwireError):
    """The server cannot start as asked (an open address without a token)."""


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_binding(host: str, token: str | None) -> None:
    if not is_loopback(host) and not token:
        raise ServeError(
            f"refusing to serve on {host}, which other machines can reach, without an access "
            f"token: pass --token or set {TOKEN_ENV_VAR} (every request must then send it as "
            "'Authorization: Bearer <token>'), or bind 127.0.0.1"
        )


def vendor_dir() -> Path:
    """Where the npm packages the page uses are installed."""
    configured = os.environ.get(VENDOR_ENV_VAR)
    if configured:
        return Path(configured)
    return Path(__file__).resolve().parents[1] / "node_modules"


# ---------------------------------------------------------------------------- parameters


def _bad(message: str) -> HTTPException:
    return HTTPException(status_code=400, detail=message)


def _bbox(text: str | None) -> tuple[float, float, float, float] | None:
    if text is None or not text.strip():
        return None
    parts = text.split(",")
    try:
        west, south, east, north = (float(p) for p in parts)
    except ValueError:
        raise _bad(
            f"bbox {text!r}: expected four numbers west,south,east,north (e.g. 35,32,43,38)"
        ) from None
    if not (-180 <= west <= 180 and -180 <= east <= 180 and -90 <= south <= north <= 90):
        raise _bad(
            f"bbox {text!r}: longitudes must lie in [-180, 180], latitudes in [-90, 90], "
            "south <= north"
        )
    return west, south, east, north


Since = Annotated[
    date | None, Query(description="ISO date: only events (or reports) on or after it")
]
Until = Annotated[
    date | None, Query(description="ISO date: only events (or reports) on or before it")
]
Country = Annotated[
    str | None, Query(pattern=r"^[A-Za-z]{3}$", description="ISO 3166 alpha-3 code (SYR)")
]
Actor = Annotated[str | None, Query(description="an actor id (actor:irgc) or words of its name")]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"page size, 1 to {MAX_LIMIT}")]
Offset = Annotated[int, Query(ge=0, le=1_000_000_000, description="how many items to skip")]
Bbox = Annotated[str | None, Query(description="west,south,east,north in degrees")]
Q = Annotated[str | None, Query(max_length=200, description="words to look for")]
CertaintyParam = Annotated[
    Literal["asserted", "reported", "claimed", "alleged", "confirmed", "denied"] | None,
    Query(description="how sure the report is"),
]
SourceKindParam = Annotated[
    Literal[
        "article",
        "outlet",
        "state_media",
        "official",
        "anonymous",
        "witness",
        "ngo",
        "person",
        "reports",
    ]
    | None,
    Query(description="kind of the innermost source; article = the report itself"),
]


Sort = Annotated[Literal["mentions", "name", "documents"], Query(description="order")]


def _event_filter(
    *,
    since: date | None,
    until: date | None,
    country: str | None,
    actor: str | None,
    type: str | None,
    certainty: str | None,
    source_kind: str | None,
    bbox: str | None,
    q: str | None,
    merged: bool = False,
) -> EventFilter:
    if since is not None and until is not None and since > until:
        raise _bad(f"since {since} is after until {until}")
    if type is not None:
        try:
            load_event_types().by_key(type)
        except EventwireError as exc:
            raise _bad(str(exc)) from exc
    return EventFilter(
        since=since,
        until=until,
        country=country.upper() if country else None,
        actor=actor or None,
        type=type,
        certainty=certainty,
        source_kind=source_kind,
        bbox=_bbox(bbox),
        q=q or None,
        merged=merged,
    )


TypeParam = Annotated[str | None, Query(description="an event type key (armed-clash)")]
Merged = Annotated[
    bool | None,
    Query(
        description="one record per real event across reports (default: false for "
        "/api/events, true for the map and the timeline)"
    ),
]


@dataclass(frozen=True)
class Filters:
    """The event filters every event endpoint takes, parsed and checked."""

    params: dict[str, Any]
    merged: bool | None

    def event_filter(self, *, merged_by_default: bool) -> EventFilter:
        merged = merged_by_default if self.merged is None else self.merged
        return _event_filter(**self.params, merged=merged)


def filters(
    since: Since = None,
    until: Until = None,
    country: Country = None,
    actor: Actor = None,
    type: TypeParam = None,
    certainty: CertaintyParam = None,
    source_kind: SourceKindParam = None,
    bbox: Bbox = None,
    q: Q = None,
    merged: Merged = None,
) -> Filters:
    params: dict[str, Any] = {
        "since": since,
        "until": until,
        "country": country,
        "actor": actor,
        "type": type,
        "certainty": certainty,
        "source_kind": source_kind,
        "bbox": bbox,
        "q": q,
    }
    _event_filter(**params)  # a 400 now for a bad value, whichever endpoint
    return Filters(params, merged)


EventFilters = Annotated[Filters, Depends(filters)]


def _page(items: list[Any], total: int, limit: int, offset: int) -> dict[str, Any]:
    return {"items": items, "total": total, "limit": limit, "offset": offset}


class ReportIn(BaseModel):
    """A report to add: its text, and what is known of it."""

    text: str = Field(min_length=1, max_length=2_000_000)
    title: str | None = Field(default=None, max_length=2000)
    published: date | None = None
    source: str | None = Field(default=None, max_length=500)
    url: str | None = Field(default=None, max_length=4000)
    id: str | None = Field(default=None, max_length=500)


class ReportsIn(BaseModel):
    reports: list[ReportIn] = Field(min_length=1, max_length=1000)


# ---------------------------------------------------------------------------- the app


def create_app(
    settings: Settings, *, token: str | None = None, allow_ingest: bool = False
) -> FastAPI:
    ew = api.Eventwire(settings)
    ontology = load_event_types()
    app = FastAPI(
        title="eventwire",
        version="1",
        description=(
            "Events of armed conflict and political violence from news reports, each field "
            "with its evidence. Read-only unless the server was started with --allow-ingest."
        ),
    )

    @app.middleware("http")
    async def require_token(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        if token:
            sent = request.headers.get("authorization", "")
            expected = f"Bearer {token}"
            if not hmac.compare_digest(sent.encode(), expected.encode()):
                return JSONResponse(
                    {"error": TOKEN_MESSAGE},
                    status_code=401,
                    headers={"WWW-Authenticate": "Bearer"},
                )
        response = await call_next(request)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
            "object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
        )
        return response

    @app.exception_handler(RequestValidationError)
    async def bad_parameters(_request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = []
        for error in exc.errors():
            where = ".".join(str(p) for p in error.get("loc", ()) if p not in ("query", "body"))
            problems.append(f"{where}: {error.get('msg', 'invalid')}")
        return JSONResponse({"error": "; ".join(problems) or "invalid request"}, status_code=400)

    @app.exception_handler(HTTPException)
    async def http_error(_request: Request, exc: HTTPException) -> JSONResponse:
        return JSONResponse({"error": exc.detail}, status_code=exc.status_code)

    @app.exception_handler(DocumentNotFoundError)
    async def not_found(_request: Request, exc: DocumentNotFoundError) -> JSONResponse:
        return JSONResponse({"error": str(exc)}, status_code=404)

    @app.exception_handler(EventwireError)
    async def eventwire_error(_request: Request, exc: EventwireError) -> JSONResponse:
        return JSONResponse({"error": str(exc)}, status_code=400)

    # ---- documents ---------------------------------------------------------------------

    @app.get("/api/documents", summary="Reports in the store")
    def documents(
        since: Since = None,
        until: Until = None,
        q: Q = None,
        limit: Limit = 50,
        offset: Offset = 0,
        sort: Literal["published", "-published", "title"] = "-published",
    ) -> dict[str, Any]:
        if since is not None and until is not None and since > until:
            raise _bad(f"since {since} is after until {until}")
        if q:
            hits = {h.doc_id for h in ew.search(q, limit=10_000)}
            found = [d for d in ew.documents() if d.id in hits]
        else:
            found = ew.documents()
        if since is not None:
            found = [d for d in found if d.published is not None and d.published >= since]
        if until is not None:
            found = [d for d in found if d.published is not None and d.published <= until]
        if sort == "title":
            found.sort(key=lambda d: (d.title or "", d.id))
        else:
            found.sort(key=lambda d: (d.published or date.min, d.id), reverse=sort == "-published")
        items = [document_json(d) for d in found[offset : offset + limit]]
        return _page(items, len(found), limit, offset)

    @app.get("/api/documents/{doc_id}", summary="One report: text, spans, events, claims")
    def document(doc_id: str) -> dict[str, Any]:
        found = ew.document(doc_id)
        data = document_json(found, with_text=True)
        data["mentions"] = [
            {"kind": kind, "entity": item.entity.id, "name": item.entity.name, **ev.as_dict()}
            for kind in ("actor", "person", "place", "group")
            for item in ew.listings(kind, doc_id=doc_id)  # type: ignore[arg-type]
            for ev in item.evidence
        ]
        events = ew.events(doc_id=doc_id)
        entities = ew.entities_for(events)
        data["events"] = [event_json(e, entities=entities, ontology=ontology) for e in events]
        types = {e.id: e.type for e in events}
        data["claims"] = [
            claim_json(c, event_type=types.get(c.event_id)) for c in ew.claims(doc_id=doc_id)
        ]
        data["times"] = [
            {
                "text": t.evidence.text,
                "start": t.start.isoformat() if t.start else None,
                "end": t.end.isoformat() if t.end else None,
                "precision": t.precision,
                "evidence": t.evidence.as_dict(),
            }
            for t in ew.times(doc_id=doc_id)
        ]
        return data

    # ---- entities ----------------------------------------------------------------------

    def _listing_page(
        items: list[Listing], q: str | None, country: str | None, limit: int, offset: int, sort: str
    ) -> dict[str, Any]:
        if q:
            needle = q.lower()
            items = [
                i
                for i in items
                if needle in i.entity.name.lower() or any(needle in a.lower() for a in i.aliases)
            ]
        if country:
            wanted = country.upper()

            def country_of(item: Listing) -> str | None:
                entity = item.entity
                if isinstance(entity, Place):
                    return entity.geo.country if entity.geo else None
                return getattr(entity, "country", None)

            items = [i for i in items if country_of(i) == wanted]
        if sort == "name":
            items.sort(key=lambda i: i.entity.name.lower())
        elif sort == "documents":
            items.sort(key=lambda i: (-i.documents, i.entity.name.lower()))
        rows = [listing_json(i) for i in items[offset : offset + limit]]
        return _page(rows, len(items), limit, offset)

    @app.get("/api/actors", summary="Forces, groups, governments, outlets")
    def actors(
        q: Q = None,
        country: Country = None,
        limit: Limit = 50,
        offset: Offset = 0,
        sort: Sort = "mentions",
    ) -> dict[str, Any]:
        return _listing_page(ew.actors(), q, country, limit, offset, sort)

    @app.get("/api/actors/{actor_id}", summary="One actor and the events it takes part in")
    def actor(actor_id: str, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
        found = next((i for i in ew.actors() if i.entity.id == actor_id), None)
        if found is None:
            raise HTTPException(
                status_code=404, detail=f"no actor {actor_id!r}; /api/actors lists them"
            )
        events, total = ew.store.page_events(
            EventFilter(actor=actor_id), limit=limit, offset=offset
        )
        entities = ew.entities_for(events)
        return {
            **listing_json(found),
            "events": _page(
                [event_json(e, entities=entities, ontology=ontology) for e in events],
                total,
                limit,
                offset,
            ),
        }

    @app.get("/api/people", summary="People, with every spelling seen")
    def people(
        q: Q = None, limit: Limit = 50, offset: Offset = 0, sort: Sort = "mentions"
    ) -> dict[str, Any]:
        return _listing_page(ew.people(), q, None, limit, offset, sort)

    @app.get("/api/person", summary="Everything known about the people a name may be")
    def person(name: Annotated[str, Query(min_length=2, max_length=200)]) -> dict[str, Any]:
        found = ew.person(name)
        entities = ew.entities_for(
            [e for f in found for e in f.events], [n for f in found for n in f.casualties]
        )
        items = [person_file_json(f, entities=entities, ontology=ontology) for f in found]
        return _page(items, len(items), len(items) or 1, 0)

    @app.get("/api/places", summary="Places with coordinates and precision")
    def places(
        q: Q = None,
        country: Country = None,
        limit: Limit = 50,
        offset: Offset = 0,
        sort: Sort = "mentions",
    ) -> dict[str, Any]:
        return _listing_page(ew.places(), q, country, limit, offset, sort)

    # ---- events ------------------------------------------------------------------------

    @app.get("/api/events", summary="Events, each field with its evidence")
    def events(
        chosen: EventFilters,
        limit: Limit = 50,
        offset: Offset = 0,
        sort: Literal["date", "-date", "fatalities", "-fatalities", "type"] = "-date",
    ) -> dict[str, Any]:
        flt = chosen.event_filter(merged_by_default=False)
        merged = flt.merged
        found, total = ew.store.page_events(flt, limit=limit, offset=offset, sort=sort)
        if merged:
            ids = {e.id for e in found}
            clusters = [m for m in ew.merged_events() if any(e.id in ids for e in m.events)]
            order = {e.id: n for n, e in enumerate(found)}
            clusters.sort(key=lambda m: min(order.get(e.id, 10**9) for e in m.events))
            entities = ew.entities_for([e for m in clusters for e in m.events])
            items = [merged_event_json(m, entities=entities, ontology=ontology) for m in clusters]
        else:
            entities = ew.entities_for(found)
            items = [event_json(e, entities=entities, ontology=ontology) for e in found]
        return _page(items, total, limit, offset)

    @app.get("/api/events/map", summary="Events per place, aggregated on the server")
    def event_map(chosen: EventFilters) -> dict[str, Any]:
        flt = chosen.event_filter(merged_by_default=True)
        points = ew.store.event_map(flt)
        items = [
            {
                "place_id": p.place_id,
                "name": p.name,
                "lat": p.lat,
                "lon": p.lon,
                "country": p.country,
                "precision": p.precision,
                "events": p.events,
                "fatalities": p.fatalities,
                "types": [{"type": t, "events": n} for t, n in p.types],
            }
            for p in points
        ]
        return _page(items, len(items), len(items) or 1, 0)

    @app.get("/api/events/timeline", summary="Events and deaths per day, week or month")
    def event_timeline(
        chosen: EventFilters, by: Literal["day", "week", "month"] = "month"
    ) -> dict[str, Any]:
        flt = chosen.event_filter(merged_by_default=True)
        bins = ew.store.event_timeline(flt, by=by)
        items = [{"period": b.period, "events": b.events, "fatalities": b.fatalities} for b in bins]
        return _page(items, len(items), len(items) or 1, 0)

    @app.get("/api/event-types", summary="The event types: key, label, family, PLOVER, ACLED")
    def event_types() -> dict[str, Any]:
        items = [
            {
                "key": t.key,
                "label": t.label,
                "family": "violence" if t.plover == "ASSAULT" else t.plover.lower(),
                "plover": t.plover,
                "acled_event_type": t.acled_event_type,
                "acled_sub_event_type": t.acled_sub_event_type,
            }
            for t in ontology.types
        ]
        return _page(items, len(items), len(items) or 1, 0)

    # ---- casualties, claims, ledger ----------------------------------------------------------

    @app.get("/api/casualties", summary="Casualty counts, or named casualties")
    def casualties(
        named: Annotated[
            bool, Query(description="named casualties (people) instead of counts")
        ] = False,
        doc: Annotated[str | None, Query(max_length=100)] = None,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> dict[str, Any]:
        if named:
            found_named = ew.named_casualties(doc_id=doc)
            entities = ew.entities_for(named=found_named[offset : offset + limit])
            items = [
                named_casualty_json(n, entities=entities)
                for n in found_named[offset : offset + limit]
            ]
            return _page(items, len(found_named), limit, offset)
        counts = ew.casualties(doc_id=doc)
        places = {item.entity.id: item.entity.name for item in ew.places(doc_id=doc)}
        rows = [
            casualty_json(c, place_name=places.get(c.place_id or ""))
            for c in counts[offset : offset + limit]
        ]
        return _page(rows, len(counts), limit, offset)

    @app.get("/api/claims", summary="Who says what about each event, and how surely")
    def claims(
        doc: Annotated[str | None, Query(max_length=100)] = None,
        certainty: CertaintyParam = None,
        source_kind: SourceKindParam = None,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> dict[str, Any]:
        found = ew.claims(doc_id=doc)
        if certainty:
            found = [c for c in found if c.certainty == certainty]
        if source_kind:
            found = [
                c for c in found if (c.sources[-1].kind if c.sources else "article") == source_kind
            ]
        page = found[offset : offset + limit]
        types = {e.id: e.type for d in {c.doc for c in page} for e in ew.events(doc_id=d)}
        return _page(
            [claim_json(c, event_type=types.get(c.event_id)) for c in page],
            len(found),
            limit,
            offset,
        )

    @app.get("/api/ledger", summary="Casualty totals by actor, country or month")
    def ledger(by: Literal["actor", "place", "month"] = "place") -> dict[str, Any]:
        rows = [ledger_json(r) for r in ew.ledger(by=by)]
        return _page(rows, len(rows), len(rows) or 1, 0)

    # ---- upload --------------------------------------------------------------------------

    if allow_ingest:

        @app.post("/api/reports", summary="Add reports (only with --allow-ingest)")
        def add_reports(payload: Annotated[ReportsIn, Body()]) -> dict[str, Any]:
            with tempfile.TemporaryDirectory() as folder:
                path = Path(folder) / "upload.jsonl"
                with path.open("w", encoding="utf-8") as out:
                    for report in payload.reports:
                        out.write(
                            json.dumps(report.model_dump(mode="json"), ensure_ascii=False) + "\n"
                        )
                result = ew.run([path])
            return {
                "added": list(result.added),
                "known": list(result.known),
                "duplicates": [list(d) for d in result.duplicates],
                "failures": [str(f) for f in result.failures],
            }

    # ---- the page --------------------------------------------------------------------------

    @app.get("/", include_in_schema=False)
    def page() -> FileResponse:
        return _file(WEB_DIR, "index.html")

    @app.get("/static/{name}", include_in_schema=False)
    def static(name: str) -> FileResponse:
        return _file(WEB_DIR, name)

    @app.get("/vendor/{path:path}", include_in_schema=False)
    def vendor(path: str) -> FileResponse:
        return _file(vendor_dir(), path)

    app.state.eventwire = ew
    return app


def _file(root: Path, relative: str) -> FileResponse:
    """A file under ``root``, never outside it."""
    base = root.resolve()
    target = (base / relative).resolve()
    if base not in target.parents or not target.is_file():
        raise HTTPException(status_code=404, detail=f"no file {relative!r}")
    return FileResponse(target)


__all__ = ["CERTAINTIES", "SOURCE_KINDS", "ServeError", "check_binding", "create_app"]
