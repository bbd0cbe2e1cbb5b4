"""Something slow built once per test run, even when pytest-xdist spreads a file's tests over several workers.

A session-scoped fixture is built once per worker process: `make test` keeps each test file on one worker
(--dist loadscope), but a plain `pytest -n 3` spreads a file's tests over several, and each would publish the
whole site. Here the
first worker to ask builds it, under a lock file in the run's shared temporary folder; the others wait for
the lock and read what was built. Without xdist this is a plain build in the session's temporary folder.

    folder = once_per_run(tmp_path_factory, "published-site", build)  # build(folder) makes it
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Callable
from pathlib import Path

import pytest

DONE = ".built"  # written last, beside the folder: the build finished


def run_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The temporary folder every worker of this run shares (each xdist worker's own is inside it)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def once_per_run(tmp_path_factory: pytest.TempPathFactory, name: str, build: Callable[[Path], None]) -> Path:
    """The folder `name` of this run, made by `build(folder)` by whichever worker asked first.

    A build that failed is tried again by the next worker that asks (and fails its tests the same way)."""
    shared = run_folder(tmp_path_factory)
    folder, done = shared / name, shared / f"{name}{DONE}"
    with open(shared / f"{name}.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # blocks while another worker builds
        try:
            if not done.exists():
                build(folder)
                done.touch()
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    return folder
