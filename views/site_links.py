"""Links from the dashboard to the published static site's permanent files, where its address is configured.

`python -m monitor publish` writes the site; MONITOR_SITE_URL says where it is served. The dashboard's
downloads carry the data's date in their names and exist only while the server runs; the site's files
keep one address forever, so /data and the country page offer those addresses to link to and forward.
Nothing is shown when the address is not configured (or is not an http(s) address).
"""

from __future__ import annotations

from urllib.parse import quote

import streamlit as st

from contract import site
from i18n import LANGUAGE_NAMES, LANGUAGES, translator


def site_base() -> str:
    """The configured site address ending in '/', or '' (none, or not a web address)."""
    base = site.site_url()
    return base if base.startswith(("https://", "http://")) else ""


def bullet(base: str, label: str, path: str) -> str:
    """A Markdown list item linking a file of the site (the label is our own translated text)."""
    return f"- [{label}]({base}{quote(path)})"


def data_page_links(lang: str) -> None:
    """On /data: the site's permanent files (tables, API, feed, data package, embeds)."""
    base = site_base()
    if not base:
        return
    _ = translator(lang)
    st.subheader(_("Permanent addresses on the published site"))
    st.markdown(_("The same data as plain files that keep their address after every refresh: link to them from a "
                  "campaign page, or forward them."))
    st.markdown("\n".join([
        bullet(base, _("The published site"), site.index_page(lang)),
        bullet(base, _("The status of every State (CSV)"), site.STATUS_CSV),
        bullet(base, _("The status of every State (JSON, for programs)"), site.STATUS_JSON),
        bullet(base, _("The lobbying targets, ranked by the default score (CSV)"), site.TARGETS_CSV),
        bullet(base, _("The change log (JSON)"), site.CHANGES_JSON),
        bullet(base, _("The change feed (Atom): subscribe to be told of every change"), site.FEED),
        bullet(base, _("The data package: every table with its schema"), site.DATA_PACKAGE),
        bullet(base, _("Put the map or the count on your own website"), site.embed_page(lang)),
    ]))


def country_page_links(iso3: str, lang: str) -> None:
    """On a country's page: its page, CSV, briefs and JSON on the published site."""
    base = site_base()
    if not base:
        return
    _ = translator(lang)
    brief = _("One-page brief (PDF): {language}")
    st.markdown("**" + _("Permanent addresses on the published site") + "**\n\n" + "\n".join([
        bullet(base, _("This State's page"), site.country_page(iso3, lang)),
        bullet(base, _("Download this country as CSV"), site.country_csv(iso3)),
        *(bullet(base, brief.format(language=LANGUAGE_NAMES[other]), site.brief(iso3, other)) for other in LANGUAGES),
        bullet(base, _("This State in JSON, for programs"), site.country_json(iso3)),
    ]))
