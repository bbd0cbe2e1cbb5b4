"""Trends, Targets, Compare, Changes and Data in French and Spanish (AppTest on the bundled data).

Each page's title, headings, metrics and download labels come in the reader's language, no English
heading is left, and the CSVs keep their English column names in every language (a data contract).
"""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest

import views.page
from i18n import translator
from tests.apptest import PAGE, assert_clean, metrics, open_page

# The page, its English title and headings (none may remain in French or Spanish), and the texts that
# must appear translated: title, headings, widget labels, metrics, download labels.
PAGES = {
    PAGE["trends"]: {
        "english": ["How fast is it moving?", "Status as at a past date"],
        "shown": ["How fast is it moving?", "Status as at a past date", "Parties bound", "Status as at"],
    },
    PAGE["targets"]: {
        "english": ["Whom do we push next?", "1. Weigh what matters to you", "2. Filter and sort"],
        "shown": ["Whom do we push next?", "1. Weigh what matters to you", "2. Filter and sort", "Sort by",
                  "Median years waiting", "Download this list (CSV)"],
    },
    PAGE["compare"]: {
        "english": ["Beside the other treaties", "Party to most core treaties, but not the ICRMW",
                    "Core treaties ratified, by State", "Every State and every treaty",
                    "Individual complaints: accepted elsewhere, not under the ICRMW"],
        "shown": ["Beside the other treaties", "Every State and every treaty", "Download this table (CSV)"],
    },
    PAGE["changes"]: {
        "english": ["What changed recently?", "Freshness", "Change log", "Subscribe",
                    "Most recent actions, by their own dates"],
        "shown": ["What changed recently?", "Freshness", "Change log", "Subscribe",
                  "Download the change log (CSV)"],
    },
    PAGE["data"]: {
        "english": ["Data & method", "Which States count", "How each status is derived", "Downloads"],
        "shown": ["Data & method", "Which States count", "How each status is derived", "Downloads",
                  "Status of every State (CSV)", "Declarations (CSV)", "Change log (CSV)"],
    },
}
CSV_HEADERS = {  # the first columns of each CSV, as in English
    "targets_csv": ["Rank", "Country", "Priority score", "Status"],
    "matrix_csv": ["Country"],
    "changes_csv": ["detected_at", "treaty", "iso3", "participant", "event"],
    "status_csv": ["country", "iso3", "un_member"],
}


@pytest.fixture
def downloads(monkeypatch) -> dict:
    """Every file a page offers, by the button's key (recorded as the page builds the button)."""
    seen = {}
    original = views.page.download_button

    def record(download, label, key):
        seen[key] = download
        original(download, label, key)

    monkeypatch.setattr(views.page, "download_button", record)
    return seen


def page_texts(at) -> list[str]:
    """Every visible text that names something: title, headings, widget labels, metrics, buttons."""
    texts = [t.value for t in at.title] + [h.value for h in at.header] + [s.value for s in at.subheader]
    texts += list(metrics(at)) + [b.label for b in at.get("download_button")]
    for kind in ("slider", "selectbox", "multiselect", "radio", "toggle", "date_input"):
        texts += [w.label for w in at.get(kind)]
    return texts


def csv_header(download) -> list[str]:
    """The first row of a CSV download (UTF-8 with a BOM for Excel)."""
    return next(csv.reader(io.StringIO(download.data.decode("utf-8-sig"))))


@pytest.mark.parametrize("lang", ["fr", "es"])
@pytest.mark.parametrize("page", list(PAGES))
def test_page_in_language(page: str, lang: str, downloads: dict) -> None:
    _ = translator(lang)
    at = open_page(page, lang=lang)
    assert_clean(at)
    texts = page_texts(at)
    for english in PAGES[page]["shown"]:
        assert _(english) != english, f"{english!r} has no {lang} translation"
        assert _(english) in texts, (english, _(english), texts)
    left = [t for t in PAGES[page]["english"] if t in texts]
    assert not left, f"English headings left on {page} in {lang}: {left}"
    for key, download in downloads.items():
        if key in CSV_HEADERS:
            assert csv_header(download)[:len(CSV_HEADERS[key])] == CSV_HEADERS[key], (key, csv_header(download))


def test_downloads_are_the_same_in_every_language(downloads: dict) -> None:
    """The CSV files are a stable contract: byte for byte the same whatever the reader's language."""
    files = {}
    for lang in ("en", "fr", "es"):
        downloads.clear()
        for page in (PAGE["targets"], PAGE["compare"], PAGE["data"]):
            assert_clean(open_page(page, lang=lang))
        files[lang] = {key: d.data for key, d in downloads.items()}
    assert set(files["en"]) >= {"targets_csv", "matrix_csv", "status_csv", "declarations_csv", "changes_csv"}
    assert files["fr"] == files["en"] == files["es"]
    assert csv_header(downloads["targets_csv"])[:4] == CSV_HEADERS["targets_csv"]


def test_data_page_states_the_csv_contract_in_each_language() -> None:
    for lang, words in (("en", "stay in English"), ("fr", "restent en anglais"), ("es", "se mantienen en inglés")):
        at = open_page(PAGE["data"], lang=lang)
        assert_clean(at)
        assert any(words in m.value for m in at.markdown), lang


def test_targets_table_in_french_keeps_english_frame() -> None:
    """The targets table shows French names and labels; the widget choices stay the English keys."""
    at = open_page(PAGE["targets"], lang="fr")
    assert_clean(at)
    shown = at.dataframe[0].value
    assert list(shown.columns[:4]) == ["Rank", "Country", "Priority score", "Status"]  # headings via column_config
    assert "Signé, non ratifié" in set(shown["Status"])
    assert at.selectbox(key="sort").value == "Priority score (highest first)"
    assert "Trier par" == at.selectbox(key="sort").label


def test_trends_in_spanish_dates_and_info() -> None:
    at = open_page(PAGE["trends"], lang="es")
    at.slider(key="as_at").set_value(date(1995, 1, 1)).run()
    assert_clean(at)
    assert any("aún no estaba en vigor" in i.value and "1 de julio de 2003" in i.value for i in at.info)
    assert "Estados partes" in [m.label for m in at.metric]


def test_compare_matrix_in_spanish_shows_spanish_cells_and_english_csv(downloads: dict) -> None:
    at = open_page(PAGE["compare"], lang="es")
    assert_clean(at)
    matrix = next(d.value for d in at.dataframe if "ICRMW" in d.value.columns and "ISO3" in d.value.columns)
    cells = set(matrix["ICRMW"])
    assert "Ninguna acción" in cells and any(c.startswith("Ratificación ") for c in cells), cells
    assert "Afganistán" in set(matrix["Country"])
    assert "Estados de África" in set(matrix["UN regional group"])
    text = downloads["matrix_csv"].data.decode("utf-8-sig")
    assert "Afghanistan" in text and "No action" in text and "Ninguna" not in text


def test_compare_treaty_list_in_french_names_and_states_each_treaty_in_french() -> None:
    at = open_page(PAGE["compare"], lang="fr")
    assert_clean(at)
    listed = next(d.value for d in at.dataframe if "short_name" in d.value.columns).set_index("id")
    assert listed.loc["V-5", "short_name"] == "Protocole relatif aux réfugiés"
    assert listed.loc["IV-13", "short_name"] == "ICRMW"
    assert listed.loc["V-2", "data"] == "Pas encore chargé"
    assert listed.loc["V-3", "data"] == ("Chargé; avertissement : le tableau compte 22 signataires, l’en-tête en "
                                         "annonce 23")
