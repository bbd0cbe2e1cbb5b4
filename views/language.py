"""The reader's language: ?lang= in the address, chosen in the sidebar, kept from page to page.

Light (no pandas): the router calls it before every page, the first one included. A page asks
`current_language()` and translates with `i18n.translator(current_language())`.
"""

from __future__ import annotations

import json

import streamlit as st

from i18n import DEFAULT_LANGUAGE, LANGUAGE_NAMES, LANGUAGES, check_language

PARAM = "lang"  # the address's ?lang=, shared with the brief's address
KEY = "language"  # the sidebar selector's state: what this session chose
# Each language's word for "language", so a reader finds the selector whatever the page is in.
LABEL = "Language · Langue · Idioma"


def current_language() -> str:
    """The language of this run: the address's when it names one, else this session's, else English."""
    asked = check_language(st.query_params.get_all(PARAM)[-1:] or None)
    if asked:
        return asked
    chosen = st.session_state.get(KEY)
    return chosen if chosen in LANGUAGES else DEFAULT_LANGUAGE


def show_in_address(lang: str) -> None:
    """Write the language into the address (English needs none), so a copied link opens in it."""
    if lang == DEFAULT_LANGUAGE:
        if PARAM in st.query_params:
            del st.query_params[PARAM]
    elif st.query_params.get_all(PARAM) != [lang]:
        st.query_params[PARAM] = lang


def _chosen() -> None:
    """The selector changed: the address follows before the page runs again."""
    show_in_address(st.session_state[KEY])


def button_text(lang: str) -> str:
    """A language's name on its button, after a space that the button does not show: Streamlit looks for an
    emoji icon at the start of a label whose first word is not plain ASCII ("Français"), and loading its emoji
    table for that cost the first page about 0.05 s (BENCHMARKS.md)."""
    return " " + LANGUAGE_NAMES[lang]


def language_selector() -> str:
    """The sidebar's language selector; returns the language and keeps it in the address.

    Moving to another page drops the address's parameters; the session remembers the choice, so the
    parameter is written back on every run. An unknown ?lang= gives English and leaves the address.
    """
    lang = current_language()
    st.session_state[KEY] = lang  # before the widget exists, so it shows the address's choice
    show_in_address(lang)
    # Three buttons, one always chosen: each language's name is in sight, one click away. (A select
    # box would do too, but it is the costliest widget for the browser to load on the first page.)
    st.sidebar.segmented_control(LABEL, LANGUAGES, key=KEY, required=True, format_func=button_text,
                                 on_change=_chosen)
    document_language(lang)
    return lang


DOCUMENT_LANGUAGE = "page-language"  # the key of the hidden block that names the page's language


def document_language(lang: str) -> None:
    """Name the page's language on the document (<html lang>), which Streamlit leaves in English: screen readers
    then read French and Spanish pages with a French or Spanish voice (WCAG 3.1.1). The script holds only the
    code of one of the app's languages (current_language checks the address's), never text from a source; its
    block takes no room in the sidebar."""
    script = f"document.documentElement.lang = {json.dumps(lang)};"
    hide = f"[data-testid=stLayoutWrapper]:has(> .st-key-{DOCUMENT_LANGUAGE}) {{display: none}}"
    with st.sidebar.container(key=DOCUMENT_LANGUAGE):
        st.html(f"<style>{hide}</style><script>{script}</script>", unsafe_allow_javascript=True)
