"""Migration-context sources rebuilt from the bundled facts, in each publisher's own layout.

The importer's checks and refusals need a source folder, not the particular files in ../shared/context:
this writes one from data/context/ so those tests run in any clone. The layouts are the ones
../shared/context/PROVENANCE.md describes (header rows, sheet names, Latin-1 and '\\r' line endings,
a duplicated session), so an import of this folder must give back the bundled facts.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from contract.countries import load_countries
from monitor.refresh.context import (
    DESA_TIDY,
    DESA_WORKBOOK,
    UPR_DIR,
    UPR_UNKNOWN,
    WB_GDP,
    WB_GDP_CODE,
    WB_USD,
    WB_USD_CODE,
    name_to_iso3,
)
from monitor.store.context import load_context
from scrapers.context import DESA_HEADER, DESA_HEADER_ROW, DESA_MISSING, WB_HEADER

if TYPE_CHECKING:
    import openpyxl

WB_UPDATED = "2023-05-10"
# The export's file names (PROVENANCE.md); the first has old Mac line endings, as in the real export.
UPR_FILES = ("sessions-1-5.csv", "sessions-6-9.csv", "sessions-10-13.csv", "sessions-14-17.csv", "sessions-17-20.csv")
MAC_FILE, UNIX_FILE = UPR_FILES[0], UPR_FILES[1]
REGION_M49 = 900  # "World": a row without a type of data, as regions are in Table 1


def _desa_sheet(book: openpyxl.Workbook, title: str, rows: list[tuple[int, str, object]]) -> None:
    """A DESA table sheet: title lines, the header on row 11, then one row per area (years 2015, 2020)."""
    sheet = book.create_sheet(title)
    sheet.append([None, f"International migrant stock 2020: {title}"])
    for _ in range(DESA_HEADER_ROW - 1):
        sheet.append([])
    sheet.append(["Index", *DESA_HEADER, 2015, 2020, 2015, 2020])  # both sexes, then male (ignored)
    sheet.append([1, "WORLD", None, REGION_M49, None, 1, 2, 1, 1])
    for index, (m49, name, value) in enumerate(rows, start=2):
        sheet.append([index, f"{name}*", None, m49, "B", value, value, DESA_MISSING, DESA_MISSING])


def write_desa_workbook(path: Path, stock: pd.DataFrame) -> None:
    """The official workbook's Table 1 (people) and Table 2 (population, thousands)."""
    import openpyxl  # here, not at the top: every test worker's collection imports this module

    book = openpyxl.Workbook()
    book.remove(book.active)
    people = [(int(r.m49), r.name, int(r.immigrants) if r.immigrants else DESA_MISSING)
              for r in stock.itertuples()]
    thousands = [(int(r.m49), r.name, int(r.population) / 1000) for r in stock.itertuples()]
    _desa_sheet(book, "Table 1", people)
    _desa_sheet(book, "Table 2", thousands)
    book.save(path)


def write_desa_tidy(path: Path, stock: pd.DataFrame) -> None:
    """The tidy extract: one row per area and year; 'NA' where there is no estimate (Channel Islands' code too)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["alpha3", "name", "country_code", "year", "fb", "pop", "fb_share", "disp"])
    for row in stock.itertuples():
        for year in (2015, 2020):
            writer.writerow([row.iso3, row.name, int(row.m49), year, row.immigrants or "NA", row.population,
                             "NA", row.emigrants or "NA"])
    path.write_text(out.getvalue(), encoding="utf-8")


def write_wb_indicator(path: Path, code: str, name: str, values: dict[tuple[str, str], float]) -> None:
    """A World Bank Excel download: stamp rows, the header on row 4, a world aggregate, and the metadata."""
    years = sorted({year for _, year in values})
    codes = sorted({iso3 for iso3, _ in values})
    import openpyxl  # here, not at the top: every test worker's collection imports this module

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Data"
    sheet.append(["Data Source", "World Development Indicators"])
    sheet.append(["Last Updated Date", WB_UPDATED])
    sheet.append([])
    sheet.append([*WB_HEADER, *years])
    sheet.append(["World", "WLD", name, code, *[1.0 for _ in years]])
    for iso3 in codes:
        sheet.append([iso3, iso3, name, code, *[values.get((iso3, year)) for year in years]])
    meta = book.create_sheet("Metadata - Countries")
    meta.append(["Country Code", "Region", "IncomeGroup", "SpecialNotes", "TableName"])
    meta.append(["WLD", None, None, "", "World"])
    for iso3 in codes:
        meta.append([iso3, "Somewhere", "Lower middle income", "", iso3])
    book.save(path)


def write_world_bank(folder: Path, money: pd.DataFrame) -> None:
    """Both indicators, holding the chosen year of each country and its provisional newest value."""
    usd, gdp = {}, {}
    for row in money.itertuples():
        usd[(row.iso3, str(row.year))] = float(row.usd)
        if row.pct_gdp:
            gdp[(row.iso3, str(row.year))] = float(row.pct_gdp)
        if row.provisional_year:  # the newest value, under half of the year before it
            usd[(row.iso3, str(row.provisional_year))] = float(row.provisional_usd)
            before = (row.iso3, str(int(row.provisional_year) - 1))
            usd.setdefault(before, 2.0 * float(row.provisional_usd) + 1)
    write_wb_indicator(folder / WB_USD, WB_USD_CODE, "Personal remittances, received (current US$)", usd)
    write_wb_indicator(folder / WB_GDP, WB_GDP_CODE, "Personal remittances, received (% of GDP)", gdp)


def upr_names(stock: pd.DataFrame) -> dict[str, str]:
    """For each code, a State name the UPR reader resolves back to it (UNTC's, else UN DESA's)."""
    candidates = [*zip(load_countries()["iso3"], load_countries()["name"], strict=True),
                  *zip(stock["iso3"], stock["name"], strict=True)]
    names: dict[str, str] = {"": UPR_UNKNOWN}
    for iso3, name in candidates:
        if iso3 not in names and name_to_iso3(name) == iso3:
            names[iso3] = name
    return names


def write_upr(folder: Path, upr: pd.DataFrame, reviewed: pd.DataFrame, names: dict[str, str]) -> None:
    """The five exports: every review with one unrelated recommendation, each fact as an ICRMW one, one duplicate."""
    header = ["To", "To-Rgrp", "To-Org", "Text", "From", "From-Rgrp", "From-Org", "Response", "Action",
              "Issue", "Session"]
    rows = []
    for row in reviewed.itertuples():
        for session in str(row.sessions).split(";"):
            rows.append([names[row.iso3], "Asia", "", "Protect the rights of women", "Mexico",
                         "GRULAC", "", "Accepted", "3", "Women", session])
    for number, row in enumerate(upr.itertuples()):  # facts alike may come from different texts
        rows.append([names[row.under_review], "Asia", "", f"Ratify the ICRMW (recommendation {number})",
                     names[row.recommending], "WEOG", "", row.response.capitalize(), "5",
                     "Migrants", str(row.session)])
    folder.mkdir()
    for index, name in enumerate(UPR_FILES):  # rows dealt out in turn; the last file repeats a row
        part = rows[index::len(UPR_FILES)] + (rows[:1] if name == UPR_FILES[-1] else [])
        out = io.StringIO()
        csv.writer(out, lineterminator="\r" if name == MAC_FILE else "\n").writerows([header, *part])
        (folder / name).write_bytes(out.getvalue().encode("latin-1", errors="replace"))


def write_sources(folder: Path, facts: Path) -> Path:
    """A complete source folder at `folder`, rebuilt from the facts bundled under `facts` (a data directory)."""
    context = load_context(facts)
    stock = context["stock"]
    folder.mkdir(parents=True)
    write_desa_workbook(folder / DESA_WORKBOOK, stock)
    write_desa_tidy(folder / DESA_TIDY, stock)
    write_world_bank(folder, context["remittances"])
    write_upr(folder / UPR_DIR, context["upr"], context["reviewed"], upr_names(stock))
    return folder
