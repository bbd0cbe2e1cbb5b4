"""What the background refresher is doing, for the sidebar: running, checked, failing (light: no pandas).

Read from the store's refresher.json (written by monitor.refresher) and the clock; nothing here draws.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum

from contract.problems import Problem, parse_problem

STALE_RUNNING_S = 600.0  # a "running" record not updated for this long is a refresher that was killed


class RefreshPhase(StrEnum):
    """What the sidebar says about the background refresh."""

    NONE = "none"  # no background refresh has run on this data directory
    RUNNING = "running"
    CHECKED = "checked"
    FAILING = "failing"


@dataclass(frozen=True)
class RefreshView:
    """The refresher's state in numbers; views/refresh_panel.py words it."""

    phase: RefreshPhase
    done: int = 0
    total: int = 0
    ago_s: float | None = None  # since the last successful check
    new_parties: int = 0
    other_events: int = 0
    loaded: int = 0
    failed: list[str] = field(default_factory=list)  # treaties a successful run could not check
    since: datetime | None = None  # UNTC unreachable since (UTC)
    problem: Problem | None = None

    @property
    def fraction(self) -> float:
        """How far a running refresh is, from 0 to 1."""
        return min(1.0, self.done / self.total) if self.total else 0.0


def _moment(value: object) -> datetime | None:
    try:
        return datetime.fromisoformat(str(value).replace("Z", "+00:00")) if value else None
    except ValueError:
        return None


def _alive(status: Mapping) -> bool:
    """Whether a 'running' record is still being written: recent, and its process alive on this host."""
    updated = _moment(status.get("updated_at"))
    if updated is None or (datetime.now(UTC) - updated).total_seconds() > STALE_RUNNING_S:
        return False
    if status.get("host") != socket.gethostname():
        return True  # another machine's refresher (a replica on a shared disk): trust its recent record
    try:
        os.kill(int(status.get("pid", 0)), 0)
    except (OSError, ValueError, OverflowError):
        return False
    return int(status.get("pid", 0)) > 0


def build_refresh_view(status: Mapping, now: datetime | None = None) -> RefreshView:
    """The sidebar's view of a refresher.json (an empty mapping: no background refresh here)."""
    now = now or datetime.now(UTC)
    if not status:
        return RefreshView(RefreshPhase.NONE)
    last = _moment(status.get("last_success"))
    ago = (now - last).total_seconds() if last else None
    changes = status.get("changes") if isinstance(status.get("changes"), Mapping) else {}
    common = {"ago_s": ago, "new_parties": int(changes.get("new_parties", 0) or 0),
              "other_events": int(changes.get("other_events", 0) or 0), "loaded": int(changes.get("loaded", 0) or 0),
              "failed": [str(t) for t in changes.get("failed", []) or []][:20]}
    if status.get("state") == "running" and _alive(status):
        return RefreshView(RefreshPhase.RUNNING, done=int(status.get("done", 0) or 0),
                           total=int(status.get("total", 0) or 0), **common)
    since = _moment(status.get("unreachable_since"))
    if since is not None:
        return RefreshView(RefreshPhase.FAILING, since=since, problem=parse_problem(status.get("problem")), **common)
    if last is not None:
        return RefreshView(RefreshPhase.CHECKED, **common)
    return RefreshView(RefreshPhase.NONE)
