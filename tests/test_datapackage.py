"""data/datapackage.json describes every published table and validates as a Frictionless data package."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import scripts.datapackage as datapackage

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture(scope="module")
def frictionless():
    """Imported by the tests that use it (it imports 300 modules: not in every test worker's collection)."""
    return pytest.importorskip("frictionless", reason="frictionless missing: pip install -r requirements-dev.txt")


@pytest.fixture(autouse=True)
def bundled_data() -> None:
    """The package describes the bundled data; a local refresh may add treaties it does not list yet."""
    meta = json.loads((DATA / "IV-13" / "meta.json").read_text(encoding="utf-8"))
    if meta.get("data_as_of") != "2018-01-15":
        pytest.skip("data/ is not the bundled 2018-01-15 capture (it was refreshed); restore it with git")


def test_datapackage_is_up_to_date_with_the_data():
    committed = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    assert committed == datapackage.package(DATA), "run `python scripts/datapackage.py` (or make bundle) and commit"


def test_every_published_table_is_a_resource_with_source_and_licence():
    described = {r["path"]: r for r in datapackage.package(DATA)["resources"]}
    local_only = ("last-good", "raw", ".cache")  # written by a local refresh, never published
    published = {str(p.relative_to(DATA)) for p in DATA.rglob("*.csv")
                 if not set(p.relative_to(DATA).parts) & set(local_only) and p.name != "notes.csv"}
    assert published == set(described)
    for resource in described.values():
        assert resource["sources"] and resource["licenses"] and resource["schema"]["fields"]
    assert described["IV-13/status.csv"]["schema"]["primaryKey"] == ["iso3"]
    assert described["treaties.csv"]["schema"]["primaryKey"] == ["id"]


def test_datapackage_validates_with_frictionless(frictionless):
    report = frictionless.validate(str(DATA / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]


def test_a_damaged_table_fails_validation(frictionless, tmp_path):
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy, ignore=shutil.ignore_patterns("raw", "last-good", ".cache", "*.log"))
    status = copy / "IV-13" / "status.csv"
    status.write_text(status.read_text(encoding="utf-8").replace("2007-06-05", "5 Jun 2007", 1), encoding="utf-8")
    report = frictionless.validate(str(copy / "datapackage.json"))
    assert not report.valid
    assert {error[2] for error in report.flatten(["rowNumber", "fieldName", "type"])} == {"type-error"}
