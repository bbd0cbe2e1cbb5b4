"""Lobbying targets (/targets): whom do we push next?"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from contract import REFRESH_COMMAND
from contract.countries import sort_key
from contract.status import NO_ACTION, SIGNED
from monitor.analysis.exports import targets_download
from monitor.analysis.targets import (
    DEFAULT_WEIGHTS,
    TREATY_FACTOR_COLUMNS,
    TREATY_FACTORS,
    available_factors,
    build_target_factors,
    build_targets,
    build_targets_table,
    factor_coverage,
)
from monitor.analysis.treaties import TreatySet
from views.labels import WEIGHT_HELP, WEIGHT_LABELS, score_formula
from views.loaders import Dataset, get_treaty_set, treaty_set_stamp
from views.page import download_button, run_page

SHOW = {
    "All States not yet party": [SIGNED, NO_ACTION],
    "Signed, not ratified": [SIGNED],
    "No action": [NO_ACTION],
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
                             key=lambda s: s.map(sort_key) if s.name == "Country" else s
                             ).reset_index(drop=True)


def weight_slider(column, factor: str, cover: dict | None) -> float:
    """One factor's weight; a treaty factor with none of its treaties loaded is shown disabled, at 0."""
    label, help_text = WEIGHT_LABELS[factor], WEIGHT_HELP[factor]
    if cover is not None and not cover["available"]:
        # A disabled label is drawn at 40% opacity (2.3:1): its words are shown as a caption instead.
        column.caption(f"{label} (not loaded yet)",
                       help=f"{help_text} Unavailable: {cover['text']}. Run `{REFRESH_COMMAND}` to load them.")
        column.slider(f"{label} (not loaded yet)", 0.0, 5.0, 0.0, 0.5, key=f"w_{factor}", disabled=True,
                      label_visibility="collapsed")
        return 0.0
    if cover is not None and cover["loaded"] < cover["total"]:
        label = f"{label} ({cover['loaded']} of {cover['total']} loaded)"
        help_text = f"{help_text} Only {cover['text']}."
    return column.slider(label, 0.0, 5.0, float(DEFAULT_WEIGHTS[factor]), 0.5, key=f"w_{factor}",
                         help=help_text)


@st.cache_data(show_spinner=False, max_entries=4)
def unweighted_targets(key: tuple, _data: Dataset) -> pd.DataFrame:
    """Every State not yet party, for the headline numbers: the weights do not change them."""
    del key  # only the cache key: the data version
    return build_targets(_data.status, _data.as_of, table=_data.table)


@st.cache_data(show_spinner=False, max_entries=4)
def target_factors(stamp: tuple, _treaties: TreatySet) -> pd.DataFrame:
    """The cross-treaty factors; they do not depend on the weights, so not recomputed per rerun."""
    del stamp  # only the cache key: the versions of every treaty's files
    return build_target_factors(_treaties)


def body(data: Dataset) -> None:
    """The page."""
    st.title("Whom do we push next?")
    st.markdown("States that have **not yet joined** the Convention, ranked by a priority score you can tune. "
                "Signatories have already committed in principle; States whose neighbours have joined may follow; "
                "States party to the other human rights treaties have the fewest reasons to refuse this one.")

    everyone = unweighted_targets(data.key, data)
    signed = everyone[everyone["status"] == SIGNED]
    cols = st.columns(3)
    cols[0].metric("Signed, not ratified", len(signed), border=True)
    cols[1].metric("Median years waiting", f"{signed['years_waiting'].median():.1f}" if len(signed) else "—",
                   border=True, help="Years since signature, for the signatories that have not ratified.")
    cols[2].metric("No action", int((everyone["status"] == NO_ACTION).sum()), border=True)

    st.header("1. Weigh what matters to you")
    st.caption("Each slider sets how much one factor counts in the score (0 = ignore it).")
    treaties = get_treaty_set(data)
    factors = target_factors(treaty_set_stamp(data), treaties)
    cover = factor_coverage(treaties)
    used = available_factors(factors)
    weights = {}
    for row in (("signed", "waiting", "peers"), TREATY_FACTORS):
        for column, factor in zip(st.columns(3), row, strict=True):
            weights[factor] = weight_slider(column, factor, cover.get(factor))
    unavailable = [f for f in TREATY_FACTORS if f not in used]
    partial = [f for f in TREATY_FACTORS if f in used and cover[f]["loaded"] < cover[f]["total"]]
    if unavailable or partial:
        notes = [f"**{WEIGHT_LABELS[f]}** is left out of the score: none of its treaties is loaded yet."
                 for f in unavailable]
        notes += [f"**{WEIGHT_LABELS[f]}** counts only what is loaded: {cover[f]['text']} (not yet: "
                  f"{', '.join(cover[f]['missing'])})." for f in partial]
        st.info("\n".join(f"- {n}" for n in notes) + f"\n\nRun `{REFRESH_COMMAND}` to load the other treaties.",
                icon=":material/cloud_download:")
    formula = score_formula(used)
    with st.expander("How the priority score is computed", expanded=False):
        st.markdown(
            f"`{formula}`\n\n"
            "Each factor runs from 0 to 1:\n"
            "- **signed**: 1 if the State has signed the Convention, 0 if it has taken no action;\n"
            "- **waiting**: years since signature ÷ the longest wait among today's signatories (0 without a "
            "signature);\n"
            "- **peers**: the share of the State's UN regional group that is already party;\n"
            "- **core**: the share of the other core human rights treaties (ICERD, ICESCR, ICCPR, CEDAW, CAT, CRC, "
            "CRPD, CPED) the State is party to;\n"
            "- **complaints**: the share of the other individual complaints procedures it accepts (optional "
            "protocols joined; declarations under ICERD art. 14, CAT art. 22, CPED art. 31);\n"
            "- **palermo**: the share of the two Palermo protocols (trafficking in persons, smuggling of migrants) "
            "it is party to.\n\n"
            "The last three count only the treaties that are loaded: a treaty never refreshed is not counted as "
            "“not ratified”, and a factor with none of its treaties loaded is left out of the formula altogether. "
            "A weight of 0 switches a factor off. With the default weights (3, 1, 2, 1, 1, 1) signatories come "
            "first, the longest-waiting among them higher. The score ranks; it does not measure how likely a State "
            "is to join.")
    st.caption(f"Formula: {formula}. Open “How the priority score is computed” for details.")

    st.header("2. Filter and sort")
    show = st.radio("Show", list(SHOW), horizontal=True, key="f_status")
    filter_cols = st.columns(2)
    regions = filter_cols[0].multiselect("Region", sorted(set(everyone["region"]) - {""}), key="f_region",
                                         placeholder="All regions")
    groups = filter_cols[1].multiselect("UN regional group", sorted(set(everyone["regional_group"]) - {""}),
                                        key="f_group", placeholder="All groups")
    statuses = SHOW[show]
    sort_choice = st.selectbox("Sort by", list(SORTS), key="sort")

    targets = build_targets(data.status, data.as_of, weights, regions=regions, groups=groups,
                                     statuses=statuses, factors=factors, table=data.table)
    table = sort_table(build_targets_table(targets, [f for f in TREATY_FACTORS if f in used]),
                       sort_choice)

    st.header(f"3. The list ({len(table)} States)")
    st.dataframe(
        table, hide_index=True, width="stretch", key="targets_table", height=38 + 35 * min(len(table), 16),
        column_config={
            "Rank": st.column_config.NumberColumn(help="Rank by priority score among all States not yet party"),
            "Signed on": st.column_config.DateColumn(format="YYYY-MM-DD"),
            "Years waiting": st.column_config.NumberColumn(format="%.1f", help="Years since signature"),
            "Priority score": st.column_config.ProgressColumn(min_value=0, max_value=100, format="%.1f"),
            "Group peers already party": st.column_config.TextColumn(
                help="States of the same UN regional group that are already party"),
            **{label: st.column_config.TextColumn(help=cover[factor]["text"].capitalize())
               for factor, label in TREATY_FACTOR_COLUMNS.items() if factor in used},
        })
    st.caption("Click a column header to re-sort the view; the download follows the “Sort by” choice and the "
               "filters above.")
    download_button(targets_download(table, data.as_of), "Download this list (CSV)", key="targets_csv")


run_page(body)
