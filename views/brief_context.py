"""The brief's migration section: the profile's figures (analysis.context) in the reader's language.

Every figure says its year and source; a State a source does not cover says "no data", never 0. Counts are
written in full (2,599,701 / 2 599 701), as a brief is read beside other documents that quote them so.
"""

from __future__ import annotations

from i18n import N_, format_number, plural_translator, translator
from monitor.analysis.brief import CONTEXT_SOURCES, ContextFacts
from monitor.analysis.context import MigrationFacts
from views.figures import NO_DATA, OF_GDP, OF_POPULATION, OF_RESIDENTS, UPR_TITLE, dollars, percent

STOCK, EXTRACT, BANK, UPR = (label for _, label, _ in CONTEXT_SOURCES)
EMIGRANTS = N_("Emigrants abroad (mid-{year})")
IMMIGRANTS = N_("Immigrants (mid-{year})")
REMITTANCES = N_("Remittances received ({year})")


def context_lines(figures: MigrationFacts, lang: str) -> list[tuple[str, str, str]]:
    """(label, value, source and year) of each figure, in `lang`."""
    _ = translator(lang)
    year = figures.stock_year or "2020"
    lines = [
        (_(EMIGRANTS).format(year=year), count(figures.emigrants, figures.emigrant_share, OF_RESIDENTS, lang),
         _("%(source)s, mid-%(year)s") % {"source": _(EXTRACT), "year": year}),
        (_(IMMIGRANTS).format(year=year), count(figures.immigrants, figures.immigrant_share, OF_POPULATION, lang),
         _("%(source)s, Table 1, mid-%(year)s") % {"source": _(STOCK), "year": year}),
        remittances(figures, lang),
        (_(UPR_TITLE), upr(figures, lang), upr_note(figures, lang)),
    ]
    return lines


def count(value: int | None, share: float | None, words: str, lang: str) -> str:
    """'2,599,701 (8.9% of the resident population)', or 'no data'."""
    if value is None:
        return translator(lang)(NO_DATA)
    shown = format_number(value, lang)
    return f"{shown} ({percent(share, words, lang)})" if share is not None else shown


def remittances(figures: MigrationFacts, lang: str) -> tuple[str, str, str]:
    """Remittances received as a share of GDP, with the US$ and the year."""
    _ = translator(lang)
    if figures.remittances_year is None:
        return _("Remittances received"), _(NO_DATA), _(BANK)
    parts = [percent(figures.remittances_pct_gdp, OF_GDP, lang)] if figures.remittances_pct_gdp is not None else []
    if figures.remittances_usd is not None:
        parts.append(f"({dollars(figures.remittances_usd, lang)})" if parts else dollars(figures.remittances_usd, lang))
    note = _("%(source)s, %(year)s") % {"source": _(BANK), "year": figures.remittances_year}
    if figures.provisional_year:
        note += ". " + _("The World Bank's {year} figure is left out: it is far below the year before and looks "
                         "provisional.").format(year=figures.provisional_year)
    return _(REMITTANCES).format(year=figures.remittances_year), " ".join(parts) or _(NO_DATA), note


def upr(figures: MigrationFacts, lang: str) -> str:
    """'23 received: 0 accepted, 23 noted', 'none received', or 'no data (not reviewed …)'."""
    _ = translator(lang)
    if figures.upr_received is None:
        return _("{no_data}: not reviewed in sessions 1–20 of the Universal Periodic Review.").format(
            no_data=_(NO_DATA))
    if figures.upr_received == 0:
        return _("None received")
    ngettext = plural_translator(lang)
    return ngettext("%(received)s received: %(accepted)s accepted, %(noted)s noted",
                    "%(received)s received: %(accepted)s accepted, %(noted)s noted", figures.upr_received) % {
        "received": format_number(figures.upr_received, lang), "accepted": format_number(figures.upr_accepted, lang),
        "noted": format_number(figures.upr_noted, lang)}


def upr_note(figures: MigrationFacts, lang: str) -> str:
    """The UPR's source, with the sessions the State was reviewed in."""
    _ = translator(lang)
    if not figures.upr_sessions:
        return _(UPR)
    return _("%(source)s; reviewed in session(s) %(sessions)s") % {
        "source": _(UPR), "sessions": ", ".join(str(s) for s in figures.upr_sessions)}


def draw_context(writer, context: ContextFacts) -> None:
    """The figures as label / value rows (views.brief_pdf.Writer), each value with its source and year in
    small grey under it; a figure and its note stay on one page."""
    for line in context_lines(context.figures, writer.lang):
        if writer.pdf.will_page_break(14):
            writer.pdf.add_page()
        writer.rows([line])
        writer.pdf.ln(0.6)
