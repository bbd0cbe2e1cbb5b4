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
import re
from collections.abc import Iterable

# Markdown's special characters: each escaped, so untrusted text inside a Markdown line shows literally.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=])")


def md_escape(text: object) -> str:
    """Text that Markdown shows literally (for untrusted strings inside a Markdown line)."""
    return _MD_SPECIAL.sub(r"\\\1", str(text)).replace("\n", " ")


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


def headline(numbers, lang: str) -> str:
    """The overview's headline numbers (a monitor.analysis.overview.OverviewNumbers) as cards, in a language:
    the dashboard's first page and the static site's index pages show the same."""
    from babel.numbers import format_percent

    from contract.treaties import ICRMW_INTERSTATE_THRESHOLD
    from i18n import CLDR_LOCALES, format_number, translator

    _ = translator(lang)
    of = _("{count} of {total}")
    return cards([
        (_("Parties"), format_number(numbers.parties, lang)),
        (_("Signed, not ratified"), format_number(numbers.signatories_not_ratified, lang)),
        (_("No action"), format_number(numbers.no_action, lang)),
        (_("Share of UN Member States"), format_percent(numbers.un_member_share, locale=CLDR_LOCALES[lang])),
        (_("Art. {article} declarations").format(article=numbers.individual_article),
         of.format(count=numbers.individual_declarations, total=numbers.individual_threshold)),
        (_("Art. {article} declarations").format(article=numbers.interstate_article),
         of.format(count=numbers.interstate_declarations, total=ICRMW_INTERSTATE_THRESHOLD)),
    ], label=_("The Convention in figures"))


def summary_sentence(numbers, map_rows: list[list[str]], lang: str, strong, escape) -> str:
    """The sentence under the headline numbers that says what they mean. ``strong`` makes a number stand
    out and ``escape`` makes a name inert: Markdown on the dashboard, HTML on the static site."""
    from i18n import country_name, translator

    _ = translator(lang)
    by_name = {row[2]: row[0] for row in map_rows}
    states = ", ".join(escape(country_name(by_name.get(name, ""), lang, name))
                       for name in numbers.individual_states) or _("none yet")
    return _(
        "{parties} States are party ({ratification} by ratification, {accession} by accession or succession): "
        "{members_party} of the {members} UN Member States. {signed} more have signed but not ratified, and "
        "{no_action} of the {universe} States that can join have taken no action. {declarations} of the "
        "{threshold} declarations needed to open the individual complaints procedure (art. {article}) have been "
        "made: {states}; {interstate} States accept complaints from other States (art. {interstate_article})."
    ).format(parties=strong(numbers.parties), ratification=numbers.parties_ratification,
             accession=numbers.parties_accession, members_party=numbers.un_member_parties,
             members=numbers.un_members, signed=strong(numbers.signatories_not_ratified),
             no_action=strong(numbers.no_action), universe=numbers.universe,
             declarations=strong(numbers.individual_declarations), threshold=numbers.individual_threshold,
             article=numbers.individual_article, states=states, interstate=strong(numbers.interstate_declarations),
             interstate_article=numbers.interstate_article)
