"""Every page in French and in Spanish shows no English sentence from the data: none of the English the data
is described with (statuses, actions, matrix and profile cells, group names, the refresh's warnings...).

That English is every text marked N_() (an English label kept in data, for the pages to translate) that the
language translates into something else; a text with placeholders counts by its literal words around them.
Names from the sources (a participant as UNTC writes it) are data, not sentences, and may stay as they are.
"""

from __future__ import annotations

import json
import re
from functools import cache

import pytest
from babel.messages.extract import extract_python
from babel.messages.pofile import read_po
from conftest import REPO

from tests.apptest import PAGE, PAGES, assert_clean, open_page

PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w*\}")
YEAR = re.compile(r" \d{4}$")  # a matrix or profile cell: a word and a year
SOURCES = ("contract", "i18n", "monitor", "views")  # where the N_() texts are (make translations reads them)


@cache
def data_english() -> frozenset[str]:
    """Every English text marked N_() in the code (the words data is described with)."""
    found = set()
    for folder in SOURCES:
        for path in (REPO / folder).rglob("*.py"):
            with path.open("rb") as handle:
                found |= {message for _, _, message, _ in extract_python(handle, {"N_": None}, [], {})
                          if isinstance(message, str)}
    return frozenset(found)


@cache
def english(lang: str) -> tuple[frozenset[str], tuple[re.Pattern, ...]]:
    """(the data's English texts, patterns of its longer ones) that `lang` translates into something else."""
    with (REPO / "i18n" / "locale" / lang / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    translated = {m.id for m in catalog if isinstance(m.id, str) and m.string not in ("", m.id)}
    words, patterns = data_english() & translated, []
    for text in words:
        literal = [part.strip() for part in PLACEHOLDER.split(text) if part.strip()]
        # Long enough to be a sentence, not a word French or Spanish may share ("Parties", "Application").
        if sum(len(part.split()) for part in literal) >= 3 and max(len(part.split()) for part in literal) >= 2:
            pieces = [re.escape(part.strip()) for part in PLACEHOLDER.split(text) if part.strip()]
            patterns.append(re.compile(r"(?<![\w’'])" + ".+?".join(pieces) + r"(?![\w])"))
    return frozenset(words), tuple(patterns)


def shown(at) -> tuple[list[str], set[str]]:
    """(every text the reader sees, every cell of every table), sidebar included."""
    texts = []
    for root in (at, at.sidebar):
        for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning", "success", "error"):
            texts += [str(element.value) for element in getattr(root, kind)]
    texts += [f"{m.label} {m.value}" for m in at.metric] + [b.label for b in at.get("download_button")]
    for kind in ("selectbox", "multiselect", "radio", "slider", "toggle", "checkbox", "expander", "tab"):
        texts += [str(getattr(widget, "label", "")) for widget in at.get(kind)]
    texts = [str(text) for text in texts]
    cells = {str(value) for frame in at.dataframe for column in frame.value.columns
             for value in frame.value[column].unique()}
    for chart in at.get("plotly_chart"):  # legend entries, titles and hover texts of each chart
        spec = json.loads(chart.proto.spec)
        cells |= {str(trace.get("name", "")) for trace in spec.get("data", [])}
        texts += [str(trace.get(key, "")) for trace in spec.get("data", []) for key in ("hovertemplate", "hovertext")]
        texts.append(json.dumps(spec.get("layout", {}).get("title", ""), ensure_ascii=False))
        texts += [json.dumps(spec.get("layout", {}).get(axis, {}).get("title", ""), ensure_ascii=False)
                  for axis in ("xaxis", "yaxis")]
    return texts, cells


def english_left(at, lang: str) -> list[str]:
    words, patterns = english(lang)
    texts, cells = shown(at)
    found = [cell for cell in cells if YEAR.sub("", cell) in words]
    found += [match.group(0) for text in [*texts, *cells] for pattern in patterns if (match := pattern.search(text))]
    return sorted(set(found))


@pytest.mark.parametrize("lang", ["fr", "es"])
@pytest.mark.parametrize("page", PAGES)
def test_no_english_on_a_translated_page(page: str, lang: str) -> None:
    query = {"country": "MEX"} if page == PAGE["country"] else {}
    at = open_page(page, lang=lang, **query)
    assert_clean(at)
    if page == PAGE["overview"]:  # the table under the map waits until it is opened
        at.session_state["overview_table"] = True
        at.run()
    left = english_left(at, lang)
    assert not left, f"English on {page} in {lang}: {left}"


def test_the_check_finds_english() -> None:
    """The same check on the English page finds the data's English words (so it is not blind)."""
    at = open_page(PAGE["compare"], lang="en")
    left = english_left(at, "fr")
    assert "No action" in left and "Signed 2004" in left and "Ratified 1999" in left
    assert any(text.startswith("the table has 22 signatories") for text in left)  # V-3's warning, in English
