"""The data directory's layout: every file name and path, and the small JSON and feed files.

No pandas here: the server and the first page read meta.json, health.json and feed.atom through
this module before anything heavy is imported. Nothing outside monitor.store builds a path into
the data directory.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path

from contract import REPO_DIR
from contract.errors import DataFileError
from contract.ids import TREATY_ID_RE
from contract.treaties import tracked_ids

DEFAULT_DATA_DIR = REPO_DIR / "data"

# Per treaty, in <root>/<ID>/:
STATUS_FILE = "status.csv"
DECLARATIONS_FILE = "declarations.csv"
NOTES_FILE = "notes.csv"
META_FILE = "meta.json"
RAW_DIR = "raw"
LAST_GOOD = "last-good"  # <ID>/last-good/: copies of the last published tables, for damage at rest
# In <root>/:
CHANGES_FILE = "changes.csv"
HEALTH_FILE = "health.json"
FEED_FILE = "feed.atom"
LOG_FILE = "refresh.log"  # append-only; also the lock's anchor
PENDING = ".pending.json"  # the commit record of a write that was interrupted
REFRESHER_FILE = "refresher.json"  # the background refresher's progress and last result (monitor.refresher)
CACHE_DIR = ".cache"  # kept overview facts (monitor.store.snapshot): a cache, never data
# The migration context (python -m monitor context), in <root>/context/, with its own meta.json:
CONTEXT_DIR = "context"
STOCK_FILE = "migrant_stock.csv"
REMITTANCES_FILE = "remittances.csv"
UPR_FILE = "upr.csv"
UPR_REVIEWED_FILE = "upr_reviewed.csv"
CONTEXT_FILES = (META_FILE, STOCK_FILE, REMITTANCES_FILE, UPR_FILE, UPR_REVIEWED_FILE)

# Files a page depends on: their modification times key the dashboard's caches.
TREATY_FILES = (STATUS_FILE, DECLARATIONS_FILE, META_FILE, NOTES_FILE)
ROOT_FILES = (CHANGES_FILE, HEALTH_FILE, FEED_FILE)


def data_dir(path: str | os.PathLike | None = None) -> Path:
    """The data directory: an explicit path, else $MONITOR_DATA_DIR, else ./data of the repo."""
    return Path(path or os.environ.get("MONITOR_DATA_DIR") or DEFAULT_DATA_DIR)


def treaty_dir(root: Path, treaty_id: str) -> Path:
    """Folder of one treaty's files (the id was validated before it reached a path)."""
    return root / treaty_id


def file_path(root: Path, treaty_id: str, name: str) -> Path:
    """Where a data file lives: a per-treaty file in the treaty's folder, any other in the root."""
    return (treaty_dir(root, treaty_id) if name in TREATY_FILES else root) / name


def file_stamp(root: Path, treaty: str, treaty_files: tuple[str, ...] = TREATY_FILES,
               root_files: tuple[str, ...] = ROOT_FILES) -> tuple:
    """(name, mtime_ns, size) of each file, None for a missing one: the key of anything cached from them."""
    stamp = []
    for name in treaty_files + root_files:
        path = (treaty_dir(root, treaty) if name in treaty_files else root) / name
        try:
            info = path.stat()
            stamp.append((name, info.st_mtime_ns, info.st_size))
        except OSError:
            stamp.append((name, None, None))
    return tuple(stamp)


def context_dir(root: Path) -> Path:
    """Folder of the migration context's files."""
    return root / CONTEXT_DIR


def context_relative(name: str) -> str:
    """A context file's path relative to the data directory (what a Transaction stages)."""
    return f"{CONTEXT_DIR}/{name}"


def context_stamp(root: Path) -> tuple:
    """(name, mtime_ns, size) of each context file: the key of anything cached from them."""
    return file_stamp(root, CONTEXT_DIR, CONTEXT_FILES, ())


def treaty_set_stamp(root: Path) -> tuple:
    """The versions of every tracked treaty's files (and of the root's, once): the key of anything computed from
    all of them."""
    return (file_stamp(root, "", (), ROOT_FILES),
            *((treaty, file_stamp(root, treaty, TREATY_FILES, ())) for treaty in tracked_ids()))


def now_utc() -> str:
    """The current time as an ISO 8601 UTC string without microseconds."""
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def read_json(path: Path) -> dict:
    """Read a JSON object; raise DataFileError if missing or invalid."""
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise DataFileError(f"{path.name} is missing", source=str(path)) from exc
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise DataFileError(f"{path.name} is not valid JSON ({exc})", source=str(path)) from exc
    if not isinstance(value, dict):
        raise DataFileError(f"{path.name} does not hold a JSON object", source=str(path))
    return value


def json_bytes(value: dict) -> bytes:
    """Stable JSON bytes for files we commit."""
    return (json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")


def has_data(root: Path, treaty_id: str) -> bool:
    """Whether the treaty was ever refreshed into this directory (it has a meta.json)."""
    return (treaty_dir(root, treaty_id) / META_FILE).is_file()


def load_meta(root: Path, treaty_id: str) -> dict | None:
    """A treaty's meta.json, or None if it was never refreshed."""
    path = treaty_dir(root, treaty_id) / META_FILE
    return read_json(path) if path.exists() else None


def load_health(root: Path) -> dict:
    """The last refresh attempt per treaty (empty if none yet)."""
    path = root / HEALTH_FILE
    return read_json(path) if path.exists() else {}


def loaded_treaties(root: Path) -> list[str]:
    """Ids of the treaties with data in this directory (a meta.json), sorted; never-refreshed ones are absent."""
    if not root.is_dir():
        return []
    return sorted(folder.name for folder in root.iterdir()
                  if TREATY_ID_RE.match(folder.name) and (folder / META_FILE).is_file())


def read_feed(root: Path) -> bytes | None:
    """The Atom feed the last refresh wrote, None before the first one (or when it cannot be read)."""
    try:
        return (root / FEED_FILE).read_bytes()
    except OSError:
        return None


def read_kept_sources(root: Path, treaty_id: str) -> tuple[dict, dict] | None:
    """(meta.json, health.json) for the first page, None when either cannot be read (never an error)."""
    try:
        meta = json.loads((treaty_dir(root, treaty_id) / META_FILE).read_text(encoding="utf-8"))
        health_path = root / HEALTH_FILE
        health = json.loads(health_path.read_text(encoding="utf-8")) if health_path.exists() else {}
    except (OSError, ValueError):
        return None
    return meta, health


def site_inputs(root: Path) -> list[tuple[str, Path]]:
    """(name, path) of every data file a published site is made from, sorted: each loaded treaty's files, the
    change log and its feed, the migration context (local-only files, health.json and the logs left out)."""
    found = [(f"{treaty}/{name}", treaty_dir(root, treaty) / name)
             for treaty in loaded_treaties(root) for name in TREATY_FILES]
    found += [(name, root / name) for name in (CHANGES_FILE, FEED_FILE)]
    found += [(context_relative(name), context_dir(root) / name) for name in CONTEXT_FILES]
    return sorted(found)


def package_file(root: Path, relative: str) -> Path:
    """A table the data package names (datapackage.json's `path`): in the data directory, or, for the tracked
    treaties and the reference tables that ship with the code, in the repository's data folder."""
    shipped = relative == "treaties.csv" or relative.startswith("reference/")
    return DEFAULT_DATA_DIR / relative if shipped and not (root / relative).is_file() else root / relative


def read_refresher(root: Path) -> dict:
    """The background refresher's status (empty when none ran here, or the file cannot be read: never an error)."""
    try:
        value = json.loads((root / REFRESHER_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}


def write_refresher(root: Path, status: dict) -> None:
    """Replace the refresher's status in one atomic rename (a reader sees the old or the new, whole)."""
    root.mkdir(parents=True, exist_ok=True)
    staged = root / (REFRESHER_FILE + f".{os.getpid()}.tmp")
    staged.write_bytes(json_bytes(status))
    os.replace(staged, root / REFRESHER_FILE)


def refresher_stamp(root: Path) -> tuple:
    """(mtime_ns, size) of the refresher's status file: what a page polls while a refresh runs."""
    try:
        info = (root / REFRESHER_FILE).stat()
    except OSError:
        return (None, None)
    return (info.st_mtime_ns, info.st_size)
