"""How a weighting of the lobbying targets would have done in the past (pure pandas and numpy).

On 1 January of each year from the Convention's entry into force, the targets are rebuilt from the
actions dated on or before that day only (the ICRMW's status, regional peers, the other loaded
treaties), the States not yet party are ranked, and we count how many of those that joined in the
following years were in the top 10 and the top 20. Everything that does not depend on the weights is
computed once (`build_history`), so that scoring a weighting (`run_backtest`) is a few array
operations per origin and keeps the /targets page fast while a weight moves.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from contract.status import SIGNED
from contract.treaties import ICRMW
from monitor.analysis.backtest_factors import TreatyDates, party_since, treaty_factors_at
from monitor.analysis.context_targets import CONTEXT_DEFAULT_WEIGHTS, CONTEXT_FACTORS
from monitor.analysis.targets import (
    DEFAULT_WEIGHTS,
    TREATY_FACTORS,
    available_factors,
    build_targets,
    target_facts,
    weighted_scores,
)
from monitor.analysis.treaties import TreatySet

FIRST_ORIGIN_YEAR = 2003  # the ICRMW entered into force on 1 July 2003 (art. 87(1))
HORIZONS = (3, 5)  # years after an origin in which a joining counts
TOPS = (10, 20)  # the sizes of the list an advocate can work through in a year
FACTORS = (*DEFAULT_WEIGHTS, *CONTEXT_FACTORS)  # every factor a weighting can name
BASELINES = ("random", "recent_signatories", "waiting_signatories")


@dataclass(frozen=True)
class OriginFacts:
    """What the targets page would have shown on one 1 January, weights aside."""

    when: date
    iso3: tuple[str, ...]  # the States not yet party then, in name order (the ranking's tie-break)
    values: dict[str, np.ndarray]  # factor -> value per State, from 0 to 1, for the factors usable then
    signed_on: np.ndarray  # the day of signature (ordinal) of a signatory, 0 for a State without one
    joined: dict[int, frozenset[str]]  # horizon (years) -> the States that joined within it


@dataclass(frozen=True)
class History:
    """Every origin's facts, and the data's date (the last day whose joinings are known)."""

    origins: tuple[OriginFacts, ...]
    data_as_of: date

    def usable(self, horizon: int) -> tuple[OriginFacts, ...]:
        """The origins whose whole horizon lies before the data's date."""
        return tuple(o for o in self.origins if _years_after(o.when, horizon) <= self.data_as_of)


@dataclass(frozen=True)
class OriginResult:
    """One origin: candidates, how many joined within the horizon, how many of those each top held."""

    when: date
    candidates: int
    joined: int
    hits: dict[int, float]  # top size -> States of the top that joined (expected value for the random order)


@dataclass(frozen=True)
class Backtest:
    """A ranking's record over every usable origin, for one horizon."""

    horizon: int
    origins: tuple[OriginResult, ...]

    @property
    def joined(self) -> int:
        """The joinings counted over all origins (a State counts at each origin it joined within the horizon of)."""
        return sum(o.joined for o in self.origins)

    def total(self, top: int) -> float:
        """The States of the top that joined within the horizon, summed over the origins."""
        return sum(o.hits[top] for o in self.origins)

    @property
    def first(self) -> date | None:
        """The first origin."""
        return self.origins[0].when if self.origins else None

    @property
    def last(self) -> date | None:
        """The last origin."""
        return self.origins[-1].when if self.origins else None


def _years_after(day: date, years: int) -> date:
    return day.replace(year=day.year + years)


def origin_dates(data_as_of: date, horizon: int = min(HORIZONS)) -> list[date]:
    """1 January of each year from 2003 whose `horizon` years after end on or before the data's date."""
    return [date(y, 1, 1) for y in range(FIRST_ORIGIN_YEAR, data_as_of.year + 1)
            if _years_after(date(y, 1, 1), horizon) <= data_as_of]


def origin_targets(status: pd.DataFrame, when: date, dates: TreatyDates | None, weights=None,
                   context: pd.DataFrame | None = None) -> pd.DataFrame:
    """The targets table as it would have stood on `when`: only actions dated on or before it."""
    factors = treaty_factors_at(dates, when) if dates is not None else None
    return build_targets(status, when, weights, factors=factors, context=context)


def build_history(treaties: TreatySet, context: pd.DataFrame | None = None,
                  vintages: Mapping[str, int] | None = None, data_as_of: date | None = None,
                  status: pd.DataFrame | None = None, horizon: int = min(HORIZONS)) -> History:
    """Every origin's facts from the loaded treaties (the ICRMW's, or `status`, and the others'), for the
    origins with a full `horizon` (the shortest asked for: a longer one uses fewer of them).

    `context` is analysis.context_targets.context_factors and `vintages` the year of each migration
    factor's figures (context_vintages): a factor enters an origin only when its figures are older.
    """
    status = treaties.status[ICRMW] if status is None else status
    as_of = data_as_of or treaties.as_of[ICRMW]
    dates = TreatyDates.build(treaties)
    joined_on = party_since(status)
    origins = [_origin(status, when, dates, joined_on, context, vintages or {})
               for when in origin_dates(as_of, horizon)]
    return History(origins=tuple(origins), data_as_of=as_of)


def _origin(status: pd.DataFrame, when: date, dates: TreatyDates, joined_on: dict[str, date],
            context: pd.DataFrame | None, vintages: Mapping[str, int]) -> OriginFacts:
    usable_context = [f for f in CONTEXT_FACTORS if f in vintages and vintages[f] < when.year]
    targets = target_facts(status, when, treaty_factors_at(dates, when),
                           context=context if usable_context else None).frame  # in name order
    used = available_factors(targets[list(TREATY_FACTORS)]) + usable_context
    values = {f: targets[f].to_numpy(dtype=float) for f in used}
    signed_on = np.array([d.toordinal() if d and s == SIGNED else 0
                          for d, s in zip(targets["signature_date"], targets["status"], strict=True)])
    codes = tuple(targets["iso3"])
    # Not party on `when`, so a State party today with a consent dated by the horizon's end joined within it.
    joined = {h: frozenset(c for c in codes if c in joined_on and joined_on[c] <= _years_after(when, h))
              for h in HORIZONS}
    return OriginFacts(when=when, iso3=codes, values=values, signed_on=signed_on, joined=joined)


def clean_weights(weights: Mapping[str, float] | None) -> dict[str, float]:
    """Every factor's weight: the defaults, overridden by `weights`; a negative weight counts as 0."""
    merged = {**DEFAULT_WEIGHTS, **CONTEXT_DEFAULT_WEIGHTS, **(weights or {})}
    return {f: max(float(merged[f]), 0.0) for f in FACTORS}


def origin_order(facts: OriginFacts, weights: Mapping[str, float]) -> np.ndarray:
    """The candidates' positions, best first, as build_targets ranks them (score rounded, then name)."""
    # The page's score (analysis.targets.weighted_scores), its factors summed in the same order.
    score = weighted_scores({f: facts.values[f] for f in FACTORS if f in facts.values}, weights, len(facts.iso3))
    return np.lexsort((np.arange(len(score)), -score))


def _result(facts: OriginFacts, horizon: int, order: np.ndarray) -> OriginResult:
    joined = facts.joined[horizon]
    hit = np.array([c in joined for c in facts.iso3])
    hits = {top: float(hit[order[:top]].sum()) for top in TOPS}
    return OriginResult(when=facts.when, candidates=len(facts.iso3), joined=len(joined), hits=hits)


def run_backtest(history: History, weights: Mapping[str, float] | None = None, horizon: int = 5) -> Backtest:
    """The record of a weighting (missing factors at their default weight) over every usable origin."""
    clean = clean_weights(weights)
    return Backtest(horizon, tuple(_result(o, horizon, origin_order(o, clean)) for o in history.usable(horizon)))


def baseline(history: History, name: str, horizon: int = 5) -> Backtest:
    """One of BASELINES, computed over the same origins as a weighting."""
    results = []
    for facts in history.usable(horizon):
        if name == "random":  # the expected value of a random order, exactly: top × joined ÷ candidates
            n, joined = len(facts.iso3), len(facts.joined[horizon])
            results.append(OriginResult(facts.when, n, joined, {t: min(t, n) * joined / n if n else 0.0
                                                                for t in TOPS}))
            continue
        signed = facts.signed_on > 0
        # Signatories first; among them the most recent (or the longest waiting) first; then by name.
        when = -facts.signed_on if name == "recent_signatories" else facts.signed_on
        order = np.lexsort((np.arange(len(signed)), when, ~signed))
        results.append(_result(facts, horizon, order))
    return Backtest(horizon, tuple(results))


def baselines(history: History, horizon: int = 5) -> dict[str, Backtest]:
    """Every baseline for a horizon."""
    return {name: baseline(history, name, horizon) for name in BASELINES}


def best_weighting(history: History, levels: tuple[float, ...] = (0, 1, 2), horizon: int = 5,
                   factors: tuple[str, ...] = tuple(DEFAULT_WEIGHTS)) -> dict[str, float]:
    """The weighting of `factors` (each at one of `levels`) that the backtest rates best, as the defaults were chosen.

    Best: the most States that joined within the horizon in the top 10 (summed over the origins); then the fewest
    factors (a simpler weighting that does as well wins); then the most in the top 20; then the smallest weights.
    """
    best, best_key = {}, None
    for combo in itertools.product(levels, repeat=len(factors)):
        weights = dict(zip(factors, combo, strict=True))
        result = run_backtest(history, {**dict.fromkeys(FACTORS, 0.0), **weights}, horizon)
        key = (result.total(10), -sum(1 for w in combo if w), result.total(20), -sum(combo))
        if best_key is None or key > best_key:
            best, best_key = weights, key
    return {f: float(w) for f, w in best.items()}
