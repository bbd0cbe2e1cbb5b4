"""Shared by the browser tests: start the dashboard on a free port and drive the system Chromium."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

REPO = Path(__file__).resolve().parents[1]
ARTIFACTS = REPO / "tests" / "artifacts"  # screenshots for people to look at (git-ignored)
# Debian's headless build of Chromium (package `chromium-headless-shell`: the same Blink and V8 without the
# browser's windowing layer, what Playwright itself runs headless) opens a Streamlit page for about half the CPU of
# the full `chromium` (measured 2026-12-07: 0.7 s against 1.5 s for a bare app, 1.3 s against 2.3 s for the
# overview), and the browser tests are most of the suite's CPU. The full browser serves where it is the only one.
CHROMIUM = next((path for path in (Path("/usr/bin/chromium-headless-shell"), Path("/usr/bin/chromium"))
                 if path.exists()), Path("/usr/bin/chromium-headless-shell"))
TIMEOUT_S = 60
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
# Without the background-networking flags Chromium floods the closed network with connection attempts.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run"]


def require_browser():
    """The Playwright sync API, or a skip saying what to install."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} missing: install the Debian package `chromium-headless-shell` (make chromium)")
    return pytest.importorskip("playwright.sync_api", reason="playwright missing (pip install playwright)")


def free_port() -> int:
    """A TCP port nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_health(base_url: str, process: subprocess.Popen, log: Path) -> None:
    """Wait for Streamlit's health endpoint; fail with the server's log if it dies or hangs."""
    deadline = time.monotonic() + TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"streamlit exited with {process.returncode}:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"{base_url}/_stcore/health", timeout=2) as resp:
                if resp.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.25)
    pytest.fail(f"streamlit not healthy after {TIMEOUT_S}s:\n{log.read_text()}")


@contextlib.contextmanager
def chromium(sync_api) -> Iterator:
    """The system Chromium, headless, launched through Playwright."""
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@contextlib.contextmanager
def run_dashboard(log: Path, data_dir: Path | None = None, script: str = "app.py",
                  environ: dict[str, str] | None = None) -> Iterator[str]:
    """`streamlit run app.py` (or another script) from the repo root on a free port; yields its base URL.

    The repo root is the working directory so that .streamlit/config.toml applies. The background refresh is
    off (MONITOR_REFRESH_EVERY=off: no request to UNTC, nothing written into data/) unless `environ` sets it;
    `environ` adds or replaces environment variables of the server.
    """
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if k != "MONITOR_DATA_DIR"} | {"PYTHONUNBUFFERED": "1",
                                                                            "MONITOR_REFRESH_EVERY": "off"}
    if data_dir is not None:
        env["MONITOR_DATA_DIR"] = str(data_dir)
    env |= environ or {}
    with log.open("w") as handle:
        process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", script, "--server.port", str(port),
             "--server.address", "127.0.0.1", "--server.headless", "true"],
            cwd=REPO, stdout=handle, stderr=subprocess.STDOUT, env=env)
    try:
        wait_for_health(base_url, process, log)
        yield base_url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        text = log.read_text()
        assert "Traceback" not in text, f"the server logged a traceback:\n{text}"


SCRIPT_DONE = "[data-testid='stApp'][data-test-script-state='notRunning']"
EXPANDER = "[data-testid='stExpander'] details"


def wait_script_done(page) -> None:
    """Wait until Streamlit reports that no script run is under way or requested.

    The app root carries the run state (`initial`, `running`, `rerunRequested`, `notRunning`); waiting for
    `notRunning` waits for the state the test needs, where the absence of a spinner can also mean "not
    started yet".
    """
    page.wait_for_selector(SCRIPT_DONE, state="attached", timeout=TIMEOUT_S * 1000)


def wait_rendered(page) -> None:
    """Wait until Streamlit has finished running the script (run state `notRunning`, a title drawn)."""
    page.wait_for_selector("h1", timeout=TIMEOUT_S * 1000)
    wait_script_done(page)
    page.wait_for_function(
        "!document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=TIMEOUT_S * 1000)
    page.wait_for_load_state("networkidle")


SIDEBAR = "[data-testid='stSidebar']"
# The sidebar's link to a page, by its path ("/" is the overview): the links carry the full address.
NAV_LINK_JS = """path => Array.from(document.querySelectorAll('[data-testid="stSidebarNav"] a'))
    .findIndex(a => new URL(a.href).pathname.replace(/\\/$/, '') === path.replace(/\\/$/, ''))"""


@contextlib.contextmanager
def sidebar_shown(page) -> Iterator[None]:
    """The sidebar opened for what the block does, as a reader opens it on a phone (where it is folded away),
    and folded again after."""
    folded = page.locator(SIDEBAR).get_attribute("data-collapsed") == "true"
    if folded:
        page.locator("[data-testid='stExpandSidebarButton']").first.click()
        page.wait_for_selector(f"{SIDEBAR}[data-collapsed='false']", timeout=TIMEOUT_S * 1000)
    yield
    if folded and page.locator(SIDEBAR).get_attribute("data-collapsed") != "true":
        page.locator("[data-testid='stSidebarCollapseButton'] button").first.click()
        # Attached, not visible: once it has slid away the folded sidebar may be hidden altogether.
        page.wait_for_selector(f"{SIDEBAR}[data-collapsed='true']", state="attached", timeout=TIMEOUT_S * 1000)


def go_to_page(page, path: str) -> None:
    """Move to another page of the open app as a reader does: through the sidebar's navigation (opened first on a
    phone, where it is folded away), then wait until the new page is drawn and the sidebar is as a fresh visit
    leaves it. The app stays loaded, so this costs the browser a fraction of opening the address (its scripts
    start once per tab, not once per page: measured 2026-12-07, 0.2-1 s of Chromium's CPU against 1.3-3.5 s)."""
    title = page.locator("h1").first.inner_text()
    with sidebar_shown(page):
        index = page.evaluate(NAV_LINK_JS, path)
        assert index >= 0, f"no link to {path} in the sidebar of {page.url}"
        page.locator("[data-testid='stSidebarNav'] a").nth(index).click()
        page.wait_for_url(lambda url: urlparse(url).path.rstrip("/") == path.rstrip("/"), timeout=TIMEOUT_S * 1000)
        page.wait_for_function("title => (document.querySelector('h1') || {}).innerText !== title", arg=title,
                               timeout=TIMEOUT_S * 1000)
        wait_rendered(page)


LANGUAGE_CHOOSER = "Language · Langue · Idioma"  # the sidebar's radio group (views/language.py)


def choose_language(page, name: str) -> None:
    """Pick a language in the sidebar's chooser by its name ("Français"), as a reader does; the page reruns."""
    page.get_by_role("radiogroup", name=LANGUAGE_CHOOSER).get_by_role("radio", name=name).click()


def language_of(url: str) -> str:
    """The language an address of the app asks for (views/language.py: ?lang=, none for English)."""
    from i18n import DEFAULT_LANGUAGE
    from views.language import PARAM

    return (parse_qs(urlparse(url).query).get(PARAM) or [DEFAULT_LANGUAGE])[-1]


def in_language(path: str, lang: str) -> str:
    """The app's address `path` asking for `lang` (none asked for English), after the page's own parameters."""
    from i18n import DEFAULT_LANGUAGE
    from views.language import PARAM

    return path if lang == DEFAULT_LANGUAGE else f"{path}{'&' if '?' in path else '?'}{PARAM}={lang}"


NEXT_FRAMES = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"


def switch_language(page, lang: str) -> None:
    """Show the open page in another language, picked in the sidebar as a reader does (opened first on a phone),
    and wait until the page is drawn in it: the address carries the pick as soon as the page reruns."""
    from i18n import LANGUAGE_NAMES

    with sidebar_shown(page):
        choose_language(page, LANGUAGE_NAMES[lang])
        page.wait_for_url(lambda url: language_of(url) == lang, timeout=TIMEOUT_S * 1000)
        wait_rendered(page)
        page.evaluate(NEXT_FRAMES)  # charts redrawn in place (plotly) have drawn their new words


def playwright_timeout() -> type[Exception]:
    """Playwright's timeout error (imported late: the module is optional until a browser test runs)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    return PlaywrightTimeout


def open_expanders(page) -> int:
    """Open every expander on the page that is closed, and wait until all are open and the script is done.

    A click on an open expander would close it, and a rerun may draw the page again after a click, so each
    round clicks only the closed ones and then checks the `open` attribute again; returns how many there are.
    """
    deadline = time.monotonic() + TIMEOUT_S
    while True:
        wait_rendered(page)
        details = page.locator(EXPANDER)
        closed = [d for d in details.all() if d.get_attribute("open") is None]
        if not closed:
            return details.count()
        if time.monotonic() > deadline:
            pytest.fail(f"{len(closed)} expander(s) still closed after {TIMEOUT_S}s on {page.url}")
        for item in closed:
            item.locator("summary").first.click()
            # A rerun may replace the element before it opens: the next round looks again.
            with contextlib.suppress(playwright_timeout()):
                item.locator("xpath=self::details[@open]").wait_for(state="attached", timeout=5000)


def foreign(urls: list[str]) -> list[str]:
    """Requests to any host but this machine."""
    return [u for u in urls
            if urlparse(u).scheme in {"http", "https", "ws", "wss"} and urlparse(u).hostname not in LOCAL_HOSTS]


def new_page(browser, **options):
    """A page that records every request it makes (page.requests_seen).

    Pages with the same options (screen, theme, user agent) share one browser context, as tabs of one browser
    do: Streamlit's scripts and styles then come from the browser's cache after the first page, where a fresh
    context per page downloaded and compiled them again (about a second a page). Each page is still its own
    Streamlit session; nothing the app keeps lives in cookies or storage.
    """
    options = {"viewport": {"width": 1280, "height": 900}} | options
    contexts = _contexts(browser)
    key = repr(sorted(options.items()))
    if key not in contexts:
        contexts[key] = browser.new_context(**options)
    page = contexts[key].new_page()
    page.requests_seen = []
    page.on("request", lambda req: page.requests_seen.append(req.url))
    return page


def _contexts(browser) -> dict:
    """The contexts this browser's pages share, by their options (closed with the browser)."""
    if not hasattr(browser, "shared_contexts"):
        browser.shared_contexts = {}
    return browser.shared_contexts


# The height of the page as drawn: Streamlit scrolls inside its main block (and the sidebar, when shown).
PAGE_HEIGHT_JS = """() => {
    const block = document.querySelector('[data-testid="stMainBlockContainer"]');
    const side = document.querySelector('[data-testid="stSidebarContent"]');
    const main = block ? block.getBoundingClientRect().top + block.scrollHeight : 600;
    const shown = side && side.getBoundingClientRect().right > 0;  // a phone folds the sidebar away
    return Math.max(main, shown ? side.scrollHeight : 0, 600);
}"""
SETTLE_MS = 250  # plotly redraws at the new size (its resize handler waits ~100 ms)


# The browser tests' screenshots are for people to look at: no test reads them. They are taken when the
# environment sets TEST_SCREENSHOTS=1 (`make screenshots`), not in every `make test`, where they were about a
# tenth of the accessibility tests' CPU (measured 2026-12-08: each one draws the page at its whole height and back).
TAKE_SCREENSHOTS = os.environ.get("TEST_SCREENSHOTS") == "1"


def screenshot(page, name: str, whole: bool = True) -> None:
    """The whole page (else what the window shows) in tests/artifacts/NAME.png, at CSS pixels, its path printed;
    nothing drawn unless TEST_SCREENSHOTS=1.

    For the whole page, the window grows to the page's height first, then returns to its size. CSS pixels keep
    a phone's screenshot a quarter of its device pixels: as readable, and much cheaper to encode.
    """
    if not TAKE_SCREENSHOTS:
        return
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    size = page.viewport_size
    if whole:
        height = page.evaluate(PAGE_HEIGHT_JS)
        page.set_viewport_size({"width": size["width"], "height": min(int(height) + 40, 8000)})
        page.evaluate("document.querySelectorAll('*').forEach(e => { if (e.scrollTop) e.scrollTop = 0; })")
        page.wait_for_timeout(SETTLE_MS)
    page.screenshot(path=str(path), full_page=whole, scale="css")
    if whole:
        page.set_viewport_size(size)
    print(f"screenshot: {path}")
