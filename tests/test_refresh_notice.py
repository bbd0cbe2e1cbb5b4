"""The sidebar's notice on old data says who refreshes it: with the background refresh on, the dashboard does
it by itself and nobody is told to type a command; with it off, the command is given (AppTest)."""

from __future__ import annotations

import time

import pytest

from contract import REFRESH_COMMAND
from monitor.refresher import iso
from monitor.store import layout
from tests.apptest import assert_clean, copy_data, open_page

FAILING = {"state": "idle", "result": "failed", "unreachable_since": iso(time.time() - 600),
           "problem": "unresolved", "last_success": "", "updated_at": iso(time.time())}


def notices(at) -> str:
    """The sidebar's words and the one-line reminder at the top of the page (phones hide the sidebar)."""
    return " ".join([w.value for w in at.sidebar.warning] + [m.value for m in at.sidebar.markdown]
                    + [c.value for c in at.caption])


@pytest.mark.parametrize(("lang", "by_itself"), [
    ("en", "The dashboard gets today's status from the UN Treaty Collection by itself."),
    ("fr", "Le tableau de bord obtient lui-même la situation du jour"),
])
def test_with_the_background_refresh_on_nobody_is_told_to_run_a_command(tmp_path, monkeypatch, lang, by_itself):
    data = copy_data(tmp_path)
    layout.write_refresher(data, FAILING)  # UNTC unreachable: the bundled capture is what is shown
    monkeypatch.setenv("MONITOR_DATA_DIR", str(data))
    monkeypatch.setenv("MONITOR_REFRESH_EVERY", "24h")
    at = open_page("views/overview.py", lang=lang)
    assert_clean(at)
    text = notices(at)
    assert by_itself in text and REFRESH_COMMAND not in text


@pytest.mark.parametrize("every", ["off", "24h"])
def test_with_no_background_refresh_the_command_is_given(tmp_path, monkeypatch, every):
    """Off; or on, but no refresher was started by this process nor ever ran on the folder (AppTest has no
    server start, as `streamlit run dashboard.py`): promising a refresh that never runs would be false."""
    monkeypatch.setenv("MONITOR_DATA_DIR", str(copy_data(tmp_path)))
    monkeypatch.setenv("MONITOR_REFRESH_EVERY", every)
    at = open_page("views/overview.py")
    assert_clean(at)
    text = notices(at)
    assert text.count(REFRESH_COMMAND) >= 2 and "by itself" not in text  # the sidebar and the top line


@pytest.mark.parametrize(("problem", "heading"), [
    ("refused", "UNTC unreachable since"),
    ("html_not_xml", "UNTC's documents could not be read since"),  # reached, but the documents moved
    ("not_found", "UNTC's documents could not be read since"),
])
def test_the_failing_panel_says_unreachable_only_when_it_was(tmp_path, monkeypatch, problem, heading):
    data = copy_data(tmp_path)
    layout.write_refresher(data, FAILING | {"problem": problem})
    monkeypatch.setenv("MONITOR_DATA_DIR", str(data))
    monkeypatch.setenv("MONITOR_REFRESH_EVERY", "24h")
    at = open_page("views/overview.py")
    assert_clean(at)
    panel = " ".join(w.value for w in at.sidebar.warning)
    assert heading in panel
    assert ("unreachable" in panel) == (heading.startswith("UNTC unreachable"))
