"""What the tests share: the paths they read, the skips for what a clone may lack, the scripted local
HTTP server, the real UNTC captures and the --run-live opt-in."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from bundled_document import bundled_document
from httpserver import ScriptedServer

from contract.treaties import ICRMW
from monitor.store.layout import load_meta
from tests.dashboard_server import chromium, require_browser, run_dashboard

# No dashboard a test starts refreshes by itself (nor ever writes into the repository's data/, nor asks
# UNTC): a test that wants the background refresher sets MONITOR_REFRESH_EVERY for its own server.
os.environ["MONITOR_REFRESH_EVERY"] = "off"

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures"  # small hand-made documents
SAMPLES = REPO.parent / "shared" / "untc-samples"  # real UNTC captures, beside the repo (never committed)
CAPTURE_IV_13 = SAMPLES / "mtdsg-IV-13.en.2018-01-15.xml"
BUNDLED_AS_OF = "2018-01-15"  # the capture data/ ships with

# Counts of that capture of IV-13 and of the reference table, named so each expected number says why.
STATES = 197  # who can join: 193 UN members + 2 observer States + the Cook Islands and Niue
UN_MEMBERS = 193
PARTICIPANTS = 67  # rows of UNTC's participants table
PARTIES = 51  # UNTC's header: "Parties: 51"
SIGNATORIES = 39  # UNTC's header: "Signatories: 39"
SIGNED_ONLY = 16  # signatories that have not ratified (the other 23 did)
NOT_ACTED = STATES - PARTIES - SIGNED_ONLY  # 130 States that neither signed nor joined


def sample(name: str) -> bytes:
    """A real UNTC capture by file name; skips the test in a clone without ../shared."""
    path = SAMPLES / name
    if not path.exists():
        pytest.skip(f"real UNTC capture not found at {path} (a clone without ../shared)")
    return path.read_bytes()


def require_bundled_data(root: Path) -> None:
    """Skip unless `root` holds the bundled capture (the expected numbers below are of that capture)."""
    meta = load_meta(root, ICRMW) or {}
    if meta.get("data_as_of") != BUNDLED_AS_OF:
        pytest.skip(f"{root} is not the bundled {BUNDLED_AS_OF} capture (it was refreshed); restore it with git")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--run-live", action="store_true", default=False,
                     help="run tests marked `live`, which talk to the real sources (use with -m live)")


# The modules whose tests or fixtures run longest, started first (`make test` hands whole modules to its workers
# in this order: --dist loadscope --no-loadscope-reorder): the workers then finish together, where a 90-second
# site build or a module of long refreshes started last left one core idle at the end of the run.
LONGEST_FIRST = ("test_accessibility.py", "test_publish_site.py", "test_self_refresh.py", "test_publish_hostile.py",
                 "test_browser.py")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    rank = {name: index for index, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))  # stable: the rest keep their order
    if config.getoption("--run-live"):
        return
    skip = pytest.mark.skip(reason="talks to the real sources: run with `pytest -m live --run-live`")
    for item in items:
        if "live" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def http_server() -> Iterator[ScriptedServer]:
    """A scripted HTTP server on 127.0.0.1, stopped after the test whatever happens."""
    with ScriptedServer() as server:
        yield server


@pytest.fixture(scope="session")
def capture_iv13() -> bytes:
    """An IV-13 document in UNTC's layout rebuilt from the bundled facts (data/IV-13/).

    The store, fault and refresh tests need a realistic document, not the real capture, so they run
    on a clone without ../shared too; the parser is checked against the real captures elsewhere.
    """
    return bundled_document("IV-13")


# The browser tests' shared fixtures: one dashboard server on the bundled data and one Chromium for the whole
# session (under pytest-xdist, `make test`'s `pytest -n 3`, each worker is a session with its own server on a free
# port and its own Chromium, started when its first test needs them; all servers read the same data and write only
# the overview's kept facts, atomically). Playwright's sync API keeps an asyncio loop of its own while the browser
# is open: a test that runs a coroutine runs it in a thread of its own (tests/test_brief.call_route).
@pytest.fixture(scope="session")
def sync_api():
    """Playwright's sync API, or a skip saying what to install."""
    return require_browser()


@pytest.fixture(scope="session")
def server(tmp_path_factory) -> Iterator[str]:
    """The served app (app.py) on a free port, from the repo root, on the repo's bundled data. Tests only read
    from it (each browser page is its own Streamlit session); one with other data starts its own server."""
    with run_dashboard(tmp_path_factory.mktemp("streamlit") / "streamlit.log") as base_url:
        yield base_url


@pytest.fixture(scope="session")
def session_browser(sync_api):
    """The system Chromium, headless, started once per session (each start cost about a CPU-second)."""
    with chromium(sync_api) as instance:
        yield instance


@pytest.fixture(scope="module")
def browser(session_browser):
    """The session's Chromium for a test module; the tabs the module leaves open are closed after it (a page
    whose server has stopped would go on trying to reach it)."""
    yield session_browser
    for context in session_browser.contexts:
        for page in context.pages:
            page.close()
