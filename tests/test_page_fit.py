"""Two things a reader saw cut or broken: the Spanish short names in the profile's treaty table at laptop
width, and "art. 77" split over two lines in the French headline cards on a phone. Screenshots of both go to
tests/artifacts/ with TEST_SCREENSHOTS=1 (`make screenshots`; the paths are printed)."""

from __future__ import annotations

import json

import pytest

from i18n import short_names
from tests.dashboard_server import new_page, screenshot, wait_rendered
from tests.test_dashboard_apptest import assert_clean, open_page
from views.country import PIXELS_PER_CHARACTER


def test_the_treaty_column_is_as_wide_as_the_longest_spanish_short_name():
    at = open_page("views/country.py", country="MEX", lang="es")
    assert_clean(at)
    [table] = [d for d in at.dataframe if "Treaty" in json.loads(d.proto.columns)]
    width = json.loads(table.proto.columns)["Treaty"]["width"]
    longest = max(short_names(table.value["Treaty"], "es"), key=len)
    assert longest == "Protocolo contra el tráfico de migrantes" or len(longest) >= 37, longest
    assert width >= len(longest) * PIXELS_PER_CHARACTER, (width, longest)


@pytest.mark.browser
def test_spanish_profile_at_laptop_width(server, browser):
    page = new_page(browser, viewport={"width": 1400, "height": 900})
    page.goto(f"{server}/country?country=MEX&lang=es", wait_until="domcontentloaded")
    wait_rendered(page)
    page.get_by_text("Frente a los demás tratados").first.wait_for()
    screenshot(page, "country-MEX-es-1400")
    page.close()


@pytest.mark.browser
def test_french_cards_keep_art_77_on_one_line_on_a_phone(server, browser):
    page = new_page(browser, viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True,
                    has_touch=True)
    page.goto(f"{server}/?lang=fr", wait_until="domcontentloaded")
    wait_rendered(page)
    page.locator("ul.icrmw-cards").first.wait_for()
    # For each card label holding "art. N": on how many lines "art. N" lies, at the phone's width and at every
    # narrower width of the label down to that of its longest word (whether it wraps at exactly 390 px depends
    # on the font).
    lines = page.evaluate(r"""() => Array.from(document.querySelectorAll('ul.icrmw-cards li span')).flatMap(span => {
        const node = span.firstChild, found = node && /art\.\s*\d+/.exec(node.textContent);
        if (!found) return [];
        const range = document.createRange();
        range.setStart(node, found.index);
        range.setEnd(node, found.index + found[0].length);
        const count = () => new Set(Array.from(range.getClientRects()).map(r => Math.round(r.top))).size;
        let most = count();
        const style = span.getAttribute('style');
        span.style.display = 'inline-block';
        // Down to the width of the label's longest word (what a plain space separates): narrower, the
        // cards' overflow-wrap breaks inside words, and "art. N" with them.
        const word = document.createRange();
        let needed = 0, start = 0;
        for (const part of node.textContent.split(' ')) {
            word.setStart(node, start);
            word.setEnd(node, start + part.length);
            needed = Math.max(needed, word.getBoundingClientRect().width + 2);
            start += part.length + 1;
        }
        for (let width = span.getBoundingClientRect().width; width >= needed; width -= 2) {
            span.style.width = width + 'px';
            most = Math.max(most, count());
        }
        if (style === null) span.removeAttribute('style'); else span.setAttribute('style', style);
        return [[node.textContent, most]];
    })""")
    screenshot(page, "overview-fr-390")
    page.close()
    assert len(lines) == 2, lines  # the art. 77 and art. 76 cards
    assert all(count == 1 for _, count in lines), lines
