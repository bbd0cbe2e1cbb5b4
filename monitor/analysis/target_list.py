"""The /targets list for any weighting, from what the weights do not change (pure pandas and numpy).

Moving a weight on /targets re-ranks about 146 States. What does not depend on the weights (the factors, the
table's readable columns in each language, the CSV's cells) is made once per version of the data
(`TargetList.build`); `select` then scores and orders the rows with a few array operations, and the table, the
page's words and the download are taken from the prepared copies in that order. The result is the same, byte for
byte, as ranking with analysis.targets.build_targets and building the table and the CSV from scratch.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from monitor.analysis.exports import Download, csv_cells, targets_download_of_cells
from monitor.analysis.targets import (
    PRIORITY_ORDER,
    TARGET_COLUMNS,
    TargetFacts,
    build_targets_table,
    sort_order,
)

RANK, SCORE = TARGET_COLUMNS["rank"], TARGET_COLUMNS["score"]  # the two columns a weighting changes


@dataclass(frozen=True)
class Selection:
    """The rows a weighting, the filters and the sort choice show: positions in the facts' frame, in order."""

    rows: np.ndarray
    ranks: np.ndarray
    scores: np.ndarray


@dataclass(frozen=True)
class TargetList:
    """The targets' facts, their table in English (the download's) and its CSV cells, in the facts' order."""

    facts: TargetFacts
    factors: tuple[str, ...]  # the treaty factors with a column in the table
    table: pd.DataFrame  # build_targets_table, its rank and score left at 0 until a weighting orders the rows
    cells: pd.DataFrame  # exports.csv_cells of the table

    @classmethod
    def build(cls, facts: TargetFacts, factors: list[str]) -> TargetList:
        """The prepared copies, once per version of the data."""
        table = cls._table(facts, factors)
        return cls(facts=facts, factors=tuple(factors), table=table, cells=csv_cells(table))

    @staticmethod
    def _table(facts: TargetFacts, factors: list[str] | tuple[str, ...],
               say: Callable[[str], str] = str) -> pd.DataFrame:
        return build_targets_table(facts.frame.assign(rank=0, score=0.0), list(factors), say)

    def worded(self, say: Callable[[str], str]) -> pd.DataFrame:
        """The table with its counts in the page's language ('21 sur 54'), in the facts' order (made once per
        language by the page; `shown` orders it like the English one)."""
        return self._table(self.facts, self.factors, say)

    def select(self, weights: Mapping[str, float] | None, regions: list[str] | None = None,
               groups: list[str] | None = None, statuses: list[str] | None = None,
               sort: tuple[list[str], list[bool]] | None = None) -> Selection:
        """The rows to show for a weighting and the filters (analysis.targets.TargetFacts.ranked), ordered by
        `sort` (columns and directions of the table, as analysis.targets.sort_targets sorts it)."""
        rows, ranks, scores = self.facts.ranked(weights, regions, groups, statuses)
        # The ranking's own order is the priority sort's (score, then name): nothing to sort then.
        if sort is not None and sort != PRIORITY_ORDER:
            keyed = self.table[sort[0]].take(rows).reset_index(drop=True)  # the sort's columns only
            for column, values in ((RANK, ranks), (SCORE, scores)):
                if column in keyed.columns:
                    keyed[column] = values
            order = sort_order(keyed, *sort)
            rows, ranks, scores = rows[order], ranks[order], scores[order]
        return Selection(rows, ranks, scores)

    def shown(self, selection: Selection, table: pd.DataFrame | None = None) -> pd.DataFrame:
        """The English table (or `table`, one made like it: `worded`, or translated) for the selection."""
        taken = (self.table if table is None else table).take(selection.rows).reset_index(drop=True)
        taken[RANK], taken[SCORE] = selection.ranks, selection.scores
        return taken

    def download(self, selection: Selection, as_of: date) -> Download:
        """exports.targets_download of the selection's English table, from the prepared cells."""
        cells = self.cells.take(selection.rows).reset_index(drop=True)
        ranked = csv_cells(pd.DataFrame({RANK: selection.ranks, SCORE: selection.scores}))
        cells[RANK], cells[SCORE] = ranked[RANK], ranked[SCORE]
        return targets_download_of_cells(cells, as_of)
