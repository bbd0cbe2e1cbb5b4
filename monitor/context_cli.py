"""The `python -m monitor context` subcommand: options, summary line and exit codes."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from contract import REPO_DIR
from contract.errors import MonitorError
from monitor.refresh.context import ContextOptions, run_context
from monitor.store.layout import data_dir

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
DEFAULT_SOURCE_DIR = REPO_DIR.parent / "shared" / "context"


def add_context_parser(commands: argparse._SubParsersAction) -> None:
    """Register `context` and its options (each one is documented in the README too)."""
    context = commands.add_parser(
        "context", help="import the migration context (UN DESA, World Bank, UPR Info) from saved files",
        description="Read the saved UN DESA migrant stock workbooks, World Bank remittance downloads and UPR "
                    "Info exports, check them, and replace data/context/ only if everything checks out. "
                    "Exit 0 when imported, 1 when a source was refused (nothing changed), 2 on bad usage.")
    context.add_argument("--source-dir", type=Path, default=None,
                         help="folder holding the saved source files (default: $MONITOR_CONTEXT_DIR or "
                              "../shared/context next to the repository)")
    context.add_argument("--data-dir", type=Path, default=None,
                         help="data directory to update (default: $MONITOR_DATA_DIR or ./data)")
    context.add_argument("--facts-only", action="store_true",
                         help="leave out the UPR recommendation texts; used for the bundled data")


def run_context_command(args: argparse.Namespace) -> int:
    """Run the import for parsed arguments; print one summary line; return the exit code."""
    source_dir = Path(args.source_dir or os.environ.get("MONITOR_CONTEXT_DIR") or DEFAULT_SOURCE_DIR)
    if not source_dir.is_dir():
        print(f"error: the source folder {source_dir} does not exist; give --source-dir", file=sys.stderr)
        return EXIT_USAGE
    options = ContextOptions(source_dir=source_dir, data_dir=data_dir(args.data_dir),
                             facts_only=args.facts_only)
    try:
        tables = run_context(options)
    except MonitorError as exc:
        print(" ".join(f"FAILED context: {exc}".split()), file=sys.stderr)
        return EXIT_FAILED
    print(tables.summary())
    return EXIT_OK
