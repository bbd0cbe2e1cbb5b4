"""WCAG 2.1 AA in a real browser: axe-core on every page at laptop and phone width, and the map on a phone.

axe-core comes bundled in `axe-playwright-python` (requirements-dev.txt). One server and one browser
serve the whole module (a Streamlit start costs seconds on a loaded machine), and one tab per screen goes
from page to page and from language to language through the sidebar, as a reader does. Screenshots at phone
width go to tests/artifacts/ with TEST_SCREENSHOTS=1 (`make screenshots`; git-ignored, the paths are printed).
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest

from tests.axe_check import axe_or_skip, serious_violations
from tests.dashboard_server import (
    TIMEOUT_S,
    go_to_page,
    in_language,
    language_of,
    new_page,
    screenshot,
    switch_language,
    wait_rendered,
)

pytestmark = pytest.mark.browser

# The country page last: it is opened by its address (a new document), and a tab that moved on from it to another
# page of plotly charts would load plotly's 4.7 MB bundle a second time (about 1.5 CPU-s of the browser's).
PAGES = {"overview": "/", "trends": "/trends", "targets": "/targets", "compare": "/compare", "changes": "/changes",
         "data": "/data", "country": "/country?country=MEX"}
WIDTHS = {"laptop": {"width": 1400, "height": 900}, "phone": {"width": 390, "height": 844}}
SCREENS = [*WIDTHS, "phone-dark"]  # the dark theme follows the reader's system setting: checked on a phone
MIN_TARGET_PX = 24  # WCAG 2.2's minimum target size (2.5.8), in CSS pixels
MAP = "svg.icrmw-map"
# A phone browser's User-Agent ("Mobi" in it): the plotly maps take their phone height from it.
PHONE_UA = ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 "
            "Mobile Safari/537.36")


@pytest.fixture(scope="module")
def axe():
    return axe_or_skip()


def test_axe_reports_what_it_finds(browser, axe) -> None:
    """The check is not blind (it reports violations only, in full: tests/axe_check.py): an image with no text
    alternative and grey text on grey are found and named."""
    page = new_page(browser)
    try:
        page.set_content('<html lang="en"><title>A page</title><main><img src="data:,">'
                         '<p style="color:#999;background:#aaa">Unreadable</p></main></html>')
        found = serious_violations(axe, page)
    finally:
        page.close()
    assert [line.split(":")[0] for line in found] == ["color-contrast (serious)", "image-alt (critical)"], found


def phone_page(browser):
    """A 390x844 touch screen with a phone browser, as on a common phone (its dark mode: shown_page)."""
    return new_page(browser, viewport=WIDTHS["phone"], device_scale_factor=2, is_mobile=True, has_touch=True,
                    user_agent=PHONE_UA)


def wait_for_plotly_maps(page) -> None:
    """On /trends and /compare, wait until plotly has drawn the world's countries."""
    if urlparse(page.url).path.rstrip("/") in ("/trends", "/compare"):
        page.wait_for_function("document.querySelectorAll('path.choroplethlocation').length >= 150",
                               timeout=TIMEOUT_S * 1000)


@pytest.fixture(scope="module")
def tabs(browser) -> dict:
    """The module's tabs, by screen, moved from page to page through the sidebar and from language to language by
    the sidebar's chooser, as a reader does (tests/dashboard_server.go_to_page, switch_language): opening each page
    afresh, or in a tab per language, cost the browser most of this module's CPU. "map" is the phone's tab that
    taps its way to small States. A tab whose move failed is closed, and the next test opens a new one; the
    browser fixture closes the others after the module."""
    return {}


def visits() -> list:
    """Every page at every screen in English (the phone in its dark mode too), and at laptop and phone width in
    French and Spanish, in the order a tab per screen goes through them: a page in each language, then the next
    page, its languages in the reverse order (the tab switches language once per page, not three times)."""
    screens = {"en": SCREENS, "fr": list(WIDTHS), "es": list(WIDTHS)}
    order = []
    for index, name in enumerate(PAGES):
        for lang in ("en", "fr", "es") if index % 2 == 0 else ("es", "fr", "en"):
            order += [pytest.param(name, lang, screen, id=f"{name}-{lang}-{screen}") for screen in screens[lang]]
    return order


@pytest.mark.parametrize(("name", "lang", "width"), visits())
def test_no_serious_axe_violation(server: str, browser, tabs, axe, name: str, lang: str, width: str) -> None:
    """In French and Spanish, longer words must not push a page sideways or out of its headings' order either,
    and the page keeps its language in the address and names it on the document."""
    page = shown_page(browser, tabs, server, name, width, lang)
    assert language_of(page.url) == lang, f"{name} lost the language: {page.url}"
    # The document names the language it is drawn in, for screen readers' voices (WCAG 3.1.1).
    assert page.evaluate("document.documentElement.lang") == lang, f"{name} in {lang}: <html lang> says otherwise"
    assert_accessible(page, axe, name if lang == "en" else f"{name}-{lang}", width)


# Whether the app's background is dark, as the reader's system setting asks: Streamlit follows a change live.
BACKGROUND_IS_DARK = ("dark => { const [r, g, b] = getComputedStyle(document.querySelector('.stApp')).backgroundColor"
                      ".match(/\\d+/g).map(Number); return (r + g + b < 200) === dark; }")


def shown_page(browser, tabs: dict, server: str, name: str, width: str, lang: str):
    """The page `name` drawn in `lang` in the tab of this screen: reached through the sidebar when the tab is
    open, else opened by its address (as is the country page, whose State comes from the address); put in `lang`
    by the sidebar's chooser when it shows another; left as it is when it shows the page in `lang` already.

    The phone's dark screen is the phone's tab with the system setting turned to dark, as a reader's phone
    switches at night: the page is drawn again in the dark theme without being opened again (each screen
    opening every page cost the browser a third of this module's CPU)."""
    tab_screen = "phone" if width.startswith("phone") else width
    path = PAGES[name]
    page = tabs.get(tab_screen)
    try:
        if page is None:
            page = tabs[tab_screen] = phone_page(browser) if tab_screen == "phone" else new_page(
                browser, viewport=WIDTHS[tab_screen])
        dark = width.endswith("dark")
        page.emulate_media(color_scheme="dark" if dark else "light")
        if page.url == "about:blank" or ("?" in path and not shows(page.url, path)):  # a new tab, or the country
            page.goto(server + in_language(path, lang), wait_until="domcontentloaded")
            wait_rendered(page)
        elif not shows(page.url, path):
            go_to_page(page, path)
        if language_of(page.url) != lang:
            switch_language(page, lang)
        page.wait_for_function(BACKGROUND_IS_DARK, arg=dark, timeout=TIMEOUT_S * 1000)
        wait_rendered(page)
        wait_for_plotly_maps(page)
    except Exception:
        tabs.pop(tab_screen, None)
        if page is not None:
            page.close()
        raise
    return page


def shows(url: str, path: str) -> bool:
    """Whether the app's address `url` is that of the page `path` (its own parameters included), in any language."""
    here, there = urlparse(url), urlparse(path)
    asked = parse_qs(there.query).items()
    return here.path.rstrip("/") == there.path.rstrip("/") and all(
        parse_qs(here.query).get(key) == value for key, value in asked)


def assert_accessible(page, axe, name: str, width: str) -> None:
    """axe-core's WCAG A/AA rules find nothing serious, headings go in order, nothing scrolls sideways."""
    found = serious_violations(axe, page)
    sideways = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    levels = page.evaluate("Array.from(document.querySelectorAll('[data-testid=stMain] :is(h1,h2,h3,h4,h5,h6)'))"
                           ".map(h => Number(h.tagName[1]))")
    if width.startswith("phone") or name == "overview":
        screenshot(page, f"a11y-{name}-{width}")
    assert not found, f"{name} at {width} width: {len(found)} serious/critical axe violations:\n" + "\n".join(found)
    assert levels[:1] == [1] and levels.count(1) == 1, f"{name}: one h1 first, got levels {levels}"
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:])), f"{name}: a heading level skipped: {levels}"
    assert sideways <= 1, f"{name} scrolls sideways by {sideways}px at {width} width"


def box_of(page, selector: str) -> dict:
    """The element's box in CSS px, scrolled into view first."""
    element = page.locator(selector).first
    element.scroll_into_view_if_needed()
    return element.bounding_box()


def assert_target(box: dict, what: str) -> None:
    assert box["width"] >= MIN_TARGET_PX and box["height"] >= MIN_TARGET_PX, f"{what} is a small target: {box}"


@pytest.mark.parametrize(("iso3", "name"), [("MLT", "Malta"), ("LUX", "Luxembourg"), ("SGP", "Singapore"),
                                            ("COM", "Comoros")])
def test_phone_reaches_a_small_state_from_the_map_in_two_taps(server: str, browser, tabs, axe, iso3: str,
                                                              name: str) -> None:
    """Tap the map where the State is drawn, then tap its button in the list that opens: its profile. One phone
    tab goes from State to State, back to the overview through the sidebar after each profile."""
    page = tabs.pop("map", None)
    try:
        if page is None:
            page = phone_page(browser)
            page.goto(server + "/", wait_until="domcontentloaded")
        else:
            go_to_page(page, "/")
        page.wait_for_function(f"document.querySelectorAll('{MAP} a').length >= 197", timeout=TIMEOUT_S * 1000)
        wait_rendered(page)
        drawn = box_of(page, f"{MAP} a[href='country?country={iso3}'] :is(path, circle)")
        x, y = drawn["x"] + drawn["width"] / 2, drawn["y"] + drawn["height"] / 2
        first = page.evaluate("([x, y]) => { const e = document.elementFromPoint(x, y).closest('summary');"
                              " if (!e) return null; const r = e.getBoundingClientRect();"
                              " return {x: r.x, y: r.y, width: r.width, height: r.height}; }", [x, y])
        assert first is not None, f"no 'near here' zone over {name} at phone width"
        assert_target(first, f"the zone over {name}")
        page.touchscreen.tap(x, y)  # tap 1: the map where the State is
        button = f"details.icrmw-near[open] a[href='country?country={iso3}']"
        page.wait_for_selector(button, state="visible", timeout=TIMEOUT_S * 1000)
        if iso3 == "MLT":  # the open list passes axe too
            found = serious_violations(axe, page, context=".icrmw-map-wrap")
            assert not found, "the 'near here' list:\n" + "\n".join(found)
            screenshot(page, "overview-phone-near-here")
        second = box_of(page, button)
        assert_target(second, f"{name}'s button")
        page.touchscreen.tap(second["x"] + second["width"] / 2, second["y"] + second["height"] / 2)  # tap 2
        page.wait_for_url(f"**/country?country={iso3}", timeout=TIMEOUT_S * 1000)
        page.wait_for_selector("h2", timeout=TIMEOUT_S * 1000)
        assert page.locator("h2", has_text=name).count() == 1
    except Exception:
        if page is not None:
            page.close()
        raise
    tabs["map"] = page  # for the next State


@pytest.mark.parametrize("name", ["trends", "compare"])
def test_plotly_maps_fill_a_phone_without_blank_bands(server: str, browser, tabs, name: str) -> None:
    page = shown_page(browser, tabs, server, name, "phone", "en")
    chart = "[data-testid=stPlotlyChart]:has(path.choroplethlocation)"
    page.locator(chart).first.scroll_into_view_if_needed()
    page.wait_for_timeout(500)  # plotly settles its layout
    parts = page.evaluate("""(chart) => {
        const box = e => { const r = e.getBoundingClientRect(); return {top: r.top, height: r.height,
                                                                         width: r.width}; };
        const c = document.querySelector(chart);
        return {chart: box(c), map: box(c.querySelector('.choroplethlayer')),
                legend: box(c.querySelector('.legend'))};
    }""", chart)
    blank = parts["chart"]["height"] - parts["map"]["height"] - parts["legend"]["height"]
    assert parts["map"]["width"] > 0.9 * parts["chart"]["width"], parts  # the world uses the whole width
    assert blank < 40, f"{name}: {blank:.0f} px of the map's chart is blank at phone width: {parts}"


def test_map_height_follows_the_phone_and_its_legend() -> None:
    from contract.status import STATUS_COLORS, STATUS_ORDER
    from contract.treaties import ICRMW
    from monitor.analysis.status import build_country_status
    from monitor.store import tables
    from monitor.store.layout import DEFAULT_DATA_DIR
    from views.labels import build_map_frame
    from views.maps import MAP_HEIGHT, build_status_map, map_height

    frame = build_map_frame(build_country_status(tables.load_status(DEFAULT_DATA_DIR, ICRMW)))
    four = build_status_map(frame, STATUS_COLORS, STATUS_ORDER)
    laptop = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36"
    assert map_height(laptop, four) == map_height(None, four) == MAP_HEIGHT
    assert 200 <= map_height(PHONE_UA, four) <= 240  # the world (~155 px) and a legend of two lines
