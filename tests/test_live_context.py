"""Opt-in check of the migration context's live sources: `pytest -m live --run-live tests/test_live_context.py`.

Skipped by default like tests/test_live.py (pyproject deselects `live`; conftest skips it without
--run-live), so CI never touches the network. It downloads each source PROVENANCE.md names, saves it
under the name the import expects, reads each with the pure readers and runs the whole import on
them. Run it before importing a new vintage: an unknown country code or a moved header shows here
first, with the importer's own message.
"""

from __future__ import annotations

import io
import time
import zipfile
from pathlib import Path

import pytest
import requests

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
from scrapers.context import parse_desa_tidy, parse_desa_workbook, parse_upr_csv, parse_wb_indicator
from scrapers.untc import make_session

pytestmark = pytest.mark.live

PAUSE = 2.0  # seconds between requests: these are other people's servers
DESA_URL = ("https://www.un.org/development/desa/pd/sites/www.un.org.development.desa.pd/files/"
            "undesa_pd_2020_ims_stock_by_sex_and_destination.xlsx")
# The two copies PROVENANCE.md names, at the commits it names.
TIDY_URL = ("https://raw.githubusercontent.com/guyabel/stepladderChapter/"
            "9cfc3f98ac0ce5beb441a488a675040237a39147/data/stock_totals_2020.csv")
UPR_BASE = ("https://raw.githubusercontent.com/rochelleterman/uprs/"
            "986898e98047b8828c47a515b24e161910b88134/v.2/Data/CSVs/")
UPR_FILES = ("1-5", "6-9", "10-13", "14-17", "17-20")
WB_URL = "https://api.worldbank.org/v2/en/indicator/{code}?downloadformat=excel"


def fetch(session: requests.Session, url: str) -> bytes:
    """One GET with a clear failure naming the URL."""
    time.sleep(PAUSE)
    response = session.get(url, timeout=(15, 120), headers={"Accept": "*/*"})
    assert response.ok, f"{url}: HTTP {response.status_code}"
    assert response.content, f"{url}: empty body"
    return response.content


def world_bank_excel(data: bytes) -> bytes:
    """The indicator's .xls from the World Bank's download (a zip holding it and two metadata files)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = [n for n in archive.namelist() if n.startswith("API_") and n.endswith((".xls", ".xlsx"))]
        assert len(names) == 1, f"the World Bank download holds {archive.namelist()}"
        return archive.read(names[0])


@pytest.fixture(scope="module")
def live_sources(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every live source, saved under the names the import reads."""
    folder = tmp_path_factory.mktemp("context-live")
    session = make_session(retries=2, backoff=2.0, max_wait=60)
    (folder / DESA_WORKBOOK).write_bytes(fetch(session, DESA_URL))
    (folder / DESA_TIDY).write_bytes(fetch(session, TIDY_URL))
    for name, code in ((WB_USD, WB_USD_CODE), (WB_GDP, WB_GDP_CODE)):
        (folder / name).write_bytes(world_bank_excel(fetch(session, WB_URL.format(code=code))))
    (folder / UPR_DIR).mkdir()
    for part in UPR_FILES:
        (folder / UPR_DIR / f"sessions-{part}.csv").write_bytes(fetch(session, f"{UPR_BASE}{part}.csv"))
    return folder


def test_each_live_source_reads(live_sources: Path) -> None:
    desa = parse_desa_workbook((live_sources / DESA_WORKBOOK).read_bytes(), DESA_URL)
    assert desa.year >= "2020" and len(desa.immigrants) > 200
    tidy = parse_desa_tidy((live_sources / DESA_TIDY).read_bytes(), TIDY_URL)
    assert "2020" in set(tidy["year"].astype(str))
    for name, code in ((WB_USD, WB_USD_CODE), (WB_GDP, WB_GDP_CODE)):
        indicator = parse_wb_indicator((live_sources / name).read_bytes(), WB_URL.format(code=code))
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
