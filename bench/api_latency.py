"""API latency for the page's queries with a big store (issue 7: 100k events).

Fills a store with ``--reports`` synthetic reports (two events each, so 50,000 reports
give 100,000 events; eventwire.store's whole write path, merging included), then times
in-process requests to the endpoints the page calls: the map and the timeline (server-
side aggregation), a page of events, and the same with filters (a country, a date range,
a bounding box, an actor). Prints p50 and p95 over ``--repeat`` requests each.

Run: ``.venv/bin/python bench/api_latency.py [--reports 50000] [--repeat 30] [--db PATH]``.
With ``--db`` an existing bench store is reused (and filled up to ``--reports``).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time
from pathlib import Path

from fastapi.testclient import TestClient
from synthetic import World

import eventwire
from eventwire.server import create_app
from eventwire.settings import Settings
from eventwire.store.store import Store

QUERIES = {
    "map": "/api/events/map",
    "map, one country": "/api/events/map?country=XAH",
    "map, one month": "/api/events/map?since=2023-06-01&until=2023-06-30",
    "map, bbox": "/api/events/map?bbox=-10,-10,10,10",
    "timeline by month": "/api/events/timeline?by=month",
    "timeline by week, one country": "/api/events/timeline?by=week&country=XAH",
    "events, first page": "/api/events?limit=50",
    "events, page 100, by deaths": "/api/events?limit=50&offset=5000&sort=-fatalities",
    "events, one actor": "/api/events?actor=actor:group-7&limit=50",
}


def fill(db: str, reports: int) -> int:
    store = Store(db)
    made = len(store.document_ids())
    world = World(seed=11, per_day=60)
    started = time.perf_counter()
    while made < reports:
        doc, extraction = world.report(made)
        store.add_document(doc)
        store.save_extraction(extraction)
        made += 1
        if made % 5000 == 0:
            print(f"  {made} reports stored ({time.perf_counter() - started:.0f} s)", flush=True)
    events = store.counts()["events"]
    store.close()
    return events


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--db", default=None)
    args = parser.parse_args()
    db = args.db or str(Path("/tmp") / f"eventwire-api-bench-{args.reports}.db")
    print(f"eventwire from {Path(eventwire.__file__).parent}")
    print(
        f"machine: {os.cpu_count()} CPUs, {platform.machine()}, Python {platform.python_version()}"
    )
    events = fill(db, args.reports)
    print(f"store {db}: {args.reports} reports, {events} events")
    client = TestClient(create_app(Settings(db=db)))
    print(f"{'query':34} {'p50 ms':>8} {'p95 ms':>8} {'items':>6}")
    for name, url in QUERIES.items():
        times = []
        items = 0
        for _ in range(args.repeat):
            started = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - started)
            assert response.status_code == 200, response.text
            items = len(response.json()["items"])
        times.sort()
        p95 = times[max(0, int(0.95 * len(times)) - 1)]
        print(f"{name:34} {statistics.median(times) * 1000:8.1f} {p95 * 1000:8.1f} {items:6}")


if __name__ == "__main__":
    main()
