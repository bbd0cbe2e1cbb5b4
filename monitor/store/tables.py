"""The stored tables: deterministic CSV bytes, checksummed loading with last-good fallback, atomic
all-or-nothing writes and the refresh lock. File names and the JSON files are in monitor.store.layout."""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import io
import json
import os
import time
from collections.abc import Iterator
from pathlib import Path

import pandas as pd

from contract import REFRESH_COMMAND
from contract.errors import DataFileError, RefreshLocked
from contract.model import (
    CHANGE_COLUMNS,
    DECLARATION_COLUMNS,
    NON_BINDING_ACTIONS,
    NOTE_COLUMNS,
    PROVISIONAL_COLUMNS,
    STATUS_COLUMNS,
)
from monitor.store.layout import (
    CHANGES_FILE,
    DECLARATIONS_FILE,
    LAST_GOOD,
    LOG_FILE,
    NOTES_FILE,
    PENDING,
    STATUS_FILE,
    load_meta,
    treaty_dir,
)


def sha256(data: bytes) -> str:
    """Hex digest of some bytes."""
    return hashlib.sha256(data).hexdigest()


def frame_to_csv(frame: pd.DataFrame, columns: list[str]) -> bytes:
    """Deterministic CSV bytes: fixed columns, UTF-8, '\\n' endings, empty cells for missing."""
    return frame.reindex(columns=columns).to_csv(index=False, lineterminator="\n").encode("utf-8")


def read_csv(path: Path, columns: list[str], digest: str | None = None) -> pd.DataFrame:
    """Read one of our CSVs as strings ('NA' is Namibia, not missing); raise DataFileError if bad.

    With `digest` (the sha256 meta.json recorded when the file was published), a file that was
    truncated or altered since is refused rather than shown short.
    """
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise DataFileError(f"{path.name} is missing", source=str(path)) from exc
    if digest and sha256(data) != digest:
        raise DataFileError(f"{path.name} is damaged or was edited (its checksum differs from meta.json)",
                            source=str(path))
    try:
        frame = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False, encoding="utf-8")
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise DataFileError(f"{path.name} cannot be read ({exc})", source=str(path)) from exc
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise DataFileError(f"{path.name} lacks the columns {missing}", source=str(path))
    return frame


def fsync_write(path: Path, data: bytes) -> None:
    """Write the bytes and force them to disk before any rename publishes them."""
    with open(path, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


class Transaction:
    """Stage every file of a refresh, then publish them all or none.

    Each file is written to `<name>.tmp` first; a commit record listing the renames is then
    written atomically, and the renames follow. A crash before the record leaves only `.tmp`
    files (discarded by `recover`); a crash after it is completed by `recover`.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self.files: dict[str, bytes] = {}

    def write(self, relative: str, data: bytes) -> None:
        """Stage a file (path relative to the data directory)."""
        self.files[relative] = data

    def commit(self) -> None:
        """Write the staged files, then the commit record, then rename them into place."""
        if not self.files:
            return
        for relative, data in self.files.items():
            target = self.root / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            fsync_write(target.with_name(target.name + ".tmp"), data)
        if len(self.files) == 1:  # one rename is atomic by itself: no commit record needed
            (relative,) = self.files
            os.replace(self.root / (relative + ".tmp"), self.root / relative)
            return
        fsync_write(self.root / (PENDING + ".tmp"), json.dumps(sorted(self.files)).encode())
        os.replace(self.root / (PENDING + ".tmp"), self.root / PENDING)
        finish_pending(self.root)


def finish_pending(root: Path) -> None:
    """Complete the renames of a committed transaction, then drop its record."""
    record = root / PENDING
    for relative in json.loads(record.read_text()):
        staged = root / (relative + ".tmp")
        if staged.exists():
            os.replace(staged, root / relative)
    record.unlink()


def recover(root: Path) -> None:
    """Finish a committed transaction or discard an uncommitted one, after a crash."""
    if (root / PENDING).exists():
        finish_pending(root)
    for stale in root.rglob("*.tmp"):
        stale.unlink()


@contextlib.contextmanager
def refresh_lock(root: Path) -> Iterator[io.TextIOWrapper]:
    """Hold the data directory's lock (on the append-only log) for one refresh; fail if taken."""
    root.mkdir(parents=True, exist_ok=True)
    with open(root / LOG_FILE, "a", encoding="utf-8") as log:
        try:
            fcntl.flock(log.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise RefreshLocked("the data directory is locked by another refresh",
                                source=str(root / LOG_FILE)) from exc
        try:
            recover(root)
            yield log
        finally:
            fcntl.flock(log.fileno(), fcntl.LOCK_UN)


def _recorded_digest(root: Path, treaty_id: str, name: str) -> str | None:
    """The checksum meta.json recorded for a table, if meta.json is readable and has one."""
    try:
        meta = load_meta(root, treaty_id) or {}
    except DataFileError:
        return None
    return (meta.get("files") or {}).get(name)


def load_status(root: Path, treaty_id: str) -> pd.DataFrame:
    """A treaty's status.csv as strings, checked against meta.json's checksum, in the current layout."""
    digest = _recorded_digest(root, treaty_id, STATUS_FILE)
    legacy = [c for c in STATUS_COLUMNS if c not in PROVISIONAL_COLUMNS]
    return upgrade_status(read_csv(treaty_dir(root, treaty_id) / STATUS_FILE, legacy, digest))


def status_in_current_layout(root: Path, treaty_id: str) -> bool:
    """False when the treaty's status.csv has a header row without today's columns (written by an older
    version); True when it is current, or absent."""
    path = treaty_dir(root, treaty_id) / STATUS_FILE
    try:
        with path.open(encoding="utf-8-sig") as handle:
            header = handle.readline().strip().split(",")
    except (FileNotFoundError, UnicodeDecodeError):
        return True  # nothing to upgrade: a missing or damaged file is the loaders' business
    return header == STATUS_COLUMNS


def upgrade_status(frame: pd.DataFrame) -> pd.DataFrame:
    """A status table written before the provisional columns existed, in the current layout: a provisional
    application or acceptance moves out of the consent columns into its own (a file already in the current
    layout is returned as it is). The refresh then writes the new layout at its next publication."""
    if all(c in frame.columns for c in PROVISIONAL_COLUMNS):
        return frame
    frame = frame.copy()
    moved = frame["consent_action"].isin(NON_BINDING_ACTIONS)
    for part in ("date", "action", "withdrawn"):
        frame[f"provisional_{part}"] = frame[f"consent_{part}"].where(moved, "")
        frame.loc[moved, f"consent_{part}"] = ""
    return frame[STATUS_COLUMNS]


def load_declarations(root: Path, treaty_id: str) -> pd.DataFrame:
    """A treaty's declarations.csv as strings, checked against meta.json's checksum."""
    digest = _recorded_digest(root, treaty_id, DECLARATIONS_FILE)
    return read_csv(treaty_dir(root, treaty_id) / DECLARATIONS_FILE, DECLARATION_COLUMNS, digest)


def load_changes(root: Path) -> pd.DataFrame:
    """The change log of all treaties (empty if none yet)."""
    path = root / CHANGES_FILE
    if not path.exists():
        return pd.DataFrame(columns=CHANGE_COLUMNS)
    return read_csv(path, CHANGE_COLUMNS)


def load_notes(root: Path, treaty_id: str) -> dict[str, str]:
    """A treaty's end notes (notes.csv) by index; empty when the refresh wrote none."""
    path = treaty_dir(root, treaty_id) / NOTES_FILE
    if not path.exists():
        return {}
    rows = read_csv(path, NOTE_COLUMNS)
    return dict(zip(rows["index"], rows["text"], strict=True))


def wait_for_publish(root: Path, timeout: float = 2.0) -> None:
    """Wait (briefly) while a refresh's commit record shows it is renaming files into place."""
    deadline = time.monotonic() + timeout
    while (root / PENDING).exists() and time.monotonic() < deadline:
        time.sleep(0.02)


def load_with_fallback(root: Path, treaty_id: str, loader) -> tuple[object, str]:
    """loader(root, treaty_id), or the same from last-good/ with a warning if the file is damaged.

    Raises the original DataFileError when there is no good spare copy either.
    """
    try:
        return loader(root, treaty_id), ""
    except DataFileError:
        pass
    # A refresh may be renaming its files this very moment (new table, old checksum): let it finish.
    wait_for_publish(root)
    try:
        return loader(root, treaty_id), ""
    except DataFileError as exc:
        try:  # the spare folder has the same layout: <ID>/last-good/{status.csv, meta.json, ...}
            value = loader(treaty_dir(root, treaty_id), LAST_GOOD)
        except DataFileError:
            raise exc from None
        return value, (f"{exc.cause} ({exc.source}); showing the spare copy from {LAST_GOOD}/. "
                       f"Run `{REFRESH_COMMAND}` to repair it.")
