"""The registry of tracked treaties (data/treaties.csv), shipped with the code: read with the csv module,
so the light first page can ask for the ICRMW's articles without pandas."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from contract import REPO_DIR
from contract.ids import check_treaty_id

if TYPE_CHECKING:
    import pandas as pd

TREATIES_CSV = REPO_DIR / "data" / "treaties.csv"
COLUMNS = ["id", "short_name", "title", "group", "interstate_article", "individual_article",
           "individual_threshold"]
ICRMW = "IV-13"  # the treaty the monitor is about; every other tracked treaty is set beside it
# Art. 76(2): the inter-State procedure starts once ten States Parties have made the declaration
# (data/treaties.csv lists only the individual procedure's threshold).
ICRMW_INTERSTATE_THRESHOLD = 10


@dataclass(frozen=True)
class Articles:
    """A treaty's competence articles and how many declarations start the individual procedure."""

    interstate: str
    individual: str
    individual_threshold: int | None


@cache
def treaty_rows() -> tuple[dict[str, str], ...]:
    """All tracked treaties, in registry order, each cell a string; every id is checked."""
    with open(TREATIES_CSV, encoding="utf-8", newline="") as handle:
        rows = tuple({column: row.get(column) or "" for column in COLUMNS} for row in csv.DictReader(handle))
    for row in rows:
        check_treaty_id(row["id"])
    return rows


@lru_cache(maxsize=1)
def load_treaties() -> pd.DataFrame:
    """All tracked treaties as a frame (for the analysis), in registry order."""
    import pandas as pd

    treaty_rows()  # checks the ids
    return pd.read_csv(TREATIES_CSV, dtype=str, keep_default_na=False)


def tracked_ids() -> list[str]:
    """Ids a refresh with no arguments checks."""
    return [row["id"] for row in treaty_rows()]


def treaty_info(treaty_id: str) -> dict[str, str]:
    """Registry row of a treaty; an unlisted id gets its id as name and no competence articles."""
    for row in treaty_rows():
        if row["id"] == treaty_id:
            return dict(row)
    return {column: "" for column in COLUMNS} | {"id": treaty_id, "short_name": treaty_id}


def articles(treaty_id: str = ICRMW) -> Articles:
    """The competence articles of a treaty as the registry lists them (the ICRMW: 76, 77 and 10)."""
    info = treaty_info(treaty_id)
    threshold = info["individual_threshold"]
    return Articles(info["interstate_article"], info["individual_article"], int(threshold) if threshold else None)
