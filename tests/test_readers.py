"""Readers: each input kind, on real and deliberately broken files."""

from __future__ import annotations

import http.server
import json
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from eventwire.errors import NetworkNotAllowedError
from eventwire.normalise import build_document
from eventwire.readers import iter_input_files, read_path, read_url
from eventwire.readers.decode import decode_bytes
from eventwire.readers.text import caption_credit, parse_text
from eventwire.records import RawReport, ReadFailure
from eventwire.settings import Settings

SEED = Path(__file__).resolve().parents[1] / "examples" / "irgc-casualties-syria.txt"
SETTINGS = Settings()


def read(path: Path, settings: Settings = SETTINGS) -> list[RawReport | ReadFailure]:
    return list(read_path(path, settings=settings))


def only_report(path: Path, settings: Settings = SETTINGS) -> RawReport:
    items = read(path, settings)
    assert len(items) == 1, items
    assert isinstance(items[0], RawReport), items[0]
    return items[0]


def only_failure(path: Path, settings: Settings = SETTINGS) -> ReadFailure:
    items = read(path, settings)
    assert len(items) == 1, items
    assert isinstance(items[0], ReadFailure), items[0]
    return items[0]


# ---- plain text -------------------------------------------------------------------


def test_seed_title_caption_credit_and_body() -> None:
    raw = only_report(SEED)
    assert raw.title == "Funeral in Iran of Revolutionary Guards soldier killed in Syria"
    assert raw.photo_credit == "Reuters"
    assert raw.text.startswith("The steadily-rising casualty count")
    assert "SyriaReuters" not in raw.text
    assert raw.origin == str(SEED)


def test_seed_document_has_no_nbsp_and_offsets_line_up() -> None:
    doc = build_document(only_report(SEED))
    assert "\u00a0" not in doc.text
    assert "(IRGC) troops sent to prop up" in doc.text
    assert doc.body.startswith("The steadily-rising")
    assert doc.text[: doc.body_start] == f"{doc.title}\n\n"
    assert doc.photo_credit == "Reuters"


@pytest.mark.parametrize(
    ("caption", "credit"),
    [
        ("Shelling in Kharkiv | Reuters", "Reuters"),
        ("Shelling in Kharkiv (AFP)", "AFP"),
        ("Shelling in Kharkiv. Photo: AFP/Getty Images", "AFP/Getty Images"),
        ("Shelling in Kharkiv AFP via Getty Images", "AFP via Getty Images"),
        ("Shelling in Kharkiv", ""),
    ],
)
def test_caption_credit_forms(caption: str, credit: str) -> None:
    assert caption_credit(caption, title="Shelling in Kharkiv") == credit


@pytest.mark.parametrize(
    "line",
    [
        "Shelling in Kharkiv killed four people on Tuesday, the governor said.",
        "Shelling in Kharkiv resumed overnight",
        "Residents fled the city",
    ],
)
def test_a_sentence_opening_with_the_title_is_not_a_caption(line: str) -> None:
    assert caption_credit(line, title="Shelling in Kharkiv") is None
    raw = parse_text(f"Shelling in Kharkiv\n\n{line}\n\nMore text.", origin="t")
    assert raw.text.startswith(line)
    assert raw.photo_credit is None


def test_single_line_file_is_body_without_title(tmp_path: Path) -> None:
    path = tmp_path / "one.txt"
    path.write_text("Two soldiers were killed near Bakhmut on Monday.\n", encoding="utf-8")
    raw = only_report(path)
    assert raw.title is None
    assert raw.text == "Two soldiers were killed near Bakhmut on Monday."


def test_empty_and_whitespace_files_fail(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    blank = tmp_path / "blank.txt"
    blank.write_bytes(b"  \n\n\t \r\n")
    assert only_failure(empty).code == "empty"
    assert only_failure(blank).code == "empty"


def test_binary_file_fails(tmp_path: Path) -> None:
    path = tmp_path / "scan.txt"
    path.write_bytes(b"%PDF-1.7\n\x00\x01\x02\x03binary stream\x00\xff\xfe" * 20)
    failure = only_failure(path)
    assert failure.code == "binary"
    assert "NUL" in failure.reason


def test_control_characters_count_as_binary() -> None:
    data = bytes(range(1, 9)) * 50 + b"some text"
    failure = decode_bytes(data, origin="x")
    assert isinstance(failure, ReadFailure)
    assert failure.code == "binary"


def test_latin1_file_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "fr.txt"
    text = (
        "Réfugiés à Alep\n\n"
        "Les réfugiés sont arrivés à Alep après des combats très violents près de la "
        "frontière, selon le Croissant-Rouge.\n"
    )
    path.write_bytes(text.encode("latin-1"))
    raw = only_report(path)
    assert raw.title == "Réfugiés à Alep"
    assert "arrivés à Alep après des combats très violents près de la frontière" in raw.text


def test_utf16_and_utf8_bom_files_are_decoded(tmp_path: Path) -> None:
    text = "Крым: взрывы в Севастополе\n\nВзрывы прогремели ночью в Севастополе.\n"
    wide = tmp_path / "wide.txt"
    wide.write_bytes(text.encode("utf-16"))
    bom = tmp_path / "bom.txt"
    bom.write_bytes(text.encode("utf-8-sig"))
    for path in (wide, bom):
        raw = only_report(path)
        assert raw.title == "Крым: взрывы в Севастополе"
        assert raw.text == "Взрывы прогремели ночью в Севастополе."


def test_file_over_max_bytes_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as fh:  # sparse: a hole of 5 MB costs no disk
        fh.seek(5_000_000)
        fh.write(b"end\n")
    failure = only_failure(path, Settings(max_bytes=1_000_000))
    assert failure.code == "too_large"
    assert "1,000,000" in failure.reason
    assert "max_bytes" in failure.reason


def test_unknown_suffix_and_missing_file(tmp_path: Path) -> None:
    doc = tmp_path / "report.docx"
    doc.write_bytes(b"PK\x03\x04")
    failure = only_failure(doc)
    assert failure.code == "unsupported"
    assert ".docx" in failure.reason
    assert only_failure(tmp_path / "gone.txt").code == "not_found"


# ---- folders ------------------------------------------------------------------------


def test_iter_input_files_recursive_sorted_skips_hidden(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "deep").mkdir(parents=True)
    (tmp_path / ".git").mkdir()
    for name in ("b/2.txt", "a/deep/1.txt", "a/0.jsonl", "z.txt", ".hidden.txt", ".git/x.txt"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    found = [p.relative_to(tmp_path).as_posix() for p in iter_input_files([tmp_path])]
    assert found == ["z.txt", "a/0.jsonl", "a/deep/1.txt", "b/2.txt"]


def test_iter_input_files_keeps_named_files_once(tmp_path: Path) -> None:
    one = tmp_path / "one.txt"
    one.write_text("x", encoding="utf-8")
    hidden = tmp_path / ".named.txt"
    hidden.write_text("x", encoding="utf-8")
    assert list(iter_input_files([one, hidden, tmp_path])) == [one, hidden]


# ---- JSON Lines and CSV -------------------------------------------------------------


def test_jsonl_bad_line_among_good_ones(tmp_path: Path) -> None:
    path = tmp_path / "wire.jsonl"
    lines = [
        json.dumps({"id": 7, "title": "Clashes in Tripoli", "text": "Clashes broke out.",
                    "published": "2024-03-05", "url": "https://x.example/1"}),
        '{"title": "Broken", "text": "no closing brace"',
        "",
        json.dumps({"title": "Ceasefire", "text": "A truce began.",
                    "published": "2024-03-06T22:10:00+02:00", "source": "Wire"}),
        json.dumps(["not", "an", "object"]),
        json.dumps({"title": "No text here"}),
        json.dumps({"text": "Undated.", "published": "5 March 2024"}),
    ]  # fmt: skip
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = read(path)
    assert [type(i).__name__ for i in items] == [
        "RawReport", "ReadFailure", "RawReport", "ReadFailure", "ReadFailure", "ReadFailure",
    ]  # fmt: skip
    first, second = (i for i in items if isinstance(i, RawReport))
    broken, array, no_text, bad_date = (i for i in items if isinstance(i, ReadFailure))
    assert first.external_id == "7"
    assert first.published == date(2024, 3, 5)
    assert first.origin == f"{path}:1"
    assert second.published == date(2024, 3, 6)
    assert second.source == "Wire"
    assert broken == ReadFailure(f"{path}:2", "bad_json", broken.reason)
    assert array.origin == f"{path}:5" and array.code == "bad_json"
    assert no_text.origin == f"{path}:6" and no_text.code == "no_text"
    assert bad_date.origin == f"{path}:7" and bad_date.code == "bad_date"
    assert "YYYY-MM-DD" in bad_date.reason


def test_jsonl_mixed_encoding_line_is_still_read(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    good = json.dumps({"text": "Première ligne."}, ensure_ascii=False).encode("utf-8")
    stray = '{"text": "Déplacés à Goma."}'.encode("cp1252")
    path.write_bytes(good + b"\n" + stray + b"\n")
    texts = [i.text for i in read(path) if isinstance(i, RawReport)]
    assert texts == ["Première ligne.", "Déplacés à Goma."]


def test_csv_with_required_columns(tmp_path: Path) -> None:
    path = tmp_path / "reports.csv"
    path.write_text(
        "ID,Title,Text,URL,Published,Source\n"
        'a1,Strike on Kherson,"Shelling hit Kherson, killing two.\nA second strike followed.",'
        "https://x.example/a1,2024-03-05,Wire\n"
        "a2,Quiet night,Nothing was reported overnight.,,,\n"
        "a3,Bad date,Some text.,,03/05/2024,\n",
        encoding="utf-8",
    )
    first, second, bad = read(path)
    assert isinstance(first, RawReport) and isinstance(second, RawReport)
    assert first.text == "Shelling hit Kherson, killing two.\nA second strike followed."
    assert first.external_id == "a1"
    assert first.published == date(2024, 3, 5)
    assert first.origin == f"{path}:2"
    assert second.origin == f"{path}:4"  # the quoted field of row 1 spans lines 2-3
    assert second.url is None and second.published is None
    assert isinstance(bad, ReadFailure)
    assert (bad.origin, bad.code) == (f"{path}:5", "bad_date")


def test_csv_without_text_column_is_one_failure(tmp_path: Path) -> None:
    path = tmp_path / "reports.csv"
    path.write_text("title,body\nA,B\nC,D\n", encoding="utf-8")
    failure = only_failure(path)
    assert failure.code == "missing_column"
    assert "'text'" in failure.reason and "title, body" in failure.reason


def test_csv_row_with_too_many_fields(tmp_path: Path) -> None:
    path = tmp_path / "reports.csv"
    path.write_text("title,text\nA,one, unquoted comma\nB,fine\n", encoding="utf-8")
    bad, good = read(path)
    assert isinstance(bad, ReadFailure) and bad.code == "bad_row"
    assert isinstance(good, RawReport) and good.text == "fine"


def test_csv_long_field_is_read(tmp_path: Path) -> None:
    path = tmp_path / "long.csv"
    long_text = "word " * 60_000  # 300 kB, over csv's default 128 KiB field limit
    path.write_text(f'title,text\nLong,"{long_text}"\n', encoding="utf-8")
    assert only_report(path).text == long_text


# ---- feeds ----------------------------------------------------------------------------

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel>
<title>Example Wire</title><link>https://wire.example.org/</link><description>News</description>
<item>
<title>Airstrike hits market in Idlib</title>
<link>https://wire.example.org/idlib-market</link>
<guid>wire-1001</guid>
<pubDate>Tue, 05 Mar 2024 08:30:00 GMT</pubDate>
<description>&lt;p&gt;An airstrike hit a crowded market in &lt;b&gt;Idlib&lt;/b&gt; on Tuesday,
killing at least nine people.&lt;/p&gt;&lt;p&gt;Rescuers searched the rubble.&lt;/p&gt;
&lt;script&gt;track()&lt;/script&gt;</description>
</item>
<item>
<title>Ceasefire talks resume in Doha</title>
<link>https://wire.example.org/doha-talks</link>
</item>
</channel></rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
<title>Example Desk</title><id>urn:example:desk</id><updated>2024-03-08T12:00:00Z</updated>
<entry>
<title>Drone strike reported near Goma</title>
<id>urn:example:entry:7</id>
<link rel="alternate" href="https://desk.example.org/goma-drone"/>
<published>2024-03-07T09:15:00Z</published>
<updated>2024-03-08T09:15:00Z</updated>
<author><name>Amina Writer</name></author>
<summary>Short summary.</summary>
<content type="html">&lt;p&gt;A drone strike hit a camp for displaced people near Goma,
local officials said.&lt;/p&gt;&lt;p&gt;M23 rebels denied involvement.&lt;/p&gt;</content>
</entry>
</feed>
"""


def test_rss_feed(tmp_path: Path) -> None:
    path = tmp_path / "wire.rss"
    path.write_text(RSS, encoding="utf-8")
    report, no_text = read(path)
    assert isinstance(report, RawReport)
    assert report.title == "Airstrike hits market in Idlib"
    assert report.url == "https://wire.example.org/idlib-market"
    assert report.published == date(2024, 3, 5)
    assert report.external_id == "wire-1001"
    assert report.source == "Example Wire"
    assert report.origin == f"{path}#1"
    assert "<" not in report.text and "track()" not in report.text
    assert report.text.startswith("An airstrike hit a crowded market in Idlib on Tuesday")
    assert "nine people.\n\nRescuers searched the rubble." in report.text
    assert isinstance(no_text, ReadFailure)
    assert (no_text.origin, no_text.code) == (f"{path}#2", "no_text")


def test_atom_feed_prefers_content_over_summary(tmp_path: Path) -> None:
    path = tmp_path / "desk.atom"
    path.write_text(ATOM, encoding="utf-8")
    report = only_report(path)
    assert report.title == "Drone strike reported near Goma"
    assert report.url == "https://desk.example.org/goma-drone"
    assert report.published == date(2024, 3, 7)  # published, not updated
    assert report.author == "Amina Writer"
    assert report.text.startswith("A drone strike hit a camp")
    assert "Short summary" not in report.text


def test_xml_that_is_not_a_feed(tmp_path: Path) -> None:
    path = tmp_path / "page.xml"
    path.write_text("<html><body><p>hello</p></body></html>", encoding="utf-8")
    assert only_failure(path).code == "bad_feed"


def test_read_url_refuses_without_allow_network() -> None:
    with pytest.raises(NetworkNotAllowedError, match="allow_network"):
        read_url("https://wire.example.org/feed.xml", settings=SETTINGS)


@pytest.fixture
def feed_server() -> Iterator[str]:
    body = RSS.encode("utf-8")

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass  # keep test output clean

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/feed.xml"
    server.shutdown()
    server.server_close()


def test_read_url_fetches_feed_when_allowed(feed_server: str) -> None:
    items = list(read_url(feed_server, settings=Settings(allow_network=True)))
    assert isinstance(items[0], RawReport)
    assert items[0].title == "Airstrike hits market in Idlib"
    assert items[0].origin == f"{feed_server}#1"


def test_read_url_response_over_max_bytes(feed_server: str) -> None:
    items = list(read_url(feed_server, settings=Settings(allow_network=True, max_bytes=100)))
    assert [(type(i).__name__, getattr(i, "code", None)) for i in items] == [
        ("ReadFailure", "too_large")
    ]


# ---- HTML ------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Shelling kills four in Kharkiv | Example News</title>
<meta property="og:title" content="Shelling kills four in Kharkiv">
<meta property="article:published_time" content="2024-03-05T08:30:00+00:00">
<meta name="author" content="Jane Reporter">
<link rel="canonical" href="https://news.example.org/world/kharkiv-shelling">
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article>
<h1>Shelling kills four in Kharkiv</h1>
<p>Russian shelling killed four civilians and wounded eleven others in the northeastern
Ukrainian city of Kharkiv on Tuesday, the regional governor said.</p>
<p>The strikes hit a residential district shortly after dawn, damaging two apartment
blocks and a school, according to emergency services.</p>
<p>Ukraine's air force said it had intercepted most of the drones launched overnight.</p>
</article>
<section id="comments" class="comments">
<h3>Comments</h3>
<div class="comment"><p>Posted by reader1: This is terrible news, my cousin lives there.</p></div>
<div class="comment"><p>Posted by reader2: A commenter remark that must not appear.</p></div>
</section>
<footer>Copyright 2024 Example News</footer>
</body></html>
"""


def test_html_page_main_text_metadata_and_no_comments(tmp_path: Path) -> None:
    path = tmp_path / "kharkiv.html"
    path.write_text(PAGE, encoding="utf-8")
    report = only_report(path)
    assert report.title == "Shelling kills four in Kharkiv"
    assert report.published == date(2024, 3, 5)
    assert report.author == "Jane Reporter"
    assert report.url == "https://news.example.org/world/kharkiv-shelling"
    assert report.text.startswith("Russian shelling killed four civilians")
    assert "intercepted most of the drones" in report.text
    assert "reader1" not in report.text and "commenter remark" not in report.text
    assert "Home" not in report.text and "Copyright" not in report.text


def test_html_without_text_fails(tmp_path: Path) -> None:
    path = tmp_path / "shell.htm"
    path.write_text(
        "<html><head><script>var app = {};</script></head>"
        "<body><div id='root'></div></body></html>",
        encoding="utf-8",
    )
    assert only_failure(path).code == "no_text"


def test_html_that_is_not_html(tmp_path: Path) -> None:
    path = tmp_path / "notes.html"
    path.write_text("just a line of notes, no markup", encoding="utf-8")
    assert only_failure(path).code == "not_html"


def test_utf16_jsonl_and_bom_csv(tmp_path: Path) -> None:
    wide = tmp_path / "wide.jsonl"
    lines = [{"text": "Взрывы в Севастополе."}, {"text": "Second report."}]
    wide.write_bytes("\n".join(json.dumps(x, ensure_ascii=False) for x in lines).encode("utf-16"))
    assert [i.text for i in read(wide) if isinstance(i, RawReport)] == [
        "Взрывы в Севастополе.",
        "Second report.",
    ]
    bom = tmp_path / "bom.csv"
    bom.write_bytes("text,title\nDéplacés à Goma.,Goma\n".encode("utf-8-sig"))
    assert only_report(bom).title == "Goma"  # the BOM is not glued to the first column


def test_utf16_without_bom_is_text_not_binary(tmp_path: Path) -> None:
    path = tmp_path / "wide.txt"
    path.write_bytes("Attack in Kabul\n\nA blast hit a market in Kabul.\n".encode("utf-16-le"))
    raw = only_report(path)
    assert raw.title == "Attack in Kabul"
    assert raw.text == "A blast hit a market in Kabul."


def test_parquet_rows_are_reports_and_bad_rows_failures(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = tmp_path / "corpus.parquet"
    rows = [
        {
            "id": "a",
            "title": "One",
            "text": "Shelling hit the town.",
            "published": date(2019, 7, 22),
        },
        {"id": "b", "title": "Two", "text": "", "published": None},
    ]
    pq.write_table(pa.Table.from_pylist(rows), path)
    first, second = read(path)
    assert isinstance(first, RawReport)
    assert (first.origin, first.external_id, first.title) == (f"{path}:1", "a", "One")
    assert first.published == date(2019, 7, 22)
    assert isinstance(second, ReadFailure) and second.code == "no_text"
    assert second.origin == f"{path}:2"


def test_parquet_without_a_text_column_or_not_parquet_is_one_failure(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = tmp_path / "corpus.parquet"
    pq.write_table(pa.Table.from_pylist([{"title": "One"}]), path)
    [failure] = read(path)
    assert isinstance(failure, ReadFailure) and failure.code == "missing_column"
    broken = tmp_path / "broken.parquet"
    broken.write_text("not parquet", encoding="utf-8")
    [failure] = read(broken)
    assert isinstance(failure, ReadFailure) and failure.code == "bad_parquet"
