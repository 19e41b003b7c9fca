"""Reader for attribution gold data in brat standoff: PolNeAR's ``text/`` + ``attributions/``.

A PolNeAR split folder holds ``text/NAME.txt`` (the article) and
``attributions/NAME_ANNOTATOR.ann`` (brat standoff; ``ANNOTATOR`` is a 4-hex-digit id)::

    T1	Source 89 106	The New York Post
    T2	Cue 107 114	reports
    T3	Content 115 290	that Hillary Clinton's team avoided …
    T4	Attribution 107 114	reports
    E1	Attribution:T4 Content:T3 Cue:T2 Source:T1
    T9	Content 315 448;463 553	"One of the things …" "Yesterday, …"

What is read, per article, into an :class:`AttributionDoc`:

- ``text``: the ``.txt`` file decoded as UTF-8, unchanged (brat offsets count characters).
- ``sources``, ``cues``, ``contents``: the ``T`` lines of type ``Source``, ``Cue`` and
  ``Content``, as :class:`GoldSpan` character offsets, sorted. Whitespace at the edges of
  a span is left out of it.
- ``attributions``: the number of ``E`` lines (one per attribution relation; an
  attribution without a source has the trigger type ``Attribution-no-source``).

Not scored, and only counted: the event triggers ``Attribution`` and
``Attribution-no-source`` (they repeat the cue's span), annotators' ``Discuss`` and
``Discard`` marks and any other entity type (``other_entities``). ``A`` (attribute),
``R`` (relation), ``*`` (equivalence), ``N`` (normalisation) and ``#`` (note) lines are
skipped.

Discontinuous spans (``315 448;463 553``: brat's fragments, here mostly a quotation
interrupted by "he said"): fragments separated only by whitespace are joined into one
span, since a tagger of tokens would see one run there; the remaining fragments are
scored as separate spans (the text between them is not content, and a tagger that
marks tokens can only produce contiguous runs). ``discontinuous`` counts the annotations
that stay split. The text brat stores after the offsets (the fragments joined by one
space) must equal the text at those offsets: a mismatch means the ``.ann`` does not
belong to that ``.txt`` (or the text was re-encoded) and is an error.

Articles annotated by several annotators (PolNeAR has a few agreement articles annotated
by all six): the annotation of the alphabetically first annotator id is read, so each
article is scored once; ``alternatives`` counts the annotations left aside. Dates come
from ``metadata.tsv`` (column ``publication_date``, by ``filename``) in the folder or its
parent, when it is there.

A malformed line, offsets outside the text, a relation naming an unknown ``T`` id, or an
``.ann`` without its ``.txt`` raises :class:`~eventwire.errors.EvalDataError` naming the
file and the line.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from eventwire.errors import EvalDataError

SCORED_TYPES: tuple[str, ...] = ("Source", "Cue", "Content")
"""The entity types that are attribution spans."""
TRIGGER_TYPES: tuple[str, ...] = ("Attribution", "Attribution-no-source")
"""Event trigger types (they repeat the cue span; not scored)."""
SKIPPED_PREFIXES: tuple[str, ...] = ("A", "R", "*", "N", "#", "M")
"""brat line kinds that carry nothing scored here."""

_ANN_NAME = re.compile(r"^(?P<name>.+)_(?P<annotator>[0-9a-f]{4})$")
_ENTITY = re.compile(r"^(?P<type>\S+) (?P<locations>\d+ \d+(?:;\d+ \d+)*)$")


@dataclass(frozen=True, slots=True, order=True)
class GoldSpan:
    """``text[start:end]`` of its document; ``ann_id`` is the brat ``T`` id it came from."""

    start: int
    end: int
    ann_id: str = ""


@dataclass(frozen=True, slots=True)
class AttributionDoc:
    """One annotated article: its text and its source, cue and content spans."""

    name: str
    text: str
    sources: tuple[GoldSpan, ...]
    cues: tuple[GoldSpan, ...]
    contents: tuple[GoldSpan, ...]
    attributions: int = 0
    annotator: str = ""
    published: date | None = None
    discontinuous: int = 0
    alternatives: int = 0
    other_entities: int = 0


@dataclass(slots=True)
class _Parsed:
    spans: dict[str, list[GoldSpan]]
    ids: set[str]
    attributions: int = 0
    discontinuous: int = 0
    other: int = 0


def _fragments(locations: str, *, text: str, where: str) -> list[tuple[int, int]]:
    """The fragments of a brat location list, sorted, each inside ``text``."""
    fragments = []
    for part in locations.split(";"):
        start_text, end_text = part.split(" ")
        start, end = int(start_text), int(end_text)
        if not 0 <= start < end <= len(text):
            raise EvalDataError(
                f"{where}: the span {start}-{end} is not inside the text of {len(text)} "
                "characters; check that the .ann belongs to this .txt"
            )
        fragments.append((start, end))
    return sorted(fragments)


def _spans(fragments: list[tuple[int, int]], *, text: str, ann_id: str) -> list[GoldSpan]:
    """Fragments trimmed of edge whitespace, joined where only whitespace separates them."""
    runs: list[tuple[int, int]] = []
    for start, end in fragments:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start == end:
            continue
        if runs and (runs[-1][1] >= start or not text[runs[-1][1] : start].strip()):
            runs[-1] = (runs[-1][0], max(end, runs[-1][1]))
        else:
            runs.append((start, end))
    return [GoldSpan(start, end, ann_id) for start, end in runs]


def _entity(fields: list[str], *, text: str, where: str, parsed: _Parsed) -> None:
    if len(fields) != 3:
        raise EvalDataError(
            f"{where}: a T line needs three tab-separated fields (id, 'Type start end', "
            "text); repair the line"
        )
    ann_id, middle, stored = fields
    match = _ENTITY.match(middle)
    if match is None:
        raise EvalDataError(
            f"{where}: {middle!r} is not 'Type start end[;start end…]'; repair the offsets"
        )
    fragments = _fragments(match["locations"], text=text, where=where)
    written = [int(n) for part in match["locations"].split(";") for n in part.split(" ")]
    in_order = [(written[i], written[i + 1]) for i in range(0, len(written), 2)]
    if " ".join(text[a:b] for a, b in in_order) != stored:
        raise EvalDataError(
            f"{where}: the text at {match['locations']} is not {stored[:40]!r}; the .ann does "
            "not match its .txt (wrong file, or the text was re-encoded or edited)"
        )
    parsed.ids.add(ann_id)
    kind = match["type"]
    if kind in SCORED_TYPES:
        spans = _spans(fragments, text=text, ann_id=ann_id)
        parsed.discontinuous += len(spans) > 1
        parsed.spans[kind].extend(spans)
    elif kind not in TRIGGER_TYPES:
        parsed.other += 1


def _event(
    fields: list[str], *, where: str, parsed: _Parsed, pending: list[tuple[str, str]]
) -> None:
    if len(fields) != 2 or not fields[1].strip():
        raise EvalDataError(
            f"{where}: an E line needs an id and 'Type:Tn Role:Tn…'; repair the line"
        )
    for argument in fields[1].split():
        role, _, target = argument.partition(":")
        if not role or not target:
            raise EvalDataError(f"{where}: {argument!r} is not 'Role:Id'; repair the relation")
        pending.append((target, where))
    parsed.attributions += 1


def _parse_ann(content: str, *, text: str, origin: str) -> _Parsed:
    """The spans and counts of the text of one ``.ann`` file over ``text``."""
    parsed = _Parsed(spans={kind: [] for kind in SCORED_TYPES}, ids=set())
    pending: list[tuple[str, str]] = []
    for number, line in enumerate(content.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{origin}:{number}"
        fields = line.rstrip("\n").split("\t")
        if line[0] == "T":
            _entity(fields, text=text, where=where, parsed=parsed)
        elif line[0] == "E":
            _event(fields, where=where, parsed=parsed, pending=pending)
        elif line[0] not in SKIPPED_PREFIXES:
            raise EvalDataError(
                f"{where}: {line[:30]!r} is not a brat standoff line (T, E, A, R, *, N, M "
                "or #); check that the file is a brat .ann"
            )
    for target, where in pending:
        if target not in parsed.ids and not target.startswith("E"):
            raise EvalDataError(
                f"{where}: the relation names {target}, which no T line defines; repair the "
                "relation or restore the entity"
            )
    return parsed


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise EvalDataError(
            f"{path}: not UTF-8 ({error.reason} at byte {error.start}); re-save it as UTF-8"
        ) from error


def read_dates(folder: Path) -> dict[str, date]:
    """``filename -> publication_date`` from PolNeAR's ``metadata.tsv`` in or above ``folder``."""
    for candidate in (folder / "metadata.tsv", folder.parent / "metadata.tsv"):
        if candidate.is_file():
            break
    else:
        return {}
    dates: dict[str, date] = {}
    with candidate.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            name, written = row.get("filename"), row.get("publication_date")
            if name and written:
                try:
                    dates[name] = date.fromisoformat(written.strip())
                except ValueError:
                    continue  # an undated row ("None") has no date to give
    return dates


def read_ann(ann: Path, *, text_path: Path, name: str, annotator: str = "") -> AttributionDoc:
    """One :class:`AttributionDoc` from an ``.ann`` file and the ``.txt`` it annotates."""
    text = _read_text(text_path)
    parsed = _parse_ann(_read_text(ann), text=text, origin=str(ann))
    return AttributionDoc(
        name=name,
        text=text,
        sources=tuple(sorted(parsed.spans["Source"])),
        cues=tuple(sorted(parsed.spans["Cue"])),
        contents=tuple(sorted(parsed.spans["Content"])),
        attributions=parsed.attributions,
        annotator=annotator,
        discontinuous=parsed.discontinuous,
        other_entities=parsed.other,
    )


def read_attribution_folder(folder: str | Path) -> list[AttributionDoc]:
    """Every annotated article of a split folder holding ``text/`` and ``attributions/``.

    Documents come in name order; see the module docstring for what is read.
    """
    root = Path(folder)
    texts, anns = root / "text", root / "attributions"
    if not (texts.is_dir() and anns.is_dir()):
        raise EvalDataError(
            f"{root}: expected the folders text/ and attributions/ in it; point --data at a "
            "PolNeAR split (e.g. ../shared/data/attribution/polnear/dev)"
        )
    by_name: dict[str, list[tuple[str, Path]]] = {}
    for ann in sorted(anns.glob("*.ann")):
        match = _ANN_NAME.match(ann.stem)
        name, annotator = (match["name"], match["annotator"]) if match else (ann.stem, "")
        by_name.setdefault(name, []).append((annotator, ann))
    if not by_name:
        raise EvalDataError(f"{anns}: no .ann files in it; it should hold brat standoff files")
    dates = read_dates(root)
    docs = []
    for name, versions in sorted(by_name.items()):
        annotator, ann = min(versions)
        text_path = texts / f"{name}.txt"
        if not text_path.is_file():
            raise EvalDataError(
                f"{ann}: no text {text_path} for it; every .ann needs the .txt it annotates"
            )
        doc = read_ann(ann, text_path=text_path, name=name, annotator=annotator)
        docs.append(
            AttributionDoc(
                name=doc.name,
                text=doc.text,
                sources=doc.sources,
                cues=doc.cues,
                contents=doc.contents,
                attributions=doc.attributions,
                annotator=doc.annotator,
                published=dates.get(name),
                discontinuous=doc.discontinuous,
                alternatives=len(versions) - 1,
                other_entities=doc.other_entities,
            )
        )
    return docs
