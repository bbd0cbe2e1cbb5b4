"""Pure parse tests: the real 2018 captures and one small hand-written document per quirk."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import FIXTURES, sample

from contract.errors import LayoutChanged
from monitor.refresh.checks import check_status
from monitor.refresh.tables import build_declarations_table, build_status_table
from scrapers.parse import parse_status
from scrapers.table import parse_cell
from scrapers.text import clean, parse_date, split_footnotes


def fixture(name: str):
    return parse_status((FIXTURES / name).read_bytes())


def by_name(status):
    return {p.name: p for p in status.participants}


# --- the real captures -------------------------------------------------------------------------

def check_icrmw_2018_capture_matches_its_header():
    status = parse_status(sample("mtdsg-IV-13.en.2018-01-15.xml"))
    assert status.title.startswith("International Convention on the Protection of the Rights of All Migrant")
    assert (status.signatories_count, status.parties_count) == (39, 51)
    assert (status.counted_signatories(), status.counted_parties()) == (39, 51)
    assert len(status.participants) == 67
    assert status.conclusion_date == date(1990, 12, 18)
    assert status.entry_into_force_date == date(2003, 7, 1)
    assert status.registration == "1 July 2003, No. 39481"
    check_status(status, "IV-13", today=date(2018, 1, 15))


def check_icrmw_rows_actions_and_footnotes():
    rows = by_name(parse_status(sample("mtdsg-IV-13.en.2018-01-15.xml")))
    assert rows["Albania"].signature is None
    assert (rows["Albania"].consent.date, rows["Albania"].consent.action) == (date(2007, 6, 5), "accession")
    assert rows["Argentina"].signature.action == "signature"
    assert rows["Argentina"].consent.action == "ratification"
    assert rows["Montenegro"].footnotes == ("2",)
    assert "Sri Lanka" in rows  # the raw 0x02 byte is a space


def check_icrmw_control_bytes_become_the_intended_characters():
    status = parse_status(sample("mtdsg-IV-13.en.2018-01-15.xml"))
    texts = " ".join(s.title + s.text for s in status.sections) + " ".join(status.end_notes.values())
    assert "\u201cAccording to the citizenship Act" in texts  # 0x1C
    assert "Sri Lanka shall be subject" in texts  # 0x02 inside a sentence
    assert not any(ord(c) < 0x20 and c not in "\n" for c in texts)


def check_icrmw_declarations_sections_dates_and_objection():
    status = parse_status(sample("mtdsg-IV-13.en.2018-01-15.xml"))
    mexico = [s for s in status.sections if s.participant == "Mexico"]
    assert [(s.section, s.date) for s in mexico] == [
        ("declaration", None), ("declaration", date(2008, 9, 15)), ("objection", date(2017, 10, 26))]
    egypt = [s for s in status.sections if s.participant == "Egypt"]
    assert [s.articles for s in egypt] == [("4",), ("18",)]
    assert status.end_notes["3"].startswith("On 11 July 2014, the Government of Mexico")


def check_icrmw_article_76_77_recognitions_found_from_the_text():
    status = parse_status(sample("mtdsg-IV-13.en.2018-01-15.xml"))
    table = build_declarations_table(status, "IV-13", "76", "77")
    competence = table[table["section"] == "competence"]
    art77 = competence[competence["articles"].str.contains("77")]
    assert sorted(zip(art77["participant"], art77["date"])) == [
        ("Ecuador", "2018-01-12"), ("El Salvador", "2015-01-23"), ("Guatemala", "2007-09-11"),
        ("Mexico", "2008-09-15"), ("Uruguay", "2012-04-13")]
    art76 = competence[competence["articles"].str.contains("76")]
    assert sorted(art76["participant"]) == ["Ecuador", "El Salvador", "Guatemala"]
    assert "Turkey" not in set(competence["participant"])  # "at a later time" is no recognition


def check_enforced_disappearance_declarations_under_article_are_competence():
    status = parse_status(sample("mtdsg-IV-16.en.2018-01-15.xml"))
    assert (status.counted_signatories(), status.counted_parties()) == (97, 58)
    table = build_declarations_table(status, "IV-16", "32", "31")
    competence = table[table["section"] == "competence"]
    albania = competence[competence["participant"] == "Albania"]
    assert list(albania["articles"]) == ["31", "32"]
    assert set(competence["participant"]) >= {"Belgium", "Mali", "Spain", "Lithuania"}


def check_crc_capture_without_participants_is_refused_clearly():
    with pytest.raises(LayoutChanged, match="no participants table"):
        parse_status(sample("mtdsg-IV-11.en.2018-01-15.xml"))


def check_status_table_is_sorted_with_iso3_and_iso_dates():
    table = build_status_table(parse_status(sample("mtdsg-IV-13.en.2018-01-15.xml")), "IV-13")
    assert list(table["iso3"]) == sorted(table["iso3"])
    assert table.loc[table["iso3"] == "MNE", "footnotes"].item() == "2"
    assert table.loc[table["iso3"] == "ALB", "consent_date"].item() == "2007-06-05"


# One test per capture, so a clone without ../shared skips each once.

def test_icrmw_2018_capture():
    for check in (
            check_icrmw_2018_capture_matches_its_header,
            check_icrmw_rows_actions_and_footnotes,
            check_icrmw_control_bytes_become_the_intended_characters,
            check_icrmw_declarations_sections_dates_and_objection,
            check_icrmw_article_76_77_recognitions_found_from_the_text,
            check_status_table_is_sorted_with_iso3_and_iso_dates,
    ):
        check()


def test_cped_and_crc_2018_captures():
    for check in (
            check_enforced_disappearance_declarations_under_article_are_competence,
            check_crc_capture_without_participants_is_refused_clearly,
    ):
        check()


# --- one hand-written document per quirk -------------------------------------------------------

def test_brackets_mark_withdrawn_actions_kept_but_not_counted():
    status = fixture("brackets.xml")
    rows = by_name(status)
    assert rows["Albania"].consent.withdrawn and rows["Albania"].consent.action == "accession"
    assert rows["Chile"].signature.withdrawn and not rows["Chile"].consent.withdrawn
    assert rows["Ghana"].consent.date == date(1980, 11, 14)
    assert (status.counted_signatories(), status.counted_parties()) == (2, 2)
    check_status(status, "IV-99")  # the header counts 2 and 2, as UNTC does


def test_markers_case_matters():
    rows = by_name(fixture("markers.xml"))
    assert rows["France"].consent.action == "approval"  # AA
    assert rows["Japan"].consent.action == "acceptance"  # A
    assert rows["Kenya"].consent.action == "accession"  # a
    assert rows["Montenegro"].signature.action == "succession"  # d in the signature column
    assert rows["Montenegro"].consent.action == "succession"
    assert rows["European Union"].consent.action == "approval"


@pytest.mark.parametrize("cell, action", [
    ("1 Jan 2000 c", "formal_confirmation"), ("1 Jan 2000 s", "definitive_signature"),
    ("1 Jan 2000 n", "provisional_application"), ("1 Jan 2000 P", "participation"),
])
def test_every_consent_marker(cell, action):
    assert parse_cell(cell, "consent", "Ratification, Accession(a)").action == action


def test_unknown_marker_is_a_layout_change():
    with pytest.raises(LayoutChanged, match="unknown action marker"):
        parse_cell("1 Jan 2000 x", "consent", "Ratification")


def test_unmarked_date_takes_the_unmarked_term_of_the_header():
    assert parse_cell("1 Jan 2000", "consent", "Definitive signature(s), Acceptance").action == "acceptance"


def test_several_footnotes_split_from_names():
    status = fixture("footnotes.xml")
    rows = by_name(status)
    assert rows["China"].footnotes == ("5", "6", "7")
    assert rows["Belarus"].footnotes == ("3",)
    assert rows["Germany"].footnotes == ("4", "8")
    assert status.headers[0] == "Participant"
    assert status.end_notes["5"] == "Note five in italics ."


def test_footnotes_glued_to_names_in_page_text():
    assert split_footnotes("Koweït31,77") == ("Koweït", ("31", "77"))
    assert split_footnotes("Belarus7") == ("Belarus", ("7",))
    assert split_footnotes("Timor-Leste") == ("Timor-Leste", ())


def test_columns_found_by_header_text_not_position():
    rows = by_name(fixture("reordered.xml"))
    assert rows["Austria"].signature.date == date(1973, 12, 10)
    assert rows["Austria"].consent.date == date(1978, 9, 10)
    assert rows["Nauru"].consent is None


def test_two_column_table_without_signatures():
    status = fixture("two-columns.xml")
    rows = by_name(status)
    assert rows["Tuvalu"].consent.action == "succession" and rows["Sweden"].signature is None
    assert status.signatories_count is None


def test_whitespace_tabs_nbsp_and_padding():
    rows = by_name(fixture("whitespace.xml"))
    assert rows["Sri Lanka"].signature.date == date(2007, 6, 5)
    assert rows["Mali"].signature.date == date(2013, 5, 29)
    assert rows["Mali"].consent.action == "ratification"
    assert rows["Niger"].signature.date == date(2001, 1, 1)


def test_french_months():
    rows = by_name(fixture("french.xml"))
    assert rows["Argentine"].signature.date == date(2004, 8, 10)
    assert rows["Argentine"].consent.date == date(2007, 2, 23)
    assert rows["Bénin"].consent.date == date(2018, 7, 6)
    assert rows["Tchad"].consent.date == date(2022, 12, 12)
    assert parse_date("1 janv 2000") == date(2000, 1, 1)


def test_declaration_sections_escaped_text_and_competence():
    status = fixture("declarations.xml")
    table = build_declarations_table(status, "IV-13", "76", "77")
    mexico = table[table["participant"] == "Mexico"]
    assert list(mexico["section"]) == ["declaration", "competence", "objection"]
    assert list(mexico["articles"]) == ["", "77", ""]
    assert "\u201cconformity\u201d with national law\u2026 see article 2." in mexico["text"].iloc[0]
    assert "<script>alert(1)</script>" in mexico["text"].iloc[2]  # kept as text; views show it inert
    guatemala = table[table["participant"] == "Guatemala"]
    assert list(guatemala["articles"]) == ["76;77"]
    turkey = table[table["participant"] == "Turkey"]
    assert list(turkey["section"]) == ["reservation", "declaration"]
    assert "& associations" in turkey["text"].iloc[0]


@pytest.mark.parametrize("data, message", [
    (b"", "empty"),
    (b"<!DOCTYPE html><html><body>urgent maintenance</body></html>", "HTML"),
    (b"<?xml version='1.0'?><Document><Treaty><Header>", "broken or truncated"),
    (b"<?xml version='1.0'?><feed/>", "not a UNTC"),
])
def test_not_a_document(data, message):
    with pytest.raises(LayoutChanged, match=message):
        parse_status(data)


def test_entities_are_never_expanded():
    evil = (b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            b"<Document><Treaty><Header><ExternalData><Titlesect>&x;</Titlesect></ExternalData></Header>"
            b"</Treaty></Document>")
    with pytest.raises(LayoutChanged):
        parse_status(evil)


def test_clean_folds_whitespace_and_drops_pseudo_tags():
    assert clean("  <i>Treaty\tSeries</i>\u00a0 vol. 2 ") == "Treaty Series vol. 2"
