"""`python -m monitor check-source`: first contact with the live UN Treaty Collection, made clear.

One line per tracked treaty: whether its document was reached, whether it was not modified since the
last refresh, whether its format is understood, and whether its counts agree with its header. Then, for
each way it failed, what happened and what to try, in the words the pages use (monitor.analysis.
source_problems). Nothing is written.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

from contract.errors import MonitorError, ValidationFailed
from contract.ids import check_treaty_id
from contract.problems import UNREACHABLE, Problem
from contract.refresh_warnings import english
from contract.treaties import tracked_ids
from monitor.analysis.source_problems import in_words
from monitor.refresh.checks import check_status
from monitor.refresh.tables import build_status_table
from monitor.store import layout
from scrapers.parse import parse_status
from scrapers.untc import Fetcher, check_http_settings, document_url, make_session

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
RETRIES = 1  # a diagnosis, not a refresh: one retry, so that a dead network is reported in seconds


@dataclass(frozen=True)
class SourceCheck:
    """What one treaty's first contact gave."""

    treaty: str
    url: str
    line: str  # the line printed for it
    ok: bool
    problem: Problem | None = None  # set when it failed


def add_check_source_parser(commands: argparse._SubParsersAction) -> None:
    """Register `check-source` and its options (each documented in the README too)."""
    check = commands.add_parser(
        "check-source", help="check that the UN Treaty Collection can be reached and read, writing nothing",
        description="Fetch each tracked treaty's document, parse it and check its counts, and say for each "
                    "failure what happened and what to try. Writes nothing. Exit 0 when every document was "
                    "reached and understood, 1 otherwise, 2 on bad usage.")
    check.add_argument("ids", nargs="*", metavar="ID",
                       help="UNTC treaty ids such as IV-13 (default: every treaty in data/treaties.csv)")
    check.add_argument("--source-url", default=None,
                       help="base URL of UNTC or a mirror (default: $MONITOR_SOURCE_URL or https://treaties.un.org)")
    check.add_argument("--data-dir", type=Path, default=None,
                       help="data directory whose last refresh the requests are conditional on (default: "
                            "$MONITOR_DATA_DIR or ./data)")
    check.add_argument("--pause", type=float, default=2.0, help="seconds to wait between requests (default 2)")


def check_treaty(treaty_id: str, fetcher: Fetcher, root: Path) -> SourceCheck:
    """Fetch (conditional on the last refresh), parse and check one treaty's document."""
    url = document_url(treaty_id, fetcher.base_url)
    try:
        meta = layout.load_meta(root, treaty_id) or {}
    except MonitorError:
        meta = {}
    try:
        fetched = fetcher.fetch_status(treaty_id, meta.get("etag") or None, meta.get("last_modified") or None)
    except MonitorError as exc:
        reached = "reached; NO document at this address" if exc.problem is Problem.NOT_FOUND else "NOT reached"
        return SourceCheck(treaty_id, url, f"{treaty_id}: {reached}: {exc.cause} [{exc.source or url}]", False,
                           exc.problem or Problem.OTHER)
    url = fetched.url
    if fetched.not_modified:
        return SourceCheck(treaty_id, url, f"{treaty_id}: reached; not modified since the last refresh (304), so "
                                           f"its format and counts are as then [{url}]", True)
    try:
        status = parse_status(fetched.content)
    except MonitorError as exc:
        return SourceCheck(treaty_id, url, f"{treaty_id}: reached; modified; format NOT understood: {exc.cause} "
                                           f"[{url}]", False, exc.problem or Problem.HTML)
    counts = f"{status.parties_count} parties, {status.signatories_count} signatories in the header"
    try:
        warnings = check_status(status, treaty_id)
        build_status_table(status, treaty_id)  # every participant name is in the reference table
    except ValidationFailed as exc:
        return SourceCheck(treaty_id, url, f"{treaty_id}: reached; modified; format understood; counts DISAGREE "
                                           f"with the header: {exc.cause} [{url}]", False)
    except MonitorError as exc:
        return SourceCheck(treaty_id, url, f"{treaty_id}: reached; modified; format understood; refused: "
                                           f"{exc.cause} [{url}]", False)
    nearly = "; ".join(map(english, warnings))
    agree = f"counts nearly agree ({nearly})" if warnings else "counts agree with the header"
    return SourceCheck(treaty_id, url, f"{treaty_id}: reached; modified; format understood; {agree} ({counts}) "
                                       f"[{url}]", True)


def check_all(treaty_ids: list[str], fetcher: Fetcher, root: Path) -> list[SourceCheck]:
    """Each treaty in turn; once UNTC cannot be reached at all, the rest are not tried (the same would happen)."""
    checks: list[SourceCheck] = []
    for treaty_id in treaty_ids:
        stopped = next((c for c in checks if c.problem in UNREACHABLE), None)
        if stopped:
            checks.append(SourceCheck(treaty_id, document_url(treaty_id, fetcher.base_url),
                                      f"{treaty_id}: not tried: {stopped.treaty} could not be reached", False))
            continue
        checks.append(check_treaty(treaty_id, fetcher, root))
    return checks


def advice(checks: list[SourceCheck]) -> list[str]:
    """For each way the checks failed: what happened and what to try (the pages' words)."""
    lines = []
    for problem in dict.fromkeys(c.problem for c in checks if c.problem):
        happened, to_try = in_words(problem)
        who = ", ".join(c.treaty for c in checks if c.problem is problem)
        lines += ["", f"{who}:", f"  What happened: {happened}", f"  What to try: {to_try}"]
    return lines


def run_check_source(args: argparse.Namespace) -> int:
    """The command: print the lines and the advice; return the exit code."""
    ids = args.ids or tracked_ids()
    try:
        for treaty_id in ids:
            check_treaty_id(treaty_id)
        check_http_settings()
        if args.pause < 0:
            raise ValueError("--pause must be 0 or more seconds")
    except (MonitorError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    fetcher = Fetcher(args.source_url, session=make_session(retries=RETRIES), pause=args.pause)
    print(f"Checking {len(ids)} {'treaty' if len(ids) == 1 else 'treaties'} at {fetcher.base_url} (nothing is written)")
    checks = check_all(ids, fetcher, layout.data_dir(args.data_dir))
    for check in checks:
        print(" ".join(check.line.split()))
    for line in advice(checks):
        print(line)
    failed = sum(1 for c in checks if not c.ok)
    print("" if not failed else "\n", end="")
    print(f"{len(checks) - failed} of {len(checks)} reached and understood.")
    return EXIT_OK if not failed else EXIT_FAILED
