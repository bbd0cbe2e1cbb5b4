"""Country profile (/country?country=ISO3): what is this country's record?"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from contract import REFRESH_COMMAND
from contract.countries import UNIVERSE_KINDS
from contract.ids import untc_status_page
from contract.status import NO_ACTION, PARTY_ACCESSION, PARTY_RATIFICATION, SIGNED, WITHDRAWN
from monitor.analysis.dates import parse_country_code
from monitor.analysis.exports import country_download
from monitor.analysis.profile import build_country_profile, build_country_treaties
from monitor.analysis.status import ACTION_LABELS
from monitor.analysis.targets import build_peer_counts
from monitor.analysis.treaties import TreatySet, build_core_counts
from views.brief_links import brief_buttons
from views.frame import md_escape
from views.loaders import Dataset, get_treaty_set, treaty_set_stamp
from views.migration import migration_section
from views.page import download_button, fmt_date, run_page

PARAM = "country"
BADGE_COLORS = {
    PARTY_RATIFICATION: "blue", PARTY_ACCESSION: "blue", SIGNED: "orange",
    NO_ACTION: "gray", WITHDRAWN: "violet",
}
SECTION_HELP = ("Declarations and reservations say how a State reads or limits its obligations; an objection is "
                "another State's response to them; a recognition of competence accepts complaints under "
                "article 76 (from other States) or 77 (from individuals).")


def _picked() -> None:
    """Keep the address in step with the picker, so the page can be shared."""
    chosen = st.session_state.get("country_picker")
    if chosen:
        st.query_params[PARAM] = chosen
    else:
        st.query_params.pop(PARAM, None)


def core_sentence(core) -> str:
    """'Party to 7 of 9 core treaties; not to the ICRMW, CAT', saying which ones are not loaded yet."""
    text = f"**Core human rights treaties:** party to {core['text']}"
    if core["ratified"]:
        text += f" ({', '.join(core['ratified'])})"
    if core["missing"]:
        text += f"; not party to {', '.join(core['missing'])}"
    text += "."
    if core["unknown"]:
        text += f" Not loaded yet: {', '.join(core['unknown'])}."
    return text


@st.cache_data(show_spinner=False, max_entries=4)
def core_counts(stamp: tuple, _treaties: TreatySet) -> pd.DataFrame:
    """Core treaties ratified per State, by iso3: the same for every country picked, so computed once."""
    del stamp  # only the cache key: the versions of every treaty's files
    return build_core_counts(_treaties).set_index("iso3")


def comparison_section(treaties: TreatySet, record) -> None:
    """The State's record under every tracked treaty, 'Not loaded yet' where there is no data."""
    st.subheader("Beside the other treaties")
    st.caption("Its record under the other core human rights treaties, their complaints procedures, the Palermo "
               "protocols and the refugee and statelessness treaties. Each treaty's data is as of its own date.")
    shown = record[["Treaty", "Status", "Year", "Complaints", "Data as of", "Title"]].copy()
    # Blank, not "None", where there is no year or no data.
    shown["Year"] = ["" if pd.isna(y) else str(y) for y in shown["Year"]]
    shown["Data as of"] = [d.isoformat() if d else "" for d in shown["Data as of"]]
    st.dataframe(shown, hide_index=True, width="stretch", key="country_treaties", height=38 + 35 * len(shown),
                 column_config={"Treaty": st.column_config.TextColumn(width=150),
                                "Status": st.column_config.TextColumn(width="medium"),
                                "Complaints": st.column_config.TextColumn(
                                    width="medium",
                                    help="Whether it accepts complaints from individuals under that treaty"),
                                "Title": st.column_config.TextColumn("Full title", width="large")})
    missing = treaties.missing_ids()
    if missing:
        st.caption(f"{len(missing)} of the {len(treaties.ids())} tracked treaties are not loaded yet: they say "
                   f"“Not loaded yet”, which is not the same as not ratified. Run `{REFRESH_COMMAND}` to load them.")
    for treaty_id, warnings in treaties.warnings.items():
        st.caption(f"{md_escape(treaties.short(treaty_id))}: UNTC's page disagrees with itself: "
                   f"{md_escape('; '.join(warnings))}. The table is shown as UNTC lists it.")


def profile_section(data: Dataset, code: str) -> None:
    """Everything about one State."""
    profile = build_country_profile(code, data.table, data.declarations, data.notes, data.articles)
    st.header(profile["name"])
    kind = {"member": "UN Member State", "observer": "UN observer State", "other_state": "State (not a UN member)"}
    st.caption(" · ".join(x for x in (profile["iso3"], kind.get(profile["kind"], ""), profile["region"],
                                      profile["subregion"], f"UN regional group: {profile['regional_group']}")
                          if x))
    st.badge(profile["status"], color=BADGE_COLORS.get(profile["status"], "gray"))

    top, bottom = st.columns(2), st.columns(2)
    top[0].metric("Signed", fmt_date(profile["signature_date"]), border=True)
    consent_label = ACTION_LABELS.get(profile["consent_action"], "Ratified / acceded")
    top[1].metric(consent_label if profile["consent_date"] else "Ratified / acceded",
                  fmt_date(profile["consent_date"]), border=True)
    bottom[0].metric("In force for it", fmt_date(profile["in_force_date"]), border=True,
                     help="Article 87: the first day of the month after three months from the deposit "
                          "(the first 20 parties: 1 July 2003).")
    individual = profile["individual"]
    bottom[1].metric(f"Art. {individual['article']} declaration (individual complaints)",
                     "Yes" if individual["recognised"] else "No", border=True,
                     help="Whether it accepts complaints from individuals (article 77).")

    peers = build_peer_counts(data.table)
    group = profile["regional_group"]
    if group in peers.index:
        st.markdown(f"In its UN regional group ({group}), **{int(peers.loc[group, 'parties'])} of "
                    f"{int(peers.loc[group, 'members'])}** States are party.")
    treaties = get_treaty_set(data)
    core = core_counts(treaty_set_stamp(data), treaties).loc[code]
    st.markdown(core_sentence(core))

    st.subheader("Actions")
    if profile["actions"].empty:
        st.markdown("No signature, ratification or accession recorded.")
    else:
        st.dataframe(profile["actions"], hide_index=True, width="stretch",
                     column_config={"Date": st.column_config.DateColumn(format="YYYY-MM-DD"),
                                    "Counted": "Counted by UNTC"})

    st.subheader("Complaints procedures (articles 76 and 77)")
    for key, who in (("interstate", "from other States Parties"), ("individual", "from individuals")):
        comp = profile[key]
        state = (f"recognised{' on ' + comp['date'].isoformat() if comp['date'] else ''}" if comp["recognised"]
                 else "not recognised")
        st.markdown(f"- **Article {comp['article']}** (complaints {who}): {state}")

    record = build_country_treaties(treaties, code)
    comparison_section(treaties, record)
    migration = migration_section(data, code, profile["name"])

    st.subheader("Footnotes")
    if profile["footnotes"].empty:
        st.markdown("No footnote in the UN status table.")
    else:
        notes = profile["footnotes"].copy()
        if not notes["Text"].any():
            st.caption("The end-note texts are not in this copy of the data (the bundled capture holds facts only); "
                       f"run `{REFRESH_COMMAND}` to get them, or read them on the UN page.")
            notes["Text"] = "(text not stored)"
        st.dataframe(notes, hide_index=True, width="stretch")

    st.subheader("Declarations, reservations and objections")
    st.caption(SECTION_HELP)
    decl = profile["declarations"]
    if decl.empty:
        st.markdown("None recorded.")
    else:
        shown = decl[["Type", "Title", "Date", "Articles"]].copy()
        shown["Date"] = [d.isoformat() if d else "" for d in shown["Date"]]  # undated: blank, not "None"
        st.dataframe(shown, hide_index=True, width="stretch")
        with_text = decl[decl["Text"].astype(bool)]
        if with_text.empty:
            st.caption("The wording is not in this copy of the data (the bundled capture holds facts only); "
                       f"run `{REFRESH_COMMAND}` to get it, or read it on the UN page.")
        for index, row in enumerate(with_text.to_dict("records"), start=1):
            with st.expander(f"{index}. {md_escape(row['Type'])}: {md_escape(row['Title'])[:120]}"):
                st.text(row["Text"])  # UN wording: plain text, never Markdown or HTML

    st.markdown(f"Full record: [UN Treaty Collection status page]({untc_status_page(data.treaty)})")
    download_button(country_download(profile, data.as_of, record, migration), "Download this country as CSV",
                    key="country_csv")
    brief_buttons(data.root, profile["iso3"])


def body(data: Dataset) -> None:
    """The page."""
    st.title("Country profile")
    states = data.table[data.table["kind"].isin(UNIVERSE_KINDS)]
    names = dict(zip(states["iso3"], states["name"], strict=True))
    codes = list(states["iso3"])

    raw = st.query_params.get(PARAM)
    code = parse_country_code(raw) if raw else None
    if raw and not code:
        shown = md_escape(str(raw)[:20])
        st.info(f"We could not find a country with the code “{shown}”. Choose one from the list below, or use a "
                "three-letter ISO code in the address, such as `?country=MEX` for Mexico.",
                icon=":material/travel_explore:")
    if code and st.session_state.get("country_picker") != code:
        st.session_state["country_picker"] = code
    chosen = st.selectbox("Choose a country", codes, index=None, format_func=lambda c: f"{names[c]} ({c})",
                          placeholder="Type a country name…", key="country_picker", on_change=_picked)
    if not chosen:
        st.markdown("Pick a State to see its signature, ratification, declarations and the complaints "
                    "procedures it accepts. You can also click a country on the map of the Overview page.")
        return
    profile_section(data, chosen)


run_page(body)
