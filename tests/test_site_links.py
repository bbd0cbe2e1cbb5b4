"""With the published site's address configured (MONITOR_SITE_URL), /data and the country page link to its
permanent files; without it they show nothing of the kind (AppTest, bundled data)."""

from __future__ import annotations

import pytest
from conftest import require_bundled_data

from monitor.store.layout import data_dir
from tests.apptest import assert_clean, open_page

SITE = "https://example.org/icrmw"


@pytest.fixture(autouse=True)
def bundled_data(monkeypatch) -> None:
    """Run on the repo's data folder, which must hold the bundled 2018-01-15 capture."""
    monkeypatch.delenv("MONITOR_DATA_DIR", raising=False)
    require_bundled_data(data_dir())


def links(at) -> str:
    return " ".join(m.value for m in at.markdown)


def test_data_page_links_the_sites_files(monkeypatch):
    monkeypatch.setenv("MONITOR_SITE_URL", SITE)
    at = open_page("views/data.py")
    assert_clean(at)
    text = links(at)
    for path in ("api/v1/status.json", "api/v1/status.csv", "api/v1/targets.csv", "feed.atom",
                 "data/datapackage.json", "embed/index.html"):
        assert f"({SITE}/{path})" in text


def test_country_page_links_its_permanent_files(monkeypatch):
    monkeypatch.setenv("MONITOR_SITE_URL", SITE + "/")
    at = open_page("views/country.py", country="MEX", lang="fr")
    assert_clean(at)
    text = links(at)
    assert f"({SITE}/fr/countries/MEX.html)" in text and f"({SITE}/countries/MEX.csv)" in text
    assert all(f"({SITE}/briefs/MEX.{lang}.pdf)" in text for lang in ("en", "fr", "es"))
    assert "Adresses permanentes sur le site publié" in text


@pytest.mark.parametrize("value", ["", "javascript:alert(1)"])
def test_no_address_no_links(monkeypatch, value):
    monkeypatch.setenv("MONITOR_SITE_URL", value)
    at = open_page("views/country.py", country="MEX")
    assert "published site" not in links(at) and "alert" not in links(at)
