"""The scheduling files say what the README says, and systemd accepts them where it can check."""

from __future__ import annotations

import configparser
import shutil
import subprocess

import pytest
from conftest import REPO

DEPLOY = REPO / "deploy"


def unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str
    parser.read(DEPLOY / "systemd" / name)
    return parser


def test_timer_is_persistent_and_daily():
    timer = unit("icrmw-monitor-refresh.timer")
    assert timer["Timer"]["Persistent"] == "true"
    assert timer["Timer"]["OnCalendar"].startswith("*-*-*")
    assert timer["Timer"]["Unit"] == "icrmw-monitor-refresh.service"


def test_service_runs_the_refresh_command():
    service = unit("icrmw-monitor-refresh.service")
    assert service["Service"]["ExecStart"].endswith("-m monitor refresh")
    assert service["Service"]["Type"] == "oneshot"


def test_crontab_and_workflow_run_the_refresh():
    assert "-m monitor refresh" in (DEPLOY / "crontab").read_text()
    workflow = (DEPLOY / "github" / "refresh.yml").read_text()
    assert "python -m monitor refresh --facts-only" in workflow
    assert "git diff --cached --quiet" in workflow  # commits only when data changed
    assert "Heartbeat" in workflow


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="systemd-analyze is not installed here")
def test_systemd_analyze_verify(tmp_path):
    for name in ("icrmw-monitor-refresh.service", "icrmw-monitor-refresh.timer"):
        shutil.copy(DEPLOY / "systemd" / name, tmp_path / name)
    result = subprocess.run(["systemd-analyze", "verify", str(tmp_path / "icrmw-monitor-refresh.timer")],
                            capture_output=True, text=True, timeout=60)
    # Paths that exist only on a server (/opt/...) are reported; syntax errors are what we look for.
    assert "Unknown key" not in result.stderr and "Invalid" not in result.stderr, result.stderr


def test_where_a_job_refreshes_the_dashboard_does_not():
    """Each scheduled job says the dashboard beside it runs with its background refresh off."""
    dashboard = unit("icrmw-monitor-dashboard.service")
    lines = (DEPLOY / "systemd" / "icrmw-monitor-dashboard.service").read_text().splitlines()
    assert "Environment=MONITOR_REFRESH_EVERY=off" in lines
    assert "streamlit run app.py" in dashboard["Service"]["ExecStart"]
    for name in ("crontab", "github/refresh.yml", "systemd/icrmw-monitor-refresh.service", "README.md"):
        assert "MONITOR_REFRESH_EVERY=off" in (DEPLOY / name).read_text(), name
