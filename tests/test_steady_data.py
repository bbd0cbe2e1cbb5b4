"""While the background refresh publishes treaty after treaty, the pages keep the version of the files they
last read, and move to the new data once, when it ends (views.loaders.steady)."""

from __future__ import annotations

import json
import os
import socket
import time

from monitor.refresher import iso
from monitor.store import layout
from views import loaders


def running(root) -> None:
    layout.write_refresher(root, {"state": "running", "pid": os.getpid(), "host": socket.gethostname(),
                                  "updated_at": iso(time.time()), "done": 3, "total": 20})


def test_pages_hold_their_version_while_a_refresh_runs_and_move_when_it_ends(tmp_path):
    what = f"test-{tmp_path.name}"
    assert loaders.steady(tmp_path, what, ("v1",)) == ("v1",)  # the first read: whatever is there
    running(tmp_path)
    assert loaders.steady(tmp_path, what, ("v1",)) == ("v1",)
    assert loaders.steady(tmp_path, what, ("v2",)) == ("v1",)  # a treaty was published mid-run: held
    layout.write_refresher(tmp_path, {"state": "idle", "result": "checked", "last_success": iso(time.time())})
    assert loaders.steady(tmp_path, what, ("v2",)) == ("v2",)  # the run ended: the new data, at once
    assert loaders.steady(tmp_path, what, ("v3",)) == ("v3",)  # no refresh running: every change is read


def test_without_a_refresher_every_change_is_read(tmp_path):
    what = f"test-{tmp_path.name}"
    assert [loaders.steady(tmp_path, what, (v,)) for v in ("a", "b", "b", "c")] == [("a",), ("b",), ("b",), ("c",)]


def test_a_part_of_a_page_that_reruns_alone_shows_new_data_at_the_next_interaction(browser, tmp_path):
    """The country picker reruns only its part of the page (views.page.rerun_alone, an st.fragment); when the data
    changed since the page was drawn, that interaction runs the whole page again, on the new data (in Chromium)."""
    from untc_mirror import copy_of_data

    from contract.treaties import ICRMW
    from tests.dashboard_server import new_page, run_dashboard, wait_rendered

    data_dir = copy_of_data(tmp_path / "data")
    with run_dashboard(tmp_path / "streamlit.log", data_dir) as base:
        page = new_page(browser)
        page.goto(base + "/country?country=MEX")
        wait_rendered(page)
        sidebar = page.locator('[data-testid="stSidebar"]')
        assert "Data as of 15 January 2018" in sidebar.inner_text()
        meta_path = data_dir / ICRMW / layout.META_FILE
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        meta_path.write_text(json.dumps(meta | {"data_as_of": "2018-02-01"}), encoding="utf-8")
        box = page.get_by_role("combobox", name="Choose a country")
        box.click()
        box.fill("Peru")
        page.get_by_role("option", name="Peru (PER)").click()
        page.wait_for_function("() => document.querySelector('[data-testid=\"stSidebar\"]').innerText"
                               ".includes('Data as of 1 February 2018')", timeout=30_000)
        wait_rendered(page)
        assert page.locator("h2").first.inner_text().startswith("Peru") and "country=PER" in page.url
