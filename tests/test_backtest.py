"""The backtest of the lobbying targets: exact counts on an invented history, no look-ahead, the defaults."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from conftest import REPO, STATES, require_bundled_data
from test_compare import NO_DECLARATIONS, REGISTRY, status_rows

from monitor.analysis.backtest import (
    FACTORS,
    best_weighting,
    build_history,
    origin_dates,
    origin_order,
    origin_targets,
    run_backtest,
)
from monitor.analysis.backtest import baselines as build_baselines
from monitor.analysis.backtest_factors import TreatyDates
from monitor.analysis.targets import DEFAULT_WEIGHTS
from monitor.analysis.treaties import TreatySet, build_treaty_set
from monitor.store.checked import load_tracked

AS_OF = date(2009, 1, 15)  # the invented data's date: 5-year origins 2003 and 2004, 3-year 2003 to 2006
OFF = dict.fromkeys(FACTORS, 0.0)


def invented(extra_icrmw: tuple = (), extra_palermo: tuple = ()) -> TreatySet:
    """Three signatories late in the alphabet (Yemen 2001, Zambia 2002, Zimbabwe 2002); Zambia and Zimbabwe
    ratify in 2004. Kenya joined the Trafficking Protocol in 2005 (a factor that must not leak into 2003)."""
    icrmw = status_rows(("YEM", "2001-03-01", "", ""), ("ZMB", "2002-05-01", "2004-06-01", "ratification"),
                        ("ZWE", "2002-09-01", "2004-07-01", "ratification"), *extra_icrmw)
    palermo = status_rows(("KEN", "", "2005-01-05", "accession"), *extra_palermo)
    status = {"IV-13": icrmw, "XVIII-12-a": palermo}
    return TreatySet(registry=REGISTRY, status=status, declarations=dict.fromkeys(status, NO_DECLARATIONS),
                     as_of=dict.fromkeys(status, AS_OF))


def test_origins_stop_at_the_last_full_horizon() -> None:
    assert origin_dates(AS_OF, 5) == [date(2003, 1, 1), date(2004, 1, 1)]
    assert origin_dates(date(2018, 1, 15), 5)[-1] == date(2013, 1, 1)
    assert origin_dates(date(2018, 1, 15), 3)[-1] == date(2015, 1, 1)
    assert origin_dates(date(2007, 12, 31), 5) == []


def test_exact_counts_on_an_invented_history() -> None:
    history = build_history(invented())
    result = run_backtest(history, OFF | {"signed": 1}, horizon=3)
    assert [o.when.year for o in result.origins] == [2003, 2004, 2005, 2006]
    first = result.origins[0]
    assert (first.candidates, first.joined, first.hits) == (STATES, 2, {10: 2.0, 20: 2.0})
    assert [o.joined for o in result.origins] == [2, 2, 0, 0]  # Zambia and Zimbabwe, then nobody
    assert (result.joined, result.total(10), result.total(20)) == (4, 4.0, 4.0)
    # Peers alone: every score 0 in 2003 (nobody party yet), so the order is by name and Y, Z come last.
    by_name = run_backtest(history, OFF | {"peers": 1}, horizon=3)
    assert by_name.origins[0].hits == {10: 0.0, 20: 0.0}

    base = build_baselines(history, horizon=3)
    assert base["random"].origins[0].hits == {10: 10 * 2 / STATES, 20: 20 * 2 / STATES}  # k × joined ÷ candidates
    assert base["random"].origins[1].hits[10] == 10 * 2 / (STATES)
    assert base["recent_signatories"].total(10) == base["waiting_signatories"].total(10) == 4.0
    five = run_backtest(history, OFF | {"signed": 1}, horizon=5)
    assert [(o.when.year, o.joined, o.hits[10]) for o in five.origins] == [(2003, 2, 2.0), (2004, 2, 2.0)]


def test_baselines_order_signatories_by_date() -> None:
    """Ten States signed in 1991 and never joined; Zimbabwe signed in 2002 and joined in 2004."""
    old = [(code, "1991-01-01", "", "") for code in ("AFG", "ALB", "DZA", "AND", "AGO", "ATG", "ARG", "ARM", "AUS",
                                                      "AUT")]
    icrmw = status_rows(*old, ("ZWE", "2002-09-01", "2004-07-01", "ratification"))
    treaties = TreatySet(registry=REGISTRY, status={"IV-13": icrmw}, declarations={"IV-13": NO_DECLARATIONS},
                         as_of={"IV-13": AS_OF})
    base = build_baselines(build_history(treaties), horizon=5)
    assert base["recent_signatories"].origins[0].hits == {10: 1.0, 20: 1.0}
    assert base["waiting_signatories"].origins[0].hits == {10: 0.0, 20: 1.0}
    assert base["random"].origins[0].hits[10] == 10 / STATES


def test_no_look_ahead() -> None:
    """An action dated after an origin leaves the scores at that origin byte-identical."""
    when = date(2004, 1, 1)
    before = invented()
    after = invented(extra_icrmw=(("FRA", "2004-03-01", "2006-01-01", "ratification"),),
                     extra_palermo=(("YEM", "", "2004-02-01", "accession"),))
    for treaties in (before, after):
        treaties.status["IV-13"] = treaties.status["IV-13"].sort_values("iso3", ignore_index=True)

    def scores(treaties: TreatySet) -> bytes:
        frame = origin_targets(treaties.status["IV-13"], when, TreatyDates.build(treaties),
                               OFF | {"signed": 1, "recent": 1, "peers": 1, "palermo": 1})
        return frame.to_csv(index=False).encode()

    assert scores(before) == scores(after)
    old, new = build_history(before).origins[1], build_history(after).origins[1]
    assert old.iso3 == new.iso3
    assert all(np.array_equal(old.values[f], new.values[f]) for f in old.values)
    # ... while at the next origin the new actions do count.
    assert build_history(after).origins[2].values["palermo"].sum() > build_history(before).origins[2].values[
        "palermo"].sum()


@pytest.fixture(scope="module")
def bundled_history():
    root = REPO / "data"
    require_bundled_data(root)
    return build_history(build_treaty_set(load_tracked(Path(root))))


def test_backtest_ranks_as_the_page_does(bundled_history) -> None:
    treaties = build_treaty_set(load_tracked(REPO / "data"))
    dates = TreatyDates.build(treaties)
    weights = OFF | {"signed": 3, "recent": 1, "peers": 2, "core": 1, "complaints": 1, "palermo": 1}
    for facts in bundled_history.origins[::4]:
        page = origin_targets(treaties.status["IV-13"], facts.when, dates, weights)
        order = origin_order(facts, weights)
        assert [facts.iso3[i] for i in order] == list(page["iso3"])


def test_default_weights_are_the_backtests_choice(bundled_history) -> None:
    chosen = best_weighting(bundled_history)
    assert chosen == {f: w for f, w in DEFAULT_WEIGHTS.items()}
    result = run_backtest(bundled_history, None, horizon=5)
    assert (result.first, result.last) == (date(2003, 1, 1), date(2013, 1, 1))
    for name, base in build_baselines(bundled_history, horizon=5).items():
        assert result.total(10) > base.total(10), name  # the README's claim


def test_context_factor_later_than_the_origin_is_left_out() -> None:
    treaties = invented()
    context = pd.DataFrame({"emigration": [1.0], "remittances": [1.0], "upr_accepted": [1.0], "upr_noted": [0.0],
                            "emigrant_share_text": ["9%"], "remittances_text": ["9%"], "upr_text": ["1 / 0"]},
                           index=pd.Index(["AFG"], name="iso3"))
    history = build_history(treaties, context, {"emigration": 2020, "remittances": 2021, "upr_accepted": 2003,
                                                "upr_noted": 2003})
    assert "emigration" not in history.origins[0].values and "upr_accepted" not in history.origins[0].values
    assert "upr_accepted" in history.origins[1].values and "emigration" not in history.origins[-1].values
    weighted = run_backtest(history, OFF | {"signed": 1, "emigration": 5}, horizon=3)
    assert weighted.origins[0].hits == run_backtest(history, OFF | {"signed": 1}, horizon=3).origins[0].hits
