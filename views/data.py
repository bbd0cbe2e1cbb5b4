"""Data & method (/data): where the numbers come from, and the full tables to download."""

from __future__ import annotations

import streamlit as st

from contract import REFRESH_COMMAND
from contract.ids import untc_status_page
from contract.status import NO_ACTION, PARTY_ACCESSION, PARTY_RATIFICATION, PARTY_STATUSES, SIGNED, WITHDRAWN
from i18n import N_, format_day, translator
from monitor.analysis.exports import changes_download, declarations_download, status_download
from views.backtest import method_section
from views.language import current_language
from views.loaders import Dataset, get_treaty_set
from views.page import download_button, run_page
from views.site_links import data_page_links

DERIVATION = [
    (PARTY_RATIFICATION,
     N_("the UN table shows a ratification (or an acceptance, approval, formal confirmation or definitive "
        "signature) that is not in square brackets.")),
    (PARTY_ACCESSION,
     N_("the UN table shows an accession (marker “a”) or a succession (“d”) that is not in square brackets: the "
        "State joined without signing first, or inherited the Convention from a predecessor State.")),
    (SIGNED,
     N_("the State signed (or succeeded to a signature) but has no ratification or accession yet. It is not "
        "bound.")),
    (NO_ACTION, N_("the State does not appear in the UN table.")),
    (WITHDRAWN, N_("its only action is in square brackets in the UN table: withdrawn or denounced.")),
]


def body(data: Dataset) -> None:
    """The page."""
    lang = current_language()
    _ = translator(lang)
    st.title(_("Data & method"))

    st.header(_("Sources"))
    fresh = data.freshness
    parties = data.table[data.table["status"].isin(PARTY_STATUSES)]
    non_members = int((~parties["un_member"]).sum())
    st.markdown(_(
        "- **Status of the Convention**: UN Treaty Collection, *Multilateral Treaties Deposited with the "
        "Secretary-General*, chapter IV, treaty 13 — [status page](%(url)s). This copy is **as of %(date)s**.\n"
        "- **Country names, regions and UN regional groups**: a reviewed table in the project "
        "(`data/reference/countries.csv`), from the UN Statistics Division's M49 standard and the UN list of "
        "regional groups.\n"
        "- **World map**: Natural Earth 1:110m (public domain), served by this app, so the map works offline. "
        "Small States missing at that scale are drawn as dots.")
        % {"url": untc_status_page(data.treaty), "date": format_day(data.as_of, lang)})
    if lang != "en":
        st.markdown(_("- **Names in French and Spanish**: States as the UN names them in that language where a "
                      "reviewed name is recorded, otherwise from the Unicode CLDR; treaty titles are the UN's "
                      "official titles."))
    st.markdown(_("The exact document the refresh reads:"))
    st.code(fresh.source_url or _("unknown"), language=None, wrap_lines=True)
    if fresh.facts_only:
        st.info(_("This copy holds facts only (dates, actions, titles of declarations), not the UN wording of "
                  "declarations and footnotes. `%(command)s` fetches the full text.") % {"command": REFRESH_COMMAND},
                icon=":material/info:")

    st.header(_("Which States count"))
    st.markdown(_(
        "- **197 States can join**: the 193 UN Member States, the two observer States (Holy See, State of "
        "Palestine) and Cook Islands and Niue. “No action” counts are out of these 197.\n"
        "- **Share of UN Member States**: parties that are UN Member States ÷ 193. Parties that are not UN members "
        "are left out of that share (in this data: %(count)s).\n"
        "- **Regions** follow the UN M49 standard (Türkiye in Asia); **regional groups** are the UN's five "
        "electoral groups (Türkiye votes with Western European and others).") % {"count": non_members})

    st.header(_("How each status is derived"))
    st.markdown("\n".join(f"- **{_(status)}**: {_(how)}" for status, how in DERIVATION))
    st.markdown(_(
        "- **Party from** the date the instrument was deposited with the UN Secretary-General, as the UN counts.\n"
        "- **In force for a State** (article 87): the Convention entered into force on **1 July 2003** for the "
        "first 20 States (the first day of the month after three months from the 20th deposit, 14 March 2003). "
        "For each later State it enters into force on the first day of the month after three months from its "
        "own deposit (deposit 26 September 2023 → in force 1 January 2024).\n"
        "- **Articles 76 and 77**: a declaration counts when its wording recognises the Committee's competence "
        "to receive complaints from other States (art. 76) or from individuals (art. 77). The individual "
        "procedure starts once %(threshold)s States have made the art. 77 declaration.\n"
        "- **Status as at a past date** (Trends page): actions dated after that day are ignored. The UN does not "
        "date withdrawals, so a withdrawn action counts as withdrawn from its own date.")
        % {"threshold": data.articles.individual_threshold})

    st.header(_("Beside the other treaties"))
    st.markdown(_(
        "- The **Beside other treaties** page, the country profiles and the lobbying targets also read the other "
        "tracked treaties listed in `data/treaties.csv`: the nine core human rights treaties, five optional "
        "protocols opening an individual complaints procedure, and the two Palermo protocols. Each is read from "
        "its own UN status page, with its own “as of” date.\n"
        "- **Ratified** there means party by ratification, accession or succession (the same rule as above).\n"
        "- **Complaints accepted**: party to the optional protocol, or a declaration recognising the committee's "
        "competence under ICERD art. 14, CAT art. 22 or CPED art. 31.\n"
        "- A treaty that was **never refreshed** has no data: it shows as “Not loaded yet”, never as not "
        "ratified, and every count says how many treaties it covers. `%(command)s` loads them all.")
        % {"command": REFRESH_COMMAND})

    method_section(data, get_treaty_set(data))

    st.header(_("Downloads"))
    st.markdown(_("CSV files in UTF-8 (they open in Excel with accents intact). Cells that a spreadsheet would run "
                  "as a formula start with a single quote."))
    st.markdown(_("The files are the same in every language: their column names and values (statuses, actions, "
                  "regions, country names) stay in English, so that scripts and spreadsheets built on them keep "
                  "working."))
    cols = st.columns(3)
    with cols[0]:
        download_button(status_download(data.table, data.as_of), _("Status of every State (CSV)"), key="status_csv")
    with cols[1]:
        download_button(declarations_download(data.declarations, data.as_of), _("Declarations (CSV)"),
                        key="declarations_csv")
    with cols[2]:
        download_button(changes_download(data.changes, data.as_of), _("Change log (CSV)"), key="changes_csv")
    st.caption(_("The files the dashboard reads are in `%(folder)s`; `%(command)s` updates them.")
               % {"folder": data.root, "command": REFRESH_COMMAND})
    data_page_links(lang)


run_page(body)
