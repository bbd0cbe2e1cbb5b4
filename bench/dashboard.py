"""Dashboard benchmarks, each beside its floor in the same run.

3. Cold start: process start to the overview completely rendered (map drawn) in headless Chromium,
   beside a bare one-line Streamlit app measured the same way, in turn (and, for context, beside an
   app that only draws one plotly world map: what st.plotly_chart itself costs).
4. Interaction: picking another country, moving the "status as at" date, changing a target weight,
   until the page settles, in the browser (beside a bare one-slider app) and as server-side script
   time per rerun in streamlit.testing.v1.AppTest (beside the bare one-line app's rerun).
5. Memory: the server's peak resident memory (VmHWM) after visiting every page, beside the bare app's.

The browser is the system Chromium driven by Playwright; without either, the browser rows are
returned as skipped (the AppTest rows still run). Everything runs on the repo's data/ folder
(MONITOR_DATA_DIR is ignored) so figures compare across machines and runs.
"""

from __future__ import annotations

import contextlib
import re
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench.browser import (
    APP,
    BARE_APP,
    BARE_RENDERED,
    BARE_SLIDER_APP,
    CHROMIUM,
    CHROMIUM_ARGS,
    CLICK_RUNS,
    COLD_RUNS,
    COUNTRIES,
    INSTRUMENT,
    OVERVIEW_RENDERED,
    PLOTLY_MAP_APP,
    PLOTLY_MAP_RENDERED,
    REPO,
    RESULTS,
    SCRIPT_STATE,
    BenchError,
    Server,
    browser_missing,
    expected_links,
    new_page,
    open_page,
    page_address,
    running,
    timed_interaction,
    url_paths,
)
from bench.scripttime import bench_script_time

# --- 3. Cold start and 5. memory of the bare app ---------------------------------------------

def cold_start(browser, script: Path, rendered: str, arg, log: Path, path: str = "/",
               env: dict[str, str] | None = None) -> dict:
    """Process start to rendered (the page at `path`), in a page of the already running browser."""
    server = Server(script, log, env)
    context, page = new_page(browser)
    try:
        start = server.start()
        healthy = server.wait_healthy()
        page.goto(server.url + path, wait_until="commit")
        page.wait_for_function(rendered, arg=arg, polling="raf")
        done = time.perf_counter()
        page.wait_for_load_state("networkidle")
        return {"ms": (done - start) * 1000, "health_ms": (healthy - start) * 1000,
                "peak_mb": server.peak_rss_mb()}
    finally:
        context.close()
        server.stop()


def prepare_kept_facts(kept: bool) -> None:
    """Make the overview's kept facts (monitor.snapshot) present or absent in the repo's data folder."""
    from contract.treaties import ICRMW, articles
    from monitor.analysis.overview import build_facts
    from monitor.store import snapshot
    from monitor.store.checked import load_treaty

    root = REPO / "data"
    if kept:
        if snapshot.load(root, ICRMW) is None:
            loaded = load_treaty(root, ICRMW)  # the store reads, the analysis computes, the store keeps
            facts = build_facts(ICRMW, loaded.status, loaded.declarations, loaded.meta, articles(ICRMW))
            if not snapshot.save(root, ICRMW, snapshot.stamped(root, ICRMW, facts)):
                raise BenchError(f"could not keep the overview's facts in {snapshot.cache_path(root, ICRMW).parent}")
    else:
        snapshot.cache_path(root, ICRMW).unlink(missing_ok=True)


def bench_cold_start(browser, tmp: Path, runs: int = COLD_RUNS) -> tuple[list[dict], dict]:
    """Median cold start of the dashboard (with its overview's facts kept, as after any earlier visit
    since the data last changed; and without), the bare app and the plotly-map app, in turn (the order rotating from
    one round to the next); and the bare app's memory."""
    bare = tmp / "bare_app.py"
    bare.write_text(BARE_APP)
    plotly_dir = tmp / "plotly_map_app"
    (plotly_dir / "static" / "geo").mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "static" / "geo" / "world_110m.json", plotly_dir / "static" / "geo" / "world_110m.json")
    (plotly_dir / "app.py").write_text(PLOTLY_MAP_APP)
    links = expected_links()
    apps = {"dashboard": (APP, OVERVIEW_RENDERED, links, True, "/", None),
            "bare": (bare, BARE_RENDERED, None, None, "/", None),
            "plotly_map": (plotly_dir / "app.py", PLOTLY_MAP_RENDERED, 0, None, "/", None),
            "dashboard_not_kept": (APP, OVERVIEW_RENDERED, links, False, "/", None),
            "dashboard_fr": (APP, OVERVIEW_RENDERED, links, True, "/?lang=fr", None),
            "dashboard_refresher": (APP, OVERVIEW_RENDERED, links, None, "/", refresher_env(tmp))}
    names = list(apps)
    samples: dict[str, list[dict]] = {name: [] for name in names}
    try:
        for index in range(runs + 1):  # the first round warms the disk cache and .pyc files: discarded
            for name in names[index % len(names):] + names[:index % len(names)]:
                script, rendered, arg, kept, path, env = apps[name]
                if kept is not None:
                    prepare_kept_facts(kept)
                sample = cold_start(browser, script, rendered, arg, tmp / f"cold-{name}.log", path, env)
                if index:
                    samples[name].append(sample)
    finally:
        prepare_kept_facts(True)  # leave the data folder as a refresh leaves it

    def median(name: str, key: str = "ms") -> float:
        return statistics.median(s[key] for s in samples[name])

    def paired(name: str) -> float:
        """The median, over the rounds, of this app's start over the bare app's in the same round: shown beside the
        ratio of the medians, as the machine's speed drifts by a fifth within half an hour (BENCHMARKS.md)."""
        return round(statistics.median(s["ms"] / b["ms"] for s, b in zip(samples[name], samples["bare"],
                                                                        strict=True)), 2)

    value, floor, plotly_floor, not_kept, french, refresher = (median(n) for n in (
        "dashboard", "bare", "plotly_map", "dashboard_not_kept", "dashboard_fr", "dashboard_refresher"))
    row = {"name": "dashboard cold start to overview map drawn", "value": round(value), "unit": "ms",
           "floor": round(floor), "ratio": round(value / floor, 2), "target": f"<= {COLD_TARGET}x the bare app",
           "met": value <= COLD_TARGET * floor, "runs": runs, "paired_ratio": paired("dashboard"),
           "samples_ms": [round(s["ms"]) for s in samples["dashboard"]],
           "floor_samples_ms": [round(s["ms"]) for s in samples["bare"]],
           "floor_note": "bare one-line app (st.write) measured the same way, in turn with the dashboard",
           "kept_facts_note": "the overview's facts kept in data/.cache/ (written by the first server that computes "
                              "them), as in normal use",
           "plotly_map_floor_ms": round(plotly_floor), "ratio_to_plotly_map_floor": round(value / plotly_floor, 2),
           "plotly_map_floor_samples_ms": [round(s["ms"]) for s in samples["plotly_map"]],
           "health_ms": round(median("dashboard", "health_ms")),
           "floor_health_ms": round(median("bare", "health_ms")),
           "peak_mb_overview_only": round(median("dashboard", "peak_mb"), 1),
           "chromium": browser.version}
    row_not_kept = {"name": COLD_NOT_KEPT_ROW,
                    "value": round(not_kept), "unit": "ms", "floor": round(floor), "ratio": round(not_kept / floor, 2),
                    "target": "-", "met": None, "runs": runs,
                    "samples_ms": [round(s["ms"]) for s in samples["dashboard_not_kept"]],
                    "peak_mb_overview_only": round(median("dashboard_not_kept", "peak_mb"), 1)}
    row_french = {"name": COLD_FRENCH_ROW, "value": round(french), "unit": "ms", "floor": round(floor),
                  "ratio": round(french / floor, 2), "target": f"<= {COLD_TARGET_FRENCH}x the bare app",
                  "met": french <= COLD_TARGET_FRENCH * floor, "runs": runs, "paired_ratio": paired("dashboard_fr"),
                  "samples_ms": [round(s["ms"]) for s in samples["dashboard_fr"]]}
    row_refresher = {"name": COLD_REFRESHER_ROW, "value": round(refresher), "unit": "ms", "floor": round(floor),
                     "ratio": round(refresher / floor, 2), "target": f"<= {COLD_TARGET}x the bare app",
                     "met": refresher <= COLD_TARGET * floor, "runs": runs,
                     "paired_ratio": paired("dashboard_refresher"),
                     "samples_ms": [round(s["ms"]) for s in samples["dashboard_refresher"]],
                     "note": "app.py with its background refresh on (MONITOR_REFRESH_EVERY=24h, as make run), on a "
                             "copy of data/ checked a moment ago: the child process starts, the sidebar says "
                             "'Checked'; the other rows run with the refresh off"}
    bare_memory = {"peak_mb": median("bare", "peak_mb")}
    return [row, row_french, row_not_kept, row_refresher], bare_memory


def refresher_env(tmp: Path) -> dict[str, str]:
    """The server's environment with the background refresh on, on a copy of data/ (its overview's facts kept)
    that was checked a moment ago: the refresher starts, finds nothing due, and asks nothing of anyone."""
    from bench.browser import server_env
    from monitor.refresher import iso
    from monitor.store import layout

    prepare_kept_facts(True)
    copy = tmp / "data-refresher"
    shutil.copytree(REPO / "data", copy, ignore=shutil.ignore_patterns(
        "refresh.log", "health.json", "refresher.json", "*.tmp", "raw", "last-good", "notes.csv"))
    layout.write_refresher(copy, {"state": "idle", "result": "checked", "last_success": iso(time.time()),
                                  "changes": {}})
    return server_env() | {"MONITOR_DATA_DIR": str(copy), "MONITOR_REFRESH_EVERY": "24h",
                           "MONITOR_SOURCE_URL": "http://127.0.0.1:9"}


# --- 4. Interaction in the browser and 5. memory of the dashboard -----------------------------

def pick_country(page, code: str, name: str) -> Callable[[], None]:
    """Type a name into the picker (not timed), then the timed part: click the option."""
    box = page.get_by_role("combobox", name="Choose a country")
    box.click()
    box.fill(name)
    option = page.get_by_role("option", name=f"{name} ({code})")
    option.wait_for()
    return option.click


def press(page, label: str, key: str) -> Callable[[], None]:
    """Focus a slider (not timed); the timed part: one key press on it."""
    slider = page.get_by_role("slider", name=label)
    slider.focus()
    return lambda: slider.press(key)


def slider_text(page, label: str) -> str:
    return page.get_by_role("slider", name=label).get_attribute("aria-valuetext") or ""


def measure(samples: int, one: Callable[[int], dict]) -> list[dict]:
    """One warm-up (discarded), then `samples` timed interactions."""
    return [one(i) for i in range(samples + 1)][1:]


def country_samples(page, base: str, samples: int) -> list[dict]:
    open_page(page, base + "/country?country=MEX")

    def one(i: int) -> dict:
        code, name = COUNTRIES[i % len(COUNTRIES)]
        result = timed_interaction(page, pick_country(page, code, name))
        heading = page.locator("h2").first.inner_text()
        if name not in heading:
            raise BenchError(f"picked {name} but the profile shows {heading!r}")
        return result

    return measure(samples, one)


def slider_samples(page, url: str, label: str, keys: list[str], samples: int, cycle: bool = True) -> list[dict]:
    open_page(page, url)

    def one(i: int) -> dict:
        before = slider_text(page, label)
        key = keys[i % len(keys)] if cycle else keys[min(i, len(keys) - 1)]
        result = timed_interaction(page, press(page, label, key))
        if slider_text(page, label) == before:
            raise BenchError(f"the slider {label!r} did not move from {before}")
        return result | {"value": slider_text(page, label)}

    return measure(samples, one)


def interaction_row(name: str, samples: list[dict], floor: float, note: str) -> dict:
    value = statistics.median(s["ms"] for s in samples)
    return {"name": name, "value": round(value), "unit": "ms", "floor": round(floor),
            "ratio": round(value / floor, 1) if floor else None, "target": "median <= 300 ms",
            "met": value <= 300, "runs": len(samples), "samples_ms": [round(s["ms"]) for s in samples],
            "script_end_ms": round(statistics.median(s["script_end_ms"] for s in samples)),
            "reruns_per_change": max(s["runs"] for s in samples), "note": note,
            **({"values": [s["value"] for s in samples]} if all("value" in s for s in samples) else {})}


def attempt(name: str, page, build: Callable[[], dict]) -> dict:
    """build() the row; if it fails, a skipped row saying why (and a screenshot in bench/results/)."""
    from playwright.sync_api import Error as PlaywrightError

    try:
        return build()
    except (BenchError, PlaywrightError) as exc:
        shot = RESULTS / f"failed-{re.sub(r'[^a-z]+', '-', name.lower()).strip('-')}.png"
        with contextlib.suppress(PlaywrightError, OSError):
            RESULTS.mkdir(exist_ok=True)
            page.screenshot(path=str(shot), full_page=True)
        return {"name": name, "skipped": f"failed: {str(exc).splitlines()[0][:200]} (screenshot: {shot.name})"}


def bare_slider_ms(browser, tmp: Path, samples: int) -> float:
    """The floor of the browser interactions: the median of one key press on a bare one-slider app."""
    app = tmp / "bare_slider_app.py"
    app.write_text(BARE_SLIDER_APP)
    with running(app, tmp / "bare-slider.log") as server:
        context, page = new_page(browser)
        try:
            page.goto(server.url + "/", wait_until="domcontentloaded")
            page.wait_for_selector("[data-testid='stSlider']")
            page.wait_for_function(f"() => {SCRIPT_STATE} === 'notRunning'", polling=50)
            page.evaluate(INSTRUMENT)
            found = measure(samples, lambda i: timed_interaction(page, press(page, "Value", ["ArrowRight",
                                                                                           "ArrowLeft"][i % 2])))
        finally:
            context.close()
    return statistics.median(s["ms"] for s in found)


def bench_browser_interaction(browser, tmp: Path, bare_memory: dict, samples: int = CLICK_RUNS) -> list[dict]:
    """Visit every page (then read the peak memory), then time the three interactions."""
    floor = bare_slider_ms(browser, tmp, samples)

    def memory() -> dict:
        visited = []
        for path in url_paths():
            open_page(page, server.url + page_address(path), overview=not path)
            visited.append(page_address(path))
        peak, bare = server.peak_rss_mb(), bare_memory["peak_mb"]
        return {"name": BROWSER_ROWS[1], "value": round(peak, 1), "unit": "MB", "floor": round(bare, 1),
                "ratio": round(peak / bare, 2), "target": "<= floor + 150 MB",
                "met": peak - bare <= 150, "over_floor_mb": round(peak - bare, 1),
                "pages": visited, "rss_mb_now": round(server.rss_mb(), 1),
                "floor_note": "the bare one-line app's VmHWM after loading its page (median of the cold starts)"}

    def country() -> dict:
        return interaction_row(BROWSER_ROWS[2], country_samples(page, server.url, samples), floor,
                               "click an option in the picker until the new profile has settled")

    def dates() -> dict:
        # PageDown moves ~2.7 years back; nine presses stay after 1990, then one day at a time:
        # a date not seen before on every press (status_at cache misses), as when a user drags.
        keys = ["PageDown"] * 9 + ["ArrowRight"] * max(0, samples - 8)
        return interaction_row(BROWSER_ROWS[3], slider_samples(page, server.url + "/trends", "Status as at", keys,
                                                               samples, cycle=False), floor,
                               "PageDown on the slider, a new date each time (status_at cache misses), "
                               "until counts and map have settled")

    def weight() -> dict:
        return interaction_row(BROWSER_ROWS[4], slider_samples(page, server.url + "/targets", analysis_label("signed"),
                                                               ["ArrowRight", "ArrowLeft"], samples), floor,
                               "one arrow key on a weight slider until the table, the backtest sentence and its chart "
                               "have settled")

    with running(APP, tmp / "dashboard.log") as server:
        context, page = new_page(browser)
        try:
            steps = (memory, country, dates, weight)
            rows = [attempt(name, page, build) for name, build in zip(BROWSER_ROWS[1:], steps, strict=True)]
            if "value" in rows[0]:
                rows[0]["peak_mb_after_interactions"] = round(server.peak_rss_mb(), 1)
        finally:
            context.close()
        if "Traceback" in server.log.read_text(errors="replace"):
            raise BenchError(f"the dashboard logged a traceback: {server.log_tail(40)}")
    for row in rows[1:]:
        row.setdefault("floor_note", "the same key press on a bare one-slider app, measured the same way")
    return rows


def analysis_label(factor: str) -> str:
    """The label of a target weight slider."""
    from views.labels import WEIGHT_LABELS

    return WEIGHT_LABELS[factor]


# --- Entry point ------------------------------------------------------------------------------

COLD_NOT_KEPT_ROW = "dashboard cold start, overview facts not kept (first start after an upgrade)"
COLD_FRENCH_ROW = "dashboard cold start, overview in French (/?lang=fr)"
COLD_REFRESHER_ROW = "dashboard cold start, background refresh on (as make run starts it)"
COLD_TARGET, COLD_TARGET_FRENCH = 1.25, 1.3  # times the bare app (issues 10, 12 and 13)
BROWSER_ROWS = ["dashboard cold start to overview map drawn", "dashboard server peak memory, every page visited",
                "pick another country (/country), browser", "move 'status as at' date (/trends), browser",
                "change a target weight (/targets), browser"]


def bench_dashboard() -> list[dict]:
    """Cold start, interaction (browser and script time) and memory, each beside its floor."""
    rows: list[dict] = []
    reason = browser_missing()
    if reason:
        rows += [{"name": name, "skipped": reason} for name in [*BROWSER_ROWS, COLD_FRENCH_ROW, COLD_NOT_KEPT_ROW,
                                                                COLD_REFRESHER_ROW]]
    else:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright

        with tempfile.TemporaryDirectory(prefix="bench-dashboard-") as folder, sync_playwright() as pw:
            tmp = Path(folder)
            # The browser is launched before any server process starts: its own start is not counted.
            browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            try:
                try:
                    cold, bare_memory = bench_cold_start(browser, tmp)
                    rows += cold
                except (BenchError, PlaywrightError) as exc:
                    rows += [{"name": name, "skipped": f"failed: {str(exc)[:300]}"}
                             for name in (BROWSER_ROWS[0], COLD_FRENCH_ROW, COLD_NOT_KEPT_ROW, COLD_REFRESHER_ROW)]
                    bare_memory = None
                if bare_memory is None:
                    rows += [{"name": name, "skipped": "no floor: the cold start failed"} for name in BROWSER_ROWS[1:]]
                else:
                    try:
                        rows += bench_browser_interaction(browser, tmp, bare_memory)
                    except (BenchError, PlaywrightError) as exc:
                        rows += [{"name": name, "skipped": f"failed: {str(exc)[:300]}"} for name in BROWSER_ROWS[1:]]
            finally:
                browser.close()
    try:
        rows += bench_script_time()
    except BenchError as exc:
        rows.append({"name": "script time per rerun", "skipped": f"failed: {str(exc)[:300]}"})
    return rows
