"""Per-State migration facts from the bundled context: figures, and None (never 0) where there is no data."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from conftest import REPO

from monitor.analysis.context import context_table, migration_facts, upr_recommendations
from monitor.analysis.context_targets import context_factors
from monitor.analysis.targets import DEFAULT_WEIGHTS, build_targets, build_targets_table
from monitor.store.context import load_context
from monitor.store.layout import data_dir
from monitor.store.tables import load_status

DATA = REPO / "data"


@pytest.fixture(scope="module")
def tables() -> dict[str, pd.DataFrame]:
    loaded = load_context(DATA)
    assert loaded is not None, "data/context/ is bundled"
    return loaded


def test_nepal(tables) -> None:
    facts = migration_facts(tables, "NPL")
    assert round(facts.emigrants / 1e6, 1) == 2.6 and facts.stock_year == "2020"
    assert round(facts.remittances_pct_gdp, 1) == 22.7 and facts.remittances_year == "2021"
    assert facts.upr_sessions == (10,) and facts.upr_received == 0  # reviewed, received none: a real 0


def test_germany(tables) -> None:
    facts = migration_facts(tables, "DEU")
    assert round(facts.immigrants / 1e6, 1) == 15.8
    assert (facts.upr_received, facts.upr_accepted, facts.upr_noted) == (23, 0, 23)
    assert "MEX" in facts.upr_recommenders
    listing = upr_recommendations(tables, "DEU")
    assert len(listing) == 23 and set(listing["response"]) == {"noted"}
    assert "Mexico" in set(listing["recommending"]) and list(listing["year"].unique()) == ["2009", "2013"]


def test_no_data_is_none_never_zero(tables) -> None:
    cook = migration_facts(tables, "COK")  # not a UN member: never reviewed, no World Bank series
    assert cook.remittances_usd is None and cook.remittances_pct_gdp is None and cook.remittances_year is None
    assert cook.upr_received is None and cook.upr_noted is None and cook.upr_sessions is None
    assert cook.immigrants == 4579
    empty = migration_facts(None, "NPL")
    assert empty.emigrants is None and empty.upr_received is None and empty.remittances_usd is None


def test_provisional_year_is_reported(tables) -> None:
    facts = migration_facts(tables, "PHL")
    assert facts.remittances_year == "2021" and facts.provisional_year == "2022"


def test_table_matches_the_single_state_facts(tables) -> None:
    table = context_table(tables).set_index("iso3")
    assert len(table) == 197
    assert pd.isna(table.loc["COK", "upr_received"]) and table.loc["NPL", "upr_received"] == 0
    assert table.loc["DEU", "upr_noted"] == 23
    assert context_table(None)["emigrants"].isna().all()


def test_context_factors_and_rescoring(tables) -> None:
    factors = context_factors(context_table(tables))
    assert factors.loc["DEU", "upr_noted"] == 1.0 and factors.loc["DEU", "upr_accepted"] == 0.0
    assert pd.isna(factors.loc["COK", "upr_noted"]) and factors.loc["COK", "upr_text"] == "no data"
    assert factors.loc["NPL", "remittances_text"] == "22.7% (2021)"
    status = load_status(data_dir(), "IV-13")
    base = build_targets(status, date(2018, 1, 15))
    same = build_targets(status, date(2018, 1, 15), context=factors)  # the context weights start at 0
    assert list(same["iso3"]) == list(base["iso3"]) and list(same["score"]) == list(base["score"])
    only_noted = dict.fromkeys(DEFAULT_WEIGHTS, 0.0) | {"upr_noted": 1.0}
    pushed = build_targets(status, date(2018, 1, 15), only_noted, context=factors)
    assert set(pushed.loc[pushed["score"] == 100, "iso3"]) == set(factors.index[factors["upr_noted"] == 1]) \
        & set(base["iso3"])
    africa = build_targets(status, date(2018, 1, 15), only_noted, regions=["Africa"], context=factors)
    assert set(africa["region"]) == {"Africa"} and africa["rank"].is_monotonic_increasing
    ranks = pushed.set_index("iso3")["rank"]  # a filter does not change a rank
    assert all(ranks[code] == rank for code, rank in zip(africa["iso3"], africa["rank"], strict=True))
    table = build_targets_table(africa, [])
    assert list(table.columns)[-3:] == ["Emigrants, share of population (%), 2020",
                                        "Remittances, share of GDP (%), year",
                                        "UPR recommendations 2008–2014 (accepted / noted)"]


def test_country_csv_carries_the_migration_context_with_source_and_year(tables) -> None:
    import csv
    import io

    from contract.treaties import ICRMW, articles
    from monitor.analysis.exports import country_download
    from monitor.analysis.profile import build_country_profile
    from monitor.analysis.status import build_country_status
    from monitor.store.tables import load_declarations

    status = load_status(data_dir(), ICRMW)
    table = build_country_status(status)
    profile = build_country_profile("NPL", table, load_declarations(data_dir(), ICRMW), None, articles(ICRMW))
    facts = migration_facts(tables, "NPL")
    download = country_download(profile, date(2018, 1, 15), migration=facts)
    rows = {r["item"]: r for r in csv.DictReader(io.StringIO(download.data.decode("utf-8-sig")))}
    assert rows["Migration: emigrants"]["detail"].startswith(f"{facts.emigrants} (UN DESA")
    assert rows["Migration: emigrants"]["detail"].endswith(", 2020)")
    assert rows["Migration: remittances_received_pct_gdp"]["detail"] == \
        f"{round(facts.remittances_pct_gdp, 2)} (World Bank, World Development Indicators, 2021)"
    assert rows["Migration: upr_recommendations_received"]["detail"].startswith("0 (UPR Info")
    assert "Status" in rows  # the treaty record is still there, first
    # A State a source does not cover says "no data"; a hostile name cannot become a formula in Excel.
    bare = migration_facts(None, "NPL")
    hostile = country_download(profile | {"name": "=HYPERLINK(\"http://x\")"}, date(2018, 1, 15), migration=bare)
    lines = list(csv.reader(io.StringIO(hostile.data.decode("utf-8-sig"))))
    assert all(not cell.startswith("=") for line in lines for cell in line)
    assert [r[-1] for r in lines if r[2] == "Migration: immigrants"] == [
        "no data (UN DESA, International Migrant Stock 2020, Table 1)"]
