"""Pure readers of the migration-context sources: UN DESA migrant stock, World Bank remittances, UPR Info.

Each `parse_*` takes the file's bytes and its name (for messages) and returns a plain frame; nothing
here opens files or looks names up. Every quirk of a source is handled here, with a comment saying why.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

import pandas as pd
from python_calamine import CalamineError

from contract.errors import LayoutChanged

CONTEXT_HINT = ("Nothing was changed. Check that the file is the one PROVENANCE.md describes, downloaded in "
                "full; if the publisher changed its layout, save it and open an issue.")

# UN DESA, International Migrant Stock 2020: header at row index 10 of each table sheet.
DESA_HEADER_ROW = 10
DESA_HEADER = ["Region, development group, country or area", "Notes", "Location code", "Type of data"]
DESA_MISSING = ".."  # UN DESA's mark for "no estimate"

TIDY_COLUMNS = ["alpha3", "name", "country_code", "year", "fb", "pop", "disp"]

# World Bank WDI Excel download: two lines of metadata, a blank line, then the header on row 4.
WB_HEADER_ROW = 3
WB_HEADER = ["Country Name", "Country Code", "Indicator Name", "Indicator Code"]

UPR_COLUMNS = ["To", "Text", "From", "Response", "Action", "Issue", "Session"]
UPR_RESPONSES = ("Accepted", "Noted")

# The Convention's abbreviations as recommending States write them.
_ABBREVIATIONS = re.compile(r"\b(?:ICRMW|ICMW|MWC|ICPMW|ICPRMW|CMW|ICMRW|ICPRAMW)\b")
# "the Migrant Workers Convention", or a worker-and-families wording only this Convention uses.
_OWN_WORDING = re.compile(r"migrants?\s+workers\s+convention"
                          r"|migrants?\s+workers\s+and\s+(?:the\s+)?(?:members?\s+of\s+)?their\s+famil",
                          re.IGNORECASE)
# "a convention ... migrant workers" in one clause: the Convention named loosely.
_CONVENTION_ON = re.compile(r"conventions?\b[^.;]{0,80}?\bmigrants?\s+workers", re.IGNORECASE)
# Other treaties about migrant workers that the loose wording would otherwise catch.
_OTHER_TREATIES = re.compile(r"legal\s+status|\bILO\b|\bNo\.\s*\d", re.IGNORECASE)


def _fail(source: str, cause: str) -> LayoutChanged:
    """The error every reader raises: the file, the cause, and what to do."""
    return LayoutChanged(cause, source=source, hint=CONTEXT_HINT)


def _read_sheets(data: bytes, source: str, sheets: list[str]) -> dict[str, pd.DataFrame]:
    """The named sheets of a workbook (.xls or .xlsx) as raw cells, refusing a damaged file."""
    try:
        book = pd.read_excel(io.BytesIO(data), sheet_name=None, header=None, engine="calamine")
    except (CalamineError, ValueError, OSError) as exc:
        raise _fail(source, f"cannot be opened as a workbook; it may be truncated or not an Excel file ({exc})") \
            from None
    missing = [name for name in sheets if name not in book]
    if missing:
        raise _fail(source, f"has no sheet {missing} (sheets: {list(book)})")
    return {name: book[name] for name in sheets}


def _header_cells(frame: pd.DataFrame, row: int, width: int) -> list[str]:
    """The first `width` cells of one row as stripped strings ('' for empty)."""
    if len(frame) <= row:
        return []
    return ["" if pd.isna(v) else str(v).strip() for v in frame.iloc[row, :width]]


def _find_row(frame: pd.DataFrame, text: str) -> int | None:
    """Index of the first row holding a cell equal to text, to say where a moved header went."""
    for index, row in frame.iterrows():
        if any(str(v).strip() == text for v in row if not pd.isna(v)):
            return int(index)
    return None


def _desa_table(frame: pd.DataFrame, sheet: str, source: str) -> pd.DataFrame:
    """One DESA table sheet as rows of m49, name, type of data and the both-sexes year columns."""
    width = 1 + len(DESA_HEADER)  # column 0 holds the row number
    if _header_cells(frame, DESA_HEADER_ROW, width)[1:] != DESA_HEADER:
        found = _find_row(frame, "Location code")
        where = f"row {found + 1}" if found is not None else "nowhere"
        raise _fail(source, f"sheet '{sheet}': the header row ('Location code', ...) is expected on row "
                            f"{DESA_HEADER_ROW + 1} but is {where}")
    header = frame.iloc[DESA_HEADER_ROW].tolist()
    years: dict[int, int] = {}
    for position, cell in enumerate(header[width:], start=width):
        try:
            year = int(float(cell))
        except (TypeError, ValueError):
            break
        if year in years:  # the male and female blocks repeat the years: keep both sexes only
            break
        years[year] = position
    if not years:
        raise _fail(source, f"sheet '{sheet}': no year columns after 'Type of data'")
    body = frame.iloc[DESA_HEADER_ROW + 1:]
    body = body[body[3].notna()]
    table = pd.DataFrame({
        "m49": pd.to_numeric(body[3], errors="coerce"),
        "name": body[1].astype(str).str.strip().str.rstrip("*").str.strip(),
        "type": body[4].fillna("").astype(str).str.strip(),
    })
    if table["m49"].isna().any():
        bad = body[3][table["m49"].isna()].iloc[0]
        raise _fail(source, f"sheet '{sheet}': the location code {bad!r} is not a number")
    for year, position in years.items():
        table[str(year)] = body[position].replace(DESA_MISSING, pd.NA)
    table["m49"] = table["m49"].astype(int)
    return table.reset_index(drop=True)


@dataclass(frozen=True)
class DesaStock:
    """UN DESA's 2020 migrant stock by destination: Table 1 (people) and Table 2 (population, thousands)."""

    year: str
    immigrants: pd.DataFrame  # m49, name, type, <years>
    population: pd.DataFrame  # m49, name, type, <years> (thousands)


def parse_desa_workbook(data: bytes, source: str) -> DesaStock:
    """Read the official 'International Migrant Stock 2020: by destination' workbook as published."""
    sheets = _read_sheets(data, source, ["Table 1", "Table 2"])
    immigrants = _desa_table(sheets["Table 1"], "Table 1", source)
    population = _desa_table(sheets["Table 2"], "Table 2", source)
    year = [c for c in immigrants.columns if c.isdigit()][-1]
    if year not in population.columns:
        raise _fail(source, f"Table 2 has no column for {year}, the last year of Table 1")
    if len(immigrants) < 200:  # the release covers 232 countries/areas plus world and regions
        raise _fail(source, f"Table 1 has only {len(immigrants)} rows; the file looks truncated")
    return DesaStock(year, immigrants, population)


def parse_desa_tidy(data: bytes, source: str) -> pd.DataFrame:
    """Read the tidy extract (one row per area and year): iso3, m49, name, year, immigrants, population, emigrants."""
    try:
        frame = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False, encoding="utf-8")
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise _fail(source, f"cannot be read as a UTF-8 CSV ({exc})") from None
    missing = [c for c in TIDY_COLUMNS if c not in frame.columns]
    if missing:
        raise _fail(source, f"lacks the columns {missing}")
    # A cut-short file leaves empty cells in its last line; 'NA' and '~' are the extract's "no estimate".
    empty = (frame[TIDY_COLUMNS] == "").any(axis=1)
    if empty.any():
        row = int(empty.idxmax()) + 2  # +1 for the header, +1 for counting from 1
        raise _fail(source, f"line {row} has empty cells; the file may be truncated")
    numbers = frame[["country_code", "year", "fb", "pop", "disp"]].apply(
        lambda column: pd.to_numeric(column.replace({"NA": None, "~": None}), errors="coerce"))
    if numbers[["country_code", "year"]].isna().any().any():
        raise _fail(source, "has a row without a numeric country_code or year")
    years = numbers.groupby("country_code")["year"].nunique()
    if years.nunique() != 1:  # every area has the same years; fewer for the last one means a cut file
        short = int(years.idxmin())
        raise _fail(source, f"area {short} has {years.min()} years but others have {years.max()}; "
                            "the file may be truncated")
    # The extract writes Channel Islands' missing ISO code as 'NA': keep it as text, map it by M49 later.
    return pd.DataFrame({
        "iso3": frame["alpha3"], "m49": numbers["country_code"].astype(int),
        "name": frame["name"].str.strip().str.rstrip("*").str.strip(),
        "year": numbers["year"].astype(int).astype(str),
        "immigrants": numbers["fb"].round().astype("Int64"),
        "population": numbers["pop"].round().astype("Int64"),
        "emigrants": numbers["disp"].round().astype("Int64"),
    })


@dataclass(frozen=True)
class WbIndicator:
    """One World Bank indicator download: its code, name, update date and long values."""

    code: str
    name: str
    last_updated: str  # ISO date
    values: pd.DataFrame  # iso3, name, year, value (non-empty values only)
    aggregates: frozenset[str]  # codes of regions and income groups (no Region in the metadata sheet)


def parse_wb_indicator(data: bytes, source: str) -> WbIndicator:
    """Read a World Bank indicator Excel download (sheets 'Data' and 'Metadata - Countries')."""
    sheets = _read_sheets(data, source, ["Data", "Metadata - Countries"])
    raw = sheets["Data"]
    stamp = raw.index[raw[0].astype(str).str.strip() == "Last Updated Date"]
    if len(stamp) == 0 or pd.isna(raw.iloc[stamp[0], 1]):
        raise _fail(source, "has no 'Last Updated Date' above the table, so its vintage is unknown")
    try:
        last_updated = pd.Timestamp(raw.iloc[stamp[0], 1]).date().isoformat()
    except (TypeError, ValueError):
        raise _fail(source, f"'Last Updated Date' is not a date ({raw.iloc[stamp[0], 1]!r})") from None
    if _header_cells(raw, WB_HEADER_ROW, len(WB_HEADER)) != WB_HEADER:
        found = _find_row(raw, "Country Code")
        where = f"row {found + 1}" if found is not None else "nowhere"
        raise _fail(source, f"sheet 'Data': the header row ('Country Name', 'Country Code', ...) is expected "
                            f"on row {WB_HEADER_ROW + 1} but is {where}")
    header = raw.iloc[WB_HEADER_ROW].tolist()
    year_columns = {position: str(int(float(cell))) for position, cell in enumerate(header)
                    if position >= len(WB_HEADER) and not pd.isna(cell)}
    body = raw.iloc[WB_HEADER_ROW + 1:]
    body = body[body[1].notna()]
    codes = body[3].dropna().astype(str).str.strip().unique().tolist()
    if len(codes) != 1:
        raise _fail(source, f"holds {len(codes)} indicator codes ({codes[:3]}); expected exactly one")
    wide = body[[0, 1, *year_columns]].rename(columns={0: "name", 1: "iso3", **year_columns})
    values = wide.melt(id_vars=["iso3", "name"], var_name="year", value_name="value").dropna(subset=["value"])
    values["value"] = pd.to_numeric(values["value"], errors="coerce")
    if values["value"].isna().any():
        raise _fail(source, "has a non-numeric value in the year columns")
    meta = sheets["Metadata - Countries"]
    if _header_cells(meta, 0, 2) != ["Country Code", "Region"]:
        raise _fail(source, "sheet 'Metadata - Countries' does not start with 'Country Code', 'Region'")
    meta = meta.iloc[1:]
    aggregates = frozenset(meta.loc[meta[1].isna(), 0].astype(str).str.strip())
    listed = set(meta[0].astype(str).str.strip())
    # The Data sheet has a 'Not classified' row (INX) that the metadata sheet leaves out.
    unclassified = set(wide.loc[wide["name"].astype(str).str.strip() == "Not classified", "iso3"].astype(str))
    aggregates |= unclassified
    unlisted = sorted(set(wide["iso3"].astype(str)) - listed - unclassified)
    if unlisted:  # e.g. a file cut short inside the metadata sheet
        raise _fail(source, f"the codes {unlisted[:5]} are missing from 'Metadata - Countries'; "
                            "the file may be truncated")
    return WbIndicator(codes[0], str(body.iloc[0, 2]).strip(), last_updated,
                       values.sort_values(["iso3", "year"], ignore_index=True), aggregates)


def parse_upr_csv(data: bytes, source: str) -> pd.DataFrame:
    """Read one UPR Info export (Latin-1; old Mac '\\r' line endings in some files) with stripped cells."""
    # The export is Latin-1; '\r' alone ends lines in some files, which pandas' C parser misreads.
    text = data.decode("latin-1").replace("\r\n", "\n").replace("\r", "\n")
    try:
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise _fail(source, f"cannot be read as a CSV ({exc}); it may be truncated") from None
    missing = [c for c in UPR_COLUMNS if c not in frame.columns]
    if missing:
        raise _fail(source, f"lacks the columns {missing}; the header row may have moved")
    frame = frame[UPR_COLUMNS].apply(lambda column: column.str.strip())
    bad = ~frame["Response"].isin(UPR_RESPONSES) | ~frame["Session"].str.fullmatch(r"\d{1,3}")
    if bad.any():
        row = int(bad.idxmax()) + 2
        raise _fail(source, f"line {row} has no valid Response/Session "
                            f"({frame.loc[bad.idxmax(), 'Response']!r}, {frame.loc[bad.idxmax(), 'Session']!r}); "
                            "the file may be truncated")
    return frame


def mentions_icrmw(text: str) -> bool:
    """True when a recommendation is about the Migrant Workers Convention (by name or abbreviation)."""
    if _ABBREVIATIONS.search(text) or _OWN_WORDING.search(text):
        return True
    return any(not _OTHER_TREATIES.search(match.group(0)) for match in _CONVENTION_ON.finditer(text))
