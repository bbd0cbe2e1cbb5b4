"""Migration facts per State from the context tables (pure pandas; None means "no data", never 0)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from contract.countries import country_info, universe

STOCK_SOURCE = "UN DESA, International Migrant Stock 2020"
EMIGRANT_SOURCE = "UN DESA, International Migrant Stock 2020 (tidy extract, origin totals)"
REMITTANCE_SOURCE = "World Bank, World Development Indicators"
UPR_SOURCE = "UPR Info, Universal Periodic Review sessions 1-20 (2008-2014)"

TABLE_COLUMNS = ["iso3", "immigrants", "emigrants", "population", "immigrant_share", "emigrant_share",
                 "stock_year", "remittances_usd", "remittances_pct_gdp", "remittances_year",
                 "upr_received", "upr_accepted", "upr_noted"]


@dataclass(frozen=True)
class MigrationFacts:
    """One State's migration context; every field is None where the sources have no data."""

    iso3: str
    stock_year: str | None
    immigrants: int | None
    emigrants: int | None
    population: int | None
    immigrant_share: float | None  # % of the resident population
    emigrant_share: float | None  # emigrants as % of the resident population
    remittances_year: str | None
    remittances_usd: int | None
    remittances_pct_gdp: float | None
    provisional_year: str | None  # a newer remittance value skipped as provisional
    upr_sessions: tuple[int, ...] | None  # sessions the State was reviewed in; None if never
    upr_received: int | None
    upr_accepted: int | None
    upr_noted: int | None
    upr_recommenders: tuple[str, ...]  # ISO3 of the recommending States, by number of recommendations


def _value(row: pd.Series | None, column: str, kind=float):
    """A cell of the context table as kind, None where there is no data."""
    if row is None or pd.isna(row[column]):
        return None
    return kind(row[column])


def migration_facts(tables: dict[str, pd.DataFrame] | None, iso3: str,
                    table: pd.DataFrame | None = None) -> MigrationFacts:
    """The migration facts of one State (all None when the context was never imported).

    `table` is context_table(tables) when the caller already has it.
    """
    table = (context_table(tables) if table is None else table).set_index("iso3")
    row = table.loc[iso3] if iso3 in table.index else None
    provisional = sessions = None
    recommenders: tuple[str, ...] = ()
    if tables:
        money = tables["remittances"]
        provisional = next(iter(money.loc[money["iso3"] == iso3, "provisional_year"]), "") or None
        reviewed = tables["reviewed"]
        listed = reviewed.loc[reviewed["iso3"] == iso3, "sessions"]
        sessions = tuple(int(x) for x in listed.iloc[0].split(";")) if len(listed) else None
        upr = tables["upr"]
        counts = upr.loc[(upr["under_review"] == iso3) & (upr["recommending"] != ""), "recommending"].value_counts()
        recommenders = tuple(sorted(counts.index, key=lambda code: (-counts[code], code)))
    return MigrationFacts(
        iso3=iso3, stock_year=_value(row, "stock_year", str),
        immigrants=_value(row, "immigrants", int), emigrants=_value(row, "emigrants", int),
        population=_value(row, "population", int),
        immigrant_share=_value(row, "immigrant_share"), emigrant_share=_value(row, "emigrant_share"),
        remittances_year=_value(row, "remittances_year", str),
        remittances_usd=_value(row, "remittances_usd", int),
        remittances_pct_gdp=_value(row, "remittances_pct_gdp"), provisional_year=provisional,
        upr_sessions=sessions, upr_received=_value(row, "upr_received", int),
        upr_accepted=_value(row, "upr_accepted", int), upr_noted=_value(row, "upr_noted", int),
        upr_recommenders=recommenders,
    )


def upr_recommendations(tables: dict[str, pd.DataFrame] | None, iso3: str) -> pd.DataFrame:
    """The recommendations on the Convention a State received: year, session, recommending State, response, text."""
    columns = ["year", "session", "recommending", "response", "text"]
    if not tables or "upr" not in tables:
        return pd.DataFrame(columns=columns)
    upr = tables["upr"]
    upr = upr[upr["under_review"] == iso3].copy()
    upr["recommending"] = upr["recommending"].map(_display_name)
    if "text" not in upr.columns:  # the bundled facts carry no UN wording
        upr["text"] = ""
    upr = upr.assign(session_number=upr["session"].astype(int))
    return upr.sort_values(["session_number", "recommending"])[columns].reset_index(drop=True)


def _display_name(iso3: str) -> str:
    """A State's display name; the UPR's unrecorded author and source-only codes read as such."""
    if not iso3:
        return "(not recorded)"
    try:
        return country_info(iso3)["display_name"]
    except KeyError:
        return iso3


def context_table(tables: dict[str, pd.DataFrame] | None) -> pd.DataFrame:
    """One row per State that can join a treaty with its migration facts (NaN = no data, never 0)."""
    frame = universe()[["iso3"]].copy()
    if not tables:
        return frame.reindex(columns=TABLE_COLUMNS)
    stock = tables["stock"].set_index("iso3")
    for column in ("immigrants", "emigrants", "population"):
        frame[column] = frame["iso3"].map(pd.to_numeric(stock[column].replace("", None)))
    frame["stock_year"] = frame["iso3"].map(stock["year"])
    frame["immigrant_share"] = 100 * frame["immigrants"] / frame["population"]
    frame["emigrant_share"] = 100 * frame["emigrants"] / frame["population"]
    money = tables["remittances"].set_index("iso3")
    frame["remittances_usd"] = frame["iso3"].map(pd.to_numeric(money["usd"].replace("", None)))
    frame["remittances_pct_gdp"] = frame["iso3"].map(pd.to_numeric(money["pct_gdp"].replace("", None)))
    frame["remittances_year"] = frame["iso3"].map(money["year"])
    upr = tables["upr"]
    counts = pd.crosstab(upr["under_review"], upr["response"]).reindex(columns=["accepted", "noted"], fill_value=0)
    reviewed = frame["iso3"].isin(set(tables["reviewed"]["iso3"]))
    # A reviewed State with no recommendation on the Convention received 0; one never reviewed has no data.
    for column, values in (("upr_accepted", counts["accepted"]), ("upr_noted", counts["noted"]),
                           ("upr_received", counts.sum(axis=1))):
        frame[column] = frame["iso3"].map(values).where(~reviewed, frame["iso3"].map(values).fillna(0))
        frame.loc[~reviewed, column] = None
    return frame[TABLE_COLUMNS].reset_index(drop=True)


def facts_rows(facts: MigrationFacts, name: str) -> pd.DataFrame:
    """One State's migration facts as rows of fact, value, year and source (for a CSV)."""
    rows = [
        ("immigrants", facts.immigrants, facts.stock_year, STOCK_SOURCE + ", Table 1"),
        ("immigrants_pct_of_population", _rounded(facts.immigrant_share), facts.stock_year, STOCK_SOURCE),
        ("emigrants", facts.emigrants, facts.stock_year, EMIGRANT_SOURCE),
        ("emigrants_pct_of_population", _rounded(facts.emigrant_share), facts.stock_year, EMIGRANT_SOURCE),
        ("population", facts.population, facts.stock_year, STOCK_SOURCE + ", Table 2"),
        ("remittances_received_usd", facts.remittances_usd, facts.remittances_year, REMITTANCE_SOURCE),
        ("remittances_received_pct_gdp", _rounded(facts.remittances_pct_gdp), facts.remittances_year,
         REMITTANCE_SOURCE),
        ("upr_recommendations_received", facts.upr_received, "2008-2014", UPR_SOURCE),
        ("upr_recommendations_accepted", facts.upr_accepted, "2008-2014", UPR_SOURCE),
        ("upr_recommendations_noted", facts.upr_noted, "2008-2014", UPR_SOURCE),
    ]
    frame = pd.DataFrame(rows, columns=["fact", "value", "year", "source"], dtype=object)
    frame.insert(0, "iso3", facts.iso3)
    frame.insert(0, "country", name)
    frame["value"] = pd.Series(["no data" if v is None else str(v) for _, v, _, _ in rows], dtype=object)
    frame["year"] = ["" if y is None else y for y in frame["year"]]
    return frame


def _rounded(value: float | None) -> float | None:
    """A percentage to two decimals, None kept."""
    return None if value is None else round(value, 2)


def pattern_frame(context: pd.DataFrame, status_table: pd.DataFrame) -> pd.DataFrame:
    """States with both shares, their name and treaty status: the origin/destination picture's points."""
    states = status_table[["iso3", "name", "status"]].drop_duplicates("iso3")
    frame = context.merge(states, on="iso3", how="inner")
    frame = frame.dropna(subset=["emigrant_share", "immigrant_share"])
    frame = frame[(frame["emigrant_share"] > 0) & (frame["immigrant_share"] > 0)]
    return frame[["iso3", "name", "status", "emigrant_share", "immigrant_share", "emigrants", "immigrants"]] \
        .reset_index(drop=True)


def pattern_summary(points: pd.DataFrame, party_statuses: tuple[str, ...], top: int = 10) -> dict:
    """Median shares of parties and of the others, and how many of the largest destinations are party."""
    party = points["status"].isin(party_statuses)
    largest = points.nlargest(top, "immigrants")
    return {
        "party_emigrant_median": float(points.loc[party, "emigrant_share"].median()),
        "other_emigrant_median": float(points.loc[~party, "emigrant_share"].median()),
        "party_immigrant_median": float(points.loc[party, "immigrant_share"].median()),
        "other_immigrant_median": float(points.loc[~party, "immigrant_share"].median()),
        "top": top, "top_parties": int(largest["status"].isin(party_statuses).sum()),
        "top_names": list(largest["name"]),
    }
