"""Readers for geoparsing gold data: TR-News/LGL XML, GeoWebNews (XML, gwn_full.txt, brat).

Every reader gives the same records: a :class:`GeoDoc` per article with its plain text and
its :class:`GoldToponym` spans (character offsets into that text), each with a GeoNames id
and coordinates where the gold data has them. :func:`read_geo` detects the format:

``trnews`` — TR-News and LGL (Gritta et al.'s XML)
    ``<articles><article docid=…><text>…</text><toponyms><toponym><phrase>``,
    ``<start>``, ``<end>`` and, when the toponym was resolved, ``<gaztag geonameid=…>``
    holding ``<lat>``/``<lon>``. Every toponym is kept; ``kind`` is ``None``.
``gwn`` — GeoWebNews ``GWN.xml``
    ``<article file=…><title><link><text><toponyms><toponym>`` with ``<extractedName>``,
    ``<type>``, ``<start>``, ``<end>`` and, where resolved, ``<geonamesID>`` (may be
    empty), ``<latitude>``, ``<longitude>``. ``kind`` is the type of Gritta et al.'s
    pragmatic taxonomy. Annotations that the taxonomy does not count as toponyms
    (:data:`GWN_NOT_TOPONYMS`: common-noun expressions such as "the city" or "residents",
    and ``Non_Toponym`` negatives such as organisation names) are left out and counted in
    ``GeoDoc.not_toponyms``.
``gwn_full`` — GeoWebNews ``gwn_full.txt``
    One line per article, in ``GWN.xml`` order, of ``||``-separated entries
    ``gazetteer name,,phrase,,lat,,lon,,start,,end``: the toponyms that have a GeoNames
    id, with coordinates but *without the id itself* and without text. The text comes from
    ``GWN.xml`` beside the file (else ``GeoWebNews_brat/``), so ``geonames_id`` and
    ``kind`` are ``None`` and exact-id accuracy cannot be computed on it: use ``GWN.xml``.
``brat`` — a folder of brat standoff files (``GeoWebNews_brat/``)
    ``N.txt`` whose first line is ``TITLE: … LINK: …``, and ``N.ann`` with ``T`` lines
    (type, offsets, text) and ``AnnotatorNotes`` holding a GeoNames id or ``lat, lon``
    (brat gives no coordinates for toponyms annotated with an id). Documents are named
    and ordered as in ``GWN.xml``; the same toponym types are kept.

Quirks of the real files, handled here and counted:

- GeoWebNews offsets count from the start of the article body; the five annotations in
  two headlines (documents 123 and 255, two of them toponyms with coordinates) have
  negative offsets in ``GWN.xml``/``gwn_full.txt`` (brat puts the headline on the first
  line of the text). The headline is not part of the text, as in ``GWN.xml``; these
  spans are counted in ``GeoDoc.outside_text``, not read.
- TR-News has 117 toponyms whose offsets run a few characters past the phrase (the text
  lost characters after annotation; the shift grows along the article, up to 10). When
  ``text[start:end]`` is not the phrase, the nearest occurrence of the phrase within
  :data:`REALIGN_WINDOW` characters of ``start`` is taken (the earlier one on a tie) and
  counted in ``GeoDoc.realigned``. A phrase not found there is an error.

Malformed input raises :class:`~eventwire.errors.EvalDataError` naming the file and the
position (line, or article and toponym).
"""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from eventwire.errors import EvalDataError

Format = Literal["trnews", "gwn", "gwn_full", "brat"]
FORMATS: tuple[Format, ...] = ("trnews", "gwn", "gwn_full", "brat")

GWN_TOPONYM_KINDS: frozenset[str] = frozenset(
    {
        "Literal",
        "Mixed",
        "Coercion",
        "Literal_Modifier",
        "Embedded_Literal",
        "Metonymic",
        "Non_Literal_Modifier",
        "Embedded_Non_Lit",
        "Demonym",
        "Language",
        "Homonym",
    }
)
"""GeoWebNews types that name a place (literal or associative use): read as toponyms."""
GWN_NOT_TOPONYMS: frozenset[str] = frozenset(
    {"Literal_Expression", "Non_Lit_Expression", "Non_Toponym"}
)
"""GeoWebNews types that are not toponyms: left out and counted."""

REALIGN_WINDOW = 40
"""How far (characters) from its stated start a phrase is looked for when offsets drift."""

_BRAT_HEADER = "TITLE: "
_GWN_FULL_FIELDS = 6


@dataclass(frozen=True, slots=True)
class GoldToponym:
    """A gold toponym over ``text[start:end]`` of its document."""

    start: int
    end: int
    text: str
    geonames_id: int | None = None
    lat: float | None = None
    lon: float | None = None
    kind: str | None = None

    @property
    def has_coordinates(self) -> bool:
        return self.lat is not None and self.lon is not None


@dataclass(frozen=True, slots=True)
class GeoDoc:
    """One gold article: its text and toponyms, with what the reader set aside or fixed."""

    name: str
    text: str
    toponyms: tuple[GoldToponym, ...]
    realigned: int = 0
    """Toponyms whose stated offsets did not hold the phrase and were moved to it."""
    outside_text: int = 0
    """Annotations before the text (in the headline), not read."""
    not_toponyms: int = 0
    """GeoWebNews annotations of types that are not toponyms, not read."""


def _child_text(element: ET.Element, tag: str) -> str | None:
    child = element.find(tag)
    if child is None:
        return None
    return child.text or ""


def _integer(value: str | None, *, what: str, where: str) -> int:
    text = (value or "").strip()
    if not re.fullmatch(r"-?\d+", text):
        raise EvalDataError(f"{where}: {what} {value!r} is not a whole number; fix it")
    return int(text)


def _optional_id(value: str | None, *, where: str) -> int | None:
    text = (value or "").strip()
    if not text:
        return None
    if not text.isdigit():
        raise EvalDataError(
            f"{where}: GeoNames id {value!r} is not a positive whole number; fix it or "
            "leave it empty"
        )
    return int(text)


def _coordinates(
    lat_text: str | None, lon_text: str | None, *, where: str
) -> tuple[float | None, float | None]:
    lat_raw, lon_raw = (lat_text or "").strip(), (lon_text or "").strip()
    if not lat_raw and not lon_raw:
        return None, None
    try:
        lat, lon = float(lat_raw), float(lon_raw)
    except ValueError as error:
        raise EvalDataError(
            f"{where}: coordinates ({lat_text!r}, {lon_text!r}) are not two decimal numbers; "
            "give both latitude and longitude in degrees"
        ) from error
    if not (math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180):
        raise EvalDataError(
            f"{where}: coordinates ({lat}, {lon}) are outside latitude -90..90 / longitude "
            "-180..180; were they swapped?"
        )
    return lat, lon


def locate(text: str, *, start: int, end: int, phrase: str, where: str) -> tuple[int, int, bool]:
    """The span of ``phrase`` at or near ``start``: ``(start, end, realigned?)``.

    Exact offsets are kept; otherwise the nearest occurrence within
    :data:`REALIGN_WINDOW` characters (the earlier on a tie) is returned.
    """
    if not 0 <= start <= end:
        raise EvalDataError(f"{where}: offsets {start}-{end} are not a span; fix the offsets")
    if not phrase:
        raise EvalDataError(f"{where}: the toponym has no text; give its phrase")
    if text[start:end] == phrase:
        return start, end, False
    for shift in range(REALIGN_WINDOW + 1):
        for candidate in (start - shift, start + shift):
            if candidate >= 0 and text.startswith(phrase, candidate):
                return candidate, candidate + len(phrase), True
    raise EvalDataError(
        f"{where}: offsets {start}-{end} hold {text[start:end]!r} (text of {len(text)} "
        f"characters), not {phrase!r}, and the phrase is not within {REALIGN_WINDOW} "
        "characters; fix the offsets"
    )


def _parse_xml(content: bytes, *, origin: str) -> ET.Element:
    try:
        return ET.fromstring(content)
    except ET.ParseError as error:
        line, _ = error.position
        raise EvalDataError(
            f"{origin}:{line}: not well-formed XML ({error}); repair the markup"
        ) from error


def _articles(root: ET.Element, *, origin: str) -> list[ET.Element]:
    articles = root.findall("article")
    if root.tag != "articles" or not articles:
        raise EvalDataError(
            f"{origin}: expected <articles> holding <article> elements (TR-News, LGL or "
            f"GeoWebNews XML), found <{root.tag}> with {len(articles)} articles"
        )
    return articles


def _article_text(article: ET.Element, *, where: str) -> str:
    text = _child_text(article, "text")
    if text is None:
        raise EvalDataError(f"{where}: no <text> element; every article needs its text")
    return text


def parse_trnews(root: ET.Element, *, origin: str) -> list[GeoDoc]:
    """Documents from TR-News/LGL XML (see the module docstring)."""
    docs = []
    for number, article in enumerate(_articles(root, origin=origin), start=1):
        name = article.get("docid") or str(number)
        where_article = f"{origin}: article {name}"
        text = _article_text(article, where=where_article)
        toponyms: list[GoldToponym] = []
        realigned = 0
        for index, element in enumerate(article.iter("toponym"), start=1):
            where = f"{where_article}, toponym {index}"
            phrase = _child_text(element, "phrase")
            if phrase is None:
                raise EvalDataError(f"{where}: no <phrase>; give the toponym's text")
            start = _integer(_child_text(element, "start"), what="<start>", where=where)
            end = _integer(_child_text(element, "end"), what="<end>", where=where)
            start, end, moved = locate(text, start=start, end=end, phrase=phrase, where=where)
            realigned += moved
            gaztag = element.find("gaztag")
            geonames_id: int | None = None
            lat: float | None = None
            lon: float | None = None
            if gaztag is not None:
                geonames_id = _optional_id(gaztag.get("geonameid"), where=where)
                lat, lon = _coordinates(
                    _child_text(gaztag, "lat"), _child_text(gaztag, "lon"), where=where
                )
            toponyms.append(GoldToponym(start, end, phrase, geonames_id, lat, lon))
        docs.append(GeoDoc(name=name, text=text, toponyms=_sorted(toponyms), realigned=realigned))
    return docs


def parse_gwn(root: ET.Element, *, origin: str) -> list[GeoDoc]:
    """Documents from GeoWebNews ``GWN.xml`` (see the module docstring)."""
    docs = []
    for number, article in enumerate(_articles(root, origin=origin), start=1):
        name = article.get("file") or str(number)
        where_article = f"{origin}: article {name}"
        text = _article_text(article, where=where_article)
        toponyms: list[GoldToponym] = []
        outside = skipped = realigned = 0
        for index, element in enumerate(article.iter("toponym"), start=1):
            where = f"{where_article}, toponym {index}"
            kind = (_child_text(element, "type") or "").strip()
            if kind in GWN_NOT_TOPONYMS:
                skipped += 1
                continue
            if kind not in GWN_TOPONYM_KINDS:
                raise EvalDataError(
                    f"{where}: type {kind!r} is not a GeoWebNews type (toponyms: "
                    f"{', '.join(sorted(GWN_TOPONYM_KINDS))}); fix the <type>"
                )
            start = _integer(_child_text(element, "start"), what="<start>", where=where)
            end = _integer(_child_text(element, "end"), what="<end>", where=where)
            if start < 0:
                outside += 1
                continue
            phrase = _child_text(element, "extractedName") or ""
            start, end, moved = locate(text, start=start, end=end, phrase=phrase, where=where)
            realigned += moved
            geonames_id = _optional_id(_child_text(element, "geonamesID"), where=where)
            lat, lon = _coordinates(
                _child_text(element, "latitude"), _child_text(element, "longitude"), where=where
            )
            toponyms.append(GoldToponym(start, end, phrase, geonames_id, lat, lon, kind))
        docs.append(
            GeoDoc(
                name=name,
                text=text,
                toponyms=_sorted(toponyms),
                realigned=realigned,
                outside_text=outside,
                not_toponyms=skipped,
            )
        )
    return docs


def parse_gwn_full(lines: list[str], *, texts: list[tuple[str, str]], origin: str) -> list[GeoDoc]:
    """Documents from the lines of ``gwn_full.txt``; ``texts`` are ``(name, text)`` in order."""
    if len(lines) != len(texts):
        raise EvalDataError(
            f"{origin}: {len(lines)} lines but {len(texts)} articles in the text source; "
            "gwn_full.txt needs one line per GWN.xml article, in the same order"
        )
    docs = []
    for number, (line, (name, text)) in enumerate(zip(lines, texts, strict=True), start=1):
        toponyms: list[GoldToponym] = []
        outside = realigned = 0
        for index, entry in enumerate((e for e in line.split("||") if e.strip()), start=1):
            where = f"{origin}:{number}: entry {index}"
            fields = entry.split(",,")
            if len(fields) != _GWN_FULL_FIELDS:
                raise EvalDataError(
                    f"{where}: {len(fields)} ',,'-separated fields in {entry[:60]!r}; expected "
                    "6 (name,,phrase,,lat,,lon,,start,,end)"
                )
            _, phrase, lat_text, lon_text, start_text, end_text = fields
            start = _integer(start_text, what="start", where=where)
            end = _integer(end_text, what="end", where=where)
            lat, lon = _coordinates(lat_text, lon_text, where=where)
            if start < 0:
                outside += 1
                continue
            start, end, moved = locate(text, start=start, end=end, phrase=phrase, where=where)
            realigned += moved
            toponyms.append(GoldToponym(start, end, phrase, None, lat, lon))
        docs.append(
            GeoDoc(
                name=name,
                text=text,
                toponyms=_sorted(toponyms),
                realigned=realigned,
                outside_text=outside,
            )
        )
    return docs


def _brat_notes(value: str, *, where: str) -> tuple[int | None, float | None, float | None]:
    note = value.strip()
    if note.upper() == "N/A" or not note:
        return None, None, None
    if note.isdigit():
        return int(note), None, None
    parts = note.split(",")
    if len(parts) == 2:
        lat, lon = _coordinates(parts[0], parts[1], where=where)
        return None, lat, lon
    raise EvalDataError(
        f"{where}: note {value!r} is neither a GeoNames id nor 'lat, lon'; fix the note"
    )


def parse_brat(text_content: str, ann_content: str, *, name: str, origin: str) -> GeoDoc:
    """One GeoWebNews brat document from the contents of its ``.txt`` and ``.ann`` files."""
    offset = 0
    if text_content.startswith(_BRAT_HEADER) and "\n" in text_content:
        offset = text_content.index("\n") + 1
    text = text_content[offset:]
    spans: dict[str, tuple[str, int, int, str, int]] = {}
    notes: dict[str, tuple[int | None, float | None, float | None]] = {}
    for number, raw in enumerate(ann_content.splitlines(), start=1):
        where = f"{origin}:{number}"
        if not raw.strip() or raw[0] in "AREMN*":
            continue  # attributes and relations carry nothing scored here
        fields = raw.rstrip("\t\r").split("\t")  # some lines end in a stray tab
        if raw.startswith("T") and len(fields) == 3:
            head = fields[1].split()
            if len(head) != 3 or ";" in fields[1]:
                raise EvalDataError(
                    f"{where}: expected 'TYPE start end' in {fields[1]!r} (discontinuous "
                    "spans are not supported); fix the line"
                )
            start = _integer(head[1], what="start", where=where)
            end = _integer(head[2], what="end", where=where)
            spans[fields[0]] = (head[0], start, end, fields[2], number)
        elif raw.startswith("#") and len(fields) == 3 and fields[1].startswith("AnnotatorNotes "):
            target = fields[1].split()[1]
            notes[target] = _brat_notes(fields[2], where=where)
        else:
            raise EvalDataError(
                f"{where}: not a brat standoff line ({raw[:60]!r}); expected 'T1<TAB>TYPE "
                "start end<TAB>text' or '#1<TAB>AnnotatorNotes T1<TAB>note'"
            )
    stray = sorted(set(notes) - set(spans))
    if stray:
        raise EvalDataError(f"{origin}: notes for unknown annotations {stray}; fix the .ann file")
    toponyms: list[GoldToponym] = []
    outside = skipped = realigned = 0
    for tid, (kind, start, end, phrase, number) in spans.items():
        where = f"{origin}:{number}"
        if kind in GWN_NOT_TOPONYMS:
            skipped += 1
            continue
        if kind not in GWN_TOPONYM_KINDS:
            raise EvalDataError(
                f"{where}: type {kind!r} is not a GeoWebNews toponym type; fix the annotation"
            )
        if start < offset:
            outside += 1
            continue
        start, end, moved = locate(
            text, start=start - offset, end=end - offset, phrase=phrase, where=where
        )
        realigned += moved
        geonames_id, lat, lon = notes.get(tid, (None, None, None))
        toponyms.append(GoldToponym(start, end, phrase, geonames_id, lat, lon, kind))
    return GeoDoc(
        name=name,
        text=text,
        toponyms=_sorted(toponyms),
        realigned=realigned,
        outside_text=outside,
        not_toponyms=skipped,
    )


def _sorted(toponyms: list[GoldToponym]) -> tuple[GoldToponym, ...]:
    return tuple(sorted(toponyms, key=lambda t: (t.start, t.end)))


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError as error:
        raise EvalDataError(f"{path}: no such file; check the --data path") from error


def _decode(content: bytes, *, origin: str) -> str:
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise EvalDataError(
            f"{origin}: not UTF-8 (byte {error.start}); re-encode it as UTF-8"
        ) from error


def read_brat_folder(folder: Path) -> list[GeoDoc]:
    """Every ``N.txt``/``N.ann`` pair in ``folder``, in the order of their names as text."""
    texts = sorted(folder.glob("*.txt"))
    if not texts:
        raise EvalDataError(
            f"{folder}: no .txt files; point --data at a brat folder (GeoWebNews_brat) or a "
            "TR-News/LGL/GWN XML file"
        )
    docs = []
    for text_path in sorted(texts, key=lambda p: p.stem):
        ann_path = text_path.with_suffix(".ann")
        if not ann_path.exists():
            raise EvalDataError(f"{text_path}: no {ann_path.name} beside it; add the annotations")
        docs.append(
            parse_brat(
                _decode(_read_bytes(text_path), origin=str(text_path)),
                _decode(_read_bytes(ann_path), origin=str(ann_path)),
                name=text_path.stem,
                origin=str(ann_path),
            )
        )
    return docs


def _gwn_full_texts(path: Path) -> list[tuple[str, str]]:
    """The article texts for ``gwn_full.txt``: from GWN.xml beside it, else the brat folder."""
    xml = path.with_name("GWN.xml")
    if xml.exists():
        docs = parse_gwn(_parse_xml(_read_bytes(xml), origin=str(xml)), origin=str(xml))
        return [(doc.name, doc.text) for doc in docs]
    brat = path.with_name("GeoWebNews_brat")
    if brat.is_dir():
        return [(doc.name, doc.text) for doc in read_brat_folder(brat)]
    raise EvalDataError(
        f"{path}: gwn_full.txt holds offsets but no text; put GWN.xml or the GeoWebNews_brat "
        "folder beside it"
    )


def detect_format(path: Path, content: bytes | None) -> Format:
    """The format of ``path`` (``content`` is the file's bytes; ``None`` for a folder)."""
    if content is None:
        return "brat"
    head = content[:2000].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"<"):
        return "gwn" if b"<extractedName" in content or b"<link>" in head else "trnews"
    if b",," in head and b"||" in head:
        return "gwn_full"
    raise EvalDataError(
        f"{path}: cannot tell the format: expected TR-News/LGL or GeoWebNews XML, "
        "gwn_full.txt (name,,phrase,,lat,,lon,,start,,end||…) or a brat folder"
    )


def read_geo(path: str | Path, *, fmt: Format | None = None) -> list[GeoDoc]:
    """Read a geoparsing gold file or brat folder; the format is detected unless given."""
    source = Path(path)
    content = None if source.is_dir() else _read_bytes(source)
    chosen = fmt if fmt is not None else detect_format(source, content)
    if chosen == "brat":
        if content is not None:
            raise EvalDataError(f"{source}: is a file; the brat format is a folder of .txt/.ann")
        return read_brat_folder(source)
    if content is None:
        raise EvalDataError(f"{source}: is a folder; {chosen} gold data is a single file")
    origin = str(source)
    if chosen == "gwn_full":
        lines = [line.rstrip("\r") for line in _decode(content, origin=origin).split("\n")]
        if lines and not lines[-1]:
            lines.pop()  # the newline that ends the last line
        return parse_gwn_full(lines, texts=_gwn_full_texts(source), origin=origin)
    root = _parse_xml(content, origin=origin)
    return parse_gwn(root, origin=origin) if chosen == "gwn" else parse_trnews(root, origin=origin)
