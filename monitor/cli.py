"""Command line: `python -m monitor refresh [ID ...]`, `context`, `check-source`, `backtest` and
`targets`.

`python -m monitor publish` and the refresh's `--publish DIR` come from publish/, a layer above this one:
monitor/__main__.py hands them in (`commands`, `after_refresh`), so this module never imports it."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

from contract.errors import MonitorError
from contract.ids import check_treaty_id
from contract.treaties import tracked_ids
from monitor.backtest_cli import add_target_parsers, run_target_command
from monitor.check_source import add_check_source_parser, run_check_source
from monitor.context_cli import add_context_parser, run_context_command
from monitor.refresh.checks import MAX_DROP
from monitor.refresh.pipeline import Options, RefreshState, run_refresh
from monitor.store.layout import data_dir
from scrapers.untc import check_http_settings

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
# A subcommand handed in by the entry point: (add its parser to the subparsers, run it with the parsed args).
Command = tuple[Callable[[argparse._SubParsersAction], None], Callable[[argparse.Namespace], int]]
# After a refresh that changed the data: (data dir, --publish DIR or None) -> a summary line, or None.
AfterRefresh = Callable[[Path, Path | None], str | None]


def build_parser(commands: dict[str, Command] | None = None) -> argparse.ArgumentParser:
    """The argument parser; every option here is documented in the README too."""
    parser = argparse.ArgumentParser(prog="python -m monitor",
                                     description="Keep a local, versioned copy of UN treaty status data.")
    subparsers = parser.add_subparsers(dest="command", required=True)
    add_refresh_arguments(subparsers.add_parser(
        "refresh", help="fetch treaty status from the UN Treaty Collection and record changes",
        description="Fetch each treaty's status, validate it, and update the data directory only if "
                    "everything checks out. Exit 0 when all were checked, 1 when any failed, 2 on bad usage."))
    add_context_parser(subparsers)
    add_target_parsers(subparsers)
    add_check_source_parser(subparsers)
    for add_parser, _run in (commands or {}).values():
        add_parser(subparsers)
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
    refresh.add_argument("--publish", type=Path, default=None, metavar="DIR",
                         help="when the data changed, republish the static site into DIR "
                              "(default: $MONITOR_PUBLISH_DIR; not set: no publishing)")


def _is_iso_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def main(argv: list[str] | None = None, commands: dict[str, Command] | None = None,
         after_refresh: AfterRefresh | None = None) -> int:
    """Run the command line; return the exit code. ``commands`` and ``after_refresh`` come from the entry
    point (monitor/__main__.py): the `publish` subcommand and the republishing after a refresh."""
    parser = build_parser(commands)
    args = parser.parse_args(argv)
    if args.command == "context":
        return run_context_command(args)
    if args.command == "check-source":
        return run_check_source(args)
    if args.command in ("backtest", "targets"):
        return run_target_command(args)
    if commands and args.command in commands:
        return commands[args.command][1](args)
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
    failed = any(o.error for o in outcomes)
    if not args.dry_run and any(o.state in CHANGED_STATES for o in outcomes):
        failed = not republish(options.data_dir, args.publish, after_refresh) or failed
    return EXIT_FAILED if failed else EXIT_OK


CHANGED_STATES = (RefreshState.BASELINE, RefreshState.CHANGED)


def republish(root: Path, folder: Path | None, after_refresh: AfterRefresh | None) -> bool:
    """After a refresh that changed the data: the hook republishes the site (if a folder is set); False if it
    failed (the refreshed data stays: the next publish or refresh tries again)."""
    if after_refresh is None:
        if folder is not None:
            print("error: --publish needs the full command line: run `python -m monitor refresh ... --publish DIR`",
                  file=sys.stderr)
            return False
        return True
    try:
        line = after_refresh(root, folder)
    except MonitorError as exc:
        print(" ".join(str(exc).split()), file=sys.stderr)
        return False
    if line:
        print(line)
    return True


if __name__ == "__main__":
    sys.exit(main())
