"""The background refresher (monitor/refresher.py): when it refreshes, its back-off on a fake clock, one
refresh per data directory, a kill mid-publish, and what it records for the pages. Real files, a real
HTTP server on 127.0.0.1 laid out as UNTC (tests/untc_mirror.py), the real refresh."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest
from httpserver import closed_port
from untc_mirror import NEW_PARTIES, copy_of_data, document_path, icrmw_requests, serve_newer_capture

from contract.errors import SourceUnavailable
from contract.problems import Problem
from contract.treaties import ICRMW
from monitor import background
from monitor.analysis.refresh_status import RefreshPhase, build_refresh_view
from monitor.background import Settings, idle_prefix, parse_every, parse_pause, settings
from monitor.refresh.pipeline import Outcome, RefreshState
from monitor.refresher import FIRST_BACKOFF_S, LOCKED_WAIT_S, Refresher, iso
from monitor.store import layout

REPO = Path(__file__).resolve().parents[1]
DAY, HOUR = 86400.0, 3600.0


@pytest.fixture
def data_dir(tmp_path) -> Path:
    return copy_of_data(tmp_path / "data")


@pytest.fixture(autouse=True)
def quick_retries(monkeypatch):
    """No backoff between urllib3's retries: a refused connection fails at once (the schedule is what is tested)."""
    monkeypatch.setenv("MONITOR_RETRY_BACKOFF", "0")


class FakeClock:
    """Seconds since the epoch that move only when the test says (from now, or from a given moment)."""

    def __init__(self, start: datetime | None = None) -> None:
        self.now = (start or datetime.now(UTC)).timestamp()

    def __call__(self) -> float:
        return self.now


def files(folder: Path) -> dict[str, str]:
    """sha256 of every published data file (not the attempt log, health or the refresher's own status)."""
    skip = {layout.LOG_FILE, layout.HEALTH_FILE, layout.REFRESHER_FILE}
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name not in skip and not p.name.endswith(".tmp") and ".cache" not in p.parts}


@pytest.mark.parametrize(("text", "seconds"), [(None, DAY), ("", DAY), ("24h", DAY), ("6h", 6 * HOUR),
                                               ("30m", 1800.0), ("1d", DAY), (" 2H ", 2 * HOUR), ("off", None),
                                               ("OFF", None)])
def test_the_schedule_setting(text, seconds):
    assert parse_every(text) == seconds


@pytest.mark.parametrize("text", ["daily", "10", "-1h", "30s", "6 hours"])
def test_a_wrong_schedule_names_the_variable(text):
    with pytest.raises(ValueError, match="MONITOR_REFRESH_EVERY"):
        parse_every(text)


def test_the_pause_setting():
    assert (parse_pause(None), parse_pause("0"), parse_pause("0.5")) == (2.0, 0.0, 0.5)
    with pytest.raises(ValueError, match="MONITOR_REFRESH_PAUSE"):
        parse_pause("-1")
    assert settings({"MONITOR_REFRESH_EVERY": "6h", "MONITOR_REFRESH_PAUSE": "1"}) == Settings(6 * HOUR, 1.0)


def unreachable_run(calls: list[int]):
    """A refresh in which UNTC cannot be reached (what run_locked returns then), counting its calls."""
    def run(treaty_ids, options, log_file, on_progress=None):
        calls.append(1)
        error = SourceUnavailable("request failed after retries: connection refused", treaty=treaty_ids[0],
                                  source="http://127.0.0.1:9/x.xml", problem=Problem.REFUSED)
        return [Outcome(treaty_ids[0], RefreshState.FAILED, error=error)]
    return run


def good_run(calls: list[int]):
    def run(treaty_ids, options, log_file, on_progress=None):
        calls.append(1)
        return [Outcome(t, RefreshState.UNCHANGED) for t in treaty_ids]
    return run


def test_back_off_doubles_from_5_minutes_up_to_the_schedule_on_a_fake_clock(data_dir):
    clock, calls = FakeClock(datetime(2026, 3, 2, 10, 42, tzinfo=UTC)), []
    refresher = Refresher(data_dir, Settings(HOUR, 0.0), clock=clock, refresh=unreachable_run(calls))
    waits = []
    for _ in range(7):
        waits.append(refresher.step())
        clock.now += waits[-1]
    assert waits == [FIRST_BACKOFF_S, 600, 1200, 2400, HOUR, HOUR, HOUR]
    assert len(calls) == 7  # one attempt per wait, never a tight loop
    status = layout.read_refresher(data_dir)
    assert status["unreachable_since"] == "2026-03-02T10:42:00Z"  # since the first failure, not the last
    assert status["problem"] == "refused" and "connection refused" in status["error"]
    # A step before the retry time (a second server starting, say) asks nothing and waits out the rest.
    clock.now -= HOUR - 100  # 100 s after the last attempt
    assert refresher.step() == HOUR - 100 and len(calls) == 7
    # UNTC answers again: the back-off ends, the next refresh is a schedule away.
    clock.now += HOUR - 100
    refresher.refresh = good_run(calls)
    assert refresher.step() == HOUR and len(calls) == 8
    status = layout.read_refresher(data_dir)
    assert (status["unreachable_since"], status["backoff_s"], status["result"]) == ("", 0, "checked")
    clock.now += 60
    refresher.refresh = unreachable_run(calls)
    assert refresher.step() == pytest.approx(HOUR - 60)  # not due: checked a minute ago
    clock.now += HOUR
    assert refresher.step() == FIRST_BACKOFF_S  # a new outage starts again at 5 minutes


def test_bundled_data_is_refreshed_at_once_then_on_the_schedule(data_dir, http_server):
    serve_newer_capture(http_server)
    clock = FakeClock()
    refresher = Refresher(data_dir, Settings(6 * HOUR, 0.0), http_server.base_url, clock=clock)
    assert refresher.step() == 6 * HOUR
    assert layout.load_meta(data_dir, ICRMW)["parties"] == NEW_PARTIES and icrmw_requests(http_server) == 1
    status = layout.read_refresher(data_dir)
    assert status["result"] == "checked" and status["changes"]["new_parties"] == 1 and status["done"] == 20
    clock.now += HOUR
    assert refresher.step() == pytest.approx(5 * HOUR, abs=120) and icrmw_requests(http_server) == 1
    clock.now += 5 * HOUR + 120
    assert refresher.step() == 6 * HOUR and icrmw_requests(http_server) == 2
    # The second check is a conditional GET, as the command line's: the validators of the first one.
    assert http_server.requests_to(document_path(http_server, ICRMW))[-1].headers["If-None-Match"] == '"IV-13-v2"'


def test_a_recent_check_by_another_job_is_not_repeated(data_dir, http_server):
    """A cron job or the CLI refreshed an hour ago: the server's refresher waits for the schedule."""
    serve_newer_capture(http_server)
    assert Refresher(data_dir, Settings(DAY, 0.0), http_server.base_url).step() == DAY
    (data_dir / layout.REFRESHER_FILE).unlink()  # as if the check was the CLI's: only meta.json knows
    clock = FakeClock()
    clock.now += HOUR
    wait = Refresher(data_dir, Settings(DAY, 0.0), http_server.base_url, clock=clock).step()
    assert wait == pytest.approx(DAY - HOUR, abs=120) and icrmw_requests(http_server) == 1


def test_unreachable_untc_stops_the_run_and_says_since_when(data_dir):
    before = files(data_dir)
    clock = FakeClock(datetime(2026, 3, 2, 10, 42, tzinfo=UTC))
    refresher = Refresher(data_dir, Settings(DAY, 0.0), f"http://127.0.0.1:{closed_port()}", clock=clock)
    assert refresher.step() == FIRST_BACKOFF_S
    status = layout.read_refresher(data_dir)
    assert status["problem"] == Problem.REFUSED and status["done"] == 1  # one treaty tried, not twenty
    assert files(data_dir) == before  # the last good data stays
    view = build_refresh_view(status, datetime.fromtimestamp(clock.now + 60, UTC))
    assert view.phase is RefreshPhase.FAILING and view.since == datetime(2026, 3, 2, 10, 42, tzinfo=UTC)
    assert view.problem is Problem.REFUSED


def test_two_refreshers_on_one_folder_run_one_refresh(data_dir, http_server):
    serve_newer_capture(http_server, delay=0.05)  # long enough for the two to meet at the lock
    refreshers = [Refresher(data_dir, Settings(DAY, 0.0), http_server.base_url) for _ in range(2)]
    waits: list[float] = []
    threads = [threading.Thread(target=lambda r=r: waits.append(r.step())) for r in refreshers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(waits) == [LOCKED_WAIT_S, DAY]
    # The one that found the folder locked looks again later: the data is fresh, nothing is asked again.
    assert refreshers[0].step() == pytest.approx(DAY, abs=120) and icrmw_requests(http_server) == 1


KILLER = """
import os, signal, sys
sys.path[:0] = [{repo!r}, {tests!r}]
from pathlib import Path
from monitor.background import Settings
from monitor.refresher import Refresher
from monitor.store import tables
real, staged = tables.fsync_write, []
def write(path, data):
    real(path, data)
    staged.append(path.name)
    if path.name == "status.csv.tmp":  # the ICRMW's new table is staged, its commit record not yet written
        os.kill(os.getpid(), signal.SIGKILL)
tables.fsync_write = write
Refresher(Path(sys.argv[1]), Settings(86400, 0.0), sys.argv[2], treaty_ids=["IV-13"]).step()
"""


def test_a_refresher_killed_mid_publish_leaves_the_data_exactly_as_before(data_dir, http_server):
    serve_newer_capture(http_server)
    before = files(data_dir)
    script = KILLER.format(repo=str(REPO), tests=str(REPO / "tests"))
    done = subprocess.run([sys.executable, "-c", script, str(data_dir), http_server.base_url], cwd=REPO,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == -9, done.stderr  # killed, mid-publish
    assert list(data_dir.rglob("*.tmp"))  # it had staged files
    assert files(data_dir) == before
    # The next refresher (the server started again) discards the staged files and publishes whole.
    assert Refresher(data_dir, Settings(DAY, 0.0), http_server.base_url).step() == DAY
    assert not list(data_dir.rglob("*.tmp")) and layout.load_meta(data_dir, ICRMW)["parties"] == NEW_PARTIES


def test_a_killed_refresher_is_not_shown_as_running(data_dir):
    record = {"state": "running", "pid": 2**22 + 12345, "host": os.uname().nodename, "done": 7, "total": 20,
              "updated_at": iso(datetime.now(UTC).timestamp())}
    assert build_refresh_view(record).phase is RefreshPhase.NONE
    assert build_refresh_view(record | {"pid": os.getpid()}).phase is RefreshPhase.RUNNING
    assert build_refresh_view(record | {"pid": os.getpid()}).fraction == pytest.approx(0.35)
    assert json.loads(json.dumps(record))  # the record is plain JSON


# A stand-in for `python -m monitor publish` that records how it was called (the real command, which draws
# 591 briefs, is tested on its own through the CLI's --publish hook): what is tested here is when the
# background refresh republishes, with which folders, and what it records when publishing fails.
RECORDER = """
import json, sys
from pathlib import Path
log = Path(sys.argv[1])
calls = json.loads(log.read_text()) if log.exists() else []
log.write_text(json.dumps(calls + [sys.argv[2:]]))
if "broken" in sys.argv[2]:
    print("error: the site folder cannot be written", file=sys.stderr)
    sys.exit(1)
"""


def test_a_refresh_that_changed_the_data_republishes_the_site(data_dir, http_server, tmp_path):
    serve_newer_capture(http_server)
    script, log, site = tmp_path / "recorder.py", tmp_path / "calls.json", tmp_path / "site"
    script.write_text(RECORDER)
    clock = FakeClock()
    refresher = Refresher(data_dir, Settings(HOUR, 0.0), http_server.base_url, clock=clock, publish_dir=site,
                          publish_command=[sys.executable, str(script), str(log)])
    refresher.step()
    assert json.loads(log.read_text()) == [[str(site), "--data-dir", str(data_dir)]]
    assert layout.read_refresher(data_dir)["published"] == "ok"
    clock.now += HOUR + 60
    refresher.step()  # checked again, nothing changed (a 304): nothing to republish
    assert len(json.loads(log.read_text())) == 1 and icrmw_requests(http_server) == 2
    assert layout.read_refresher(data_dir)["published"] == ""


def test_a_failed_republish_is_recorded_and_keeps_the_refreshed_data(data_dir, http_server, tmp_path):
    serve_newer_capture(http_server)
    script, log = tmp_path / "recorder.py", tmp_path / "calls.json"
    script.write_text(RECORDER)
    refresher = Refresher(data_dir, Settings(HOUR, 0.0), http_server.base_url, publish_dir=tmp_path / "broken",
                          publish_command=[sys.executable, str(script), str(log)])
    assert refresher.step() == HOUR
    status = layout.read_refresher(data_dir)
    assert status["result"] == "checked" and status["published"] == "failed"
    assert "the site folder cannot be written" in status["publish_error"]
    assert layout.load_meta(data_dir, ICRMW)["parties"] == NEW_PARTIES


def test_without_a_publish_folder_nothing_is_republished(data_dir, http_server, tmp_path, monkeypatch):
    monkeypatch.delenv("MONITOR_PUBLISH_DIR", raising=False)
    serve_newer_capture(http_server)
    script, log = tmp_path / "recorder.py", tmp_path / "calls.json"
    script.write_text(RECORDER)
    Refresher(data_dir, Settings(HOUR, 0.0), http_server.base_url,
              publish_command=[sys.executable, str(script), str(log)]).step()
    assert not log.exists() and layout.read_refresher(data_dir)["published"] == ""


@pytest.mark.skipif(not hasattr(os, "SCHED_IDLE"), reason="SCHED_IDLE is Linux's")
def test_the_refresher_runs_only_when_the_pages_leave_the_cpu_idle():
    """Its process (and the publish it starts, which inherits it) runs at Linux's idle priority, at nice 19."""
    code = ("import os, subprocess, sys; from monitor.refresher import lower_priority; lower_priority(); "
            "child = subprocess.run([sys.executable, '-c', 'import os; print(os.sched_getscheduler(0), os.nice(0))'], "
            "capture_output=True, text=True, check=True); print(child.stdout.strip())")
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    assert done.stdout.split() == [str(os.SCHED_IDLE), "19"]


@pytest.mark.skipif(not sys.platform.startswith("linux") or not idle_prefix(),
                    reason="SCHED_IDLE from the start needs Linux's chrt (util-linux)")
def test_the_server_starts_the_refresher_idle_from_its_first_instruction(tmp_path, monkeypatch):
    """background.start(), as app.py's lifespan calls it, runs its child at SCHED_IDLE before any of the child's own
    code: the child here is a stand-in for Python that only writes down the scheduling policy it was given."""
    seen = tmp_path / "policy"
    stand_in = tmp_path / "python"
    stand_in.write_text(f"#!{sys.executable}\nimport os\n"
                        f"open({str(seen)!r}, 'w').write(str(os.sched_getscheduler(0)))\n")
    stand_in.chmod(0o755)
    monkeypatch.setattr(sys, "executable", str(stand_in))
    monkeypatch.setattr(background, "_started", False)
    monkeypatch.setenv("MONITOR_REFRESH_EVERY", "24h")
    child = background.start()
    assert child is not None
    child.wait(timeout=30)
    assert int(seen.read_text()) == os.SCHED_IDLE
