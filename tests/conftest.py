"""Shared fixtures: the scripted local HTTP server, the real UNTC captures, and the --run-live opt-in."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from bundled_document import bundled_document
from httpserver import ScriptedServer


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
    """An IV-13 document in UNTC's layout rebuilt from the bundled facts (data/IV-13/).

    The store, fault and refresh tests need a realistic document, not the real capture, so they run
    on a clone without ../shared too; the parser is checked against the real captures elsewhere.
    """
    return bundled_document("IV-13")
