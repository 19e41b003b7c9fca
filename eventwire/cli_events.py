"""The event commands of `eventwire`: events, merged events, the ledger, exports, a
person's file, the HTTP server, analyst corrections and claims (registered on
eventwire.cli.app)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from eventwire.cli import (
    DbOption,
    DocArgument,
    JsonOption,
    _event_rows,
    _events_table,
    _json_line,
    _opened,
    _settings,
    app,
    err,
    out,
)
from eventwire.errors import EventwireError
from eventwire.output import (
    claim_json,
)

CertaintyOption = Annotated[
    str | None, typer.Option("--certainty", help="Only this certainty (asserted, claimed...).")
]


@app.command()
def events(
    doc_id: DocArgument = None,
    event_type: Annotated[
        str | None, typer.Option("--type", help="Only this event type (a key such as armed-clash).")
    ] = None,
    entity: Annotated[
        str | None, typer.Option("--entity", help="Only events this entity id takes part in.")
    ] = None,
    certainty: CertaintyOption = None,
    merged: Annotated[
        bool,
        typer.Option(
            "--merged", help="One record per real event across reports, with corroboration."
        ),
    ] = False,
    db: DbOption = None,
    json_out: JsonOption = False,
) -> None:
    """List events: type (PLOVER, CAMEO, ACLED), who, whom, where, when, how many were
    killed, how certain, and the chain of sources, each with its evidence. With
    --merged: one record per real event, with its reports, independent sources, figures
    low/best/high, disagreements and merge reasons."""
    if merged:
        _merged_events(doc_id, db, json_out)
        return
    if event_type is not None:
        from eventwire.errors import LexiconError
        from eventwire.events import load_event_types

        try:
            load_event_types().by_key(event_type)
        except LexiconError as exc:
            raise typer.BadParameter(str(exc), param_hint="--type") from exc
    with _opened(_settings(db)) as ew:
        found = ew.events(
            doc_id=doc_id, event_type=event_type, entity_id=entity, certainty=certainty
        )
        rows = _event_rows(ew, found)
    if json_out:
        for row in rows:
            _json_line(row)
        return
    out.print(_events_table(rows))


def _merged_events(doc_id: str | None, db: str | None, json_out: bool) -> None:
    from eventwire.events import load_event_types
    from eventwire.output import merged_event_json

    ontology = load_event_types()
    with _opened(_settings(db)) as ew:
        found = ew.merged_events(doc_id=doc_id)
        entities = ew.entities_for([e for m in found for e in m.events])
    rows = [merged_event_json(m, entities=entities, ontology=ontology) for m in found]
    if json_out:
        for row in rows:
            _json_line(row)
        return
    table = Table(
        "id",
        "type",
        "place",
        "when",
        "killed low/best/high",
        "reports",
        "independent",
        "certainty",
        "disagreements",
        title=f"merged events ({len(rows)})",
    )
    for row in rows:
        place, time, dead = row["place"], row["time"], row["fatalities"]
        table.add_row(
            Text(row["id"]),
            Text(row["label"]),
            Text(f"{place['name']} (p{place['precision']})" if place else ""),
            Text(f"{time['start']}..{time['end']}" if time else ""),
            Text(
                f"{dead['low']}/{dead['best']}/{dead['high']}" if dead["best"] is not None else ""
            ),
            Text(", ".join(row["reports"])),
            Text(str(row["independent_sources"])),
            Text(row["certainty"]),
            Text("; ".join(_disagreement_text(d) for d in row["disagreements"])),
        )
    out.print(table)


def _disagreement_text(item: dict[str, Any]) -> str:
    values = ", ".join(f"{v['value']} ({len(v['sources'])})" for v in item["values"])
    return f"{item['field']}: {values}"


@app.command()
def ledger(
    by: Annotated[
        str, typer.Option("--by", help="Group by actor, place (country) or month.")
    ] = "place",
    db: DbOption = None,
    json_out: JsonOption = False,
) -> None:
    """Casualty totals across reports: low/best/high per group, each real event once,
    and no aggregate count ("some 30 over several weeks") added on top of the incidents
    inside it."""
    if by not in ("actor", "place", "month"):
        raise typer.BadParameter("use actor, place or month", param_hint="--by")
    from eventwire.output import ledger_json

    with _opened(_settings(db)) as ew:
        rows = [ledger_json(r) for r in ew.ledger(by=by)]
    if json_out:
        for row in rows:
            _json_line(row)
        return
    table = Table(by, "low", "best", "high", "events", "inside an aggregate", title="ledger")
    for row in rows:
        table.add_row(
            Text(row["group"]),
            Text(str(row["low"])),
            Text(str(row["best"])),
            Text(str(row["high"])),
            Text(str(len(row["events"]))),
            Text(str(len(row["folded"]))),
        )
    out.print(table)
    if rows:
        err.print(Text(rows[0]["rule"], style="dim"))


@app.command()
def export(
    fmt: Annotated[str, typer.Option("--format", help="csv, jsonl, geojson or parquet.")] = "csv",
    scheme: Annotated[
        str, typer.Option("--scheme", help="Columns: acled or ucdp (csv, parquet, geojson).")
    ] = "acled",
    out_path: Annotated[
        Path | None,
        typer.Option("--out", help="File to write [default: stdout; parquet needs a file]."),
    ] = None,
    db: DbOption = None,
) -> None:
    """Export the merged events (one row per real event) for analysis: ACLED- or
    UCDP-GED-like CSV, Parquet, GeoJSON, or JSON Lines with PLOVER fields."""
    from eventwire.export import FORMATS, SCHEMES, write_export

    if fmt not in FORMATS:
        raise typer.BadParameter(f"use one of {', '.join(FORMATS)}", param_hint="--format")
    if scheme not in SCHEMES:
        raise typer.BadParameter(f"use one of {', '.join(SCHEMES)}", param_hint="--scheme")
    if fmt == "parquet" and out_path is None:
        raise typer.BadParameter("parquet is binary: give --out FILE", param_hint="--out")
    with _opened(_settings(db)) as ew:
        result = write_export(ew, fmt, out_path or sys.stdout, scheme=scheme)
    skipped = f", {result.skipped} without coordinates left out" if result.skipped else ""
    err.print(Text(f"{result.rows} merged events exported as {fmt}{skipped}"))


@app.command()
def person(name: str, db: DbOption = None, json_out: JsonOption = False) -> None:
    """Everything known about one person, across reports and spellings: names seen,
    rank, affiliation, documents, casualty records and events, with sources."""
    from eventwire.events import load_event_types
    from eventwire.output import person_file_json

    with _opened(_settings(db)) as ew:
        found = ew.person(name)
        entities = ew.entities_for(
            [e for f in found for e in f.events], [n for f in found for n in f.casualties]
        )
    if not found:
        err.print(Text(f"no person named like {name!r}; `eventwire people` lists them"))
        raise typer.Exit(1)
    rows = [person_file_json(f, entities=entities, ontology=load_event_types()) for f in found]
    if json_out:
        for row in rows:
            _json_line(row)
        return
    for row in rows:
        out.rule(Text(row["name"]))
        out.print(
            Text(
                f"rank {row['rank'] or '-'}  role {row['role'] or '-'}  "
                f"affiliation {row['affiliation'] or '-'}\n"
                f"also written: {', '.join(row['aliases']) or '-'}\n"
                f"documents: {', '.join(row['documents'])}"
            )
        )
        for casualty in row["casualties"]:
            place = casualty["place"]
            sources = " <- ".join(s["name"] for s in casualty["sources"])
            out.print(
                Text(
                    f"{casualty['outcome']}"
                    f"{' near/in ' + place['name'] if place else ''}"
                    f"{' ' + casualty['time']['text'] if casualty['time'] else ''}"
                    f" ({casualty['certainty']}; {sources}) [{', '.join(casualty['reports'])}]"
                )
            )
        if row["events"]:
            out.print(_events_table(row["events"]))


@app.command()
def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option("--host", help="Address to bind.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8000,
    token: Annotated[
        str | None,
        typer.Option(
            "--token",
            envvar="EVENTWIRE_TOKEN",
            help="Access token every request must send as a bearer token; required to "
            "bind anything but a loopback address [env EVENTWIRE_TOKEN].",
            show_default=False,
        ),
    ] = None,
    allow_ingest: Annotated[
        bool, typer.Option("--allow-ingest", help="Accept new reports at POST /api/reports.")
    ] = False,
) -> None:
    """Serve the HTTP API and the web page (map, timeline, tables, evidence)."""
    import uvicorn

    from eventwire.server import ServeError, check_binding, create_app

    try:
        check_binding(host, token)
    except ServeError as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}")
        raise typer.Exit(2) from exc
    settings = _settings(db)
    try:
        application = create_app(settings, token=token, allow_ingest=allow_ingest)
    except EventwireError as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}")
        raise typer.Exit(2) from exc
    err.print(f"eventwire serving {settings.db} on http://{host}:{port}/")
    uvicorn.run(application, host=host, port=port, log_level="warning")


@app.command()
def split(event_id: str, db: DbOption = None) -> None:
    """Take an event out of the merged event it was put in (an analyst's correction,
    kept and applied again whenever reports are re-extracted)."""
    with _opened(_settings(db)) as ew:
        cluster = ew.split(event_id)
    err.print(Text(f"{event_id} is now merged event {cluster}"))


@app.command()
def merge(event_id: str, into: str, db: DbOption = None) -> None:
    """Put EVENT_ID into the merged event of INTO (an analyst's correction, kept and
    applied again whenever reports are re-extracted)."""
    with _opened(_settings(db)) as ew:
        cluster = ew.merge(event_id, into)
    err.print(Text(f"{event_id} is now part of merged event {cluster}"))


@app.command()
def claims(doc_id: DocArgument = None, db: DbOption = None, json_out: JsonOption = False) -> None:
    """List claims: for each event, who says it (outlet, then its source), how surely,
    and who denies it."""
    with _opened(_settings(db)) as ew:
        found = ew.claims(doc_id=doc_id)
        types = {e.id: e.type for e in ew.events(doc_id=doc_id)}
    rows = [claim_json(c, event_type=types.get(c.event_id)) for c in found]
    if json_out:
        for row in rows:
            _json_line(row)
        return
    table = Table(
        "event", "claim", "sources", "certainty", "cues", "denies", title=f"claims ({len(rows)})"
    )
    for row in rows:
        sources = " <- ".join(f"{s['name']} [{s['kind']}]" for s in row["sources"])
        cues = ", ".join(c["text"] for c in row["cues"])
        text = row["evidence"][0]["text"]
        table.add_row(
            Text(row["event_type"] or ""),
            Text(text if len(text) < 120 else text[:117] + "..."),
            Text(sources),
            Text(row["certainty"]),
            Text(cues),
            Text("yes" if row["denies"] else ""),
        )
    out.print(table)
