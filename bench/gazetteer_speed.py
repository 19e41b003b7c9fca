"""How fast the gazetteer opens and answers: open time, ``lookup`` and ``contains`` per
call, on the gazetteer at ``$EVENTWIRE_GAZETTEER`` or the default path (build it first
with ``eventwire gazetteer build``).

Run: ``.venv/bin/python bench/gazetteer_speed.py [--calls 10000]``.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import time

from eventwire.gazetteer import default_path, open_gazetteer

NAMES = (
    "Aleppo",
    "Halab",
    "Ahwaz",
    "Kyiv",
    "Daraa",
    "Deir ez-Zor",
    "Tripoli",
    "Mosul",
    "Springfield",
    "Nowhereville",
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=10_000)
    args = parser.parse_args()
    print(f"machine: {platform.machine()}, Python {platform.python_version()}")
    path = default_path()
    opens = []
    for _ in range(20):
        start = time.perf_counter()
        open_gazetteer(path).close()
        opens.append(time.perf_counter() - start)
    print(f"gazetteer {path} ({path.stat().st_size / 1e6:.0f} MB)")
    print(f"open: median {statistics.median(opens) * 1000:.2f} ms over 20 opens")
    gazetteer = open_gazetteer(path)
    for name, call in (("lookup", gazetteer.lookup), ("contains", gazetteer.contains)):
        start = time.perf_counter()
        for i in range(args.calls):
            call(NAMES[i % len(NAMES)])
        seconds = time.perf_counter() - start
        each = seconds / args.calls * 1e6
        print(f"{name}: {args.calls} calls in {seconds:.3f} s = {each:.1f} µs each")


if __name__ == "__main__":
    main()
