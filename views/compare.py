"""Beside the other treaties (/compare): who has joined the other core treaties, but not this one?"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from contract import REFRESH_COMMAND
from contract.countries import sort_key
from contract.treaties import ICRMW
from i18n import N_, country_name, format_number, plural_translator, short_names, translator, treaty_short, treaty_title
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
    data_text,
    matrix_cells,
    most_threshold,
)
from views.brief_words import fixed_label
from views.labels import build_core_map_frame, refresh_warning
from views.language import current_language
from views.loaders import Dataset, get_treaty_set
from views.maps import PLOTLY_CONFIG, build_status_map, map_height, ordered_colors
from views.page import download_button, not_loaded_notice, open_clicked_country, run_page


def _names(values: list[str], lang: str) -> str:
    return ", ".join(short_names(values, lang)) or "—"


def short(treaties: TreatySet, treaty_id: str, lang: str) -> str:
    """A tracked treaty's short name in the reader's language."""
    return treaty_short(treaty_id, lang, treaties.short(treaty_id))


def _filtered(frame: pd.DataFrame, regions: list[str], groups: list[str], region: str = "region",
              group: str = "regional_group") -> pd.DataFrame:
    if regions:
        frame = frame[frame[region].isin(regions)]
    if groups:
        frame = frame[frame[group].isin(groups)]
    return frame.reset_index(drop=True)


def _countries(frame: pd.DataFrame, lang: str) -> list[str]:
    """The States' names in the reader's language."""
    return [country_name(iso3, lang, name) for iso3, name in zip(frame["iso3"], frame["name"], strict=True)]


def _labels(values: pd.Series, lang: str) -> pd.Series:
    """Fixed English labels (statuses, regions, groups, Yes/No) in the reader's language."""
    return values.map(lambda v: fixed_label(v, lang))


def _shown_matrix(table: pd.DataFrame, treaties: TreatySet, lang: str) -> pd.DataFrame:
    """The matrix as displayed: names, cells, regions and groups in the reader's language (the download
    keeps the English table)."""
    if lang == "en":
        return table
    shown = table.copy()
    shown["Country"] = [country_name(iso3, lang, name) for iso3, name in zip(shown["ISO3"], shown["Country"],
                                                                              strict=True)]
    cells = matrix_cells(treaties, translator(lang))  # worded from the facts, never read back from the English
    for treaty_id in treaties.ids():
        short = treaties.short(treaty_id)
        if short in shown.columns:
            shown[short] = cells.loc[shown["ISO3"], short].to_numpy()
    for column in ("Region", "UN regional group"):
        shown[column] = _labels(shown[column], lang)
    # In the reader's alphabet: Allemagne before Autriche, Alemania before Austria (the download keeps English).
    return shown.sort_values("Country", key=lambda names: names.map(sort_key), ignore_index=True)


def _columns(names, _) -> dict[str, st.column_config.Column]:
    """Every column headed in the reader's language (the frame keeps its English names)."""
    return {name: st.column_config.Column(_(name)) for name in names}


def treaties_section(treaties: TreatySet, lang: str, _) -> None:
    """Which treaties are compared, and how fresh each one's data is."""
    with st.expander(_("The tracked treaties and the date of each one's data")):
        listed = build_treaty_list(treaties)
        listed["group"] = listed["group"].map(lambda g: _(GROUP_NAMES[g]).capitalize() if g in GROUP_NAMES else g)
        listed["short_name"] = short_names(listed["short_name"], lang)
        listed["title"] = [treaty_title(t, lang, title) for t, title in zip(listed["id"], listed["title"], strict=True)]
        listed["data"] = [data_text(treaties, treaty_id, _, lambda w: refresh_warning(w, lang))
                          for treaty_id in listed["id"]]
        st.dataframe(
            listed[["short_name", "title", "group", "data", "as_of", "parties", "id"]], hide_index=True,
            width="stretch", placeholder="",  # a treaty not loaded: its Data cell says so, no "None" beside it
            column_config={"short_name": _("Treaty"), "title": _("Full title"), "group": _("Group"), "data": _("Data"),
                           "as_of": st.column_config.DateColumn(_("Data as of"), format="YYYY-MM-DD"),
                           "parties": st.column_config.NumberColumn(_("Parties"), help=_("States and others party")),
                           "id": _("UN Treaty Collection id")})
        st.caption(_("Each treaty's data is as of its own date (its last refresh), so a State that joined one "
                     "treaty after that date is not counted yet."))


def most_section(treaties: TreatySet, regions: list[str], groups: list[str], lang: str, _) -> None:
    """The consistency argument: party to most core treaties, but not the ICRMW."""
    st.header(_("Party to most core treaties, but not the ICRMW"))
    others = [t for t in treaties.loaded_ids("core") if t != ICRMW]
    if not others or ICRMW not in treaties.status:
        st.info(_("This list needs the ICRMW and at least one other core treaty loaded. Run `%(command)s`.")
                % {"command": REFRESH_COMMAND}, icon=":material/cloud_download:")
        return
    threshold = most_threshold(len(others))
    most = _filtered(build_most_but_not_icrmw(treaties), regions, groups)
    total = len(others)
    if total == 1:
        message = _("**%(count)s States** are party to the %(treaty)s, the only other core treaty loaded so far, "
                    "but not to the ICRMW.")
    elif total == 8:
        message = _("**%(count)s States** are party to at least %(threshold)s of the other %(total)s core "
                    "treaties but not to the ICRMW.")
    else:
        message = _("**%(count)s States** are party to at least %(threshold)s of the other %(total)s core "
                    "treaties loaded so far (%(treaties)s) but not to the ICRMW.")
    st.markdown(message % {"count": format_number(len(most), lang), "treaty": short(treaties, others[0], lang),
                           "threshold": threshold, "total": total,
                           "treaties": ", ".join(short(treaties, t, lang) for t in others)}
                + " " + _("To them the argument is: *you have already accepted these obligations; the ICRMW is "
                          "the one that is missing.*"))
    if most.empty:
        return
    shown = pd.DataFrame({
        N_("Country"): _countries(most, lang), "ICRMW": _labels(most["icrmw"], lang),
        N_("Other core treaties ratified"): [_("%(count)s of %(total)s") % {"count": n, "total": m}
                                             for n, m in zip(most["others_ratified"], most["others_loaded"],
                                                             strict=True)],
        N_("Party to"): [_names(v, lang) for v in most["ratified"]],
        N_("Not party to"): [_names(v, lang) for v in most["missing"]],
        N_("Region"): _labels(most["region"], lang), N_("UN regional group"): _labels(most["regional_group"], lang)})
    st.dataframe(shown, hide_index=True, width="stretch", key="most_table",
                 height=38 + 35 * min(len(shown), 10),
                 column_config=_columns(shown.columns, _)
                 | {"Country": st.column_config.TextColumn(_("Country"), width="medium")})


def map_section(data: Dataset, treaties: TreatySet, _) -> None:
    """A world map of the number of core treaties each State is party to."""
    cov, lang = coverage(treaties, "core"), current_language()
    st.header(_("Core treaties ratified, by State"))
    frame, categories = build_core_map_frame(treaties, lang)
    # No legend title (Streamlit's chart theme greys it below AA contrast): the heading above names the counts.
    fig = build_status_map(frame, ordered_colors(categories), categories)
    if cov["complete"]:
        scope = _("Counts cover all nine core treaties.")
    else:
        scope = _("Counts cover only the %(loaded)s core treaties loaded (%(treaties)s); the other %(missing)s are "
                  "not loaded yet, so a low number may not be the whole story.") % {
            "loaded": cov["loaded"], "treaties": ", ".join(short(treaties, t, lang) for t in cov["loaded_ids"]),
            "missing": cov["total"] - cov["loaded"]}
    st.caption(scope + " " + _("“Ratified” means party by ratification, accession or succession. Hover over a "
                               "country for the treaties; click it to open its profile."))
    event = st.plotly_chart(fig, config=PLOTLY_CONFIG, on_select="rerun", selection_mode="points",
                            key="compare_map", height=map_height(st.context.headers.get("User-Agent"), fig))
    open_clicked_country(event)


def matrix_section(data: Dataset, treaties: TreatySet, regions: list[str], groups: list[str], lang: str,
                   _) -> None:
    """Every State and every tracked treaty, sortable, with a CSV download of what is shown."""
    st.header(_("Every State and every treaty"))
    table = build_matrix(treaties, regions=regions, groups=groups)
    count, cov = core_count_column(treaties), coverage(treaties, "core")
    config = _columns(table.columns, _)
    config |= {
        "Country": st.column_config.TextColumn(_("Country"), pinned=True),
        count: st.column_config.NumberColumn(
            _("Core treaties ratified (of %(total)s)") % {"total": cov["total"]} if cov["complete"] else
            _("Core treaties ratified (of %(loaded)s loaded)") % {"loaded": cov["loaded"]},
            help=_("Core human rights treaties the State is party to (by ratification, accession or "
                   "succession), of those loaded")),
        "Core treaties not ratified": st.column_config.TextColumn(
            _("Core treaties not ratified"),
            help=_("Loaded core treaties the State is not party to; those not loaded yet are not listed"))}
    for treaty_id in treaties.ids():
        info = treaties.info(treaty_id)
        config[info["short_name"]] = st.column_config.TextColumn(
            short(treaties, treaty_id, lang), help=f"{treaty_title(treaty_id, lang, info['title'])} ({treaty_id})")
    st.dataframe(_shown_matrix(table, treaties, lang), hide_index=True, width="stretch", key="matrix",
                 column_config=config)
    st.caption(_("%(count)s States. Each cell: what the State did and the year (Ratified, Acceded, Succeeded, "
                 "Signed — signed but not bound —, Withdrawn, No action), or “Not loaded yet” when that treaty "
                 "was never refreshed. Click a column header to sort; hover over a treaty's header for its full "
                 "title.")
               % {"count": format_number(len(table), lang)})
    download_button(matrix_download(table, data.as_of), _("Download this table (CSV)"), key="matrix_csv")


def complaints_section(treaties: TreatySet, regions: list[str], groups: list[str], lang: str, _) -> None:
    """Individual complaints accepted under other treaties versus the ICRMW's article 77."""
    st.header(_("Individual complaints: accepted elsewhere, not under the ICRMW"))
    procedures = complaint_procedures(treaties)
    loaded = [p["label"] for p in procedures if p["loaded"]]
    if not loaded:
        st.info(_("No other complaints procedure is loaded yet. Run `%(command)s`.") % {"command": REFRESH_COMMAND},
                icon=":material/cloud_download:")
        return
    st.markdown(_("A State accepts complaints from individuals under another treaty by joining its optional "
                  "protocol (ICCPR-OP1, OP-CEDAW, OP-ICESCR, OP-CRPD, OP-CRC-IC) or by a declaration (ICERD "
                  "art. 14, CAT art. 22, CPED art. 31). Under the ICRMW that takes a declaration under "
                  "**article 77**; the procedure starts once 10 States have made one."))
    only_gap = st.toggle(_("Only States that accept complaints elsewhere but have made no art. 77 declaration"),
                         value=True, key="gap_only")
    frame = _filtered(build_complaints(treaties, only_gap=only_gap), regions, groups)
    gap = _filtered(build_complaints(treaties, only_gap=True), regions, groups)
    ngettext = plural_translator(lang)
    st.markdown(ngettext(
        "**%(count)s States** accept individual complaints under at least one of the %(loaded)s other "
        "procedure loaded (%(procedures)s) but have made no article 77 declaration.",
        "**%(count)s States** accept individual complaints under at least one of the %(loaded)s other "
        "procedures loaded (%(procedures)s) but have made no article 77 declaration.", len(loaded))
        % {"count": format_number(len(gap), lang), "loaded": len(loaded), "procedures": ", ".join(loaded)})
    accepted = f"Accepted elsewhere (of {len(loaded)} loaded)"  # the frame's name; the heading is translated
    shown = pd.DataFrame({
        "Country": _countries(frame, lang), "ICRMW": _labels(frame["icrmw"], lang),
        "Art. 77 declaration": _labels(frame["art77"], lang), accepted: frame["accepted"],
        **{p["label"]: _labels(frame[p["label"]], lang) for p in procedures},
        "Region": _labels(frame["region"], lang), "UN regional group": _labels(frame["regional_group"], lang)})
    config = _columns(shown.columns, _)
    for p in procedures:
        config[p["label"]] = st.column_config.Column(p["label"])  # procedure names: the UN's abbreviations
    st.dataframe(shown, hide_index=True, width="stretch", key="complaints_table",
                 height=38 + 35 * min(max(len(shown), 1), 12),
                 column_config=config | {
                     "Country": st.column_config.TextColumn(_("Country"), width="medium"),
                     accepted: st.column_config.NumberColumn(
                         _("Accepted elsewhere (of %(loaded)s loaded)") % {"loaded": len(loaded)},
                         help=_("Individual complaints procedures accepted under other treaties, of the %(loaded)s "
                                "loaded") % {"loaded": len(loaded)}),
                     "Art. 77 declaration": st.column_config.TextColumn(
                         _("Art. 77 declaration"),
                         help=_("“Not party”: the State must join the ICRMW before it can make one"))})


def body(data: Dataset) -> None:
    """The page."""
    lang = current_language()
    _ = translator(lang)
    treaties = get_treaty_set(data)
    st.title(_("Beside the other treaties"))
    st.markdown(_("The strongest lobbying argument is consistency: *“you have ratified eight of the nine core "
                  "human rights treaties, all but this one.”* This page sets the ICRMW beside the other core human "
                  "rights treaties, their individual complaints procedures and the two Palermo protocols on "
                  "trafficking in persons and the smuggling of migrants."))
    not_loaded_notice(treaties)
    treaties_section(treaties, lang, _)

    states = build_core_counts(treaties)
    cols = st.columns(2)
    regions = cols[0].multiselect(_("Region"), sorted(set(states["region"]) - {""}), key="c_region",
                                  placeholder=_("All regions"), format_func=lambda v: fixed_label(v, lang))
    groups = cols[1].multiselect(_("UN regional group"), sorted(set(states["regional_group"]) - {""}),
                                 key="c_group", placeholder=_("All groups"),
                                 format_func=lambda v: fixed_label(v, lang))
    st.caption(_("The filters apply to the lists and tables (not to the map)."))

    most_section(treaties, regions, groups, lang, _)
    map_section(data, treaties, _)
    matrix_section(data, treaties, regions, groups, lang, _)
    complaints_section(treaties, regions, groups, lang, _)


run_page(body)
