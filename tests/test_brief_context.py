"""The brief's migration section: the profile's figures in each language, "no data" where a source is silent,
and no heading left alone at the foot of a page (the PDF pages are saved as PNG in tests/artifacts/)."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from dataclasses import replace

import pytest
from pypdf import PdfReader

from tests.dashboard_server import REPO
from tests.test_brief import DATA, text_of
from views import brief_data as brief
from views.brief_pdf import brief_bytes, build_brief_pdf

ARTIFACTS = REPO / "tests" / "artifacts"


def plain(text: str) -> str:
    """CLDR's spaces (narrow and no-break) as plain spaces, so a test can say '2 599 701'."""
    return text.replace("\u202f", " ").replace("\u00a0", " ")


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", ["MIGRATION FIGURES AND UPR RECORD", "Emigrants abroad (mid-2020) 2,599,701",
            "8.9% of the resident population", "Immigrants (mid-2020) 487,564", "Remittances received (2021)",
            "22.7% of GDP", "World Bank, World Development Indicators, 2021", "None received",
            "reviewed in session(s) 10"]),
    ("fr", ["DONNÉES MIGRATOIRES", "2 599 701", "8,9 % de la population résidente", "487 564",
            "Envois de fonds reçus (2021)", "22,7 % du PIB", "Aucune reçue"]),
    ("es", ["2.599.701", "22,7 % del PIB", "Remesas recibidas (2021)", "Ninguna recibida"]),
])
def test_nepal_carries_its_migration_figures(lang, expected):
    text = plain(text_of(brief_bytes(DATA, "NPL", lang)))
    for wanted in expected:
        assert wanted in text, f"{wanted!r} missing from Nepal's {lang} brief:\n{text}"
    assert "Not loaded yet: the migration figures" not in text
    assert "international-migrant-stock" in text and "upr-info-database.org" in text  # the sources' addresses


@pytest.mark.parametrize(("lang", "wanted"), [("en", "23 received: 0 accepted, 23 noted"),
                                              ("fr", "23 reçues : 0 acceptées, 23 prises en note"),
                                              ("es", "23 recibidas: 0 aceptadas, 23 de las que se tomó nota")])
def test_germany_carries_its_upr_count(lang, wanted):
    text = plain(text_of(brief_bytes(DATA, "DEU", lang)))
    assert wanted in text and "session(s) 4, 16" in text.replace("sesión(es)", "session(s)").replace(
        "la ou des sessions", "session(s)")


def test_a_source_that_does_not_cover_a_state_says_no_data():
    facts = brief.brief_facts(DATA, "NPL")
    figures = replace(facts.context.figures, emigrants=None, emigrant_share=None, remittances_year=None,
                      remittances_usd=None, remittances_pct_gdp=None, upr_received=None, upr_accepted=None,
                      upr_noted=None, upr_sessions=None)
    text = text_of(build_brief_pdf(replace(facts, context=replace(facts.context, figures=figures)), "en"))
    assert "Emigrants abroad (mid-2020) no data" in text and "Remittances received no data" in text
    assert "no data: not reviewed in sessions 1–20" in text
    assert " 0 " not in text.split("MIGRATION FIGURES")[1].split("WHAT RATIFICATION")[0]


def test_without_an_imported_context_the_brief_says_so(tmp_path):
    root = tmp_path / "data"
    shutil.copytree(DATA, root, ignore=shutil.ignore_patterns("context"))
    text = text_of(brief_bytes(root, "NPL", "en"))
    assert "Not loaded yet: the migration figures" in text and "2,599,701" not in text


HEADING = re.compile(r"^[^a-zà-ÿ]{6,}$")  # headings are drawn in capitals


@pytest.mark.parametrize("iso3", ["NPL", "MEX", "DEU", "FRA", "PHL", "TUV", "CIV"])
@pytest.mark.parametrize("lang", ["en", "fr", "es"])
def test_no_heading_alone_at_the_foot_of_a_page(iso3, lang):
    reader = PdfReader(io.BytesIO(brief_bytes(DATA, iso3, lang)))
    for number, page in enumerate(reader.pages, 1):
        lines = [line.strip() for line in page.extract_text().splitlines() if line.strip()]
        body = lines[:-1] if lines and re.search(r"\d/\d$", lines[-1]) else lines  # the running footer
        assert body and not HEADING.match(body[-1]), f"{iso3} {lang}: page {number} ends with heading {body[-1]!r}"


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (Debian's poppler-utils) is not installed")
@pytest.mark.parametrize("lang", ["en", "fr", "es"])
def test_nepal_brief_pages_as_pictures(lang):
    ARTIFACTS.mkdir(exist_ok=True)
    pdf = ARTIFACTS / f"brief-NPL-{lang}.pdf"
    pdf.write_bytes(brief_bytes(DATA, "NPL", lang))
    subprocess.run(["pdftoppm", "-r", "80", "-png", str(pdf), str(ARTIFACTS / f"brief-NPL-{lang}")], check=True)
    pictures = sorted(ARTIFACTS.glob(f"brief-NPL-{lang}-*.png"))
    print(*pictures, sep="\n")
    assert len(pictures) == len(PdfReader(io.BytesIO(pdf.read_bytes())).pages)
