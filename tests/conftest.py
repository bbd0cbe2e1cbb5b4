"""Shared fixtures: the scripted local HTTP server, the real UNTC captures, and the --run-live opt-in."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from httpserver import ScriptedServer

SAMPLES = Path(__file__).resolve().parents[2] / "shared" / "untc-samples"
CAPTURE_IV_13 = SAMPLES / "mtdsg-IV-13.en.2018-01-15.xml"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--run-live", action="store_true", default=False,
                     help="run tests marked `live`, which talk to the real UNTC site (use with -m live)")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--run-live"):
        return
    skip = pytest.mark.skip(reason="talks to the real UNTC site: run with `pytest -m live --run-live`")
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
    """The real January 2018 UNTC capture of IV-13 (skips where ../shared is absent)."""
    if not CAPTURE_IV_13.exists():
        pytest.skip(f"real UNTC capture not found at {CAPTURE_IV_13} (a clone without ../shared)")
    return CAPTURE_IV_13.read_bytes()
