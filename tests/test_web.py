"""The web page in a real browser (Debian's Chromium, driven by Playwright), against a
server started in-process on a store built from the seed, the merge corpus and a report
carrying markup. Skips when Chromium or the npm packages (``make setup``) are absent.
Screenshots go to test-artifacts/ at the repository root."""

from __future__ import annotations

import json
import shutil
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from typer.testing import CliRunner

try:
    from playwright.sync_api import BrowserContext, Page, Route, sync_playwright
except ImportError:  # pragma: no cover - the dev extra installs it
    pytest.skip("playwright absent: pip install -e '.[dev]'", allow_module_level=True)

from eventwire.cli import app as cli
from eventwire.server import create_app, vendor_dir
from eventwire.settings import Settings

from .conftest import REPO, SEED

CHROMIUM = Path("/usr/bin/chromium")
CORPUS = Path(__file__).parent / "corpus" / "merge.jsonl"
ARTIFACTS = REPO / "test-artifacts"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
HOSTILE = {
    "id": "xss-1",
    "source": "Test Wire",
    "published": "2015-10-20",
    "title": "Clashes near Homs <b>bold</b>",
    "text": (
        "Clashes near Homs\n\nFighting killed 3 soldiers near Homs on Monday, "
        "<script>window.__xss = 1</script> the army said. "
        '<img src=x onerror="window.__xss=2"> Residents fled.'
    ),
}

if not CHROMIUM.exists():
    pytest.skip(
        f"{CHROMIUM} absent: install Debian's Chromium (apt-get install chromium)",
        allow_module_level=True,
    )
if not (vendor_dir() / "leaflet" / "dist" / "leaflet.js").exists():
    pytest.skip(
        f"{vendor_dir()}/leaflet absent: run `make setup` (npm ci) for the page's libraries",
        allow_module_level=True,
    )

pytestmark = pytest.mark.model
runner = CliRunner()


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("web")
    shutil.copy(SEED, folder / SEED.name)
    hostile = folder / "hostile.jsonl"
    hostile.write_text(json.dumps(HOSTILE) + "\n", encoding="utf-8")
    path = str(folder / "web.db")
    for args in (
        ["run", str(folder / SEED.name), "--published", "2015-11-02"],
        ["run", str(CORPUS)],
        ["run", str(hostile)],
    ):
        result = runner.invoke(cli, [*args, "--db", path])
        assert result.exit_code == 0, result.output
    return path


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def server(db: str) -> Iterator[str]:
    import uvicorn

    port = _free_port()
    config = uvicorn.Config(
        create_app(Settings(db=db)), host="127.0.0.1", port=port, log_level="warning"
    )
    instance = uvicorn.Server(config)
    thread = threading.Thread(target=instance.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not instance.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    instance.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[BrowserContext]:
    with tempfile.TemporaryDirectory(prefix="ew-chromium-") as profile, sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            profile,
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1366, "height": 768},
        )
        yield context
        context.close()


@dataclass
class Tab:
    """A browser tab, the requests to other hosts it tried (blocked) and its script errors."""

    page: Page
    blocked: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@pytest.fixture
def tab(browser: BrowserContext, server: str) -> Iterator[Tab]:
    """A fresh tab that may reach only the test server: every other host is blocked."""
    found = Tab(browser.new_page())

    def only_localhost(route: Route) -> None:
        parts = urlsplit(route.request.url)
        if parts.scheme in ("data", "blob") or parts.hostname == "127.0.0.1":
            route.continue_()
        else:
            found.blocked.append(route.request.url)
            route.abort()

    found.page.route("**/*", only_localhost)
    found.page.on("pageerror", lambda exc: found.errors.append(str(exc)))
    yield found
    found.page.close()


def open_main(page: Page, server: str) -> None:
    page.goto(f"{server}/#/")
    page.wait_for_selector("body[data-ready=main]", timeout=15_000)


def open_view(page: Page, url: str, view: str) -> None:
    page.goto(url)
    page.wait_for_selector(f"body[data-ready={view}]", timeout=15_000)


def doc_id(page: Page, server: str, q: str, **wanted: str) -> str:
    found = page.request.get(f"{server}/api/documents", params={"q": q, "limit": 50}).json()
    return next(d["id"] for d in found["items"] if all(d[k] == v for k, v in wanted.items()))


def screenshot(page: Page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    page.screenshot(path=str(path))
    return path


def test_the_map_has_a_marker_at_aleppo_and_clicking_it_lists_its_events(
    tab: Tab, server: str
) -> None:
    page = tab.page
    open_main(page, server)
    markers = page.evaluate("window.eventwire.markers")
    aleppo = [m for m in markers if abs(m["lat"] - 36.2) < 0.05 and abs(m["lon"] - 37.16) < 0.05]
    assert aleppo, markers
    marker = page.locator(f"path.ew-marker[data-place='{aleppo[0]['place_id']}']")
    assert marker.count() == 1
    page.evaluate("window.eventwire.map.setView([36.2, 37.16], 8, {animate: false})")
    marker.click()
    panel = page.locator("#panel")
    panel.locator(".event-row").first.wait_for(timeout=10_000)
    text = panel.inner_text()
    assert "Aleppo" in text
    assert "Killing" in text and "Hossein Hamedani" in text
    assert panel.get_attribute("aria-live") == "polite"
    assert page.locator("#timeline [data-period]").count() >= 3
    assert page.locator("#events-table tbody tr").count() > 0
    assert page.locator("#f-type option[value=killing]").count() == 1  # from /api/event-types
    assert screenshot(page, "main-view.png").stat().st_size > 10_000
    assert not tab.errors, tab.errors


def test_the_document_view_highlights_people_and_shows_sources(tab: Tab, server: str) -> None:
    page = tab.page
    doc = doc_id(page, server, "Soleimani", photo_credit="Reuters")
    open_view(page, f"{server}/#/doc/{doc}", "doc")
    person = page.locator("#doc-text mark.k-person", has_text="Ezzatollah Soleimani")
    assert person.count() >= 1
    died = page.locator(".doc-events .event-row", has_text="“died”")
    assert died.count() == 1
    assert "Ezzatollah Soleimani" in died.inner_text()
    source = died.locator("dt:text-is('source') + dd")
    assert source.inner_text().strip() == "state media"
    source.locator("button").click()
    flashed = page.locator("#doc-text mark.flash")
    assert "state media" in "".join(flashed.all_inner_texts())
    assert screenshot(page, "document-view.png").stat().st_size > 10_000
    assert not tab.errors, tab.errors


def test_a_report_with_markup_is_shown_as_text(tab: Tab, server: str) -> None:
    page = tab.page
    doc = doc_id(page, server, "Homs", source="Test Wire")
    open_view(page, f"{server}/#/doc/{doc}", "doc")
    text = page.locator("#doc-text").inner_text()
    assert "<script>window.__xss = 1</script>" in text
    assert '<img src=x onerror="window.__xss=2">' in text
    assert page.locator("#doc-text script, #doc-text img").count() == 0
    assert page.locator("#view-page h1", has_text="<b>bold</b>").count() == 1
    page.wait_for_timeout(200)
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert not tab.errors, tab.errors


def test_the_page_needs_no_other_host(tab: Tab, server: str) -> None:
    page = tab.page
    open_main(page, server)
    page.wait_for_load_state("networkidle")
    assert page.locator(".leaflet-overlay-pane path").count() > 100  # country outlines
    assert not tab.blocked, tab.blocked
    assert not tab.errors, tab.errors


def test_the_timeline_filters_the_views_and_pages_link_up(tab: Tab, server: str) -> None:
    page = tab.page
    open_main(page, server)
    before = page.evaluate("window.eventwire.markers.length")
    page.locator("#timeline [data-period='2019-07']").click()
    page.wait_for_function(f"() => window.eventwire.markers.length < {before}")
    page.wait_for_selector("body[data-ready=main]", timeout=15_000)  # every panel reloaded
    assert "2019-07" in page.locator("#f-period").inner_text()
    rows = page.locator("#events-table tbody tr")
    assert rows.count() > 0
    assert all("2019-07" in row for row in rows.all_inner_texts())
    open_view(page, f"{server}/#/person/Hossein%20Hamedani", "person")
    assert "Hussein Hamadani" in page.locator("#view-page").inner_text()
    open_view(page, f"{server}/#/actor/actor:irgc", "actor")
    assert "Islamic Revolutionary Guard Corps" in page.locator("#view-page h1").inner_text()
    assert not tab.errors, tab.errors


def test_the_filters_live_in_the_address_so_a_reload_keeps_them(tab: Tab, server: str) -> None:
    page = tab.page
    page.goto(f"{server}/?period=2019-07&certainty=nonsense#/")
    page.wait_for_selector("body[data-ready=main]", timeout=15_000)
    assert "2019-07" in page.locator("#f-period").inner_text()
    assert page.locator("#f-certainty").input_value() == ""  # not an option: ignored
    rows = page.locator("#events-table tbody tr")
    assert rows.count() > 0 and all("2019-07" in row for row in rows.all_inner_texts())
    assert "period=2019-07" in page.url and "nonsense" not in page.url

    page.locator("#f-q").fill("Hamedani")
    page.locator("#filters").evaluate("form => form.requestSubmit()")
    page.wait_for_function("() => location.search.includes('q=Hamedani')")
    page.wait_for_selector("body[data-ready=main]", timeout=15_000)
    page.reload()
    page.wait_for_selector("body[data-ready=main]", timeout=15_000)
    assert page.locator("#f-q").input_value() == "Hamedani"
    assert "2019-07" in page.locator("#f-period").inner_text()

    page.locator("#f-reset").click()
    page.wait_for_function("() => location.search === ''")
    assert not tab.errors, tab.errors
