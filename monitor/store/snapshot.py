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

This module imports nothing heavy and computes nothing: monitor.analysis.overview builds the facts.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from functools import cache
from pathlib import Path

from contract import REPO_DIR
from monitor.store.layout import CACHE_DIR, DECLARATIONS_FILE, META_FILE, STATUS_FILE, treaty_dir

FORMAT = 2
INPUT_FILES = (STATUS_FILE, DECLARATIONS_FILE, META_FILE)
# What the facts are computed with: this package's code and the reference tables.
CODE_GLOBS = (("contract", "*.py"), ("monitor", "**/*.py"), ("data/reference", "*.csv"), ("data", "treaties.csv"))


def cache_path(root: Path, treaty: str) -> Path:
    """Where the overview's facts for this treaty are kept."""
    return root / CACHE_DIR / f"overview-{treaty}.json"


@cache
def code_digest() -> str:
    """A digest of what computes the facts (the code does not change under a running process)."""
    digest = hashlib.sha256()
    for folder, pattern in CODE_GLOBS:
        for path in sorted((REPO_DIR / folder).glob(pattern)):
            digest.update(path.relative_to(REPO_DIR).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def fingerprint(root: Path, treaty: str) -> str | None:
    """A digest of everything the facts depend on; None when an input file is missing or unreadable."""
    digest = hashlib.sha256(f"{FORMAT}\0{treaty}\0{code_digest()}\0".encode())
    for name in INPUT_FILES:
        try:
            digest.update(name.encode() + b"\0" + (treaty_dir(root, treaty) / name).read_bytes() + b"\0")
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


def stamped(root: Path, treaty: str, facts: dict) -> dict:
    """The facts with this format and the fingerprint of the files they were computed from, first."""
    return {"format": FORMAT, "fingerprint": fingerprint(root, treaty), **facts}
