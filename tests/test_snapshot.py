"""The overview's kept facts: used only while they match the data and the code, never an error."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from conftest import BUNDLED_AS_OF, PARTIES, REPO

from contract.treaties import articles
from monitor.analysis.overview import build_facts
from monitor.store import layout, snapshot
from monitor.store import tables as store


@pytest.fixture
def root(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(REPO / "data", target, ignore=shutil.ignore_patterns("raw", "*.log", ".cache", "last-good"))
    return target


def facts_of(root: Path) -> dict:
    """The overview's facts as the dashboard makes them: the store reads, the analysis computes."""
    status, declarations = store.load_status(root, "IV-13"), store.load_declarations(root, "IV-13")
    meta = layout.load_meta(root, "IV-13")
    return snapshot.stamped(root, "IV-13", build_facts("IV-13", status, declarations, meta, articles("IV-13")))


def keep(root: Path) -> bool:
    """Keep the facts beside the data: False (never an error) when the folder cannot take them."""
    return snapshot.save(root, "IV-13", facts_of(root))


def kept(root: Path) -> dict:
    facts = facts_of(root)
    assert snapshot.save(root, "IV-13", facts)
    return facts


def test_kept_facts_round_trip(root: Path) -> None:
    facts = kept(root)
    assert snapshot.load(root, "IV-13") == json.loads(json.dumps(facts))
    assert facts["numbers"]["parties"] == PARTIES and facts["as_of"] == BUNDLED_AS_OF
    assert len(facts["map"]) == 197
    assert facts["download"]["text"].startswith("\ufeff")  # the CSV's byte-order mark survives
    assert oct(snapshot.cache_path(root, "IV-13").stat().st_mode & 0o777) == "0o644"


@pytest.mark.parametrize("change", ["status", "meta", "missing", "garbage", "other_treaty_format"])
def test_anything_changed_means_not_used(root: Path, change: str) -> None:
    kept(root)
    folder, path = root / "IV-13", snapshot.cache_path(root, "IV-13")
    if change == "status":
        (folder / "status.csv").write_bytes((folder / "status.csv").read_bytes().replace(b"Mexico", b"Mexic0"))
    elif change == "meta":
        (folder / "meta.json").write_text("{}", encoding="utf-8")
    elif change == "missing":
        (folder / "declarations.csv").unlink()
    elif change == "garbage":
        path.write_text("{not json", encoding="utf-8")
    else:
        facts = json.loads(path.read_text(encoding="utf-8"))
        facts["fingerprint"] = "0" * 64
        path.write_text(json.dumps(facts), encoding="utf-8")
    assert snapshot.load(root, "IV-13") is None


def test_a_code_change_means_not_used(root: Path, monkeypatch) -> None:
    kept(root)
    monkeypatch.setattr(snapshot, "code_digest", lambda: "another version of the code")
    assert snapshot.load(root, "IV-13") is None


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write to a read-only folder")
def test_read_only_data_dir_only_costs_speed(root: Path) -> None:
    root.chmod(0o555)
    try:
        assert keep(root) is False
        assert snapshot.load(root, "IV-13") is None
    finally:
        root.chmod(0o755)


def test_unwritable_cache_folder_is_not_an_error(root: Path) -> None:
    (root / layout.CACHE_DIR).write_text("a file where the folder should be", encoding="utf-8")
    assert keep(root) is False
    assert snapshot.load(root, "IV-13") is None
