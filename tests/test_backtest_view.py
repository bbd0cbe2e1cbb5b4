"""/targets' backtest sentence, chart and table, and its explanation on /data (AppTest, bundled data)."""

from __future__ import annotations

import io
import os
import subprocess
import sys

import pandas as pd
from conftest import REPO

from contract.treaties import ICRMW
from monitor.analysis.treaties import build_treaty_set
from monitor.backtest_cli import targets_csv
from monitor.store.checked import load_tracked
from monitor.store.layout import data_dir
from tests.apptest import assert_clean, open_page


def _sentence(at) -> str:
    return next(m.value for m in at.markdown if "Applied on each 1 January" in m.value)


def test_targets_sentence_follows_the_weights() -> None:
    at = open_page("views/targets.py")
    assert_clean(at)
    sentence = _sentence(at)
    assert sentence.startswith("Applied on each 1 January from 2003 to 2013, this weighting put **35** of the 104")
    assert "random order: 6.3; most recent signatories first: 26; longest-waiting signatories first: 25" in sentence
    assert sentence.endswith("(data#backtest)")
    chart = next(m.value for m in at.markdown if "<svg" in m.value)
    assert 'role="img"' in chart and "<title>" in chart and chart.count("<rect") == 33  # 11 years × 3 bars
    table = at.table[0].value
    assert len(table) == 11 and "In this weighting's top 10" in table.columns
    at.slider(key="w_signed").set_value(0.0)
    at.slider(key="w_palermo").set_value(0.0)
    at.slider(key="w_peers").set_value(1.0).run()
    assert_clean(at)
    assert _sentence(at) != sentence and "put **11** of the 104" in _sentence(at)


def test_targets_sentence_in_french_links_to_data_in_french() -> None:
    at = open_page("views/targets.py", lang="fr")
    assert_clean(at)
    sentence = next(m.value for m in at.markdown if "Appliquée chaque 1er janvier" in m.value)
    assert "ordre aléatoire : 6,3" in sentence and sentence.endswith("(data?lang=fr#backtest)")


def test_data_explains_the_backtest() -> None:
    at = open_page("views/data.py")
    assert_clean(at)
    assert any(h.value == "Testing the priority score on the past" for h in at.header)
    text = "\n".join(m.value for m in at.markdown)
    assert "**signed 1, palermo 1**" in text and "35 of the 104" in text and "What such a test cannot show" in text


def test_cli_targets_is_the_pages_download(monkeypatch) -> None:
    """`python -m monitor targets` writes the page's "Download this list (CSV)" byte for byte."""
    import streamlit.testing.v1.app_test as app_test
    from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

    stores: list[MemoryMediaFileStorage] = []

    class Kept(MemoryMediaFileStorage):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            stores.append(self)

    monkeypatch.setattr(app_test, "MemoryMediaFileStorage", Kept)
    at = open_page("views/targets.py")
    assert_clean(at)
    url = next(b for b in at.get("download_button") if b.proto.label == "Download this list (CSV)").proto.url
    page_bytes = stores[-1].get_file(url.rsplit("/", 1)[-1].split(".")[0]).content
    done = subprocess.run([sys.executable, "-m", "monitor", "targets"], cwd=REPO, capture_output=True, check=True,
                          env={k: v for k, v in os.environ.items() if k != "MONITOR_DATA_DIR"})
    assert done.stdout == page_bytes


def test_cli_targets_is_the_pages_list() -> None:
    """`python -m monitor targets` ranks as the page shows it (same States, order and scores)."""
    at = open_page("views/targets.py")
    shown = at.dataframe[0].value
    treaties = build_treaty_set(load_tracked(data_dir()))
    from monitor.analysis.context import context_table
    from monitor.analysis.context_targets import context_factors
    from monitor.store.context import load_context

    context = context_factors(context_table(load_context(data_dir())))
    cli = pd.read_csv(io.BytesIO(targets_csv(treaties, context, None)), encoding="utf-8-sig")
    assert list(cli["ISO3"]) == list(shown["ISO3"]) and list(cli["Priority score"]) == list(shown["Priority score"])
    assert list(cli.columns) == list(shown.columns)
    assert ICRMW in treaties.status


def test_chart_escapes_every_word() -> None:
    from views.backtest import chart_svg

    rows = [{"year": 2003, "candidates": 10, "joined": 3, "weighting": 2, "weighting_20": 3, "random": 0.5,
             "recent_signatories": 1, "waiting_signatories": 1}]
    markup = chart_svg(rows, lambda words: "<script>alert(1)</script>:x:\n\n" + words)
    assert "<script>" not in markup and "&lt;script&gt;" in markup and "\n" not in markup
