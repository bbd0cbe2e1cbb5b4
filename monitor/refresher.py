"""The background refresher: `python -m monitor.refresher`, started by the web server (monitor.background).

It runs the same refresh as `python -m monitor refresh` (every tracked treaty, the same checks, the same
all-or-nothing publishing, conditional GETs and pauses) when the data is the bundled capture or its last
successful check is older than the schedule, then on the schedule. When UNTC cannot be reached it backs
off (5 minutes, doubling up to the schedule). Every decision is taken under the data directory's lock
and from files, so two servers on one folder run one refresh, and a killed refresher loses nothing.
Its progress and last result go to the store's refresher.json, which the pages read. When a run changed the
data and MONITOR_PUBLISH_DIR is set, it republishes the static site with `python -m monitor publish` in a
process of its own (publish/ is a layer above this one), as the CLI's refresh does.
"""

from __future__ import annotations

import argparse
import logging
import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from contract.errors import MonitorError, RefreshLocked
from contract.model import CONSENT_ACTIONS, CONSENT_EVENTS, NON_BINDING_ACTIONS
from contract.site import PUBLISH_DIR_ENV
from contract.treaties import ICRMW, tracked_ids
from monitor.analysis.freshness import build_freshness
from monitor.background import Settings, settings
from monitor.store import layout

if TYPE_CHECKING:
    from monitor.refresh.pipeline import Outcome

# The refresh itself (monitor.refresh.pipeline, monitor.store.tables) loads pandas: it is imported at the first
# step, after START_DELAY_S, so a starting server's first pages do not share the CPU with that import.

LOG = logging.getLogger("icrmw.refresher")
FIRST_BACKOFF_S = 300.0  # the first wait after UNTC could not be reached; it doubles up to the schedule
LOCKED_WAIT_S = 60.0  # another process is refreshing this folder: look again in a minute
PUBLISH_TIMEOUT_S = 1800.0  # a whole site with its 591 briefs takes minutes on two cores, never half an hour
START_DELAY_S = 3.0  # let the server draw its first pages before the child loads pandas and fetches
TICK_S = 1.0  # a sleeping refresher looks this often whether its server is still there
PARTY_EVENTS = frozenset(CONSENT_EVENTS[a] for a in CONSENT_ACTIONS if a not in NON_BINDING_ACTIONS)


def iso(moment: float) -> str:
    """Seconds since the epoch as the store's ISO timestamps."""
    return datetime.fromtimestamp(moment, UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def seconds(text: object) -> float | None:
    """A stored ISO timestamp as seconds since the epoch (None when absent or unreadable)."""
    try:
        return datetime.fromisoformat(str(text).replace("Z", "+00:00")).timestamp() if text else None
    except ValueError:
        return None


def last_good_check(root: Path, status: dict, bundled: bool) -> float | None:
    """When UNTC last answered a refresh here: this refresher's record, or the ICRMW's meta.json (a CLI or cron
    run too), except the bundled capture's (its last_checked is when the bundle was built, not a check of UNTC)."""
    try:
        meta = {} if bundled else layout.load_meta(root, ICRMW) or {}
    except MonitorError:
        meta = {}
    found = [t for t in (seconds(status.get("last_success")), seconds(meta.get("last_checked"))) if t is not None]
    return max(found) if found else None


def is_bundled(root: Path) -> bool:
    """Whether the ICRMW's data is the capture shipped with the code (or there is none yet)."""
    try:
        meta = layout.load_meta(root, ICRMW)
        return meta is None or build_freshness(meta, None, ICRMW, date.today()).bundled
    except MonitorError:
        return True


def wait_before_next(root: Path, status: dict, now: float, every_s: float) -> float:
    """Seconds until a refresh is due (0: now). Due: UNTC was unreachable and the back-off is over, or the data
    is the bundled capture and no refresh succeeded here, or the last successful check is older than the schedule."""
    retry_at = seconds(status.get("retry_at"))
    if retry_at is not None and now < retry_at:
        return retry_at - now
    if status.get("unreachable_since"):
        return 0.0
    bundled = is_bundled(root)
    last = last_good_check(root, status, bundled)
    if last is None or (bundled and not status.get("last_success")):
        return 0.0
    return max(0.0, last + every_s - now)


def next_backoff(previous_s: object, every_s: float) -> float:
    """5 minutes after the first failure, then twice the last wait, never more than the schedule."""
    try:
        previous = float(previous_s or 0)
    except (TypeError, ValueError):
        previous = 0.0
    return min(every_s, FIRST_BACKOFF_S if previous <= 0 else previous * 2)


def changes_of(outcomes: list[Outcome]) -> dict:
    """What a run changed, in numbers the sidebar words: new ICRMW parties, other events, treaties loaded."""
    from monitor.refresh.pipeline import RefreshState

    events = [e for o in outcomes for e in o.events]
    new_parties = sum(1 for e in events if e["treaty"] == ICRMW and e["event"] in PARTY_EVENTS)
    return {"new_parties": new_parties, "other_events": len(events) - new_parties,
            "loaded": sum(1 for o in outcomes if o.state is RefreshState.BASELINE),
            "failed": sorted(o.treaty for o in outcomes if o.error)}


@dataclass
class Refresher:
    """One data directory's background refresh; `step()` decides and acts once, and says how long to wait."""

    root: Path
    chosen: Settings
    source_url: str | None = None
    clock: Callable[[], float] = time.time
    refresh: Callable[..., list[Outcome]] | None = None  # monitor.refresh.pipeline.run_locked unless a test says
    treaty_ids: list[str] = field(default_factory=tracked_ids)
    publish_dir: Path | None = None  # MONITOR_PUBLISH_DIR: republish the static site there after a change
    publish_command: list[str] = field(default_factory=lambda: [sys.executable, "-m", "monitor", "publish"])

    def step(self) -> float:
        """Refresh if due (under the lock); return the seconds to wait before the next step."""
        from monitor.store import tables as store

        try:
            with store.refresh_lock(self.root) as log_file:
                status = layout.read_refresher(self.root)
                wait = wait_before_next(self.root, status, self.clock(), self.chosen.every_s)
                if wait > 0:
                    return wait
                return self._run(status, log_file)
        except RefreshLocked:
            return LOCKED_WAIT_S  # a server or a cron job is refreshing this folder: not ours to repeat
        except OSError as exc:  # a read-only data directory: say so once per schedule, without a traceback
            LOG.error("The background refresh cannot write %s (%s); set MONITOR_REFRESH_EVERY=off if another job "
                      "refreshes it.", self.root, exc)
            return self.chosen.every_s

    def _run(self, status: dict, log_file) -> float:
        from monitor.refresh.pipeline import Options, Outcome, RefreshState, run_locked

        started = self.clock()
        base = {k: v for k, v in status.items() if k in ("last_success", "unreachable_since", "backoff_s",
                                                          "problem", "error", "finished_at", "result", "changes")}
        running = base | {"state": "running", "pid": os.getpid(), "host": socket.gethostname(),
                          "started_at": iso(started), "every_s": self.chosen.every_s}

        def progress(done: int, total: int, last: Outcome | None) -> None:
            layout.write_refresher(self.root, running | {"done": done, "total": total, "updated_at": iso(self.clock())})

        options = Options(data_dir=self.root, source_url=self.source_url, pause=self.chosen.pause_s,
                          stop_when_unreachable=True)
        try:
            outcomes = (self.refresh or run_locked)(self.treaty_ids, options, log_file, on_progress=progress)
        except MonitorError as exc:  # e.g. a damaged change log: said in the status, tried again later
            outcomes = [Outcome("", RefreshState.FAILED, error=exc)]
        published = self._publish(outcomes)
        return self._finish(base | published, outcomes)

    def _publish(self, outcomes: list[Outcome]) -> dict:
        """Republish the static site when the run changed the data and a folder is set: the status's
        `published` ('ok', 'failed' or '' when nothing was due) and `publish_error`."""
        from monitor.refresh.pipeline import RefreshState

        changed = any(o.state in (RefreshState.BASELINE, RefreshState.CHANGED) for o in outcomes)
        if self.publish_dir is None or not changed:
            return {"published": "", "publish_error": ""}
        command = [*self.publish_command, str(self.publish_dir), "--data-dir", str(self.root)]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=PUBLISH_TIMEOUT_S, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            done = subprocess.CompletedProcess(command, 1, "", str(exc))
        if done.returncode == 0:
            LOG.info("republished the static site in %s", self.publish_dir)
            return {"published": "ok", "publish_error": ""}
        reason = " ".join((done.stderr or done.stdout or f"exit code {done.returncode}").split())[-500:]
        LOG.error("republishing the static site in %s failed: %s", self.publish_dir, reason)
        return {"published": "failed", "publish_error": reason}

    def _finish(self, base: dict, outcomes: list[Outcome]) -> float:
        from monitor.refresh.pipeline import unreachable

        now = self.clock()
        ok = any(o.error is None for o in outcomes)
        result = {k: base[k] for k in ("published", "publish_error") if k in base}
        result |= {"state": "idle", "finished_at": iso(now), "updated_at": iso(now), "every_s": self.chosen.every_s,
                  "total": len(self.treaty_ids), "done": len(outcomes)}
        if ok:
            wait = self.chosen.every_s
            result |= {"result": "checked", "last_success": iso(now), "changes": changes_of(outcomes),
                       "unreachable_since": "", "problem": "", "error": "", "backoff_s": 0, "retry_at": ""}
        else:
            failure = next((o for o in outcomes if unreachable(o)), outcomes[-1] if outcomes else None)
            error = failure.error if failure else None
            wait = next_backoff(base.get("backoff_s") if base.get("unreachable_since") else 0, self.chosen.every_s)
            result |= {"result": "failed", "last_success": base.get("last_success", ""),
                       "changes": base.get("changes", {}),
                       "unreachable_since": base.get("unreachable_since") or iso(now),
                       "problem": str(error.problem or "other") if error else "other",
                       "error": " ".join(str(error).split())[:500] if error else "",
                       "backoff_s": wait, "retry_at": iso(now + wait)}
        layout.write_refresher(self.root, result)
        LOG.info("background refresh %s; next step in %.0f s", result["result"], wait)
        return wait


def parent_gone(parent: int | None) -> bool:
    """Whether the server that started us has ended (we were handed to another parent)."""
    return parent is not None and os.getppid() != parent


def serve(refresher: Refresher, parent: int | None) -> None:
    """Step, then sleep in short ticks until the next step, for as long as the server runs."""
    wait = START_DELAY_S
    while True:
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            if parent_gone(parent):
                return
            time.sleep(min(TICK_S, max(0.0, deadline - time.monotonic())))
        if parent_gone(parent):
            return
        try:
            wait = refresher.step()
        except Exception:  # noqa: BLE001 - a bug or a full disk must not end the refreshes: log it, try later
            LOG.exception("the background refresh failed; trying again in %.0f s", FIRST_BACKOFF_S)
            wait = FIRST_BACKOFF_S


def lower_priority() -> None:
    """The pages come first: the refresher (and the publish it starts) gets the CPU only when the server and the
    reader's browser leave it idle (Linux's SCHED_IDLE), or else at the lowest nice level."""
    try:
        os.nice(19)
        os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))
    except (AttributeError, OSError):  # not Linux, or not allowed: nice 19 is what is left
        pass


def main(argv: list[str] | None = None) -> int:
    """Run until the server that started us ends (or forever without --parent)."""
    parser = argparse.ArgumentParser(prog="python -m monitor.refresher", description=__doc__.splitlines()[0])
    parser.add_argument("--parent", type=int, default=None, help="exit when this process (the server) ends")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    try:
        chosen = settings()
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if chosen.every_s is None:
        return 0
    lower_priority()
    folder = os.environ.get(PUBLISH_DIR_ENV) or None
    serve(Refresher(layout.data_dir(), chosen, os.environ.get("MONITOR_SOURCE_URL"),
                    publish_dir=Path(folder) if folder else None), args.parent)
    return 0


if __name__ == "__main__":
    sys.exit(main())
