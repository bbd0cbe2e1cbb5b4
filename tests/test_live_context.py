"""Opt-in check of the migration context's live sources: `pytest -m live --run-live tests/test_live_context.py`.

Skipped by default like tests/test_live.py (pyproject deselects `live`; conftest skips it without
--run-live), so CI never touches the network. It downloads each source with the importer's own
`--from-web` code (monitor/refresh/context_web.py), reads each with the pure readers and runs the
whole import on them. Run it before importing a new vintage: an unknown country code or a moved header shows here
first, with the importer's own message.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from monitor.cli import main
from monitor.refresh.context import (
    DESA_TIDY,
    DESA_WORKBOOK,
    UPR_DIR,
    WB_GDP,
    WB_GDP_CODE,
    WB_USD,
    WB_USD_CODE,
    build_context,
)
from monitor.refresh.context_web import LIVE_URLS, download_sources
from scrapers.context import parse_desa_tidy, parse_desa_workbook, parse_upr_csv, parse_wb_indicator

pytestmark = pytest.mark.live


@pytest.fixture(scope="module")
def live_sources(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every live source, downloaded by the importer's own code (`--from-web`) under the names it reads."""
    folder = tmp_path_factory.mktemp("context-live")
    download_sources(folder, LIVE_URLS)
    return folder


def test_each_live_source_reads(live_sources: Path) -> None:
    desa = parse_desa_workbook((live_sources / DESA_WORKBOOK).read_bytes(), LIVE_URLS[DESA_WORKBOOK])
    assert desa.year >= "2020" and len(desa.immigrants) > 200
    tidy = parse_desa_tidy((live_sources / DESA_TIDY).read_bytes(), LIVE_URLS[DESA_TIDY])
    assert "2020" in set(tidy["year"].astype(str))
    for name, code in ((WB_USD, WB_USD_CODE), (WB_GDP, WB_GDP_CODE)):
        indicator = parse_wb_indicator((live_sources / name).read_bytes(), LIVE_URLS[name])
        assert indicator.code == code and indicator.last_updated >= "2023-05-10"
        assert {"NPL", "MEX", "PHL"} <= set(indicator.values["iso3"])
    for path in sorted((live_sources / UPR_DIR).iterdir()):
        assert len(parse_upr_csv(path.read_bytes(), str(path))) > 1000, path.name


def test_the_import_accepts_the_live_sources(live_sources: Path) -> None:
    tables = build_context(live_sources)  # every check of the import: codes known, Table 1 equal, ...
    stock = tables.stock.set_index("iso3")
    assert stock.loc["NPL", "emigrants"] > 2_000_000 and stock.loc["DEU", "immigrants"] > 15_000_000
    money = tables.remittances.set_index("iso3")
    assert int(money.loc["NPL", "year"]) >= 2021 and float(money.loc["NPL", "pct_gdp"]) > 15
    assert len(tables.upr) > 500


def test_the_command_imports_from_the_web(tmp_path: Path) -> None:
    assert main(["context", "--from-web", "--data-dir", str(tmp_path / "data"), "--facts-only"]) == 0
