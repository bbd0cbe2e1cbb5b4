"""The published site of the bundled data, served by a real web server on 127.0.0.1 and read as a reader would:
every link and image answers, every JSON file validates, every PDF opens, axe passes, the embeds draw offline."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urljoin

import pytest

from publish.api import schema_for
from publish.site import publish_site
from tests.axe_check import axe_or_skip, serious_violations
from tests.dashboard_server import foreign, new_page, require_browser, screenshot
from tests.once_per_run import once_per_run
from tests.static_server import serve_folder

REPO = Path(__file__).resolve().parents[1]
INDEXES = ("index.html", "fr/index.html", "es/index.html")
WIDTHS = {"laptop": {"width": 1400, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The bundled data's site, published once per run (not once per xdist worker: tests/once_per_run.py)."""
    return once_per_run(tmp_path_factory, "published-site", lambda out: publish_site(REPO / "data", out, ""))


@pytest.fixture(scope="module")
def url(site):
    with serve_folder(site) as base:
        yield base


class Links(HTMLParser):
    """Every href and src of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found += [value for name, value in attrs if name in ("href", "src") and value]


def fetch(address: str) -> tuple[int, bytes, str]:
    try:
        with urllib.request.urlopen(address, timeout=30) as response:
            return response.status, response.read(), response.headers.get("Content-Type", "")
    except urllib.error.HTTPError as exc:
        return exc.code, b"", ""


def test_every_link_and_image_answers_from_the_three_index_pages(url):
    todo, seen, broken = [url + page for page in INDEXES], set(), []
    while todo:
        address = urldefrag(todo.pop())[0]
        if address in seen or not address.startswith(url):
            continue  # outside the site (the UN's status page) is not ours to check here
        seen.add(address)
        status, body, kind = fetch(address)
        if status != 200:
            broken.append(f"{status} {address}")
            continue
        if kind.startswith("text/html"):
            assert b"<script" not in body, f"{address} has JavaScript"
            parser = Links()
            parser.feed(body.decode("utf-8"))
            todo += [urljoin(address, link) for link in parser.found]
    assert not broken
    pages = {a for a in seen if a.endswith(".html")}
    assert len(pages) >= 3 + 3 * 197 + 3  # the indexes, a page per State and language, the embed pages
    assert {f"{url}briefs/MEX.{lang}.pdf" for lang in ("en", "fr", "es")} <= seen
    assert {f"{url}countries/MLT.csv", f"{url}embed/count.svg", f"{url}feed.atom", f"{url}api/v1/targets.csv"} <= seen


def test_every_json_file_validates_against_its_schema(site):
    jsonschema = pytest.importorskip("jsonschema")
    schemas = {path.name.removesuffix(".schema.json"): json.loads(path.read_text())
               for path in (site / "api" / "v1" / "schema").glob("*.schema.json")}
    checked = 0
    for path in sorted((site / "api").rglob("*.json")):
        relative = path.relative_to(site).as_posix()
        if "/schema/" in relative:
            jsonschema.Draft202012Validator.check_schema(json.loads(path.read_text()))
            continue
        kind = schema_for(relative)
        assert kind in schemas, f"{relative} has no schema"
        validator = jsonschema.Draft202012Validator(schemas[kind], format_checker=jsonschema.FormatChecker())
        errors = [e.message for e in validator.iter_errors(json.loads(path.read_text()))]
        assert not errors, (relative, errors[:3])
        checked += 1
    assert checked == 2 + 197


def test_every_pdf_opens(site):
    pypdf = pytest.importorskip("pypdf")
    briefs = sorted((site / "briefs").glob("*.pdf"))
    assert len(briefs) == 197 * 3
    for path in briefs:
        reader = pypdf.PdfReader(path)
        assert 1 <= len(reader.pages) <= 2, path.name
    assert "Mexique" in pypdf.PdfReader(site / "briefs" / "MEX.fr.pdf").pages[0].extract_text()


def test_an_unchanged_republish_rewrites_no_file(site):
    before = {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in site.rglob("*") if p.is_file()}
    assert publish_site(REPO / "data", site, "").written is None
    assert {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in site.rglob("*") if p.is_file()} == before


@pytest.fixture(scope="module")
def axe():
    return axe_or_skip()


@pytest.mark.browser
@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("page_path", [*INDEXES, "countries/MLT.html", "fr/countries/CIV.html", "embed/index.html"])
def test_axe_finds_nothing_serious(url, browser, axe, page_path: str, width: str):
    page = new_page(browser, viewport=WIDTHS[width])
    try:
        page.goto(url + page_path, wait_until="load")
        found = serious_violations(axe, page)
        assert not found, "\n".join(found)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), "scrolls sideways"
        assert not foreign(page.requests_seen)
        screenshot(page, f"site-{page_path.replace('/', '-')}-{width}")
    finally:
        page.close()


@pytest.mark.browser
def test_a_page_elsewhere_embeds_the_map_and_the_badge_with_no_request_leaving_the_machine(url, browser, tmp_path):
    require_browser()
    (tmp_path / "index.html").write_text(
        "<!DOCTYPE html><html lang=\"en\"><head><title>A campaign page</title></head><body>"
        f"<img id=\"badge\" src=\"{url}embed/count.fr.svg\" alt=\"count\">"
        f"<iframe id=\"map\" src=\"{url}embed/map.svg\" title=\"map\" style=\"width:800px;height:450px\"></iframe>"
        f"<img id=\"mapimg\" src=\"{url}embed/map.svg\" alt=\"map\" style=\"width:600px\"></body></html>")
    with serve_folder(tmp_path) as elsewhere:
        assert elsewhere.split(":")[2] != url.split(":")[2]  # another origin
        page = new_page(browser)
        try:
            page.goto(elsewhere + "index.html", wait_until="load")
            sizes = page.evaluate("['badge', 'mapimg'].map(id => document.getElementById(id).naturalWidth)")
            assert all(width > 0 for width in sizes), sizes
            frame = page.frame_locator("#map")
            assert frame.locator("svg a").count() == 197
            assert not foreign(page.requests_seen)
            assert any("/embed/map.svg" in u for u in page.requests_seen)
            screenshot(page, "site-embedded-elsewhere")
        finally:
            page.close()
