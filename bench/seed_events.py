"""How long extracting the whole canonical example takes once the model is loaded.

Times, over ``--runs`` repetitions on ``examples/irgc-casualties-syria.txt`` (published
2015-11-02):

- the spaCy model with eventwire's components (``nlp(text)``: tagger, parser, NER,
  paragraph breaks, the entity stage and geoparser);
- eventwire's analysis of the parsed document (``analyse``: times, numbers, casualty
  counts, attribution frames, events, claims, named casualties), and within it the
  attribution and event stages alone;
- the two together: what one report costs end to end after start-up.

It prints medians and the slowest run. Run: ``.venv/bin/python bench/seed_events.py [--runs 50]``.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time
from datetime import date
from pathlib import Path

import eventwire
from eventwire.extract.analyse import analyse, find_events
from eventwire.extract.pipeline import build_pipeline
from eventwire.normalise import build_document
from eventwire.readers import read_path
from eventwire.records import RawReport
from eventwire.settings import Settings

SEED = Path(__file__).resolve().parents[1] / "examples" / "irgc-casualties-syria.txt"


def milliseconds(samples: list[float]) -> str:
    median, slowest = statistics.median(samples) * 1000, max(samples) * 1000
    return f"median {median:7.1f} ms   slowest {slowest:7.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()

    [raw] = list(read_path(SEED, settings=Settings()))
    assert isinstance(raw, RawReport)
    document = build_document(raw, published=date(2015, 11, 2))
    started = time.perf_counter()
    nlp = build_pipeline()
    load = time.perf_counter() - started
    analyse(document, nlp(document.text))  # warm-up: YAML data, caches

    model, analysis, events, total = [], [], [], []
    found = None
    for _ in range(args.runs):
        t0 = time.perf_counter()
        doc = nlp(document.text)
        t1 = time.perf_counter()
        found = analyse(document, doc)
        t2 = time.perf_counter()
        find_events(document, doc, found.times, found.quantities, found.casualties)
        t3 = time.perf_counter()
        model.append(t1 - t0)
        analysis.append(t2 - t1)
        events.append(t3 - t2)
        total.append(t2 - t0)
    assert found is not None

    print(f"eventwire from {Path(eventwire.__file__).parent}")
    cpu = platform.processor() or platform.machine()
    print(f"machine: {os.cpu_count()} CPUs, {cpu}, Python {platform.python_version()}")
    counts = (
        f"{len(found.events)} events, {len(found.claims)} claims, "
        f"{len(found.named_casualties)} named casualties"
    )
    print(
        f"seed: {len(document.text)} characters; {counts}; {args.runs} runs; "
        f"pipeline load {load:.1f} s"
    )
    print(f"model + entity stage (nlp)      {milliseconds(model)}")
    print(f"analyse (all of eventwire's)    {milliseconds(analysis)}")
    print(f"  attribution + events alone    {milliseconds(events)}")
    print(f"whole seed after loading        {milliseconds(total)}")


if __name__ == "__main__":
    main()
