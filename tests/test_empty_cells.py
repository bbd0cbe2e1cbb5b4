"""No table on any page shows Streamlit's "None" for an empty cell (a State with no signature, a treaty not
loaded): a table with empty cells sets what they show (AppTest, bundled data)."""

from __future__ import annotations

import pytest

from tests.apptest import PAGE, assert_clean, open_page

VISITS = [("overview", {}), ("trends", {}), ("targets", {}), ("country", {"country": "MEX"}),
          ("country", {"country": "USA"}), ("compare", {}), ("changes", {}), ("data", {})]


@pytest.mark.parametrize(("name", "query"), VISITS, ids=[f"{n}-{q.get('country', '')}" for n, q in VISITS])
def test_empty_cells_are_drawn_empty(name: str, query: dict[str, str]) -> None:
    at = open_page(PAGE[name], **query)
    assert_clean(at)
    for table in at.dataframe:
        empty = [column for column in table.value.columns if table.value[column].isna().any()]
        if empty:
            assert table.proto.HasField("placeholder"), f"{name}: empty cells drawn as 'None' in {empty}"
