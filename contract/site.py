"""The published static site's permanent addresses: the promise of its api/v1 and its files.

`python -m monitor publish` writes these files (publish/); the dashboard links to them when the site's
address is configured (MONITOR_SITE_URL). Defined once here, the bottom layer, so both say the same.
A path here never changes meaning; a new one may be added.
"""

from __future__ import annotations

import os

SITE_URL_ENV = "MONITOR_SITE_URL"  # where the site is published, e.g. https://example.github.io/icrmw/
PUBLISH_DIR_ENV = "MONITOR_PUBLISH_DIR"  # where a refresh that changed the data republishes the site
API = "api/v1"
STATUS_JSON = f"{API}/status.json"
STATUS_CSV = f"{API}/status.csv"
TARGETS_CSV = f"{API}/targets.csv"
CHANGES_JSON = f"{API}/changes.json"
FEED = "feed.atom"
DATA_PACKAGE = "data/datapackage.json"


def site_url(value: str | None = None) -> str:
    """The site's public address ending in '/', from the value given or MONITOR_SITE_URL ('' when unknown)."""
    url = (value if value is not None else os.environ.get(SITE_URL_ENV, "")).strip()
    return url if not url or url.endswith("/") else url + "/"


def prefix(lang: str) -> str:
    """The folder of a language's pages: the site's root for English, fr/ and es/ for the others."""
    return "" if lang == "en" else f"{lang}/"


def index_page(lang: str) -> str:
    """A language's index page."""
    return f"{prefix(lang)}index.html"


def embed_page(lang: str) -> str:
    """A language's page of snippets to embed the map and the count."""
    return f"{prefix(lang)}embed/index.html"


def country_page(iso3: str, lang: str) -> str:
    """A State's page in a language."""
    return f"{prefix(lang)}countries/{iso3}.html"


def country_csv(iso3: str) -> str:
    """A State's CSV (the dashboard's "Download this country as CSV")."""
    return f"countries/{iso3}.csv"


def country_json(iso3: str) -> str:
    """A State's record in the API."""
    return f"{API}/countries/{iso3}.json"


def brief(iso3: str, lang: str) -> str:
    """A State's brief in a language (the PDF of /brief/<ISO3>.pdf?lang=)."""
    return f"briefs/{iso3}.{lang}.pdf"
