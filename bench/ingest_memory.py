"""Peak memory of ingesting big inputs (no extraction): is it bounded as files grow?

Inputs are generated in a temporary folder and deleted afterwards:

- a JSON Lines file of about ``--mb`` MB (default 50) and one of ``--small-mb`` MB
  (default 5), each made of distinct synthetic reports;
- a single ``.txt`` report of each of those two sizes;
- a ``.txt`` of ``--diverse-mb`` MB (default 20, under the default 20 MiB limit) whose
  word 5-shingles are nearly all distinct (see below);
- another ``--small-mb`` MB of JSON Lines with other reports, ingested into the store the
  big JSON Lines file filled: a new ingest loads every stored document's MinHash first,
  so this shows whether memory depends on the store's size as well.

The text is synthetic: sentences of the bundled report
``examples/irgc-casualties-syria.txt`` plus a few templated ones, recombined in random
subsets and orders, with numbers, names, places, ranks and common words swapped for each
report (a fixed random seed makes the files reproducible). That is fine for a memory
measurement: what memory depends on here is how many reports there are, how long they
are and how distinct (content hashes and MinHash near-duplicate checks must see distinct
documents, so nothing is skipped as known), not what they say. The output prints how
many were stored and how many were linked as near-duplicates, so this can be checked.

One way this text is unlike real prose matters for a single big ``.txt``: recombined
sentences repeat 5-word sequences, so its body has far fewer distinct word 5-shingles
(the input of the near-duplicate MinHash) than its word count, while real news has
about one per word (97.6 % on the CoNLL-2003 dev file). The "diverse" file, words drawn
at random from the seed's vocabulary, has one per word like real text. For each .txt
the output prints its words and distinct 5-shingles.

Each ingest runs in a fresh child process (this script with ``--child``), one at a time,
with ``max_bytes`` raised above the file size and a cap on its address space
(``--cap-gib``, so that a runaway allocation fails with MemoryError instead of bringing
the machine down). The child prints its wall time, the documents stored and its own peak
resident memory (``VmHWM``; :func:`peak_rss_kib` says why not ``ru_maxrss``) before and
after the ingest. Bounded means: the peak stays roughly flat from the small file to the
big one.

Last, a JSON Lines and a .txt file over the default ``max_bytes`` (20 MiB) are ingested
without raising it: they are refused before being read, and the failure is printed.

Run from the repository root (about 3 minutes at the defaults)::

    .venv/bin/python bench/ingest_memory.py
    .venv/bin/python bench/ingest_memory.py --mb 20 --small-mb 2 --diverse-mb 0
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import eventwire
from eventwire.dedup import shingles
from eventwire.settings import Settings

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "examples" / "irgc-casualties-syria.txt"
MB = 1_000_000
RANDOM_SEED = 2015
SENTENCES_PER_REPORT = (10, 20)
SENTENCES_PER_PARAGRAPH = 2
WORDS_PER_LINE = 25
DEFAULT_MAX_BYTES = Settings().max_bytes
WORD_RE = re.compile(r"\w+")  # a word as eventwire.dedup counts it

FIRST_NAMES = (
    "Hossein", "Ezzatollah", "Mohammad", "Ali", "Reza", "Qassem", "Mahmoud", "Hassan",
    "Abbas", "Javad", "Mehdi", "Saeed", "Amir", "Karim", "Yousef", "Omar", "Khaled",
    "Farid", "Nasser", "Rostam",
)  # fmt: skip
LAST_NAMES = (
    "Hamedani", "Soleimani", "Rezaei", "Tavakoli", "Jafari", "Moradi", "Karimi",
    "Hosseini", "Ahmadi", "Bagheri", "Nouri", "Sadeghi", "Rahimi", "Ghorbani", "Zamani",
    "Shirazi", "Kazemi", "Mousavi", "Najafi", "Esmaili",
)  # fmt: skip
CITIES = (
    "Aleppo", "Homs", "Hama", "Idlib", "Deir ez-Zor", "Raqqa", "Palmyra", "Daraa",
    "Latakia", "Quneitra", "Tartus", "Qamishli", "al-Bukamal", "Manbij", "Kobani",
)  # fmt: skip
PROVINCES = (
    "Ahvaz", "Khuzestan", "Kermanshah", "Sistan", "Kurdistan", "Ilam", "Lorestan",
    "Hormozgan", "Bushehr", "Fars",
)  # fmt: skip
RANKS = ("Colonel", "General", "Brigadier General", "Major", "Captain", "Lieutenant Colonel")
MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December",
)  # fmt: skip
# Interchangeable words: each occurrence takes one of its group at random.
SYNONYMS = (
    ("killed", "slain", "shot dead", "killed in action"),
    ("senior", "high-ranking", "veteran", "leading"),
    ("officers", "commanders", "officials", "cadres"),
    ("source", "official", "insider", "informant"),
    ("sources", "officials", "insiders", "witnesses"),
    ("claimed", "said", "alleged", "reported"),
    ("battles", "clashes", "fighting", "skirmishes"),
    ("recent", "past", "last few", "preceding"),
    ("weeks", "months", "days"),
    ("reports", "witnesses", "local media", "activists"),
    ("regime", "government", "state", "Syrian army"),
    ("troops", "forces", "units", "fighters"),
    ("revealed", "disclosed", "described", "confirmed"),
    ("northern", "eastern", "southern", "western", "central"),
)
TEMPLATES = (
    "At least {n} fighters were {killed} near {city} on {day} {month}, according to {reports}.",
    "{rank} {person} told reporters in {city} that {n} {troops} had been deployed.",
    "The {sources} said {n} civilians had fled {city} since {day} {month}.",
    "A {senior} commander, {rank} {person}, was buried in {province} on {day} {month}.",
    "{reports} counted {n} air strikes on {city} in the {recent} {weeks}.",
    "Funerals for {n} {troops} were held in {province} and {province2} this week.",
    "{rank} {person} was {killed} by a roadside bomb outside {city}.",
    "The {regime} denied that {n} of its {officers} had deserted near {city}.",
    "In {city}, {n} families were reported displaced after {battles} on {day} {month}.",
    "A {source} in {province} {claimed} that {n} recruits had left for {city}.",
    "{reports} put the toll of the {battles} around {city} at {n} dead.",
    "The {senior} {officers} met in {province} to discuss the losses at {city}.",
)
_NAME_SWAPS = {
    "Ezzatollah Soleimani": "person",
    "Hossein Hamedani": "person",
    "Aleppo": "city",
    "Ahvaz": "province",
    "Colonel": "rank",
    "General": "rank",
}
_SWAP_RE = re.compile(r"\b(" + "|".join(map(re.escape, _NAME_SWAPS)) + r")\b|\b\d+\b")
_SYNONYM_GROUP = {group[0]: group for group in SYNONYMS}
_SYNONYM_RE = re.compile(r"\b(" + "|".join(map(re.escape, _SYNONYM_GROUP)) + r")\b")
_SENTENCE_END_RE = re.compile(r"(?<=[.?!])\s+|(?<=[.?!][\"”])\s+|\n+")


@dataclass(frozen=True)
class Case:
    """One ingest to measure: a label, a file, the max_bytes to use (None: the default)
    and the label of the case whose store it adds to (None: a fresh store)."""

    label: str
    path: Path
    max_bytes: int | None
    store: str | None = None


@dataclass(frozen=True)
class Measured:
    """What a child measured: seconds in ``ew.ingest``, documents in the store after it,
    its peak RSS (KiB) before and after the ingest, failures, or the error it died of.
    ``stored`` counts the whole store, ``added`` what this ingest added."""

    wall: float = 0.0
    added: int = 0
    stored: int = 0
    duplicates: int = 0
    not_extracted: int = 0
    failures: tuple[str, ...] = ()
    rss_before_kib: int = 0
    rss_peak_kib: int = 0
    error: str | None = None


# ---- synthetic reports ----------------------------------------------------------------


def seed_sentences(path: Path) -> list[str]:
    """The body sentences of the seed report (its title and caption lines left out)."""
    lines = path.read_text(encoding="utf-8").split("\n")[2:]
    return [s.strip() for s in _SENTENCE_END_RE.split("\n".join(lines)) if s.strip()]


def person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


def vary(sentence: str, rng: random.Random) -> str:
    """``sentence`` with its numbers, names, places, ranks and common words swapped."""
    pools = {"city": CITIES, "province": PROVINCES, "rank": RANKS}

    def swap(match: re.Match[str]) -> str:
        kind = _NAME_SWAPS.get(match.group(0))
        if kind is None:
            return str(rng.randint(2, 999))
        return person(rng) if kind == "person" else rng.choice(pools[kind])

    sentence = _SWAP_RE.sub(swap, sentence)
    sentence = _SYNONYM_RE.sub(lambda m: rng.choice(_SYNONYM_GROUP[m.group(0)]), sentence)
    return sentence[0].upper() + sentence[1:]


def fill(template: str, rng: random.Random) -> str:
    words = {group[0]: rng.choice(group) for group in SYNONYMS}
    province, province2 = rng.sample(PROVINCES, 2)
    sentence = template.format(
        n=rng.randint(2, 999),
        city=rng.choice(CITIES),
        province=province,
        province2=province2,
        rank=rng.choice(RANKS),
        person=person(rng),
        day=rng.randint(1, 28),
        month=rng.choice(MONTHS),
        **words,
    )
    return sentence[0].upper() + sentence[1:]


def report(number: int, seeds: Sequence[str], rng: random.Random) -> tuple[str, str]:
    """(title, body) of synthetic report ``number``; the dateline makes each one unique."""
    count = rng.randint(*SENTENCES_PER_REPORT)
    picked = rng.sample(range(len(seeds) + len(TEMPLATES)), count)
    sentences = [
        vary(seeds[i], rng) if i < len(seeds) else fill(TEMPLATES[i - len(seeds)], rng)
        for i in picked
    ]
    city = rng.choice(CITIES)
    dateline = f"{city.upper()}, {rng.randint(1, 28)} {rng.choice(MONTHS)} (report {number}) -"
    sentences[0] = f"{dateline} {sentences[0]}"
    paragraphs = [
        " ".join(sentences[i : i + SENTENCES_PER_PARAGRAPH])
        for i in range(0, len(sentences), SENTENCES_PER_PARAGRAPH)
    ]
    title = f"{rng.choice(RANKS)} {person(rng)} {rng.choice(SYNONYMS[0])} near {city}"
    return title, "\n\n".join(paragraphs)


def reports(seeds: Sequence[str], rng: random.Random) -> Iterator[tuple[str, str]]:
    """Synthetic reports numbered 1, 2, 3... without end."""
    for number in itertools.count(1):
        yield report(number, seeds, rng)


def write_jsonl(path: Path, size: int, seeds: Sequence[str], *, seed: int = RANDOM_SEED) -> int:
    """A JSON Lines file of at least ``size`` bytes; returns the number of reports."""
    written = count = 0
    with path.open("w", encoding="utf-8") as fh:
        for title, body in reports(seeds, random.Random(seed)):
            line = json.dumps({"id": f"syn-{count + 1}", "title": title, "text": body}) + "\n"
            fh.write(line)
            written += len(line.encode("utf-8"))
            count += 1
            if written >= size:
                return count
    raise AssertionError("unreachable: reports() never ends")


def write_txt(path: Path, size: int, seeds: Sequence[str]) -> int:
    """One ``.txt`` report of at least ``size`` bytes: a title line, then the bodies of
    many synthetic reports as paragraphs; returns how many bodies it holds."""
    written = count = 0
    with path.open("w", encoding="utf-8") as fh:
        title = "Casualty reports from the Syrian front, collected\n\n"
        fh.write(title)
        written += len(title)
        for _, body in reports(seeds, random.Random(RANDOM_SEED + 1)):
            fh.write(body + "\n\n")
            written += len(body.encode("utf-8")) + 2
            count += 1
            if written >= size:
                return count
    raise AssertionError("unreachable: reports() never ends")


def write_diverse_txt(path: Path, size: int, seeds: Sequence[str]) -> None:
    """One ``.txt`` of at least ``size`` bytes whose word 5-shingles are nearly all
    distinct: words drawn at random from the seed sentences' vocabulary, in lines of
    about a sentence."""
    vocabulary = sorted({w for s in seeds for w in WORD_RE.findall(s)})
    rng = random.Random(RANDOM_SEED + 2)
    written = 0
    with path.open("w", encoding="utf-8") as fh:
        title = "Word salad with distinct 5-word sequences\n\n"
        fh.write(title)
        written += len(title)
        while written < size:
            line = " ".join(rng.choices(vocabulary, k=WORDS_PER_LINE)) + ".\n"
            fh.write(line)
            written += len(line.encode("utf-8"))


# ---- the child: one ingest, measured --------------------------------------------------


def peak_rss_kib() -> int:
    """Peak resident memory of this process, KiB: ``VmHWM`` of /proc/self/status.

    Not ``ru_maxrss``: on Linux a child's ``ru_maxrss`` starts at its parent's resident
    size when it was spawned (the high-water mark survives the exec), so a big parent
    hides the child's own figure. ``VmHWM`` belongs to the new process image only.
    ``ru_maxrss`` is the fallback where /proc is missing.
    """
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text(encoding="ascii").splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def cap_address_space(gib: float) -> None:
    limit = int(gib * 1024**3)
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def child(path: Path, db: Path, max_bytes: int | None, cap_gib: float) -> Measured:
    """Ingest ``path`` into the store at ``db``; what it took and what it stored."""
    cap_address_space(cap_gib)
    settings = {} if max_bytes is None else {"max_bytes": max_bytes}
    with eventwire.open(db, **settings) as ew:
        before = peak_rss_kib()
        start = time.perf_counter()
        try:
            result = ew.ingest([path])
        except MemoryError as exc:
            wall = time.perf_counter() - start
            error = f"MemoryError: {exc}"
            return Measured(wall, rss_before_kib=before, rss_peak_kib=peak_rss_kib(), error=error)
        wall = time.perf_counter() - start
        stored = ew.counts()["documents"]
    return Measured(
        wall=wall,
        added=len(result.added),
        stored=stored,
        duplicates=len(result.duplicates),
        not_extracted=len(result.not_extracted),
        failures=tuple(str(f) for f in result.failures),
        rss_before_kib=before,
        rss_peak_kib=peak_rss_kib(),
    )


def run_child(case: Case, workdir: Path, cap_gib: float) -> Measured:
    """Run one case in a fresh Python process and read back its measurements."""
    db = workdir / f"{(case.store or case.label).replace(' ', '-')}.db"
    command = [sys.executable, __file__, "--child", str(case.path), "--db", str(db)]
    command += ["--cap-gib", str(cap_gib)]
    if case.max_bytes is not None:
        command += ["--max-bytes", str(case.max_bytes)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        tail = done.stderr.strip().splitlines()[-1:] or ["(no output)"]
        return Measured(error=f"child exited with {done.returncode}: {tail[0]}")
    fields = json.loads(done.stdout.strip().splitlines()[-1])
    return Measured(**{**fields, "failures": tuple(fields["failures"])})


# ---- output ---------------------------------------------------------------------------


def mib(kib: int) -> str:
    return f"{kib / 1024:,.0f} MiB"


def describe(case: Case, result: Measured) -> str:
    head = f"{case.label:<18} {case.path.stat().st_size / MB:6.1f} MB"
    if result.error is not None:
        peak = f", peak RSS {mib(result.rss_peak_kib)}" if result.rss_peak_kib else ""
        return f"{head}  FAILED after {result.wall:.1f} s: {result.error}{peak}"
    if result.failures and not result.stored:
        return f"{head}  refused in {result.wall:.2f} s: {'; '.join(result.failures)}"
    failed = f", {len(result.failures)} failures" if result.failures else ""
    store = f" into the '{case.store}' store, now {result.stored}" if case.store else ""
    return (
        f"{head}  {result.wall:6.1f} s  added {result.added:>6} docs{store} "
        f"(near-duplicates {result.duplicates}, not extracted {result.not_extracted}{failed})  "
        f"RSS before ingest {mib(result.rss_before_kib)}, peak {mib(result.rss_peak_kib)}"
    )


def build_inputs(workdir: Path, mb: float, small_mb: float) -> list[Case]:
    """The synthetic JSON Lines and .txt files, each read with max_bytes raised above it;
    then more JSON Lines into the store the big one filled."""
    seeds = seed_sentences(SEED)
    cases = []
    for kind, writer in (("jsonl", write_jsonl), ("txt", write_txt)):
        for size in (small_mb, mb):
            path = workdir / f"synthetic-{size:g}mb.{kind}"
            count = writer(path, int(size * MB), seeds)
            print(f"wrote {path.name}: {path.stat().st_size:,} bytes, {count:,} reports"
                  f"{shingle_note(path)}")  # fmt: skip
            cases.append(Case(f"{kind} {size:g} MB", path, raised(path)))
    more = workdir / f"more-{small_mb:g}mb.jsonl"
    count = write_jsonl(more, int(small_mb * MB), seeds, seed=RANDOM_SEED + 3)
    print(f"wrote {more.name}: {more.stat().st_size:,} bytes, {count:,} other reports")
    grown = Case(f"jsonl {small_mb:g} MB more", more, raised(more), store=f"jsonl {mb:g} MB")
    return [*cases[:2], grown, *cases[2:]]


def raised(path: Path) -> int:
    """A max_bytes that lets ``path`` be read."""
    return path.stat().st_size + MB


def diverse_case(workdir: Path, mb: float) -> Case:
    """A .txt whose word 5-shingles are nearly all distinct, as in real prose; read with
    the default max_bytes when it fits under it."""
    path = workdir / f"diverse-{mb:g}mb.txt"
    write_diverse_txt(path, int(mb * MB), seed_sentences(SEED))
    print(f"wrote {path.name}: {path.stat().st_size:,} bytes{shingle_note(path)}")
    size = path.stat().st_size
    return Case(f"diverse {mb:g} MB", path, None if size <= DEFAULT_MAX_BYTES else raised(path))


def over_limit_cases(workdir: Path, cases: Sequence[Case]) -> list[Case]:
    """A file of each kind over the default max_bytes, read with the default: the biggest
    one already written when it is over, else a new one just over."""
    seeds = seed_sentences(SEED)
    over = []
    for kind, writer in (("jsonl", write_jsonl), ("txt", write_txt)):
        sizes = [(c.path.stat().st_size, c.path) for c in cases if c.path.suffix == f".{kind}"]
        size, path = max(sizes)
        if size <= DEFAULT_MAX_BYTES:
            path = workdir / f"over-limit.{kind}"
            writer(path, DEFAULT_MAX_BYTES + MB, seeds)
        over.append(Case(f"{kind} default", path, None))
    return over


def shingle_note(path: Path) -> str:
    """How many distinct word 5-shingles a .txt holds (what its MinHash is made of)."""
    if path.suffix != ".txt":
        return ""
    text = path.read_text(encoding="utf-8")
    return f", {len(WORD_RE.findall(text)):,} words, {len(shingles(text)):,} distinct 5-shingles"


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--mb", type=float, default=50, help="size of the big inputs, MB")
    parser.add_argument("--small-mb", type=float, default=5, help="size of the small ones, MB")
    parser.add_argument(
        "--diverse-mb",
        type=float,
        default=20,
        help="size of the shingle-diverse .txt (0: skip); 20 fits the default max_bytes",
    )
    parser.add_argument(
        "--cap-gib", type=float, default=12, help="address-space cap of each child, GiB"
    )
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--max-bytes", type=int, default=None, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: Sequence[str]) -> None:
    args = parse_args(argv)
    if args.child is not None:
        print(json.dumps(asdict(child(args.child, args.db, args.max_bytes, args.cap_gib))))
        return
    print(f"eventwire {eventwire.__version__} from {Path(eventwire.__file__).parent}")
    print(f"each ingest in a fresh child process, address space capped at {args.cap_gib:g} GiB")
    with tempfile.TemporaryDirectory(prefix="eventwire-bench-") as tmp:
        workdir = Path(tmp)
        cases = build_inputs(workdir, args.mb, args.small_mb)
        if args.diverse_mb:
            cases.append(diverse_case(workdir, args.diverse_mb))
        for case in [*cases, *over_limit_cases(workdir, cases)]:
            print(describe(case, run_child(case, workdir, args.cap_gib)), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
