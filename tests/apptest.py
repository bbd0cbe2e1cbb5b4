"""Shared by the AppTest tests (streamlit.testing.v1, no browser): open a page of the router, check it ran
clean, read its headline numbers, copy the bundled data to change it."""

from __future__ import annotations

import html
import re
import shutil
from functools import cache
from pathlib import Path

import pytest

from views.routes import ROUTES

REPO = Path(__file__).resolve().parents[1]
AppTest = pytest.importorskip("streamlit.testing.v1", reason="streamlit missing").AppTest

DASHBOARD = str(REPO / "dashboard.py")
PAGES = [route.file for route in ROUTES]  # in the navigation's order, the overview first
PAGE = {route.name: route.file for route in ROUTES}  # e.g. PAGE["country"] == "views/country.py"
TIMEOUT = 60
CARD = re.compile(r"<li><span>(.*?)</span> <strong>(.*?)</strong></li>")  # an overview card (views.markup)


@cache
def installed_components():
    """Streamlit's registry of installed components, made once per process. Each AppTest made its own on its
    first run, reading the metadata of every installed package: half the CPU of a test that opens one page."""
    from streamlit.components.v2.component_manager import BidiComponentManager

    registry = BidiComponentManager()
    registry.discover_and_register_components(start_file_watching=False)
    return registry


def new_app(script: str = DASHBOARD) -> AppTest:
    """An AppTest of the script (the router by default) that uses the registry made once per process (AppTest
    makes its own when `_bidi_component_manager` is None: if a Streamlit release renames it, each makes its own
    again, as before)."""
    at = AppTest.from_file(script, default_timeout=TIMEOUT)
    at._bidi_component_manager = installed_components()
    return at


def open_page(page: str, **query: str) -> AppTest:
    """Run the router, then switch to one page (with optional query parameters)."""
    at = new_app()
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    if page != PAGES[0]:
        at.switch_page(page).run()
    return at


def assert_clean(at: AppTest) -> None:
    """No exception and no error box."""
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def metrics(at: AppTest) -> dict[str, str]:
    """The numbers a page headlines, label to value as shown: st.metric's, and the overview's cards
    (HTML made by views.markup)."""
    cards = {html.unescape(label): html.unescape(value) for block in at.markdown
             if 'class="icrmw-cards"' in block.value for label, value in CARD.findall(block.value)}
    return cards | {m.label: m.value for m in at.metric}


def copy_data(tmp_path: Path) -> Path:
    """The repo's data folder copied to tmp_path/data (without raw captures, logs or kept facts), to change."""
    target = tmp_path / "data"
    shutil.copytree(REPO / "data", target, ignore=shutil.ignore_patterns("raw", "*.log", ".pending.json", ".cache"))
    return target
