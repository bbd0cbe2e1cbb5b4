"""The migration-context import: readers on the real files, the checks, each refusal, and the bundled facts.

Only the tests that compare with the real files in ../shared/context skip without them; the checks and
refusals run on sources rebuilt from the bundled facts in the publishers' layouts (context_sources.py).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
from conftest import REPO
from context_sources import MAC_FILE, UNIX_FILE, write_sources

from contract.errors import LayoutChanged
from monitor.cli import main
from monitor.refresh.context import (
    DESA_TIDY,
    DESA_WORKBOOK,
    UPR_DIR,
    WB_GDP,
    WB_USD,
    build_context,
    latest_complete,
)
from monitor.store import layout
from monitor.store import tables as store
from monitor.store.context import load_context
from monitor.store.layout import CONTEXT_DIR as FOLDER
from scrapers.context import mentions_icrmw, parse_desa_workbook, parse_upr_csv, parse_wb_indicator

SHARED = REPO.parent / "shared" / "context"
BUNDLED = REPO / "data" / FOLDER


@pytest.fixture(scope="module")
def shared() -> Path:
    """The real saved sources (skips in a clone without ../shared)."""
    if not (SHARED / DESA_WORKBOOK).exists():
        pytest.skip(f"real context sources not found at {SHARED} (a clone without ../shared)")
    return SHARED


@pytest.fixture(scope="module")
def tables(shared: Path):
    """The tables built once from the real sources."""
    return build_context(shared)


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory) -> Path:
    """A source folder in the publishers' layouts, written from the bundled facts (needs no ../shared)."""
    return write_sources(tmp_path_factory.mktemp("context") / "sources", REPO / "data")


@pytest.fixture
def sources(rebuilt: Path, tmp_path: Path) -> Path:
    """A private copy of the rebuilt sources that a test may damage."""
    target = tmp_path / "sources"
    shutil.copytree(rebuilt, target)
    return target


@pytest.fixture
def published(sources: Path, tmp_path: Path) -> tuple[Path, dict[str, bytes]]:
    """A data directory after a good import, and the bytes of its context files."""
    root = tmp_path / "data"
    assert main(["context", "--source-dir", str(sources), "--data-dir", str(root)]) == 0
    return root, {p.name: p.read_bytes() for p in (root / FOLDER).iterdir()}


def _refused(sources: Path, root: Path, before: dict[str, bytes], capsys, *words: str) -> str:
    """Run the import, expect exit 1 with every word in the one-line message, and nothing changed."""
    capsys.readouterr()
    assert main(["context", "--source-dir", str(sources), "--data-dir", str(root)]) == 1
    message = capsys.readouterr().err
    assert message.count("\n") == 1 and message.startswith("FAILED context:")
    for word in words:
        assert word in message, message
    assert {p.name: p.read_bytes() for p in (root / FOLDER).iterdir()} == before
    return message


# --- the real sources -----------------------------------------------------------------------------

def test_immigrants_equal_table_1_for_every_country(shared: Path, tables) -> None:
    desa = parse_desa_workbook((shared / DESA_WORKBOOK).read_bytes(), DESA_WORKBOOK)
    table1 = desa.immigrants.drop_duplicates("m49").set_index("m49")["2020"]
    stock = tables.stock.set_index("m49")
    assert len(stock) == 235
    for m49, row in stock.iterrows():
        official = table1[m49]
        if pd.isna(official):  # '..' in the workbook: no estimate, never 0
            assert pd.isna(row["immigrants"]), row["iso3"]
        else:
            assert row["immigrants"] == round(float(official)), row["iso3"]


# --- the bundled facts (test_bundled_facts_are_reproducible ties them to the real files) ----------

@pytest.fixture(scope="module")
def bundled() -> dict[str, pd.DataFrame]:
    return load_context(REPO / "data")


def test_headline_figures(bundled) -> None:
    stock = bundled["stock"].set_index("iso3")
    assert stock.loc["NPL", "emigrants"] == "2599701"
    assert stock.loc["DEU", "immigrants"] == "15762457"
    assert stock.loc["MEX", "emigrants"] == "11185737"
    money = bundled["remittances"].set_index("iso3")
    assert money.loc["NPL", "year"] == "2021" and round(float(money.loc["NPL", "pct_gdp"]), 1) == 22.7
    upr = bundled["upr"]
    germany = upr[upr["under_review"] == "DEU"]
    assert len(germany) == 23 and set(germany["response"]) == {"noted"}


def test_every_universe_state_has_stock(bundled) -> None:
    from contract.countries import universe
    assert set(universe()["iso3"]) <= set(bundled["stock"]["iso3"])


def test_provisional_newest_value_is_skipped(bundled) -> None:
    money = bundled["remittances"].set_index("iso3")
    # The Philippines' 2022 figure is a quarter of 2021: a partial-year estimate, not a collapse.
    assert money.loc["PHL", "year"] == "2021" and money.loc["PHL", "provisional_year"] == "2022"


def test_latest_complete_rule() -> None:
    usd = pd.DataFrame({"iso3": ["AAA"] * 3 + ["BBB"] * 2, "year": ["2019", "2020", "2021", "2020", "2021"],
                        "value": [100.0, 110.0, 20.0, 50.0, 60.0]})
    gdp = pd.DataFrame({"iso3": ["AAA", "AAA", "BBB"], "year": ["2019", "2020", "2020"], "value": [5.0, 6.0, 1.0]})
    frame = latest_complete(usd, gdp).set_index("iso3")
    assert frame.loc["AAA", "year"] == "2020" and frame.loc["AAA", "provisional_year"] == "2021"
    assert frame.loc["BBB", "year"] == "2020" and frame.loc["BBB", "provisional_year"] == ""


def test_upr_duplicates_count_once(rebuilt: Path, bundled) -> None:
    files = sorted((rebuilt / UPR_DIR).glob("sessions-*.csv"))
    every = pd.concat([parse_upr_csv(p.read_bytes(), p.name) for p in files])
    assert len(every) > len(every.drop_duplicates())  # as in the real export (session 17 twice)
    upr = build_context(rebuilt).upr
    assert not upr.duplicated().any() and len(upr) == len(bundled["upr"])
    assert set(upr["year"]) <= set(range(2008, 2015))


def test_upr_reader_takes_mac_line_endings() -> None:
    data = ('To,Text,From,Response,Action,Issue,Session\rNepal,"Ratify the ICRMW",Mexico,Accepted,5,x,1\r'
            'Ghana,Caf\xe9,Peru,Noted,3,x,2\r').encode("latin-1")
    frame = parse_upr_csv(data, "s.csv")
    assert list(frame["To"]) == ["Nepal", "Ghana"] and frame["Text"][1] == "Café"


@pytest.mark.parametrize("text", [
    "Ratify the International Convention on the Protection of the Rights of All Migrant Workers and "
    "Members of Their Families",
    "Consider ratifying or acceding to: OP-ICCPR 2, ICRMW, CED",
    "Ratify the Migrant Workers Convention",
    "Consider ratifying the Convention on Migrant Workers",
])
def test_mentions_icrmw(text: str) -> None:
    assert mentions_icrmw(text)


@pytest.mark.parametrize("text", [
    "Adopt the necessary measures to prevent abuses against migrant workers",
    "Harmonize the law with the European Convention on the Legal Status of Migrant Workers",
    "Protect migrant workers, reform the kafala system and ratify ILO Convention No. 189",
])
def test_mentions_icrmw_not(text: str) -> None:
    assert not mentions_icrmw(text)


def test_bundled_facts_are_reproducible(shared: Path, tmp_path: Path) -> None:
    root = tmp_path / "data"
    assert main(["context", "--source-dir", str(shared), "--data-dir", str(root), "--facts-only"]) == 0
    for path in sorted(BUNDLED.iterdir()):
        assert (root / FOLDER / path.name).read_bytes() == path.read_bytes(), path.name


def test_rebuilt_sources_give_back_the_bundled_facts(rebuilt: Path, tmp_path: Path) -> None:
    root = tmp_path / "data"
    assert main(["context", "--source-dir", str(rebuilt), "--data-dir", str(root), "--facts-only"]) == 0
    for path in sorted(BUNDLED.glob("*.csv")):
        assert (root / FOLDER / path.name).read_bytes() == path.read_bytes(), path.name


def test_bundled_facts_carry_no_upr_text() -> None:
    header = (BUNDLED / "upr.csv").read_text(encoding="utf-8").splitlines()[0]
    assert "text" not in header.split(",")
    assert load_context(REPO / "data")["upr"].shape[0] > 500


def test_full_import_keeps_texts_and_meta(sources: Path, published) -> None:
    root, files = published
    meta = layout.read_json(root / FOLDER / "meta.json")
    assert meta["sources"][WB_USD]["vintage"] == "2023-05-10"
    assert meta["sources"][DESA_WORKBOOK]["sha256"] == store.sha256((sources / DESA_WORKBOOK).read_bytes())
    assert files["upr.csv"].splitlines()[0].endswith(b",text")


# --- each refusal: a clear message, and nothing already published is lost ------------------------

def test_refuses_workbook_with_moved_header(sources: Path, published, capsys) -> None:
    import openpyxl  # here: every test worker's collection imports this module

    book = openpyxl.load_workbook(sources / DESA_WORKBOOK)
    book["Table 1"].insert_rows(1)
    book.save(sources / DESA_WORKBOOK)
    _refused(sources, *published, capsys, DESA_WORKBOOK, "Table 1", "row 11", "row 12")


def test_refuses_workbook_with_unknown_country_code(sources: Path, published, capsys) -> None:
    import openpyxl  # here: every test worker's collection imports this module

    book = openpyxl.load_workbook(sources / DESA_WORKBOOK)
    sheet = book["Table 1"]
    row = next(r for r in sheet.iter_rows() if r[3].value == 524)  # Nepal
    row[1].value, row[3].value = "Atlantis", 999
    book.save(sources / DESA_WORKBOOK)
    _refused(sources, *published, capsys, DESA_WORKBOOK, "'Atlantis'", "M49 999", "m49.csv")


def test_refuses_truncated_workbook(sources: Path, published, capsys) -> None:
    path = sources / DESA_WORKBOOK
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    _refused(sources, *published, capsys, DESA_WORKBOOK, "truncated")


def test_refuses_truncated_world_bank_file(sources: Path, published, capsys) -> None:
    path = sources / WB_GDP
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    _refused(sources, *published, capsys, WB_GDP, "truncated")


def test_refuses_truncated_tidy_extract(sources: Path, published, capsys) -> None:
    path = sources / DESA_TIDY
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    _refused(sources, *published, capsys, DESA_TIDY, "truncated")


def test_refuses_truncated_upr_export(sources: Path, published, capsys) -> None:
    path = sources / UPR_DIR / UNIX_FILE
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    _refused(sources, *published, capsys, UNIX_FILE, "truncated")


def test_refuses_unknown_upr_state_name(sources: Path, published, capsys) -> None:
    path = sources / UPR_DIR / MAC_FILE
    extra = '\rAtlantis,Asia,,"Ratify the ICRMW",Mexico,GRULAC,,Accepted,5,Migrants,3'
    path.write_bytes(path.read_bytes().rstrip(b"\r") + extra.encode("latin-1"))
    _refused(sources, *published, capsys, "Atlantis", UPR_DIR, "context_names.csv")


def _wb_workbook(path: Path, *, stamp: bool = True, code: str = "NPL", region: str = "South Asia") -> None:
    """A small World Bank-style download: stamp rows, a blank, the header on row 4, and metadata."""
    import openpyxl  # here: every test worker's collection imports this module

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Data"
    sheet.append(["Data Source", "World Development Indicators"])
    sheet.append(["Last Updated Date", "2023-05-10"] if stamp else ["", ""])
    sheet.append([])
    sheet.append(["Country Name", "Country Code", "Indicator Name", "Indicator Code", "2020", "2021"])
    sheet.append(["Somewhere", code, "Personal remittances, received (current US$)", "BX.TRF.PWKR.CD.DT",
                  8.1e9, 8.2e9])
    meta = book.create_sheet("Metadata - Countries")
    meta.append(["Country Code", "Region", "IncomeGroup", "SpecialNotes", "TableName"])
    meta.append([code, region, "Lower middle income", "", "Somewhere"])
    book.save(path)


def test_refuses_world_bank_file_without_last_updated_date(sources: Path, published, capsys) -> None:
    _wb_workbook(sources / WB_USD, stamp=False)
    _refused(sources, *published, capsys, WB_USD, "Last Updated Date")


def test_refuses_unknown_world_bank_code(sources: Path, published, capsys) -> None:
    _wb_workbook(sources / WB_USD, code="ZZZ")
    _refused(sources, *published, capsys, WB_USD, "'ZZZ'", "context_names.csv")


def test_small_world_bank_file_reads(tmp_path: Path) -> None:
    _wb_workbook(tmp_path / "wb.xlsx")
    indicator = parse_wb_indicator((tmp_path / "wb.xlsx").read_bytes(), "wb.xlsx")
    assert indicator.last_updated == "2023-05-10" and len(indicator.values) == 2


def test_reader_error_names_file_cause_and_next_step() -> None:
    with pytest.raises(LayoutChanged) as caught:
        parse_desa_workbook(b"not a workbook", "book.xlsx")
    text = str(caught.value)
    assert "book.xlsx" in text and "truncated" in text and "PROVENANCE.md" in text


def test_missing_source_dir_is_usage_error(tmp_path: Path, capsys) -> None:
    assert main(["context", "--source-dir", str(tmp_path / "nowhere"), "--data-dir", str(tmp_path)]) == 2
    assert "--source-dir" in capsys.readouterr().err


def test_locked_data_dir_is_refused(sources: Path, tmp_path: Path, capsys) -> None:
    root = tmp_path / "data"
    with store.refresh_lock(root):
        assert main(["context", "--source-dir", str(sources), "--data-dir", str(root)]) == 1
    assert "locked" in capsys.readouterr().err
    assert not (root / FOLDER).exists()


def test_every_option_is_in_the_readme() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for option in ("--source-dir", "--data-dir", "--facts-only", "--from-web", "--url", "--pause"):
        assert f"`{option}" in readme[readme.index("python -m monitor context"):], option
