"""Overview (/): where does the Convention stand?"""

from __future__ import annotations

import plotly.io as pio
import streamlit as st

from monitor import analysis
from monitor.downloads import status_download
from views.common import Dataset, download_button, open_clicked_country, run_page, source_line
from views.maps import PLOTLY_CONFIG, build_status_map

INTERSTATE_THRESHOLD = 10  # art. 76(2): in force once ten States Parties have made the declaration


@st.cache_data(show_spinner=False, max_entries=8)
def overview_numbers(key: tuple, _data: Dataset) -> dict:
    """Headline numbers (cached per data version)."""
    info = _data.info
    return analysis.build_overview_numbers(
        _data.status, _data.declarations, _data.as_of,
        individual_article=info.get("individual_article") or "77",
        individual_threshold=int(info.get("individual_threshold") or 10),
        interstate_article=info.get("interstate_article") or "76")


@st.cache_data(show_spinner=False, max_entries=8)
def status_map_json(key: tuple, _data: Dataset) -> str:
    """The world map of today's status as JSON (cached per data version).

    Cached as JSON, not as a Figure: an unpickled Figure serialises slightly differently from the
    original, which changes the chart's widget id between two runs and drops the click selection.
    """
    fig = build_status_map(analysis.build_map_frame(_data.table), analysis.STATUS_COLORS, analysis.STATUS_ORDER)
    return fig.to_json()


def metrics(numbers: dict) -> None:
    """The headline numbers, three to a row (labels stay readable on a laptop; rows stack on a phone)."""
    top = st.columns(3)
    top[0].metric("Parties", numbers["parties"], border=True,
                  help=f"{numbers['parties_ratification']} by ratification, {numbers['parties_accession']} by "
                       "accession or succession: States bound by the Convention.")
    top[1].metric("Signed, not ratified", numbers["signatories_not_ratified"], border=True,
                  help="States that signed but have not yet ratified: they are not bound yet.")
    top[2].metric("No action", numbers["no_action"], border=True,
                  help=f"Of the {numbers['universe']} States that can join: neither signed nor joined.")
    bottom = st.columns(3)
    bottom[0].metric("Share of UN Member States", f"{numbers['un_member_share']:.0%}", border=True,
                     help=f"{numbers['un_member_parties']} of the {numbers['un_members']} UN Member States are "
                          "party (only parties that are UN members are counted in this share).")
    bottom[1].metric(f"Art. {numbers['individual_article']} declarations",
                     f"{numbers['individual_declarations']} of {numbers['individual_threshold']}", border=True,
                     help=f"The individual complaints procedure starts when {numbers['individual_threshold']} "
                          f"States Parties have accepted it (art. {numbers['individual_article']}).")
    bottom[2].metric(f"Art. {numbers['interstate_article']} declarations",
                     f"{numbers['interstate_declarations']} of {INTERSTATE_THRESHOLD}", border=True,
                     help=f"The procedure for complaints by one State Party against another starts when "
                          f"{INTERSTATE_THRESHOLD} States Parties have accepted it (art. "
                          f"{numbers['interstate_article']}(2)).")


def body(data: Dataset) -> None:
    """The page."""
    numbers = overview_numbers(data.key, data)
    st.title("Where does the Convention stand?")
    st.markdown(
        "The **International Convention on the Protection of the Rights of All Migrant Workers and Members of "
        f"Their Families** (ICRMW, 1990), as recorded by the UN on **{data.as_of.strftime('%d %B %Y')}**.")
    metrics(numbers)
    states = ", ".join(numbers["individual_states"]) or "none yet"
    st.markdown(
        f"**{numbers['parties']} States are party** ({numbers['parties_ratification']} by ratification, "
        f"{numbers['parties_accession']} by accession or succession): {numbers['un_member_parties']} of the "
        f"{numbers['un_members']} UN Member States. **{numbers['signatories_not_ratified']}** more have signed "
        f"but not ratified, and **{numbers['no_action']}** of the {numbers['universe']} States that can join "
        "have taken no action. "
        f"**{numbers['individual_declarations']} of the {numbers['individual_threshold']}** declarations needed to "
        f"open the individual complaints procedure (art. {numbers['individual_article']}) have been made: "
        f"{states}; **{numbers['interstate_declarations']}** States accept complaints from other States "
        f"(art. {numbers['interstate_article']}).")

    st.subheader("Status of each State")
    st.caption("Hover over a country for its dates; click it to open its profile. Small States are shown as "
               "dots. The palest land (such as Greenland or Western Sahara) is not a State that can join.")
    event = st.plotly_chart(pio.from_json(status_map_json(data.key, data)), config=PLOTLY_CONFIG, on_select="rerun",
                            selection_mode="points", key="overview_map")
    open_clicked_country(event)
    counts = analysis.build_status_counts(data.table)
    st.caption(" · ".join(f"{row.Status}: {row.States}" for row in counts.itertuples()) +
               f" (of {int(counts['States'].sum())} States). " + source_line(data) + ".")

    with st.expander("The same as a table (every State, its status and dates)"):
        table = data.table[data.table["kind"].isin(["member", "observer", "other_state"])]
        st.dataframe(
            table[["name", "status", "signature_date", "consent_date", "in_force_date", "regional_group"]],
            hide_index=True, width="stretch",
            column_config={"name": "Country", "status": "Status", "signature_date": "Signed",
                           "consent_date": "Ratified / acceded", "in_force_date": "In force for it",
                           "regional_group": "UN regional group"})
    download_button(status_download(data.table, data.as_of), "Download the status of every State (CSV)",
                    key="status_csv")


run_page(body)
