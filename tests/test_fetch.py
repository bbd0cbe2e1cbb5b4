"""The fetcher against a real HTTP server on 127.0.0.1 with scripted faults (no mocking of requests)."""

from __future__ import annotations

import time

import pytest
from httpserver import MAINTENANCE_HTML, PAGE_NOT_FOUND, Step, closed_port

from contract.errors import LayoutChanged, SourceUnavailable, TreatyNotFound
from scrapers.untc import Fetcher, document_url, make_session

XML = b'<?xml version="1.0" encoding="iso-8859-1"?>\n<Document><Treaty></Treaty></Document>\n'
IV13 = document_url("IV-13", "")  # the path on the server: /doc/Publication/MTDSG/Volume%20I/...
IV13_VOL2 = document_url("IV-13", "", volume="II")
XXVII = document_url("XXVII-7-d", "")
XXVII_VOL1 = document_url("XXVII-7-d", "", volume="I")


def fetcher(server, *, pause: float = 0, retries: int = 3, max_wait: float = 5.0,
            timeout: tuple[float, float] = (2, 1)) -> Fetcher:
    """A fast fetcher: tiny backoff, short timeouts, no pause unless asked."""
    return Fetcher(base_url=server.base_url, pause=pause, timeout=timeout,
                   session=make_session(retries=retries, backoff=0.01, max_wait=max_wait))


def test_document_url_volumes():
    assert IV13 == "/doc/Publication/MTDSG/Volume%20I/Chapter%20IV/IV-13.en.xml"
    assert XXVII == "/doc/Publication/MTDSG/Volume%20II/Chapter%20XXVII/XXVII-7-d.en.xml"


def test_plain_success_returns_bytes_and_validators(http_server):
    http_server.script(IV13, Step(body=XML, etag='"v1"', last_modified="Mon, 15 Jan 2018 10:00:00 GMT"))
    result = fetcher(http_server).fetch_status("IV-13")
    assert result.content == XML and not result.not_modified
    assert result.etag == '"v1"' and result.last_modified == "Mon, 15 Jan 2018 10:00:00 GMT"
    assert result.url == http_server.url(IV13)


@pytest.mark.parametrize("statuses", [(500,), (502,), (503,), (502, 503)])
def test_server_errors_then_success(http_server, statuses):
    http_server.script(IV13, *[Step(status=s, body=b"oops") for s in statuses], Step(body=XML))
    assert fetcher(http_server).fetch_status("IV-13").content == XML
    assert len(http_server.requests_to(IV13)) == len(statuses) + 1


def test_even_the_first_retry_backs_off(http_server):
    """urllib3 alone would retry the first failure at once; UNTC must get a breather."""
    http_server.script(IV13, Step(status=500), Step(status=502), Step(body=XML))
    Fetcher(base_url=http_server.base_url, pause=0, timeout=(2, 1),
            session=make_session(retries=3, backoff=0.3, max_wait=5)).fetch_status("IV-13")
    first, second, third = http_server.requests_to(IV13)
    assert second.at - first.at >= 0.3 and third.at - second.at >= 0.6


def test_persistent_server_error_gives_up_after_the_retries(http_server):
    http_server.script(IV13, Step(status=503, body=b"down"))
    with pytest.raises(SourceUnavailable, match="HTTP 503") as info:
        fetcher(http_server, retries=2).fetch_status("IV-13")
    assert len(http_server.requests_to(IV13)) == 3  # the first try and 2 retries
    assert "IV-13" in str(info.value) and http_server.url(IV13) in str(info.value)


def test_429_retry_after_is_honoured(http_server):
    http_server.script(IV13, Step(status=429, headers={"Retry-After": "1"}), Step(body=XML))
    start = time.monotonic()
    assert fetcher(http_server).fetch_status("IV-13").content == XML
    first, second = http_server.requests_to(IV13)
    assert second.at - first.at >= 1.0
    assert time.monotonic() - start < 4


def test_429_retry_after_longer_than_the_budget_gives_up_at_once(http_server):
    """Retry-After: 3600 neither makes us wait an hour nor ask again before UNTC said we may."""
    http_server.script(IV13, Step(status=429, headers={"Retry-After": "3600"}), Step(body=XML))
    start = time.monotonic()
    with pytest.raises(SourceUnavailable, match=r"HTTP 429 \(Retry-After: 3600\)"):
        fetcher(http_server, max_wait=2).fetch_status("IV-13")
    assert time.monotonic() - start < 2
    assert len(http_server.requests_to(IV13)) == 1


def test_total_retry_time_is_bounded_by_max_wait(http_server):
    """Per-wait caps are not enough: 8 retries of Retry-After 1 must stop once max_wait (2.5 s) is spent."""
    http_server.script(IV13, Step(status=503, headers={"Retry-After": "1"}))
    start = time.monotonic()
    with pytest.raises(SourceUnavailable, match="HTTP 503"):
        fetcher(http_server, retries=8, max_wait=2.5).fetch_status("IV-13")
    elapsed = time.monotonic() - start
    assert 2 <= elapsed < 3.5
    assert len(http_server.requests_to(IV13)) == 3  # waits of 1 + 1 s fit in 2.5 s, a third does not


def test_default_session_bounds_retry_after(monkeypatch):
    """Without arguments the session reads its budget from the environment (tests and slow links)."""
    monkeypatch.setenv("MONITOR_RETRY_MAX_WAIT", "7")
    monkeypatch.setenv("MONITOR_RETRY_BACKOFF", "0.5")
    retry = make_session().get_adapter("https://treaties.un.org").max_retries
    assert retry.max_total_wait == 7 and retry.backoff_factor == 0.5 and retry.backoff_max == 7
    monkeypatch.setenv("MONITOR_RETRY_BACKOFF", "soon")
    with pytest.raises(ValueError, match="MONITOR_RETRY_BACKOFF"):
        make_session()


def test_slower_than_the_read_timeout_is_unavailable(http_server):
    http_server.script(IV13, Step(body=XML, delay=3))
    start = time.monotonic()
    with pytest.raises(SourceUnavailable, match="no data within the 0.5 s read timeout") as info:
        fetcher(http_server, retries=1, timeout=(2, 0.5)).fetch_status("IV-13")
    assert time.monotonic() - start < 2.5
    assert len(http_server.requests_to(IV13)) == 2  # read timeouts are retried
    assert "IV-13" in str(info.value) and http_server.url(IV13) in str(info.value)


def test_body_that_stalls_past_the_read_timeout_is_unavailable(http_server):
    http_server.script(IV13, Step(body=XML, body_delay=3))
    start = time.monotonic()
    with pytest.raises(SourceUnavailable, match="IV-13"):
        fetcher(http_server, timeout=(2, 0.5)).fetch_status("IV-13")
    assert time.monotonic() - start < 2.5


def test_connection_refused_is_unavailable():
    base = f"http://127.0.0.1:{closed_port()}"
    start = time.monotonic()
    with pytest.raises(SourceUnavailable, match="connection refused") as info:
        Fetcher(base_url=base, pause=0, timeout=(2, 1),
                session=make_session(retries=2, backoff=0.01)).fetch_status("IV-13")
    assert time.monotonic() - start < 2
    assert "IV-13" in str(info.value) and base + IV13 in str(info.value)


def test_connection_reset_mid_body_is_unavailable(http_server):
    http_server.script(IV13, Step(body=XML * 50, reset=True))
    with pytest.raises(SourceUnavailable, match="broke before the whole document arrived") as info:
        fetcher(http_server).fetch_status("IV-13")
    assert "IV-13" in str(info.value) and http_server.url(IV13) in str(info.value)
    assert len(http_server.requests_to(IV13)) == 2  # a broken body is tried once more, not forever


def test_connection_reset_mid_body_once_then_success(http_server):
    http_server.script(IV13, Step(body=XML * 50, reset=True), Step(body=XML))
    assert fetcher(http_server).fetch_status("IV-13").content == XML


def test_404_in_volume_one_then_volume_two(http_server):
    http_server.script(IV13, Step(status=404, body=b"not here"))
    http_server.script(IV13_VOL2, Step(body=XML))
    result = fetcher(http_server).fetch_status("IV-13")
    assert result.content == XML and result.url == http_server.url(IV13_VOL2)
    assert [r.path for r in http_server.requests] == [IV13, IV13_VOL2]


def test_404_in_volume_two_then_volume_one_for_a_late_chapter(http_server):
    http_server.script(XXVII, Step(status=404))
    http_server.script(XXVII_VOL1, Step(body=XML))
    assert fetcher(http_server).fetch_status("XXVII-7-d").content == XML
    assert [r.path for r in http_server.requests] == [XXVII, XXVII_VOL1]


def test_404_in_both_volumes_is_not_found(http_server):
    with pytest.raises(TreatyNotFound, match="404"):
        fetcher(http_server).fetch_status("IV-13")
    assert [r.path for r in http_server.requests] == [IV13, IV13_VOL2]  # the other volume once, no more


def test_maintenance_page_with_status_200_is_unavailable(http_server):
    http_server.script(IV13, Step.html(MAINTENANCE_HTML))
    with pytest.raises(SourceUnavailable, match="maintenance") as info:
        fetcher(http_server).fetch_status("IV-13")
    assert not isinstance(info.value, TreatyNotFound)
    assert "IV-13" in str(info.value) and http_server.url(IV13) in str(info.value)


def test_redirect_to_page_not_found_is_treaty_not_found(http_server):
    http_server.script(IV13, Step.redirect(PAGE_NOT_FOUND))
    with pytest.raises(TreatyNotFound, match="PageNotFound") as info:
        fetcher(http_server).fetch_status("IV-13")
    assert "IV-13" in str(info.value) and http_server.url(IV13) in str(info.value)
    assert [r.path for r in http_server.requests] == [IV13, PAGE_NOT_FOUND]


def test_html_instead_of_xml_is_a_layout_change(http_server):
    http_server.script(IV13, Step.html(b"<!DOCTYPE html><html><body><table></table></body></html>"))
    with pytest.raises(LayoutChanged, match="HTML") as info:
        fetcher(http_server).fetch_status("IV-13")
    assert "IV-13" in str(info.value) and http_server.url(IV13) in str(info.value)


@pytest.mark.parametrize("body", [b"", b"  \r\n\t "])
def test_empty_body_is_a_layout_change(http_server, body):
    http_server.script(IV13, Step(body=body))
    with pytest.raises(LayoutChanged, match="empty") as info:
        fetcher(http_server).fetch_status("IV-13")
    assert "IV-13" in str(info.value) and http_server.url(IV13) in str(info.value)


def test_conditional_get_sends_validators_and_304_is_not_modified(http_server):
    last_modified = "Mon, 15 Jan 2018 10:00:00 GMT"
    http_server.script(IV13, Step(body=XML, etag='"v1"', last_modified=last_modified))
    fetch = fetcher(http_server)
    first = fetch.fetch_status("IV-13")
    assert "If-None-Match" not in http_server.requests[0].headers
    second = fetch.fetch_status("IV-13", first.etag, first.last_modified)
    request = http_server.requests[1]
    assert request.headers["If-None-Match"] == '"v1"'
    assert request.headers["If-Modified-Since"] == last_modified
    assert second.not_modified and second.content is None and second.etag == '"v1"'


def test_changed_document_answers_200_despite_old_validators(http_server):
    http_server.script(IV13, Step(body=XML + b" ", etag='"v2"'))
    result = fetcher(http_server).fetch_status("IV-13", '"v1"', None)
    assert result.content == XML + b" " and result.etag == '"v2"'


def test_user_agent_names_the_project(http_server):
    http_server.script(IV13, Step(body=XML))
    fetcher(http_server).fetch_status("IV-13")
    agent = http_server.requests[0].headers["User-Agent"]
    assert "icrmw-monitor" in agent and "github.com" in agent
    assert "python-requests" not in agent


def test_pause_between_requests_is_respected(http_server):
    http_server.script(IV13, Step(body=XML))
    fetch = fetcher(http_server, pause=0.3)
    fetch.fetch_status("IV-13")
    fetch.fetch_status("IV-13")
    first, second = http_server.requests
    assert second.at - first.at >= 0.3
    assert fetch.requests_made == 2


def test_pause_applies_to_the_other_volume_too(http_server):
    http_server.script(IV13, Step(status=404))
    http_server.script(IV13_VOL2, Step(body=XML))
    fetcher(http_server, pause=0.3).fetch_status("IV-13")
    first, second = http_server.requests
    assert second.at - first.at >= 0.3
