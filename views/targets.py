"""Lobbying targets (/targets): whom do we push next?"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from monitor import analysis
from monitor.downloads import targets_download
from views.common import Dataset, download_button, run_page

SHOW = {
    "All States not yet party": [analysis.SIGNED, analysis.NO_ACTION],
    "Signed, not ratified": [analysis.SIGNED],
    "No action": [analysis.NO_ACTION],
}
SORTS = {
    "Priority score (highest first)": (["Priority score", "Country"], [False, True]),
    "Years waiting (longest first)": (["Years waiting", "Country"], [False, True]),
    "Country (A to Z)": (["Country"], [True]),
    "UN regional group, then score": (["UN regional group", "Priority score"], [True, False]),
}


def sort_table(table: pd.DataFrame, choice: str) -> pd.DataFrame:
    """The table sorted as chosen (the download follows the same order)."""
    columns, ascending = SORTS[choice]
    return table.sort_values(columns, ascending=ascending, na_position="last", kind="stable",
                             key=lambda s: s.map(analysis.sort_key) if s.name == "Country" else s
                             ).reset_index(drop=True)


def body(data: Dataset) -> None:
    """The page."""
    st.title("Whom do we push next?")
    st.markdown("States that have **not yet joined** the Convention, ranked by a priority score you can tune. "
                "Signatories have already committed in principle; States whose neighbours have joined may follow.")

    everyone = analysis.build_targets(data.status, data.as_of)
    signed = everyone[everyone["status"] == analysis.SIGNED]
    cols = st.columns(3)
    cols[0].metric("Signed, not ratified", len(signed), border=True)
    cols[1].metric("Median years waiting", f"{signed['years_waiting'].median():.1f}" if len(signed) else "—",
                   border=True, help="Years since signature, for the signatories that have not ratified.")
    cols[2].metric("No action", int((everyone["status"] == analysis.NO_ACTION).sum()), border=True)

    st.subheader("1. Weigh what matters to you")
    st.caption("Each slider sets how much one factor counts in the score (0 = ignore it).")
    weight_cols = st.columns(3)
    weights = {}
    for column, (factor, default) in zip(weight_cols, analysis.DEFAULT_WEIGHTS.items(), strict=True):
        weights[factor] = column.slider(analysis.WEIGHT_LABELS[factor], 0.0, 5.0, float(default), 0.5,
                                        key=f"w_{factor}", help=analysis.WEIGHT_HELP[factor])
    with st.expander("How the priority score is computed", expanded=False):
        st.markdown(
            f"`{analysis.SCORE_FORMULA}`\n\n"
            "Each factor runs from 0 to 1:\n"
            "- **signed**: 1 if the State has signed the Convention, 0 if it has taken no action;\n"
            "- **waiting**: years since signature ÷ the longest wait among today's signatories (0 without a "
            "signature);\n"
            "- **peers**: the share of the State's UN regional group that is already party.\n\n"
            "A weight of 0 switches a factor off. With the default weights (3, 1, 2) signatories come first, "
            "the longest-waiting among them higher. The score ranks; it does not measure how likely a State "
            "is to join.")
    st.caption(f"Formula: {analysis.SCORE_FORMULA}. Open “How the priority score is computed” for details.")

    st.subheader("2. Filter and sort")
    show = st.radio("Show", list(SHOW), horizontal=True, key="f_status")
    filter_cols = st.columns(2)
    regions = filter_cols[0].multiselect("Region", sorted(set(everyone["region"]) - {""}), key="f_region",
                                         placeholder="All regions")
    groups = filter_cols[1].multiselect("UN regional group", sorted(set(everyone["regional_group"]) - {""}),
                                        key="f_group", placeholder="All groups")
    statuses = SHOW[show]
    sort_choice = st.selectbox("Sort by", list(SORTS), key="sort")

    targets = analysis.build_targets(data.status, data.as_of, weights, regions=regions, groups=groups,
                                     statuses=statuses)
    table = sort_table(analysis.build_targets_table(targets), sort_choice)

    st.subheader(f"3. The list ({len(table)} States)")
    st.dataframe(
        table, hide_index=True, width="stretch", key="targets_table", height=38 + 35 * min(len(table), 16),
        column_config={
            "Rank": st.column_config.NumberColumn(help="Rank by priority score among all States not yet party"),
            "Signed on": st.column_config.DateColumn(format="YYYY-MM-DD"),
            "Years waiting": st.column_config.NumberColumn(format="%.1f", help="Years since signature"),
            "Priority score": st.column_config.ProgressColumn(min_value=0, max_value=100, format="%.1f"),
            "Group peers already party": st.column_config.TextColumn(
                help="States of the same UN regional group that are already party"),
        })
    st.caption("Click a column header to re-sort the view; the download follows the “Sort by” choice and the "
               "filters above.")
    download_button(targets_download(table, data.as_of), "Download this list (CSV)", key="targets_csv")


run_page(body)
