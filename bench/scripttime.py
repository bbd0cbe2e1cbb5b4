"""Server-side script time per rerun, in streamlit.testing.v1.AppTest, beside the bare app's rerun."""

from __future__ import annotations

import contextlib
import logging
import os
import statistics
import time
from collections.abc import Callable, Iterator
from datetime import date, timedelta

from bench.browser import BARE_APP, COUNTRIES, DASHBOARD, SCRIPT_RUNS, TIMEOUT_S, BenchError
from views.routes import COUNTRY, TARGETS, TRENDS

# --- 4. Server-side script time per rerun (AppTest) -------------------------------------------

QUIET_LOGGERS = ("streamlit.runtime.scriptrunner_utils.script_run_context", "streamlit.runtime.caching.cache_data_api",
                 "streamlit.runtime.caching.cache_resource_api")


def _errors_only(record: logging.LogRecord) -> bool:
    """Keep errors only."""
    return record.levelno >= logging.ERROR


@contextlib.contextmanager
def repo_data() -> Iterator[None]:
    """Run AppTest on the repo's data folder, as the servers do, without the bare-mode warnings.

    A filter rather than a level: Streamlit resets its loggers' levels when AppTest loads the config."""
    saved = os.environ.pop("MONITOR_DATA_DIR", None)
    for name in QUIET_LOGGERS:
        logging.getLogger(name).addFilter(_errors_only)
    try:
        yield
    finally:
        for name in QUIET_LOGGERS:
            logging.getLogger(name).removeFilter(_errors_only)
        if saved is not None:
            os.environ["MONITOR_DATA_DIR"] = saved


def rerun_ms(at, change: Callable[[object, int], None], runs: int, warmup: int = 3) -> list[float]:
    """Time at.run() after change(at, i), `runs` times, after `warmup` untimed changes (caches filled)."""
    times = []
    for i in range(warmup + runs):
        change(at, i)
        start = time.perf_counter()
        at.run()
        elapsed = (time.perf_counter() - start) * 1000
        if at.exception:
            raise BenchError(f"the script raised: {[e.value for e in at.exception]}")
        if i >= warmup:
            times.append(elapsed)
    return times


def open_app(page: str | None = None, **query: str):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(DASHBOARD), default_timeout=TIMEOUT_S)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    if page:
        at.switch_page(page).run()
    return at


def bench_script_time(runs: int = SCRIPT_RUNS) -> list[dict]:
    """Median AppTest rerun time for each interaction, beside the bare app's rerun."""
    from streamlit.testing.v1 import AppTest

    with repo_data():
        bare = AppTest.from_string(BARE_APP, default_timeout=TIMEOUT_S)
        bare.run()
        floor = statistics.median(rerun_ms(bare, lambda at, i: None, runs))

        codes = [code for code, _ in COUNTRIES]
        country = open_app(COUNTRY.file, country="MEX")
        country_times = rerun_ms(country, lambda at, i: at.selectbox(key="country_picker").select(
            codes[i % len(codes)]), runs)

        trends = open_app(TRENDS.file)
        two_dates = [date(2003, 7, 1), date(2010, 1, 1)]
        cached_times = rerun_ms(trends, lambda at, i: at.slider(key="as_at").set_value(two_dates[i % 2]), runs)
        fresh_times = rerun_ms(trends, lambda at, i: at.slider(key="as_at").set_value(
            date(1995, 1, 1) + timedelta(days=97 * i)), runs)

        targets = open_app(TARGETS.file)
        weight_times = rerun_ms(targets, lambda at, i: at.slider(key="w_signed").set_value([3.5, 3.0][i % 2]),
                                runs)

    def row(name: str, times: list[float], note: str) -> dict:
        value = statistics.median(times)
        return {"name": name, "value": round(value, 1), "unit": "ms", "floor": round(floor, 1),
                "ratio": round(value / floor, 1), "target": "median <= 100 ms", "met": value <= 100,
                "runs": len(times), "p90_ms": round(statistics.quantiles(times, n=10)[-1], 1), "note": note,
                "floor_note": "AppTest rerun of the bare one-line app"}

    return [
        row("pick another country, script time per rerun", country_times, "selectbox.select, alternating codes"),
        row("move 'status as at' date, script time per rerun", cached_times,
            "two dates alternating, status_at cache warm"),
        row("move 'status as at' date to new dates, script time per rerun", fresh_times,
            "a date not seen before on each run: status_at cache miss"),
        row("change a target weight, script time per rerun", weight_times,
            "w_signed 3.5 / 3.0 alternating; the backtest sentence, chart and table redrawn each time"),
    ]
