"""The cached loaders: the data directory read through monitor.store, once per version of its files.

Importing this module loads pandas; the overview's first run must not (see views/overview.py)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd
import plotly.graph_objects  # noqa: F401 - loaded before the freeze below, so it is frozen too
import streamlit as st

from contract.errors import DataFileError
from contract.treaties import Articles, articles, tracked_ids
from monitor.analysis.context import context_table
from monitor.analysis.context_targets import context_factors
from monitor.analysis.freshness import Freshness, build_freshness
from monitor.analysis.refresh_status import RefreshPhase, build_refresh_view
from monitor.analysis.status import build_country_status
from monitor.analysis.treaties import TreatySet, build_treaty_set
from monitor.store import layout
from monitor.store import tables as store
from monitor.store.checked import load_tracked, load_treaty
from monitor.store.context import load_context
from views.frame import TREATY
from views.freeze import freeze_new_modules


@dataclass
class Dataset:
    """The loaded data directory plus the per-country status table computed from it."""

    root: str
    treaty: str
    articles: Articles
    status: pd.DataFrame
    declarations: pd.DataFrame
    notes: dict[str, str]
    meta: dict
    changes: pd.DataFrame
    health: dict
    feed: bytes | None
    table: pd.DataFrame
    as_of: date
    stamp: tuple
    metas: dict[str, dict] = field(default_factory=dict)  # every tracked treaty with data: its meta.json
    warnings: list[str] = field(default_factory=list)  # e.g. a damaged table replaced by its spare copy
    freshness: Freshness | None = None  # set on every run: today changes

    @property
    def key(self) -> tuple:
        """Cache key of anything computed from this data: the folder and its files' versions."""
        return (self.root, self.treaty, self.stamp)

    def path(self, name: str) -> Path:
        """Where a data file lives (the store says)."""
        return layout.file_path(Path(self.root), self.treaty, name)

    @property
    def feed_path(self) -> Path:
        """Where the refresh writes the Atom feed."""
        return self.path(layout.FEED_FILE)


def with_path(exc: DataFileError, root: Path, treaty: str) -> DataFileError:
    """Give an error raised on a bare file name the full path of that file."""
    source = exc.source or ""
    if source and "/" not in source:
        exc.source = str(layout.file_path(root, treaty, source))
    return exc


@st.cache_data(show_spinner="Loading the data…", max_entries=4)
def _load(root: str, treaty: str, stamp: tuple) -> Dataset:
    """Read and check every file once per distinct set of modification times."""
    del stamp  # only the cache key: a changed file changes it
    folder = Path(root)
    try:
        loaded = load_treaty(folder, treaty)
        meta, as_of, status, declarations = loaded.meta, loaded.as_of, loaded.status, loaded.declarations
        notes = store.load_notes(folder, treaty)
        changes = store.load_changes(folder)
        health = layout.load_health(folder)
        feed = layout.read_feed(folder)
        table = build_country_status(status)
        metas = {other: layout.load_meta(folder, other) for other in tracked_ids()
                 if layout.has_data(folder, other)}
    except DataFileError as exc:
        raise with_path(exc, folder, treaty) from None
    return Dataset(root=root, treaty=treaty, articles=articles(treaty), status=status,
                   declarations=declarations, notes=notes, meta=meta, changes=changes, health=health, feed=feed,
                   table=table, as_of=as_of, stamp=layout.file_stamp(folder, treaty), metas=metas,
                   warnings=loaded.warnings)


_held: dict[tuple[str, str], tuple] = {}  # (folder, what) -> the version of its files the pages last read


def steady(root: Path, what: str, current: tuple) -> tuple:
    """The version of the files to read: the current one, except while the background refresh publishes treaty
    after treaty; the pages then keep the version they last read, and move to the new data once, when the
    refresh ends (the sidebar runs the page again then), instead of reloading every table at every click."""
    key = (str(root), what)
    held = _held.get(key)
    if held is None or held == current:  # nothing changed since the last read: no need to ask the refresher
        _held[key] = current
        return current
    if build_refresh_view(layout.read_refresher(root)).phase is RefreshPhase.RUNNING:
        return held
    _held[key] = current
    return current


def get_dataset() -> Dataset:
    """The current data, reloaded only when a file's modification time or size changed."""
    root = layout.data_dir()
    data = _load(str(root), TREATY, steady(root, "dataset", layout.file_stamp(root, TREATY)))
    data.freshness = build_freshness(data.meta, data.health, TREATY, date.today())
    return data


def is_current(data: Dataset) -> bool:
    """Whether `data` is still the version get_dataset() would read now (a part of a page that reruns alone, an
    st.fragment, runs the whole page again when it is not, so that new data shows at the next interaction)."""
    root = Path(data.root)
    return steady(root, "dataset", layout.file_stamp(root, data.treaty)) == data.stamp


# cache_resource, not cache_data: every page only reads it, and unpickling the twenty treaties' tables again at
# every rerun cost /country about a tenth of its script time (BENCHMARKS.md).
@st.cache_resource(show_spinner="Loading the other treaties…", max_entries=4)
def _load_treaty_set(root: str, stamp: tuple) -> TreatySet:
    """Every tracked treaty that was refreshed, once per distinct set of modification times (shared, read only)."""
    del stamp  # only the cache key
    treaties = build_treaty_set(load_tracked(Path(root)))
    for computed in ("states", "accepting", "art77"):  # computed once here, so the cached copy carries them
        getattr(treaties, computed)
    return treaties


def treaty_set_stamp(data: Dataset) -> tuple:
    """The versions of every tracked treaty's files, as one digest: the cache key of anything computed from them
    (Streamlit's hashing of the hundred-odd (file, time, size) triples at every cache lookup cost more than
    reading them)."""
    stamp = steady(Path(data.root), "treaty_set", layout.treaty_set_stamp(Path(data.root)))
    return (hashlib.blake2b(repr(stamp).encode(), digest_size=16).hexdigest(),)


def get_treaty_set(data: Dataset, stamp: tuple | None = None) -> TreatySet:
    """The tracked treaties beside the ICRMW, reloaded when any of their files changed (`stamp`: this run's
    treaty_set_stamp, when the page already has it)."""
    return _load_treaty_set(data.root, stamp or treaty_set_stamp(data))


@dataclass(frozen=True)
class Context:
    """The imported migration context: its tables, the per-State table and the target factors."""

    tables: dict[str, pd.DataFrame]
    table: pd.DataFrame  # analysis.context.context_table
    factors: pd.DataFrame  # analysis.context_targets.context_factors
    stamp: tuple  # the versions of its files: the cache key of anything computed from it


@st.cache_data(show_spinner=False, max_entries=4)
def _load_context(root: str, stamp: tuple) -> Context | None:
    """Read, check and compute the context once per version of its files (None: never imported)."""
    tables = load_context(Path(root))
    if tables is None:
        return None
    table = context_table(tables)
    return Context(tables=tables, table=table, factors=context_factors(table), stamp=stamp)


def context_stamp(data: Dataset) -> tuple:
    """The versions of the migration context's files: the cache key of anything computed from them."""
    return steady(Path(data.root), "context", layout.context_stamp(Path(data.root)))


def get_context(data: Dataset) -> Context | None:
    """The migration context of the data directory, None when never imported; DataFileError if damaged."""
    return _load_context(data.root, context_stamp(data))


# What this import loaded (pandas, plotly, monitor) stays for the life of the process: out of the garbage
# collector's walks at once (views/freeze.py; the router freezes again after the run).
freeze_new_modules()
