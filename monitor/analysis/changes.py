"""The change log and the latest actions, as the Changes page lists them."""

from __future__ import annotations

from datetime import date

import pandas as pd

from contract.model import parse_date
from monitor.analysis.trends import build_actions


def build_change_log(changes: pd.DataFrame, events: list[str] | None = None, start: date | None = None,
                     end: date | None = None) -> pd.DataFrame:
    """The change log newest first, optionally only some event types and detection dates."""
    log = changes.copy()
    log["detected_on"] = [parse_date(str(d)[:10], file="changes.csv") for d in log["detected_at"]]
    if events:
        log = log[log["event"].isin(events)]
    if start:
        log = log[pd.Series([d is not None and d >= start for d in log["detected_on"]], index=log.index, dtype=bool)]
    if end:
        log = log[pd.Series([d is not None and d <= end for d in log["detected_on"]], index=log.index, dtype=bool)]
    log = log.iloc[::-1].sort_values("detected_at", ascending=False, kind="stable")
    log["event"] = log["event"].str.replace("_", " ")
    return log.drop(columns=["detected_on"]).reset_index(drop=True)


def build_recent_actions(status: pd.DataFrame, limit: int = 10) -> pd.DataFrame:
    """The most recent actions by their own dates (from the status table), newest first."""
    actions = build_actions(status)
    recent = actions.sort_values(["date", "name"], ascending=[False, True]).head(limit)
    return recent[["date", "name", "iso3", "action"]].rename(
        columns={"date": "Date", "name": "Country", "iso3": "ISO3", "action": "Action"}).reset_index(drop=True)
