"""CSV downloads: UTF-8 with a byte-order mark, formula-safe cells, dated file names (no Streamlit).

Every page that offers the same table calls the same function here, so the bytes are identical.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

import pandas as pd

from contract.model import CHANGE_COLUMNS, DECLARATION_COLUMNS
from monitor.analysis.context import (
    REMITTANCE_SOURCE,
    STOCK_SOURCE,
    UPR_SOURCE,
    MigrationFacts,
    context_table,
    facts_rows,
)
from monitor.analysis.profile import build_country_table

BOM = "\ufeff"  # Excel reads a BOM-less CSV as the local code page and garbles "Côte d'Ivoire"
# A spreadsheet runs a cell starting with these as a formula (tab and CR too, per OWASP).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
SLUG = "icrmw"

STATUS_EXPORT_COLUMNS = {
    "name": "country", "iso3": "iso3", "un_member": "un_member", "kind": "kind", "region": "region",
    "regional_group": "un_regional_group", "status": "status", "signature_date": "signature_date",
    "signature_action": "signature_action", "consent_date": "consent_date", "consent_action": "consent_action",
    "in_force_date": "in_force_date", "withdrawn": "withdrawn", "footnotes": "footnotes",
    "participant": "untc_name",
}


@dataclass(frozen=True)
class Download:
    """A file offered for download."""

    file_name: str
    data: bytes
    mime: str = "text/csv"


def neutralise(value: object) -> str:
    """A cell as text; one starting like a formula gets a leading single quote."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if value is pd.NaT:
        return ""
    if isinstance(value, bool):
        text = "yes" if value else "no"
    elif isinstance(value, date):
        text = value.isoformat()
    else:
        text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 CSV with BOM, '\\n' line ends, every cell neutralised, no index."""
    return csv_text(csv_cells(frame))


def csv_cells(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame as the texts its CSV holds: every cell and column name neutralised (csv_text writes them)."""
    safe = pd.DataFrame({column: [neutralise(v) for v in frame[column]] for column in frame.columns},
                        columns=list(frame.columns), dtype=object)
    safe.columns = [neutralise(c) for c in frame.columns]
    return safe


def csv_text(cells: pd.DataFrame) -> bytes:
    """The CSV file of cells already neutralised (csv_cells): UTF-8 with BOM, '\\n' line ends, no index."""
    return (BOM + cells.to_csv(index=False, lineterminator="\n")).encode("utf-8")


def file_name(subject: str, as_of: date | str) -> str:
    """A dated file name such as icrmw-status-2018-01-15.csv."""
    day = as_of.isoformat() if isinstance(as_of, date) else str(as_of)
    return f"{SLUG}-{subject}-{day}.csv"


def status_download(table: pd.DataFrame, as_of: date) -> Download:
    """The full status table (one row per State) from analysis.build_country_status."""
    export = table[list(STATUS_EXPORT_COLUMNS)].rename(columns=STATUS_EXPORT_COLUMNS)
    return Download(file_name("status", as_of), csv_bytes(export))


def declarations_download(declarations: pd.DataFrame, as_of: date) -> Download:
    """The declarations, reservations and objections table, as stored."""
    return Download(file_name("declarations", as_of), csv_bytes(declarations.reindex(columns=DECLARATION_COLUMNS)))


def changes_download(changes: pd.DataFrame, as_of: date) -> Download:
    """The change log, as stored (oldest first)."""
    return Download(file_name("changes", as_of), csv_bytes(changes.reindex(columns=CHANGE_COLUMNS)))


def country_download(profile: dict, as_of: date, treaties: pd.DataFrame | None = None,
                     migration: MigrationFacts | None = None) -> Download:
    """One country's record (analysis.build_country_profile) as a flat table, with its record under the other
    tracked treaties when given (compare.build_country_treaties) and its migration context, each figure with
    its source and year ("no data" where a source has none)."""
    table = build_country_table(profile, treaties)
    if migration is not None:
        table = pd.concat([table, migration_rows(migration, profile["name"])], ignore_index=True)
    return Download(file_name(profile["iso3"], as_of), csv_bytes(table))


def migration_rows(facts: MigrationFacts, name: str) -> pd.DataFrame:
    """The migration facts as rows of the country table: item, blank date, 'value (source, year)'."""
    rows = facts_rows(facts, name)
    detail = [f"{value} ({source}, {year})" if year else f"{value} ({source})"
              for value, source, year in zip(rows["value"], rows["source"], rows["year"], strict=True)]
    return pd.DataFrame({"country": rows["country"], "iso3": rows["iso3"], "item": "Migration: " + rows["fact"],
                         "date": "", "detail": detail})


def targets_download(table: pd.DataFrame, as_of: date) -> Download:
    """The lobbying-target list exactly as shown (analysis.build_targets_table, filtered and sorted)."""
    return targets_download_of_cells(csv_cells(table), as_of)


def targets_download_of_cells(cells: pd.DataFrame, as_of: date) -> Download:
    """The same from the table's cells already neutralised (csv_cells; analysis.target_list keeps them)."""
    return Download(file_name("targets", as_of), csv_text(cells))


def matrix_download(table: pd.DataFrame, as_of: date) -> Download:
    """The country × treaty matrix exactly as shown (compare.build_matrix, filtered)."""
    return Download(file_name("treaty-matrix", as_of), csv_bytes(table))


def feed_download(feed: bytes | None) -> Download:
    """The Atom feed of the change log, as the refresh wrote it."""
    return Download("icrmw-changes.atom", feed or b"", "application/atom+xml")


def migration_download(facts: MigrationFacts, name: str) -> Download:
    """One State's migration facts as a CSV whose name carries the sources' years."""
    subject = f"{facts.iso3}-migration-undesa{facts.stock_year or '2020'}-wb{facts.remittances_year or ''}-upr2008-2014"
    return Download(f"{SLUG}-{subject}.csv", csv_bytes(facts_rows(facts, name)))


def context_download(tables: dict[str, pd.DataFrame] | None, names: dict[str, str]) -> Download:
    """Every State's migration facts, one row each, with a source-and-year column per group of facts."""
    table = context_table(tables)
    counts = ["immigrants", "emigrants", "population", "remittances_usd", "upr_received", "upr_accepted", "upr_noted"]
    for column in counts:  # whole numbers, an empty cell where there is no data
        table[column] = pd.Series(["" if pd.isna(v) else int(round(v)) for v in table[column]], dtype=object)
    table[["immigrant_share", "emigrant_share"]] = table[["immigrant_share", "emigrant_share"]].round(2)
    table.insert(0, "country", table["iso3"].map(names))
    table["stock_source"] = STOCK_SOURCE + " (emigrants: tidy extract of origin totals)"
    table["remittances_source"] = REMITTANCE_SOURCE
    table["upr_source"] = UPR_SOURCE
    return Download(f"{SLUG}-migration-context-undesa2020-wb-upr2008-2014.csv", csv_bytes(table))
