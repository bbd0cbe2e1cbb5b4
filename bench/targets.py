"""The lobbying targets with their backtest (`python -m bench --only targets`), each beside its floor.

- `python -m monitor backtest` on the bundled data, process start to exit (target: <= 5 s), beside
  `python -c pass` (the interpreter's own start);
- moving a weight on /targets, which re-scores every 1 January since 2003 and redraws the sentence and the
  chart: server-side script time per rerun (AppTest; <= 100 ms) and in the browser until the page has
  settled (<= 300 ms), beside the same floors as the dashboard's interaction rows. The dashboard part
  (`--only dashboard`) measures the same interaction among its others; this part measures only these.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.browser import (
    APP,
    BARE_APP,
    CHROMIUM,
    CHROMIUM_ARGS,
    CLICK_RUNS,
    REPO,
    SCRIPT_RUNS,
    TIMEOUT_S,
    BenchError,
    browser_missing,
    new_page,
    running,
)
from bench.dashboard import analysis_label, bare_slider_ms, interaction_row, slider_samples
from bench.scripttime import open_app, repo_data, rerun_ms

CLI_RUNS = 3
ROWS = ["python -m monitor backtest, process start to exit",
        "change a target weight with its backtest, script time per rerun",
        "change a target weight with its backtest (/targets), browser"]


def _wall(argv: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, cwd=REPO, check=True, capture_output=True, env={"PATH": "/usr/bin:/bin"})
    return (time.perf_counter() - start) * 1000


def bench_cli(runs: int = CLI_RUNS) -> dict:
    """`python -m monitor backtest` on the repo's data, median wall time, beside the interpreter's start."""
    floor = statistics.median(_wall([sys.executable, "-c", "pass"]) for _ in range(runs))
    times = [_wall([sys.executable, "-m", "monitor", "backtest"]) for _ in range(runs)]
    value = statistics.median(times)
    return {"name": ROWS[0], "value": round(value), "unit": "ms", "floor": round(floor),
            "ratio": round(value / floor, 1), "target": "median <= 5000 ms", "met": value <= 5000, "runs": runs,
            "samples_ms": [round(t) for t in times], "floor_note": "python -c pass"}


def bench_script(runs: int = SCRIPT_RUNS) -> dict:
    """AppTest rerun after a weight change on /targets, beside the bare one-line app's rerun."""
    from streamlit.testing.v1 import AppTest

    with repo_data():
        bare = AppTest.from_string(BARE_APP, default_timeout=TIMEOUT_S)
        bare.run()
        floor = statistics.median(rerun_ms(bare, lambda at, i: None, runs))
        targets = open_app("views/targets.py")
        times = rerun_ms(targets, lambda at, i: at.slider(key="w_signed").set_value([1.5, 1.0][i % 2]), runs)
        if not any("Applied on each 1 January" in m.value for m in targets.markdown):
            raise BenchError("the backtest sentence is not on /targets")
    value = statistics.median(times)
    return {"name": ROWS[1], "value": round(value, 1), "unit": "ms", "floor": round(floor, 1),
            "ratio": round(value / floor, 1), "target": "median <= 100 ms", "met": value <= 100, "runs": runs,
            "p90_ms": round(statistics.quantiles(times, n=10)[-1], 1), "note": "w_signed 1.5 / 1.0 alternating",
            "floor_note": "AppTest rerun of the bare one-line app"}


def bench_browser(samples: int = CLICK_RUNS) -> dict:
    """One arrow key on the 'signed' weight until /targets has settled, beside a bare one-slider app."""
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="bench-targets-") as folder, sync_playwright() as pw:
        tmp = Path(folder)
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            floor = bare_slider_ms(browser, tmp, samples)
            with running(APP, tmp / "dashboard.log") as server:
                context, page = new_page(browser)
                try:
                    found = slider_samples(page, server.url + "/targets", analysis_label("signed"),
                                           ["ArrowRight", "ArrowLeft"], samples)
                finally:
                    context.close()
        finally:
            browser.close()
    row = interaction_row(ROWS[2], found, floor, "one arrow key on the 'signed' weight until the table, the "
                                                 "backtest sentence and its chart have settled")
    return row | {"floor_note": "the same key press on a bare one-slider app, measured the same way"}


def bench_targets() -> list[dict]:
    """The three rows; a browser row is skipped (with the reason) where Chromium or Playwright is missing."""
    rows = [bench_cli(), bench_script()]
    reason = browser_missing()
    rows.append({"name": ROWS[2], "skipped": reason} if reason else bench_browser())
    return rows
