"""The migration context's published tables: their columns, how they are written and how they are read."""

from __future__ import annotations

from io import TextIOWrapper
from pathlib import Path

import pandas as pd

from monitor.store import layout
from monitor.store.tables import Transaction, read_csv

STOCK_COLUMNS = ["iso3", "m49", "name", "year", "immigrants", "emigrants", "population"]
REMITTANCE_COLUMNS = ["iso3", "year", "usd", "pct_gdp", "provisional_year", "provisional_usd"]
UPR_COLUMNS = ["session", "year", "under_review", "recommending", "response", "text"]
UPR_FACT_COLUMNS = [c for c in UPR_COLUMNS if c != "text"]  # the text is optional (see README)
REVIEWED_COLUMNS = ["iso3", "sessions"]

# key the readers use -> (file, columns every copy must have)
TABLES = {"stock": (layout.STOCK_FILE, STOCK_COLUMNS), "remittances": (layout.REMITTANCES_FILE, REMITTANCE_COLUMNS),
          "upr": (layout.UPR_FILE, UPR_FACT_COLUMNS), "reviewed": (layout.UPR_REVIEWED_FILE, REVIEWED_COLUMNS)}


def publish_context(root: Path, files: dict[str, bytes], log: TextIOWrapper, summary: str) -> None:
    """Publish the context files (named as in layout.CONTEXT_FILES) all or none; the caller holds the lock."""
    tx = Transaction(root)
    for name, data in files.items():
        tx.write(layout.context_relative(name), data)
    tx.commit()
    log.write(f"{layout.now_utc()}\tcontext\tpublished\t{summary}\n")


def load_context_meta(root: Path) -> dict:
    """The context's meta.json (each source's publisher, title, URL, vintage); empty when never imported."""
    path = layout.context_dir(root) / layout.META_FILE
    return layout.read_json(path) if path.exists() else {}


def load_context(root: Path) -> dict[str, pd.DataFrame] | None:
    """The published context tables (strings), checked against meta.json; None when never imported."""
    folder = layout.context_dir(root)
    if not (folder / layout.META_FILE).exists():
        return None
    digests = layout.read_json(folder / layout.META_FILE).get("files") or {}
    return {key: read_csv(folder / name, columns, digests.get(name)) for key, (name, columns) in TABLES.items()}
