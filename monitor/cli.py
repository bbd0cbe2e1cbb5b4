"""Command line: `python -m monitor refresh [ID ...]`, `... context` and `... check-source`."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from contract.errors import MonitorError
from contract.ids import check_treaty_id
from contract.treaties import tracked_ids
from monitor.check_source import add_check_source_parser, run_check_source
from monitor.context_cli import add_context_parser, run_context_command
from monitor.refresh.checks import MAX_DROP
from monitor.refresh.pipeline import Options, run_refresh
from monitor.store.layout import data_dir
from scrapers.untc import check_http_settings

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    """The argument parser; every option here is documented in the README too."""
    parser = argparse.ArgumentParser(prog="python -m monitor",
                                     description="Keep a local, versioned copy of UN treaty status data.")
    commands = parser.add_subparsers(dest="command", required=True)
    add_refresh_arguments(commands.add_parser(
        "refresh", help="fetch treaty status from the UN Treaty Collection and record changes",
        description="Fetch each treaty's status, validate it, and update the data directory only if "
                    "everything checks out. Exit 0 when all were checked, 1 when any failed, 2 on bad usage."))
    add_context_parser(commands)
    add_check_source_parser(commands)
    return parser


def add_refresh_arguments(refresh: argparse.ArgumentParser) -> None:
    """The refresh command's arguments."""
    refresh.add_argument("ids", nargs="*", metavar="ID",
                         help="UNTC treaty ids such as IV-13 (default: every treaty in data/treaties.csv)")
    refresh.add_argument("--data-dir", type=Path, default=None,
                         help="data directory to update (default: $MONITOR_DATA_DIR or ./data)")
    refresh.add_argument("--source-url", default=None,
                         help="base URL of UNTC or a mirror (default: $MONITOR_SOURCE_URL or https://treaties.un.org)")
    refresh.add_argument("--source-file", type=Path, default=None,
                         help="refresh one treaty (give exactly one ID) from a saved XML document instead of the web")
    refresh.add_argument("--dry-run", action="store_true",
                         help="fetch, check and print what would change, but write nothing")
    refresh.add_argument("--accept-drop", action="store_true",
                         help=f"accept a table more than {round(MAX_DROP * 100)}%% shorter than last time "
                              "(after you checked the source)")
    refresh.add_argument("--facts-only", action="store_true",
                         help="leave out UN wording (declaration and note texts, raw XML); used for the bundled data")
    refresh.add_argument("--pause", type=float, default=2.0,
                         help="seconds to wait between requests to UNTC (default 2; minimum 0)")
    refresh.add_argument("--captured", default="", metavar="YYYY-MM-DD",
                         help="with --source-file: the date the document was captured (the data's 'as of' date)")
    refresh.add_argument("--note", default="", help="a remark stored in meta.json (e.g. which capture this is)")


def _is_iso_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "context":
        return run_context_command(args)
    if args.command == "check-source":
        return run_check_source(args)
    ids = args.ids or tracked_ids()
    try:
        for treaty_id in ids:
            check_treaty_id(treaty_id)
    except MonitorError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if args.source_file and len(args.ids) != 1:
        print("error: --source-file needs exactly one treaty ID, e.g. refresh IV-13 --source-file FILE",
              file=sys.stderr)
        return EXIT_USAGE
    if args.pause < 0:
        print("error: --pause must be 0 or more seconds", file=sys.stderr)
        return EXIT_USAGE
    if args.captured and not _is_iso_date(args.captured):
        print("error: --captured takes a date such as 2018-01-15", file=sys.stderr)
        return EXIT_USAGE
    try:
        check_http_settings()
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    options = Options(data_dir=data_dir(args.data_dir), source_url=args.source_url,
                      source_file=args.source_file, dry_run=args.dry_run, accept_drop=args.accept_drop,
                      facts_only=args.facts_only, pause=args.pause, note=args.note,
                      captured=args.captured)
    try:
        outcomes = run_refresh(ids, options)
    except MonitorError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_FAILED
    for outcome in outcomes:
        if outcome.error:  # exactly one line per failure, whatever text the source put in the cause
            print(" ".join(outcome.summary().split()), file=sys.stderr)
        else:
            print(outcome.summary())
            for line in outcome.warning_lines():
                print(" ".join(line.split()), file=sys.stderr)
    if args.dry_run:
        print("(dry run: nothing was written)")
    return EXIT_FAILED if any(o.error for o in outcomes) else EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
