"""The dashboard in a real browser: the map draws offline, every page opens, a CSV downloads.

Drives the system Chromium (Debian package `chromium-headless-shell`, see tests/dashboard_server.py) through
Playwright; skips where either is missing. Screenshots of every page go to tests/artifacts/
with TEST_SCREENSHOTS=1 (`make screenshots`; the paths are printed).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from contract.model import parse_date
from monitor.analysis.exports import status_download
from monitor.analysis.status import build_country_status
from monitor.store.layout import DEFAULT_DATA_DIR, load_meta
from monitor.store.tables import load_status
from tests.dashboard_server import TIMEOUT_S, foreign, go_to_page, new_page, screenshot, wait_rendered
from views.maps import MISSING_SHAPES

pytestmark = pytest.mark.browser

PAGES = [("overview", "/"), ("trends", "/trends"), ("targets", "/targets"), ("country", "/country?country=MEX"),
         ("changes", "/changes"), ("data", "/data")]


def _expected_status_csv() -> bytes:
    status = load_status(DEFAULT_DATA_DIR, "IV-13")
    as_of = parse_date(load_meta(DEFAULT_DATA_DIR, "IV-13")["data_as_of"])
    return status_download(build_country_status(status), as_of)


def _open_map_page(page, url: str) -> tuple[int, int]:
    """Open a page with a world map; wait until it drew; return (country shapes, small-State markers)."""
    page.goto(url, wait_until="domcontentloaded")
    page.wait_for_function("document.querySelectorAll('path.choroplethlocation').length >= 150",
                           timeout=TIMEOUT_S * 1000)
    wait_rendered(page)
    return page.locator("path.choroplethlocation").count(), page.locator(".trace.scattergeo path.point").count()


OVERVIEW_MAP = "svg.icrmw-map"


def _open_overview(page, url: str) -> tuple[int, int]:
    """Open the overview; wait until its (server-drawn SVG) map is in; return (State shapes, State dots)."""
    page.goto(url, wait_until="domcontentloaded")
    page.wait_for_function(f"document.querySelectorAll('{OVERVIEW_MAP} a').length >= 197", timeout=TIMEOUT_S * 1000)
    wait_rendered(page)
    return page.locator(f"{OVERVIEW_MAP} a path").count(), page.locator(f"{OVERVIEW_MAP} a circle").count()


def test_overview_map_draws_offline(server: str, browser) -> None:
    page = new_page(browser)
    try:
        shapes, dots = _open_overview(page, server + "/")
        print(f"State shapes drawn: {shapes}, small-State dots: {dots}")
        parties = page.locator(".icrmw-cards li").first.inner_text()  # the first headline card
        box = page.locator(OVERVIEW_MAP).bounding_box()
        legend = page.locator(".icrmw-legend").inner_text()
        plotly_loaded = page.evaluate("() => performance.getEntriesByType('resource')"
                                      ".some(e => /plotly/i.test(e.name))")
        screenshot(page, "overview")
    finally:
        page.close()
    leaked = foreign(page.requests_seen)
    assert parties.split() == ["Parties", "51"]
    assert shapes >= 150
    assert dots == len(MISSING_SHAPES)
    assert box["width"] > 600 and box["height"] > 250, box  # drawn, at a readable size
    assert "Party (ratification) (23)" in legend and "No action (130)" in legend
    assert not plotly_loaded, "the overview should not need plotly's chart bundle"
    assert leaked == [], f"requests left the machine: {leaked}"


def test_compare_page_draws_offline(server: str, browser) -> None:
    failed: list[str] = []
    page = new_page(browser)
    page.on("requestfailed", lambda req: failed.append(f"{req.url} {req.failure}"))
    try:
        shapes, markers = _open_map_page(page, server + "/compare")
        body = page.locator("[data-testid='stMain']").first.inner_text()
        assert "Traceback" not in body and "could not be read" not in body and "went wrong" not in body
        assert page.locator("h1", has_text="Beside the other treaties").count() == 1
        notice = page.locator("[data-testid='stAlert']", has_text="not loaded yet").first.inner_text()
        assert "ICCPR, CEDAW" in notice and "python -m monitor refresh" in notice
        assert "35 States" in body  # party to the CPED but not to the ICRMW, in the bundled capture
        screenshot(page, "compare")
    finally:
        page.close()
    leaked = foreign(page.requests_seen)
    assert shapes >= 150
    assert markers == len(MISSING_SHAPES)
    assert leaked == [], f"requests left the machine: {leaked}"
    assert not [f for f in failed if "world_110m" in f], failed


@pytest.mark.parametrize(("name", "path"), PAGES[1:])
def test_every_page_opens(server: str, browser, name: str, path: str) -> None:
    page = new_page(browser)
    try:
        page.goto(server + path, wait_until="domcontentloaded")
        wait_rendered(page)
        body = page.locator("[data-testid='stMain']").first.inner_text()
        assert "Traceback" not in body and "could not be read" not in body and "went wrong" not in body
        if name == "country":
            assert page.locator("h2", has_text="Mexico").count() == 1
            assert "country=MEX" in page.url
        screenshot(page, name)
    finally:
        page.close()
    assert foreign(page.requests_seen) == []


def test_map_click_opens_country_profile(server: str, browser) -> None:
    page = new_page(browser)
    try:
        _open_overview(page, server + "/")
        algeria = page.locator(f"{OVERVIEW_MAP} a[href='country?country=DZA'] path")
        algeria.scroll_into_view_if_needed()
        algeria.click()
        page.wait_for_url("**/country?country=DZA", timeout=TIMEOUT_S * 1000)
        page.wait_for_selector("h2", timeout=TIMEOUT_S * 1000)
        assert page.locator("h2", has_text="Algeria").count() == 1
        # A small State (a dot) by keyboard: focus its link and press Enter.
        _open_overview(page, server + "/")
        page.locator(f"{OVERVIEW_MAP} a[href='country?country=MLT']").focus()
        page.keyboard.press("Enter")
        page.wait_for_url("**/country?country=MLT", timeout=TIMEOUT_S * 1000)
        page.wait_for_selector("h2", timeout=TIMEOUT_S * 1000)
        assert page.locator("h2", has_text="Malta").count() == 1
    finally:
        page.close()


def test_phone_width_overview(server: str, browser) -> None:
    page = new_page(browser, viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True)
    try:
        _open_overview(page, server + "/")
        width = page.evaluate("document.documentElement.scrollWidth")
        box = page.locator(OVERVIEW_MAP).bounding_box()
        screenshot(page, "overview-phone")
        assert width <= 390 + 1, f"the page scrolls sideways on a phone ({width}px wide)"
        assert box["width"] <= 390 and box["height"] < box["width"] * 0.6, box  # no blank bands around the map
    finally:
        page.close()


def test_country_by_address_and_unknown_code(server: str, browser) -> None:
    page = new_page(browser)
    try:
        page.goto(server + "/country?country=zzz", wait_until="domcontentloaded")
        wait_rendered(page)
        assert page.get_by_text("could not find a country").count() == 1
        screenshot(page, "country-unknown")
    finally:
        page.close()


def _download(page, label: str, tmp_path: Path) -> tuple[str, bytes]:
    with page.expect_download(timeout=TIMEOUT_S * 1000) as info:
        page.get_by_role("button", name=label).click()
    download = info.value
    target = tmp_path / download.suggested_filename
    download.save_as(str(target))
    return download.suggested_filename, target.read_bytes()


def test_csv_downloads_through_the_ui(server: str, browser, tmp_path: Path) -> None:
    expected = _expected_status_csv()
    page = new_page(browser, accept_downloads=True)
    try:
        page.goto(server + "/", wait_until="domcontentloaded")
        wait_rendered(page)
        name, data = _download(page, "Download the status of every State (CSV)", tmp_path)
        go_to_page(page, "/data")
        name_data_page, data_from_data_page = _download(page, "Status of every State (CSV)", tmp_path)
        page.goto(server + "/country?country=MEX", wait_until="domcontentloaded")
        wait_rendered(page)
        country_name, country_data = _download(page, "Download this country as CSV", tmp_path)
    finally:
        page.close()
    assert name == expected.file_name == name_data_page
    assert data == expected.data == data_from_data_page, "the same table must give the same bytes everywhere"
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0][:7] == ["country", "iso3", "un_member", "kind", "region", "un_regional_group", "status"]
    mexico = next(r for r in rows if r[1] == "MEX")
    assert mexico[:7] == ["Mexico", "MEX", "yes", "member", "Americas", "Latin American and Caribbean",
                          "Party (ratification)"]
    assert any(r[:2] == ["Côte d'Ivoire", "CIV"] for r in rows)
    assert country_name.startswith("icrmw-MEX-") and country_name.endswith(".csv")
    assert country_data.startswith(b"\xef\xbb\xbf")
    assert "Declaration under article 77" in country_data.decode("utf-8-sig")



def test_changes_page_gives_the_feed_address_that_serves_the_feed(server: str, browser) -> None:
    page = new_page(browser)
    try:
        page.goto(server + "/changes", wait_until="domcontentloaded")
        wait_rendered(page)
        shown = page.locator("[data-testid='stCode']", has_text="feed.atom").first.inner_text().strip()
        response = page.request.get(shown)
        body, kind = response.body(), response.headers.get("content-type", "")
    finally:
        page.close()
    assert shown == server + "/feed.atom"
    assert kind == "application/atom+xml" and body == (DEFAULT_DATA_DIR / "feed.atom").read_bytes()


def test_screenshots_are_taken_only_when_asked(browser, tmp_path: Path, monkeypatch) -> None:
    """`make screenshots` (TEST_SCREENSHOTS=1) saves the whole page or the window, at CSS pixels, and leaves the
    window as it was; `make test` saves nothing."""
    import tests.dashboard_server as ds

    monkeypatch.setattr(ds, "ARTIFACTS", tmp_path)
    page = new_page(browser, viewport={"width": 400, "height": 300})
    try:
        page.set_content('<html lang="en"><body style="margin:0"><div style="height:1000px">tall</div></body></html>')
        monkeypatch.setattr(ds, "TAKE_SCREENSHOTS", False)
        screenshot(page, "off")
        assert not (tmp_path / "off.png").exists()
        monkeypatch.setattr(ds, "TAKE_SCREENSHOTS", True)
        screenshot(page, "whole")
        screenshot(page, "window", whole=False)
        assert page.viewport_size == {"width": 400, "height": 300}
    finally:
        page.close()
    sizes = {name: png_size(tmp_path / f"{name}.png") for name in ("whole", "window")}
    assert sizes == {"whole": (400, 1000), "window": (400, 300)}, sizes


def png_size(path: Path) -> tuple[int, int]:
    """A PNG's width and height, from its header."""
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n", path
    return int.from_bytes(header[16:20], "big"), int.from_bytes(header[20:24], "big")
