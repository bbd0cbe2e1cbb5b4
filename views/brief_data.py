"""The brief's inputs, read through the store once per version of the data files and kept until a refresh
(the brief route serves many States one after another: each then costs only its own facts and drawing)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd

from contract.treaties import ICRMW
from monitor.analysis.brief import BriefFacts, build_brief_facts, build_brief_inputs, context_facts
from monitor.analysis.treaties import TreatySet
from monitor.store import layout
from monitor.store.checked import load_tracked


@lru_cache(maxsize=2)
def _inputs(root: str, stamp: tuple) -> tuple[TreatySet, pd.DataFrame, pd.DataFrame]:
    del stamp  # only the cache key: the versions of every tracked treaty's files
    folder = Path(root)
    return build_brief_inputs(load_tracked(folder), str(layout.treaty_dir(folder, ICRMW)))


def brief_facts(root: Path, iso3: str) -> BriefFacts:
    """The brief's facts for one State from the data directory (UnknownState, DataFileError)."""
    treaties, table, counts = _inputs(str(root), layout.treaty_set_stamp(root))
    return build_brief_facts(iso3, treaties, table, context_facts(root, iso3), counts)
