"""status.csv's provisional columns: a file written before them (a user's data directory from an older
version) still loads, in the current layout, and the next refresh rewrites it with no change logged."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
from bundled_document import bundled_document
from conftest import REPO

from contract.model import PROVISIONAL_COLUMNS, STATUS_COLUMNS
from monitor.analysis.status import build_country_status
from monitor.cli import main
from monitor.refresh.changes import diff_status
from monitor.store import tables as store
from monitor.store.checked import load_treaty

OLD_COLUMNS = [c for c in STATUS_COLUMNS if c not in PROVISIONAL_COLUMNS]


def old_layout(root: Path, treaty: str = "IV-13", provisional: str = "") -> None:
    """Rewrite a treaty's status.csv as an older version wrote it: no provisional columns, and a provisional
    action (if given, for the first row) in the consent columns; meta.json's checksum updated to match."""
    folder = root / treaty
    status = pd.read_csv(folder / "status.csv", dtype=str, keep_default_na=False)[OLD_COLUMNS]
    if provisional:
        status.loc[0, ["consent_date", "consent_action", "consent_withdrawn"]] = ["2001-01-01", provisional, "false"]
    data = status.to_csv(index=False, lineterminator="\n").encode("utf-8")
    (folder / "status.csv").write_bytes(data)
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    meta["files"]["status.csv"] = hashlib.sha256(data).hexdigest()
    (folder / "meta.json").write_text(json.dumps(meta), encoding="utf-8")


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    root = tmp_path / "data"
    shutil.copytree(REPO / "data", root)
    return root


@pytest.mark.parametrize("action", ["provisional_application", "provisional_acceptance"])
def test_an_old_status_file_loads_with_its_provisional_action_in_its_own_columns(data_dir, action):
    old_layout(data_dir, provisional=action)
    assert not store.status_in_current_layout(data_dir, "IV-13")
    status = load_treaty(data_dir, "IV-13").status
    assert list(status.columns) == STATUS_COLUMNS
    first = status.iloc[0]
    assert (first["consent_date"], first["consent_action"]) == ("", "")
    assert (first["provisional_date"], first["provisional_action"], first["provisional_withdrawn"]) == (
        "2001-01-01", action, "false")
    table = build_country_status(status)
    row = table[table["iso3"] == first["iso3"]].iloc[0]
    assert row["status"] != "Party (ratification)" and row["provisional_action"] == action


def test_the_next_refresh_rewrites_an_old_file_and_logs_no_change(data_dir, tmp_path, capsys):
    old_layout(data_dir)
    changes_before = (data_dir / "changes.csv").read_bytes()
    meta_before = json.loads((data_dir / "IV-13" / "meta.json").read_text(encoding="utf-8"))
    source = tmp_path / "IV-13.xml"
    source.write_bytes(bundled_document("IV-13"))
    # The same document as the bundled data's: without the layout check it would be "no change", untouched.
    meta_before["sha256"] = hashlib.sha256(source.read_bytes()).hexdigest()
    (data_dir / "IV-13" / "meta.json").write_text(json.dumps(meta_before), encoding="utf-8")
    assert main(["refresh", "IV-13", "--data-dir", str(data_dir), "--source-file", str(source),
                 "--facts-only", "--pause", "0"]) == 0
    assert "IV-13: no change" in capsys.readouterr().out
    assert store.status_in_current_layout(data_dir, "IV-13")
    assert (data_dir / "IV-13" / "status.csv").read_bytes() == (REPO / "data" / "IV-13" / "status.csv").read_bytes()
    assert (data_dir / "changes.csv").read_bytes() == changes_before
    meta = json.loads((data_dir / "IV-13" / "meta.json").read_text(encoding="utf-8"))
    assert meta["last_changed"] == meta_before["last_changed"]


def row(**cells: str) -> dict:
    signed = {"signature_date": "2016-04-22", "signature_action": "signature", "signature_withdrawn": "false"}
    return {**dict.fromkeys(STATUS_COLUMNS, ""), "participant": "Austria", "iso3": "AUT", **signed, **cells}


def test_provisional_actions_keep_their_change_events():
    old = pd.DataFrame([row()])
    applied = pd.DataFrame([row(provisional_date="2016-05-01", provisional_action="provisional_application",
                                provisional_withdrawn="false")])
    accepted = pd.DataFrame([row(provisional_date="2016-05-01", provisional_action="provisional_acceptance",
                                 provisional_withdrawn="false", consent_date="2017-01-02",
                                 consent_action="acceptance", consent_withdrawn="false")])
    assert [e["event"] for e in diff_status("XIX-99", old, applied)] == ["applied_provisionally"]
    events = diff_status("XIX-99", old, accepted)
    assert [e["event"] for e in events] == ["accepted", "accepted_provisionally"]
    assert [e["event"] for e in diff_status("XIX-99", applied, old)] == ["provisional_removed"]
