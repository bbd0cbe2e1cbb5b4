"""While the background refresh publishes treaty after treaty, the pages keep the version of the files they
last read, and move to the new data once, when it ends (views.loaders.steady)."""

from __future__ import annotations

import os
import socket
import time

from monitor.refresher import iso
from monitor.store import layout
from views import loaders


def running(root) -> None:
    layout.write_refresher(root, {"state": "running", "pid": os.getpid(), "host": socket.gethostname(),
                                  "updated_at": iso(time.time()), "done": 3, "total": 20})


def test_pages_hold_their_version_while_a_refresh_runs_and_move_when_it_ends(tmp_path):
    what = f"test-{tmp_path.name}"
    assert loaders.steady(tmp_path, what, ("v1",)) == ("v1",)  # the first read: whatever is there
    running(tmp_path)
    assert loaders.steady(tmp_path, what, ("v1",)) == ("v1",)
    assert loaders.steady(tmp_path, what, ("v2",)) == ("v1",)  # a treaty was published mid-run: held
    layout.write_refresher(tmp_path, {"state": "idle", "result": "checked", "last_success": iso(time.time())})
    assert loaders.steady(tmp_path, what, ("v2",)) == ("v2",)  # the run ended: the new data, at once
    assert loaders.steady(tmp_path, what, ("v3",)) == ("v3",)  # no refresh running: every change is read


def test_without_a_refresher_every_change_is_read(tmp_path):
    what = f"test-{tmp_path.name}"
    assert [loaders.steady(tmp_path, what, (v,)) for v in ("a", "b", "b", "c")] == [("a",), ("b",), ("b",), ("c",)]
