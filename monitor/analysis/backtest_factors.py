"""The targets' factors from the other treaties as they stood on a past day (for the backtest).

analysis.targets.build_target_factors counts today's parties; here each party and each acceptance of
a complaints procedure keeps its date, so the same shares can be counted on any day without building
every treaty's status table again: a State counts from the day its consent (or its declaration) was
deposited. An undated declaration was made with the consent, so it counts from the consent's date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from contract.model import DECLARATION_COLUMNS
from contract.status import PARTY_STATUSES
from contract.treaties import ICRMW
from monitor.analysis.status import build_country_status, competence_states
from monitor.analysis.targets import TREATY_FACTORS, count_text
from monitor.analysis.treaties import TreatySet, complaint_procedures, state_rows

Dates = dict[str, date]  # iso3 -> the day from which it counts


@dataclass(frozen=True)
class TreatyDates:
    """Per treaty factor: one map of dated entries per loaded treaty (or complaints procedure)."""

    codes: tuple[str, ...]  # the 197 States, in name order
    entries: dict[str, tuple[Dates, ...]]  # factor -> one map per loaded treaty or procedure

    @classmethod
    def build(cls, treaties: TreatySet) -> TreatyDates:
        """The dated parties and acceptances of every loaded treaty that a factor counts."""
        counted = {*treaties.loaded_ids("core"), *treaties.loaded_ids("complaints"), *treaties.loaded_ids("palermo")}
        since = {t: party_since(s) for t, s in treaties.status.items() if t in counted and t != ICRMW}
        core = tuple(since[t] for t in treaties.loaded_ids("core") if t != ICRMW)
        palermo = tuple(since[t] for t in treaties.loaded_ids("palermo"))
        complaints = []
        for procedure in complaint_procedures(treaties):
            if not procedure["loaded"]:
                continue
            if procedure["kind"] == "protocol":
                complaints.append(since[procedure["id"]])
            else:
                declarations = treaties.declarations.get(procedure["id"], pd.DataFrame(columns=DECLARATION_COLUMNS))
                complaints.append(declared_since(declarations, procedure["article"], since[procedure["id"]]))
        return cls(codes=tuple(state_rows()["iso3"]),
                   entries={"core": core, "complaints": tuple(complaints), "palermo": palermo})


def party_since(status: pd.DataFrame) -> Dates:
    """Per State party today: the day of its consent (it was party from then, and not before)."""
    table = build_country_status(status)
    rows = table[table["status"].isin(PARTY_STATUSES)]
    return {c: d for c, d in zip(rows["iso3"], rows["consent_date"], strict=True) if d}


def declared_since(declarations: pd.DataFrame, article: str, parties: Dates) -> Dates:
    """Per State accepting the committee's competence under `article`: the day of its declaration."""
    found = {}
    for code, day in zip(*(competence_states(declarations, article)[c] for c in ("iso3", "date")), strict=True):
        day = day or parties.get(code)  # undated: made with the consent
        if day:
            found[code] = day
    return found


def treaty_factors_at(dates: TreatyDates, when: date) -> pd.DataFrame:
    """Like build_target_factors, counting only the parties and acceptances dated on or before `when`."""
    frame = pd.DataFrame(index=pd.Index(dates.codes, name="iso3"))
    for factor in TREATY_FACTORS:
        maps = dates.entries[factor]
        if not maps:
            frame[factor], frame[f"{factor}_text"] = float("nan"), ""
            frame[f"{factor}_count"], frame[f"{factor}_of"] = None, None
            continue
        counts = [sum(1 for m in maps if code in m and m[code] <= when) for code in dates.codes]
        frame[factor] = [n / len(maps) for n in counts]
        frame[f"{factor}_text"] = [count_text(n, len(maps)) for n in counts]
        frame[f"{factor}_count"], frame[f"{factor}_of"] = counts, len(maps)
    return frame


def context_vintages(tables: dict[str, pd.DataFrame] | None) -> dict[str, int]:
    """The year of each migration factor's figures (the newest one used), from the context tables."""
    if not tables:
        return {}
    years = {"emigration": tables.get("stock", pd.DataFrame()).get("year"),
             "remittances": tables.get("remittances", pd.DataFrame()).get("year"),
             "upr_accepted": tables.get("upr", pd.DataFrame()).get("year")}
    years["upr_noted"] = years["upr_accepted"]
    found = {}
    for factor, column in years.items():
        values = pd.to_numeric(column, errors="coerce").dropna() if column is not None else pd.Series(dtype=float)
        if len(values):
            found[factor] = int(values.max())
    return found
