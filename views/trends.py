"""Trends (/trends): how fast is it moving?"""

from __future__ import annotations

from datetime import date, timedelta

import plotly.express as px
import plotly.graph_objects as go
import streamlit as st

from contract.status import PARTY_ACCESSION, PARTY_RATIFICATION, SIGNED, STATUS_COLORS, STATUS_ORDER
from i18n import CLDR_LOCALES, N_, country_name, format_day, format_number, translator
from monitor.analysis.numbers import OverviewNumbers
from monitor.analysis.status import ADOPTED, ENTRY_INTO_FORCE, build_overview_numbers, build_status_at
from monitor.analysis.trends import (
    build_actions_per_year,
    build_cumulative_by,
    build_cumulative_parties,
    build_signature_to_ratification,
)
from views.brief_words import fixed_label
from views.charts import style_figure
from views.labels import build_map_frame, status_name
from views.language import current_language
from views.loaders import Dataset
from views.maps import PLOTLY_CONFIG, build_status_map, map_height
from views.migration import migration_pattern
from views.page import rerun_alone, run_page

ACTION_COLORS = {  # Okabe-Ito, matching the map where the meaning matches
    N_("Signature"): STATUS_COLORS[SIGNED],
    N_("Ratification"): STATUS_COLORS[PARTY_RATIFICATION],
    N_("Accession"): STATUS_COLORS[PARTY_ACCESSION],
    N_("Succession"): "#009E73",
    N_("Succession to signature"): "#F0E442",
}
GROUP_COLORS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000"]
# plotly writes month names in English only: other languages get the ISO date.
HOVER_DAY = {True: "%{x|%d %b %Y}", False: "%{x|%Y-%m-%d}"}
CHART_CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["select2d", "lasso2d"]}


def format_decimal_1(value: float, lang: str) -> str:
    """A number with one decimal, written the language's way (16.3 / 16,3)."""
    if lang == "en":
        return f"{value:.1f}"
    from babel.numbers import format_decimal

    return format_decimal(round(value, 1), format="#,##0.0", locale=CLDR_LOCALES[lang])


# cache_resource, not cache_data: the figures are only read, and unpickling a plotly figure on every rerun
# re-validated all its properties (a quarter of a rerun, measured by bench/dashboard.py).
@st.cache_resource(show_spinner=False, max_entries=8)
def charts(key: tuple, lang: str, _data: Dataset) -> dict[str, go.Figure]:
    """Every chart that does not depend on the date control (cached per data version and language)."""
    data, as_of = _data, _data.as_of
    _ = translator(lang)
    out = {}

    cumulative = build_cumulative_parties(data.status, as_of)
    fig = go.Figure(go.Scatter(x=cumulative["date"], y=cumulative["parties"], mode="lines", line_shape="hv",
                               line={"color": STATUS_COLORS[PARTY_RATIFICATION], "width": 3},
                               name=_("Parties"),
                               hovertemplate=HOVER_DAY[lang == "en"] + ": %{y} " + _("parties") + "<extra></extra>"))
    fig.add_vline(x=ENTRY_INTO_FORCE.isoformat(), line_dash="dash", line_color="#555555")
    fig.add_annotation(x=ENTRY_INTO_FORCE.isoformat(), y=1, yref="paper", xanchor="right",
                       text=_("Entry into force") + "<br>" + format_day(ENTRY_INTO_FORCE, lang), showarrow=False,
                       font={"size": 12},
                       bgcolor="rgba(255,255,255,0.8)")
    out["cumulative"] = style_figure(fig, data, _("Parties over time"), _("Date of deposit"), _("Number of parties"),
                                     legend=False)

    per_year = build_actions_per_year(data.status, as_of)
    per_year["action"] = per_year["action"].map(_)  # the legend in the reader's language
    fig = px.bar(per_year, x="year", y="count", color="action",
                 color_discrete_map={_(action): color for action, color in ACTION_COLORS.items()},
                 labels={"year": _("Year"), "count": _("Actions"), "action": _("Action")},
                 hover_data={"year": True, "count": True, "action": True})
    fig.update_layout(barmode="stack", bargap=0.15)
    out["per_year"] = style_figure(fig, data, _("Actions per year, by type"), _("Year"), _("Number of actions"))

    for column, title, legend_title in (("region", _("Parties by region"), _("Region")),
                                        ("regional_group", _("Parties by UN regional group"), _("UN regional group"))):
        frame = build_cumulative_by(data.status, column, as_of)
        frame[column] = frame[column].map(lambda v: fixed_label(v, lang))  # region and group names
        fig = px.line(frame, x="date", y="parties", color=column, line_shape="hv",
                      color_discrete_sequence=GROUP_COLORS,
                      labels={"date": _("Date"), "parties": _("Parties"), column: legend_title})
        out[column] = style_figure(fig, data, title, _("Date of deposit"), _("Number of parties"), height=420)

    waits = build_signature_to_ratification(data.status, as_of)
    fig = go.Figure(go.Bar(
        x=waits["years"], y=[country_name(iso3, lang, name) for iso3, name in zip(waits["iso3"], waits["name"],
                                                                              strict=True)],
        orientation="h",
        marker_color=STATUS_COLORS[PARTY_RATIFICATION],
        customdata=list(zip(waits["signature_date"].map(str), waits["consent_date"].map(str), strict=True)),
        hovertemplate=_("%(country)s: %(years)s years<br>signed %(signed)s, ratified %(ratified)s") % {
            "country": "%{y}", "years": "%{x}", "signed": "%{customdata[0]}", "ratified": "%{customdata[1]}"}
        + "<extra></extra>",
        text=[format_decimal_1(y, lang) for y in waits["years"]], textposition="outside", cliponaxis=False))
    fig.update_yaxes(autorange="reversed", tickfont={"size": 12})
    out["waits"] = style_figure(fig, data, _("From signature to ratification"),
                                _("Years between signature and ratification"), "", height=140 + 24 * len(waits),
                                legend=False)
    out["median_wait"] = float(waits["years"].median()) if len(waits) else 0.0
    out["waits_count"] = len(waits)
    return out


@st.cache_resource(show_spinner=False, max_entries=32)
def status_at(key: tuple, when: date, lang: str, _data: Dataset) -> tuple[OverviewNumbers, go.Figure]:
    """Counts and map as they stood on one date, hovers and key in the reader's language (cached per data
    version, date and language; only read)."""
    table = build_status_at(_data.status, when)
    numbers = build_overview_numbers(_data.status, _data.declarations, when, _data.articles, table=table)
    fig = build_status_map(build_map_frame(table, lang), STATUS_COLORS, STATUS_ORDER,
                           names={status: status_name(status, lang) for status in STATUS_ORDER})
    return numbers, fig


def body(data: Dataset) -> None:
    """The page."""
    lang = current_language()
    _ = translator(lang)
    st.title(_("How fast is it moving?"))
    figures = charts(data.key, lang, data)
    st.plotly_chart(figures["cumulative"], config=CHART_CONFIG, key="cumulative")
    st.caption(_("A State counts as a party from the day it deposited its instrument of ratification, accession "
                 "or succession. The Convention itself entered into force on %(date)s, three months after the "
                 "20th instrument (article 87).") % {"date": format_day(ENTRY_INTO_FORCE, lang)})
    st.plotly_chart(figures["per_year"], config=CHART_CONFIG, key="per_year")
    tab_region, tab_group = st.tabs([_("By region"), _("By UN regional group")])
    with tab_region:
        st.plotly_chart(figures["region"], config=CHART_CONFIG, key="by_region")
    with tab_group:
        st.plotly_chart(figures["regional_group"], config=CHART_CONFIG, key="by_group")
    st.plotly_chart(figures["waits"], config=CHART_CONFIG, key="waits")
    st.caption(_("%(count)s States signed first and ratified later; the median wait was %(years)s years. States "
                 "that acceded joined without signing first, so they are not shown.")
               % {"count": format_number(figures["waits_count"], lang),
                  "years": format_decimal_1(figures["median_wait"], lang)})

    status_at_section(data)
    migration_pattern(data)


def status_at_body(data: Dataset) -> None:
    """The date control with the counts and the map as they stood that day. Moving the date reruns only this part
    (views.page.rerun_alone), not the charts above and below it, which Streamlit would serialise and send again."""
    lang = current_language()
    _ = translator(lang)
    st.header(_("Status as at a past date"))
    st.markdown(_("Move the slider to see the counts and the map as they stood on that day."))
    when = st.slider(_("Status as at"), min_value=ADOPTED, max_value=data.as_of, value=data.as_of,
                     step=timedelta(days=1), format="YYYY-MM-DD", key="as_at")
    numbers, fig = status_at(data.key, when, lang, data)
    cols = st.columns(4)
    cols[0].metric(_("Parties"), numbers.parties, border=True)
    cols[1].metric(_("Parties bound"), numbers.parties_in_force, border=True,
                   help=_("Parties for which the Convention was already in force on that date (art. 87)."))
    cols[2].metric(_("Signed, not ratified"), numbers.signatories_not_ratified, border=True)
    cols[3].metric(_("No action"), numbers.no_action, border=True)
    if when < ENTRY_INTO_FORCE:
        st.info(_("On %(date)s the Convention was not yet in force: it entered into force on %(start)s.")
                % {"date": format_day(when, lang), "start": format_day(ENTRY_INTO_FORCE, lang)})
    st.plotly_chart(fig, config=PLOTLY_CONFIG, key="map_at",
                    height=map_height(st.context.headers.get("User-Agent"), fig))
    st.caption(_("Status on %(date)s. UNTC does not date withdrawals, so a withdrawn action would count as "
                 "withdrawn from its own date.") % {"date": format_day(when, lang)})


status_at_section = rerun_alone(status_at_body)
run_page(body)
