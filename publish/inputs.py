"""The data directory read once for the whole site, through monitor.store, as the dashboard reads it.

The dashboard's loaders (views/loaders.py) cache through Streamlit; this reads the same files with the
same store functions and computes the same tables, so every published file is the one the dashboard
would offer for download.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

from contract.countries import UNIVERSE_KINDS
from contract.treaties import ICRMW, Articles, articles
from monitor.analysis.context import MigrationFacts, context_table, migration_facts
from monitor.analysis.context_targets import context_factors
from monitor.analysis.exports import country_download, targets_download
from monitor.analysis.numbers import OverviewNumbers
from monitor.analysis.overview import build_facts
from monitor.analysis.profile import build_country_profile, build_country_treaties
from monitor.analysis.status import build_country_status
from monitor.analysis.targets import build_target_factors, default_targets
from monitor.analysis.treaties import TreatySet, build_treaty_set
from monitor.store import layout
from monitor.store import tables as store
from monitor.store.checked import load_tracked, load_treaty
from monitor.store.context import load_context


@dataclass
class SiteData:
    """Everything the site is made from: the Convention's tables, the other treaties, the context."""

    root: Path
    meta: dict
    as_of: date
    status: pd.DataFrame
    declarations: pd.DataFrame
    notes: dict[str, str]
    articles: Articles
    table: pd.DataFrame  # build_country_status: one row per participant
    changes: pd.DataFrame
    feed: bytes | None
    treaties: TreatySet
    context: dict[str, pd.DataFrame] | None
    context_table: pd.DataFrame | None
    facts: dict  # monitor.analysis.overview.build_facts: the overview's numbers, map rows and status CSV

    @property
    def numbers(self) -> OverviewNumbers:
        """The overview's headline numbers."""
        return OverviewNumbers.from_json(self.facts["numbers"])

    def states(self) -> pd.DataFrame:
        """The States that can join (the overview's map draws these), in the status table's order."""
        return self.table[self.table["kind"].isin(UNIVERSE_KINDS)]

    def migration(self, iso3: str) -> MigrationFacts | None:
        """One State's migration facts, None when the context was never imported."""
        if self.context is None:
            return None
        return migration_facts(self.context, iso3, self.context_table)

    def country_csv(self, iso3: str, migration: MigrationFacts | None = None) -> bytes:
        """The country page's "Download this country as CSV", byte for byte (views/country.py). `migration`:
        the State's migration facts when the caller has them already (its brief's), else they are computed."""
        profile = build_country_profile(iso3, self.table, self.declarations, self.notes, self.articles)
        record = build_country_treaties(self.treaties, iso3)
        return country_download(profile, self.as_of, record, migration or self.migration(iso3)).data

    def targets_csv(self) -> bytes:
        """The /targets page's download as it first shows (default weights and order)."""
        factors = build_target_factors(self.treaties)
        context = context_factors(self.context_table) if self.context_table is not None else None
        return targets_download(default_targets(self.status, self.as_of, self.table, factors, context),
                                self.as_of).data


def load_site_data(root: Path) -> SiteData:
    """Read and check the data directory (DataFileError names a damaged file and what to do)."""
    loaded = load_treaty(root, ICRMW)
    context = load_context(root)
    return SiteData(
        root=root, meta=loaded.meta, as_of=loaded.as_of, status=loaded.status, declarations=loaded.declarations,
        notes=store.load_notes(root, ICRMW), articles=articles(ICRMW), table=build_country_status(loaded.status),
        changes=store.load_changes(root), feed=layout.read_feed(root), treaties=build_treaty_set(load_tracked(root)),
        context=context, context_table=context_table(context) if context is not None else None,
        facts=build_facts(ICRMW, loaded.status, loaded.declarations, loaded.meta, articles(ICRMW)))
