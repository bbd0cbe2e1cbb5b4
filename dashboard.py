"""The dashboard's entry point: `streamlit run dashboard.py`. A thin router over views/."""

import streamlit as st

from i18n import translator
from views.freeze import freeze_new_modules
from views.language import current_language, language_selector
from views.routes import OVERVIEW, ROUTES

_ = translator(current_language())  # the navigation's words are in the language this run is drawn in

# The tab's icon is the one app.py serves at /favicon.png, so neither this call nor the pages below
# name an icon: Streamlit would make an emoji the tab's icon at the cost of importing its emoji table
# (a tenth of a second of the first page's run), and would fetch a page's ":material/...:" icon from
# a font CDN (the dashboard must work on a closed network).
st.set_page_config(page_title=_("ICRMW ratification monitor"), layout="wide")

PAGES = [st.Page(route.file, title=_(route.title), url_path=route.url_path, default=route is OVERVIEW)
         for route in ROUTES]

# Streamlit runs gc.collect(2) after every script run and holds the GIL while it walks every tracked
# object, so what is loaded once per process is moved out of the collector's reach before the first page
# runs, and again after a page's run that loaded modules (its first visit): see views/freeze.py.
freeze_new_modules()

page = st.navigation(PAGES)
language_selector()  # below the page list; every page (and the brief's buttons) reads the language it sets
try:
    page.run()
finally:  # what this page imported on its first visit is not walked again at every rerun
    freeze_new_modules()
