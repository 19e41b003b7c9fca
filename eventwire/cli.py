"""The ``eventwire`` command: a thin layer over :mod:`eventwire.api`.

Exit codes: 0 ok; 1 some inputs failed (each listed with a reason); 2 usage error.
Every listing takes ``--json`` for JSON Lines (see eventwire.output for the shapes).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TaskID,
    TextColumn,
)
from rich.table import Table
from rich.text import Text

from eventwire import api
from eventwire.errors import EventwireError
from eventwire.output import (
    casualty_json,
    document_json,
    event_json,
    listing_json,
    named_casualty_json,
    quantity_json,
    search_json,
    time_json,
)
from eventwire.records import EntityKind, IngestReport, Listing, TimeRef
from eventwire.render import render_document
from eventwire.settings import DB_ENV_VAR, DEFAULT_DB, Settings

app = typer.Typer(
    name="eventwire",
    help="News reports about armed conflict in; a sourced, structured record out.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
eval_app = typer.Typer(help="Score eventwire against gold data.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")
gazetteer_app = typer.Typer(
    help="The offline gazetteer places are resolved with.", no_args_is_help=True
)
app.add_typer(gazetteer_app, name="gazetteer")

out = Console()
err = Console(stderr=True, soft_wrap=True)

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help=f"Store file or SQLAlchemy URL [env {DB_ENV_VAR}, else ./{DEFAULT_DB}]",
        envvar=DB_ENV_VAR,
        show_default=False,
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON Lines.")]
PathsArgument = Annotated[
    list[str], typer.Argument(help="Files, folders (recursive) or feed URLs.")
]
PublishedOption = Annotated[
    str | None, typer.Option("--published", help="Publication date YYYY-MM-DD for every report.")
]
SourceOption = Annotated[str | None, typer.Option("--source", help="Source name for every report.")]
ActorsOption = Annotated[
    list[Path] | None,
    typer.Option("--actors", help="Extra actor dictionary (YAML or CSV); repeatable.", exists=True),
]
NetworkOption = Annotated[bool, typer.Option("--allow-network", help="Allow fetching feed URLs.")]
MaxBytesOption = Annotated[
    int | None, typer.Option("--max-bytes", help="Largest input file read, in bytes.")
]


def main() -> None:
    app()


def _settings(db: str | None, **values: Any) -> Settings:
    base = Settings(db=db or DEFAULT_DB)
    changes = {k: v for k, v in values.items() if v is not None}
    return base.with_(**changes)


def _date(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError:
        raise typer.BadParameter(
            f"{value!r} is not a date like 2015-11-02", param_hint="--published"
        ) from None


@contextmanager
def _opened(settings: Settings) -> Iterator[api.Eventwire]:
    try:
        ew = api.Eventwire(settings)
    except EventwireError as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}")
        raise typer.Exit(2) from exc
    try:
        yield ew
    except EventwireError as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}")
        raise typer.Exit(2) from exc
    finally:
        ew.close()


@contextmanager
def _progress(label: str) -> Iterator[api.Progress]:
    """A progress bar on stderr when it is a terminal; silent otherwise."""
    with _progress_bars(label) as (update,):
        yield update


@contextmanager
def _progress_bars(*labels: str) -> Iterator[tuple[api.Progress, ...]]:
    """One progress bar per label, shown together (for work that overlaps)."""
    if not err.is_terminal:
        yield tuple((lambda done, total: None) for _ in labels)
        return
    columns = (
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
    )
    with Progress(*columns, console=err, transient=True) as bar:
        tasks = [bar.add_task(label, total=None) for label in labels]

        def updater(task: TaskID) -> api.Progress:
            def update(done: int, total: int | None) -> None:
                bar.update(task, completed=done, total=total)

            return update

        yield tuple(updater(task) for task in tasks)


def _report_ingest(report: IngestReport) -> None:
    err.print(
        f"{len(report.added)} new, {len(report.known)} already stored, "
        f"{len(report.duplicates)} near-duplicates, {len(report.failures)} failed"
    )
    for doc_id, original in report.duplicates:
        err.print(f"  near-duplicate: {doc_id} is a copy of {original}", markup=False)
    for doc_id, reason in report.not_extracted:
        err.print(f"  not extracted: {doc_id}: {reason}", markup=False)
    for failure in report.failures:
        err.print(f"  [red]failed[/red]: {escape(str(failure))}", highlight=False)


def _ingest_settings(
    db: str | None,
    published: str | None,
    source: str | None,
    actors: list[Path] | None,
    allow_network: bool,
    max_bytes: int | None,
) -> Settings:
    return _settings(
        db,
        published=_date(published),
        source=source,
        actor_files=tuple(actors) if actors else None,
        allow_network=allow_network or None,
        max_bytes=max_bytes,
    )


@app.command()
def run(
    paths: PathsArgument,
    db: DbOption = None,
    published: PublishedOption = None,
    source: SourceOption = None,
    actors: ActorsOption = None,
    allow_network: NetworkOption = False,
    max_bytes: MaxBytesOption = None,
    json_out: JsonOption = False,
    engine: Annotated[
        str,
        typer.Option(
            "--engine",
            help="local: extract in this process; ray: in Ray actors (needs eventwire[scale]).",
        ),
    ] = "local",
    address: Annotated[
        str | None,
        typer.Option(
            "--address",
            help="Ray cluster to use (auto, ray://host:10001) [default: start Ray here].",
        ),
    ] = None,
    parallelism: Annotated[
        int | None,
        typer.Option("--parallelism", min=1, help="Ray actors (and CPUs of a local Ray)."),
    ] = None,
    parquet_out: Annotated[
        str | None,
        typer.Option(
            "--parquet-out",
            help="Also write the documents and events extracted as Parquet partitions "
            "to this folder or URI (with --engine ray).",
        ),
    ] = None,
) -> None:
    """Ingest reports and extract from them, then show what was found in them."""
    from eventwire.scale.sources import is_uri

    if engine not in ("local", "ray"):
        raise typer.BadParameter(f"{engine!r}: use local or ray", param_hint="--engine")
    ray_options = {"--address": address, "--parallelism": parallelism, "--parquet-out": parquet_out}
    given = [name for name, value in ray_options.items() if value is not None]
    if engine == "local" and given:
        raise typer.BadParameter("only with --engine ray", param_hint="/".join(given))
    uri = next((p for p in paths if is_uri(p)), None)
    if engine == "local" and uri is not None:
        raise typer.BadParameter(
            f"{uri}: the local engine reads local files and folders only; read object-store "
            "paths (s3://, gs://, file://...) with --engine ray, or copy them to a local folder",
            param_hint="PATHS",
        )
    settings = _ingest_settings(db, published, source, actors, allow_network, max_bytes)
    with _opened(settings) as ew:
        if engine == "ray":
            with _progress("reading, then extracting with Ray") as progress:
                report = ew.run_ray(
                    paths,
                    address=address,
                    parallelism=parallelism,
                    parquet_out=parquet_out,
                    progress=progress,
                    extract_progress=progress,
                )
        else:
            with _progress_bars("reading", "extracting") as (reading, extracting):
                report = ew.run(paths, progress=reading, extract_progress=extracting)
        _report_ingest(report)
        docs = set(report.documents)
        if json_out:
            for kind in ("actor", "person", "place", "group"):
                for listing in _in_documents(ew, kind, docs):
                    _json_line({"type": kind, **listing_json(listing)})
        else:
            _print_summary(ew, docs)
    raise typer.Exit(1 if report.failures else 0)


@app.command()
def ingest(
    paths: PathsArgument,
    db: DbOption = None,
    published: PublishedOption = None,
    source: SourceOption = None,
    allow_network: NetworkOption = False,
    max_bytes: MaxBytesOption = None,
) -> None:
    """Read reports into the store without extracting."""
    settings = _ingest_settings(db, published, source, None, allow_network, max_bytes)
    with _opened(settings) as ew, _progress("reading") as progress:
        report = ew.ingest(paths, progress=progress)
    _report_ingest(report)
    raise typer.Exit(1 if report.failures else 0)


@app.command()
def extract(
    db: DbOption = None,
    actors: ActorsOption = None,
    again: Annotated[
        bool, typer.Option("--again", help="Extract already-extracted documents again.")
    ] = False,
    doc: Annotated[
        list[str] | None, typer.Option("--doc", help="Only this document; repeatable.")
    ] = None,
) -> None:
    """Extract entities, times, counts, events and claims from the pending documents."""
    settings = _settings(db, actor_files=tuple(actors) if actors else None)
    with _opened(settings) as ew, _progress("extracting") as progress:
        result = ew.extract(doc_ids=doc, again=again, progress=progress)
    err.print(f"{len(result.extracted)} documents extracted, {result.mentions} mentions")


@app.command()
def documents(db: DbOption = None, json_out: JsonOption = False) -> None:
    """List stored documents."""
    with _opened(_settings(db)) as ew:
        docs = ew.documents()
    if json_out:
        for d in docs:
            _json_line(document_json(d))
        return
    table = Table("id", "published", "source", "status", "chars", "title")
    for d in docs:
        status = d.status + (f" (copy of {d.duplicate_of})" if d.duplicate_of else "")
        cells = (d.id, d.published.isoformat() if d.published else "", d.source or "", status)
        table.add_row(*map(Text, cells), str(len(d.text)), Text(d.title or ""))
    out.print(table)


@app.command()
def show(doc_id: str, db: DbOption = None, json_out: JsonOption = False) -> None:
    """Show a document's text with its extracted spans marked."""
    with _opened(_settings(db)) as ew:
        document = ew.document(doc_id)
        listings = {kind: ew.listings(kind, doc_id=doc_id) for kind in _KINDS}
        found = ew.events(doc_id=doc_id)
        rows = _event_rows(ew, found)
    if json_out:
        data = document_json(document, with_text=True)
        data["mentions"] = [
            {"kind": kind, "entity": item.entity.id, "name": item.entity.name, **ev.as_dict()}
            for kind, items in listings.items()
            for item in items
            for ev in item.evidence
        ]
        data["events"] = rows
        _json_line(data)
        return
    out.print(render_document(document, listings, found))
    if rows:
        out.print(_events_table(rows))


_KINDS: tuple[EntityKind, ...] = ("actor", "person", "place", "group")
PLURAL: dict[EntityKind, str] = {
    "actor": "actors",
    "person": "people",
    "place": "places",
    "group": "groups",
}


def _listing_command(kind: EntityKind, help_text: str) -> None:
    def command(db: DbOption = None, json_out: JsonOption = False) -> None:
        with _opened(_settings(db)) as ew:
            items = ew.listings(kind)
        if json_out:
            for item in items:
                _json_line(listing_json(item))
        else:
            out.print(_table(kind, items))

    command.__doc__ = help_text
    app.command(name=PLURAL[kind])(command)


def _table(kind: EntityKind, items: list[Listing]) -> Table:
    rows = [listing_json(item) for item in items]
    columns = {
        "actor": ["name", "kind", "country", "aliases"],
        "person": ["name", "rank", "role", "affiliation"],
        "place": ["name", "feature", "country", "lat", "lon", "precision"],
        "group": ["name", "kind"],
    }[kind]
    table = Table(*columns, "mentions", "documents", title=f"{PLURAL[kind]} ({len(rows)})")
    for row in rows:
        cells = [_cell(row[c]) for c in columns]
        table.add_row(*map(Text, cells), str(len(row["evidence"])), str(row["documents"]))
    return table


def _cell(value: object) -> str:
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return "" if value is None else str(value)


def _in_documents(ew: api.Eventwire, kind: EntityKind, docs: set[str]) -> list[Listing]:
    """Listings restricted to the evidence found in ``docs``."""
    found = []
    for doc_id in sorted(docs):
        found.extend(ew.listings(kind, doc_id=doc_id))
    return found


def _print_summary(ew: api.Eventwire, docs: set[str]) -> None:
    for doc_id in sorted(docs):
        document = ew.document(doc_id)
        out.rule(Text(document.title or doc_id))
        out.print(
            f"document {doc_id}  published {document.published or 'unknown'}  "
            f"photo credit {document.photo_credit or '-'}  status {document.status}",
            highlight=False,
            markup=False,
        )
        if document.status_reason:
            out.print(Text(document.status_reason, style="yellow"))
        for kind in _KINDS:
            items = ew.listings(kind, doc_id=doc_id)
            if items:
                out.print(_table(kind, items))
        if found := ew.times(doc_id=doc_id):
            out.print(_times_table(found))
        if counts := ew.casualties(doc_id=doc_id):
            places = {item.entity.id: item.entity.name for item in ew.places(doc_id=doc_id)}
            out.print(
                _casualties_table(
                    [casualty_json(c, place_name=places.get(c.place_id or "")) for c in counts]
                )
            )
        if events_found := ew.events(doc_id=doc_id):
            out.print(_events_table(_event_rows(ew, events_found)))


def _times_table(found: list[TimeRef]) -> Table:
    table = Table("doc", "text", "type", "value", "start", "end", "precision", title="times")
    for time in found:
        row = time_json(time)
        cells = [
            row[k] or "" for k in ("doc", "text", "type", "value", "start", "end", "precision")
        ]
        table.add_row(*map(Text, cells))
    return table


def _casualties_table(rows: list[dict[str, Any]]) -> Table:
    table = Table(
        "who",
        "outcome",
        "low",
        "best",
        "high",
        "qualifier",
        "period",
        "place",
        "part of",
        title="casualties",
    )
    for row in rows:
        period = row["period"]
        when = (
            f"{period['start'] or '?'}..{period['end'] or '?'} ({period['text']})" if period else ""
        )
        cells = [
            row["who"],
            row["outcome"],
            row["low"],
            row["best"],
            row["high"],
            row["qualifier"],
            when,
            row["place"],
            row["part_of"],
        ]
        table.add_row(*(Text("" if c is None else str(c)) for c in cells))
    return table


DocArgument = Annotated[str | None, typer.Argument(help="Only this document.")]


def _event_rows(ew: api.Eventwire, found: list[Any]) -> list[dict[str, Any]]:
    from eventwire.events import load_event_types

    ontology = load_event_types()
    entities = ew.entities_for(found)
    return [event_json(e, entities=entities, ontology=ontology) for e in found]


def _events_table(rows: list[dict[str, Any]]) -> Table:
    table = Table(
        "#",
        "type",
        "trigger",
        "actors",
        "targets",
        "place",
        "time",
        "killed",
        "certainty",
        "sources",
        title=f"events ({len(rows)})",
    )
    for number, row in enumerate(rows, 1):
        place = row["place"]
        where = ""
        if place:
            inferred = ", inferred" if place["inherited"] else ""
            where = f"{place['name']} (p{place['precision']}{inferred})"
        time = row["time"]
        when = (
            f"{time['start'] or '?'}..{time['end'] or '?'} {time['precision'] or ''}"
            if time
            else ""
        )
        killed = row["fatalities"]
        sources = " <- ".join(f"{s['name']} [{s['kind']}]" for s in row["sources"])
        if row["denied_by"]:
            sources += "; denied by " + ", ".join(s["name"] for s in row["denied_by"])
        cells = [
            str(number),
            row["label"],
            row["trigger"]["text"],
            "; ".join(row["actors"] + [f"-> {r}" for r in row["recipients"]]),
            "; ".join(row["targets"]),
            where,
            when,
            "" if killed is None else f"{killed['best']} ({killed['qualifier']})",
            row["certainty"],
            sources,
        ]
        table.add_row(*map(Text, cells))
    return table


def _named_casualties(doc_id: str | None, db: str | None, json_out: bool) -> None:
    with _opened(_settings(db)) as ew:
        found = ew.named_casualties(doc_id=doc_id)
        entities = ew.entities_for(named=found)
    rows = [named_casualty_json(n, entities=entities) for n in found]
    if json_out:
        for row in rows:
            _json_line(row)
        return
    columns = ("person", "rank", "affiliation", "outcome", "place", "time", "circumstance")
    table = Table(*columns, "sources", "certainty", title=f"named casualties ({len(rows)})")
    for row in rows:
        place, time = row["place"], row["time"]
        cells = [
            row["person"],
            row["rank"],
            row["affiliation"],
            row["outcome"],
            f"{place['name']} (p{place['precision']})" if place else None,
            f"{time['start']}..{time['end']} {time['precision']}" if time else None,
            row["circumstance"],
            " <- ".join(f"{s['name']} [{s['kind']}]" for s in row["sources"]),
            row["certainty"],
        ]
        table.add_row(*(Text("" if c is None else str(c)) for c in cells))
    out.print(table)


@app.command()
def times(doc_id: DocArgument = None, db: DbOption = None, json_out: JsonOption = False) -> None:
    """List time expressions with their resolved interval and precision."""
    with _opened(_settings(db)) as ew:
        found = ew.times(doc_id=doc_id)
    if json_out:
        for time in found:
            _json_line(time_json(time))
        return
    out.print(_times_table(found))


@app.command()
def quantities(
    doc_id: DocArgument = None, db: DbOption = None, json_out: JsonOption = False
) -> None:
    """List counts, sums of money and durations as low/best/high with a qualifier."""
    with _opened(_settings(db)) as ew:
        found = ew.quantities(doc_id=doc_id)
    if json_out:
        for quantity in found:
            _json_line(quantity_json(quantity))
        return
    columns = ("doc", "text", "kind", "low", "best", "high", "qualifier", "unit")
    table = Table(*columns, title="quantities")
    for quantity in found:
        row = quantity_json(quantity)
        table.add_row(*(Text("" if row[k] is None else str(row[k])) for k in columns))
    out.print(table)


@app.command()
def casualties(
    doc_id: DocArgument = None,
    named: Annotated[
        bool, typer.Option("--named", help="Named casualties (people) instead of counts.")
    ] = False,
    db: DbOption = None,
    json_out: JsonOption = False,
) -> None:
    """List casualty counts: who, outcome, how many, when, where, and subsets. With
    --named: the people killed, wounded or captured, with rank, affiliation, place,
    time, circumstance, sources and certainty."""
    if named:
        _named_casualties(doc_id, db, json_out)
        return
    with _opened(_settings(db)) as ew:
        found = ew.casualties(doc_id=doc_id)
        places = {item.entity.id: item.entity.name for item in ew.places(doc_id=doc_id)}
    rows = [casualty_json(c, place_name=places.get(c.place_id or "")) for c in found]
    if json_out:
        for row in rows:
            _json_line(row)
        return
    out.print(_casualties_table(rows))


@app.command()
def search(query: str, db: DbOption = None, limit: int = 20, json_out: JsonOption = False) -> None:
    """Full-text search over the stored documents."""
    with _opened(_settings(db)) as ew:
        hits = ew.search(query, limit=limit)
    if json_out:
        for hit in hits:
            _json_line(search_json(hit))
        return
    table = Table("id", "title", "snippet")
    for hit in hits:
        table.add_row(Text(hit.doc_id), Text(hit.title or ""), Text(hit.snippet))
    out.print(table)


def _json_line(data: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")


_listing_command("actor", "List actors (forces, groups, governments, outlets) with their evidence.")
_listing_command("person", "List people with rank, role, affiliation and evidence.")
_listing_command("place", "List places with their evidence.")
_listing_command("group", "List ethnic, religious and national groups with their evidence.")


# The commands defined in their own modules register themselves on `app` when imported.
from eventwire import cli_events, cli_tools  # noqa: E402

__all__ = ["app", "cli_events", "cli_tools", "main"]
