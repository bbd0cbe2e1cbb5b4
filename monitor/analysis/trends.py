"""How the treaty grew: actions over time, cumulative parties, signature to ratification."""

from __future__ import annotations

from datetime import date

import pandas as pd

from contract.countries import UNIVERSE_KINDS
from contract.status import (
    PARTY_STATUSES,
)
from i18n.words import ACTION_WORDS
from monitor.analysis.dates import years_between
from monitor.analysis.status import ADOPTED, build_country_status


def build_actions(status: pd.DataFrame) -> pd.DataFrame:
    """Every dated action, one row each: iso3, name, region, regional_group, date, year, action, kind."""
    table = build_country_status(status)
    rows = []
    for row in table.to_dict("records"):
        for column in ("signature", "consent"):
            when = row[f"{column}_date"]
            if when:
                action = row[f"{column}_action"]
                label = ACTION_WORDS.get(action, action)
                if column == "signature" and action == "succession":
                    label = "Succession to signature"
                rows.append({"iso3": row["iso3"], "name": row["name"], "region": row["region"],
                             "regional_group": row["regional_group"], "date": when, "year": when.year,
                             "action": label, "kind": column})
    frame = pd.DataFrame(rows, columns=["iso3", "name", "region", "regional_group", "date", "year", "action",
                                        "kind"])
    return frame.sort_values(["date", "name"], ignore_index=True)


def build_cumulative_parties(status: pd.DataFrame, as_of: date) -> pd.DataFrame:
    """A step series: date and number of parties (deposits counted, withdrawn ones left out)."""
    table = build_country_status(status, as_of=as_of)
    parties = table[table["status"].isin(PARTY_STATUSES)]
    dates = sorted(parties["consent_date"])
    points = [{"date": ADOPTED, "parties": 0}]
    for index, when in enumerate(dates, start=1):
        points.append({"date": when, "parties": index})
    points.append({"date": as_of, "parties": len(dates)})
    frame = pd.DataFrame(points)
    # One point per date (several deposits can share a day): keep the day's last count.
    return frame.drop_duplicates("date", keep="last").reset_index(drop=True)


def build_actions_per_year(status: pd.DataFrame, as_of: date) -> pd.DataFrame:
    """Count of actions by year and type, with zero years filled in (year, action, count)."""
    actions = build_actions(status)
    actions = actions[actions["date"] <= as_of]
    years = range(ADOPTED.year, as_of.year + 1)
    types = list(dict.fromkeys(actions["action"])) or ["Signature"]
    grid = pd.MultiIndex.from_product([years, types], names=["year", "action"])
    counts = actions.groupby(["year", "action"]).size().reindex(grid, fill_value=0)
    return counts.rename("count").reset_index()


def build_cumulative_by(status: pd.DataFrame, column: str, as_of: date) -> pd.DataFrame:
    """A step series per value of `column` (region or regional_group): date, group, parties.

    Every group starts at 0 on the adoption date, gets a point on each deposit date of one of its
    States, and ends on `as_of`, so a step chart (line_shape "hv") is exact to the day.
    """
    table = build_country_status(status, as_of=as_of)
    parties = table[table["status"].isin(PARTY_STATUSES)]
    groups = sorted(set(table.loc[table["kind"].isin(UNIVERSE_KINDS), column]) - {""})
    rows = []
    for group in groups:
        dates = sorted(parties.loc[parties[column] == group, "consent_date"])
        rows.append({"date": ADOPTED, column: group, "parties": 0})
        rows += [{"date": when, column: group, "parties": index} for index, when in enumerate(dates, start=1)]
        rows.append({"date": as_of, column: group, "parties": len(dates)})
    frame = pd.DataFrame(rows, columns=["date", column, "parties"])
    return frame.drop_duplicates(["date", column], keep="last").reset_index(drop=True)


def build_signature_to_ratification(status: pd.DataFrame, as_of: date) -> pd.DataFrame:
    """States that signed and later ratified: name, dates and years between, longest first."""
    table = build_country_status(status, as_of=as_of)
    rows = table[(table["signature_action"] == "signature") & table["consent_date"].notna()
                 & table["status"].isin(PARTY_STATUSES)]
    frame = pd.DataFrame({
        "iso3": rows["iso3"], "name": rows["name"], "region": rows["region"],
        "signature_date": rows["signature_date"], "consent_date": rows["consent_date"],
        "years": [years_between(s, c) for s, c in zip(rows["signature_date"], rows["consent_date"], strict=True)],
    })
    return frame.sort_values(["years", "name"], ascending=[False, True], ignore_index=True)
