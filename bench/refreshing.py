"""6. Picking another country on /country while the background refresh runs, in the browser, beside the same
key press on a bare one-slider app (the floor of the other interaction rows).

The dashboard (app.py, its background refresh on, as `make run` starts it) serves a temporary copy of
data/, and refreshes it from a local server standing in for UNTC that answers slowly (as UNTC does, with
the refresh's default pause of 2 s between requests), so that the whole measurement happens while the
refresh runs: fetching, parsing and publishing in the child process, and the sidebar following its progress.
"""

from __future__ import annotations

import shutil
import statistics
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

from bench.browser import (
    APP,
    CHROMIUM,
    CHROMIUM_ARGS,
    CLICK_RUNS,
    COUNTRIES,
    INSTRUMENT,
    PAGE_RENDERED,
    REPO,
    BenchError,
    Server,
    browser_missing,
    new_page,
    server_env,
    timed_interaction,
)
from bench.dashboard import bare_slider_ms, interaction_row, measure, pick_country
from bench.server import DocumentServer
from bench.synthetic import make_document
from contract.treaties import tracked_ids
from monitor.store import layout
from scrapers.untc import document_url

ROW = "pick another country (/country) while a refresh runs, browser"
TARGET_MS = 300
SOURCE_DELAY_S = 0.5  # per document, on top of the 2 s pause: the refresh lasts about a minute


def documents() -> dict[str, bytes]:
    """A document for every tracked treaty at its UNTC path (sizes like the real ones, as bench_refresh's)."""
    return {urlsplit(document_url(t, "http://x")).path.replace("%20", " "):
            make_document(min(197, 60 + 9 * i), 40 + 5 * i, seed=i) for i, t in enumerate(tracked_ids())}


# The settle detection of the other rows, except that the sidebar (whose progress line the refresh updates every
# few seconds, by itself) and the app root's run-state attribute (which a rerun of that line alone flips) are not
# the profile the reader waits for.
MAIN_ONLY = INSTRUMENT.replace("return el && !el.closest('canvas');",
                               "return el && !el.closest('canvas') && !el.closest('[data-testid=\"stSidebar\"]')"
                               " && !(r.type === 'attributes' && el.matches('[data-testid=\"stApp\"]'));")


def country_samples(page, base: str, samples: int) -> list[dict]:
    """bench.dashboard's country samples, settled on the page's main part (see MAIN_ONLY)."""
    if MAIN_ONLY == INSTRUMENT:
        raise BenchError("the settle detection changed: MAIN_ONLY no longer applies")
    page.goto(base + "/country?country=MEX", wait_until="domcontentloaded")
    page.wait_for_function(PAGE_RENDERED, polling=50)
    page.wait_for_load_state("networkidle")
    page.evaluate(MAIN_ONLY)

    def one(i: int) -> dict:
        code, name = COUNTRIES[i % len(COUNTRIES)]
        result = timed_interaction(page, pick_country(page, code, name))
        if name not in page.locator("h2").first.inner_text():
            raise BenchError(f"picked {name} but the profile shows another")
        return result

    return measure(samples, one)


def wait_running(data_dir: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while layout.read_refresher(data_dir).get("state") != "running":
        if time.monotonic() > deadline:
            raise BenchError(f"the background refresh did not start within {timeout:.0f} s")
        time.sleep(0.1)


def picks(browser, tmp: Path, data_dir: Path, source_url: str, every: str, samples: int) -> tuple[list[dict], dict]:
    """Country picks on a dashboard over `data_dir` with the background refresh set to `every` (waiting for it to
    run unless `off`), and the refresher's status at the end."""
    env = server_env() | {"MONITOR_DATA_DIR": str(data_dir), "MONITOR_SOURCE_URL": source_url,
                          "MONITOR_REFRESH_EVERY": every, "MONITOR_REFRESH_PAUSE": "2"}
    server = Server(APP, tmp / f"dashboard-{every}.log", env=env)
    try:
        server.start()
        server.wait_healthy()
        context, page = new_page(browser)
        try:
            if every != "off":
                wait_running(data_dir)
            found = country_samples(page, server.url, samples)
            return found, layout.read_refresher(data_dir)
        finally:
            context.close()
    finally:
        server.stop()


def bench_refreshing(samples: int = CLICK_RUNS) -> list[dict]:
    """The row (with the same picks without a refresh, measured just before, for comparison), or why it is skipped."""
    reason = browser_missing()
    if reason:
        return [{"name": ROW, "skipped": reason}]
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="bench-refreshing-") as folder, sync_playwright() as pw, \
            DocumentServer(documents(), delay=SOURCE_DELAY_S) as source:
        tmp = Path(folder)
        data_dir = tmp / "data"
        shutil.copytree(REPO / "data", data_dir, ignore=shutil.ignore_patterns(
            "refresh.log", "health.json", "refresher.json", ".cache", "*.tmp", "raw", "last-good", "notes.csv"))
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            floor = bare_slider_ms(browser, tmp, samples)
            quiet, _ = picks(browser, tmp, data_dir, source.url, "off", samples)
            found, still = picks(browser, tmp, data_dir, source.url, "24h", samples)
        except (BenchError, PlaywrightError) as exc:
            return [{"name": ROW, "skipped": f"failed: {str(exc).splitlines()[0][:200]}"}]
        finally:
            browser.close()
    row = interaction_row(ROW, found, floor, "click an option in the picker until the new profile has settled "
                                             "(the sidebar's progress line is left out), while the background "
                                             "refresh fetches and publishes")
    row |= {"target": f"median <= {TARGET_MS} ms", "met": row["value"] <= TARGET_MS,
            "same_without_refresh_ms": round(statistics.median(s["ms"] for s in quiet)),
            "refresh_running_at_end": still.get("state") == "running",
            "treaties_done_at_end": f"{still.get('done')} of {still.get('total')}"}
    return [row]
