"""The dashboard's entry point: `streamlit run dashboard.py`. A thin router over views/."""

import streamlit as st

# An emoji favicon is drawn locally; a ":material/...:" one would be fetched from a font CDN.
st.set_page_config(page_title="ICRMW ratification monitor", page_icon="🌍", layout="wide")

PAGES = [
    st.Page("views/overview.py", title="Overview", icon=":material/public:", url_path="", default=True),
    st.Page("views/trends.py", title="Trends", icon=":material/trending_up:", url_path="trends"),
    st.Page("views/targets.py", title="Lobbying targets", icon=":material/target:", url_path="targets"),
    st.Page("views/country.py", title="Country profile", icon=":material/flag:", url_path="country"),
    st.Page("views/changes.py", title="Changes", icon=":material/notifications:", url_path="changes"),
    st.Page("views/data.py", title="Data & method", icon=":material/dataset:", url_path="data"),
]

st.navigation(PAGES).run()
