"""The migration-context import: read the saved sources, check them, and publish facts by ISO3 all or none."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from contract.countries import REFERENCE_DIR, load_countries, lookup_iso3
from contract.errors import DataFileError, MonitorError, UnknownParticipant, ValidationFailed
from monitor.store import layout
from monitor.store import tables as store
from monitor.store.context import (
    REMITTANCE_COLUMNS,
    REVIEWED_COLUMNS,
    STOCK_COLUMNS,
    UPR_COLUMNS,
    UPR_FACT_COLUMNS,
    publish_context,
)
from scrapers.context import (
    mentions_icrmw,
    parse_desa_tidy,
    parse_desa_workbook,
    parse_upr_csv,
    parse_wb_indicator,
)

DESA_WORKBOOK = "undesa_pd_2020_ims_stock_by_sex_and_destination.xlsx"
DESA_TIDY = "abel-stock_totals_2020.csv"
WB_USD = "wb-personal-remittances-received.xls"
WB_GDP = "wb-remittances-received-percent-gdp.xls"
UPR_DIR = "upr-info-2008-2014"
WB_USD_CODE, WB_GDP_CODE = "BX.TRF.PWKR.CD.DT", "BX.TRF.PWKR.DT.GD.ZS"

# A newest value below half the year before is taken as a provisional estimate (the World Bank
# publishes partial-year figures for some countries: one large recipient's 2022 is a quarter of 2021).
PROVISIONAL_FRACTION = 0.5

# UPR Working Group sessions 1-20 and the year each was held (OHCHR's session calendar).
UPR_SESSION_YEARS = {1: 2008, 2: 2008, 3: 2008, 4: 2009, 5: 2009, 6: 2009, 7: 2010, 8: 2010, 9: 2010,
                     10: 2011, 11: 2011, 12: 2011, 13: 2012, 14: 2012, 15: 2013, 16: 2013, 17: 2013,
                     18: 2014, 19: 2014, 20: 2014}
UPR_UNKNOWN = "(Unknown)"  # UPR Info's placeholder for a recommendation whose author it did not record

SOURCES = {
    DESA_WORKBOOK: {"publisher": "UN DESA Population Division", "title": "International Migrant Stock 2020: "
                    "by destination (Table 1 immigrants, Table 2 population)", "licence": "CC BY 3.0 IGO",
                    "url": "https://www.un.org/development/desa/pd/content/international-migrant-stock"},
    DESA_TIDY: {"publisher": "UN DESA Population Division, tidy extract by G. Abel for IOM's World Migration "
                "Report 2022", "title": "International Migrant Stock 2020, totals by country (emigrants)",
                "licence": "CC BY 3.0 IGO (UN DESA data)",
                "url": "https://github.com/guyabel/stepladderChapter"},
    WB_USD: {"publisher": "World Bank, World Development Indicators", "licence": "CC BY 4.0",
             "title": "Personal remittances, received (current US$)",
             "url": "https://data.worldbank.org/indicator/BX.TRF.PWKR.CD.DT"},
    WB_GDP: {"publisher": "World Bank, World Development Indicators", "licence": "CC BY 4.0",
             "title": "Personal remittances, received (% of GDP)",
             "url": "https://data.worldbank.org/indicator/BX.TRF.PWKR.DT.GD.ZS"},
    UPR_DIR: {"publisher": "UPR Info database export", "licence": "unclear for the texts (see README)",
              "title": "Universal Periodic Review recommendations, sessions 1-20 (2008-2014)",
              "url": "https://upr-info-database.org"},
}


@dataclass
class ContextOptions:
    """How an import runs (the CLI's options)."""

    source_dir: Path
    data_dir: Path
    facts_only: bool = False  # leave the UPR recommendation texts out (the bundled data)


@dataclass
class ContextTables:
    """The derived tables, the source digests and the summary counts."""

    stock: pd.DataFrame
    remittances: pd.DataFrame
    upr: pd.DataFrame
    reviewed: pd.DataFrame  # iso3, sessions: every State under review in the export, so 0 differs from "no data"
    sources: dict[str, dict]

    def summary(self) -> str:
        """One line for the command's output."""
        skipped = int((self.remittances["provisional_year"] != "").sum())
        return (f"context: migrant stock for {len(self.stock)} countries/areas (UN DESA, mid-2020); "
                f"remittances for {len(self.remittances)} (World Bank, updated "
                f"{self.sources[WB_USD]['vintage']}; {skipped} provisional newest values skipped); "
                f"{len(self.upr)} UPR recommendations on the Convention (sessions 1-20, 2008-2014)")


@lru_cache(maxsize=1)
def _m49_table() -> pd.DataFrame:
    """The reviewed M49 -> ISO3 table of UN DESA's countries and areas."""
    return pd.read_csv(REFERENCE_DIR / "m49.csv", dtype=str, keep_default_na=False)


@lru_cache(maxsize=1)
def _alias_index() -> dict[str, str]:
    """Reviewed spellings the context sources use that UNTC does not (UPR Info's 'Iran', 'St Lucia', ...)."""
    table = pd.read_csv(REFERENCE_DIR / "context_names.csv", dtype=str, keep_default_na=False)
    return dict(zip(table["name"], table["iso3"], strict=True))


def known_codes() -> set[str]:
    """Every ISO3 the reviewed tables know: States, DESA's areas, and source-only codes (Kosovo)."""
    return set(load_countries()["iso3"]) | set(_m49_table()["iso3"]) | set(_alias_index().values())


def name_to_iso3(name: str) -> str | None:
    """The ISO3 of a source's country name via the country table, then the reviewed aliases."""
    return lookup_iso3(name) or _alias_index().get(name.strip())


def _read(path: Path) -> bytes:
    """A source file's bytes, with a clear error when it is missing."""
    try:
        return path.read_bytes()
    except OSError as exc:
        raise DataFileError(f"cannot read the source file ({exc.strerror})", source=str(path),
                            hint="Check --source-dir: it must hold the files PROVENANCE.md lists.") from None


def build_stock(workbook: bytes, tidy: bytes, source_dir: Path) -> pd.DataFrame:
    """Immigrants and population from the official workbook, emigrants from the tidy extract, by ISO3."""
    book_source, tidy_source = str(source_dir / DESA_WORKBOOK), str(source_dir / DESA_TIDY)
    desa = parse_desa_workbook(workbook, book_source)
    m49 = _m49_table().assign(m49=lambda t: t["m49"].astype(int)).set_index("m49")
    table1 = desa.immigrants
    # A row with a type of data is a country or area; regions and income groups have none.
    unknown = table1[(table1["type"] != "") & ~table1["m49"].isin(m49.index)]
    if len(unknown):
        row = unknown.iloc[0]
        raise UnknownParticipant(f"Table 1 has the country or area {row['name']!r} (M49 {row['m49']}) that "
                                 "data/reference/m49.csv does not list", source=book_source,
                                 hint="Add its M49 code and ISO3 to data/reference/m49.csv after review, "
                                      "then run the import again.")
    year = desa.year
    # Region codes can repeat (927 is listed under two groupings); countries and areas never do.
    areas = table1[table1["m49"].isin(m49.index)].drop_duplicates("m49").set_index("m49")
    table2 = desa.population
    population = table2[table2["m49"].isin(m49.index)].drop_duplicates("m49").set_index("m49")[year]
    tidy_frame = parse_desa_tidy(tidy, tidy_source)
    tidy_year = tidy_frame[tidy_frame["year"] == year].set_index("m49")
    stranger = sorted(set(tidy_year.index) - set(m49.index))
    if stranger:
        raise UnknownParticipant(f"the extract has M49 codes {stranger[:5]} that data/reference/m49.csv "
                                 "does not list", source=tidy_source,
                                 hint="Add them to data/reference/m49.csv after review, then import again.")
    stock = pd.DataFrame({"m49": m49.index, "iso3": m49["iso3"].values, "name": m49["name"].values})
    stock["year"] = year
    stock["immigrants"] = stock["m49"].map(areas[year]).astype("Float64").round().astype("Int64")
    stock["population"] = (stock["m49"].map(population).astype("Float64") * 1000).round().astype("Int64")
    stock["emigrants"] = stock["m49"].map(tidy_year["emigrants"]).astype("Int64")
    check_stock_agrees(stock, tidy_year, tidy_source)
    return stock.sort_values("iso3", ignore_index=True)


def check_stock_agrees(stock: pd.DataFrame, tidy_year: pd.DataFrame, tidy_source: str) -> None:
    """The extract's immigrants must equal the official Table 1, else it is not the same release."""
    official = stock.set_index("m49")["immigrants"]
    extract = tidy_year["immigrants"].reindex(official.index)
    differ = official.notna() & extract.notna() & (official != extract)
    if differ.any():
        m49 = int(differ.idxmax())
        raise ValidationFailed(f"the extract's immigrants for M49 {m49} ({extract[m49]}) differ from the "
                               f"official Table 1 ({official[m49]}): it is not the same release",
                               source=tidy_source, hint="Nothing was changed. Use the extract of the same "
                                                        "UN DESA release as the workbook.")


def _check_codes(indicator, source: str) -> pd.DataFrame:
    """The indicator's values for countries only, refusing a country code no reviewed table knows."""
    values = indicator.values[~indicator.values["iso3"].isin(indicator.aggregates)]
    unknown = sorted(set(values["iso3"]) - known_codes())
    if unknown:
        name = values.loc[values["iso3"] == unknown[0], "name"].iloc[0]
        raise UnknownParticipant(f"the country code {unknown[0]!r} ({name}) is in no reviewed table",
                                 source=source, hint="Add it to data/reference/context_names.csv after "
                                                     "review, then run the import again.")
    return values


def latest_complete(usd: pd.DataFrame, gdp: pd.DataFrame) -> pd.DataFrame:
    """Per country, the newest year with a final US$ value and its % of GDP; a provisional newest value is skipped."""
    rows = []
    gdp_by = {iso3: dict(zip(g["year"], g["value"], strict=True)) for iso3, g in gdp.groupby("iso3")}
    for iso3, group in usd.groupby("iso3"):
        series = group.set_index("year")["value"].sort_index()
        provisional_year, provisional_usd = "", ""
        if len(series) >= 2 and series.iloc[-1] < PROVISIONAL_FRACTION * series.iloc[-2]:
            provisional_year, provisional_usd = series.index[-1], series.iloc[-1]
            series = series.iloc[:-1]
        shares = gdp_by.get(iso3, {})
        complete = [year for year in series.index if year in shares]
        year = complete[-1] if complete else series.index[-1]
        rows.append({"iso3": iso3, "year": year, "usd": round(float(series[year])),
                     "pct_gdp": round(float(shares[year]), 4) if year in shares else None,
                     "provisional_year": provisional_year,
                     "provisional_usd": round(float(provisional_usd)) if provisional_year else None})
    frame = pd.DataFrame(rows, columns=REMITTANCE_COLUMNS)
    return frame.astype({"usd": "Int64", "provisional_usd": "Int64"})


def build_remittances(usd_bytes: bytes, gdp_bytes: bytes, source_dir: Path) -> tuple[pd.DataFrame, str]:
    """Remittances received by country (latest complete year) and the World Bank's update date."""
    usd_source, gdp_source = str(source_dir / WB_USD), str(source_dir / WB_GDP)
    usd = parse_wb_indicator(usd_bytes, usd_source)
    gdp = parse_wb_indicator(gdp_bytes, gdp_source)
    for indicator, code, source in ((usd, WB_USD_CODE, usd_source), (gdp, WB_GDP_CODE, gdp_source)):
        if indicator.code != code:
            raise ValidationFailed(f"holds indicator {indicator.code}, expected {code}", source=source,
                                   hint="Nothing was changed. Put each World Bank download under its own name.")
    usd_values = _check_codes(usd, usd_source)
    gdp_values = _check_codes(gdp, gdp_source)
    frame = latest_complete(usd_values[usd_values["value"] > 0], gdp_values)
    return frame.sort_values("iso3", ignore_index=True), usd.last_updated


def build_upr(files: dict[str, bytes], source_dir: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The recommendations on the Convention (once each, by ISO3) and the sessions each State was reviewed in."""
    frames = [parse_upr_csv(data, str(source_dir / UPR_DIR / name)) for name, data in sorted(files.items())]
    if not frames:
        raise DataFileError("holds no sessions-*.csv file", source=str(source_dir / UPR_DIR),
                            hint="Check --source-dir: it must hold the UPR Info export files.")
    # The files are said to overlap (session 17) and hold exact duplicate rows: each recommendation counts once.
    every = pd.concat(frames, ignore_index=True).drop_duplicates(ignore_index=True)
    # An export decodes '(' and ')' as HTML entities in one placeholder.
    every["From"] = every["From"].str.replace("&#40;", "(").str.replace("&#41;", ")")
    reviewed = _reviewed(every, source_dir)
    kept = every[every["Text"].map(mentions_icrmw)].copy()
    for column in ("To", "From"):
        names = kept[column]
        codes = names.map(lambda name: "" if name == UPR_UNKNOWN else name_to_iso3(name))
        if codes.isna().any():
            raise UnknownParticipant(f"the State name {names[codes.isna()].iloc[0]!r} ({column}) is in no "
                                     "reviewed table", source=str(source_dir / UPR_DIR),
                                     hint="Add it to data/reference/context_names.csv after review, then "
                                          "run the import again.")
        kept[column] = codes
    sessions = kept["Session"].astype(int)
    unknown_sessions = sorted(set(sessions) - set(UPR_SESSION_YEARS))
    if unknown_sessions:
        raise ValidationFailed(f"has sessions {unknown_sessions} whose year this importer does not know",
                               source=str(source_dir / UPR_DIR),
                               hint="Add the sessions' years to UPR_SESSION_YEARS in monitor/refresh/context.py.")
    upr = pd.DataFrame({"session": sessions, "year": sessions.map(UPR_SESSION_YEARS),
                        "under_review": kept["To"], "recommending": kept["From"],
                        "response": kept["Response"].str.lower(), "text": kept["Text"]})
    upr = upr.sort_values(["under_review", "session", "recommending", "response", "text"], ignore_index=True)
    return upr, reviewed


def _reviewed(every: pd.DataFrame, source_dir: Path) -> pd.DataFrame:
    """Each State under review in the export and its sessions (';'-separated, ascending)."""
    codes = every["To"].map(name_to_iso3)
    if codes.isna().any():
        raise UnknownParticipant(f"the State name {every['To'][codes.isna()].iloc[0]!r} (To) is in no "
                                 "reviewed table", source=str(source_dir / UPR_DIR),
                                 hint="Add it to data/reference/context_names.csv after review, then "
                                      "run the import again.")
    pairs = pd.DataFrame({"iso3": codes, "session": every["Session"].astype(int)}).drop_duplicates()
    grouped = pairs.sort_values("session").groupby("iso3")["session"]
    return grouped.apply(lambda s: ";".join(map(str, s))).rename("sessions").reset_index()


def build_context(source_dir: Path) -> ContextTables:
    """Read and check every source; raise MonitorError naming the file on any problem."""
    raw = {name: _read(source_dir / name) for name in (DESA_WORKBOOK, DESA_TIDY, WB_USD, WB_GDP)}
    upr_files = {path.name: _read(path) for path in sorted((source_dir / UPR_DIR).glob("sessions-*.csv"))}
    stock = build_stock(raw[DESA_WORKBOOK], raw[DESA_TIDY], source_dir)
    remittances, wb_updated = build_remittances(raw[WB_USD], raw[WB_GDP], source_dir)
    upr, reviewed = build_upr(upr_files, source_dir)
    vintages = {DESA_WORKBOOK: "2020 revision (mid-2020)", DESA_TIDY: "2020 revision (mid-2020)",
                WB_USD: wb_updated, WB_GDP: wb_updated, UPR_DIR: "sessions 1-20 (2008-2014)"}
    sources = {name: SOURCES[name] | {"vintage": vintages[name], "sha256": store.sha256(data)}
               for name, data in raw.items()}
    sources[UPR_DIR] = SOURCES[UPR_DIR] | {"vintage": vintages[UPR_DIR],
                                           "sha256": {name: store.sha256(data) for name, data in upr_files.items()}}
    return ContextTables(stock, remittances, upr, reviewed, sources)


def context_files(tables: ContextTables, facts_only: bool) -> dict[str, bytes]:
    """The files of data/context/: three tables and meta.json with every source's digest and vintage."""
    upr_columns = UPR_FACT_COLUMNS if facts_only else UPR_COLUMNS
    files = {layout.STOCK_FILE: store.frame_to_csv(tables.stock, STOCK_COLUMNS),
             layout.REMITTANCES_FILE: store.frame_to_csv(tables.remittances, REMITTANCE_COLUMNS),
             layout.UPR_FILE: store.frame_to_csv(tables.upr, upr_columns),
             layout.UPR_REVIEWED_FILE: store.frame_to_csv(tables.reviewed, REVIEWED_COLUMNS)}
    meta = {"sources": tables.sources, "facts_only": facts_only,
            "files": {name: store.sha256(data) for name, data in files.items()},
            "notes": {"immigrants": "UN DESA workbook, Table 1 (both sexes, mid-2020)",
                      "population": "UN DESA workbook, Table 2 (thousands x 1000, mid-2020)",
                      "emigrants": "tidy extract (UN DESA origin-destination totals), mid-2020",
                      "remittances": "newest year with both US$ and % of GDP; a newest US$ value below "
                                     f"{PROVISIONAL_FRACTION:.0%} of the year before is taken as provisional "
                                     "and skipped",
                      "upr": "recommendations naming the Migrant Workers Convention; text left out when "
                             "facts_only is true"}}
    files[layout.META_FILE] = layout.json_bytes(meta)
    return files


def run_context(options: ContextOptions) -> ContextTables:
    """Import the context into the data directory's context folder under its lock; all files or none."""
    with store.refresh_lock(options.data_dir) as log:
        try:
            tables = build_context(options.source_dir)
        except MonitorError as exc:
            log.write(f"{layout.now_utc()}\tcontext\tfailed\t{' '.join(str(exc).split())}\n")
            raise
        publish_context(options.data_dir, context_files(tables, options.facts_only), log, tables.summary())
    return tables
