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
import random
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import func, select

import eventwire
from eventwire.records import (
    Actor,
    Argument,
    Claim,
    Document,
    Event,
    EventPlace,
    Evidence,
    Extraction,
    GazetteerEntry,
    Mention,
    Person,
    Place,
    Quantity,
    Source,
    TimeRef,
)
from eventwire.store import schema
from eventwire.store import store as store_module
from eventwire.store.store import Store

VIOLENT = [
    "armed-clash",
    "air-drone-strike",
    "killing",
    "shelling-artillery-missile",
    "remote-explosive",
]
OTHER = ["arrests", "peaceful-protest", "funeral", "investigation", "agreement"]
FIRST = [
    "Ali",
    "Hossein",
    "Mohammed",
    "Ahmad",
    "Omar",
    "Yusuf",
    "Ibrahim",
    "Khalid",
    "Hassan",
    "Reza",
]
LAST = [f"Name{i}" for i in range(300)]
START = date(2023, 1, 1)


class World:
    def __init__(self, seed: int, per_day: int) -> None:
        self.random = random.Random(seed)
        self.per_day = per_day
        self.places = [
            GazetteerEntry(
                geonames_id=100000 + i,
                name=f"Town{i}",
                feature_class="P",
                feature_code="PPL",
                country=f"C{i % 40:02d}",
                lat=-40 + (i % 80) + self.random.random(),
                lon=-60 + (i // 80) * 5 + self.random.random(),
            )
            for i in range(2000)
        ]
        self.people = [f"{a} {b}" for a in FIRST for b in LAST]

    def report(self, n: int) -> tuple[Document, Extraction]:
        r = self.random
        doc_id = f"dsyn{n:08d}"
        published = START + timedelta(days=n // self.per_day)
        text = (
            f"Report {n}. Fighters clashed in Town near the border, killing 5 people. "
            f"Police arrested Person in the capital."
        )
        ev = lambda a, b: Evidence(doc_id, a, b, text[a:b])  # noqa: E731
        geo_a, geo_b = r.choice(self.places), r.choice(self.places)
        place_a = Place(f"place:geonames:{geo_a.geonames_id}", geo_a.name, geo_a)
        place_b = Place(f"place:geonames:{geo_b.geonames_id}", geo_b.name, geo_b)
        name = r.choice(self.people)
        person = Person(f"person:{name.lower().replace(' ', '-')}", name)
        actor = Actor(f"actor:group-{r.randrange(200)}", "Group")
        day = published - timedelta(days=r.randrange(3))
        when = TimeRef(
            ev(len(f"Report {n}. "), len(f"Report {n}. ") + 8),
            "DATE",
            day.isoformat(),
            day,
            day,
            "day",
            "publication",
        )
        dead = Quantity(ev(text.index("5"), text.index("5") + 1), 5.0, 5.0, 5.0)
        violent = Event(
            id=f"e:{doc_id}:1",
            doc=doc_id,
            type=r.choice(VIOLENT),
            trigger=ev(text.index("clashed"), text.index("clashed") + 7),
            evidence=ev(0, len(text)),
            certainty="asserted",
            arguments=(
                Argument("actor", ev(text.index("Fighters"), text.index("Fighters") + 8), actor.id),
                Argument("target", ev(text.index("Person"), text.index("Person") + 6), person.id),
            ),
            place=EventPlace(place_a.id, ev(text.index("Town"), text.index("Town") + 4), 1),
            time=when,
            fatalities=dead,
        )
        other = Event(
            id=f"e:{doc_id}:2",
            doc=doc_id,
            type=r.choice(OTHER),
            trigger=ev(text.index("arrested"), text.index("arrested") + 8),
            evidence=ev(0, len(text)),
            certainty="reported",
            place=EventPlace(place_b.id, ev(text.index("capital"), text.index("capital") + 7), 2),
            time=when,
            sources=(
                Source("Police", "official", ev(text.index("Police"), text.index("Police") + 6)),
            ),
        )
        doc = Document(
            id=doc_id, text=text, body_start=0, published=published, source=f"Outlet{n % 50}"
        )
        extraction = Extraction(
            doc_id=doc_id,
            actors=(actor,),
            people=(person,),
            places=(place_a, place_b),
            mentions=(
                Mention(person.id, "person", ev(text.index("Person"), text.index("Person") + 6)),
                Mention(
                    place_a.id, "place", ev(text.index("Town"), text.index("Town") + 4), precision=1
                ),
            ),
            times=(when,),
            events=(violent, other),
            claims=tuple(
                Claim(f"cl:{e.id}:0", doc_id, e.id, e.sources, e.certainty, e.evidence)
                for e in (violent, other)
            ),
        )
        return doc, extraction


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,50000")
    parser.add_argument("--sample", type=int, default=200)
    parser.add_argument("--per-day", type=int, default=60)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]

    merge_times: list[float] = []
    original = store_module._merge

    def timed(conn, extraction):  # type: ignore[no-untyped-def]
        started = time.perf_counter()
        original(conn, extraction)
        merge_times.append(time.perf_counter() - started)

    store_module._merge = timed  # type: ignore[assignment]
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
