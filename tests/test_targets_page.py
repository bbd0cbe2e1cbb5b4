"""/targets' list as a reader sees it (AppTest, bundled data): empty cells where a State has no signature, and
the order of equal scores said on the page, in each language."""

from __future__ import annotations

import shutil

import pytest

from contract.countries import sort_key
from i18n import translator
from tests.apptest import assert_clean, copy_data, open_page

TIES = "States with the same score are listed in alphabetical order of their English name"


@pytest.mark.parametrize("lang", ["en", "fr", "es"])
def test_no_signature_is_an_empty_cell_and_ties_are_explained(lang: str) -> None:
    at = open_page("views/targets.py", **({} if lang == "en" else {"lang": lang}))
    assert_clean(at)
    table = at.dataframe[0]
    # A State without a signature has no date nor years waiting: drawn empty, not as Streamlit's "None".
    assert table.proto.HasField("placeholder") and table.proto.placeholder == ""
    assert table.value["Years waiting"].isna().any()  # the column keeps its English name; its label is translated
    words = translator(lang)(TIES + ", and their ranks follow that order: a tie is not a difference in priority.")
    assert lang == "en" or not words.startswith(TIES)  # translated
    assert any(words in c.value for c in at.caption)


def test_equal_scores_are_listed_by_name_with_their_ranks_in_that_order() -> None:
    at = open_page("views/targets.py")
    table = at.dataframe[0].value
    top = table[table["Priority score"] == table["Priority score"].max()]
    assert len(top) > 1  # the default weighting ties several States at the top
    assert list(top["Rank"]) == list(range(1, len(top) + 1))
    assert list(top["Country"]) == sorted(top["Country"], key=sort_key)


@pytest.mark.parametrize("lang", ["fr", "es"])
@pytest.mark.parametrize("damage", ["missing", "damaged"])
def test_the_migration_factors_notice_is_in_the_readers_language(tmp_path, monkeypatch, lang: str,
                                                                 damage: str) -> None:
    root = copy_data(tmp_path)
    if damage == "missing":
        shutil.rmtree(root / "context")
    else:
        (root / "context" / "remittances.csv").write_text("not,the,columns\n1,2,3\n", encoding="utf-8")
    monkeypatch.setenv("MONITOR_DATA_DIR", str(root))
    at = open_page("views/targets.py", lang=lang)
    assert not at.exception, [e.value for e in at.exception]
    notes = [n.value for n in (*at.warning, *at.caption) if "python -m monitor context" in n.value]
    assert len(notes) == 1, notes
    assert "migration" not in notes[0].lower() and "Run" not in notes[0], notes[0]  # no English words left
