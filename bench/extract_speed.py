"""Throughput of eventwire's entity stage against its floor, the bare spaCy model.

Corpus: real news text, the CoNLL-2003 English dev file (Reuters, 1996) read from
``../shared/data/ner/conll2003-eng.testa`` (never copied into the repository): split into
documents on ``-DOCSTART-`` lines, tokens joined with spaces, sentences with newlines; the
first sentence (the headline) is the title. When the file is absent the bundled
``examples/*.txt`` are repeated instead (each copy's title numbered so that it is a
distinct document), and the output says so.

Measured, each warmed up once and then timed ``--runs`` times (the median is reported):

(a) the bare model, ``load_model().pipe(texts, batch_size=8)``: the floor;
(b) the full eventwire pipeline, ``build_pipeline().pipe(texts, batch_size=8)``: the
    model plus the ``eventwire_entities`` component;
(b+) the same pipeline through ``eventwire.extract.pipeline.extract(nlp, documents)``,
    the call ``ew.extract()`` makes: (b) plus turning each parsed doc into an
    ``Extraction`` record (and whatever else that step runs at the measured commit),
    everything but the store;
(c) eventwire end to end through the API, on a fresh store in a temporary folder each run:
    ``ew.ingest([corpus.jsonl])``, then the pipeline load (``ew.pipeline()``), then
    ``ew.extract()``, each timed on its own.

Printed: docs/s and chars/s per stage, the overhead of (b) and (b+) over (a) in percent
and the
peak resident memory of the process (``resource.getrusage``) after each stage.
Timings are printed, never asserted.

Run from the repository root (about 3 minutes at the defaults)::

    .venv/bin/python bench/extract_speed.py              # whole dev file, 3 runs
    .venv/bin/python bench/extract_speed.py --runs 5 --limit 50
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import spacy
from spacy.language import Language

import eventwire
from eventwire.extract.pipeline import build_pipeline, extract
from eventwire.nlp import load_model
from eventwire.normalise import build_document
from eventwire.readers.text import parse_text
from eventwire.records import Document, RawReport

REPO = Path(__file__).resolve().parents[1]
CONLL_DEV = REPO.parent / "shared" / "data" / "ner" / "conll2003-eng.testa"
EXAMPLES = REPO / "examples"
BATCH_SIZE = 8
FALLBACK_COPIES = 50
DOCSTART = "-DOCSTART-"


@dataclass(frozen=True)
class Report:
    """One document of the corpus; ``text`` is what eventwire stores and extracts from."""

    title: str
    body: str

    @property
    def text(self) -> str:
        return f"{self.title}\n\n{self.body}"


@dataclass(frozen=True)
class Corpus:
    reports: tuple[Report, ...]
    description: str

    @property
    def texts(self) -> list[str]:
        return [r.text for r in self.reports]

    @property
    def chars(self) -> int:
        return sum(len(t) for t in self.texts)


@dataclass(frozen=True)
class ApiRun:
    """Seconds spent in each step of one end-to-end run, and what it stored."""

    ingest: float
    load: float
    extract: float
    stored: int
    extracted: int
    extracted_chars: int
    mentions: int


# ---- corpus ---------------------------------------------------------------------------


def conll_documents(path: Path) -> list[Report]:
    """Documents of a CoNLL-2003 file: the first sentence is the title, the rest the body."""
    documents: list[list[str]] = [[]]
    tokens: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith(DOCSTART) or not line.strip():
            if tokens:
                documents[-1].append(" ".join(tokens))
                tokens = []
            if line.startswith(DOCSTART):
                documents.append([])
            continue
        tokens.append(line.split(" ", 1)[0])
    if tokens:
        documents[-1].append(" ".join(tokens))
    return [Report(sents[0], "\n".join(sents[1:])) for sents in documents if len(sents) > 1]


def example_documents(folder: Path, copies: int) -> list[Report]:
    """The bundled example reports, each repeated ``copies`` times with a numbered title."""
    originals = [
        parse_text(p.read_text(encoding="utf-8"), origin=str(p)) for p in folder.glob("*.txt")
    ]
    return [
        Report(f"{raw.title or 'Report'} (copy {n})", raw.text)
        for n in range(1, copies + 1)
        for raw in originals
    ]


def load_corpus(path: Path, limit: int | None) -> Corpus:
    if path.exists():
        reports = conll_documents(path)
        description = f"CoNLL-2003 English dev (Reuters), {path}"
    else:
        reports = example_documents(EXAMPLES, FALLBACK_COPIES)
        description = (
            f"FALLBACK: {path} is absent, so {EXAMPLES}/*.txt repeated {FALLBACK_COPIES} "
            "times (numbered titles); figures are NOT comparable with the CoNLL ones"
        )
    return Corpus(tuple(reports[:limit] if limit else reports), description)


# ---- timing ---------------------------------------------------------------------------


def timed(step: Callable[[], object]) -> float:
    start = time.perf_counter()
    step()
    return time.perf_counter() - start


def warm_then_time(step: Callable[[], object], runs: int) -> list[float]:
    """Run ``step`` once untimed, then ``runs`` timed times."""
    step()
    return [timed(step) for _ in range(runs)]


def pipe_all(nlp: Language, texts: Sequence[str]) -> None:
    for _ in nlp.pipe(texts, batch_size=BATCH_SIZE):
        pass


def extract_all(nlp: Language, documents: Sequence[Document]) -> None:
    for _ in extract(nlp, documents, batch_size=BATCH_SIZE):
        pass


def to_documents(corpus: Corpus) -> list[Document]:
    """The corpus as eventwire's normalised Document records (as ingest makes them)."""
    return [
        build_document(RawReport(origin=f"bench:{n}", title=r.title, text=r.body))
        for n, r in enumerate(corpus.reports, start=1)
    ]


def write_jsonl(reports: Sequence[Report], path: Path) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for number, report in enumerate(reports, start=1):
            record = {"id": f"bench-{number}", "title": report.title, "text": report.body}
            fh.write(json.dumps(record) + "\n")


def api_run(jsonl: Path, db: Path) -> ApiRun:
    """One end-to-end run through the public API on a fresh store."""
    with eventwire.open(db) as ew:
        start = time.perf_counter()
        report = ew.ingest([jsonl])
        ingest = time.perf_counter() - start
        load = timed(ew.pipeline)
        start = time.perf_counter()
        result = ew.extract()
        extracting = time.perf_counter() - start
        chars = sum(len(ew.document(d).text) for d in result.extracted)
    return ApiRun(
        ingest, load, extracting, len(report.added), len(result.extracted), chars, result.mentions
    )


def api_runs(corpus: Corpus, runs: int) -> list[ApiRun]:
    """A warm-up run, then ``runs`` timed ones, each on a fresh store in a temp folder."""
    with tempfile.TemporaryDirectory(prefix="eventwire-bench-") as tmp:
        jsonl = Path(tmp) / "corpus.jsonl"
        write_jsonl(corpus.reports, jsonl)
        return [api_run(jsonl, Path(tmp) / f"run{n}.db") for n in range(runs + 1)][1:]


# ---- output ---------------------------------------------------------------------------


def peak_rss_mib() -> float:
    """Peak resident set size of this process so far (ru_maxrss is KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rate_line(label: str, seconds: list[float], docs: int, chars: int) -> str:
    median = statistics.median(seconds)
    runs = ", ".join(f"{s:.2f}" for s in seconds)
    return (
        f"{label:<28} median {median:7.2f} s  {docs / median:7.1f} docs/s  "
        f"{chars / median:9,.0f} chars/s   (runs: {runs})"
    )


def print_header(corpus: Corpus, runs: int) -> None:
    print(f"eventwire {eventwire.__version__} from {Path(eventwire.__file__).parent}")
    print(f"corpus: {corpus.description}")
    print(f"        {len(corpus.reports)} documents, {corpus.chars:,} chars")
    print(
        f"python {platform.python_version()}, spaCy {spacy.__version__}, "
        f"batch_size={BATCH_SIZE}, warm-up 1 + {runs} timed runs, median reported"
    )


def bench_step(label: str, step: Callable[[], object], corpus: Corpus, runs: int) -> float:
    seconds = warm_then_time(step, runs)
    print(rate_line(label, seconds, len(corpus.reports), corpus.chars))
    print(f"{'':<28} peak RSS so far {peak_rss_mib():,.0f} MiB")
    return statistics.median(seconds)


def bench_api(corpus: Corpus, runs: int) -> None:
    results = api_runs(corpus, runs)
    first = results[0]
    print(
        f"(c) API: {first.stored} documents stored, {first.extracted} extracted "
        f"({first.extracted_chars:,} chars, {first.mentions:,} mentions); "
        "rates below use those counts"
    )
    n, chars = len(corpus.reports), corpus.chars
    print(rate_line("(c) ew.ingest", [r.ingest for r in results], n, chars))
    load = statistics.median(r.load for r in results)
    print(f"{'(c) ew.pipeline() load':<28} median {load:7.2f} s")
    extract = [r.extract for r in results]
    print(rate_line("(c) ew.extract", extract, first.extracted, first.extracted_chars))
    total = [r.ingest + r.load + r.extract for r in results]
    print(rate_line("(c) ingest+load+extract", total, n, chars))
    print(f"{'':<28} peak RSS so far {peak_rss_mib():,.0f} MiB")


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=3, help="timed runs after the warm-up")
    parser.add_argument("--limit", type=int, default=None, help="first N documents only")
    parser.add_argument("--data", type=Path, default=CONLL_DEV, help="CoNLL-2003 file")
    return parser.parse_args(argv)


def main(argv: Sequence[str]) -> None:
    args = parse_args(argv)
    corpus = load_corpus(args.data, args.limit)
    print_header(corpus, args.runs)
    print(f"{'start':<28} peak RSS so far {peak_rss_mib():,.0f} MiB")
    texts, documents = corpus.texts, to_documents(corpus)
    bare_nlp = load_model()
    bare = bench_step("(a) bare model", lambda: pipe_all(bare_nlp, texts), corpus, args.runs)
    nlp = build_pipeline()
    full = bench_step("(b) eventwire pipeline", lambda: pipe_all(nlp, texts), corpus, args.runs)
    records = bench_step(
        "(b+) pipeline + records", lambda: extract_all(nlp, documents), corpus, args.runs
    )
    print(f"overhead of (b) over (a): {100 * (full - bare) / bare:+.1f} %")
    print(f"overhead of (b+) over (a): {100 * (records - bare) / bare:+.1f} %")
    bench_api(corpus, args.runs)


if __name__ == "__main__":
    main(sys.argv[1:])
