"""The brief on the country page: the download button, the shareable link, and a real download in Chromium."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.apptest import PAGE, assert_clean, open_page
from tests.dashboard_server import TIMEOUT_S, choose_language, new_page, screenshot, wait_rendered


def test_country_page_offers_the_brief() -> None:
    at = open_page(PAGE["country"], country="MEX")
    assert_clean(at)
    assert "Download the brief (PDF)" in [b.label for b in at.get("download_button")]
    assert at.selectbox(key="brief_lang").value == "en"
    [link] = [b for b in at.get("link_button") if "brief" in b.proto.label]
    assert link.proto.url == "brief/MEX.pdf?lang=en"
    at.selectbox(key="brief_lang").set_value("es").run()
    assert_clean(at)
    [link] = [b for b in at.get("link_button") if "brief" in b.proto.label]
    assert link.proto.url == "brief/MEX.pdf?lang=es"


def test_country_page_takes_the_language_from_the_address() -> None:
    at = open_page(PAGE["country"], country="CIV", lang="fr")
    assert_clean(at)
    assert at.selectbox(key="brief_lang").value == "fr"


@pytest.mark.browser
def test_brief_downloads_from_the_country_page(server: str, browser, tmp_path: Path) -> None:
    """In Chromium: the reader switches the sidebar to Spanish on the country page, which redraws in Spanish
    and keeps ?lang=es, and downloads the brief in Spanish from it."""
    page = new_page(browser, accept_downloads=True)
    try:
        page.goto(server + "/country?country=MEX", wait_until="domcontentloaded")
        wait_rendered(page)
        page.get_by_role("heading", name="Country profile").wait_for(timeout=TIMEOUT_S * 1000)
        choose_language(page, "Español")
        page.wait_for_url("**lang=es**", timeout=TIMEOUT_S * 1000)
        page.get_by_role("heading", name="Perfil de país").wait_for(timeout=TIMEOUT_S * 1000)
        wait_rendered(page)
        assert "country=MEX" in page.url
        page.get_by_text("Ficha de una página").scroll_into_view_if_needed()
        with page.expect_download(timeout=TIMEOUT_S * 1000) as info:
            page.get_by_role("button", name="Descargar la ficha (PDF)").click()
        download = info.value
        assert download.suggested_filename == "icrmw-brief-MEX-es.pdf"
        target = tmp_path / download.suggested_filename
        download.save_as(str(target))
        reader = PdfReader(io.BytesIO(target.read_bytes()))
        assert 1 <= len(reader.pages) <= 2 and "México" in reader.pages[0].extract_text()
        # The shareable link opens the same brief at its own address.
        href = page.get_by_role("link", name="Abrir la ficha para imprimirla o compartirla").get_attribute("href")
        assert href and href.endswith("brief/MEX.pdf?lang=es")
        page.get_by_text("Ficha de una página").scroll_into_view_if_needed()
        screenshot(page, "country-brief-buttons", whole=False)
    finally:
        page.close()
