"""The registry of tracked treaties (data/treaties.csv) and which of them have data."""

from __future__ import annotations

import pandas as pd
from conftest import REPO

import monitor.cli
from contract.ids import check_treaty_id
from contract.treaties import COLUMNS, TREATIES_CSV, load_treaties, tracked_ids, treaty_info
from monitor.store import layout

CORE = ["IV-13", "IV-2", "IV-3", "IV-4", "IV-8", "IV-9", "IV-11", "IV-15", "IV-16"]


def test_every_registry_id_is_a_valid_unique_untc_id_and_the_icrmw_is_first():
    ids = tracked_ids()
    assert all(check_treaty_id(i) == i for i in ids)
    assert len(ids) == len(set(ids)) and len({i.lower() for i in ids}) == len(ids)
    assert ids[0] == "IV-13"


def test_registry_rows():
    frame = pd.read_csv(TREATIES_CSV, dtype=str, keep_default_na=False)
    assert list(frame.columns) == COLUMNS
    assert frame["short_name"].is_unique and (frame["title"] != "").all()
    groups = frame.groupby("group")["id"].apply(list).to_dict()
    assert groups == {"core": CORE, "complaints": ["IV-5", "IV-8-b", "IV-3-a", "IV-15-a", "IV-11-d"],
                      "palermo": ["XVIII-12-a", "XVIII-12-b"], "migration": ["V-2", "V-5", "V-3", "V-4"]}
    for column in ("interstate_article", "individual_article", "individual_threshold"):
        assert frame[column].str.fullmatch(r"\d{0,3}").all(), column
    assert (frame.loc[frame["individual_threshold"] != "", "individual_article"] != "").all()
    icrmw = treaty_info("IV-13")
    assert [icrmw[c] for c in COLUMNS[1:2] + COLUMNS[3:]] == ["ICRMW", "core", "76", "77", "10"]
    assert (treaty_info("IV-16")["interstate_article"], treaty_info("IV-16")["individual_article"]) == ("32", "31")
    assert treaty_info("IV-4")["interstate_article"] == "41" and treaty_info("IV-2")["individual_article"] == "14"


def test_every_registry_id_is_documented_with_how_it_was_checked():
    text = (REPO / "data" / "TREATIES.md").read_text(encoding="utf-8")
    for row in load_treaties().itertuples():
        assert f"`{row.id}`" in text and row.short_name in text, row.id


def test_an_unlisted_treaty_has_its_id_as_name_and_no_competence_articles():
    info = treaty_info("XXVII-7-d")
    assert (info["short_name"], info["interstate_article"], info["individual_article"]) == ("XXVII-7-d", "", "")


def test_refresh_without_ids_checks_every_registry_treaty(tmp_path, monkeypatch):
    seen = []
    monkeypatch.setattr(monitor.cli, "run_refresh", lambda ids, options: seen.extend(ids) or [])
    assert monitor.cli.main(["refresh", "--data-dir", str(tmp_path)]) == 0
    assert seen == tracked_ids() and len(seen) == 20


def test_a_treaty_never_refreshed_has_no_data_and_nothing_breaks(tmp_path):
    assert layout.load_meta(REPO / "data", "IV-4") is None
    assert {"IV-13", "IV-16"} <= set(layout.loaded_treaties(REPO / "data"))
    assert "IV-4" not in layout.loaded_treaties(REPO / "data")
    (tmp_path / "IV-2").mkdir()  # a folder without meta.json: a refresh that never completed
    (tmp_path / "reference").mkdir()
    (tmp_path / "IV-13").mkdir()
    (tmp_path / "IV-13" / "meta.json").write_text("{}")
    assert layout.loaded_treaties(tmp_path) == ["IV-13"]
    assert layout.load_meta(tmp_path, "IV-2") is None
    assert layout.loaded_treaties(tmp_path / "missing") == []
