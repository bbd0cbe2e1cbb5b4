"""Migration-context factors for the lobbying targets (pure pandas; off by default).

The treaty factors rank a State by its record; these add why an advocate would push it: a country of
origin (emigrants, remittances) and what it said in the UPR. They only change the score when the
user gives them a weight, so the default ranking stays the treaty-based one.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from monitor import analysis

CONTEXT_FACTORS = ("emigration", "remittances", "upr_accepted", "upr_noted")
CONTEXT_DEFAULT_WEIGHTS = {factor: 0.0 for factor in CONTEXT_FACTORS}
CONTEXT_LABELS = {
    "emigration": "Emigrants abroad",
    "remittances": "Remittances (% of GDP)",
    "upr_accepted": "Accepted a UPR recommendation",
    "upr_noted": "Noted a UPR recommendation",
}
CONTEXT_HELP = {
    "emigration": "Emigrants as a share of the resident population (UN DESA, mid-2020), as a percentile among "
                  "all States: 1 for the highest share, 0 for the lowest. A country of origin.",
    "remittances": "Personal remittances received as % of GDP (World Bank, latest complete year), as a "
                   "percentile among all States.",
    "upr_accepted": "1 if the State accepted at least one UPR recommendation (2008–2014) to join or consider "
                    "this Convention: a commitment it made.",
    "upr_noted": "1 if the State noted (did not accept) at least one such recommendation: it has been asked "
                 "before.",
}
CONTEXT_COLUMNS = {"emigrant_share_text": "Emigrants (% of population, 2020)",
                   "remittances_text": "Remittances (% of GDP, year)",
                   "upr_text": "UPR recommendations 2008–2014 (accepted / noted)"}
NO_DATA = "no data"


def context_factors(context: pd.DataFrame) -> pd.DataFrame:
    """Per ISO3 (from context_facts.context_table): the four factors from 0 to 1 (NaN = no data) and their texts."""
    frame = context.set_index("iso3")
    factors = pd.DataFrame(index=frame.index)
    factors["emigration"] = frame["emigrant_share"].rank(pct=True)
    factors["remittances"] = frame["remittances_pct_gdp"].rank(pct=True)
    factors["upr_accepted"] = (frame["upr_accepted"] > 0).astype(float).where(frame["upr_accepted"].notna())
    factors["upr_noted"] = (frame["upr_noted"] > 0).astype(float).where(frame["upr_noted"].notna())
    factors["emigrant_share_text"] = [NO_DATA if pd.isna(v) else f"{v:.1f}%" for v in frame["emigrant_share"]]
    factors["remittances_text"] = [NO_DATA if pd.isna(v) else f"{v:.1f}% ({y})"
                                   for v, y in zip(frame["remittances_pct_gdp"], frame["remittances_year"],
                                                   strict=True)]
    factors["upr_text"] = [NO_DATA if pd.isna(a) else f"{int(a)} / {int(n)}"
                           for a, n in zip(frame["upr_accepted"], frame["upr_noted"], strict=True)]
    return factors


def add_context(targets: pd.DataFrame, factors: pd.DataFrame | None, base_weights: Mapping[str, float],
                used: list[str], weights: Mapping[str, float] | None = None) -> pd.DataFrame:
    """The unfiltered targets (analysis.build_targets) rescored with the context factors, re-ranked.

    A State without data for a factor scores 0 on it (it is not pushed up by what we do not know); its
    text column says "no data". With every context weight at 0 the score and order are unchanged.
    """
    weights = {**CONTEXT_DEFAULT_WEIGHTS, **(weights or {})}
    targets = targets.copy()
    for factor in CONTEXT_FACTORS:
        values = factors[factor] if factors is not None else pd.Series(dtype=float)
        targets[factor] = targets["iso3"].map(values).fillna(0.0).astype(float)
    for column in CONTEXT_COLUMNS:
        texts = factors[column] if factors is not None else pd.Series(dtype=str)
        targets[column] = targets["iso3"].map(texts).fillna(NO_DATA)
    base_total = sum(max(float(base_weights[k]), 0.0) for k in used)
    extra_total = sum(max(float(weights[k]), 0.0) for k in CONTEXT_FACTORS)
    if extra_total == 0:
        return targets
    raw = targets["score"] / 100 * base_total + sum(max(float(weights[k]), 0.0) * targets[k]
                                                   for k in CONTEXT_FACTORS)
    targets["score"] = (100 * raw / (base_total + extra_total)).round(1)
    targets = targets.sort_values(["score", "name"], ascending=[False, True],
                                  key=lambda s: s.map(analysis.sort_key) if s.name == "name" else s)
    targets["rank"] = range(1, len(targets) + 1)
    return targets.reset_index(drop=True)


def filter_targets(targets: pd.DataFrame, regions: list[str] | None, groups: list[str] | None,
                   statuses: list[str] | None) -> pd.DataFrame:
    """The page's filters, applied after scoring so that a rank does not depend on them."""
    if regions:
        targets = targets[targets["region"].isin(regions)]
    if groups:
        targets = targets[targets["regional_group"].isin(groups)]
    if statuses:
        targets = targets[targets["status"].isin(statuses)]
    return targets.reset_index(drop=True)


def with_context_columns(table: pd.DataFrame, targets: pd.DataFrame) -> pd.DataFrame:
    """The shown/downloaded table (analysis.build_targets_table) with the context columns at the end.

    At the end, so the score and the treaty factors stay in view on a narrow screen.
    """
    table = table.copy()
    for column, label in CONTEXT_COLUMNS.items():
        table[label] = targets[column].to_numpy()
    return table
