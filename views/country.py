"""Country profile (/country?country=ISO3): what is this country's record?"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from contract import REFRESH_COMMAND
from contract.countries import UNIVERSE_KINDS
from contract.ids import untc_status_page
from contract.status import NO_ACTION, PARTY_ACCESSION, PARTY_RATIFICATION, SIGNED, WITHDRAWN
from i18n import N_, country_name, format_day, format_number, short_names, translator, treaty_short, treaty_title
from i18n.words import ACTION_WORDS
from monitor.analysis.dates import parse_country_code
from monitor.analysis.exports import country_download
from monitor.analysis.profile import build_country_profile, build_country_treaties, complaints_text, status_text
from monitor.analysis.status import build_peer_counts
from monitor.analysis.treaties import NOT_LOADED, TreatySet, build_core_counts
from views.brief_links import brief_buttons
from views.brief_words import STATUS_WORDS
from views.frame import md_escape
from views.labels import action_name, group_name, refresh_warning, region_name, status_name
from views.language import current_language
from views.loaders import Dataset, get_treaty_set, treaty_set_stamp
from views.migration import migration_section
from views.page import download_button, fmt_date, rerun_alone, run_page
from views.routes import COUNTRY_PARAM
from views.site_links import country_page_links

PARAM = COUNTRY_PARAM
BADGE_COLORS = {
    PARTY_RATIFICATION: "blue", PARTY_ACCESSION: "blue", SIGNED: "orange",
    NO_ACTION: "gray", WITHDRAWN: "violet",
}
SECTION_HELP = N_("Declarations and reservations say how a State reads or limits its obligations; an objection is "
                  "another State's response to them; a recognition of competence accepts complaints under "
                  "article 76 (from other States) or 77 (from individuals).")
KINDS = {"member": N_("UN Member State"), "observer": N_("UN observer State"),
         "other_state": N_("State (not a UN member)")}
# The analysis's fixed English words in the profile's tables (the CSV keeps them): shown translated.
TABLE_WORDS = {word: word for word in (
    N_("Yes"), N_("No (withdrawn)"), N_("Succession to signature"), N_("Convention in force for this State (art. 87)"),
    N_("Declaration"), N_("Reservation"), N_("Objection"), N_("Notification"), N_("Territorial application"),
    N_("Recognition of competence"), N_("(text not stored)"), N_("Not loaded yet"))}


def table_word(value: object, lang: str) -> str:
    """One cell of the profile's tables in the reader's language (a value it does not know: as it is)."""
    _ = translator(lang)
    text = "" if value is None else str(value)
    if text in TABLE_WORDS:
        return _(text)
    if text in STATUS_WORDS:
        return status_name(text, lang)
    if text in ACTION_WORDS.values():
        return _(text)
    return text


def _picked() -> None:
    """Keep the address in step with the picker, so the page can be shared."""
    chosen = st.session_state.get("country_picker")
    if chosen:
        st.query_params[PARAM] = chosen
    else:
        st.query_params.pop(PARAM, None)


def core_sentence(core, lang: str) -> str:
    """'Party to 7 of 9 core treaties; not to the ICRMW, CAT', saying which ones are not loaded yet."""
    _ = translator(lang)
    if core["core_loaded"] == core["core_total"]:
        count = _("{count} of {total} core treaties").format(count=core["core_ratified"], total=core["core_total"])
    else:
        count = _("{count} of the {loaded} core treaties loaded").format(count=core["core_ratified"],
                                                                        loaded=core["core_loaded"])
    text = "**" + _("Core human rights treaties:") + "** " + _("party to {count}").format(count=count)
    if core["ratified"]:
        text += f" ({md_escape(', '.join(core['ratified']))})"
    if core["missing"]:
        text += _("; not party to {treaties}").format(treaties=md_escape(", ".join(core["missing"])))
    text += "."
    if core["unknown"]:
        text += " " + _("Not loaded yet:") + f" {md_escape(', '.join(core['unknown']))}."
    return text


@st.cache_data(show_spinner=False, max_entries=4)
def core_counts(stamp: tuple, _treaties: TreatySet) -> pd.DataFrame:
    """Core treaties ratified per State, by iso3: the same for every country picked, so computed once."""
    del stamp  # only the cache key: the versions of every treaty's files
    return build_core_counts(_treaties).set_index("iso3")


@st.cache_resource(show_spinner=False, max_entries=4)
def peer_counts(key: tuple, _data: Dataset) -> pd.DataFrame:
    """Parties and members per UN regional group: the same for every country picked, so computed once per data
    version (only read)."""
    del key  # only the cache key: the data version
    return build_peer_counts(_data.table)


# The table's font (Source Sans, 14 px) takes at most about this much per character, with the cell's padding.
PIXELS_PER_CHARACTER, CELL_PADDING, WIDEST_COLUMN = 6.6, 28, 320


def fitting_width(values) -> int:
    """A column width in pixels that shows the longest of `values` whole (a laptop's table has room for the
    Spanish "Convención de 1954 sobre la apatridia"; "medium" cut it), never wider than WIDEST_COLUMN."""
    longest = max((len(str(v)) for v in values), default=0)
    return min(WIDEST_COLUMN, round(longest * PIXELS_PER_CHARACTER) + CELL_PADDING)


def comparison_section(treaties: TreatySet, record: pd.DataFrame, lang: str) -> None:
    """The State's record under every tracked treaty, 'Not loaded yet' where there is no data."""
    _ = translator(lang)
    st.subheader(_("Beside the other treaties"))
    st.caption(_("Its record under the other core human rights treaties, their complaints procedures, the Palermo "
                 "protocols and the refugee and statelessness treaties. Each treaty's data is as of its own date."))
    ids = {treaties.short(t): t for t in treaties.ids()}
    shown = record[["Treaty", "Status", "Year", "Complaints", "Data as of", "Title"]].copy()
    # Worded from the facts in the reader's language (the CSV keeps the English).
    shown["Status"] = [status_text(code, action, loaded, _) for code, action, loaded in
                       zip(record["status_code"], record["action"], record["loaded"], strict=True)]
    shown["Complaints"] = [complaints_text(kind, article, _) for kind, article in
                           zip(record["complaints_kind"], record["complaints_article"], strict=True)]
    # Blank, not "None", where there is no year or no data.
    shown["Year"] = ["" if pd.isna(y) else str(y) for y in shown["Year"]]
    shown["Data as of"] = [d.isoformat() if d else "" for d in shown["Data as of"]]  # ISO: compact, sortable
    shown["Title"] = [treaty_title(ids.get(short, ""), lang, title) for short, title in zip(shown["Treaty"],
                                                                                           shown["Title"], strict=True)]
    shown["Treaty"] = short_names(shown["Treaty"], lang)
    st.dataframe(shown, hide_index=True, width="stretch", key="country_treaties", height=38 + 35 * len(shown),
                 column_config={"Treaty": st.column_config.TextColumn(_("Treaty"),
                                                                      width=fitting_width(shown["Treaty"])),
                                "Status": st.column_config.TextColumn(_("Status"), width="medium"),
                                "Year": st.column_config.TextColumn(_("Year")),
                                "Complaints": st.column_config.TextColumn(
                                    _("Complaints"), width="medium",
                                    help=_("Whether it accepts complaints from individuals under that treaty")),
                                "Data as of": st.column_config.TextColumn(_("Data as of"), width=fitting_width(
                                    [*shown["Data as of"], _("Data as of")])),
                                "Title": st.column_config.TextColumn(_("Full title"), width="large")})
    missing = treaties.missing_ids()
    if missing:
        st.caption(_("{missing} of the {tracked} tracked treaties are not loaded yet: they say “{not_loaded}”, which "
                     "is not the same as not ratified. Run {command} to load them.").format(
                         missing=len(missing), tracked=len(treaties.ids()), not_loaded=_(NOT_LOADED),
                         command=f"`{REFRESH_COMMAND}`"))
    for treaty_id, warnings in treaties.warnings.items():
        st.caption(md_escape(treaty_short(treaty_id, lang, treaties.short(treaty_id))) + ": " + _(
            "UNTC's page disagrees with itself: {warning}. The table is shown as UNTC lists it.").format(
                warning=md_escape("; ".join(refresh_warning(w, lang) for w in warnings))))


def heading(profile: dict, lang: str) -> str:
    """The line under the State's name: code, kind, region, subregion, UN regional group."""
    _ = translator(lang)
    group = profile["regional_group"]
    parts = (profile["iso3"], _(KINDS[profile["kind"]]) if profile["kind"] in KINDS else "",
             region_name(profile["region"], lang), region_name(profile["subregion"], lang),
             _("UN regional group: {group}").format(group=group_name(group, lang)) if group else "")
    return " · ".join(md_escape(x) for x in parts if x)


def profile_section(data: Dataset, code: str) -> None:
    """Everything about one State."""
    lang = current_language()
    _ = translator(lang)
    profile = build_country_profile(code, data.table, data.declarations, data.notes, data.articles)
    name = country_name(code, lang, profile["name"])
    st.header(name)
    st.caption(heading(profile, lang))
    st.badge(status_name(profile["status"], lang), color=BADGE_COLORS.get(profile["status"], "gray"))

    top, bottom = st.columns(2), st.columns(2)
    top[0].metric(_("Signed"), fmt_date(profile["signature_date"]), border=True)
    consent_label = (action_name(profile["consent_action"], lang) if profile["consent_date"]
                     else _("Ratified / acceded"))
    top[1].metric(consent_label, fmt_date(profile["consent_date"]), border=True)
    bottom[0].metric(_("In force for it"), fmt_date(profile["in_force_date"]), border=True,
                     help=_("Article 87: the first day of the month after three months from the deposit "
                            "(the first 20 parties: 1 July 2003)."))
    individual = profile["individual"]
    bottom[1].metric(_("Art. {article} declaration (individual complaints)").format(article=individual["article"]),
                     _("Yes") if individual["recognised"] else _("No"), border=True,
                     help=_("Whether it accepts complaints from individuals (article 77)."))

    peers = peer_counts(data.key, data)
    group = profile["regional_group"]
    if group in peers.index:
        st.markdown(_("In its UN regional group ({group}), {parties} of {members} States are party.").format(
            group=md_escape(group_name(group, lang)),
            parties=f"**{format_number(int(peers.loc[group, 'parties']), lang)}**",
            members=f"**{format_number(int(peers.loc[group, 'members']), lang)}**"))
    stamp = treaty_set_stamp(data)
    treaties = get_treaty_set(data, stamp)
    core = core_counts(stamp, treaties).loc[code]
    st.markdown(core_sentence(core, lang))

    st.subheader(_("Actions"))
    if profile["actions"].empty:
        st.markdown(_("No signature, ratification or accession recorded."))
    else:
        actions = profile["actions"].copy()
        actions["Action"] = [table_word(x, lang) for x in actions["Action"]]
        actions["Counted"] = [table_word(x, lang) for x in actions["Counted"]]
        st.dataframe(actions, hide_index=True, width="stretch",
                     column_config={"Date": st.column_config.DateColumn(_("Date"), format="YYYY-MM-DD"),
                                    "Action": _("Action"), "Counted": _("Counted by UNTC")})

    st.subheader(_("Complaints procedures (articles 76 and 77)"))
    for key, who in (("interstate", _("complaints from other States Parties")),
                     ("individual", _("complaints from individuals"))):
        comp = profile[key]
        if comp["recognised"] and comp["date"]:
            state = _("recognised on {date}").format(date=format_day(comp["date"], lang))
        else:
            state = _("recognised") if comp["recognised"] else _("not recognised")
        st.markdown("- **" + _("Article {article}").format(article=comp["article"]) + f"** ({who}): {state}")

    record = build_country_treaties(treaties, code)
    comparison_section(treaties, record, lang)
    migration = migration_section(data, code, profile["name"])

    st.subheader(_("Footnotes"))
    if profile["footnotes"].empty:
        st.markdown(_("No footnote in the UN status table."))
    else:
        notes = profile["footnotes"].copy()
        if not notes["Text"].any():
            st.caption(_("The end-note texts are not in this copy of the data (the bundled capture holds facts only); "
                         "run {command} to get them, or read them on the UN page.").format(
                             command=f"`{REFRESH_COMMAND}`"))
            notes["Text"] = _("(text not stored)")
        st.dataframe(notes, hide_index=True, width="stretch", column_config={"Note": _("Note"), "Text": _("Text")})

    st.subheader(_("Declarations, reservations and objections"))
    st.caption(_(SECTION_HELP))
    decl = profile["declarations"]
    if decl.empty:
        st.markdown(_("None recorded."))
    else:
        shown = decl[["Type", "Title", "Date", "Articles"]].copy()
        shown["Type"] = [table_word(x, lang) for x in shown["Type"]]
        shown["Date"] = [d.isoformat() if d else "" for d in shown["Date"]]  # undated: blank, not "None"
        st.dataframe(shown, hide_index=True, width="stretch",
                     column_config={"Type": _("Type"), "Title": _("Title"), "Date": _("Date"),
                                    "Articles": _("Articles")})
        with_text = decl[decl["Text"].astype(bool)]
        if with_text.empty:
            st.caption(_("The wording is not in this copy of the data (the bundled capture holds facts only); "
                         "run {command} to get it, or read it on the UN page.").format(command=f"`{REFRESH_COMMAND}`"))
        for index, row in enumerate(with_text.to_dict("records"), start=1):
            label = f"{index}. {md_escape(table_word(row['Type'], lang))}: {md_escape(row['Title'])[:120]}"
            with st.expander(label):
                st.text(row["Text"])  # UN wording: plain text, never Markdown or HTML

    st.markdown(_("Full record:") + f" [{_('UN Treaty Collection status page')}]({untc_status_page(data.treaty)})")
    download_button(country_download(profile, data.as_of, record, migration), _("Download this country as CSV"),
                    key="country_csv")
    brief_buttons(data.root, profile["iso3"])
    country_page_links(profile["iso3"], lang)


def body(data: Dataset) -> None:
    """The page."""
    _ = translator(current_language())
    st.title(_("Country profile"))
    picker_and_profile(data)


def picker_body(data: Dataset) -> None:
    """The picker and the profile of the State picked: picking another reruns only this part
    (views.page.rerun_alone), not the page's frame and sidebar."""
    lang = current_language()
    _ = translator(lang)
    states = data.table[data.table["kind"].isin(UNIVERSE_KINDS)]
    names = {iso3: country_name(iso3, lang, name) for iso3, name in zip(states["iso3"], states["name"], strict=True)}
    codes = sorted(states["iso3"], key=lambda c: names[c].casefold()) if lang != "en" else list(states["iso3"])

    raw = st.query_params.get(PARAM)
    code = parse_country_code(raw) if raw else None
    if raw and not code:
        shown = md_escape(str(raw)[:20])
        st.info(_("We could not find a country with the code “{code}”. Choose one from the list below, or use a "
                  "three-letter ISO code in the address, such as {example} for Mexico.").format(
                      code=shown, example="`?country=MEX`"),
                icon=":material/travel_explore:")
    if code and st.session_state.get("country_picker") != code:
        st.session_state["country_picker"] = code
    chosen = st.selectbox(_("Choose a country"), codes, index=None, format_func=lambda c: f"{names[c]} ({c})",
                          placeholder=_("Type a country name…"), key="country_picker", on_change=_picked)
    if not chosen:
        st.markdown(_("Pick a State to see its signature, ratification, declarations and the complaints "
                      "procedures it accepts. You can also click a country on the map of the Overview page."))
        return
    profile_section(data, chosen)


picker_and_profile = rerun_alone(picker_body)
run_page(body)
