"""The registry of tracked treaties (data/treaties.csv), shipped with the code."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd

from monitor.model import check_treaty_id

TREATIES_CSV = Path(__file__).resolve().parent.parent / "data" / "treaties.csv"
COLUMNS = ["id", "short_name", "title", "group", "interstate_article", "individual_article",
           "individual_threshold"]


@lru_cache(maxsize=1)
def load_treaties() -> pd.DataFrame:
    """All tracked treaties, in registry order."""
    frame = pd.read_csv(TREATIES_CSV, dtype=str, keep_default_na=False)
    for treaty_id in frame["id"]:
        check_treaty_id(treaty_id)
    return frame


def tracked_ids() -> list[str]:
    """Ids a refresh with no arguments checks."""
    return list(load_treaties()["id"])


def treaty_info(treaty_id: str) -> dict[str, str]:
    """Registry row of a treaty; an unlisted id gets its id as name and no competence articles."""
    rows = load_treaties()[load_treaties()["id"] == treaty_id]
    if rows.empty:
        return {column: "" for column in COLUMNS} | {"id": treaty_id, "short_name": treaty_id}
    return rows.iloc[0].to_dict()
