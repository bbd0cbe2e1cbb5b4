"""Lobbying targets: which States are closest to joining, by a weighted score the reader can tune."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from contract.countries import UNIVERSE_KINDS, sort_key
from contract.status import (
    NO_ACTION,
    SIGNED,
)
from contract.treaties import ICRMW
from i18n import N_
from monitor.analysis.context_targets import (
    CONTEXT_COLUMNS,
    CONTEXT_DEFAULT_WEIGHTS,
    CONTEXT_FACTORS,
    add_context_factors,
)
from monitor.analysis.status import build_country_status, build_peer_counts
from monitor.analysis.treaties import (
    NOT_LOADED,
    TreatySet,
    build_complaints,
    build_core_counts,
    complaint_procedures,
    parties_of,
    state_rows,
)

# Chosen by the backtest (monitor.analysis.backtest) on the bundled data: of the weightings tried, signed and
# Palermo alone put the most States that joined within five years in the top 10 (see README, "Lobbying targets").
DEFAULT_WEIGHTS = {"signed": 1.0, "recent": 0.0, "peers": 0.0, "core": 0.0, "complaints": 0.0, "palermo": 1.0}
# Factors computed from the other tracked treaties (build_target_factors below): each is
# available only when at least one of its treaties is loaded; otherwise it is left out of the score.
TREATY_FACTORS = ("core", "complaints", "palermo")
def available_factors(factors: pd.DataFrame | None) -> list[str]:
    """The factors a score can use: the three ICRMW ones, plus each treaty factor with data."""
    extra = [f for f in TREATY_FACTORS
             if factors is not None and f in factors.columns and factors[f].notna().any()]
    return ["signed", "recent", "peers", *extra]


def weighted_scores(values: Mapping[str, np.ndarray], weights: Mapping[str, float], count: int) -> np.ndarray:
    """The priority score of `count` States, from 0 to 100 rounded to one decimal: the weighted mean of the
    factors in `values` (each from 0 to 1), summed in their order. A negative weight counts as 0; if every weight
    is 0, every score is 0. The page and the backtest score with this one function."""
    total = sum(max(float(weights[k]), 0.0) for k in values)
    if not total:
        return np.zeros(count)
    raw = sum(max(float(weights[k]), 0.0) * column for k, column in values.items())
    return np.round(100 * raw / total, 1)


@dataclass(frozen=True)
class TargetFacts:
    """The States not yet party with every factor, in name order (the ranking's tie-break): all of the targets that
    the weights do not change, computed once per version of the data. `ranked` orders them for a weighting."""

    frame: pd.DataFrame  # one row per State, the columns of build_targets but rank and score
    used: tuple[str, ...]  # the factors a score counts (analysis.targets.available_factors, plus the context's)

    def scores(self, weights: Mapping[str, float] | None = None) -> np.ndarray:
        """Every State's priority score (weighted_scores; a missing weight at its default), in the frame's order."""
        weights = {**DEFAULT_WEIGHTS, **CONTEXT_DEFAULT_WEIGHTS, **(weights or {})}
        return weighted_scores({k: self.frame[k].to_numpy(dtype=float) for k in self.used}, weights, len(self.frame))

    def ranked(self, weights: Mapping[str, float] | None = None, regions: list[str] | None = None,
               groups: list[str] | None = None, statuses: list[str] | None = None
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The rows to show, best first (their positions in the frame), with their ranks and scores.

        Highest score first; equal scores in name order. A rank counts every State not yet party: filters
        apply after ranking, so neither a rank nor a score depends on them."""
        scores = self.scores(weights)
        order = np.argsort(-scores, kind="stable")  # stable: equal scores keep the frame's name order
        ranks = np.arange(1, len(order) + 1)
        keep = np.ones(len(order), dtype=bool)
        for column, chosen in (("region", regions), ("regional_group", groups), ("status", statuses)):
            if chosen:
                keep &= self.frame[column].isin(chosen).to_numpy()[order]
        return order[keep], ranks[keep], scores[order][keep]


def target_facts(status: pd.DataFrame, as_of: date, factors: pd.DataFrame | None = None,
                 table: pd.DataFrame | None = None, context: pd.DataFrame | None = None) -> TargetFacts:
    """The States not yet party (signed or no action) and their factors, each from 0 to 1, in name order.

    `signed` is 1 for a signatory; `recent` is 1 minus the years since signature divided by the longest such
    wait (0 without a signature: the backtest found that a long wait predicts joining less, not more); `peers`
    is the share of the State's UN regional group that is already party. `factors` (indexed by iso3, from
    build_target_factors) adds `core`, `complaints` and `palermo`; one that is missing or all NaN (its
    treaties not loaded) is left out of the score and its weight ignored, rather than counted as 0.
    `context` (analysis.context_targets.context_factors) adds the migration factors. `table` is
    build_country_status(status, as_of) when the caller already has it.
    """
    table = build_country_status(status, as_of=as_of) if table is None else table
    peers = build_peer_counts(table)
    targets = table[table["status"].isin([SIGNED, NO_ACTION])
                    & table["kind"].isin(UNIVERSE_KINDS)].copy()
    days = [(as_of - d).days if d and s == SIGNED else None
            for d, s in zip(targets["signature_date"], targets["status"], strict=True)]
    targets["years_waiting"] = [round(n / 365.25, 1) if n is not None else None for n in days]
    longest = max((n for n in days if n is not None), default=0) or 1
    targets["signed"] = (targets["status"] == SIGNED).astype(float)
    targets["recent"] = [1 - n / longest if n is not None else 0.0 for n in days]
    targets["peer_parties"] = targets["regional_group"].map(peers["parties"]).fillna(0).astype(int)
    targets["peer_members"] = targets["regional_group"].map(peers["members"]).fillna(0).astype(int)
    targets["peers"] = targets["peer_parties"] / targets["peer_members"].where(targets["peer_members"] > 0, 1)
    used = available_factors(factors)
    for factor in TREATY_FACTORS:
        if factor in used:
            targets[factor] = targets["iso3"].map(factors[factor]).fillna(0.0).astype(float)
            for column in (f"{factor}_text", f"{factor}_count", f"{factor}_of"):
                targets[column] = targets["iso3"].map(factors[column])
            targets[f"{factor}_text"] = targets[f"{factor}_text"].fillna("")
        else:
            targets[factor], targets[f"{factor}_text"] = float("nan"), ""
            targets[f"{factor}_count"], targets[f"{factor}_of"] = None, None
    columns = ["iso3", "name", "status", "region", "regional_group", "signature_date", "years_waiting",
               "peer_parties", "peer_members", "signed", "recent", "peers", *TREATY_FACTORS,
               *(f"{f}_{part}" for f in TREATY_FACTORS for part in ("text", "count", "of"))]
    if context is not None:
        targets = add_context_factors(targets, context)
        used = [*used, *CONTEXT_FACTORS]
        columns += [*CONTEXT_FACTORS, *CONTEXT_COLUMNS]
    # Name order, once: the ranking sorts by score only, stably, so that equal scores stay in it.
    targets = targets.sort_values("name", key=lambda s: s.map(sort_key), kind="stable")
    return TargetFacts(frame=targets[columns].reset_index(drop=True), used=tuple(used))


def build_targets(status: pd.DataFrame, as_of: date, weights: Mapping[str, float] | None = None,
                  regions: list[str] | None = None, groups: list[str] | None = None,
                  statuses: list[str] | None = None, factors: pd.DataFrame | None = None,
                  table: pd.DataFrame | None = None, context: pd.DataFrame | None = None) -> pd.DataFrame:
    """States not yet party (signed or no action), ranked by the weighted priority score (highest first, equal
    scores by name), with their `rank` among all of them and their `score` from 0 to 100.

    The factors are target_facts'; the migration factors' weights default to 0, so that they change nothing
    until moved. Weights of 0 switch a factor off; if all are 0 every score is 0. Filters apply after
    scoring, so a score does not depend on them.
    """
    return ranked_targets(target_facts(status, as_of, factors, table, context), weights, regions, groups, statuses)


def ranked_targets(facts: TargetFacts, weights: Mapping[str, float] | None = None, regions: list[str] | None = None,
                   groups: list[str] | None = None, statuses: list[str] | None = None) -> pd.DataFrame:
    """build_targets from the facts already computed."""
    rows, ranks, scores = facts.ranked(weights, regions, groups, statuses)
    targets = facts.frame.take(rows).assign(rank=ranks, score=scores)
    context = [c for c in (*CONTEXT_FACTORS, *CONTEXT_COLUMNS) if c in targets.columns]  # last, as before
    facts_columns = [c for c in facts.frame.columns if c not in context]
    return targets[["rank", *facts_columns, "score", *context]].reset_index(drop=True)


TARGET_COLUMNS = {
    "rank": N_("Rank"), "name": N_("Country"), "score": N_("Priority score"), "status": N_("Status"),
    "years_waiting": N_("Years waiting"), "peers_text": N_("Group peers already party"),
    "regional_group": N_("UN regional group"), "signature_date": N_("Signed on"), "region": N_("Region"),
    "iso3": N_("ISO3"),
}


TREATY_FACTOR_COLUMNS = {"core": N_("Other core treaties ratified"),
                         "complaints": N_("Complaints accepted elsewhere"),
                         "palermo": N_("Palermo protocols ratified")}


COUNT_WORDS = N_("%(count)s of %(total)s")  # a count among a group: '21 of 54'


def count_text(count: object, total: object, say: Callable[[str], str] = str) -> str:
    """'21 of 54' in English, or in the page's language with its gettext as `say` ('' without a count)."""
    if count is None or total is None or pd.isna(count) or pd.isna(total):
        return ""
    return say(COUNT_WORDS) % {"count": int(count), "total": int(total)}


def build_targets_table(targets: pd.DataFrame, factors: list[str] | None = None,
                        say: Callable[[str], str] = str) -> pd.DataFrame:
    """The targets as shown and downloaded: readable column names, peers as 'N of M (P%)'.

    Each treaty factor in `factors` (default: those with data in `targets`) adds its 'N of M'
    column (M: its treaties loaded); one without data is left out rather than shown as zeros. The counts
    are in English (the download); a page passes its gettext as `say` for the table it shows.
    """
    shown = targets.copy()
    shown["peers_text"] = [f"{count_text(p, m, say)} ({round(100 * p / m) if m else 0}%)"
                           for p, m in zip(shown["peer_parties"], shown["peer_members"], strict=True)]
    if factors is None:
        factors = [f for f in TREATY_FACTORS if f in shown.columns and shown[f].notna().any()]
    for factor in factors:
        if say is not str and f"{factor}_count" in shown.columns:
            shown[f"{factor}_text"] = [count_text(n, of, say) for n, of in
                                       zip(shown[f"{factor}_count"], shown[f"{factor}_of"], strict=True)]
    extra = {f"{f}_text": TREATY_FACTOR_COLUMNS[f] for f in TREATY_FACTORS if f in factors}
    # Next to the other factors, so what moves the score is in view without scrolling sideways.
    columns = list(TARGET_COLUMNS)
    columns[columns.index("peers_text") + 1:columns.index("peers_text") + 1] = list(extra)
    # The migration context at the end, so the score and the treaty factors stay in view on a phone.
    context = {c: label for c, label in CONTEXT_COLUMNS.items() if c in shown.columns}
    return shown[columns + list(context)].rename(columns=TARGET_COLUMNS | extra | context)


# --- Factors from the other treaties ----------------------------------------------------------

FACTOR_GROUPS = {"core": "other core human rights treaties", "complaints": "other complaints procedures",
                 "palermo": "Palermo protocols"}


def factor_coverage(treaties: TreatySet) -> dict[str, dict]:
    """Per treaty factor: how many of its treaties (or procedures) are loaded, of how many."""
    others = [t for t in treaties.ids("core") if t != ICRMW]
    procedures = complaint_procedures(treaties)
    palermo = treaties.ids("palermo")
    counts = {
        "core": (sum(1 for t in others if t in treaties.status), len(others)),
        "complaints": (sum(1 for p in procedures if p["loaded"]), len(procedures)),
        "palermo": (sum(1 for t in palermo if t in treaties.status), len(palermo)),
    }
    missing = {
        "core": [treaties.short(t) for t in others if t not in treaties.status],
        "complaints": [p["label"] for p in procedures if not p["loaded"]],
        "palermo": [treaties.short(t) for t in palermo if t not in treaties.status],
    }
    return {factor: {"loaded": loaded, "total": total, "available": loaded > 0, "missing": missing[factor],
                     "text": f"{loaded} of {total} {FACTOR_GROUPS[factor]} loaded"}
            for factor, (loaded, total) in counts.items()}


def build_target_factors(treaties: TreatySet) -> pd.DataFrame:
    """Per State (index iso3), each treaty factor from 0 to 1 over the loaded treaties only.

    `core`: share of the other loaded core treaties it is party to; `complaints`: share of the
    loaded complaints procedures it accepts; `palermo`: share of the loaded Palermo protocols it is
    party to. A factor none of whose treaties is loaded is NaN (unavailable), never 0. The
    `<factor>_text` columns say 'N of M' for the table (`<factor>_count` and `<factor>_of` hold N and M).
    """
    cover = factor_coverage(treaties)
    core = build_core_counts(treaties).set_index("iso3")
    icrmw_name = treaties.short(ICRMW) if ICRMW in treaties.ids() else ""
    complaints = build_complaints(treaties).set_index("iso3")
    palermo_ids = treaties.loaded_ids("palermo")
    palermo_parties = [parties_of(treaties, t) or set() for t in palermo_ids]
    frame = pd.DataFrame(index=state_rows()["iso3"])
    other_core = [len([n for n in r if n != icrmw_name]) for r in core.loc[frame.index, "ratified"]]
    palermo = [sum(1 for p in palermo_parties if code in p) for code in frame.index]
    for factor, counts in (("core", other_core), ("complaints", list(complaints.loc[frame.index, "accepted"])),
                           ("palermo", palermo)):
        loaded = cover[factor]["loaded"]
        if loaded:
            frame[factor] = [n / loaded for n in counts]
            frame[f"{factor}_text"] = [count_text(n, loaded) for n in counts]
            frame[f"{factor}_count"], frame[f"{factor}_of"] = counts, loaded
        else:
            frame[factor] = float("nan")
            frame[f"{factor}_text"] = NOT_LOADED
            frame[f"{factor}_count"], frame[f"{factor}_of"] = None, None
    return frame


def sort_targets(table: pd.DataFrame, columns: list[str], ascending: list[bool]) -> pd.DataFrame:
    """The targets table sorted by its columns (countries by name, the CLDR way); the download follows it."""
    return table.take(sort_order(table, columns, ascending)).reset_index(drop=True)


def sort_order(table: pd.DataFrame, columns: list[str], ascending: list[bool]) -> np.ndarray:
    """The positions of the table's rows in sort_targets' order (stable: equal rows keep their order)."""
    return (table[columns].reset_index(drop=True)
            .sort_values(columns, ascending=ascending, na_position="last", kind="stable",
                         key=lambda s: s.map(sort_key) if s.name == "Country" else s).index.to_numpy())


PRIORITY_ORDER = (["Priority score", "Country"], [False, True])  # the /targets page's first sort choice


def default_targets(status: pd.DataFrame, as_of: date, table: pd.DataFrame, factors: pd.DataFrame | None,
                    context: pd.DataFrame | None) -> pd.DataFrame:
    """The list as /targets first shows it (default weights, every State not yet party, highest score first):
    what its download gives before the reader moves anything, and what the static site publishes."""
    weights = DEFAULT_WEIGHTS | CONTEXT_DEFAULT_WEIGHTS
    targets = build_targets(status, as_of, weights, statuses=[SIGNED, NO_ACTION], factors=factors, table=table,
                            context=context)
    used = [f for f in TREATY_FACTORS if f in available_factors(factors)]
    return sort_targets(build_targets_table(targets, used), *PRIORITY_ORDER)
