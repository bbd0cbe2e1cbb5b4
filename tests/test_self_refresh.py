"""The dashboard keeps its own data current: servers started with `make run`'s command on a temporary copy
of data/, against a local server laid out as UNTC serving a newer capture (tests/untc_mirror.py), driven in
the real Chromium. Nothing here touches the repository's data/."""

from __future__ import annotations

import json
import os
import socket
import time
from pathlib import Path

import pytest
from httpserver import Step, closed_port
from untc_mirror import NEW_PARTIES, copy_of_data, document_path, icrmw_requests, newer_icrmw, serve_newer_capture

from contract.treaties import ICRMW, tracked_ids
from monitor.refresher import START_DELAY_S, iso
from monitor.store import layout
from tests.axe_check import axe_or_skip, serious_violations
from tests.dashboard_server import choose_language, new_page, run_dashboard, screenshot, wait_rendered

WITHIN_S = 60  # "the new counts within a minute, with no command typed"


def refresher_env(source_url: str, **extra: str) -> dict[str, str]:
    """The background refresh on, as by default, against the local mirror, with no pause between requests."""
    return {"MONITOR_REFRESH_EVERY": "24h", "MONITOR_REFRESH_PAUSE": "0", "MONITOR_SOURCE_URL": source_url,
            "MONITOR_RETRY_BACKOFF": "0"} | extra


def parties(page) -> str:
    """The number on the overview's first headline card."""
    return page.locator(".icrmw-cards li").first.inner_text().split()[-1]


def status(data_dir: Path) -> dict:
    try:
        return json.loads((data_dir / "refresher.json").read_text())
    except (OSError, ValueError):
        return {}


def wait_until(condition, what: str, timeout: float = WITHIN_S) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"not within {timeout:.0f} s: {what}")
        time.sleep(0.25)


def sidebar(page) -> str:
    return page.locator("[data-testid='stSidebar']").inner_text()


def test_a_new_server_brings_the_bundled_data_up_to_date_and_open_pages_follow(browser, http_server, tmp_path):
    # Slow documents (the ICRMW's first and slowest), so that pages open on the bundled data and see the refresh run.
    serve_newer_capture(http_server, delay=0.5)
    http_server.script(document_path(http_server, ICRMW), Step(body=newer_icrmw(), delay=4, etag='"v2"'))
    data_dir = copy_of_data(tmp_path / "data")
    with run_dashboard(tmp_path / "streamlit.log", data_dir, environ=refresher_env(http_server.base_url)) as base:
        overview = new_page(browser)
        overview.goto(base + "/")
        wait_rendered(overview)
        assert parties(overview) == "51"  # the bundled capture, drawn at once: the first page does not wait
        running = new_page(browser)
        running.goto(base + "/?lang=fr")
        running.get_by_text("Vérification auprès de la Collection des traités").wait_for(timeout=WITHIN_S * 1000)
        screenshot(running, "self-refresh-running-fr-1400", whole=False)
        profile = new_page(browser)
        profile.goto(base + "/country?country=MEX&lang=fr")
        wait_rendered(profile)
        heading = profile.locator("h1").first.inner_text()
        wait_until(lambda: status(data_dir).get("result") == "checked", "the background refresh finished")
        # The page that was open: at the latest at its next interaction (it also reruns when the refresh ends).
        overview.get_by_role("radio", name="Français").click()
        wait_rendered(overview)
        # That interaction's rerun draws the new counts in French (on a loaded machine it may land a moment after
        # the page first settles, and the rerun at the refresh's end may already show the count in English:
        # poll briefly for both, rather than read the first frame).
        wait_until(lambda: parties(overview) == str(NEW_PARTIES)
                   and "1 nouvel État partie à la Convention" in sidebar(overview),
                   "the open page shows the new count, in French", timeout=20)
        # The reader kept their place: the same country, in the same language.
        wait_rendered(profile)
        assert "country=MEX" in profile.url and "lang=fr" in profile.url
        assert profile.locator("h1").first.inner_text() == heading
        # A page opened now shows the new counts, with no command typed and no restart.
        fresh = new_page(browser)
        fresh.goto(base + "/")
        wait_rendered(fresh)
        assert parties(fresh) == str(NEW_PARTIES) and "Checked" in sidebar(fresh)
    assert icrmw_requests(http_server) == 1


def test_with_the_source_down_the_pages_keep_the_data_and_say_since_when(browser, tmp_path):
    data_dir = copy_of_data(tmp_path / "data")
    source = f"http://127.0.0.1:{closed_port()}"
    with run_dashboard(tmp_path / "streamlit.log", data_dir, environ=refresher_env(source)) as base:
        wait_until(lambda: status(data_dir).get("result") == "failed", "the background refresh failed")
        page = new_page(browser)
        page.goto(base + "/")
        wait_rendered(page)
        since = status(data_dir)["unreachable_since"][11:16]
        text = sidebar(page)
        assert f"UNTC unreachable since {since} UTC: showing the data of 15 January 2018." in text
        assert "refused the connection" in text and "What to try:" in text
        assert parties(page) == "51"  # the last good data


def test_two_servers_on_one_data_directory_run_one_refresh(http_server, tmp_path):
    serve_newer_capture(http_server, delay=0.2)
    data_dir = copy_of_data(tmp_path / "data")
    env = refresher_env(http_server.base_url)
    with run_dashboard(tmp_path / "a.log", data_dir, environ=env), \
            run_dashboard(tmp_path / "b.log", data_dir, environ=env):
        wait_until(lambda: status(data_dir).get("result") == "checked", "a background refresh finished")
        time.sleep(5)  # both refreshers are past their start: the second found the lock taken or the data fresh
    assert icrmw_requests(http_server) == 1
    attempts = [line.split("\t")[1] for line in (data_dir / "refresh.log").read_text().splitlines()]
    assert sorted(attempts) == sorted(tracked_ids())  # each treaty once


def test_with_the_refresh_off_no_request_leaves_the_server(browser, http_server, tmp_path):
    serve_newer_capture(http_server)
    data_dir = copy_of_data(tmp_path / "data")
    log = tmp_path / "streamlit.log"
    with run_dashboard(log, data_dir, environ=refresher_env(http_server.base_url, MONITOR_REFRESH_EVERY="off")) as base:
        page = new_page(browser)
        page.goto(base + "/")
        wait_rendered(page)
        assert parties(page) == "51" and "Checked" not in sidebar(page)
        time.sleep(START_DELAY_S + 3)  # longer than a refresher waits before its first step
    assert http_server.requests == [] and not (data_dir / "refresher.json").exists()


STATES = {  # what the refresher writes (only the pages read it here), as the sidebar should word it
    "running": ({"state": "running", "done": 7, "total": 20},
                {"en": "Checking the UN Treaty Collection… 7 of 20 treaties",
                 "fr": "Vérification auprès de la Collection des traités des Nations Unies… 7 traités sur 20"}),
    "checked": ({"state": "idle", "result": "checked", "changes": {"new_parties": 2, "other_events": 3, "loaded": 8}},
                {"en": "Checked 3 minutes ago: 2 new parties to the Convention, 3 other changes, 8 treaties loaded",
                 "fr": "Vérifié il y a 3 minutes : 2 nouveaux États parties à la Convention"}),
    "failing": ({"state": "idle", "result": "failed", "problem": "forbidden"},
                {"en": "UNTC unreachable since 10:42 UTC: showing the data of 15 January 2018.",
                 "fr": "UNTC injoignable depuis 10:42 UTC : affichage des données du 15 janvier 2018."}),
}


def state_record(state: str) -> dict:
    """A refresher.json for a state; its times keep the server's own refresher waiting (no request is due)."""
    now = time.time()
    today = time.strftime("%Y-%m-%dT", time.gmtime(now))
    record = {"pid": os.getpid(), "host": socket.gethostname(), "updated_at": iso(now),
              "last_success": iso(now - 180)} | STATES[state][0]
    if state == "failing":
        record |= {"unreachable_since": today + "10:42:00Z", "retry_at": iso(now + 3600), "backoff_s": 3600,
                   "last_success": ""}
    return record


SIDEBAR_IN_VIEW = ("() => { const s = document.querySelector('[data-testid=\"stSidebar\"]');"
                   " return s && s.getBoundingClientRect().left >= 0 && s.getBoundingClientRect().width > 200; }")


def open_sidebar(page) -> None:
    """On a phone the sidebar is folded away: open it as a reader would, and wait until it has slid in."""
    if page.evaluate(SIDEBAR_IN_VIEW):
        return
    page.locator("[data-testid='stExpandSidebarButton']").first.click()
    page.wait_for_function(SIDEBAR_IN_VIEW, timeout=10000)
    page.wait_for_timeout(400)  # the slide's last frames: the screenshot is for people to look at


@pytest.fixture(scope="module")
def waiting_server(browser, tmp_path_factory):
    """One server for the sidebar's states, its refresher on but waiting (each test writes the record it reads)."""
    folder = tmp_path_factory.mktemp("states")
    data_dir = copy_of_data(folder / "data")
    layout.write_refresher(data_dir, state_record("checked"))  # before the server starts: nothing is due
    source = f"http://127.0.0.1:{closed_port()}"
    with run_dashboard(folder / "streamlit.log", data_dir, environ=refresher_env(source)) as base:
        yield base, data_dir


LANGUAGE_NAMES = {"en": "English", "fr": "Français"}


@pytest.fixture(scope="module")
def sidebar_tabs(waiting_server):
    """One tab per width, kept from state to state. Each state after the first is drawn by a rerun of the open
    page (the reader picks a language in the sidebar), as an open page meets a new state, where opening a fresh
    page for each state, language and width cost the browser most of this module's CPU. A tab whose check
    failed is closed; the next test opens a new one. (Closed before the server stops: it depends on it.)"""
    tabs: dict[int, object] = {}
    yield tabs
    for page in tabs.values():
        page.close()


@pytest.mark.parametrize("state", list(STATES))
def test_each_state_of_the_sidebar_reads_well_and_passes_axe(browser, waiting_server, sidebar_tabs, state):
    axe = axe_or_skip()
    base, data_dir = waiting_server
    for width in (1400, 390):
        for lang in ("en", "fr"):
            # Written before each page: "3 minutes ago" stays true however slowly the machine runs.
            layout.write_refresher(data_dir, state_record(state))
            page = sidebar_tabs.get(width)
            try:
                if page is None:
                    page = sidebar_tabs[width] = new_page(browser, viewport={"width": width, "height": 900})
                    page.goto(base + ("/?lang=fr" if lang == "fr" else "/"))
                    wait_rendered(page)
                else:  # the open page, rerun by the reader's pick of language (it comes from the other one)
                    open_sidebar(page)
                    choose_language(page, LANGUAGE_NAMES[lang])
                open_sidebar(page)
                expected = STATES[state][1][lang]
                # The words of this state in this language: drawn by this page's run, not an earlier one.
                page.locator("[data-testid='stSidebar']").get_by_text(expected[:40]).first.wait_for(timeout=20000)
                wait_rendered(page)
                assert expected in " ".join(sidebar(page).split())
                screenshot(page, f"refresh-{state}-{lang}-{width}", whole=False)
                found = serious_violations(axe, page)
                assert not found, "\n".join(found)
            except Exception:
                sidebar_tabs.pop(width, None)
                page.close()
                raise
    assert layout.read_refresher(data_dir).get("pid") == os.getpid()  # the server's refresher did not run
