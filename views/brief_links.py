"""The brief's buttons on the country page: download it, or open its shareable address."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from i18n import LANGUAGE_NAMES, LANGUAGES, pick_language, translator
from views.brief_route import brief_code
from views.language import current_language

PAGE_LANGUAGE_KEY = "brief_lang_page"  # the page's language when the brief's language was last set


def brief_address(iso3: str, lang: str) -> str:
    """The brief's address relative to a page, so it works under a base URL path: brief/MEX.pdf?lang=fr."""
    return f"brief/{iso3}.pdf?lang={pick_language(lang)}"


def brief_buttons(root: str | Path, iso3: str) -> None:
    """A language choice, a download button (the PDF is made only when clicked) and the shareable link."""
    pdf = brief_code()  # fpdf2 only once a profile is shown

    default = current_language()
    _ = translator(default)
    # The brief follows the page's language when the reader changes it (a widget's kept state would not);
    # a language picked here for the brief alone stays until then.
    if st.session_state.get(PAGE_LANGUAGE_KEY) != default:
        st.session_state[PAGE_LANGUAGE_KEY] = default
        st.session_state["brief_lang"] = default
    st.subheader(_("One-page brief"))
    columns = st.columns([2, 2, 3], vertical_alignment="bottom")
    lang = columns[0].selectbox(_("Language of the brief"), LANGUAGES,
                                format_func=LANGUAGE_NAMES.__getitem__, key="brief_lang")
    columns[1].download_button(_("Download the brief (PDF)"), data=lambda: pdf.brief_bytes(Path(root), iso3, lang),
                               file_name=pdf.brief_filename(iso3, lang), mime="application/pdf", on_click="ignore",
                               icon=":material/picture_as_pdf:", key="brief_pdf")
    columns[2].link_button(_("Open the brief to print or share"), brief_address(iso3, lang),
                           icon=":material/open_in_new:")
    st.caption(_("The brief's address can be shared: it always shows the latest data."))
