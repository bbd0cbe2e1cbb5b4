"""The brief's inputs, read through the store once per version of the data files and kept until a refresh
(the brief route serves many States one after another: each then costs only its own facts and drawing)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd

from contract.errors import DataFileError
from contract.treaties import ICRMW
from monitor.analysis.brief import (
    BriefFacts,
    ContextInputs,
    SharedFacts,
    build_brief_facts,
    build_brief_inputs,
    build_context_inputs,
    context_facts,
    core_counts,
    shared_facts,
)
from monitor.analysis.treaties import TreatySet
from monitor.store import layout
from monitor.store.checked import load_tracked
from monitor.store.context import load_context, load_context_meta


@lru_cache(maxsize=2)
def _inputs(root: str, stamp: tuple) -> tuple[TreatySet, pd.DataFrame]:
    del stamp  # only the cache key: the versions of every tracked treaty's files
    folder = Path(root)
    return build_brief_inputs(load_tracked(folder), str(layout.treaty_dir(folder, ICRMW)))


@lru_cache(maxsize=2)
def _counts(root: str, stamp: tuple) -> pd.DataFrame:
    return core_counts(_inputs(root, stamp)[0])


@lru_cache(maxsize=2)
def _shared(root: str, stamp: tuple) -> SharedFacts:
    return shared_facts(*_inputs(root, stamp))


def load_every_state(root: Path) -> pd.DataFrame:
    """Every State's status under every treaty, and core counts, for the briefs of every State: computed once
    per version of the data (a publish does it before its worker processes fork, and they inherit it), with
    the facts every brief shares."""
    stamp = layout.treaty_set_stamp(root)
    _shared(str(root), stamp)
    return _counts(str(root), stamp)


@lru_cache(maxsize=2)
def _context(root: str, stamp: tuple) -> ContextInputs | None:
    del stamp  # only the cache key: the versions of the context's files
    tables = load_context(Path(root))
    if tables is None:
        return None
    return build_context_inputs(tables, load_context_meta(Path(root)))


def load_context_inputs(root: Path) -> ContextInputs | None:
    """The migration context's shared inputs; None when it was never imported or cannot be read (the brief
    then says the figures are not in this copy of the data, and still prints the rest)."""
    try:
        return _context(str(root), layout.context_stamp(root))
    except DataFileError:
        return None


def brief_facts(root: Path, iso3: str, every_state: bool = False) -> BriefFacts:
    """The brief's facts for one State from the data directory (UnknownState, DataFileError).

    With `every_state` (a publish: every State's brief), every State's status under every treaty is computed
    once and kept (load_every_state); without, only this State's: a brief alone (the dashboard) costs less."""
    stamp = layout.treaty_set_stamp(root)
    treaties, table = _inputs(str(root), stamp)
    counts = _counts(str(root), stamp) if every_state else None
    return build_brief_facts(iso3, treaties, table, context_facts(load_context_inputs(root), iso3), counts,
                             _shared(str(root), stamp))
