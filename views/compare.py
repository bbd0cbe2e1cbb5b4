"""Beside the other treaties (/compare): who has joined the other core treaties, but not this one?"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from contract import REFRESH_COMMAND
from contract.treaties import ICRMW
from monitor.analysis.exports import matrix_download
from monitor.analysis.treaties import (
    GROUP_NAMES,
    TreatySet,
    build_complaints,
    build_core_counts,
    build_matrix,
    build_most_but_not_icrmw,
    build_treaty_list,
    complaint_procedures,
    core_count_column,
    coverage,
    most_threshold,
)
from views.labels import build_core_map_frame
from views.loaders import Dataset, get_treaty_set
from views.maps import PLOTLY_CONFIG, build_status_map, map_height, ordered_colors
from views.page import download_button, not_loaded_notice, open_clicked_country, run_page


def _names(values: list[str]) -> str:
    return ", ".join(values) or "—"


def _filtered(frame: pd.DataFrame, regions: list[str], groups: list[str], region: str = "region",
              group: str = "regional_group") -> pd.DataFrame:
    if regions:
        frame = frame[frame[region].isin(regions)]
    if groups:
        frame = frame[frame[group].isin(groups)]
    return frame.reset_index(drop=True)


def treaties_section(treaties: TreatySet) -> None:
    """Which treaties are compared, and how fresh each one's data is."""
    with st.expander("The tracked treaties and the date of each one's data"):
        listed = build_treaty_list(treaties)
        listed["group"] = listed["group"].map(GROUP_NAMES).str.capitalize()
        st.dataframe(
            listed[["short_name", "title", "group", "data", "as_of", "parties", "id"]], hide_index=True,
            width="stretch",
            column_config={"short_name": "Treaty", "title": "Full title", "group": "Group", "data": "Data",
                           "as_of": st.column_config.DateColumn("Data as of", format="YYYY-MM-DD"),
                           "parties": st.column_config.NumberColumn("Parties", help="States and others party"),
                           "id": "UN Treaty Collection id"})
        st.caption("Each treaty's data is as of its own date (its last refresh), so a State that joined one treaty "
                   "after that date is not counted yet.")


def most_section(treaties: TreatySet, regions: list[str], groups: list[str]) -> None:
    """The consistency argument: party to most core treaties, but not the ICRMW."""
    st.header("Party to most core treaties, but not the ICRMW")
    others = [t for t in treaties.loaded_ids("core") if t != ICRMW]
    if not others or ICRMW not in treaties.status:
        st.info("This list needs the ICRMW and at least one other core treaty loaded. Run "
                f"`{REFRESH_COMMAND}`.", icon=":material/cloud_download:")
        return
    threshold = most_threshold(len(others))
    most = _filtered(build_most_but_not_icrmw(treaties), regions, groups)
    total = len(others)
    if total == 1:
        scope = f"the {treaties.short(others[0])}, the only other core treaty loaded so far,"
    else:
        scope = (f"at least {threshold} of the other {total} core treaties"
                 + ("" if total == 8 else f" loaded so far ({', '.join(treaties.short(t) for t in others)})"))
    st.markdown(f"**{len(most)} States** are party to {scope} but not to the ICRMW. To them the argument is: "
                "*you have already accepted these obligations; the ICRMW is the one that is missing.*")
    if most.empty:
        return
    shown = pd.DataFrame({
        "Country": most["name"], "ICRMW": most["icrmw"],
        "Other core treaties ratified": [f"{n} of {m}" for n, m in zip(most["others_ratified"],
                                                                        most["others_loaded"], strict=True)],
        "Party to": most["ratified"].map(_names), "Not party to": most["missing"].map(_names),
        "Region": most["region"], "UN regional group": most["regional_group"]})
    st.dataframe(shown, hide_index=True, width="stretch", key="most_table",
                 height=38 + 35 * min(len(shown), 10),
                 column_config={"Country": st.column_config.TextColumn(width="medium")})


def map_section(data: Dataset, treaties: TreatySet) -> None:
    """A world map of the number of core treaties each State is party to."""
    cov = coverage(treaties, "core")
    st.header("Core treaties ratified, by State")
    frame, categories = build_core_map_frame(treaties)
    # No legend title (Streamlit's chart theme greys it below AA contrast): the heading above names the counts.
    fig = build_status_map(frame, ordered_colors(categories), categories)
    st.caption(("Counts cover all nine core treaties. " if cov["complete"] else
                f"Counts cover only the {cov['loaded']} core treaties loaded "
                f"({', '.join(treaties.short(t) for t in cov['loaded_ids'])}); the other "
                f"{cov['total'] - cov['loaded']} are not loaded yet, so a low number may not be the whole story. ")
               + "“Ratified” means party by ratification, accession or succession. Hover over a country for the "
               "treaties; click it to open its profile.")
    event = st.plotly_chart(fig, config=PLOTLY_CONFIG, on_select="rerun", selection_mode="points",
                            key="compare_map", height=map_height(st.context.headers.get("User-Agent"), fig))
    open_clicked_country(event)


def matrix_section(data: Dataset, treaties: TreatySet, regions: list[str], groups: list[str]) -> None:
    """Every State and every tracked treaty, sortable, with a CSV download of what is shown."""
    st.header("Every State and every treaty")
    table = build_matrix(treaties, regions=regions, groups=groups)
    count = core_count_column(treaties)
    config = {"Country": st.column_config.TextColumn(pinned=True),
              count: st.column_config.NumberColumn(help="Core human rights treaties the State is party to (by "
                                                        "ratification, accession or succession), of those loaded"),
              "Core treaties not ratified": st.column_config.TextColumn(
                  help="Loaded core treaties the State is not party to; those not loaded yet are not listed")}
    for treaty_id in treaties.ids():
        info = treaties.info(treaty_id)
        config[info["short_name"]] = st.column_config.TextColumn(help=f"{info['title']} ({treaty_id})")
    st.dataframe(table, hide_index=True, width="stretch", key="matrix", column_config=config)
    st.caption(f"{len(table)} States. Each cell: what the State did and the year (Ratified, Acceded, Succeeded, "
               "Signed — signed but not bound —, Withdrawn, No action), or “Not loaded yet” when that treaty was "
               "never refreshed. Click a column header to sort; hover over a treaty's header for its full title.")
    download_button(matrix_download(table, data.as_of), "Download this table (CSV)", key="matrix_csv")


def complaints_section(treaties: TreatySet, regions: list[str], groups: list[str]) -> None:
    """Individual complaints accepted under other treaties versus the ICRMW's article 77."""
    st.header("Individual complaints: accepted elsewhere, not under the ICRMW")
    procedures = complaint_procedures(treaties)
    loaded = [p["label"] for p in procedures if p["loaded"]]
    if not loaded:
        st.info(f"No other complaints procedure is loaded yet. Run `{REFRESH_COMMAND}`.",
                icon=":material/cloud_download:")
        return
    st.markdown("A State accepts complaints from individuals under another treaty by joining its optional "
                "protocol (ICCPR-OP1, OP-CEDAW, OP-ICESCR, OP-CRPD, OP-CRC-IC) or by a declaration (ICERD art. 14, "
                "CAT art. 22, CPED art. 31). Under the ICRMW that takes a declaration under **article 77**; the "
                "procedure starts once 10 States have made one.")
    only_gap = st.toggle("Only States that accept complaints elsewhere but have made no art. 77 declaration",
                         value=True, key="gap_only")
    frame = _filtered(build_complaints(treaties, only_gap=only_gap), regions, groups)
    gap = _filtered(build_complaints(treaties, only_gap=True), regions, groups)
    st.markdown(f"**{len(gap)} States** accept individual complaints under at least one of the "
                f"{len(loaded)} other procedure{'s' if len(loaded) != 1 else ''} loaded ({', '.join(loaded)}) "
                "but have made no article 77 declaration.")
    accepted = f"Accepted elsewhere (of {len(loaded)} loaded)"
    shown = pd.DataFrame({
        "Country": frame["name"], "ICRMW": frame["icrmw"], "Art. 77 declaration": frame["art77"],
        accepted: frame["accepted"],
        **{p["label"]: frame[p["label"]] for p in procedures},
        "Region": frame["region"], "UN regional group": frame["regional_group"]})
    st.dataframe(shown, hide_index=True, width="stretch", key="complaints_table",
                 height=38 + 35 * min(max(len(shown), 1), 12),
                 column_config={"Country": st.column_config.TextColumn(width="medium"),
                                accepted: st.column_config.NumberColumn(
                                    help=f"Individual complaints procedures accepted under other treaties, of the "
                                         f"{len(loaded)} loaded"),
                                "Art. 77 declaration": st.column_config.TextColumn(
                                    help="“Not party”: the State must join the ICRMW before it can make one")})


def body(data: Dataset) -> None:
    """The page."""
    treaties = get_treaty_set(data)
    st.title("Beside the other treaties")
    st.markdown("The strongest lobbying argument is consistency: *“you have ratified eight of the nine core human "
                "rights treaties, all but this one.”* This page sets the ICRMW beside the other core human rights "
                "treaties, their individual complaints procedures and the two Palermo protocols on trafficking in "
                "persons and the smuggling of migrants.")
    not_loaded_notice(treaties)
    treaties_section(treaties)

    states = build_core_counts(treaties)
    cols = st.columns(2)
    regions = cols[0].multiselect("Region", sorted(set(states["region"]) - {""}), key="c_region",
                                  placeholder="All regions")
    groups = cols[1].multiselect("UN regional group", sorted(set(states["regional_group"]) - {""}),
                                 key="c_group", placeholder="All groups")
    st.caption("The filters apply to the lists and tables (not to the map).")

    most_section(treaties, regions, groups)
    map_section(data, treaties)
    matrix_section(data, treaties, regions, groups)
    complaints_section(treaties, regions, groups)


run_page(body)
