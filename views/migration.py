"""The "Migration" section of a country profile: origin, destination, remittances and the UPR record."""

from __future__ import annotations

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go
import streamlit as st

from contract.errors import DataFileError
from contract.status import PARTY_STATUSES, STATUS_COLORS, STATUS_ORDER
from monitor.analysis.context import (
    MigrationFacts,
    migration_facts,
    pattern_frame,
    pattern_summary,
    upr_recommendations,
)
from monitor.analysis.context_targets import CONTEXT_DEFAULT_WEIGHTS, CONTEXT_FACTORS
from monitor.analysis.exports import Download, context_download, migration_download
from views.charts import style_figure
from views.frame import md_escape
from views.labels import WEIGHT_HELP, WEIGHT_LABELS
from views.loaders import Context, Dataset, get_context
from views.page import download_button

IMPORT_COMMAND = "python -m monitor context"
NO_DATA = "no data"
UPR_TITLE = "UPR recommendations on this Convention, 2008–2014"
UPR_HELP = ("Recommendations other States made to this State in the Universal Periodic Review of the UN Human "
            "Rights Council (sessions 1–20, 2008–2014) that name the Migrant Workers Convention. "
            "“Accepted” is a commitment the State made; “noted” means it did not accept it.")


def people(value: int | None) -> str:
    """A head count in words: '2.6 million', '487,564', or 'no data'."""
    if value is None:
        return NO_DATA
    return f"{value / 1e6:.1f} million" if value >= 1_000_000 else f"{value:,}"


def dollars(value: int | None) -> str:
    """US$ in words: 'US$ 8.2 billion', 'US$ 26.2 million', or 'no data'."""
    if value is None:
        return NO_DATA
    if value >= 1e9:
        return f"US$ {value / 1e9:.1f} billion"
    return f"US$ {value / 1e6:.1f} million"


def percent(value: float | None, of: str) -> str:
    """'8.9% of the population', or '' where there is no data."""
    return "" if value is None else f"{value:.1f}% of {of}"


def migration_section(data: Dataset, code: str, name: str) -> MigrationFacts | None:
    """The Migration section for one State; says "no data" where a source has none, never 0.

    Returns the facts shown (for the country CSV), None when the context is missing or damaged."""
    st.subheader("Migration")
    try:
        loaded = get_context(data)
    except DataFileError as exc:
        st.warning(f"The migration context cannot be read: {md_escape(exc.cause)} ({md_escape(exc.source or '')}). "
                   f"Run `{IMPORT_COMMAND}` to rebuild it.", icon=":material/warning:")
        return None
    if loaded is None:
        st.info(f"The migration context was not imported into this data directory. Run `{IMPORT_COMMAND}`.",
                icon=":material/info:")
        return None
    facts = migration_facts(loaded.tables, code, loaded.table)
    year = facts.stock_year or "2020"
    cols = st.columns(3)
    cols[0].metric(f"Immigrants (mid-{year})", people(facts.immigrants), border=True,
                   help="Foreign-born people living in the country. UN DESA, International Migrant Stock 2020, "
                        "Table 1.")
    cols[0].caption(percent(facts.immigrant_share, "the population"))
    cols[1].metric(f"Emigrants abroad (mid-{year})", people(facts.emigrants), border=True,
                   help="People born in the country who live in another. From the tidy extract of UN DESA's "
                        "International Migrant Stock 2020 (origin totals), not from the official workbook.")
    cols[1].caption(percent(facts.emigrant_share, "the resident population"))
    money_label = f"Remittances received ({facts.remittances_year})" if facts.remittances_year \
        else "Remittances received"
    cols[2].metric(money_label, dollars(facts.remittances_usd), border=True,
                   help="Personal remittances received, current US$ and % of GDP. World Bank, World Development "
                        "Indicators (updated 2023-05-10): the newest year with both figures.")
    cols[2].caption(percent(facts.remittances_pct_gdp, "GDP"))
    notes = ["Immigrants and population: UN DESA, International Migrant Stock 2020 (official workbook).",
             "Emigrants: UN DESA, International Migrant Stock 2020, tidy extract of origin totals (IOM World "
             "Migration Report 2022).",
             "Remittances: World Bank, World Development Indicators, updated 2023-05-10."]
    if facts.provisional_year:
        notes.append(f"The World Bank's {facts.provisional_year} figure is left out: it is far below the year "
                     "before and looks provisional.")
    st.caption(" ".join(notes))
    upr_section(loaded.tables, facts)
    download_button(migration_download(facts, name), "Download the migration facts as CSV",
                    key="migration_csv")
    return facts


def upr_section(tables: dict[str, pd.DataFrame], facts: MigrationFacts) -> None:
    """How many recommendations on the Convention the State received, accepted and noted, and from whom."""
    st.markdown(f"**{UPR_TITLE}**", help=UPR_HELP)
    if facts.upr_received is None:
        st.markdown(f"{NO_DATA}: not reviewed in sessions 1–20 of the Universal Periodic Review.")
        return
    sessions = ", ".join(str(s) for s in facts.upr_sessions or ())
    if facts.upr_received == 0:
        st.markdown(f"Reviewed in session(s) {sessions}; received no recommendation naming this Convention.")
        return
    st.markdown(f"Received **{facts.upr_received}** (accepted **{facts.upr_accepted}**, noted "
                f"**{facts.upr_noted}**) in session(s) {sessions}.")
    listing = upr_recommendations(tables, facts.iso3)
    by_whom = listing.groupby("recommending")["response"].value_counts().unstack(fill_value=0)
    lines = [f"{md_escape(who)} ({', '.join(f'{n} {r}' for r, n in row.items() if n)})"
             for who, row in by_whom.iterrows()]
    st.markdown("From: " + "; ".join(lines) + ".")
    with st.expander("The recommendations"):
        shown = listing.rename(columns=str.capitalize)
        if not listing["text"].astype(bool).any():
            st.caption("The wording is not in this copy of the data (the bundled facts leave out UPR Info's texts); "
                       f"run `{IMPORT_COMMAND}` to add it, or search the UPR Info database.")
            shown = shown.drop(columns="Text")
        st.dataframe(shown, hide_index=True, width="stretch")  # source text: shown as cells, never Markdown
    st.caption("Source: UPR Info database export, UPR sessions 1–20 (2008–2014).")


# --- Lobbying targets ---------------------------------------------------------------------------

CONTEXT_FACTOR_WORDS = (
    "**Migration context (off by default).** These four factors say why an advocate would push a State rather "
    "than how close it is to joining, so they start at 0 and the ranking stays the treaty-based one until you "
    "move them. A weight of 1–2 lets them break ties among similar States without overturning the record. "
    "A State without data scores 0 on a factor and its column says “no data”. Sources: UN DESA International "
    "Migrant Stock 2020 (emigrants, mid-2020), World Bank WDI (remittances, latest complete year), UPR Info "
    "(recommendations naming this Convention, 2008–2014).")


def get_context_factors(data: Dataset) -> pd.DataFrame | None:
    """The context factors, or None (with a note on the page) when the context is missing or damaged."""
    try:
        loaded = get_context(data)
    except DataFileError as exc:
        st.warning(f"The migration factors are unavailable: {md_escape(exc.cause)}. Run `{IMPORT_COMMAND}`.",
                   icon=":material/warning:")
        return None
    if loaded is None:
        st.caption(f"The migration factors need the migration context: run `{IMPORT_COMMAND}`.")
        return None
    return loaded.factors


def context_weight_sliders() -> dict[str, float]:
    """The four context weights, at 0 unless the user moves them."""
    st.markdown(CONTEXT_FACTOR_WORDS)
    weights = {}
    for column, factor in zip(st.columns(4), CONTEXT_FACTORS, strict=True):
        weights[factor] = column.slider(WEIGHT_LABELS[factor], 0.0, 5.0, CONTEXT_DEFAULT_WEIGHTS[factor], 0.5,
                                        key=f"w_{factor}", help=WEIGHT_HELP[factor])
    return weights


# --- The origin/destination picture (/trends) -----------------------------------------------------

PATTERN_TITLE = "Countries of origin and of destination"
PATTERN_SYMBOLS = {"Party (ratification)": "circle", "Party (accession or succession)": "circle",
                   "Signed, not ratified": "diamond", "No action": "x", "Withdrawn": "square"}


@st.cache_resource(show_spinner=False, max_entries=4)
def _pattern(key: tuple, stamp: tuple, _data: Dataset, _context: Context) -> tuple[go.Figure, dict, Download]:
    """The picture, its numbers and the full download (cached per version of the treaty and context data)."""
    del key, stamp  # only the cache key
    points = pattern_frame(_context.table, _data.table)
    summary = pattern_summary(points, PARTY_STATUSES)
    fig = px.scatter(points, x="emigrant_share", y="immigrant_share", color="status", symbol="status",
                     color_discrete_map=STATUS_COLORS, symbol_map=PATTERN_SYMBOLS,
                     category_orders={"status": STATUS_ORDER}, log_x=True, log_y=True,
                     hover_name="name", custom_data=["emigrants", "immigrants"])
    fig.update_traces(marker={"size": 9, "opacity": 0.85},
                      hovertemplate="<b>%{hovertext}</b><br>Emigrants: %{x:.1f}% of the population "
                                    "(%{customdata[0]:,.0f})<br>Immigrants: %{y:.1f}% of the population "
                                    "(%{customdata[1]:,.0f})<extra></extra>")
    style_figure(fig, _data, PATTERN_TITLE, "Emigrants abroad, % of the population",
                 "Immigrants, % of the population", height=460)
    fig.update_layout(title={"subtitle": {"text": f"UN DESA 2020 (mid-2020); status: UNTC, {_data.as_of.isoformat()}"}})
    ticks = {"tickvals": [0.1, 0.3, 1, 3, 10, 30, 100], "ticktext": ["0.1%", "0.3%", "1%", "3%", "10%", "30%", "100%"]}
    fig.update_xaxes(**ticks)
    fig.update_yaxes(rangemode="normal", **ticks)
    names = dict(zip(_data.table["iso3"], _data.table["name"], strict=False))
    return fig, summary, context_download(_context.tables, names)


def migration_pattern(data: Dataset) -> None:
    """The scatter of emigrant against immigrant shares coloured by status, with the sentence it supports."""
    st.header(PATTERN_TITLE)
    try:
        loaded = get_context(data)
    except DataFileError as exc:
        st.warning(f"The migration context cannot be read: {md_escape(exc.cause)}. Run `{IMPORT_COMMAND}`.",
                   icon=":material/warning:")
        return
    if loaded is None:
        st.info(f"The migration context was not imported into this data directory. Run `{IMPORT_COMMAND}`.",
                icon=":material/info:")
        return
    fig, summary, download = _pattern(data.key, loaded.stamp, data, loaded)
    st.markdown(
        f"Each State by the share of its people living abroad (right: countries of origin) and the share of "
        f"immigrants among its residents (up: countries of destination). In the parties, immigrants are a median "
        f"**{summary['party_immigrant_median']:.1f}%** of the population, against "
        f"**{summary['other_immigrant_median']:.1f}%** in the States that have not joined; "
        f"**{summary['top_parties']} of the {summary['top']}** States with the most immigrants are party.")
    st.plotly_chart(fig, config={"displaylogo": False}, key="migration_pattern")
    st.caption("Emigrants come from the tidy extract of UN DESA's origin totals (IOM World Migration Report "
               "2022); immigrants and population from UN DESA's official workbook. Both axes are logarithmic.")
    download_button(download, "Download the migration facts of every State (CSV)", key="context_csv")
