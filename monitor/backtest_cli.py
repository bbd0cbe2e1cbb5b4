"""`python -m monitor backtest` and `python -m monitor targets`: the lobbying targets for analysts.

`backtest` prints how a weighting of the targets would have done on each 1 January since 2003, beside
the baselines; `targets` writes the ranked targets CSV (the /targets page's download) to stdout.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from contract import REFRESH_COMMAND
from contract.errors import DataFileError
from contract.treaties import ICRMW
from monitor.analysis.backtest import (
    BASELINES,
    FACTORS,
    HORIZONS,
    TOPS,
    Backtest,
    build_history,
    clean_weights,
    run_backtest,
)
from monitor.analysis.backtest import baselines as build_baselines
from monitor.analysis.backtest_factors import context_vintages
from monitor.analysis.context import context_table
from monitor.analysis.context_targets import CONTEXT_FACTORS, context_factors
from monitor.analysis.exports import targets_download
from monitor.analysis.status import build_country_status
from monitor.analysis.targets import (
    TREATY_FACTORS,
    available_factors,
    build_target_factors,
    build_targets,
    build_targets_table,
)
from monitor.analysis.treaties import TreatySet, build_treaty_set
from monitor.store.checked import load_tracked
from monitor.store.context import load_context
from monitor.store.layout import data_dir

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
BASELINE_NAMES = {"random": "random order (expected value)",
                  "recent_signatories": "signatories first, most recent signature first",
                  "waiting_signatories": "signatories first, longest waiting first"}


class WeightsError(ValueError):
    """A --weights value that cannot be read; the message says what is accepted."""


def parse_weights(text: str | None) -> dict[str, float]:
    """'signed=3,peers=2' -> {'signed': 3.0, 'peers': 2.0}; unnamed factors keep their default weight."""
    weights: dict[str, float] = {}
    for part in (text or "").split(","):
        if not part.strip():
            continue
        name, sep, value = part.partition("=")
        name = name.strip()
        if not sep or name not in FACTORS:
            raise WeightsError(f"--weights: {part.strip()!r} is not FACTOR=NUMBER with FACTOR one of "
                               f"{', '.join(FACTORS)} (e.g. --weights signed=1,palermo=1)")
        try:
            weight = float(value)
        except ValueError:
            raise WeightsError(f"--weights: the weight of {name} must be a number, not {value.strip()!r}") from None
        if not 0 <= weight <= 1000:  # also refuses nan and inf
            raise WeightsError(f"--weights: the weight of {name} must be 0 or more (and finite), not {value.strip()}")
        weights[name] = weight
    return weights


def add_target_parsers(commands: argparse._SubParsersAction) -> None:
    """Register `backtest` and `targets` (each option is documented in the README too)."""
    backtest = commands.add_parser(
        "backtest", help="how a weighting of the lobbying targets would have done since 2003",
        description="On 1 January of each year since 2003, rank the States not yet party from the data dated on "
                    "or before that day, and count how many of those that joined within the horizon were in the "
                    "top 10 and the top 20; print each year, the totals and the baselines. Exit 2 on bad usage.")
    targets = commands.add_parser(
        "targets", help="write the ranked lobbying targets as CSV to standard output",
        description="Write the /targets page's download (every State not yet party, best first) to standard "
                    "output. Exit 2 on bad usage.")
    for parser in (backtest, targets):
        parser.add_argument("--weights", default="", metavar="FACTOR=N,...",
                            help=f"weights of the factors ({', '.join(FACTORS)}); a factor not named keeps its "
                                 "default weight (e.g. signed=3,peers=2)")
        parser.add_argument("--data-dir", type=Path, default=None,
                            help="data directory to read (default: $MONITOR_DATA_DIR or ./data)")
    backtest.add_argument("--horizon", type=int, default=5, choices=HORIZONS,
                          help="years after each 1 January in which a joining counts (3 or 5; default 5)")


@dataclass
class Loaded:
    """What both commands read from the data directory."""

    treaties: TreatySet
    context: pd.DataFrame | None
    vintages: dict[str, int]


def _load(root: Path, with_context: bool = True) -> Loaded:
    treaties = build_treaty_set(load_tracked(root))
    if ICRMW not in treaties.status or ICRMW not in treaties.as_of:
        why = treaties.problems.get(ICRMW, "it has never been refreshed" if ICRMW not in treaties.status
                                    else "its meta.json has no data_as_of")
        raise DataFileError(f"its data cannot be read: {why}", treaty=ICRMW, source=str(root),
                            hint=f"Run `{REFRESH_COMMAND} {ICRMW}` to load it.")
    tables = load_context(root) if with_context else None
    context = context_factors(context_table(tables)) if tables else None
    return Loaded(treaties, context, context_vintages(tables))


def run_target_command(args: argparse.Namespace) -> int:
    """Run `backtest` or `targets` for parsed arguments; return the exit code."""
    try:
        weights = parse_weights(args.weights)
    except WeightsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    root = data_dir(args.data_dir)
    try:
        # The backtest needs the migration context only for a migration factor that is weighted.
        loaded = _load(root, args.command == "targets" or any(weights.get(f, 0) > 0 for f in CONTEXT_FACTORS))
    except DataFileError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_FAILED
    if args.command == "targets":
        sys.stdout.buffer.write(targets_csv(loaded.treaties, loaded.context, weights))
        sys.stdout.flush()
        return EXIT_OK
    history = build_history(loaded.treaties, loaded.context, loaded.vintages, horizon=args.horizon)
    print(backtest_report(run_backtest(history, weights, args.horizon), build_baselines(history, args.horizon),
                          clean_weights(weights)))
    return EXIT_OK


def targets_csv(treaties: TreatySet, context: pd.DataFrame | None, weights: dict[str, float] | None) -> bytes:
    """The /targets page's download with no filter and the default sort: every State not yet party, best first."""
    status, as_of = treaties.status[ICRMW], treaties.as_of[ICRMW]
    factors = build_target_factors(treaties)
    targets = build_targets(status, as_of, weights, factors=factors, table=build_country_status(status),
                            context=context)
    used = [f for f in TREATY_FACTORS if f in available_factors(factors)]
    return targets_download(build_targets_table(targets, used), as_of).data


def _number(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"


def backtest_report(result: Backtest, baselines: dict[str, Backtest], weights: dict[str, float]) -> str:
    """The table per origin, the totals and the baselines, as plain text."""
    if not result.origins:
        return f"No 1 January from 2003 has a full {result.horizon}-year horizon before the data's date."
    used = ", ".join(f"{f}={_number(w)}" for f, w in weights.items() if w > 0) or "all weights 0"
    tops = "  ".join(f"{'top ' + str(t):>7}" for t in TOPS)
    lines = [f"Weights: {used}",
             f"Joined within {result.horizon} years of each 1 January, and how many of them each top held:",
             "", f"{'origin':10}  {'not party':>9}  {'joined':>6}  {tops}"]
    for origin in result.origins:
        hits = "  ".join(f"{_number(origin.hits[t]):>7}" for t in TOPS)
        lines.append(f"{origin.when.isoformat():10}  {origin.candidates:>9}  {origin.joined:>6}  {hits}")
    totals = "  ".join(f"{_number(result.total(t)):>7}" for t in TOPS)
    lines += [f"{'total':10}  {'':>9}  {result.joined:>6}  {totals}", "", "Baselines, over the same origins:"]
    width = max(len(n) for n in BASELINE_NAMES.values())
    lines.append(f"{'':{width}}  {tops}")
    lines.append(f"{'this weighting':{width}}  {totals}")
    for name in BASELINES:
        values = "  ".join(f"{_number(round(baselines[name].total(t), 1)):>7}" for t in TOPS)
        lines.append(f"{BASELINE_NAMES[name]:{width}}  {values}")
    lines += ["", f"A State that joined within {result.horizon} years counts once at each 1 January it was not yet "
                  "party; only actions dated on or before each 1 January are used."]
    return "\n".join(lines)
