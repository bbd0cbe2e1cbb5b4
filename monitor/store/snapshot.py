"""The overview page's facts, kept ready in one small JSON file so the first page needs no pandas.

Importing pandas and reading the tables takes most of a second on a 2-core machine, and the overview
is the page every visitor opens first. So the dashboard, when it computes the overview's facts, also
writes them to `<data dir>/.cache/overview-<ID>.json`, and the next server process draws the
overview from that file alone. (The refresh does not write it: its files are exactly the data
contract, and a running server computes the facts at the first visit after a refresh anyway.)
It is a cache, not data: it is
never the only copy of anything, and it is used only while its fingerprint still matches (the
treaty's tables and meta.json, the reference tables and this package's code, byte for byte), so an
edited table, a refresh or an upgrade simply makes it miss, and the page computes the facts again.
Writing it is best effort: a read-only data directory only costs the speed.

This module imports nothing heavy; `build` imports monitor.analysis (pandas) when it is called.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from datetime import date
from functools import cache
from pathlib import Path

from monitor.paths import REPO_DIR

FORMAT = 1
OVERVIEW_TREATY = "IV-13"  # the treaty the dashboard's overview shows
CACHE_DIR = ".cache"
INPUT_FILES = ("status.csv", "declarations.csv", "meta.json")
# What the facts are computed with: this package's code and the reference tables.
CODE_GLOBS = (("monitor", "*.py"), ("data/reference", "*.csv"), ("data", "treaties.csv"))


def cache_path(root: Path, treaty: str) -> Path:
    """Where the overview's facts for this treaty are kept."""
    return root / CACHE_DIR / f"overview-{treaty}.json"


@cache
def code_digest() -> str:
    """A digest of what computes the facts (the code does not change under a running process)."""
    digest = hashlib.sha256()
    for folder, pattern in CODE_GLOBS:
        for path in sorted((REPO_DIR / folder).glob(pattern)):
            digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def fingerprint(root: Path, treaty: str) -> str | None:
    """A digest of everything the facts depend on; None when an input file is missing or unreadable."""
    digest = hashlib.sha256(f"{FORMAT}\0{treaty}\0{code_digest()}\0".encode())
    for name in INPUT_FILES:
        try:
            digest.update(name.encode() + b"\0" + (root / treaty / name).read_bytes() + b"\0")
        except OSError:
            return None
    return digest.hexdigest()


def load(root: Path, treaty: str) -> dict | None:
    """The kept facts if they still match the data and the code, else None (never an error)."""
    expected = fingerprint(root, treaty)
    if expected is None:
        return None
    try:
        facts = json.loads(cache_path(root, treaty).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(facts, dict) or facts.get("fingerprint") != expected:
        return None
    return facts


def save(root: Path, treaty: str, facts: dict) -> bool:
    """Keep the facts (atomically: a reader sees the old file or the new one); False if it could not."""
    path = cache_path(root, treaty)
    try:
        path.parent.mkdir(exist_ok=True)
        handle = tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, suffix=".tmp", delete=False)
    except OSError:
        return False
    try:
        with handle:
            json.dump(facts, handle, ensure_ascii=False, separators=(",", ":"))
        os.chmod(handle.name, 0o644)  # readable like the data beside it (a temp file starts private)
        os.replace(handle.name, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(handle.name)
        return False
    return True


def build(root: Path, treaty: str, status, declarations, meta: dict, info: dict) -> dict:
    """The overview's facts from the loaded tables (pandas frames, as monitor.store loads them).

    ``fingerprint`` is taken from the files as they are now; the caller passes the tables it read
    from those same files.
    """
    from monitor import analysis
    from monitor.downloads import status_download

    as_of = analysis.parse_date(str(meta.get("data_as_of", "")), file="meta.json")
    numbers = analysis.build_overview_numbers(
        status, declarations, as_of,
        individual_article=info.get("individual_article") or "77",
        individual_threshold=int(info.get("individual_threshold") or 10),
        interstate_article=info.get("interstate_article") or "76")
    table = analysis.build_country_status(status)
    download = status_download(table, as_of)
    return {
        "format": FORMAT, "fingerprint": fingerprint(root, treaty), "treaty": treaty, "as_of": as_of.isoformat(),
        "numbers": {key: value.isoformat() if isinstance(value, date) else value for key, value in numbers.items()},
        "map": [[iso3, status_label, list(lines)] for iso3, _, status_label, lines in analysis.build_map_lines(table)],
        "download": {"file_name": download.file_name, "mime": download.mime, "text": download.data.decode("utf-8")},
    }


def keep(root: Path, treaty: str = OVERVIEW_TREATY) -> bool:
    """Compute and keep the facts from the published files (the benchmark's set-up); False if it could not.

    Never raises: the facts are only a speed-up, and the dashboard computes them when they are missing.
    """
    from monitor import store
    from monitor.errors import MonitorError
    from monitor.registry import treaty_info

    try:
        meta = store.load_meta(root, treaty)
        if meta is None:
            return False
        status = store.load_status(root, treaty)
        declarations = store.load_declarations(root, treaty)
        return save(root, treaty, build(root, treaty, status, declarations, meta, treaty_info(treaty)))
    except (MonitorError, OSError, ValueError):
        return False
