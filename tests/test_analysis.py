"""The numbers and tables the dashboard shows, computed without Streamlit on the bundled data."""

from __future__ import annotations

import csv
import io
from datetime import date

import pandas as pd
import pytest
from conftest import NOT_ACTED, PARTIES, SIGNATORIES, SIGNED_ONLY, STATES, UN_MEMBERS, require_bundled_data

from contract.countries import UNIVERSE_KINDS
from contract.errors import DataFileError
from contract.model import CHANGE_COLUMNS, DECLARATION_COLUMNS, STATUS_COLUMNS
from contract.status import NO_ACTION, PARTY_ACCESSION, PARTY_RATIFICATION, SIGNED, STATUS_ORDER, WITHDRAWN
from contract.treaties import ICRMW, articles
from monitor.analysis.changes import build_change_log, build_recent_actions
from monitor.analysis.dates import in_force_date, parse_country_code
from monitor.analysis.exports import (
    changes_download,
    country_download,
    csv_bytes,
    declarations_download,
    neutralise,
    status_download,
)
from monitor.analysis.freshness import build_freshness
from monitor.analysis.profile import build_country_profile, build_country_table
from monitor.analysis.status import (
    ENTRY_INTO_FORCE,
    build_country_status,
    build_overview_numbers,
    build_peer_counts,
    build_status_at,
    twentieth_deposit,
)
from monitor.analysis.targets import TARGET_COLUMNS, build_targets, build_targets_table
from monitor.analysis.trends import (
    build_actions_per_year,
    build_cumulative_by,
    build_cumulative_parties,
    build_signature_to_ratification,
)
from monitor.store.layout import data_dir
from monitor.store.tables import load_declarations, load_status
from views.labels import build_map_frame, hover_safe

TREATY = "IV-13"
AS_OF = date(2018, 1, 15)

COMPETENCE = articles(ICRMW)  # art. 76, art. 77 and its threshold of 10, from data/treaties.csv


@pytest.fixture(scope="module")
def bundled(pytestconfig) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The status and declarations of the bundled January 2018 capture (skip if data/ was refreshed)."""
    root = data_dir()
    require_bundled_data(root)
    return load_status(root, TREATY), load_declarations(root, TREATY)


def status_rows(*rows: dict) -> pd.DataFrame:
    """A tiny hand-written status table."""
    blank = dict.fromkeys(STATUS_COLUMNS, "")
    return pd.DataFrame([{**blank, **row} for row in rows], columns=STATUS_COLUMNS, dtype=str)


# --- Headline numbers --------------------------------------------------------------------------

def test_overview_numbers_on_bundled_capture(bundled) -> None:
    status, declarations = bundled
    numbers = build_overview_numbers(status, declarations, AS_OF, COMPETENCE)
    assert numbers.parties == PARTIES
    assert numbers.parties_ratification + numbers.parties_accession == PARTIES
    assert numbers.signatories_not_ratified == SIGNED_ONLY
    assert numbers.signatories_total == SIGNATORIES
    assert numbers.universe == STATES
    assert numbers.no_action == STATES - PARTIES - SIGNED_ONLY
    assert numbers.un_members == UN_MEMBERS
    assert numbers.un_member_parties == PARTIES  # every party is a UN member
    assert numbers.un_member_share == pytest.approx(PARTIES / UN_MEMBERS)
    assert numbers.individual_declarations == 5
    assert numbers.individual_threshold == 10
    assert sorted(numbers.individual_states) == ["Ecuador", "El Salvador", "Guatemala", "Mexico", "Uruguay"]
    assert numbers.interstate_declarations == 3  # Ecuador, El Salvador, Guatemala
    assert numbers.parties_in_force == 51


def test_status_as_at_entry_into_force(bundled) -> None:
    status, declarations = bundled
    numbers = build_overview_numbers(status, declarations, ENTRY_INTO_FORCE, COMPETENCE)
    # 21 deposits by 14 March 2003 (two on the day of the 20th), plus Mali on 5 June 2003.
    assert numbers.parties == 22
    assert numbers.parties_in_force == 21
    assert numbers.individual_declarations == 0
    table = build_status_at(status, ENTRY_INTO_FORCE)
    by_iso = table.set_index("iso3")
    assert by_iso.loc["MEX", "status"] == PARTY_RATIFICATION
    assert by_iso.loc["ALB", "status"] == NO_ACTION  # acceded in 2007
    assert by_iso.loc["ARG", "status"] == NO_ACTION  # signed in 2004
    assert by_iso.loc["MLI", "in_force_date"] == date(2003, 10, 1)
    assert build_status_at(status, date(1990, 12, 31))["status"].eq(NO_ACTION).all()


def test_status_categories_and_universe(bundled) -> None:
    status, _ = bundled
    table = build_country_status(status)
    assert len(table) == 197
    by_iso = table.set_index("iso3")
    assert by_iso.loc["MEX", "status"] == PARTY_RATIFICATION
    assert by_iso.loc["ALB", "status"] == PARTY_ACCESSION
    assert by_iso.loc["MNE", "status"] == SIGNED  # succession to signature only
    assert by_iso.loc["USA", "status"] == NO_ACTION
    assert by_iso.loc["VAT", "status"] == NO_ACTION
    assert set(table["status"]) <= set(STATUS_ORDER)
    states = table[table["kind"].isin(UNIVERSE_KINDS)]
    assert len(states) == 197 == 193 + 2 + 2  # UN members, observers, the two other States


def test_withdrawn_and_non_universe_participants() -> None:
    status = status_rows(
        {"participant": "Ruritania", "iso3": "MEX", "consent_date": "2005-01-02", "consent_action": "ratification",
         "consent_withdrawn": "true"},
        {"participant": "European Union", "iso3": "EUU", "signature_date": "2010-01-01",
         "signature_action": "signature", "signature_withdrawn": "false"},
    )
    table = build_country_status(status).set_index("iso3")
    assert table.loc["MEX", "status"] == WITHDRAWN
    assert table.loc["EUU", "status"] == SIGNED and table.loc["EUU", "kind"] == "organisation"
    numbers = build_overview_numbers(status, pd.DataFrame(columns=DECLARATION_COLUMNS), date(2020, 1, 1), COMPETENCE)
    assert numbers.parties == 0 and numbers.withdrawn == 1
    assert numbers.no_action == 196  # out of the 197 States: the EU is not one


def test_malformed_status_is_a_data_file_error() -> None:
    bad = status_rows({"participant": "Mexico", "iso3": "MEX", "consent_date": "1999-0",
                       "consent_action": "ratification"})
    with pytest.raises(DataFileError, match="status.csv"):
        build_country_status(bad)
    with pytest.raises(DataFileError, match="ISO3"):
        build_country_status(status_rows({"participant": "Mexico", "iso3": ""}))


# --- Article 87 --------------------------------------------------------------------------------

@pytest.mark.parametrize(("deposit", "expected"), [
    (date(2023, 9, 26), date(2024, 1, 1)),  # Côte d'Ivoire
    (date(2003, 6, 5), date(2003, 10, 1)),  # Mali, after the 20th instrument
    (date(1993, 2, 19), date(2003, 7, 1)),  # Egypt, among the first 20
    (date(2003, 3, 14), date(2003, 7, 1)),  # the 20th instrument itself
    (date(2008, 11, 30), date(2009, 3, 1)),  # 30 Nov + 3 months = 28 Feb: next month
    (date(2005, 3, 1), date(2005, 7, 1)),
    (date(2017, 10, 20), date(2018, 2, 1)),  # across a year end
])
def test_article_87_entry_into_force(deposit: date, expected: date) -> None:
    assert in_force_date(deposit, date(2003, 3, 14)) == expected


def test_entry_into_force_from_the_data(bundled) -> None:
    status, _ = bundled
    assert twentieth_deposit(status) == date(2003, 3, 14)
    table = build_country_status(status).set_index("iso3")
    assert table.loc["EGY", "in_force_date"] == ENTRY_INTO_FORCE
    # Deposit 31 March 2017: three months run to 30 June, so in force on 1 July 2017.
    assert table.loc["COG", "in_force_date"] == date(2017, 7, 1)
    assert table.loc["ARM", "in_force_date"] is None
    assert in_force_date(date(2000, 1, 1), None) is None


# --- Trends ------------------------------------------------------------------------------------

def test_trend_tables(bundled) -> None:
    status, _ = bundled
    cumulative = build_cumulative_parties(status, AS_OF)
    assert cumulative["parties"].iloc[0] == 0 and cumulative["parties"].iloc[-1] == PARTIES
    assert cumulative["parties"].is_monotonic_increasing and cumulative["date"].is_unique
    per_year = build_actions_per_year(status, AS_OF)
    assert per_year["count"].sum() == PARTIES + SIGNATORIES  # one consent and one signature action each
    assert per_year[(per_year["year"] == 2017)].set_index("action")["count"].to_dict()["Ratification"] == 2
    by_region = build_cumulative_by(status, "region", AS_OF)
    last = by_region[by_region["date"] == AS_OF]
    assert last["parties"].sum() == PARTIES
    assert set(last["region"]) == {"Africa", "Americas", "Asia", "Europe", "Oceania"}
    by_group = build_cumulative_by(status, "regional_group", AS_OF)
    assert by_group[by_group["date"] == AS_OF]["parties"].sum() == PARTIES
    waits = build_signature_to_ratification(status, AS_OF)
    assert waits.iloc[0]["iso3"] == "STP" and waits.iloc[0]["years"] == 16.3
    assert set(waits[waits["years"] == 0]["iso3"]) == {"GHA", "JAM"}
    recent = build_recent_actions(status, limit=3)
    assert list(recent["ISO3"]) == ["GMB", "COG", "STP"]


# --- Targets -----------------------------------------------------------------------------------

def test_targets_lists_signatories_and_no_action(bundled) -> None:
    status, _ = bundled
    targets = build_targets(status, AS_OF)
    assert len(targets) == STATES - PARTIES == SIGNED_ONLY + NOT_ACTED  # every State not yet party
    signed = targets[targets["status"] == SIGNED]
    assert len(signed) == SIGNED_ONLY
    assert signed.set_index("iso3").loc["ARM", "years_waiting"] == 4.3  # signed 2013-09-26
    assert targets[targets["status"] == NO_ACTION]["years_waiting"].isna().all()
    # Default weights put every signatory above every State with no action.
    assert list(targets["status"].iloc[:16]) == [SIGNED] * 16
    mexico_group = targets[targets["regional_group"] == "Latin American and Caribbean"]
    assert set(mexico_group["peer_parties"]) == {18} and set(mexico_group["peer_members"]) == {33}


def test_a_state_without_a_group_has_no_peers(bundled) -> None:
    """One peer count for the targets, the profile and the brief: a blank UN regional group is no group, so
    two States without one are not each other's peers (they once were in the targets, not in the brief)."""
    from monitor.analysis.brief import peer_counts

    status, _ = bundled
    table = build_country_status(status, AS_OF)
    # Mexico (party) and Brazil (no action) lose their group, as a State off the UN regional groups would.
    table.loc[table["iso3"].isin(["MEX", "BRA"]), "regional_group"] = ""
    counts = build_peer_counts(table)
    assert "" not in counts.index and counts.loc["Latin American and Caribbean", "members"] == 31
    brazil = build_targets(status, AS_OF, table=table).set_index("iso3").loc["BRA"]
    assert (brazil["peer_parties"], brazil["peer_members"], brazil["peers"]) == (0, 0, 0.0)
    assert "" not in peer_counts(table, "regional_group")


def test_targets_order_follows_weights(bundled) -> None:
    status, _ = bundled
    only_recent = build_targets(status, AS_OF, {"signed": 0, "recent": 1, "peers": 0})
    waits = only_recent["years_waiting"].iloc[:SIGNED_ONLY - 1].tolist()
    assert waits == sorted(waits)  # the most recent signature first
    assert only_recent.iloc[0]["recent"] > 0.9
    assert only_recent.set_index("iso3").loc["GNB", "recent"] == 0  # signed 12 September 2000, the longest wait
    only_peers = build_targets(status, AS_OF, {"signed": 0, "recent": 0, "peers": 1})
    assert only_peers["peers"].is_monotonic_decreasing
    assert only_peers.iloc[0]["regional_group"] == "Latin American and Caribbean"  # 18 of 33 party
    assert list(only_peers["rank"]) == list(range(1, len(only_peers) + 1))
    none = build_targets(status, AS_OF, {"signed": 0, "recent": 0, "peers": 0, "palermo": 0})
    assert (none["score"] == 0).all()


def test_targets_filters_keep_global_rank(bundled) -> None:
    status, _ = bundled
    everyone = build_targets(status, AS_OF)
    africa = build_targets(status, AS_OF, regions=["Africa"], statuses=[SIGNED])
    assert set(africa["region"]) == {"Africa"} and set(africa["status"]) == {SIGNED}
    ranks = everyone.set_index("iso3")["rank"]
    assert all(ranks[c] == r for c, r in zip(africa["iso3"], africa["rank"], strict=True))
    groups = build_targets(status, AS_OF, groups=["Eastern European"])
    assert set(groups["regional_group"]) == {"Eastern European"}
    shown = build_targets_table(africa)
    assert list(shown.columns) == list(TARGET_COLUMNS.values())
    assert shown["Group peers already party"].iloc[0] == "21 of 54 (39%)"
    # The page words the same counts from their numbers (never by reading '21 of 54' back).
    from i18n import translator

    french = build_targets_table(africa, say=translator("fr"))
    assert french["Group peers already party"].iloc[0] == "21 sur 54 (39%)"
    assert list(french.columns) == list(shown.columns) and french["ISO3"].tolist() == shown["ISO3"].tolist()


# --- Country profile ---------------------------------------------------------------------------

def test_country_profile_mexico(bundled) -> None:
    status, declarations = bundled
    table = build_country_status(status)
    profile = build_country_profile("MEX", table, declarations, None, COMPETENCE)
    assert profile["status"] == PARTY_RATIFICATION
    assert list(profile["actions"]["Action"]) == ["Signature", "Ratification",
                                                  "Convention in force for this State (art. 87)"]
    assert profile["individual"] == {"article": "77", "recognised": True, "date": date(2008, 9, 15)}
    assert profile["interstate"]["recognised"] is False
    assert len(profile["declarations"]) == 3
    flat = build_country_table(profile)
    assert flat.iloc[0].to_dict() == {"country": "Mexico", "iso3": "MEX", "item": "Status", "date": "",
                                      "detail": PARTY_RATIFICATION}


def test_country_profile_footnotes_with_notes(bundled) -> None:
    status, declarations = bundled
    table = build_country_status(status)
    profile = build_country_profile("MNE", table, declarations, {"2": "Succession note."}, COMPETENCE)
    assert profile["footnotes"].to_dict("records") == [{"Note": "2", "Text": "Succession note."}]
    assert profile["actions"]["Action"].tolist() == ["Succession to signature"]
    with pytest.raises(KeyError):
        build_country_profile("XXX", table, declarations, None, COMPETENCE)


@pytest.mark.parametrize(("raw", "expected"), [
    ("MEX", "MEX"), ("mex", "MEX"), (" civ ", "CIV"), (["VAT"], "VAT"), ("XXX", None), ("MEXICO", None),
    ("", None), (None, None), ("<b>", None), ("EUU", None), ("12A", None),
])
def test_parse_country_code(raw, expected) -> None:
    assert parse_country_code(raw) == expected


# --- Changes and freshness ---------------------------------------------------------------------

def test_change_log_newest_first_and_filters() -> None:
    rows = [
        {"detected_at": "2024-01-02T06:00:00Z", "treaty": "IV-13", "iso3": "CIV", "participant": "Côte d'Ivoire",
         "event": "acceded", "action_date": "2023-09-26", "detail": "accession"},
        {"detected_at": "2024-03-05T06:00:00Z", "treaty": "IV-13", "iso3": "TCD", "participant": "Chad",
         "event": "ratified", "action_date": "2024-02-28", "detail": "ratification"},
        {"detected_at": "2024-03-05T06:00:00Z", "treaty": "IV-13", "iso3": "MEX", "participant": "Mexico",
         "event": "footnotes_changed", "action_date": "", "detail": "notes - → 5"},
    ]
    log = pd.DataFrame(rows, columns=CHANGE_COLUMNS)
    newest = build_change_log(log)
    assert list(newest["iso3"]) == ["MEX", "TCD", "CIV"]
    assert newest.iloc[0]["event"] == "footnotes changed"
    assert list(build_change_log(log, events=["acceded"])["iso3"]) == ["CIV"]
    assert list(build_change_log(log, start=date(2024, 3, 1))["iso3"]) == ["MEX", "TCD"]
    assert list(build_change_log(log, end=date(2024, 2, 1))["iso3"]) == ["CIV"]
    assert build_change_log(log.iloc[0:0], start=date(2024, 1, 1), end=date(2024, 1, 2)).empty


def test_freshness() -> None:
    meta = {"data_as_of": "2018-01-15", "note": "Bundled: UNTC capture", "last_checked": "2026-11-27T23:39:42Z",
            "source_url": "https://treaties.un.org/x.xml"}
    fresh = build_freshness(meta, {}, "IV-13", date(2026, 11, 28))
    assert fresh.bundled and fresh.stale and fresh.last_checked == "2026-11-27 23:39 UTC"
    live = build_freshness({"data_as_of": "2026-11-25"}, {}, "IV-13", date(2026, 11, 28))
    assert not live.bundled and not live.stale and live.age_days == 3
    old = build_freshness({"data_as_of": "2026-11-01"}, {}, "IV-13", date(2026, 11, 28))
    assert old.stale and not old.bundled
    health = {"IV-13": {"ok": False, "error": "UNTC may be down", "last_attempt": "2026-11-28T06:00:00Z",
                        "last_success": "2026-11-25T06:00:00Z"}}
    failed = build_freshness({"data_as_of": "2026-11-25"}, health, "IV-13", date(2026, 11, 28))
    assert failed.failed and failed.error == "UNTC may be down"


def test_map_frame_hover_is_safe() -> None:
    status = status_rows({"participant": "<script>", "iso3": "MEX", "signature_date": "1991-05-22",
                          "signature_action": "signature", "signature_withdrawn": "false"})
    frame = build_map_frame(build_country_status(status))
    assert len(frame) == STATES and list(frame.columns) == ["iso3", "name", "status", "hover"]
    mexico = frame.set_index("iso3").loc["MEX", "hover"]
    assert "Signed, not ratified" in mexico and "Signature (signed): 22 May 1991" in mexico
    assert hover_safe("<img src=x>") == "‹img src=x›"


# --- Downloads ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("cell", "expected"), [
    ("=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")"), ("+1", "'+1"), ("-2", "'-2"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\tx", "'\tx"), ("\rx", "'\rx"), ("Côte d'Ivoire", "Côte d'Ivoire"), ("2018-01-15", "2018-01-15"),
    (date(2018, 1, 15), "2018-01-15"), (None, ""), (float("nan"), ""), (True, "yes"), (3.5, "3.5"),
])
def test_neutralise(cell, expected) -> None:
    assert neutralise(cell) == expected


def test_csv_bytes_bom_and_formula_neutralised() -> None:
    frame = pd.DataFrame({"country": ["Côte d'Ivoire", "=cmd|' /C calc'!A0"], "n": [1, -3]})
    data = csv_bytes(frame)
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows == [["country", "n"], ["Côte d'Ivoire", "1"], ["'=cmd|' /C calc'!A0", "'-3"]]
    assert "\r\n" not in text


def test_downloads_dated_names_and_identical_bytes(bundled) -> None:
    status, declarations = bundled
    table = build_country_status(status)
    first = status_download(table, AS_OF)
    again = status_download(build_country_status(status.copy()), AS_OF)
    assert first.file_name == "icrmw-status-2018-01-15.csv"
    assert first.data == again.data
    text = first.data.decode("utf-8-sig")
    header, *rows = list(csv.reader(io.StringIO(text)))
    assert header[:3] == ["country", "iso3", "un_member"] and len(rows) == 197
    assert ["Côte d'Ivoire", "CIV"] == [r for r in rows if r[1] == "CIV"][0][:2]
    mexico = [r for r in rows if r[1] == "MEX"][0]
    assert mexico[header.index("status")] == PARTY_RATIFICATION
    assert mexico[header.index("consent_date")] == "1999-03-08"
    profile = build_country_profile("MEX", table, declarations, None, COMPETENCE)
    country = country_download(profile, AS_OF)
    assert country.file_name == "icrmw-MEX-2018-01-15.csv" and country.data.startswith(b"\xef\xbb\xbf")
    assert declarations_download(declarations, AS_OF).file_name == "icrmw-declarations-2018-01-15.csv"
    empty_log = changes_download(pd.DataFrame(columns=CHANGE_COLUMNS), AS_OF)
    assert empty_log.data.decode("utf-8-sig") == ",".join(CHANGE_COLUMNS) + "\n"
