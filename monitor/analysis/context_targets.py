"""Migration-context factors for the lobbying targets (pure pandas; off by default).

The treaty factors rank a State by its record; these add why an advocate would push it: a country of
origin (emigrants, remittances) and what it said in the UPR. Their weights start at 0, so the default
ranking stays the treaty-based one until the reader moves them (monitor.analysis.targets scores them).
"""

from __future__ import annotations

import pandas as pd

from i18n import N_
from i18n.words import NO_DATA  # a context cell without an estimate (never 0); the pages translate it

CONTEXT_FACTORS = ("emigration", "remittances", "upr_accepted", "upr_noted")
CONTEXT_DEFAULT_WEIGHTS = dict.fromkeys(CONTEXT_FACTORS, 0.0)
# text column -> heading in the shown and downloaded table
CONTEXT_COLUMNS = {"emigrant_share_text": N_("Emigrants, share of population (%), 2020"),
                   "remittances_text": N_("Remittances, share of GDP (%), year"),
                   "upr_text": N_("UPR recommendations 2008–2014 (accepted / noted)")}


def context_factors(context: pd.DataFrame) -> pd.DataFrame:
    """Per ISO3 (from analysis.context.context_table): the four factors from 0 to 1 (NaN = no data) and their texts."""
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


def add_context_factors(targets: pd.DataFrame, context: pd.DataFrame | None) -> pd.DataFrame:
    """The targets with each context factor (0 where there is no data) and its text ("no data").

    A State without data scores 0 on a factor: it is not pushed up by what we do not know.
    """
    targets = targets.copy()
    for factor in CONTEXT_FACTORS:
        values = context[factor] if context is not None else pd.Series(dtype=float)
        targets[factor] = targets["iso3"].map(values).fillna(0.0).astype(float)
    for column in CONTEXT_COLUMNS:
        texts = context[column] if context is not None else pd.Series(dtype=str)
        targets[column] = targets["iso3"].map(texts).fillna(NO_DATA)
    return targets
