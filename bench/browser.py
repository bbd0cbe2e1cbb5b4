"""What the dashboard benchmarks share: the settings, the Streamlit servers they start, and the
headless-Chromium helpers that time a page until it has settled."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
RESULTS = Path(__file__).resolve().parent / "results"
DASHBOARD = REPO / "dashboard.py"
# What `make run` serves: the dashboard, its feed and brief routes, and the first page's warm-up at start.
APP = REPO / "app.py"
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
    """The bench process's environment, on the repo's data folder, without the background refresh (it would
    ask UNTC and write into data/); the refresh-while-browsing row starts its own on a copy."""
    return {k: v for k, v in os.environ.items() if k != "MONITOR_DATA_DIR"} | {"PYTHONUNBUFFERED": "1",
                                                                            "MONITOR_REFRESH_EVERY": "off"}


class Server:
    """`python -m streamlit run SCRIPT` from the repo root on a free port (started by start())."""

    def __init__(self, script: Path, log: Path, env: dict[str, str] | None = None) -> None:
        self.script, self.log, self.env = script, log, env or server_env()
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
                cwd=REPO, stdout=handle, stderr=subprocess.STDOUT, env=self.env)
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
    """Every page of the router (views/routes.py, which dashboard.py reads), so new pages are visited too."""
    from views.routes import ROUTES

    return [route.url_path for route in ROUTES]


def page_address(url_path: str) -> str:
    """The address of a page; the country profile needs a country."""
    return "/" + url_path + ("?country=MEX" if url_path == "country" else "")


# --- Browser helpers --------------------------------------------------------------------------

def browser_missing() -> str | None:
    """Why the browser benchmarks cannot run here, or None."""
    if not CHROMIUM.exists():
        return f"{CHROMIUM} missing: install the Debian package `chromium` (make chromium-full)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright missing (pip install playwright)"
    return None


def expected_links() -> int:
    """How many States the overview map links to: every State that can join, in the repo's data."""
    from contract.treaties import ICRMW
    from monitor.analysis.overview import map_rows
    from monitor.analysis.status import build_country_status
    from monitor.store import tables as store

    status = store.load_status(REPO / "data", ICRMW)
    return len(map_rows(build_country_status(status)))


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
