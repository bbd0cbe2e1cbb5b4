"""Hostile text from UNTC stays inert: visible as text on every page, neutralised in every CSV."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from contract.model import parse_date
from monitor.analysis.exports import changes_download, declarations_download, status_download
from monitor.analysis.status import build_country_status
from monitor.cli import main
from monitor.store import tables as store
from tests.dashboard_server import (
    foreign,
    go_to_page,
    new_page,
    open_expanders,
    require_browser,
    run_dashboard,
    wait_rendered,
)

REPO = Path(__file__).resolve().parents[1]
HOSTILE = REPO / "tests" / "fixtures" / "hostile.xml"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture(scope="module")
def hostile_data(tmp_path_factory) -> Path:
    """A data directory refreshed from a document whose texts carry scripts, HTML, Markdown and formulas."""
    root = tmp_path_factory.mktemp("hostile") / "data"
    assert main(["refresh", "IV-13", "--data-dir", str(root), "--source-file", str(HOSTILE)]) == 0
    return root


def cells(data: bytes) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(data.decode("utf-8-sig"))) for cell in row]


def test_every_csv_download_neutralises_formulas(hostile_data):
    status = build_country_status(store.load_status(hostile_data, "IV-13"))
    declarations = store.load_declarations(hostile_data, "IV-13")
    as_of = parse_date(store.load_meta(hostile_data, "IV-13")["data_as_of"])
    files = [status_download(status, as_of), declarations_download(declarations, as_of),
             changes_download(store.load_changes(hostile_data), as_of)]
    all_cells = [cell for f in files for cell in cells(f.data)]
    assert "'=HYPERLINK(\"http://evil.example/\",\"click me\")" in all_cells
    assert "'+SUM(1,2) reservation" in all_cells and "'@cmd|' /C calc'!A0" in all_cells
    assert not [c for c in all_cells if c.startswith(FORMULA_STARTS)]


def test_no_view_renders_html_or_markdown_from_data():
    """A static guard: nothing in views/ may switch HTML rendering or scripts on, but for the overview's map and
    headline cards and /targets' backtest chart, whose markup views/svgmap.py, views/markup.py and
    views/backtest.py build with every text escaped (tests/test_svgmap.py, tests/test_markup.py and
    tests/test_backtest_view.py feed them hostile text), and the script that names the document's language."""
    allowed = {"overview.py": ["st.markdown(markup, unsafe_allow_html=True)",
                               "st.markdown(headline(numbers, lang), unsafe_allow_html=True)"],
               # /targets' backtest chart: numbers and the catalogs' words, each escaped (tests/test_backtest_view.py)
               "backtest.py": ["st.markdown(chart_svg(rows, _), unsafe_allow_html=True)"],
               # the document's language: one of the app's language codes (the hostile ?lang= below)
               "language.py": [
                   'st.html(f"<style>{hide}</style><script>{script}</script>", unsafe_allow_javascript=True)']}
    for path in (REPO / "views").glob("*.py"):
        text = path.read_text()
        for call in allowed.get(path.name, []):
            assert text.count(call) == 1, (path, call)
            text = text.replace(call, "")
        assert not re.search(r"unsafe_allow_(html|javascript)\s*=\s*True", text), path
        assert "components.html" not in text and "st.html(" not in text, path


@pytest.fixture(scope="module")
def hostile_server(hostile_data, tmp_path_factory):
    require_browser()
    with run_dashboard(tmp_path_factory.mktemp("log") / "streamlit.log", hostile_data) as url:
        yield url


@pytest.mark.browser
def test_hostile_declarations_show_as_inert_text(hostile_server, browser):
    page = new_page(browser)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    try:
        page.goto(hostile_server + "/country?country=MEX", wait_until="domcontentloaded")
        assert open_expanders(page) > 0  # declaration texts sit in expanders
        page.get_by_text("first paragraph.", exact=False).first.wait_for(state="visible")
        page.get_by_text("=HYPERLINK(", exact=False).first.wait_for(state="visible")
        text = page.locator("[data-testid='stMain']").first.inner_text()
        pwned = page.evaluate("() => window.__pwned === undefined ? null : String(window.__pwned)")
        images = page.locator("[data-testid='stMain'] img[src='x']").count()
        js_links = page.locator("a[href^='javascript:']").count()
        with page.expect_download() as download_info:
            page.get_by_text("Download this country as CSV").click()
        downloaded = Path(download_info.value.path()).read_bytes()
    finally:
        page.close()
    assert dialogs == [] and pwned is None, f"a script ran: {dialogs} {pwned}"
    assert images == 0 and js_links == 0
    for visible in ("<script>window.__pwned='script';alert('pwned')</script> first paragraph.",
                    "<img src=x onerror=", "[link](javascript:window.__pwned='md')", "**bold**",
                    '=HYPERLINK("http://evil.example/","click me")'):
        assert visible in text, f"not shown as text: {visible!r}"
    assert not [c for c in cells(downloaded) if c.startswith(FORMULA_STARTS)]
    assert foreign(page.requests_seen) == []


@pytest.fixture(scope="module")
def reader_tab(browser) -> dict:
    """One tab that goes from page to page through the sidebar, as a reader does, with every dialog any page
    opened in it (a script that ran would leave one, or its mark `window.__pwned`, for every later page too).
    The browser fixture closes it after the module."""
    return {"page": None, "dialogs": []}


@pytest.mark.browser
@pytest.mark.parametrize("path", ["/", "/data", "/changes", "/targets",
                                  "/country?country=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
                                  "/country?country=../../etc/passwd", "/?lang=%22%3Balert(1)%2F%2F"])
def test_other_pages_and_hostile_addresses_run_no_script(hostile_server, browser, reader_tab, path):
    """The pages in one tab, reached through the sidebar; the hostile addresses each opened in a tab of its own."""
    by_address = "?" in path
    page = new_page(browser) if by_address or reader_tab["page"] is None else reader_tab["page"]
    dialogs = [] if by_address else reader_tab["dialogs"]
    if page is not reader_tab["page"]:
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    try:
        if page.url == "about:blank":
            page.goto(hostile_server + path, wait_until="domcontentloaded")
            wait_rendered(page)
        else:
            go_to_page(page, path)
        pwned = page.evaluate("() => window.__pwned === undefined ? null : String(window.__pwned)")
        text = page.locator("[data-testid='stMain']").first.inner_text()
    finally:
        if by_address:
            page.close()
        else:
            reader_tab["page"] = page
    assert dialogs == [] and pwned is None
    assert "Traceback" not in text
