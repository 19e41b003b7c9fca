"""Documents per second for geoparsing on the public news gold sets, on one core.

Measures, on GeoWebNews (GWN.xml) and TR-News (read from ../shared/data/geo, never copied):

- resolution alone: the documents are parsed first (not timed), then only eventwire's
  geoparser runs over each document's place mentions (descriptor and proximity reading,
  document context, gazetteer candidates, ranking): the cost of geoparsing itself;
- recognition and resolution: the whole eventwire pipeline (spaCy model, entity stage,
  geoparser) from raw text, for comparison with the model's own cost.

Run: ``OMP_NUM_THREADS=1 .venv/bin/python bench/geoparse_speed.py [--runs 3]``. The
process is pinned to one CPU where the platform allows it.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from eventwire.evaluate.geodata import GeoDoc, read_geo
from eventwire.extract.entities import EntityFinder
from eventwire.extract.extensions import FINDINGS
from eventwire.extract.geoparse import geoparse
from eventwire.extract.pipeline import build_pipeline
from eventwire.records import Actor

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "geo"
FILES = ("GWN.xml", "TR-News.xml")


def pin_to_one_core() -> str:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
        return "pinned to one CPU"
    return "not pinned (platform has no sched_setaffinity)"


def median_seconds(work: Callable[[], None], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def measure(docs: list[GeoDoc], runs: int) -> tuple[float, float, int]:
    nlp = build_pipeline()
    finder = nlp.get_pipe("eventwire_entities")
    assert isinstance(finder, EntityFinder)
    texts = [doc.text for doc in docs]
    parsed = list(nlp.pipe(texts, batch_size=8))  # warm-up, and the input of step one
    mentions = sum(1 for d in parsed for f in getattr(d._, FINDINGS).spans if f.kind == "place")

    def resolve_only() -> None:
        for doc in parsed:
            findings = getattr(doc._, FINDINGS)
            places = [f for f in findings.spans if f.kind == "place"]
            countries = [e.country for e in findings.entities if isinstance(e, Actor) and e.country]
            geoparse(
                doc,
                places,
                finder.gazetteer,
                demonyms=finder.lexicon.demonyms,
                actor_countries=countries,
            )

    def whole_pipeline() -> None:
        for _ in nlp.pipe(texts, batch_size=8):
            pass

    return median_seconds(resolve_only, runs), median_seconds(whole_pipeline, runs), mentions


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}"
    )
    print(f"process: {pin_to_one_core()}, OMP_NUM_THREADS={os.environ.get('OMP_NUM_THREADS')}")
    for name in FILES:
        path = DATA / name
        if not path.exists():
            print(f"{name}: absent ({path}); the gold sets live in ../shared/data")
            continue
        docs = read_geo(path)
        resolve_s, pipeline_s, mentions = measure(docs, args.runs)
        print(
            f"{name}: {len(docs)} documents, {mentions} place mentions; "
            f"resolution alone {resolve_s:.2f} s = {len(docs) / resolve_s:.0f} docs/s "
            f"({mentions / resolve_s:.0f} mentions/s); "
            f"whole pipeline {pipeline_s:.2f} s = {len(docs) / pipeline_s:.1f} docs/s"
        )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS {peak:.0f} MiB")


if __name__ == "__main__":
    main()
