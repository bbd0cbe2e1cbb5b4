"""The `python -m monitor context` subcommand: options, summary line and exit codes."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from contract import REPO_DIR
from contract.errors import MonitorError
from monitor.refresh.context import UPR_DIR, ContextOptions, run_context
from monitor.refresh.context_web import LIVE_URLS, download_sources, parse_url_options
from monitor.store.layout import data_dir

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
DEFAULT_SOURCE_DIR = REPO_DIR.parent / "shared" / "context"


def add_context_parser(commands: argparse._SubParsersAction) -> None:
    """Register `context` and its options (each one is documented in the README too)."""
    context = commands.add_parser(
        "context", help="import the migration context (UN DESA, World Bank, UPR Info) from saved files or the web",
        description="Read the UN DESA migrant stock workbooks, World Bank remittance downloads and UPR Info "
                    "exports (saved in a folder, or downloaded with --from-web), check them, and replace "
                    "data/context/ only if everything checks out. Exit 0 when imported, 1 when a source was "
                    "refused or could not be downloaded (nothing changed), 2 on bad usage.")
    context.add_argument("--source-dir", type=Path, default=None,
                         help="folder holding the saved source files (default: $MONITOR_CONTEXT_DIR or "
                              "../shared/context next to the repository)")
    context.add_argument("--from-web", action="store_true",
                         help="download every source from its publisher (the addresses in the README) instead "
                              "of reading a folder")
    context.add_argument("--url", action="append", default=[], metavar="NAME=URL",
                         help="with --from-web, download the source NAME (a file name, e.g. "
                              f"{next(iter(LIVE_URLS))}) from URL instead; repeat for several")
    context.add_argument("--pause", type=float, default=2.0,
                         help="with --from-web, seconds to wait between downloads (default 2)")
    context.add_argument("--data-dir", type=Path, default=None,
                         help="data directory to update (default: $MONITOR_DATA_DIR or ./data)")
    context.add_argument("--facts-only", action="store_true",
                         help="leave out the UPR recommendation texts; used for the bundled data")


def run_context_command(args: argparse.Namespace) -> int:
    """Run the import for parsed arguments; print one summary line; return the exit code."""
    if args.from_web:
        return _from_web(args)
    if args.url:
        print("error: --url needs --from-web", file=sys.stderr)
        return EXIT_USAGE
    source_dir = Path(args.source_dir or os.environ.get("MONITOR_CONTEXT_DIR") or DEFAULT_SOURCE_DIR)
    if not source_dir.is_dir():
        print(f"error: the source folder {source_dir} does not exist; give --source-dir", file=sys.stderr)
        return EXIT_USAGE
    return _import(source_dir, args)


def _from_web(args: argparse.Namespace) -> int:
    """Download every source into a temporary folder, then import it like a saved one."""
    if args.source_dir:
        print("error: give --source-dir or --from-web, not both", file=sys.stderr)
        return EXIT_USAGE
    try:
        urls = LIVE_URLS | parse_url_options(args.url)
        if args.pause < 0:
            raise ValueError("--pause must be 0 or more seconds")
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    with tempfile.TemporaryDirectory(prefix="monitor-context-") as folder:
        try:
            download_sources(Path(folder), urls, pause=args.pause)
        except MonitorError as exc:
            return _failed(exc)
        # A refusal names the address the file came from, not the temporary folder it was saved in.
        addresses = {str(Path(folder) / name): url for name, url in urls.items()}
        addresses[str(Path(folder) / UPR_DIR)] = " ".join(url for name, url in urls.items() if name.startswith(UPR_DIR))
        return _import(Path(folder), args, addresses)


def _import(source_dir: Path, args: argparse.Namespace, addresses: dict[str, str] | None = None) -> int:
    options = ContextOptions(source_dir=source_dir, data_dir=data_dir(args.data_dir),
                             facts_only=args.facts_only)
    try:
        tables = run_context(options)
    except MonitorError as exc:
        exc.source = (addresses or {}).get(exc.source or "", exc.source)
        return _failed(exc)
    print(tables.summary())
    return EXIT_OK


def _failed(exc: MonitorError) -> int:
    """One line on stderr: the cause, the file or address, what to do."""
    print(" ".join(f"FAILED context: {exc}".split()), file=sys.stderr)
    return EXIT_FAILED
