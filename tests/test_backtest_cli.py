"""`python -m monitor backtest` and `python -m monitor targets`: output, exit codes, bad --weights."""

from __future__ import annotations

import io
import subprocess
import sys

import pandas as pd
import pytest
from conftest import REPO, require_bundled_data

from monitor.backtest_cli import parse_weights
from monitor.cli import main


@pytest.fixture(autouse=True)
def bundled(monkeypatch) -> None:
    require_bundled_data(REPO / "data")
    monkeypatch.delenv("MONITOR_DATA_DIR", raising=False)
    monkeypatch.chdir(REPO)


def test_backtest_prints_origins_totals_and_baselines(capsys) -> None:
    assert main(["backtest"]) == 0
    out = capsys.readouterr().out
    assert "top 10" in out and "top 20" in out
    assert "Weights: signed=1, palermo=1" in out
    lines = out.splitlines()
    assert sum(1 for line in lines if line[:4].isdigit() and "-01-01" in line) == 11  # 2003 to 2013
    assert next(line for line in lines if line.startswith("total")).split()[1:] == ["104", "35", "44"]
    for words in ("random order (expected value)", "most recent signature first", "longest waiting first"):
        assert words in out
    assert main(["backtest", "--horizon", "3", "--weights", "signed=3,recent=1,peers=2"]) == 0
    out = capsys.readouterr().out
    assert "within 3 years" in out and "2015-01-01" in out and "signed=3, recent=1, peers=2, palermo=1" in out


@pytest.mark.parametrize("weights", ["foo=1", "signed=x", "signed=-1", "signed", "signed=nan", "waiting=1"])
def test_bad_weights_exit_2_with_a_clear_error(capsys, weights: str) -> None:
    for command in ("backtest", "targets"):
        assert main([command, "--weights", weights]) == 2
        err = capsys.readouterr().err
        assert err.startswith("error: --weights:") and len(err.strip().splitlines()) == 1


def test_parse_weights() -> None:
    assert parse_weights("signed=3, peers=2.5,") == {"signed": 3.0, "peers": 2.5}
    assert parse_weights("") == {}


def test_missing_data_exits_1_naming_the_fix(tmp_path, capsys) -> None:
    assert main(["backtest", "--data-dir", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "IV-13" in err and "python -m monitor refresh" in err and str(tmp_path) in err


def test_targets_writes_the_ranked_csv() -> None:
    done = subprocess.run([sys.executable, "-m", "monitor", "targets"], cwd=REPO, capture_output=True, check=True)
    assert done.stdout.startswith(b"\xef\xbb\xbf")  # the page's download: UTF-8 with a byte-order mark
    table = pd.read_csv(io.BytesIO(done.stdout), encoding="utf-8-sig")
    assert list(table["Rank"]) == list(range(1, len(table) + 1)) and len(table) == 146
    assert table["Priority score"].is_monotonic_decreasing and "ISO3" in table.columns
    weighted = subprocess.run([sys.executable, "-m", "monitor", "targets", "--weights", "signed=0,palermo=0,peers=1"],
                              cwd=REPO, capture_output=True, check=True)
    peers = pd.read_csv(io.BytesIO(weighted.stdout), encoding="utf-8-sig")
    assert peers["UN regional group"].iloc[0] == "Latin American and Caribbean"


def test_every_option_is_in_the_readme() -> None:
    import argparse
    import re

    from monitor.backtest_cli import add_target_parsers

    readme = (REPO / "README.md").read_text()
    commands = argparse.ArgumentParser().add_subparsers(dest="command")
    add_target_parsers(commands)
    for name in ("backtest", "targets"):
        assert f"python -m monitor {name}" in readme
        options = set(re.findall(r"--[a-z][a-z-]+", commands.choices[name].format_help())) - {"--help"}
        assert not [o for o in options if f"`{o}" not in readme], name
