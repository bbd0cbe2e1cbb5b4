"""The background refresher's settings, and its start and stop from the web server (light: no pandas).

app.py's lifespan calls `start()` once per server: it starts `python -m monitor.refresher` as a child
process, which runs the same refresh as `python -m monitor refresh` when the data is due and then on
the schedule. A child process cannot block or crash the pages; the store's lock keeps it to one
refresh at a time per data directory, across servers.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import signal
import subprocess
import sys
from dataclasses import dataclass

from contract import REPO_DIR

LOG = logging.getLogger("icrmw.refresher")
EVERY_VARIABLE, PAUSE_VARIABLE = "MONITOR_REFRESH_EVERY", "MONITOR_REFRESH_PAUSE"
DEFAULT_EVERY = "24h"
DEFAULT_PAUSE = 2.0  # seconds between requests to UNTC, as the command line's --pause
OFF = "off"
UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
MIN_EVERY_S = 60.0  # a schedule shorter than a minute would be a tight loop on UNTC
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd])\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Settings:
    """How the background refresher runs: `every_s` None means off (no request ever leaves the server)."""

    every_s: float | None
    pause_s: float


def parse_every(text: str | None) -> float | None:
    """'24h', '6h', '30m', '1d' as seconds; 'off' as None. Raises ValueError on anything else."""
    raw = (text or DEFAULT_EVERY).strip()
    if raw.lower() == OFF:
        return None
    match = _DURATION.match(raw)
    if not match:
        raise ValueError(f"${EVERY_VARIABLE} must be a duration such as 24h, 6h or 30m, or `off`, not {raw!r}")
    seconds = float(match.group(1)) * UNITS[match.group(2).lower()]
    if seconds < MIN_EVERY_S:
        raise ValueError(f"${EVERY_VARIABLE} must be at least 1m, not {raw!r}")
    return seconds


def parse_pause(text: str | None) -> float:
    """Seconds between requests (default 2). Raises ValueError on a negative or non-number value."""
    raw = (text or "").strip()
    if not raw:
        return DEFAULT_PAUSE
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not value >= 0:
        raise ValueError(f"${PAUSE_VARIABLE} must be a number of seconds (0 or more), not {raw!r}")
    return value


def settings(environ: dict[str, str] | None = None) -> Settings:
    """The settings from the environment; raises ValueError naming the variable that is wrong."""
    environ = os.environ if environ is None else environ
    return Settings(parse_every(environ.get(EVERY_VARIABLE)), parse_pause(environ.get(PAUSE_VARIABLE)))


_started = False  # whether this process (a server) started a refresher: its pages then say it refreshes by itself


def started() -> bool:
    """Whether this server started the background refresher (app.py's lifespan; `streamlit run dashboard.py` has
    none, and its pages must not promise a refresh that never runs)."""
    return _started


def idle_prefix() -> list[str]:
    """`chrt --idle 0` where Linux's util-linux has it: the child is at SCHED_IDLE from its first instruction, so
    even Python's start and the refresher's imports take no CPU from a starting server and its first page (the
    child lowers itself too, monitor.refresher.lower_priority, where chrt is missing: macOS, a slim image)."""
    chrt = shutil.which("chrt") if sys.platform.startswith("linux") else None
    return [chrt, "--idle", "0"] if chrt else []


def start() -> subprocess.Popen | None:
    """Start the refresher as a child process (None when it is off or its settings are wrong: then no request)."""
    global _started
    try:
        chosen = settings()
    except ValueError as exc:
        LOG.error("The background refresh is off: %s.", exc)
        return None
    if chosen.every_s is None:
        LOG.info("The background refresh is off ($%s=off): the data is refreshed by another job.", EVERY_VARIABLE)
        return None
    try:
        # Its own process group, so that stopping it also stops nothing of the server, and the server's
        # Ctrl+C (sent to the terminal's group) does not cut a refresh before the server asks it to stop.
        child = subprocess.Popen([*idle_prefix(), sys.executable, "-m", "monitor.refresher", "--parent",
                                  str(os.getpid())], cwd=REPO_DIR, stdin=subprocess.DEVNULL, start_new_session=True)
    except OSError as exc:  # the pages go on without it
        LOG.error("Could not start the background refresh (%s); the pages keep the data they have.", exc)
        return None
    _started = True
    return child


def stop(child: subprocess.Popen | None, timeout: float = 5.0) -> None:
    """Stop the child at the server's shutdown: whatever it was doing, the store's transactions lose nothing."""
    if child is None or child.poll() is not None:
        return
    child.send_signal(signal.SIGTERM)
    try:
        child.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        child.kill()
        child.wait(timeout=timeout)
