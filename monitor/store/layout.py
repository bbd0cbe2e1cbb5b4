"""Where the data lives (no pandas here: the dashboard's first page reads this before anything heavy)."""

from __future__ import annotations

import os
from pathlib import Path

REPO_DIR = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = REPO_DIR / "data"


def data_dir(path: str | os.PathLike | None = None) -> Path:
    """The data directory: an explicit path, else $MONITOR_DATA_DIR, else ./data of the repo."""
    return Path(path or os.environ.get("MONITOR_DATA_DIR") or DEFAULT_DATA_DIR)
