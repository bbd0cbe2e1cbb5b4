"""The country profile's Migration section on the bundled data (streamlit.testing.v1.AppTest)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import REPO, require_bundled_data

from monitor.analysis.exports import context_download
from monitor.store.context import load_context
from monitor.store.layout import data_dir
from tests.apptest import PAGE, AppTest, assert_clean, open_page


@pytest.fixture(autouse=True)
def bundled_data(monkeypatch) -> None:
    monkeypatch.delenv("MONITOR_DATA_DIR", raising=False)
    require_bundled_data(data_dir())


def country(code: str) -> AppTest:
    at = open_page(PAGE["country"], country=code)
    assert_clean(at)
    return at


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def markdown(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def test_nepal_shows_emigrants_and_remittances() -> None:
    at = country("NPL")
    shown = metrics(at)
    assert shown["Emigrants abroad (mid-2020)"] == "2.6 million"
    assert shown["Remittances received (2021)"] == "US$ 8.2 billion"
    assert any(c.value == "22.7% of GDP" for c in at.caption)
    assert "Migration" in [h.value for h in at.subheader]
    labels = [b.label for b in at.get("download_button")]
    assert "Download the migration facts as CSV" in labels


def test_germany_shows_immigrants_and_noted_recommendations() -> None:
    at = country("DEU")
    assert metrics(at)["Immigrants (mid-2020)"] == "15.8 million"
    text = markdown(at)
    assert "Received **23** (accepted **0**, noted **23**)" in text and "Mexico (1 noted)" in text


def test_no_data_is_said_not_zero() -> None:
    at = country("COK")
    assert metrics(at)["Remittances received"] == "no data"
    assert "no data: not reviewed" in markdown(at)


def test_missing_context_is_a_message_not_an_error(tmp_path: Path, monkeypatch) -> None:
    root = tmp_path / "data"
    shutil.copytree(REPO / "data", root, ignore=shutil.ignore_patterns("context", "refresh.log", ".cache"))
    monkeypatch.setenv("MONITOR_DATA_DIR", str(root))
    at = country("MEX")
    assert any("python -m monitor context" in i.value for i in at.info)


def test_damaged_context_is_a_warning(tmp_path: Path, monkeypatch) -> None:
    root = tmp_path / "data"
    shutil.copytree(REPO / "data", root, ignore=shutil.ignore_patterns("refresh.log", ".cache"))
    stock = root / "context" / "migrant_stock.csv"
    stock.write_bytes(stock.read_bytes()[:500])
    monkeypatch.setenv("MONITOR_DATA_DIR", str(root))
    at = country("MEX")
    texts = [w.value.replace("\\", "") for w in at.warning]
    assert any("migrant_stock.csv" in t and "python -m monitor context" in t for t in texts), texts


def targets_page() -> AppTest:
    at = open_page(PAGE["targets"])
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_targets_context_factors_are_off_by_default_and_can_weigh() -> None:
    at = targets_page()
    default = at.dataframe[0].value
    assert all(at.slider(key=f"w_{f}").value == 0.0
               for f in ("emigration", "remittances", "upr_accepted", "upr_noted"))
    assert "Emigrants, share of population (%), 2020" in default.columns
    assert "UPR recommendations 2008–2014 (accepted / noted)" in default.columns
    assert any("off by default" in m.value for m in at.markdown)
    for factor in ("w_signed", "w_recent", "w_peers", "w_palermo", "w_core", "w_complaints"):
        at.slider(key=factor).set_value(0.0)
    at.slider(key="w_upr_noted").set_value(5.0).run()
    table = at.dataframe[0].value
    assert not at.exception
    noted = table["UPR recommendations 2008–2014 (accepted / noted)"].iloc[0]
    assert noted != "no data" and int(noted.split(" / ")[1]) > 0
    assert list(table["Country"]) != list(default["Country"])
    at.slider(key="w_upr_noted").set_value(0.0)
    at.slider(key="w_emigration").set_value(5.0).run()
    top = at.dataframe[0].value["Emigrants, share of population (%), 2020"].iloc[:5]
    assert all(float(v.rstrip("%")) > 10 for v in top)


def test_trends_shows_the_origin_destination_picture() -> None:
    at = open_page(PAGE["trends"])
    assert not at.exception, [e.value for e in at.exception]
    assert "Countries of origin and of destination" in [h.value for h in at.header]
    assert any("0 of the 10** States with the most immigrants are party" in m.value for m in at.markdown)
    labels = [b.label for b in at.get("download_button")]
    assert "Download the migration facts of every State (CSV)" in labels


def test_full_context_download_is_excel_safe_and_sourced() -> None:
    download = context_download(load_context(REPO / "data"), {"NPL": "Nepal", "COK": "Cook Islands"})
    text = download.data.decode("utf-8-sig")
    assert "undesa2020" in download.file_name and text.splitlines()[0].endswith("upr_source")
    assert len(text.splitlines()) == 198 and ",COK," in text and "<NA>" not in text
