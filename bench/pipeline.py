"""Speed of every pipeline stage, eventwire end to end, and plain spaCy on the same text.

Corpus: real news, the GeoWebNews (200 articles) and TR-News (118 articles) gold sets read
from ``../shared/data/geo/`` with ``eventwire.evaluate.geodata.read_geo`` (never copied
into the repository). To reach ``--reports N`` beyond those 318 the articles are
repeated, each copy's title numbered ("(copy 2)") so that its id differs; copies are
then near-duplicates of their originals, which ingest links but still extracts. Every
report gets the same publication date (2018-06-01). The corpus is written as one JSON
Lines file in a temporary folder, which is what ingest reads.

Measured in one run, on the same texts:

1. **stages**, one after the other in this process, one core, on the first
   ``--stage-reports`` reports (default: all of them, at most 318): ingest (read the JSON
   Lines file, normalise, detect the language, near-duplicate check, insert: ``ew.ingest``
   on a fresh store); loading the pipeline; NLP (``nlp.pipe`` over the stored documents,
   batch 8: the model plus eventwire's paragraph and entity components, and the model
   alone in a second pass with the ``eventwire_entities`` component disabled, so the
   entity stage with its geoparser is the difference); times + numbers (and turning the
   findings into records); casualty counts; events (attribution, events, claims, named
   casualties); store writes (``Store.save_extractions``: mentions, entities, events,
   merging, one transaction per 16 reports, as ``run`` saves them). This pass mirrors
   ``eventwire.extract.analyse.analyse`` call for call.
2. **plain spaCy**, in a fresh child process: import spaCy, ``eventwire.nlp.load_model()``
   (en_core_web_sm), read the texts from the JSON Lines file, then
   ``nlp.pipe(texts, n_process=P, batch_size=8)`` over all N texts; and the same with only
   tok2vec and ner enabled, for reference. Timed from before the import.
3. **eventwire end to end**, in a fresh child process: ``eventwire.open(db).run([jsonl])``
   on a fresh store (ingest, pipeline load, extraction with store writes and merging),
   with ``EVENTWIRE_PROCESSES=P``. Timed from before ``import eventwire``, so, as in (2),
   the imports, the model load and the reading of the file are in the wall time. The
   child samples, every 0.2 s, the resident memory of itself plus all its descendants
   (extraction workers), and reads its own ``VmHWM``: peak RSS is the larger of the
   sampled sum and that high-water mark.

``ratio`` = eventwire end-to-end articles/s / plain spaCy full-pipeline articles/s.
With ``--repeat K`` (``make bench`` uses 3) the pair (2) full pipeline, (3) runs K times
in turn and the run with the median ratio is reported (``ratios`` holds all of them;
``peak_rss_mb`` is the largest of the K): on this shared virtual machine the speed of
both sides drifts by several per cent from one minute to the next.

Printed as a table; ``--json`` prints one JSON object instead; ``--out FILE`` saves that
object too. Timings are printed, never asserted.

Run from the repository root::

    .venv/bin/python bench/pipeline.py                      # 318 reports, all cores
    .venv/bin/python bench/pipeline.py --no-stages --repeat 5 --json   # the ratio, 5 times
    .venv/bin/python bench/pipeline.py --reports 2000 --processes 2 --json
    .venv/bin/python bench/pipeline.py --reports 10000 --no-stages --no-spacy   # memory
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
GEO = REPO.parent / "shared" / "data" / "geo"
SETS = (("GWN", GEO / "GWN.xml"), ("TR-News", GEO / "TR-News.xml"))
PUBLISHED = date(2018, 6, 1)
BATCH_SIZE = 8
SAMPLE_SECONDS = 0.2


@dataclass(frozen=True)
class Report:
    title: str
    body: str

    @property
    def text(self) -> str:
        return f"{self.title}\n\n{self.body}"

    @property
    def words(self) -> int:
        return len(self.text.split())


# ---- corpus ---------------------------------------------------------------------------


def originals() -> list[Report]:
    from eventwire.evaluate.geodata import read_geo

    reports = []
    for label, path in SETS:
        if not path.exists():
            sys.exit(f"error: {path} is absent; this bench needs ../shared/data/geo/")
        for doc in read_geo(path):
            reports.append(Report(f"{label} {doc.name}", doc.text.strip()))
    return reports


def corpus(n: int) -> list[Report]:
    base = originals()
    out = []
    for i in range(n):
        report = base[i % len(base)]
        copy = i // len(base)
        out.append(
            report if copy == 0 else replace(report, title=f"{report.title} (copy {copy + 1})")
        )
    return out


def write_jsonl(reports: Sequence[Report], path: Path) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        for n, r in enumerate(reports, start=1):
            record = {"id": f"bench-{n}", "title": r.title, "text": r.body}
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


# ---- memory ---------------------------------------------------------------------------


def status_kib(pid: int | str, key: str) -> int:
    try:
        text = Path(f"/proc/{pid}/status").read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError):
        return 0
    for line in text.splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])
    return 0


def descendants(pid: int) -> Iterator[int]:
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            children = (task / "children").read_text(encoding="ascii").split()
        except OSError:
            continue
        for child in children:
            yield int(child)
            yield from descendants(int(child))


class TreeSampler(threading.Thread):
    """Largest summed VmRSS of this process and its descendants, sampled."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak_kib = 0
        self.peak_processes = 1
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(SAMPLE_SECONDS):
            self.sample()

    def sample(self) -> None:
        pids = [os.getpid(), *descendants(os.getpid())]
        total = sum(status_kib(p, "VmRSS") for p in pids)
        if total > self.peak_kib:
            self.peak_kib, self.peak_processes = total, len(pids)

    def stop(self) -> None:
        self.done.set()
        self.join()
        self.sample()


# ---- the end-to-end child -------------------------------------------------------------


def child_e2e(jsonl: Path, db: Path) -> dict[str, Any]:
    sampler = TreeSampler()
    sampler.start()
    start = time.perf_counter()  # before the import, as plain spaCy's child is timed
    import eventwire

    # max_bytes above the file's size: 10,000 reports are over the default 20 MiB
    with eventwire.open(db, published=PUBLISHED, max_bytes=jsonl.stat().st_size + 1) as ew:
        report = ew.run([jsonl])
        wall = time.perf_counter() - start
        counts = ew.counts()
    sampler.stop()
    hwm = status_kib("self", "VmHWM")
    return {
        "seconds": wall,
        "added": len(report.added),
        "failures": [str(f) for f in report.failures],
        "near_duplicates": len(report.duplicates),
        "not_extracted": len(report.not_extracted),
        "counts": counts,
        "main_vmhwm_mb": hwm / 1024,
        "tree_peak_rss_mb": sampler.peak_kib / 1024,
        "tree_processes_at_peak": sampler.peak_processes,
        "peak_rss_mb": max(hwm, sampler.peak_kib) / 1024,
    }


def run_e2e(jsonl: Path, db: Path, processes: int) -> dict[str, Any]:
    env = {**os.environ, "EVENTWIRE_PROCESSES": str(processes)}
    command = [sys.executable, __file__, "--child-e2e", str(jsonl), "--db", str(db)]
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    if done.returncode != 0:
        sys.exit(f"end-to-end child failed ({done.returncode}):\n{done.stderr[-3000:]}")
    result = dict(json.loads(done.stdout.strip().splitlines()[-1]))
    if result["failures"]:
        sys.exit(f"end-to-end child could not read the corpus: {result['failures']}")
    return result


# ---- stages, one process --------------------------------------------------------------


def stages(reports: Sequence[Report], workdir: Path) -> tuple[dict[str, float], dict[str, int]]:
    """Seconds per stage over ``reports``, and what was found."""
    import eventwire
    from eventwire.api import SAVE_BATCH
    from eventwire.extract.analyse import count_casualties, find_events
    from eventwire.extract.entities import to_extraction
    from eventwire.extract.named import find_named_casualties
    from eventwire.extract.pipeline import COMPONENT
    from eventwire.numbers import find_quantities
    from eventwire.records import Extraction
    from eventwire.times.find import find_times

    seconds: dict[str, float] = dict.fromkeys(
        ("ingest", "load", "nlp", "model", "times_numbers", "casualties", "events", "store"), 0.0
    )
    found = dict.fromkeys(("reports", "mentions", "events", "casualties", "times"), 0)
    jsonl = write_jsonl(reports, workdir / "stages.jsonl")
    limit = jsonl.stat().st_size + 1
    with eventwire.open(workdir / "stages.db", published=PUBLISHED, max_bytes=limit) as ew:
        t = time.perf_counter()
        ew.ingest([jsonl])
        seconds["ingest"] = time.perf_counter() - t
        t = time.perf_counter()
        nlp = ew.pipeline()
        seconds["load"] = time.perf_counter() - t
        documents = [ew.document(d) for d in ew.store.document_ids(status="pending")]
        # warm-up (lazy YAML, gazetteer connection, caches) on one document, untimed
        list(nlp.pipe([documents[0].text]))

        stream = nlp.pipe(((d.text, d) for d in documents), as_tuples=True, batch_size=BATCH_SIZE)
        unsaved: list[Extraction] = []
        while True:
            t0 = time.perf_counter()
            try:
                doc, document = next(stream)
            except StopIteration:
                break
            t1 = time.perf_counter()
            entities = to_extraction(document.id, doc)
            times = find_times(doc, doc_id=document.id, published=document.published)
            quantities = find_quantities(doc, doc_id=document.id)
            t2 = time.perf_counter()
            casualties = count_casualties(document, doc, times, quantities)
            t3 = time.perf_counter()
            events, claims = find_events(document, doc, times, quantities, casualties)
            named = find_named_casualties(events, entities.people, claims)
            extraction = replace(
                entities,
                times=tuple(times),
                quantities=tuple(quantities),
                casualties=tuple(casualties),
                events=tuple(events),
                claims=tuple(claims),
                named_casualties=tuple(named),
            )
            t4 = time.perf_counter()
            unsaved.append(extraction)
            if len(unsaved) == SAVE_BATCH:  # as run saves them
                ew.store.save_extractions(unsaved)
                unsaved = []
            t5 = time.perf_counter()
            seconds["nlp"] += t1 - t0
            seconds["times_numbers"] += t2 - t1
            seconds["casualties"] += t3 - t2
            seconds["events"] += t4 - t3
            seconds["store"] += t5 - t4
            found["reports"] += 1
            found["mentions"] += len(extraction.mentions)
            found["events"] += len(events)
            found["casualties"] += len(casualties)
            found["times"] += len(times)

        t = time.perf_counter()
        ew.store.save_extractions(unsaved)
        seconds["store"] += time.perf_counter() - t

        texts = [d.text for d in documents]
        with nlp.select_pipes(disable=[COMPONENT]):
            t = time.perf_counter()
            for _ in nlp.pipe(texts, batch_size=BATCH_SIZE):
                pass
            seconds["model"] = time.perf_counter() - t
    return seconds, found


def child_spacy(jsonl: Path, only: Sequence[str]) -> dict[str, Any]:
    """Plain spaCy as a script would run it: import, load, read the texts, pipe them.
    Timed from before the import, as the end-to-end child is timed from before
    eventwire's: each side pays its own imports (spaCy's, about 0.5 s here, is paid in
    eventwire's fork server too)."""
    start = time.perf_counter()
    from eventwire.nlp import load_model  # imports spaCy

    nlp = load_model()
    if only:
        nlp.select_pipes(enable=list(only))
    with jsonl.open(encoding="utf-8") as fh:
        texts = [Report(r["title"], r["text"]).text for r in map(json.loads, fh)]
    processes = int(os.environ["BENCH_SPACY_PROCESSES"])
    for _ in nlp.pipe(texts, n_process=processes, batch_size=BATCH_SIZE):
        pass
    return {"seconds": time.perf_counter() - start}


def plain_spacy(jsonl: Path, processes: int, *, only: Sequence[str] = ()) -> float:
    """Seconds for :func:`child_spacy` in a fresh process (nothing imported or loaded)."""
    env = {**os.environ, "BENCH_SPACY_PROCESSES": str(processes)}
    command = [sys.executable, __file__, "--child-spacy", str(jsonl)]
    command += ["--only", ",".join(only)] if only else []
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    if done.returncode != 0:
        sys.exit(f"plain spaCy child failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return float(json.loads(done.stdout.strip().splitlines()[-1])["seconds"])


# ---- machine and output ---------------------------------------------------------------


def machine() -> dict[str, Any]:
    import spacy

    import eventwire

    cpu = "unknown"
    for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem = status_kib_meminfo("MemTotal")
    return {
        "cpus": len(os.sched_getaffinity(0)),
        "cpu_model": cpu,
        "memory_mb": mem // 1024,
        "python": platform.python_version(),
        "spacy": spacy.__version__,
        "model": "en_core_web_sm 3.8.0",
        "eventwire": str(Path(eventwire.__file__).parent),
        "platform": platform.platform(),
    }


def status_kib_meminfo(key: str) -> int:
    for line in Path("/proc/meminfo").read_text(encoding="ascii").splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])
    return 0


def rate(n: int, words: int, seconds: float) -> dict[str, float]:
    if seconds <= 0:
        return {"seconds": seconds, "articles_per_s": 0.0, "words_per_s": 0.0}
    return {
        "seconds": round(seconds, 3),
        "articles_per_s": round(n / seconds, 2),
        "words_per_s": round(words / seconds, 0),
    }


def table(result: dict[str, Any]) -> str:
    m = result["machine"]
    lines = [
        f"machine: {m['cpus']} CPUs ({m['cpu_model']}), {m['memory_mb']:,} MB RAM, "
        f"Python {m['python']}, spaCy {m['spacy']}, {m['model']}",
        f"eventwire from {m['eventwire']}",
        f"corpus: {result['corpus']}",
        "",
        f"{'stage':<52} {'reports':>7} {'seconds':>8} {'art/s':>8} {'words/s':>9}",
    ]
    for name, row in result["stages"].items():
        lines.append(
            f"{name:<52} {row['reports']:>7} {row['seconds']:>8.2f} "
            f"{row['articles_per_s']:>8.1f} {row['words_per_s']:>9,.0f}"
        )
    lines.append("")
    for name, row in result["side_by_side"].items():
        lines.append(
            f"{name:<52} {row['reports']:>7} {row['seconds']:>8.2f} "
            f"{row['articles_per_s']:>8.1f} {row['words_per_s']:>9,.0f}"
        )
    lines.append("")
    if result.get("ratio") is not None:
        lines.append(
            f"ratio eventwire end to end / spaCy full = {result['ratio']:.2f}  "
            f"(spaCy n_process={result['processes']}, "
            f"eventwire {result['eventwire_processes']} processes)"
        )
        if len(result.get("ratios", [])) > 1:
            lines.append(
                f"  the median of {len(result['ratios'])} runs in turn: "
                + ", ".join(f"{r:.2f}" for r in result["ratios"])
            )
    e2e = result.get("end_to_end")
    if e2e:
        lines.append(
            f"peak RSS end to end: {result['peak_rss_mb']:,.0f} MB "
            f"(main process VmHWM {e2e['main_vmhwm_mb']:,.0f} MB, sampled sum of "
            f"{e2e['tree_processes_at_peak']} processes {e2e['tree_peak_rss_mb']:,.0f} MB); "
            f"stored: {e2e['counts']}"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=318, help="N reports (default 318)")
    parser.add_argument("--processes", type=int, default=len(os.sched_getaffinity(0)))
    parser.add_argument(
        "--eventwire-processes",
        type=int,
        default=None,
        help="EVENTWIRE_PROCESSES for the end-to-end run (default: --processes)",
    )
    parser.add_argument("--stage-reports", type=int, default=None, help="default min(N, 318)")
    parser.add_argument("--no-stages", action="store_true", help="skip the per-stage pass")
    parser.add_argument("--no-spacy", action="store_true", help="skip plain spaCy")
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="run plain spaCy and eventwire end to end this many times in turn and report "
        "the median pair (default 1)",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--out", type=Path, default=None, help="also save the JSON here")
    parser.add_argument("--child-e2e", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--child-spacy", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--only", default="", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.child_e2e:
        print(json.dumps(child_e2e(args.child_e2e, args.db)))
        return
    if args.child_spacy:
        only = [name for name in args.only.split(",") if name]
        print(json.dumps(child_spacy(args.child_spacy, only)))
        return

    reports = corpus(args.reports)
    n, words = len(reports), sum(r.words for r in reports)
    result: dict[str, Any] = {
        "machine": machine(),
        "corpus": (
            f"GeoWebNews + TR-News ({len(originals())} news articles) repeated to {n} "
            f"reports, {words:,} words ({words / n:,.0f} a report)"
        ),
        "reports": n,
        "words": words,
        "processes": args.processes,
        "batch_size": BATCH_SIZE,
        "stages": {},
        "side_by_side": {},
    }
    with tempfile.TemporaryDirectory(prefix="eventwire-bench-") as tmp:
        workdir = Path(tmp)
        if not args.no_stages:
            sample = reports[: args.stage_reports or min(n, 318)]
            sn, sw = len(sample), sum(r.words for r in sample)
            sec, found = stages(sample, workdir)
            rows = {
                "ingest (read, normalise, language, near-dup, insert)": sec["ingest"],
                "pipeline load (model + gazetteer + lexicon)": sec["load"],
                "NLP: model + eventwire components": sec["nlp"],
                "  model alone (tagger, parser, ner...)": sec["model"],
                "  entities + places (eventwire_entities)": sec["nlp"] - sec["model"],
                "times + numbers (+ records)": sec["times_numbers"],
                "casualties": sec["casualties"],
                "events (attribution, events, claims, named)": sec["events"],
                "store writes (save_extractions incl. merging)": sec["store"],
                "sum of stages (one core)": sum(v for k, v in sec.items() if k != "model"),
            }
            result["stages"] = {k: {"reports": sn, **rate(sn, sw, v)} for k, v in rows.items()}
            result["stage_found"] = found
        jsonl = write_jsonl(reports, workdir / "corpus.jsonl")
        ew_processes = args.eventwire_processes or args.processes
        result["eventwire_processes"] = ew_processes
        if not args.no_spacy:
            ner = plain_spacy(jsonl, args.processes, only=("tok2vec", "ner"))
        # Side by side, `--repeat` times in turn: the machine's speed drifts, so each
        # eventwire run is compared with the spaCy run just before it.
        runs: list[tuple[float | None, dict[str, Any]]] = []
        for k in range(args.repeat):
            full = None if args.no_spacy else plain_spacy(jsonl, args.processes)
            runs.append((full, run_e2e(jsonl, workdir / f"e2e-{k}.db", ew_processes)))
        # ordered by ratio (by eventwire's time alone without spaCy): the middle one is
        # the median run
        runs.sort(key=lambda run: (run[0] or 1.0) / run[1]["seconds"])
        if not args.no_spacy:
            result["ratios"] = [round((f or 0.0) / e["seconds"], 3) for f, e in runs]
        full, e2e = runs[len(runs) // 2]
        result["repeat"] = args.repeat
        if full is not None:
            result["side_by_side"][f"spaCy full pipeline, n_process={args.processes}"] = {
                "reports": n,
                **rate(n, words, full),
            }
            result["side_by_side"][f"spaCy tok2vec+ner only, n_process={args.processes}"] = {
                "reports": n,
                **rate(n, words, ner),
            }
            result["spacy_full_articles_per_s"] = round(n / full, 2)
            result["spacy_full_words_per_s"] = round(words / full, 0)
        result["end_to_end"] = e2e
        result["side_by_side"][f"eventwire end to end (run), {ew_processes} processes"] = {
            "reports": n,
            **rate(n, words, e2e["seconds"]),
        }
        result["eventwire_articles_per_s"] = round(n / e2e["seconds"], 2)
        result["eventwire_words_per_s"] = round(words / e2e["seconds"], 0)
        # memory: the largest of the runs, not the median
        result["peak_rss_mb"] = round(max(run[1]["peak_rss_mb"] for run in runs), 1)
        if full is not None:
            result["ratio"] = round(full / e2e["seconds"], 3)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2) if args.json else table(result))


if __name__ == "__main__":
    main()
