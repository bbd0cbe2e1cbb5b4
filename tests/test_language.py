"""The dashboard's language: ?lang= and the sidebar selector, kept from page to page (AppTest)."""

from __future__ import annotations

import pytest

from tests.apptest import PAGE, PAGES, assert_clean, open_page

SELECTOR = "language"


def shown(at) -> str:
    return at.segmented_control(key=SELECTOR).value


def test_lang_fr_selects_french_on_every_page() -> None:
    at = open_page(PAGES[0], lang="fr")
    assert_clean(at)
    assert shown(at) == "fr" and at.query_params["lang"] == "fr"
    # Each name after a space the button does not show (views.language.button_text; the browser test below reads
    # the button's text itself).
    assert [o.strip() for o in at.sidebar.segmented_control(key=SELECTOR).options] == ["English", "Français", "Español"]
    for page in PAGES[1:]:
        at.switch_page(page).run()
        assert_clean(at)
        assert shown(at) == "fr" and at.query_params["lang"] == "fr", page


def test_the_language_survives_an_address_without_it() -> None:
    """Moving to another page (or st.switch_page with its own parameters) drops ?lang=: the session
    remembers the choice and writes it back."""
    at = open_page(PAGE["trends"], lang="es")
    del at.query_params["lang"]
    at.query_params["country"] = "MEX"  # as the map's click does: st.switch_page with only its own
    at.switch_page(PAGE["country"]).run()
    assert_clean(at)
    assert shown(at) == "es" and at.query_params["lang"] == "es"
    assert at.selectbox(key="brief_lang").value == "es"


@pytest.mark.parametrize("bad", ["xx", "FRA", "<b>fr</b>", ""])
def test_an_unknown_language_falls_back_to_english(bad: str) -> None:
    at = open_page(PAGES[0], lang=bad)
    assert_clean(at)
    assert shown(at) == "en"
    assert "lang" not in at.query_params  # English needs no parameter; a wrong one is not kept


def test_the_selector_writes_the_address() -> None:
    at = open_page(PAGES[0])
    assert shown(at) == "en" and "lang" not in at.query_params
    at.segmented_control(key=SELECTOR).set_value("es").run()
    assert shown(at) == "es" and at.query_params["lang"] == "es"
    at.switch_page(PAGE["data"]).run()
    assert shown(at) == "es" and at.query_params["lang"] == "es"
    at.segmented_control(key=SELECTOR).set_value("en").run()
    assert_clean(at)
    assert shown(at) == "en" and "lang" not in at.query_params


def test_case_and_spaces_are_forgiven() -> None:
    at = open_page(PAGES[0], lang=" ES ")
    assert shown(at) == "es" and at.query_params["lang"] == "es"


@pytest.mark.browser
def test_lang_is_kept_when_moving_through_the_sidebar(server: str, browser) -> None:
    """In Chromium: a page link in the sidebar drops ?lang=, and the app writes it back."""
    from tests.dashboard_server import LANGUAGE_CHOOSER, TIMEOUT_S, new_page, wait_rendered

    page = new_page(browser)
    try:
        page.goto(server + "/?lang=fr", wait_until="domcontentloaded")
        wait_rendered(page)
        for title, path in (("Tendances", "/trends"), ("Données et méthode", "/data")):  # the French navigation
            page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name=title).click()
            page.wait_for_url(f"**{path}?lang=fr", timeout=TIMEOUT_S * 1000)
            wait_rendered(page)
        chooser = page.get_by_role("radiogroup", name=LANGUAGE_CHOOSER)
        assert chooser.get_by_role("radio", checked=True).inner_text() == "Français"
    finally:
        page.close()
