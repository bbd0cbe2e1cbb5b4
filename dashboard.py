"""The dashboard's entry point: `streamlit run dashboard.py`. A thin router over views/."""

import gc

import streamlit as st

# An emoji favicon is drawn locally; a ":material/...:" one would be fetched from a font CDN.
st.set_page_config(page_title="ICRMW ratification monitor", page_icon="🌍", layout="wide")

PAGES = [
    st.Page("views/overview.py", title="Overview", icon=":material/public:", url_path="", default=True),
    st.Page("views/trends.py", title="Trends", icon=":material/trending_up:", url_path="trends"),
    st.Page("views/targets.py", title="Lobbying targets", icon=":material/target:", url_path="targets"),
    st.Page("views/country.py", title="Country profile", icon=":material/flag:", url_path="country"),
    st.Page("views/compare.py", title="Beside other treaties", icon=":material/compare_arrows:",
            url_path="compare"),
    st.Page("views/changes.py", title="Changes", icon=":material/notifications:", url_path="changes"),
    st.Page("views/data.py", title="Data & method", icon=":material/dataset:", url_path="data"),
]

# Streamlit runs gc.collect(2) after every script run and holds the GIL while it walks every tracked
# object, so what is loaded once per process is moved out of the collector's reach, once, before the
# first page runs (nothing of a page is frozen). The overview's first run needs no pandas; the pages
# that do load it freeze again when they first import views.loaders (see there).
if gc.get_freeze_count() == 0:
    gc.freeze()

st.navigation(PAGES).run()
