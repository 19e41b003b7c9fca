"""Cost of merging one more report as the store grows (issue 6: it must stay flat).

Builds a synthetic store of N reports, each with two events (a violent one and another
kind), two places and a named person drawn from realistic pools: 2,000 places in 40
countries, 3,000 people. Reports arrive at ``--per-day`` a day (60 by default), so a
bigger store holds a longer history, as a real one does, not more events per week.
Then it adds ``--sample`` more reports and times, per report, ``Store.save_extraction``
(the whole write: mentions, events, claims) and, within it, the merging step (person
links, candidate clusters by block keys, scoring, membership). Sizes are cumulative: the
store grows from one size to the next.

Run: ``.venv/bin/python bench/merge_growth.py [--sizes 1000,10000,50000] [--sample 200]``.
No model is needed: the extractions are built directly.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import tempfile
import time
from pathlib import Path

from sqlalchemy import func, select
from synthetic import World

import eventwire
from eventwire.store import schema
from eventwire.store import writes
from eventwire.store.store import Store


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,50000")
    parser.add_argument("--sample", type=int, default=200)
    parser.add_argument("--per-day", type=int, default=60)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]

    merge_times: list[float] = []
    original = writes.merge_document

    def timed(conn, extraction):  # type: ignore[no-untyped-def]
        started = time.perf_counter()
        original(conn, extraction)
        merge_times.append(time.perf_counter() - started)

    writes.merge_document = timed  # type: ignore[assignment]
    world = World(seed=7, per_day=args.per_day)
    print(f"eventwire from {Path(eventwire.__file__).parent}")
    print(
        f"machine: {os.cpu_count()} CPUs, {platform.machine()}, Python {platform.python_version()}"
    )
    with tempfile.TemporaryDirectory() as folder:
        store = Store(str(Path(folder) / "bench.db"))
        made = 0
        header = ("reports", "save ms (median)", "merge ms (median)", "merge ms (p95)", "clusters")
        print(f"{header[0]:>8} {header[1]:>17} {header[2]:>18} {header[3]:>15} {header[4]:>9}")
        for size in sizes:
            while made < size:
                doc, extraction = world.report(made)
                store.add_document(doc)
                store.save_extraction(extraction)
                made += 1
            merge_times.clear()
            saves = []
            for _ in range(args.sample):
                doc, extraction = world.report(made)
                store.add_document(doc)
                started = time.perf_counter()
                store.save_extraction(extraction)
                saves.append(time.perf_counter() - started)
                made += 1
            clusters = store.counts()["events"]
            with store.engine.connect() as conn:
                clusters = conn.execute(
                    select(func.count()).select_from(schema.event_clusters)
                ).scalar_one()
            p95 = sorted(merge_times)[int(0.95 * len(merge_times)) - 1]
            print(
                f"{size:>8} {statistics.median(saves) * 1000:>17.2f} "
                f"{statistics.median(merge_times) * 1000:>18.2f} {p95 * 1000:>15.2f} {clusters:>9}"
            )
        store.close()


if __name__ == "__main__":
    main()
