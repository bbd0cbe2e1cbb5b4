"""The general rules the 2018 corpus revealed, each on a small hand-written document (runs anywhere)."""

from __future__ import annotations

import json
from datetime import date
from xml.sax.saxutils import escape

import pandas as pd
import pytest
from bundled_document import untc_document

from contract.countries import universe
from contract.errors import InvalidTreatyId, ValidationFailed
from contract.ids import check_treaty_id
from contract.refresh_warnings import english
from monitor.cli import main
from monitor.refresh.checks import check_status
from scrapers.parse import parse_status

COUNT_40_41 = {"code": "header_count_differs", "field": "signatories", "header": 41, "table": 40}


def document(headers: list[str], rows: list[list[str]], counts: tuple[int | None, int | None] = (None, None),
             extra: str = "", conclusion: str = "New York, 1 January 1990") -> bytes:
    """A minimal MTDSG document with the given table and UNTC's header counts (None: absent)."""
    return untc_document(headers, rows, counts=counts, extra=extra, conclusion=conclusion)


@pytest.mark.parametrize("treaty_id", ["IV-13", "IV-8-b", "XVIII-12-a", "XXVII-7-d", "XI-A-16", "III-2-12b",
                                       "III-2-2a", "XXVIII-1", "XIX-25-h"])
def test_untc_id_grammar_is_accepted(treaty_id):
    assert check_treaty_id(treaty_id) == treaty_id


@pytest.mark.parametrize("bad", ["IV-13/../x", "IV-13/../../etc", "iv-13", "IV 13", "IV--13", "IV-0", "IIII-1",
                                 "IV-13.en", "IV-13?x=1", "", "IV", "IV-13-b-c-d", "XI-a-16"])
def test_path_tricks_and_malformed_ids_are_refused(bad):
    with pytest.raises(InvalidTreatyId):
        check_treaty_id(bad)


def test_an_empty_participant_continues_the_row_above():
    extra = ("<TerritorialApplications><Application><Participant>United Kingdom of Great Britain and Northern "
             "Ireland</Participant><DateNotification>4 Sep 1968</DateNotification><Territories>Bahama Islands"
             "</Territories></Application><Application><Participant /><DateNotification>20 Feb 1996"
             "</DateNotification><Territories>Jersey</Territories></Application></TerritorialApplications>")
    status = parse_status(document(["Participant", "Accession(a)"], [["Jamaica", "30 Oct 1980 a"]], extra=extra))
    applications = [(s.participant, s.date, s.text) for s in status.sections]
    uk = "United Kingdom of Great Britain and Northern Ireland"
    assert applications == [(uk, date(1968, 9, 4), "Bahama Islands"), (uk, date(1996, 2, 20), "Jersey")]


def test_consent_split_over_two_columns_counts_once():
    headers = ["Participant", "Definitive signature of the Protocol, Acceptance of the Protocol",
               "Accession to the Convention as amended(a), Succession to the Convention as amended(d)"]
    rows = [["Austria", "12 Nov 1947", ""], ["Brazil", "", "17 Mar 1959 a"], ["Chile", "[3 Mar 1950]", ""]]
    status = parse_status(document(headers, rows, counts=(None, 2), conclusion="Geneva, 1 January 1946"))
    actions = {p.name: p.consent.action for p in status.participants}
    assert actions == {"Austria": "definitive_signature", "Brazil": "accession", "Chile": "definitive_signature"}
    assert status.counted_parties() == 2
    assert check_status(status, "V-99") == []


def test_provisional_application_and_notification_columns_are_not_consent():
    headers = ["Participant", "Signature", "Undertaking of provisional application in accordance with article 31",
               "Notification under article 25", "Ratification, Accession(a), Consent to be bound(P), "
               "Simplified procedure(p)"]
    rows = [["Austria", "1 Oct 2001", "1 Oct 2001", "2 Oct 2001", ""],
            ["Belgium", "", "3 Oct 2001", "", "4 Oct 2002 P"],
            ["Chile", "", "", "", "5 Oct 2003 p"]]
    status = parse_status(document(headers, rows, counts=(1, 2)))
    consent = {p.name: p.consent and p.consent.action for p in status.participants}
    assert consent == {"Austria": None, "Belgium": "participation", "Chile": "ratification"}
    # A provisional action has its own place: Belgium applied it provisionally, then consented.
    provisional = {p.name: p.provisional and (p.provisional.action, p.provisional.date) for p in status.participants}
    assert provisional == {"Austria": ("provisional_application", date(2001, 10, 1)),
                           "Belgium": ("provisional_application", date(2001, 10, 3)), "Chile": None}
    assert (status.counted_signatories(), status.counted_parties()) == (1, 2)


def test_small_header_disagreement_is_a_warning_and_a_large_one_is_refused():
    rows = [[f"{name}", "1 Jan 2000", ""] for name in ("Austria", "Belgium", "Chile")]
    headers = ["Participant", "Signature", "Ratification"]
    # 3 listed, header 4: off by one, but 25%: refused (a truncated page must never be published).
    with pytest.raises(ValidationFailed, match="the table has 3 signatories, the header says 4"):
        check_status(parse_status(document(headers, rows, counts=(4, None))), "V-99")
    many = [[f"State {chr(65 + i // 26)}{chr(65 + i % 26)}", "1 Jan 2000", ""] for i in range(40)]
    status = parse_status(document(headers, many, counts=(41, None)))
    assert check_status(status, "V-99") == [COUNT_40_41]
    assert english(COUNT_40_41) == "the table has 40 signatories, the header says 41"
    with pytest.raises(ValidationFailed, match="the header says 43"):
        check_status(parse_status(document(headers, many, counts=(43, None))), "V-99")


def test_a_missing_header_count_is_no_error():
    status = parse_status(document(["Participant", "Signature", "Ratification"], [["Austria", "1 Jan 2000", ""]]))
    assert check_status(status, "V-99") == []


def test_the_conclusion_date_is_found_after_a_place_with_commas():
    status = parse_status(document(["Participant", "Ratification"], [["Austria", "1 Jan 1950"]],
                                   conclusion="Lake Success, New York, 4 May 1949"))
    assert status.conclusion_date == date(1949, 5, 4)


def test_territories_and_organisations_resolve_but_unknown_names_refuse(tmp_path, capsys):
    headers = ["Participant", "Signature", "Ratification, Accession(a)"]
    rows = [["Austria", "1 Jan 2000", "2 Jan 2001"], ["Hong Kong", "", "3 Jan 2001 a"],
            ["World Health Organization", "", "4 Jan 2001 a"]]
    source = tmp_path / "ok.xml"
    source.write_bytes(document(headers, rows, counts=(1, 3)))
    assert main(["refresh", "V-99", "--data-dir", str(tmp_path / "data"), "--source-file", str(source)]) == 0
    status = (tmp_path / "data" / "V-99" / "status.csv").read_text(encoding="utf-8")
    assert ",HKG," in status and ",XWH," in status
    bad = tmp_path / "bad.xml"
    bad.write_bytes(document(headers, [*rows, ["Atlantis", "", "5 Jan 2001 a"]], counts=(1, 4)))
    assert main(["refresh", "V-98", "--data-dir", str(tmp_path / "data"), "--source-file", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "V-98" in err and "'Atlantis'" in err and "bad.xml" in err


def test_an_unknown_organisation_is_published_with_a_warning_but_an_unknown_state_refuses(tmp_path, capsys):
    # XIX-21 lists regional economic communities beside States; UNTC's header counts them as parties.
    headers = ["Participant", "Signature", "Approval(AA), Acceptance(A), Accession(a), Ratification"]
    rows = [["Austria", "1 Jan 2000", "2 Jan 2001"], ["Andean Community", "", "3 Jan 2007 a"],
            ["Pacific Islands Forum Secretariat", "", "4 Jan 2008 a"],
            ["Arctic Fisheries Commission", "", "5 Jan 2008 a"]]
    source = tmp_path / "orgs.xml"
    source.write_bytes(document(headers, rows, counts=(1, 4)))
    assert main(["refresh", "XIX-99", "--data-dir", str(tmp_path / "data"), "--source-file", str(source)]) == 0
    status = pd.read_csv(tmp_path / "data" / "XIX-99" / "status.csv", dtype=str, keep_default_na=False)
    codes = dict(zip(status["participant"], status["iso3"], strict=True))
    assert codes["Andean Community"] == "XAC"  # in the reference table, of kind organisation
    unknown = [codes["Pacific Islands Forum Secretariat"], codes["Arctic Fisheries Commission"]]
    assert all(code.startswith("Q") and "QMA" <= code <= "QZZ" for code in unknown) and len(set(unknown)) == 2
    meta = json.loads((tmp_path / "data" / "XIX-99" / "meta.json").read_text(encoding="utf-8"))
    assert meta["warnings"] == [{"code": "unknown_organisation", "participant": name}
                                for name in ("Arctic Fisheries Commission", "Pacific Islands Forum Secretariat")]
    assert ("WARNING XIX-99: Arctic Fisheries Commission: an organisation not in the reference table, published but "
            "never counted as a State") in capsys.readouterr().err
    # Never counted as States: the universe of States that can join is the reference table's.
    assert not set(unknown) & set(universe()["iso3"]) and "XAC" not in set(universe()["iso3"])
    # The same code at the next refresh: a change log keyed by code sees no change.
    assert main(["refresh", "XIX-98", "--data-dir", str(tmp_path / "data"), "--source-file", str(source)]) == 0
    again = pd.read_csv(tmp_path / "data" / "XIX-98" / "status.csv", dtype=str, keep_default_na=False)
    assert list(again["iso3"]) == list(status["iso3"])
    # A name that does not read as an organisation may be a State's new name: it refuses, naming it.
    bad = tmp_path / "bad.xml"
    bad.write_bytes(document(headers, [*rows, ["Republic of Nowhere", "", "5 Jan 2001 a"]], counts=(1, 5)))
    assert main(["refresh", "XIX-97", "--data-dir", str(tmp_path / "data"), "--source-file", str(bad)]) == 1
    assert "'Republic of Nowhere'" in capsys.readouterr().err


@pytest.mark.parametrize("headers, rows", [
    # Chapter XIX's commodity agreements: a column each, the provisional one first.
    (["Participant", "Signature", "Provisional acceptance", "Definitive acceptance"],
     [["Austria", "1 Jan 2000", "1 Jan 2001", ""], ["Chile", "", "", "2 Feb 2002"],
      ["Peru", "", "4 Apr 2004", "5 May 2005"]]),
    # One column, the provisional acceptance marked by a marker its header defines...
    (["Participant", "Signature", "Definitive acceptance, Provisional acceptance(PA)"],
     [["Austria", "1 Jan 2000", "1 Jan 2001 PA"], ["Chile", "", "2 Feb 2002"]]),
    # ... even one that elsewhere means acceptance.
    (["Participant", "Signature", "Definitive acceptance, Provisional acceptance(A)"],
     [["Austria", "1 Jan 2000", "1 Jan 2001 A"], ["Chile", "", "2 Feb 2002"]]),
])
def test_a_provisional_acceptance_is_not_consent_whatever_its_column_or_marker(headers, rows):
    status = parse_status(document(headers, rows))
    consent = {p.name: p.consent and p.consent.action for p in status.participants}
    provisional = {p.name: p.provisional and p.provisional.action for p in status.participants}
    assert consent["Austria"] is None and provisional["Austria"] == "provisional_acceptance"
    assert consent["Chile"] == "acceptance" and provisional["Chile"] is None
    # Both: the definitive acceptance is its consent, the provisional one stays in its own place.
    assert consent.get("Peru", "acceptance") == "acceptance"
    assert provisional.get("Peru", "provisional_acceptance") == "provisional_acceptance"
    assert status.counted_parties() == len(rows) - 1


def test_a_small_disagreement_is_published_with_the_warning_in_meta(tmp_path, capsys):
    names = list(universe()["display_name"])[:40]  # the refresh needs names from the reference table
    rows = [[escape(name), "1 Jan 2000", ""] for name in names]
    source = tmp_path / "doc.xml"
    source.write_bytes(document(["Participant", "Signature", "Ratification"], rows, counts=(41, None)))
    assert main(["refresh", "V-97", "--data-dir", str(tmp_path / "data"), "--source-file", str(source)]) == 0
    meta = json.loads((tmp_path / "data" / "V-97" / "meta.json").read_text(encoding="utf-8"))
    assert meta["warnings"] == [COUNT_40_41]  # a code with its numbers: the pages choose the words
    assert "WARNING V-97: the table has 40 signatories, the header says 41" in capsys.readouterr().err


def test_an_action_dated_before_the_conclusion_is_kept_with_a_warning():
    # UNTC's XIV-4 (Geneva, 29 October 1971) lists Finland's signature as 21 Apr 1971.
    headers = ["Participant", "Signature", "Ratification"]
    rows = [["Finland", "21 Apr 1971", "18 Dec 1972"], ["France", "29 Oct 1971", "12 Sep 1972"]]
    status = parse_status(document(headers, rows, counts=(2, 2), conclusion="Geneva, 29 October 1971"))
    early = {"code": "dated_before_conclusion", "participant": "Finland", "action": "signature", "date": "1971-04-21",
             "conclusion": "1971-10-29"}
    assert check_status(status, "XIV-4") == [early]
    assert english(early) == "Finland: signature dated 1971-04-21, before the treaty's conclusion (1971-10-29)"
    garbage = parse_status(document(headers, [["Finland", "21 Apr 1071", ""]], counts=(1, 0)))
    with pytest.raises(ValidationFailed, match="Finland: implausible date 1071-04-21"):
        check_status(garbage, "XIV-4")


def test_a_denounced_column_gives_way_to_a_later_consent():
    headers = ["Participant", "Definitive signature of the Protocol, Acceptance of the Protocol",
               "Accession to the Convention as amended(a)"]
    status = parse_status(document(headers, [["Austria", "[12 Nov 1947]", "17 Mar 1959 a"]], counts=(None, 1),
                                   conclusion="Geneva, 1 January 1946"))
    consent = status.participants[0].consent
    assert (consent.action, consent.withdrawn) == ("accession", False) and status.counted_parties() == 1


def test_an_application_column_records_who_applies_the_convention_to_an_agency():
    # III-2-*: "Application" is a State party undertaking to apply the convention to one more
    # specialised agency; UNTC counts those States as the annex's parties, [brackets] excluded.
    rows = [["Austria", "14 Jan 2010"], ["Brazil", "[2 Mar 1999]"], ["Chile", "5 May 2001"]]
    status = parse_status(document(["Participant", "Application"], rows, counts=(None, 2)))
    consent = {p.name: (p.consent.action, p.consent.withdrawn) for p in status.participants}
    assert consent == {"Austria": ("application", False), "Brazil": ("application", True),
                       "Chile": ("application", False)}
    assert status.counted_parties() == 2 and check_status(status, "III-2-18", today=date(2018, 1, 15)) == []


def test_every_warning_the_checks_write_is_one_the_pages_can_translate():
    """Every code the checks store in meta.json has words in French (never the English sentence), and in
    English for the refresh command's WARNING lines."""
    from views.labels import refresh_warning

    headers = ["Participant", "Signature", "Ratification"]
    many = [[f"State {chr(65 + i // 26)}{chr(65 + i % 26)}", "1 Jan 2000", ""] for i in range(40)]
    early = [["Finland", "21 Apr 1971", "18 Dec 1972"], ["France", "29 Oct 1971", "12 Sep 1972"]]
    warnings = [*check_status(parse_status(document(headers, many, counts=(41, None))), "V-99"),
                *check_status(parse_status(document(headers, early, counts=(2, 2),
                                                    conclusion="Geneva, 29 October 1971")), "XIV-4"),
                *check_status(parse_status(document(headers, [])), "XIX-29"),
                *check_status(parse_status(document(headers, [["Fisheries Commission", "1 Jan 2000", ""]])), "XIX-99")]
    assert len(warnings) == 4
    assert len({w["code"] for w in warnings}) == 4
    for warning in warnings:
        assert refresh_warning(warning, "fr") != english(warning), warning
        assert english(warning) != warning["code"], warning
