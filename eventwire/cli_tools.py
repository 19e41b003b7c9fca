"""The `eventwire eval` scorers and `eventwire gazetteer build` (registered on
eventwire.cli's sub-apps)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape

from eventwire.cli import (
    JsonOption,
    _json_line,
    _progress,
    err,
    eval_app,
    gazetteer_app,
    out,
)
from eventwire.errors import EventwireError


@eval_app.command("ner")
def eval_ner(
    data: Annotated[
        Path, typer.Option("--data", help="CoNLL-2003 or IOB2 file.", exists=True, dir_okay=False)
    ],
    baseline: Annotated[
        bool, typer.Option("--baseline", help="Score the bare spaCy model instead of eventwire.")
    ] = False,
    limit: Annotated[
        int | None, typer.Option("--limit", help="Only the first N sentences.")
    ] = None,
    json_out: JsonOption = False,
) -> None:
    """Score entity recognition (precision/recall/F1 per type) on gold data."""
    from eventwire.evaluate.ner import format_report
    from eventwire.evaluate.run import score_ner

    _evaluate(
        lambda: score_ner(data, baseline=baseline, limit=limit), format_report, json_out=json_out
    )


@eval_app.command("time")
def eval_time(
    data: Annotated[
        Path,
        typer.Option(
            "--data",
            help="Folder searched recursively for TimeML .tml files.",
            exists=True,
            file_okay=False,
        ),
    ],
    baseline: Annotated[
        bool, typer.Option("--baseline", help="Score the bare model's DATE/TIME spans instead.")
    ] = False,
    json_out: JsonOption = False,
) -> None:
    """Score time expressions (TIMEX3 spans, types and values) on TimeML gold data."""
    from eventwire.evaluate.run import score_time
    from eventwire.evaluate.time import format_report

    _evaluate(lambda: score_time(data, baseline=baseline), format_report, json_out=json_out)


@eval_app.command("geo")
def eval_geo(
    data: Annotated[
        Path,
        typer.Option(
            "--data",
            help="TR-News/LGL-style XML, GeoWebNews GWN.xml or gwn_full.txt.",
            exists=True,
        ),
    ],
    mode: Annotated[
        str,
        typer.Option(
            "--mode",
            help="end_to_end (find and resolve), given_spans (resolve the gold toponyms) or "
            "as_mordecai (like for like with Mordecai3's published figures: resolve the gold "
            "spans of the last 30% of toponyms with an id, scoring those whose right entry is "
            "among the candidates; an unanswered one counts as wrong).",
        ),
    ] = "end_to_end",
    baseline: Annotated[
        bool, typer.Option("--baseline", help="Score the bare model's place spans instead.")
    ] = False,
    json_out: JsonOption = False,
) -> None:
    """Score toponym recognition and resolution on news gold data."""
    from eventwire.evaluate.geo import MODES, format_report
    from eventwire.evaluate.run import score_as_mordecai, score_geo

    if mode not in MODES:
        raise typer.BadParameter(f"use one of {', '.join(MODES)}", param_hint="--mode")
    if mode == "as_mordecai" and not baseline:
        _evaluate(lambda: score_as_mordecai(data), format_report, json_out=json_out)
        return
    _evaluate(
        lambda: score_geo(data, mode=mode, baseline=baseline),  # type: ignore[arg-type]
        format_report,
        json_out=json_out,
    )


@eval_app.command("events")
def eval_events(
    data: Annotated[
        Path,
        typer.Option("--data", help="WikiEvents .jsonl or RAMS .jsonlines gold file.", exists=True),
    ],
    json_out: JsonOption = False,
) -> None:
    """Score event triggers and arguments (killing, injury, attack, arrest): WikiEvents, RAMS."""
    from eventwire.evaluate.event_systems import score_events
    from eventwire.evaluate.events import format_report

    _evaluate(lambda: score_events(data), format_report, json_out=json_out)


@eval_app.command("acled")
def eval_acled(
    data: Annotated[
        Path,
        typer.Option("--data", help="CASE 2021 task 2 TSV (id, snippet, sub-type).", exists=True),
    ],
    json_out: JsonOption = False,
) -> None:
    """Score the ACLED sub-event type given to each snippet (CASE 2021 task 2)."""
    from eventwire.evaluate.acled import format_report
    from eventwire.evaluate.event_systems import score_acled

    _evaluate(lambda: score_acled(data), format_report, json_out=json_out)


@eval_app.command("attribution")
def eval_attribution(
    data: Annotated[
        Path,
        typer.Option(
            "--data",
            help="PolNeAR-style brat folder holding text/ and attributions/.",
            exists=True,
            file_okay=False,
        ),
    ],
    baseline: Annotated[
        bool,
        typer.Option("--baseline", help="Score the reporting-verb cue baseline instead."),
    ] = False,
    json_out: JsonOption = False,
) -> None:
    """Score attribution spans (source, cue, content) on PolNeAR-style gold data."""
    from eventwire.evaluate.attribution import format_report
    from eventwire.evaluate.attribution_system import score_attribution

    with _progress("scoring attribution") as progress:
        _evaluate(
            lambda: score_attribution(data, baseline=baseline, progress=progress),
            format_report,
            json_out=json_out,
        )


def _evaluate(score: Callable[[], Any], render: Callable[[Any], str], *, json_out: bool) -> None:
    """Run one evaluation; print its report as text or as one JSON object."""
    try:
        report = score()
    except EventwireError as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}")
        raise typer.Exit(2) from exc
    if json_out:
        _json_line(report.as_dict())
    else:
        out.print(render(report), highlight=False, markup=False)


@gazetteer_app.command("build")
def gazetteer_build(
    source: Annotated[
        Path | None,
        typer.Option(
            "--from",
            help="A GeoNames dump you downloaded (allCountries.zip, cities500.zip…); "
            "default: the GeoNames data of the installed packages.",
            exists=True,
            dir_okay=False,
        ),
    ] = None,
    path: Annotated[
        Path | None,
        typer.Option("--path", help="Where to write it [env EVENTWIRE_GAZETTEER]."),
    ] = None,
    if_needed: Annotated[
        bool, typer.Option("--if-needed", help="Only when it is missing or outdated.")
    ] = False,
) -> None:
    """Build the gazetteer (an indexed SQLite file); nothing is downloaded."""
    from eventwire.gazetteer import build_gazetteer, default_path, needs_build

    target = path or default_path()
    if if_needed and source is None and not needs_build(target):
        err.print(f"gazetteer up to date: {target}", markup=False)
        return
    with _progress("building gazetteer") as progress:

        def stage(name: str, done: int, total: int | None) -> None:
            progress(done, total)

        try:
            report = build_gazetteer(target, source=source, progress=stage)
        except EventwireError as exc:
            err.print(f"[red]error:[/red] {escape(str(exc))}")
            raise typer.Exit(2) from exc
    err.print(
        f"gazetteer built: {report.path} ({report.places:,} places, {report.regions:,} "
        f"regions, {report.countries:,} countries, {report.names:,} names, "
        f"{report.bytes / 1e6:.0f} MB, {report.seconds:.0f} s)",
        markup=False,
    )
