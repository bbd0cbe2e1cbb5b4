"""Refresh under faults, end to end through the CLI against a real HTTP server on 127.0.0.1.

Each test starts from a data directory seeded by a good refresh of IV-13 (the real January 2018
capture, served over HTTP), scripts one fault, runs `main(["refresh", ...])` and checks:
the exit code; one line on stderr naming the treaty, the URL and the cause; every data file
byte-identical to before (only files whose name contains `log` or `health` may change);
health.json recording the failed attempt.

Retries are made fast with the environment variables the fetcher reads:
MONITOR_RETRY_BACKOFF (backoff factor), MONITOR_RETRY_MAX_WAIT (total retry budget per request)
and MONITOR_READ_TIMEOUT.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import time
from pathlib import Path

import pandas as pd
import pytest
from httpserver import MAINTENANCE_HTML, PAGE_NOT_FOUND, ScriptedServer, Step, closed_port

from monitor.cli import main
from scrapers.parse import parse_status
from scrapers.untc import document_url

TREATY = "IV-13"
VOL1 = document_url(TREATY, "")
VOL2 = document_url(TREATY, "", volume="II")
ETAG = '"untc-2018-01-15"'
ROW = re.compile(rb"\s*<Row>\s*<Entry>[^<]*</Entry>.*?</Row>", re.S)


@pytest.fixture(autouse=True)
def fast_retries(monkeypatch):
    monkeypatch.setenv("MONITOR_RETRY_BACKOFF", "0.01")
    monkeypatch.setenv("MONITOR_RETRY_MAX_WAIT", "2")
    monkeypatch.setenv("MONITOR_READ_TIMEOUT", "0.5")
    for name in ("MONITOR_SOURCE_URL", "MONITOR_DATA_DIR"):
        monkeypatch.delenv(name, raising=False)


def refresh(base_url: str, data_dir: Path, *extra: str, ids: tuple[str, ...] = (TREATY,)) -> int:
    return main(["refresh", *ids, "--data-dir", str(data_dir), "--source-url", base_url, "--pause", "0", *extra])


def snapshot(folder: Path) -> dict[str, str]:
    """{relative path: sha256} of every file, except the log and health files a failure may touch."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*"))
            if p.is_file() and "log" not in p.name and "health" not in p.name}


@pytest.fixture(scope="module")
def seeded(tmp_path_factory, capture_iv13) -> Path:
    """A data directory after one good refresh of IV-13 from the 2018 capture, over HTTP."""
    data_dir = tmp_path_factory.mktemp("seed") / "data"
    with ScriptedServer() as server, pytest.MonkeyPatch.context() as env:
        env.setenv("MONITOR_RETRY_MAX_WAIT", "2")
        server.script(VOL1, Step(body=capture_iv13, etag=ETAG))
        assert refresh(server.base_url, data_dir) == 0, "seeding refresh failed"
    assert {"IV-13/status.csv", "IV-13/meta.json", "changes.csv", "feed.atom"} <= set(snapshot(data_dir))
    return data_dir


@pytest.fixture
def data_dir(seeded, tmp_path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(seeded, target)
    return target


def assert_failed_cleanly(code: int, capsys, data_dir: Path, before: dict[str, str], url: str,
                          cause: str) -> str:
    """Exit 1, one stderr line naming treaty, URL and cause, data untouched, health says so."""
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if line.strip()]
    assert code == 1, err
    assert len(lines) == 1, f"expected one line per failure, got:\n{err}"
    assert TREATY in lines[0] and url in lines[0], lines[0]
    assert re.search(cause, lines[0]), lines[0]
    assert snapshot(data_dir) == before, "a failed refresh changed the data files"
    health = json.loads((data_dir / "health.json").read_text())[TREATY]
    assert health["ok"] is False and re.search(cause, health["error"]), health
    assert health["last_success"], "the last good refresh must stay on record"
    assert "\tfailed\t" in (data_dir / "refresh.log").read_text().splitlines()[-1]
    return lines[0]


def assert_checked_ok(code: int, capsys, data_dir: Path, before: dict[str, str]) -> None:
    """Exit 0, nothing on stderr, the data values unchanged, health ok."""
    out, err = capsys.readouterr()
    assert code == 0, err
    assert not err.strip() and f"{TREATY}: no change" in out
    after = snapshot(data_dir)
    assert {k: v for k, v in after.items() if k != "IV-13/meta.json"} == \
        {k: v for k, v in before.items() if k != "IV-13/meta.json"}
    assert json.loads((data_dir / "health.json").read_text())[TREATY]["ok"] is True


def edited(capture: bytes, old: bytes, new: bytes) -> bytes:
    assert old in capture, old
    return capture.replace(old, new, 1)


# --- the source is unreachable or slow ---------------------------------------------------------------


def test_connection_refused(data_dir, capsys):
    before, base = snapshot(data_dir), f"http://127.0.0.1:{closed_port()}"
    code = refresh(base, data_dir)
    assert_failed_cleanly(code, capsys, data_dir, before, base + VOL1, "connection refused")


def test_slower_than_the_read_timeout(data_dir, capsys, http_server, capture_iv13):
    http_server.script(VOL1, Step(body=capture_iv13, delay=10))
    before, start = snapshot(data_dir), time.monotonic()
    code = refresh(http_server.base_url, data_dir)
    assert time.monotonic() - start < 5, "the retry budget must bound a hanging server"
    assert_failed_cleanly(code, capsys, data_dir, before, http_server.url(VOL1), "read timeout")


def test_connection_reset_mid_body(data_dir, capsys, http_server, capture_iv13):
    http_server.script(VOL1, Step(body=capture_iv13, reset=True))
    before = snapshot(data_dir)
    code = refresh(http_server.base_url, data_dir)
    assert_failed_cleanly(code, capsys, data_dir, before, http_server.url(VOL1), "connection broke")


def test_server_errors_until_the_budget_is_spent(data_dir, capsys, http_server):
    http_server.script(VOL1, Step(status=503, body=b"Service Unavailable"))
    before = snapshot(data_dir)
    code = refresh(http_server.base_url, data_dir)
    assert_failed_cleanly(code, capsys, data_dir, before, http_server.url(VOL1), "HTTP 503")


# --- transient faults: the refresh succeeds ---------------------------------------------------------------


def test_500_502_503_then_success(data_dir, capsys, http_server, capture_iv13):
    http_server.script(VOL1, Step(status=500), Step(status=502), Step(status=503),
                       Step(body=capture_iv13, etag=ETAG))
    before = snapshot(data_dir)
    code = refresh(http_server.base_url, data_dir)
    assert_checked_ok(code, capsys, data_dir, before)
    requests = http_server.requests_to(VOL1)
    assert len(requests) == 4
    assert all(r.headers.get("If-None-Match") == ETAG for r in requests)  # conditional from the last fetch


def test_429_with_retry_after_is_honoured(data_dir, capsys, http_server, capture_iv13):
    http_server.script(VOL1, Step(status=429, headers={"Retry-After": "1"}), Step(body=capture_iv13))
    before = snapshot(data_dir)
    code = refresh(http_server.base_url, data_dir)
    assert_checked_ok(code, capsys, data_dir, before)
    first, second = http_server.requests_to(VOL1)
    assert second.at - first.at >= 1.0


def test_429_asking_for_longer_than_the_budget_fails_at_once(data_dir, capsys, http_server, capture_iv13):
    http_server.script(VOL1, Step(status=429, headers={"Retry-After": "3600"}), Step(body=capture_iv13))
    before, start = snapshot(data_dir), time.monotonic()
    code = refresh(http_server.base_url, data_dir)
    assert time.monotonic() - start < 2
    assert_failed_cleanly(code, capsys, data_dir, before, http_server.url(VOL1), r"HTTP 429 \(Retry-After: 3600\)")
    assert len(http_server.requests_to(VOL1)) == 1


def test_404_in_one_volume_then_ok_in_the_other(data_dir, capsys, http_server, capture_iv13):
    http_server.script(VOL1, Step(status=404))
    http_server.script(VOL2, Step(body=capture_iv13))
    before = snapshot(data_dir)
    code = refresh(http_server.base_url, data_dir)
    assert_checked_ok(code, capsys, data_dir, before)
    assert [r.path for r in http_server.requests] == [VOL1, VOL2]


def test_304_not_modified_moves_only_last_checked(data_dir, capsys, http_server, capture_iv13):
    http_server.script(VOL1, Step(body=capture_iv13, etag=ETAG))
    meta_before = json.loads((data_dir / "IV-13" / "meta.json").read_text())
    before = snapshot(data_dir)
    time.sleep(1.01)  # timestamps have one-second resolution
    code = refresh(http_server.base_url, data_dir)
    assert_checked_ok(code, capsys, data_dir, before)
    meta = json.loads((data_dir / "IV-13" / "meta.json").read_text())
    assert meta["last_checked"] > meta_before["last_checked"]
    assert meta["last_changed"] == meta_before["last_changed"]


def test_same_bytes_with_new_validators_keeps_the_new_ones(data_dir, capsys, http_server, capture_iv13):
    """The next conditional GET must use the validators of the last fetch, not the first one's."""
    http_server.script(VOL1, Step(body=capture_iv13, etag='"v2"', last_modified="Tue, 16 Jan 2018 08:00:00 GMT"))
    before = snapshot(data_dir)
    assert_checked_ok(refresh(http_server.base_url, data_dir), capsys, data_dir, before)
    meta = json.loads((data_dir / "IV-13" / "meta.json").read_text())
    assert (meta["etag"], meta["last_modified"]) == ('"v2"', "Tue, 16 Jan 2018 08:00:00 GMT")
    assert_checked_ok(refresh(http_server.base_url, data_dir), capsys, data_dir, before)
    first, second = http_server.requests_to(VOL1)
    assert first.headers["If-None-Match"] == ETAG and second.headers["If-None-Match"] == '"v2"'
    assert second.headers["If-Modified-Since"] == "Tue, 16 Jan 2018 08:00:00 GMT"


# --- answers that are not data ------------------------------------------------------------------


@pytest.mark.parametrize(("step", "cause"), [
    pytest.param(Step.html(MAINTENANCE_HTML), "maintenance", id="maintenance-page-200"),
    pytest.param(Step.redirect(PAGE_NOT_FOUND), "PageNotFound", id="redirect-to-PageNotFound"),
    pytest.param(Step.html(b"<!DOCTYPE html><html><body><p>New site!</p></body></html>"), "HTML",
                 id="html-instead-of-xml"),
    pytest.param(Step(body=b""), "empty", id="empty-body"),
])
def test_answers_that_are_not_data(data_dir, capsys, http_server, step, cause):
    http_server.script(VOL1, step)
    before = snapshot(data_dir)
    code = refresh(http_server.base_url, data_dir)
    assert_failed_cleanly(code, capsys, data_dir, before, http_server.url(VOL1), cause)


# --- documents that are not right -------------------------------------------------------------------


def test_truncated_xml(data_dir, capsys, http_server, capture_iv13):
    http_server.script(VOL1, Step(body=capture_iv13[: len(capture_iv13) // 2]))
    before = snapshot(data_dir)
    code = refresh(http_server.base_url, data_dir)
    assert_failed_cleanly(code, capsys, data_dir, before, http_server.url(VOL1), "broken or truncated")


def test_header_counts_disagree_with_the_table(data_dir, capsys, http_server, capture_iv13):
    # Off by more than the tolerance (2 and 5%): a truncated page must never be published.
    bad = edited(capture_iv13, b"<Parties>51</Parties>", b"<Parties>54</Parties>")
    http_server.script(VOL1, Step(body=bad))
    before = snapshot(data_dir)
    code = refresh(http_server.base_url, data_dir)
    assert_failed_cleanly(code, capsys, data_dir, before, http_server.url(VOL1),
                          "the table has 51 parties, the header says 54")


def shrunk(capture: bytes, fraction: float) -> tuple[bytes, int]:
    """The capture with the first `fraction` of its participant rows deleted, header counts fixed."""
    rows = ROW.findall(capture)
    assert len(rows) == 67
    drop = int(len(rows) * fraction) + 1
    data = capture
    for row in rows[:drop]:
        data = data.replace(row, b"", 1)
    status = parse_status(data)
    data = re.sub(rb"<Signatories>\d+</Signatories>", f"<Signatories>{status.counted_signatories()}</Signatories>"
                  .encode(), data)
    data = re.sub(rb"<Parties>\d+</Parties>", f"<Parties>{status.counted_parties()}</Parties>".encode(), data)
    return data, len(rows) - drop


def test_a_table_30_percent_shorter_is_refused_until_accepted(data_dir, capsys, http_server, capture_iv13):
    data, remaining = shrunk(capture_iv13, 0.30)
    http_server.script(VOL1, Step(body=data))
    before = snapshot(data_dir)
    code = refresh(http_server.base_url, data_dir)
    assert_failed_cleanly(code, capsys, data_dir, before, http_server.url(VOL1),
                          f"shrank from 67 to {remaining} participants")
    assert refresh(http_server.base_url, data_dir, "--accept-drop") == 0
    status = pd.read_csv(data_dir / "IV-13" / "status.csv", dtype=str, keep_default_na=False)
    assert len(status) == remaining
    assert json.loads((data_dir / "health.json").read_text())[TREATY]["ok"] is True


def test_a_unknown_participant_name(data_dir, capsys, http_server, capture_iv13):
    bad = edited(capture_iv13, b"<Entry>Albania</Entry>", b"<Entry>Freedonia</Entry>")
    http_server.script(VOL1, Step(body=bad))
    before = snapshot(data_dir)
    code = refresh(http_server.base_url, data_dir)
    assert_failed_cleanly(code, capsys, data_dir, before, http_server.url(VOL1), "unknown participant.*Freedonia")


def test_one_failure_does_not_stop_the_others(data_dir, capsys, http_server, capture_iv13):
    """Two ids, the first one unknown at UNTC: its line on stderr, exit 1, and IV-13 still checked."""
    http_server.script(VOL1, Step(body=capture_iv13, etag=ETAG))
    before = snapshot(data_dir)
    code = refresh(http_server.base_url, data_dir, ids=("IV-99", TREATY))
    out, err = capsys.readouterr()
    assert code == 1
    assert [line for line in err.splitlines() if line.strip()] == [
        line for line in err.splitlines() if "IV-99" in line and "404" in line]
    assert "IV-13: no change" in out
    assert {k: v for k, v in snapshot(data_dir).items() if k != "IV-13/meta.json"} == \
        {k: v for k, v in before.items() if k != "IV-13/meta.json"}
    assert not (data_dir / "IV-99").exists()


# --- bad usage ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("bad_id", ["iv-13", "IV-13/../../etc", "IV-13.en", "IV 13", "", "XIIII-1-abc"])
def test_invalid_treaty_id_is_a_usage_error(data_dir, capsys, http_server, bad_id):
    before_all = {str(p.relative_to(data_dir)): p.read_bytes() for p in data_dir.rglob("*") if p.is_file()}
    code = refresh(http_server.base_url, data_dir, ids=(bad_id,))
    err = capsys.readouterr().err
    assert code == 2
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and repr(bad_id) in lines[0] and "not a valid UNTC treaty id" in lines[0]
    assert http_server.requests == []  # nothing reached the network
    after_all = {str(p.relative_to(data_dir)): p.read_bytes() for p in data_dir.rglob("*") if p.is_file()}
    assert after_all == before_all  # not even the log or health file


def test_a_bad_http_setting_in_the_environment_is_a_usage_error(data_dir, capsys, http_server, monkeypatch):
    monkeypatch.setenv("MONITOR_READ_TIMEOUT", "a minute")
    before_all = {str(p.relative_to(data_dir)): p.read_bytes() for p in data_dir.rglob("*") if p.is_file()}
    assert refresh(http_server.base_url, data_dir) == 2
    assert "MONITOR_READ_TIMEOUT" in capsys.readouterr().err
    assert http_server.requests == []
    assert {str(p.relative_to(data_dir)): p.read_bytes() for p in data_dir.rglob("*") if p.is_file()} == before_all
