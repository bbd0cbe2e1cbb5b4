"""The little HTML the pages write themselves, and the one escaper every text in it passes.

Two things on the overview are HTML rather than Streamlit elements: the world map (views.svgmap)
and the headline numbers (`cards`). Both are drawn from text that comes from sources (names,
dates), so every piece of text goes through `text()` here and nowhere else; tests/test_svgmap.py
and tests/test_markup.py feed them hostile text.

Why the headline numbers are HTML and not six `st.metric`: the first page is what everyone opens,
and each kind of Streamlit element the browser meets for the first time is a separate JavaScript
download. The metric's pulled in eight files, a tenth of a second of the cold start (BENCHMARKS.md).
The map already needs HTML rendering, so the cards come for free, and the sentence under them
says what each number means.

Light: no pandas, no Streamlit.
"""

from __future__ import annotations

import html
from collections.abc import Iterable


def text(value: object) -> str:
    """Untrusted text made safe inside SVG/HTML markup, for element text and quoted attributes alike.

    Besides &, <, > and quotes, a colon is escaped (Streamlit's Markdown turns `:word:` into emoji and
    icons) and a newline becomes a character reference (a blank line would end the HTML block).
    """
    escaped = html.escape(str(value), quote=True)
    return escaped.replace(":", "&#58;").replace("\r", "").replace("\n", "&#10;")


# Three cards to a row as on a laptop's st.columns(3), two on a phone; the look of st.metric with a
# border (small label above, large number; the numbers of a row aligned when a label wraps), in
# colours that follow the light and dark themes.
CARDS_STYLE = ("<style>"
               ".icrmw-cards{display:grid;grid-template-columns:repeat(3,minmax(0,1fr));gap:1rem;margin:0 0 1rem;"
               "padding:0;list-style:none;container-type:inline-size}"
               "@media (max-width:640px){.icrmw-cards{grid-template-columns:repeat(2,minmax(0,1fr));gap:.5rem}}"
               ".icrmw-cards li{display:flex;flex-direction:column;justify-content:space-between;margin:0;"
               "padding:.75rem 1rem;border:1px solid rgba(128,128,128,.35);border-radius:.5rem}"
               ".icrmw-cards span{display:block;font-size:.875rem;line-height:1.3}"
               ".icrmw-cards strong{display:block;font-size:2.25rem;font-weight:400;line-height:1.2;"
               "overflow-wrap:anywhere}"
               "@media (max-width:640px){.icrmw-cards strong{font-size:1.75rem}}"
               "</style>")


def cards(items: Iterable[tuple[str, str]], label: str) -> str:
    """Headline numbers as a list of bordered cards, each its label above its value; `label` names
    the list for screen readers. One HTML block with no newline in it (see `text`)."""
    entries = "".join(f"<li><span>{text(name)}</span> <strong>{text(value)}</strong></li>" for name, value in items)
    return f'{CARDS_STYLE}<ul class="icrmw-cards" aria-label="{text(label)}">{entries}</ul>'
