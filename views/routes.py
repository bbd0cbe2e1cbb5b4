"""The dashboard's pages, one place for each page's file, address and title (light: no Streamlit).

dashboard.py builds its navigation from ROUTES; a page that links to another (the map's links to a profile,
a switch to the profile) takes the address from here. The addresses are public (README's table): keep them.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from i18n import N_


@dataclass(frozen=True)
class Route:
    """One page: its module under views/, its address below the app's root, and its title (English, N_)."""

    name: str
    file: str
    url_path: str
    title: str

    def address(self, **query: str) -> str:
        """The page's address relative to the app (e.g. 'country?country=MEX'), as a link on a page writes it."""
        return self.url_path + (f"?{urlencode(query)}" if query else "")


OVERVIEW = Route("overview", "views/overview.py", "", N_("Overview"))
TRENDS = Route("trends", "views/trends.py", "trends", N_("Trends"))
TARGETS = Route("targets", "views/targets.py", "targets", N_("Lobbying targets"))
COUNTRY = Route("country", "views/country.py", "country", N_("Country profile"))
COMPARE = Route("compare", "views/compare.py", "compare", N_("Beside other treaties"))
CHANGES = Route("changes", "views/changes.py", "changes", N_("Changes"))
DATA = Route("data", "views/data.py", "data", N_("Data & method"))
ROUTES = (OVERVIEW, TRENDS, TARGETS, COUNTRY, COMPARE, CHANGES, DATA)  # the navigation's order
COUNTRY_PARAM = "country"  # /country?country=ISO3
