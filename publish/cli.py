"""`python -m monitor publish OUT`, and the hook that republishes after a refresh that changed the data.

monitor/__main__.py hands both to monitor.cli (which sits below this layer and so cannot import it):
the subcommand through `add_publish_parser`/`run_publish`, the refresh's `--publish DIR` through
`publish_hook`.

publish.site (and through it fpdf2 and fontTools, a third of a second to import) is imported only when a
publish runs: every other command of `python -m monitor` starts without it.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from contract.errors import MonitorError
from contract.site import SITE_URL_ENV
from monitor.store.layout import data_dir
from publish.write import PublishError

EXIT_OK, EXIT_FAILED = 0, 1


def add_publish_parser(commands: argparse._SubParsersAction) -> None:
    """Register `publish` and its options (each one is documented in the README too)."""
    publish = commands.add_parser(
        "publish", help="write the static site (pages, CSVs, briefs, JSON API, embeds, feed) into a folder",
        description="Write a complete static site from the data directory into OUT, all or nothing, rewriting "
                    "only the files whose content changed. Exit 0 when published (or already up to date), "
                    "1 when it failed (the previous site is left whole), 2 on bad usage.")
    publish.add_argument("out", type=Path, metavar="OUT", help="the folder to publish into (created if missing)")
    publish.add_argument("--data-dir", type=Path, default=None,
                         help="data directory to publish (default: $MONITOR_DATA_DIR or ./data)")
    publish.add_argument("--site-url", default=None, metavar="URL",
                         help=f"the address the site is served at, for the embed snippets (default: ${SITE_URL_ENV})")
    publish.add_argument("--workers", type=int, default=None, metavar="N",
                         help="processes drawing the briefs (default: the number of cores, at most 4)")


def run_publish(args: argparse.Namespace) -> int:
    """Publish; one summary line on stdout, or one FAILED line on stderr."""
    from publish.site import publish_site

    started = time.perf_counter()
    try:
        done = publish_site(data_dir(args.data_dir), args.out, args.site_url, args.workers)
    except (MonitorError, OSError) as exc:
        print(failure(exc, args.out), file=sys.stderr)
        return EXIT_FAILED
    print(f"{done.summary()} in {time.perf_counter() - started:.1f} s")
    return EXIT_OK


def failure(exc: Exception, out: Path) -> str:
    """One line: what failed, where, and what to do next."""
    cause = " ".join(str(exc).split())
    advice = ("" if isinstance(exc, PublishError) else
              " The previous site is unchanged; fix the cause (run `python -m monitor refresh` if the data is "
              "damaged) and publish again.")
    return f"FAILED publish {out}: {cause}.{advice}"


def publish_hook(root: Path, folder: Path | None) -> str | None:
    """monitor.cli's hook after a refresh that changed the data: republish into `--publish DIR` or
    $MONITOR_PUBLISH_DIR; the summary line, None when no folder is set. Raises on failure."""
    from publish.site import PUBLISH_DIR_ENV, publish_after_refresh

    try:
        done = publish_after_refresh(root, folder)
    except (MonitorError, OSError) as exc:
        raise PublishError(failure(exc, folder or Path(f"${PUBLISH_DIR_ENV}"))) from exc
    return None if done is None else done.summary()
