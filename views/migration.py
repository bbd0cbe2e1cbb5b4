"""The "Migration" section of a country profile: origin, destination, remittances and the UPR record."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go
import streamlit as st

from contract.errors import DataFileError
from contract.status import PARTY_STATUSES, STATUS_COLORS, STATUS_ORDER
from i18n import N_, context_translator, country_name, format_number, plural_translator, translator
from monitor.analysis.context import (
    MigrationFacts,
    migration_facts,
    pattern_frame,
    pattern_summary,
    upr_recommendations,
)
from monitor.analysis.context_targets import CONTEXT_DEFAULT_WEIGHTS, CONTEXT_FACTORS, NO_DATA
from monitor.analysis.exports import Download, context_download, migration_download
from views.charts import style_figure
from views.figures import OF_GDP, OF_POPULATION, OF_RESIDENTS, UPR_TITLE, dollars, people, percent
from views.frame import md_escape
from views.labels import WEIGHT_HELP, WEIGHT_LABELS, status_name
from views.language import current_language
from views.loaders import Context, Dataset, get_context
from views.page import download_button

IMPORT_COMMAND = "python -m monitor context"
UPR_HELP = N_("Recommendations other States made to this State in the Universal Periodic Review of the UN Human "
              "Rights Council (sessions 1–20, 2008–2014) that name the Migrant Workers Convention. "
              "“Accepted” is a commitment the State made; “noted” means it did not accept it.")
def response_name(response: str, lang: str) -> str:
    """A State's response to a UPR recommendation ('Accepted', 'Noted') in the reader's language; its own
    context, as French and Spanish say it otherwise than a treaty's acceptance ('Acceptée', not 'Acceptation')."""
    pgettext = context_translator(lang)
    names = {"accepted": pgettext("UPR response", "Accepted"), "noted": pgettext("UPR response", "Noted")}
    return names.get(response, response)


def response_count(ngettext, response: str, count: int) -> str:
    """'2 accepted', '1 noted' in the reader's language (agreeing in number); another response as it is."""
    if response == "accepted":
        return ngettext("%(count)s accepted", "%(count)s accepted", count) % {"count": count}
    if response == "noted":
        return ngettext("%(count)s noted", "%(count)s noted", count) % {"count": count}
    return f"{count} {md_escape(response)}"




def migration_section(data: Dataset, code: str, name: str) -> MigrationFacts | None:
    """The Migration section for one State; says "no data" where a source has none, never 0.

    Returns the facts shown (for the country CSV), None when the context is missing or damaged."""
    lang = current_language()
    _ = translator(lang)
    command = f"`{IMPORT_COMMAND}`"
    st.subheader(_("Migration"))
    try:
        loaded = get_context(data)
    except DataFileError as exc:
        st.warning(_("The migration context cannot be read: {cause} ({file}). Run {command} to rebuild it.").format(
            cause=md_escape(exc.cause), file=md_escape(exc.source or ""), command=command),
            icon=":material/warning:")
        return None
    if loaded is None:
        st.info(_("The migration context was not imported into this data directory. Run {command}.").format(
            command=command), icon=":material/info:")
        return None
    facts = migration_facts(loaded.tables, code, loaded.table)
    year = facts.stock_year or "2020"
    cols = st.columns(3)
    cols[0].metric(_("Immigrants (mid-{year})").format(year=year), people(facts.immigrants, lang), border=True,
                   help=_("Foreign-born people living in the country. UN DESA, International Migrant Stock 2020, "
                          "Table 1."))
    cols[0].caption(percent(facts.immigrant_share, OF_POPULATION, lang))
    cols[1].metric(_("Emigrants abroad (mid-{year})").format(year=year), people(facts.emigrants, lang), border=True,
                   help=_("People born in the country who live in another. From the tidy extract of UN DESA's "
                          "International Migrant Stock 2020 (origin totals), not from the official workbook."))
    cols[1].caption(percent(facts.emigrant_share, OF_RESIDENTS, lang))
    money_label = (_("Remittances received ({year})").format(year=facts.remittances_year) if facts.remittances_year
                   else _("Remittances received"))
    cols[2].metric(money_label, dollars(facts.remittances_usd, lang), border=True,
                   help=_("Personal remittances received, in current US$ and as a share of GDP. World Bank, World "
                          "Development Indicators (updated 2023-05-10): the newest year with both figures."))
    cols[2].caption(percent(facts.remittances_pct_gdp, OF_GDP, lang))
    notes = [_("Immigrants and population: UN DESA, International Migrant Stock 2020 (official workbook)."),
             _("Emigrants: UN DESA, International Migrant Stock 2020, tidy extract of origin totals (IOM World "
               "Migration Report 2022)."),
             _("Remittances: World Bank, World Development Indicators, updated 2023-05-10.")]
    if facts.provisional_year:
        notes.append(_("The World Bank's {year} figure is left out: it is far below the year before and looks "
                       "provisional.").format(year=facts.provisional_year))
    st.caption(" ".join(notes))
    upr_section(loaded.tables, facts, lang)
    download_button(migration_download(facts, name), _("Download the migration facts as CSV"),
                    key="migration_csv")
    return facts


def upr_section(tables: dict[str, pd.DataFrame], facts: MigrationFacts, lang: str = "en") -> None:
    """How many recommendations on the Convention the State received, accepted and noted, and from whom."""
    from i18n import country_name

    _ = translator(lang)
    st.markdown(f"**{_(UPR_TITLE)}**", help=_(UPR_HELP))
    if facts.upr_received is None:
        st.markdown(_("{no_data}: not reviewed in sessions 1–20 of the Universal Periodic Review.").format(
            no_data=_(NO_DATA)))
        return
    sessions = ", ".join(str(s) for s in facts.upr_sessions or ())
    if facts.upr_received == 0:
        st.markdown(_("Reviewed in session(s) {sessions}; received no recommendation naming this Convention.").format(
            sessions=sessions))
        return
    st.markdown(_("Received {received} (accepted {accepted}, noted {noted}) in session(s) {sessions}.").format(
        received=f"**{facts.upr_received}**", accepted=f"**{facts.upr_accepted}**", noted=f"**{facts.upr_noted}**",
        sessions=sessions))
    listing = upr_recommendations(tables, facts.iso3)
    by_whom = listing.groupby("recommending")["response"].value_counts().unstack(fill_value=0)
    codes = recommending_codes(tables)
    ngettext = plural_translator(lang)
    lines = [f"{md_escape(country_name(codes.get(who, ''), lang, who))} "
             f"({', '.join(response_count(ngettext, r, n) for r, n in row.items() if n)})"
             for who, row in by_whom.iterrows()]
    st.markdown(_("From:") + " " + "; ".join(lines) + ".")
    with st.expander(_("The recommendations")):
        shown = listing.rename(columns=str.capitalize)
        shown["Recommending"] = [country_name(codes.get(who, ""), lang, who) for who in shown["Recommending"]]
        shown["Response"] = [response_name(r, lang) for r in shown["Response"]]
        if not listing["text"].astype(bool).any():
            st.caption(_("The wording is not in this copy of the data (the bundled facts leave out UPR Info's "
                         "texts); run {command} to add it, or search the UPR Info database.").format(
                             command=f"`{IMPORT_COMMAND}`"))
            shown = shown.drop(columns="Text")
        st.dataframe(shown, hide_index=True, width="stretch",  # source text: shown as cells, never Markdown
                     column_config={"Year": _("Year"), "Session": _("Session"), "Recommending": _("Recommending State"),
                                    "Response": _("Response"), "Text": _("Text")})
    st.caption(_("Source: UPR Info database export, UPR sessions 1–20 (2008–2014)."))


def recommending_codes(tables: dict[str, pd.DataFrame]) -> dict[str, str]:
    """English State name -> iso3, so a recommending State is named in the reader's language."""
    del tables  # the names come from the country list the analysis names them with
    return dict(_codes_by_name())


@cache
def _codes_by_name() -> dict[str, str]:
    """The reference table's display names to ISO3, built once per process (the table ships with the code)."""
    from contract.countries import universe

    states = universe()
    return dict(zip(states["display_name"], states["iso3"], strict=True))


# --- Lobbying targets ---------------------------------------------------------------------------

CONTEXT_FACTOR_WORDS = N_(
    "**Migration context (off by default).** These four factors say why an advocate would push a State rather "
    "than how close it is to joining, so they start at 0 and the ranking stays the treaty-based one until you "
    "move them. A weight of 1–2 lets them break ties among similar States without overturning the record. "
    "A State without data scores 0 on a factor and its column says “no data”. Sources: UN DESA International "
    "Migrant Stock 2020 (emigrants, mid-2020), World Bank WDI (remittances, latest complete year), UPR Info "
    "(recommendations naming this Convention, 2008–2014).")


@dataclass(frozen=True)
class ContextFactors:
    """The migration factors for /targets, or why there are none: `problem` (the context is damaged) or
    `missing` (never imported); context_notice says it on the page."""

    factors: pd.DataFrame | None
    problem: str | None = None
    missing: bool = False


def load_context_factors(data: Dataset) -> ContextFactors:
    """The context factors of the data directory (the page keeps them with the other prepared targets)."""
    try:
        loaded = get_context(data)
    except DataFileError as exc:
        return ContextFactors(None, problem=exc.cause)
    return ContextFactors(None, missing=True) if loaded is None else ContextFactors(loaded.factors)


def context_notice(found: ContextFactors) -> None:
    """A note on the page when the migration factors are missing or damaged (nothing when they are there)."""
    _ = translator(current_language())
    command = f"`{IMPORT_COMMAND}`"
    if found.problem is not None:
        st.warning(_("The migration factors are unavailable: {cause}. Run {command} to rebuild the migration "
                     "context.").format(cause=md_escape(found.problem), command=command), icon=":material/warning:")
    elif found.missing:
        st.caption(_("The migration factors need the migration context: run {command}.").format(command=command))


def context_weight_sliders() -> dict[str, float]:
    """The four context weights, at 0 unless the user moves them."""
    _ = translator(current_language())
    st.markdown(_(CONTEXT_FACTOR_WORDS))
    weights = {}
    for column, factor in zip(st.columns(4), CONTEXT_FACTORS, strict=True):
        weights[factor] = column.slider(_(WEIGHT_LABELS[factor]), 0.0, 5.0, CONTEXT_DEFAULT_WEIGHTS[factor], 0.5,
                                        key=f"w_{factor}", help=_(WEIGHT_HELP[factor]))
    return weights


# --- The origin/destination picture (/trends) -----------------------------------------------------

PATTERN_TITLE = N_("Countries of origin and of destination")
PATTERN_SYMBOLS = {"Party (ratification)": "circle", "Party (accession or succession)": "circle",
                   "Signed, not ratified": "diamond", "No action": "x", "Withdrawn": "square"}


@st.cache_resource(show_spinner=False, max_entries=4)
def _pattern(key: tuple, stamp: tuple, lang: str, _data: Dataset, _context: Context
             ) -> tuple[go.Figure, dict, Download]:
    """The picture, its numbers and the full download (cached per version of the treaty and context data, and
    per language)."""
    del key, stamp  # only the cache key
    _ = translator(lang)
    points = pattern_frame(_context.table, _data.table)
    points["name"] = [country_name(iso3, lang, name) for iso3, name in zip(points["iso3"], points["name"], strict=True)]
    summary = pattern_summary(points, PARTY_STATUSES)
    fig = px.scatter(points, x="emigrant_share", y="immigrant_share", color="status", symbol="status",
                     color_discrete_map=STATUS_COLORS, symbol_map=PATTERN_SYMBOLS,
                     category_orders={"status": STATUS_ORDER}, log_x=True, log_y=True,
                     hover_name="name", custom_data=["emigrants", "immigrants"])
    fig.update_traces(marker={"size": 9, "opacity": 0.85},
                      hovertemplate="<b>%{hovertext}</b><br>" + _("Emigrants") + ": %{x:.1f}% "
                                    "(%{customdata[0]:,.0f})<br>" + _("Immigrants") + ": %{y:.1f}% "
                                    "(%{customdata[1]:,.0f})<extra></extra>")
    fig.for_each_trace(lambda trace: trace.update(name=status_name(trace.name, lang)))
    style_figure(fig, _data, _(PATTERN_TITLE), _("Emigrants abroad, share of the population (%)"),
                 _("Immigrants, share of the population (%)"), height=460)
    fig.update_layout(title={"subtitle": {"text": _("UN DESA 2020 (mid-2020); status: UNTC, %(date)s")
                                          % {"date": _data.as_of.isoformat()}}})
    ticks = {"tickvals": [0.1, 0.3, 1, 3, 10, 30, 100], "ticktext": ["0.1%", "0.3%", "1%", "3%", "10%", "30%", "100%"]}
    fig.update_xaxes(**ticks)
    fig.update_yaxes(rangemode="normal", **ticks)
    names = dict(zip(_data.table["iso3"], _data.table["name"], strict=False))
    return fig, summary, context_download(_context.tables, names)


def migration_pattern(data: Dataset) -> None:
    """The scatter of emigrant against immigrant shares coloured by status, with the sentence it supports."""
    lang = current_language()
    _ = translator(lang)
    st.header(_(PATTERN_TITLE))
    try:
        loaded = get_context(data)
    except DataFileError as exc:
        st.warning(_("The migration context cannot be read: %(cause)s. Run `%(command)s`.")
                   % {"cause": md_escape(exc.cause), "command": IMPORT_COMMAND}, icon=":material/warning:")
        return
    if loaded is None:
        st.info(_("The migration context was not imported into this data directory. Run `%(command)s`.")
                % {"command": IMPORT_COMMAND}, icon=":material/info:")
        return
    fig, summary, download = _pattern(data.key, loaded.stamp, lang, data, loaded)
    st.markdown(_("Each State by the share of its people living abroad (right: countries of origin) and the share "
                  "of immigrants among its residents (up: countries of destination). In the parties, immigrants are "
                  "a median **%(parties)s** of the population, against **%(others)s** in the States that have not "
                  "joined; **%(top_parties)s of the %(top)s** States with the most immigrants are party.") % {
        "parties": percent(summary["party_immigrant_median"], "{share}", lang),
        "others": percent(summary["other_immigrant_median"], "{share}", lang),
        "top_parties": format_number(summary["top_parties"], lang), "top": format_number(summary["top"], lang)})
    st.plotly_chart(fig, config={"displaylogo": False}, key="migration_pattern")
    st.caption(_("Emigrants come from the tidy extract of UN DESA's origin totals (IOM World Migration Report "
                 "2022); immigrants and population from UN DESA's official workbook. Both axes are logarithmic."))
    download_button(download, _("Download the migration facts of every State (CSV)"), key="context_csv")
