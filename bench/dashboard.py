"""Dashboard benchmarks, each beside its floor in the same run (parts 3 to 5 of issue 6).

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
import logging
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
RESULTS = Path(__file__).resolve().parent / "results"
DASHBOARD = REPO / "dashboard.py"
CHROMIUM = Path("/usr/bin/chromium")
# Without the background-networking flags Chromium floods a closed network with connection attempts.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run"]
TIMEOUT_S = 60  # any single wait: server health, a page render, a settle
QUIET_MS = 500  # a page has settled once its DOM has not changed for this long after the rerun ended
COLD_RUNS = 5  # cold starts per app (median), after one discarded warm-up round
CLICK_RUNS = 9  # browser interactions per kind (median), after one discarded warm-up
SCRIPT_RUNS = 30  # AppTest reruns per kind (median), after warm-up runs

BARE_APP = 'import streamlit as st\n\nst.write("ready")\n'
BARE_SLIDER_APP = 'import streamlit as st\n\nvalue = st.slider("Value", 0, 100, 50)\nst.write(f"value {value}")\n'
# A second floor for the cold start: what any Streamlit app pays to draw one plotly world map offline
# (plotly's 4.7 MB chart bundle, the topojson), with no data work. It lives in a temp folder with a
# copy of static/geo/, served at app/static/ as for the dashboard.
PLOTLY_MAP_APP = """import json
from pathlib import Path

import plotly.graph_objects as go
import streamlit as st


world = json.loads((Path(__file__).parent / "static" / "geo" / "world_110m.json").read_text())
codes = [g["id"] for g in world["objects"]["countries"]["geometries"] if len(g.get("id") or "") == 3]
fig = go.Figure(go.Choropleth(locations=codes, z=[1] * len(codes), locationmode="ISO-3", showscale=False))
fig.update_geos(fitbounds=False, resolution=110)
st.plotly_chart(fig, config={"topojsonURL": "app/static/geo/"})
"""

# The overview is rendered once its map is in the page with a link for every State (the map is one
# inline SVG, see views/svgmap.py) and Streamlit reports the script run as finished. A plotly map
# (the informative floor) is drawn once it has >= 150 country shapes and its small-State markers.
SCRIPT_STATE = "document.querySelector('[data-testid=\"stApp\"]')?.getAttribute('data-test-script-state')"
OVERVIEW_RENDERED = f"""n => document.querySelectorAll('svg.icrmw-map a').length >= n
    && {SCRIPT_STATE} === 'notRunning'"""
PLOTLY_MAP_RENDERED = f"""n => document.querySelectorAll('path.choroplethlocation').length >= 150
    && document.querySelectorAll('.trace.scattergeo path.point').length >= n
    && {SCRIPT_STATE} === 'notRunning'"""
BARE_RENDERED = f"""() => [...document.querySelectorAll('[data-testid="stMarkdownContainer"]')]
    .some(e => e.innerText.trim() === 'ready') && {SCRIPT_STATE} === 'notRunning'"""
PAGE_RENDERED = f"() => {SCRIPT_STATE} === 'notRunning' && document.querySelector('h1') !== null"

# How an interaction is timed, in the page itself (no polling granularity, no Playwright round trip):
# - start: the first keydown or pointerdown after the bench "arms" the page (so typing a country
#   name into the picker before choosing it is not counted);
# - the run's end: the arrival of Streamlit's `script_finished` message. Playwright hands the bench
#   every websocket frame, which it decodes as a ForwardMsg (see Wire); the page records when each
#   frame arrived (WS_CLOCK), so the bench knows the arrival time of that very message. (Neither the
#   running indicator, [data-testid="stStatusWidget"], nor stApp's data-test-script-state attribute
#   is reliable for this: the indicator shows only for slower runs, and when the server sends a
#   whole run's messages at once React batches "running" and "notRunning" into one render, so the
#   attribute never changes.)
# - settled: the last DOM change in the app at or after that message, once nothing has changed for
#   QUIET_MS. That includes drawing the deltas and plotly redrawing a map: what the user waits for.
#   Changes inside a <canvas> (fallback content, never painted) are left out. The quiet wait itself
#   is not counted.
WS_CLOCK = """(() => {
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      const times = window.__wsTimes = [];  // one list per socket, as the bench keeps one per socket
      this.addEventListener('message', () => times.push(performance.now()));
    }
  };
})();"""
INSTRUMENT = """() => {
  if (window.__bench) return;
  const b = window.__bench = {armed: false, t0: null, last: 0};
  new MutationObserver(records => {
    if (!b.armed || b.t0 === null) return;
    // A canvas's fallback content is never painted: the data grid rewrites its hidden accessibility
    // table there some 250 ms after it has drawn the new rows.
    const painted = records.some(r => {
      const el = r.target.nodeType === 1 ? r.target : r.target.parentElement;
      return el && !el.closest('canvas');
    });
    if (painted) b.last = performance.now();
  }).observe(document.body, {subtree: true, childList: true, attributes: true, characterData: true});
  const start = () => { if (b.armed && b.t0 === null) b.t0 = performance.now(); };
  document.addEventListener('keydown', start, true);
  document.addEventListener('pointerdown', start, true);
}"""
ARM = "() => Object.assign(window.__bench, {armed: true, t0: null, last: 0})"
QUIET = f"""quiet => {SCRIPT_STATE} === 'notRunning' && performance.now() - window.__bench.last >= quiet"""
RESULT = """index => { const b = window.__bench; b.armed = false;
  const finished = window.__wsTimes[index];
  return {t0: b.t0, ms: Math.max(b.last, finished) - b.t0, script_end_ms: finished - b.t0}; }"""

# Countries picked on /country, in turn: plain names that are easy to type.
COUNTRIES = [("DZA", "Algeria"), ("BRA", "Brazil"), ("KEN", "Kenya"), ("NOR", "Norway"), ("PER", "Peru"),
             ("SEN", "Senegal"), ("JPN", "Japan"), ("GHA", "Ghana"), ("CHL", "Chile"), ("EGY", "Egypt"),
             ("FRA", "France"), ("MLI", "Mali")]


class BenchError(RuntimeError):
    """A benchmark could not be measured (server died, page never rendered...)."""


# --- Servers ----------------------------------------------------------------------------------

def free_port() -> int:
    """A TCP port nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env() -> dict[str, str]:
    """The bench process's environment, on the repo's data folder."""
    return {k: v for k, v in os.environ.items() if k != "MONITOR_DATA_DIR"} | {"PYTHONUNBUFFERED": "1"}


class Server:
    """`python -m streamlit run SCRIPT` from the repo root on a free port (started by start())."""

    def __init__(self, script: Path, log: Path) -> None:
        self.script, self.log = script, log
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None
        self.started = 0.0

    def start(self) -> float:
        """Start the process; returns the perf_counter time just before it was spawned."""
        with self.log.open("w") as handle:
            self.started = time.perf_counter()
            self.process = subprocess.Popen(
                [sys.executable, "-m", "streamlit", "run", str(self.script), "--server.headless", "true",
                 "--server.port", str(self.port), "--server.address", "127.0.0.1"],
                cwd=REPO, stdout=handle, stderr=subprocess.STDOUT, env=server_env())
        return self.started

    def wait_healthy(self, interval: float = 0.02) -> float:
        """Poll /_stcore/health until it answers; returns the perf_counter time it did."""
        deadline = time.monotonic() + TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise BenchError(f"{self.script.name} exited with {self.process.returncode}: {self.log_tail()}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as resp:
                    if resp.status == 200:
                        return time.perf_counter()
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(interval)
        raise BenchError(f"{self.script.name} not healthy after {TIMEOUT_S}s: {self.log_tail()}")

    def peak_rss_mb(self) -> float:
        """The process's peak resident memory so far (VmHWM), in MB."""
        return _status_mb(self.process.pid, "VmHWM")

    def rss_mb(self) -> float:
        """The process's resident memory now (VmRSS), in MB."""
        return _status_mb(self.process.pid, "VmRSS")

    def log_tail(self, lines: int = 15) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    def stop(self) -> None:
        """Terminate the process (kill it if it does not stop), by its own handle only."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)


def _status_mb(pid: int, field: str) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    raise BenchError(f"/proc/{pid}/status has no {field}")


@contextlib.contextmanager
def running(script: Path, log: Path) -> Iterator[Server]:
    """A started, healthy server, stopped on the way out whatever happens."""
    server = Server(script, log)
    try:
        server.start()
        server.wait_healthy()
        yield server
    finally:
        server.stop()


def url_paths() -> list[str]:
    """Every page of the router (its url_path), read from dashboard.py so new pages are visited too."""
    paths = re.findall(r'url_path\s*=\s*"([^"]*)"', DASHBOARD.read_text())
    return paths or ["", "trends", "targets", "country", "changes", "data"]


def page_address(url_path: str) -> str:
    """The address of a page; the country profile needs a country."""
    return "/" + url_path + ("?country=MEX" if url_path == "country" else "")


# --- Browser helpers --------------------------------------------------------------------------

def browser_missing() -> str | None:
    """Why the browser benchmarks cannot run here, or None."""
    if not CHROMIUM.exists():
        return f"{CHROMIUM} missing: install the Debian package `chromium` (make chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright missing (pip install playwright)"
    return None


def expected_links() -> int:
    """How many States the overview map links to: every State that can join, in the repo's data."""
    from contract.treaties import ICRMW
    from monitor.analysis.status import build_country_status, build_map_lines
    from monitor.store import tables as store

    status = store.load_status(REPO / "data", ICRMW)
    return len(build_map_lines(build_country_status(status)))


class Wire:
    """The kinds of the ForwardMsgs the page has received on its current Streamlit websocket, in order."""

    def __init__(self, page) -> None:
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        self.forward_msg = ForwardMsg
        self.kinds: list[str] = []
        page.on("websocket", self._on_websocket)

    def _on_websocket(self, socket) -> None:
        if "_stcore/stream" not in socket.url:
            return
        kinds: list[str] = []
        self.kinds = kinds  # a new socket (a page load): the page's frame clock starts again too
        socket.on("framereceived", lambda payload: kinds.append(self._kind(payload)))

    def _kind(self, payload: bytes | str) -> str:
        try:
            return self.forward_msg.FromString(payload if isinstance(payload, bytes) else payload.encode()
                                               ).WhichOneof("type") or ""
        except Exception:  # noqa: BLE001 - a frame that is not a ForwardMsg
            return "?"

    def find(self, kind: str, start: int) -> int | None:
        """The index of the first message of that kind at or after start, or None."""
        return next((i for i in range(start, len(self.kinds)) if self.kinds[i] == kind), None)


def new_page(browser):
    """A fresh context (no cache, no storage) and a page in it, with the bench's timeouts and clocks."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_S * 1000)
    context.add_init_script(WS_CLOCK)
    page = context.new_page()
    page.wire = Wire(page)
    return context, page


def open_page(page, url: str, overview: bool = False) -> None:
    """Load a page and wait until Streamlit has finished running its script and the network is quiet."""
    page.goto(url, wait_until="domcontentloaded")
    if overview:  # wait for the map too
        page.wait_for_function(OVERVIEW_RENDERED, arg=expected_links(), polling=50)
    else:
        page.wait_for_function(PAGE_RENDERED, polling=50)
    page.wait_for_load_state("networkidle")
    page.evaluate(INSTRUMENT)


def timed_interaction(page, action: Callable[[], None]) -> dict:
    """Arm the page, do the action, wait for the rerun's end and for the page to settle; the in-page timings."""
    start = len(page.wire.kinds)
    page.evaluate(ARM)
    action()
    deadline = time.monotonic() + TIMEOUT_S
    while (index := page.wire.find("script_finished", start)) is None:
        if time.monotonic() > deadline:
            raise BenchError(f"no script_finished message within {TIMEOUT_S}s of the interaction")
        page.wait_for_timeout(20)  # lets Playwright deliver the websocket frames
    page.wait_for_function(QUIET, arg=QUIET_MS, polling=50)
    result = page.evaluate(RESULT, index)
    if result["t0"] is None:
        raise BenchError("the interaction sent no key or pointer event")
    return result | {"runs": page.wire.kinds[start:].count("script_finished")}


# --- 3. Cold start and 5. memory of the bare app ---------------------------------------------

def cold_start(browser, script: Path, rendered: str, arg, log: Path) -> dict:
    """Process start to rendered, in a page of the already running browser."""
    server = Server(script, log)
    context, page = new_page(browser)
    try:
        start = server.start()
        healthy = server.wait_healthy()
        page.goto(server.url + "/", wait_until="commit")
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
    from contract.treaties import ICRMW
    from monitor.analysis.overview import keep
    from monitor.store import snapshot

    root = REPO / "data"
    if kept:
        if snapshot.load(root, ICRMW) is None and not keep(root):
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
    apps = {"dashboard": (DASHBOARD, OVERVIEW_RENDERED, links, True),
            "bare": (bare, BARE_RENDERED, None, None),
            "plotly_map": (plotly_dir / "app.py", PLOTLY_MAP_RENDERED, 0, None),
            "dashboard_not_kept": (DASHBOARD, OVERVIEW_RENDERED, links, False)}
    names = list(apps)
    samples: dict[str, list[dict]] = {name: [] for name in names}
    try:
        for index in range(runs + 1):  # the first round warms the disk cache and .pyc files: discarded
            for name in names[index % len(names):] + names[:index % len(names)]:
                script, rendered, arg, kept = apps[name]
                if kept is not None:
                    prepare_kept_facts(kept)
                sample = cold_start(browser, script, rendered, arg, tmp / f"cold-{name}.log")
                if index:
                    samples[name].append(sample)
    finally:
        prepare_kept_facts(True)  # leave the data folder as a refresh leaves it

    def median(name: str, key: str = "ms") -> float:
        return statistics.median(s[key] for s in samples[name])

    value, floor, plotly_floor, not_kept = (median(n) for n in ("dashboard", "bare", "plotly_map",
                                                                 "dashboard_not_kept"))
    row = {"name": "dashboard cold start to overview map drawn", "value": round(value), "unit": "ms",
           "floor": round(floor), "ratio": round(value / floor, 2), "target": "<= 1.5x the bare app",
           "met": value <= 1.5 * floor, "runs": runs,
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
    bare_memory = {"peak_mb": median("bare", "peak_mb")}
    return [row, row_not_kept], bare_memory


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


def bench_browser_interaction(browser, tmp: Path, bare_memory: dict, samples: int = CLICK_RUNS) -> list[dict]:
    """Visit every page (then read the peak memory), then time the three interactions."""
    # The floor: the same key press on a bare one-slider app.
    slider_app = tmp / "bare_slider_app.py"
    slider_app.write_text(BARE_SLIDER_APP)
    with running(slider_app, tmp / "bare-slider.log") as server:
        context, page = new_page(browser)
        try:
            page.goto(server.url + "/", wait_until="domcontentloaded")
            page.wait_for_selector("[data-testid='stSlider']")
            page.wait_for_function(f"() => {SCRIPT_STATE} === 'notRunning'", polling=50)
            page.evaluate(INSTRUMENT)
            floor_samples = measure(samples, lambda i: timed_interaction(
                page, press(page, "Value", ["ArrowRight", "ArrowLeft"][i % 2])))
        finally:
            context.close()
    floor = statistics.median(s["ms"] for s in floor_samples)

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
                               "one arrow key on a weight slider until the table has settled")

    with running(DASHBOARD, tmp / "dashboard.log") as server:
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
        country = open_app("views/country.py", country="MEX")
        country_times = rerun_ms(country, lambda at, i: at.selectbox(key="country_picker").select(
            codes[i % len(codes)]), runs)

        trends = open_app("views/trends.py")
        two_dates = [date(2003, 7, 1), date(2010, 1, 1)]
        cached_times = rerun_ms(trends, lambda at, i: at.slider(key="as_at").set_value(two_dates[i % 2]), runs)
        fresh_times = rerun_ms(trends, lambda at, i: at.slider(key="as_at").set_value(
            date(1995, 1, 1) + timedelta(days=97 * i)), runs)

        targets = open_app("views/targets.py")
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
        row("change a target weight, script time per rerun", weight_times, "w_signed 3.5 / 3.0 alternating"),
    ]


# --- Entry point ------------------------------------------------------------------------------

COLD_NOT_KEPT_ROW = "dashboard cold start, overview facts not kept (first start after an upgrade)"
BROWSER_ROWS = ["dashboard cold start to overview map drawn", "dashboard server peak memory, every page visited",
                "pick another country (/country), browser", "move 'status as at' date (/trends), browser",
                "change a target weight (/targets), browser"]


def bench_dashboard() -> list[dict]:
    """Cold start, interaction (browser and script time) and memory, each beside its floor."""
    rows: list[dict] = []
    reason = browser_missing()
    if reason:
        rows += [{"name": name, "skipped": reason} for name in [*BROWSER_ROWS, COLD_NOT_KEPT_ROW]]
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
                             for name in (BROWSER_ROWS[0], COLD_NOT_KEPT_ROW)]
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
