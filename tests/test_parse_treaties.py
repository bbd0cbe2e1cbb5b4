"""The parser on the other tracked treaties: one small hand-written document per feature, the real IV-16.

The fixtures imitate what real 2018 UNTC documents of IV-5, IV-3-a, IV-15-a, IV-11-d, IV-16 and
XVIII-12-b contain (see data/TREATIES.md); they are invented, not copies.
"""

from __future__ import annotations

from datetime import date

import pytest
from conftest import FIXTURES, sample

from monitor.refresh.checks import check_status
from monitor.refresh.tables import build_declarations_table, build_status_table
from scrapers.parse import parse_status
from scrapers.table import column_role, parse_cell, unmarked_action

IV16 = "mtdsg-IV-16.en.2018-01-15.xml"


def fixture(name: str):
    return parse_status((FIXTURES / name).read_bytes())


def by_name(status):
    return {p.name: p for p in status.participants}


@pytest.fixture
def iv16() -> bytes:
    return sample(IV16)


# --- headers and columns ------------------------------------------------------------------------

def test_protocol_title_is_the_subtitle_and_header_footnote_marks_are_dropped():
    status = fixture("protocol-header.xml")  # protocols have Subtitlesect/Subnumsect (XVIII-12-b, IV-3-a)
    assert status.title == "Test Protocol against Something, supplementing the Test Convention"
    assert (status.chapter, status.number) == ("XVIII", "99-b")
    assert status.conclusion == "New York, 15 November 2000"  # IV-8: "...1979<superscript>1</superscript>"
    assert status.conclusion_date == date(2000, 11, 15)
    assert status.entry_into_force_date == date(2004, 1, 28)
    check_status(status, "XVIII-99-b", today=date(2018, 1, 15))


@pytest.mark.parametrize("header, role", [
    ("Participant<superscript>4,5</superscript>", "participant"),
    ("Signature", "signature"),
    ("Signature, Succession to signature(d)", "signature"),
    ("Ratification, Accession(a), Succession(d)", "consent"),
    ("Accession(a), Succession(d), Ratification", "consent"),
    ("Accession(a), Ratification", "consent"),
    ("Formal confirmation(c), Accession(a), Ratification", "consent"),
    ("Ratification, Acceptance(A), Approval(AA), Accession(a), Succession(d)", "consent"),
    ("Approval(AA), Acceptance(A), Accession(a), Ratification", "consent"),
    ("Definitive signature(s), Ratification, Acceptance(A), Approval(AA), Accession(a)", "consent"),
    ("Definitive signature(s), Acceptance(A)", "consent"),
    ("Provisional application(n)", "provisional"),
    ("Undertaking of provisional application in accordance with article 31", "provisional"),
    ("Participation(P)", "consent"),
    ("Participation in the Agreement as amended under paragraph 4 of resolution 05-79", "consent"),
    ("Consent to be bound(P), Succession(d)", "consent"),
    ("Notification of non-provisional application under article 7 (1) (b)", "other"),
    ("Notification under article 25", "other"),
    ("Declarations under article 41", "other"),
])
def test_column_roles_of_real_headers(header, role):
    assert column_role(header) == role


@pytest.mark.parametrize("header, action", [
    ("Accession(a), Ratification", "ratification"),
    ("Formal confirmation(c), Accession(a), Ratification", "ratification"),
    ("Approval(AA), Acceptance(A), Accession(a), Ratification", "ratification"),
    ("Definitive signature(s), Ratification, Acceptance(A)", "ratification"),
])
def test_a_date_without_marker_is_the_unmarked_term(header, action):
    assert unmarked_action(header) == action
    assert parse_cell("1 Jan 2000", "consent", header).action == action


def test_confirmation_of_a_signature_ad_referendum():
    assert parse_cell("1 Jan 2000 C", "signature", "Signature").action == "confirmation_ad_referendum"


# --- cells and participants ---------------------------------------------------------------------

def test_denunciations_in_both_columns_and_succession_to_signature():
    status = fixture("denunciations.xml")  # as IV-5: Jamaica denounced, Trinidad and Tobago twice
    rows = by_name(status)
    assert rows["Jamaica"].signature.withdrawn and rows["Jamaica"].consent.withdrawn
    assert rows["Jamaica"].consent.date == date(1975, 10, 3)
    assert rows["Jamaica"].footnotes == ("3",)
    assert (rows["Trinidad and Tobago"].consent.action, rows["Trinidad and Tobago"].consent.withdrawn) == \
        ("accession", True)
    assert rows["Serbia"].signature.action == "succession"  # "d" in the signature column
    assert rows["Czech Republic"].consent.action == "succession"
    assert status.headers[0] == "Participant"
    assert (status.counted_signatories(), status.counted_parties()) == (3, 3)  # brackets are not counted
    check_status(status, "IV-99", today=date(2018, 1, 15))
    table = build_status_table(status, "IV-99").set_index("iso3")
    assert table.loc["JAM", ["signature_withdrawn", "consent_withdrawn"]].tolist() == ["true", "true"]
    assert table.loc["NRU", "consent_date"] == ""


def test_organisations_and_non_member_states_are_participants():
    status = fixture("organisation.xml")
    rows = by_name(status)
    assert rows["European Union"].consent.action == "formal_confirmation"
    check_status(status, "IV-99", today=date(2018, 1, 15))
    table = build_status_table(status, "IV-99")
    assert set(table["iso3"]) == {"EUU", "COK", "VAT", "PSE", "AND"}
    declarations = build_declarations_table(status, "IV-99", "", "1")
    # "it has competence" (the EU's transferred competences) is no recognition of a committee's competence
    assert list(declarations["section"]) == ["declaration"]


def test_dozens_of_footnotes_and_notes():
    status = fixture("many-footnotes.xml")
    rows = by_name(status)
    assert rows["Kuwait"].footnotes == tuple(str(n) for n in range(31, 41))
    assert rows["China"].footnotes == ("12", "13", "14")
    assert rows["Germany"].footnotes == ("20", "21")
    assert len(status.end_notes) == 40 and status.end_notes["40"] == "Note 40."
    notification = status.sections[0]
    assert (notification.participant, notification.section, notification.date) == \
        ("Kuwait", "notification", date(2012, 3, 26))


def test_participants_table_in_special_tables():
    status = fixture("special-table.xml")  # second-hand: TableHeader/Title and Row/Column
    rows = by_name(status)
    assert rows["Rwanda"].consent.action == "ratification"
    assert rows["European Union"].consent.action == "approval"
    assert (status.chapter, status.number, status.title) == ("XXVII", "99-d", "Test Amendment")
    check_status(status, "XXVII-99-d", today=date(2019, 1, 1))


# --- sections -----------------------------------------------------------------------------------

def test_territorial_application_tables_and_lists():
    status = fixture("territorial.xml")  # the table form is IV-5's (Netherlands Antilles)
    sections = [s for s in status.sections if s.section == "territorial_application"]
    assert [(s.participant, s.date, s.text) for s in sections] == [
        ("Netherlands", date(1978, 12, 11), "Netherlands Antilles"),
        ("United Kingdom of Great Britain and Northern Ireland", date(1976, 5, 20),
         "Bermuda, British Virgin Islands, Cayman Islands"),
        ("United Kingdom of Great Britain and Northern Ireland", date(1982, 8, 4), "Falkland Islands")]
    assert {s.container for s in sections} == {"TerritorialApplications"}
    table = build_declarations_table(status, "IV-99")
    assert list(table["iso3"]) == ["GBR", "GBR", "NLD"]
    assert set(table["section"]) == {"territorial_application"}


def test_italic_paragraphs_are_headings():
    status = fixture("italic-headings.xml")  # as XVIII-12-b (El Salvador) and IV-16 (Belgium)
    salvador = [s for s in status.sections if s.participant == "El Salvador"]
    assert [(s.section, s.title) for s in salvador] == [
        ("reservation", "Upon signature: Reservation"), ("declaration", "Upon ratification: Declarations")]
    assert "only revised judgements" in salvador[1].text
    assert "only this sentence begins in italics" in salvador[1].text  # not a whole-paragraph heading
    table = build_declarations_table(status, "IV-99", "32", "31")
    belgium = table[table["participant"] == "Belgium"]
    assert list(zip(belgium["section"], belgium["articles"])) == [("competence", "31"), ("competence", "32")]


# --- the real IV-16 capture ---------------------------------------------------------------------

def test_enforced_disappearance_capture(iv16):
    """Header, table and competence per article (one test: it needs ../shared)."""
    check_header_and_table(iv16)
    check_competence_per_article(iv16)


def check_header_and_table(iv16):
    status = parse_status(iv16)
    assert status.title == "International Convention for the Protection of All Persons from Enforced Disappearance"
    assert (status.conclusion_date, status.entry_into_force_date) == (date(2006, 12, 20), date(2010, 12, 23))
    assert (status.signatories_count, status.parties_count) == (97, 58)
    check_status(status, "IV-16", today=date(2018, 1, 15))
    table = build_status_table(status, "IV-16")  # every participant name maps to a country
    assert len(table) == len(status.participants) and table["iso3"].is_unique


def check_competence_per_article(iv16):
    table = build_declarations_table(parse_status(iv16), "IV-16", "32", "31")
    competence = table[table["section"] == "competence"]
    assert (competence["articles"] != "").all()  # italic "Article 31" headings split the sections
    art31 = set(competence.loc[competence["articles"].str.contains("31"), "participant"])
    art32 = set(competence.loc[competence["articles"].str.contains("32"), "participant"])
    assert {"Belgium", "Spain", "Lithuania", "Ukraine", "Peru", "Mali"} <= art31
    assert {"Japan", "Sri Lanka"} <= art32 - art31  # article 32 only
    assert "Peru" not in art32
    assert len(art31) == 22 and len(art32) == 23
    spain = competence[competence["participant"] == "Spain"]
    assert list(zip(spain["articles"], spain["date"])) == [("31", "2011-01-05"), ("32", "2011-01-05")]


def test_an_entry_with_only_a_participant_name_gives_no_section():
    data = (FIXTURES / "territorial.xml").read_bytes().replace(
        b"</TerritorialApplications>",
        b"<Application><Participant>Netherlands</Participant></Application></TerritorialApplications>")
    data = data.replace(b"<TerritorialApplications", b"<Declarations><Declaration><Participant>Netherlands"
                        b"</Participant></Declaration></Declarations><TerritorialApplications")  # IV-5's Guyana
    sections = parse_status(data).sections
    assert len(sections) == 3 and {s.section for s in sections} == {"territorial_application"}


# --- competence declarations: only the treaty's own optional articles count -----------------------

def _section(title: str, text: str, articles: tuple[str, ...] = ()):
    from contract.model import Section

    return Section("Albania", "declaration", title, None, articles, text)


def test_accepting_the_competence_counts_and_refusing_does_not():
    from monitor.refresh.competence import mark_competence

    accepts = _section("Declaration", "Albania accepts the competence of the Committee under article 12, "
                                      "for communications in which one State Party claims another fails.")
    refuses = _section("Declaration", "Ireland does not accept the competence of the Committee under article 12.")
    marked = mark_competence([accepts, refuses], interstate="12")
    assert [(s.section, s.articles) for s in marked] == [("competence", ("12",)), ("declaration", ())]


def test_mentioning_a_competence_without_an_optional_article_is_no_recognition():
    from monitor.refresh.competence import mark_competence

    interpretative = _section("Interpretative declaration",
                              "The State recognizes the competence of the Committee as described in article 1.")
    assert mark_competence([interpretative])[0].section == "declaration"
    assert mark_competence([interpretative], "76", "77")[0].section == "declaration"
