"""Crash safety and the refresh lock of the data directory.

A crash is simulated by raising `SimulatedCrash` (a BaseException, so nothing in the refresh can
catch it, as with a kill) just before the k-th file operation of a refresh (a staged write, a
rename, the removal of the commit record), for every k. The data directory must then hold the old
version, or, once `recover` ran (the next refresh runs it under the lock), the new one: never a mix.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from conftest import PARTICIPANTS, REPO

from monitor.cli import main
from monitor.store import layout
from monitor.store import tables as store

NOW = "2026-01-02T03:04:05Z"
# Files a refresh with a change writes: status, declarations, meta (each also under last-good/), notes,
# raw XML, changes.csv, feed.atom (10 staged writes + record write + record rename + 10 renames + record
# removal), then health.json (one file: a staged write and its rename).
EXPECTED_OPS = 25


class SimulatedCrash(BaseException):
    """The process died here."""


def later(capture: bytes) -> bytes:
    """The 2018 capture with one later event: Benin ratifies."""
    old = b"<Entry>Benin</Entry>\n                <Entry>15 Sep 2005</Entry>\n                <Entry />"
    assert old in capture
    data = capture.replace(old, b"<Entry>Benin</Entry>\n                <Entry>15 Sep 2005</Entry>\n"
                                b"                <Entry>6 Jul 2018</Entry>")
    return data.replace(b"<Parties>51</Parties>", b"<Parties>52</Parties>")


def data_files(folder: Path) -> dict[str, str]:
    """{relative path: sha256} of the published data (not staging files, not the log or health file)."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*"))
            if p.is_file() and not p.name.endswith(".tmp") and p.name != layout.PENDING
            and "log" not in p.name and "health" not in p.name}


def refresh(data_dir: Path, source: Path) -> int:
    return main(["refresh", "IV-13", "--data-dir", str(data_dir), "--source-file", str(source)])


class FileOps:
    """Counts the data directory's file operations and crashes before the chosen one."""

    def __init__(self, root: Path, crash_at: int | None = None) -> None:
        self.root, self.crash_at, self.done = root.resolve(), crash_at, []

    def install(self, monkeypatch: pytest.MonkeyPatch) -> FileOps:
        real_write, real_replace, real_unlink = store.fsync_write, os.replace, Path.unlink

        def op(kind: str, path) -> None:
            if Path(path).resolve().is_relative_to(self.root):
                if len(self.done) == self.crash_at:
                    raise SimulatedCrash(f"before {kind} {path}")
                self.done.append(f"{kind} {Path(path).relative_to(self.root)}")

        def write(path, data):
            op("write", path)
            real_write(path, data)

        def replace(src, dst, **kwargs):
            op("rename", dst)
            real_replace(src, dst, **kwargs)

        def unlink(path, missing_ok=False):
            op("unlink", path)
            real_unlink(path, missing_ok=missing_ok)

        monkeypatch.setattr(store, "fsync_write", write)
        monkeypatch.setattr(os, "replace", replace)
        monkeypatch.setattr(Path, "unlink", unlink)
        return self


@pytest.fixture(scope="module")
def versions(tmp_path_factory, capture_iv13) -> dict:
    """Source files, the data directory before (old) and after (new) the refresh, built at a fixed time."""
    folder = tmp_path_factory.mktemp("versions")
    (folder / "old.xml").write_bytes(capture_iv13)
    (folder / "new.xml").write_bytes(later(capture_iv13))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(layout, "now_utc", lambda: NOW)
        assert refresh(folder / "old", folder / "old.xml") == 0
        shutil.copytree(folder / "old", folder / "new")
        assert refresh(folder / "new", folder / "new.xml") == 0
    old, new = data_files(folder / "old"), data_files(folder / "new")
    assert old != new and old["IV-13/status.csv"] != new["IV-13/status.csv"]
    return {"old_dir": folder / "old", "old": old, "new": new, "source": folder / "new.xml"}


@pytest.fixture
def fixed_clock(monkeypatch):
    monkeypatch.setattr(layout, "now_utc", lambda: NOW)


def test_the_refresh_makes_the_expected_file_operations(versions, tmp_path, fixed_clock, monkeypatch):
    root = tmp_path / "data"
    shutil.copytree(versions["old_dir"], root)
    ops = FileOps(root).install(monkeypatch)
    assert refresh(root, versions["source"]) == 0
    monkeypatch.undo()
    assert len(ops.done) == EXPECTED_OPS, ("the refresh's writes changed; update EXPECTED_OPS so every gap "
                                           "between two writes gets a crash test:\n" + "\n".join(ops.done))
    # Stage everything, then the commit record, then the renames: the order crash safety rests on.
    record, removed = ops.done.index(f"rename {layout.PENDING}"), ops.done.index(f"unlink {layout.PENDING}")
    assert all(o.startswith("write ") and o.endswith(".tmp") for o in ops.done[:record])
    assert all(o.startswith("rename ") for o in ops.done[record + 1:removed])
    assert data_files(root) == versions["new"]


@pytest.mark.parametrize("crash_at", range(EXPECTED_OPS))
def test_a_crash_between_any_two_writes_leaves_old_or_new_never_a_mix(versions, tmp_path, fixed_clock,
                                                                        monkeypatch, capsys, crash_at):
    old, new = versions["old"], versions["new"]
    root = tmp_path / "data"
    shutil.copytree(versions["old_dir"], root)
    FileOps(root, crash_at).install(monkeypatch)
    with pytest.raises(SimulatedCrash):
        refresh(root, versions["source"])
    monkeypatch.undo()
    monkeypatch.setattr(layout, "now_utc", lambda: NOW)

    # Right after the crash no published file is torn: each is its old or its new version.
    crashed = data_files(root)
    for name, digest in crashed.items():
        assert digest in (old.get(name), new.get(name)), f"{name} is neither old nor new"
    if crashed not in (old, new):
        assert (root / layout.PENDING).exists(), "a mixed directory without a commit record cannot be recovered"

    # Recovery (what the next refresh runs first, under the lock) gives exactly one version.
    recovered = tmp_path / "recovered"
    shutil.copytree(root, recovered)
    store.recover(recovered)
    assert data_files(recovered) in (old, new)
    assert not list(recovered.rglob("*.tmp")) and not (recovered / layout.PENDING).exists()

    # The next refresh succeeds and ends on the new version, with each change logged once.
    capsys.readouterr()
    assert refresh(root, versions["source"]) == 0
    out = capsys.readouterr().out
    assert ("1 change: Benin ratified" in out) == (data_files(recovered) == old), out
    assert data_files(root) == new
    assert not list(root.rglob("*.tmp")) and not (root / layout.PENDING).exists()


LOCK_HOLDER = """
import sys
from pathlib import Path
from monitor.store.tables import refresh_lock
with refresh_lock(Path(sys.argv[1])):
    print("locked", flush=True)
    sys.stdin.readline()
"""


def hold_lock_in_another_process(root: Path) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-c", LOCK_HOLDER, str(root)], cwd=REPO, text=True,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            env=os.environ | {"PYTHONPATH": str(REPO)})
    assert proc.stdout.readline().strip() == "locked"
    return proc


def all_files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_a_second_refresh_while_one_runs_exits_1_and_touches_nothing(versions, tmp_path, capsys):
    root = tmp_path / "data"
    shutil.copytree(versions["old_dir"], root)
    holder = hold_lock_in_another_process(root)
    try:
        before = all_files(root)
        assert refresh(root, versions["source"]) == 1
        err = capsys.readouterr().err
        assert "another refresh" in err.lower() and "locked" in err and len(err.strip().splitlines()) == 1
        assert all_files(root) == before  # not even the log or health file
    finally:
        holder.stdin.close()
        holder.wait(timeout=10)
    assert refresh(root, versions["source"]) == 0  # released: the next one runs


def test_the_lock_is_also_exclusive_within_one_process(versions, tmp_path, capsys):
    root = tmp_path / "data"
    shutil.copytree(versions["old_dir"], root)
    holding, release = threading.Event(), threading.Event()

    def hold() -> None:
        with store.refresh_lock(root):
            holding.set()
            release.wait(10)

    thread = threading.Thread(target=hold)
    thread.start()
    try:
        assert holding.wait(5)
        assert refresh(root, versions["source"]) == 1
        assert "another refresh is running" in capsys.readouterr().err.lower()
    finally:
        release.set()
        thread.join(10)


def test_a_killed_refresh_does_not_leave_the_lock_behind(versions, tmp_path):
    root = tmp_path / "data"
    shutil.copytree(versions["old_dir"], root)
    holder = hold_lock_in_another_process(root)
    holder.kill()
    holder.wait(timeout=10)
    holder.stdin.close()
    holder.stdout.close()
    assert refresh(root, versions["source"]) == 0


def test_a_table_damaged_at_rest_is_refused_and_its_spare_copy_used(versions, tmp_path):
    root = tmp_path / "data"
    shutil.copytree(versions["old_dir"], root)
    status = root / "IV-13" / "status.csv"
    good = status.read_bytes()
    status.write_bytes(good[: len(good) // 2])  # truncated at rest: still a readable CSV, only shorter
    with pytest.raises(store.DataFileError, match="checksum differs"):
        store.load_status(root, "IV-13")
    frame, warning = store.load_with_fallback(root, "IV-13", store.load_status)
    assert len(frame) == PARTICIPANTS and "spare copy" in warning and "status.csv" in warning
    (root / "IV-13" / "meta.json").write_text("{not json")
    meta, warning = store.load_with_fallback(root, "IV-13", layout.load_meta)
    assert meta["treaty"] == "IV-13" and "meta.json" in warning
    # The next refresh repairs both from the source.
    assert refresh(root, versions["source"]) == 0
    assert len(store.load_status(root, "IV-13")) == 67


def test_a_damaged_table_without_a_spare_copy_names_the_file(versions, tmp_path):
    root = tmp_path / "data"
    shutil.copytree(versions["old_dir"], root)
    shutil.rmtree(root / "IV-13" / layout.LAST_GOOD)
    (root / "IV-13" / "declarations.csv").write_bytes(b"participant\n")
    with pytest.raises(store.DataFileError) as error:
        store.load_with_fallback(root, "IV-13", store.load_declarations)
    assert "declarations.csv" in str(error.value) and "python -m monitor refresh" in str(error.value)


def test_a_reader_during_refreshes_always_sees_a_whole_consistent_version(versions, tmp_path):
    """Refreshes alternate between two versions while a reader loads tables as the dashboard does."""
    import threading

    root = tmp_path / "data"
    shutil.copytree(versions["old_dir"], root)
    sources = [versions["source"], versions["old_dir"].parent / "old.xml"]
    stop, problems, reads = threading.Event(), [], [0]

    def read() -> None:
        while not stop.is_set():
            try:
                frame, warning = store.load_with_fallback(root, "IV-13", store.load_status)
            except Exception as exc:  # noqa: BLE001 - any failure is what this test looks for
                problems.append(repr(exc))
                continue
            reads[0] += 1
            if warning or len(frame) != 67:
                problems.append(warning or f"{len(frame)} rows")

    reader = threading.Thread(target=read)
    reader.start()
    try:
        for i in range(12):
            assert refresh(root, sources[i % 2]) == 0
    finally:
        stop.set()
        reader.join(timeout=30)
    assert reads[0] > 0 and problems == []
