"""/targets' prepared list (analysis.target_list) gives what ranking from scratch gives, byte for byte.

The page ranks from copies made once per version of the data; build_targets, build_targets_table, sort_targets
and targets_download (what the command line and the static site use) rank from scratch. On the bundled data,
with its treaties and its migration context, both must agree on every row, number and CSV byte, in English and
with the counts worded in French, for weightings with ties, filters and every sort of the page.
"""

from __future__ import annotations

from datetime import date

import pytest
from conftest import REPO, require_bundled_data

from contract.status import NO_ACTION, SIGNED
from i18n import translator
from monitor.analysis.context import context_table
from monitor.analysis.context_targets import context_factors
from monitor.analysis.exports import targets_download
from monitor.analysis.status import build_country_status
from monitor.analysis.target_list import TargetList
from monitor.analysis.targets import (
    PRIORITY_ORDER,
    TREATY_FACTORS,
    available_factors,
    build_target_factors,
    build_targets,
    build_targets_table,
    sort_targets,
    target_facts,
)
from monitor.analysis.treaties import build_treaty_set
from monitor.store.checked import load_tracked
from monitor.store.context import load_context

DATA = REPO / "data"
OFF = dict.fromkeys(("signed", "recent", "peers", "core", "complaints", "palermo"), 0.0)
WEIGHTINGS = [None, {"signed": 1.5}, OFF, OFF | {"peers": 5.0}, {"recent": 3.0, "emigration": 1.0},
              {"upr_noted": 2.5, "core": 4.0, "palermo": 0.0}]
FILTERS = [{}, {"statuses": [SIGNED]}, {"regions": ["Africa"], "statuses": [SIGNED, NO_ACTION]},
           {"groups": ["Eastern European", "African"]}, {"statuses": [NO_ACTION], "regions": ["Europe"]}]
SORTS = [PRIORITY_ORDER, (["Years waiting", "Country"], [False, True]), (["Country"], [True]),
         (["UN regional group", "Priority score"], [True, False])]


@pytest.fixture(scope="module")
def bundled() -> dict:
    require_bundled_data(DATA)
    treaties = build_treaty_set(load_tracked(DATA))
    status, as_of = treaties.status["IV-13"], treaties.as_of["IV-13"]
    factors = build_target_factors(treaties)
    context = context_factors(context_table(load_context(DATA)))
    shown = [f for f in TREATY_FACTORS if f in available_factors(factors)]
    facts = target_facts(status, as_of, factors, build_country_status(status, as_of), context)
    return {"status": status, "as_of": as_of, "factors": factors, "context": context, "shown": shown,
            "list": TargetList.build(facts, shown)}


@pytest.mark.parametrize("weights", WEIGHTINGS)
def test_the_prepared_list_is_the_list_from_scratch(bundled: dict, weights: dict | None) -> None:
    prepared: TargetList = bundled["list"]
    french = prepared.worded(translator("fr"))
    for filters in FILTERS:
        targets = build_targets(bundled["status"], bundled["as_of"], weights, factors=bundled["factors"],
                                context=bundled["context"], **filters)
        for sort in SORTS:
            expected = sort_targets(build_targets_table(targets, bundled["shown"]), *sort)
            chosen = prepared.select(weights, sort=sort, **filters)
            assert prepared.shown(chosen).equals(expected), (weights, filters, sort)
            worded = sort_targets(build_targets_table(targets, bundled["shown"], translator("fr")), *sort)
            assert prepared.shown(chosen, french).equals(worded), (weights, filters, sort)
            assert prepared.download(chosen, bundled["as_of"]) == targets_download(expected, bundled["as_of"])


def test_equal_scores_are_in_name_order(bundled: dict) -> None:
    prepared: TargetList = bundled["list"]
    table = prepared.shown(prepared.select(OFF))  # every score 0: one tie of every State
    assert set(table["Priority score"]) == {0.0}
    assert list(table["Rank"]) == list(range(1, len(table) + 1))
    assert list(table["ISO3"]) == list(prepared.facts.frame["iso3"])
    assert prepared.facts.frame["name"].iloc[0] < prepared.facts.frame["name"].iloc[-1]
    assert date(2018, 1, 15) == bundled["as_of"]
