"""Typography the catalogs keep: "art. 77" never breaks between its two parts (a no-break space), so a
narrow card on a phone never leaves "art." at the end of one line and "77" on the next."""

from __future__ import annotations

import re

import pytest
from babel.messages.pofile import read_po

from i18n import po_path

ARTICLE_WITH_A_PLAIN_SPACE = re.compile(r"\b[Aa]rt\. (?=[0-9{%])")


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_art_and_its_number_are_joined_by_a_no_break_space(lang):
    with po_path(lang).open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    joined = [m for m in catalog if m.id and "\u00a0" in "".join(m.string if isinstance(m.string, tuple)
                                                                  else (m.string,))]
    plain = [m.id for m in catalog if m.id and any(ARTICLE_WITH_A_PLAIN_SPACE.search(s) for s in (
        m.string if isinstance(m.string, tuple) else (m.string,)))]
    assert not plain, f"{lang}: 'art.' followed by a plain space in {plain[:3]}"
    assert joined  # the catalog does use it
