"""The dashboard's entry point: `streamlit run dashboard.py`. A thin router over views/."""

import gc

import streamlit as st

import views.common  # noqa: F401 - pandas, plotly and monitor, loaded once per process (see below)

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

# Streamlit runs gc.collect(2) after every script run (runner.postScriptGC) and holds the GIL while it
# walks every tracked object: with pandas and plotly loaded that is ~50 ms, during which the server
# cannot tell the browser that the run has finished. What is loaded once per process (the server, the
# modules above) never becomes garbage, so move it out of the collector's reach, once, before the first
# page runs (nothing of a page is frozen). bench/dashboard.py measures the effect on each interaction.
if gc.get_freeze_count() == 0:
    gc.freeze()

st.navigation(PAGES).run()
