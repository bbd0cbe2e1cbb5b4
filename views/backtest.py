"""/targets' evidence: how the weighting on the sliders would have done on each 1 January since 2003.

The origins' facts (monitor.analysis.backtest.build_history) are computed once per version of the data;
each move of a weight only re-scores them (a few milliseconds). The chart is a small SVG made here, every
text in it escaped by views.markup, with the same figures in a table for screen readers and phones.
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd
import streamlit as st

from contract.errors import DataFileError
from i18n import N_, format_number, translator
from monitor.analysis.backtest import Backtest, History, build_history, run_backtest
from monitor.analysis.backtest import baselines as build_baselines
from monitor.analysis.backtest_factors import context_vintages
from monitor.analysis.context_targets import CONTEXT_FACTORS
from monitor.analysis.treaties import TreatySet
from views.language import current_language
from views.loaders import Dataset, context_stamp, get_context, treaty_set_stamp
from views.markup import text
from views.routes import DATA

HORIZON = 5
TOP = 10
ANCHOR = "backtest"  # the explanation's heading on /data
SERIES = (("weighting", N_("This weighting"), "#1f5fa8"),
          ("recent_signatories", N_("Most recent signatories first"), "#b35900"),
          ("joined", N_("Joined within five years"), "#8a8a8a"))


@st.cache_resource(show_spinner=False, max_entries=4)
def _history(stamp: tuple, context_version: tuple | None, _treaties: TreatySet, _data: Dataset
             ) -> tuple[History, dict[str, Backtest]]:
    """The origins' facts and the baselines: they do not depend on the weights (one copy per data version)."""
    del stamp, context_version  # only the cache key
    try:
        context = get_context(_data)
    except DataFileError:  # reported beside the migration sliders; the backtest goes without the context
        context = None
    factors, vintages = (context.factors, context_vintages(context.tables)) if context else (None, {})
    history = build_history(_treaties, factors, vintages, data_as_of=_data.as_of, status=_data.status,
                            horizon=HORIZON)
    return history, build_baselines(history, HORIZON)


@lru_cache(maxsize=2048)
def figure(value: float, lang: str) -> str:
    """A count (or an expected count) to one decimal, the language's way. Kept: the same few figures come back at
    every move of a weight, and Babel takes a tenth of a millisecond for each (80 on the page)."""
    return format_number(round(value, 1), lang)


def backtest_history(data: Dataset, treaties: TreatySet) -> tuple[History, dict[str, Backtest]]:
    """The origins' facts and the baselines of this data (computed once per version of its files)."""
    return _history(treaty_set_stamp(data), context_stamp(data), treaties, data)


def backtest_section(history: History, baselines: dict[str, Backtest], weights: dict[str, float]) -> None:
    """The sentence, the chart and its table, for the weights on the sliders (history and baselines from
    backtest_history)."""
    lang = current_language()
    _ = translator(lang)
    result = run_backtest(history, weights, HORIZON)
    link = DATA.address(**({"lang": lang} if lang != "en" else {})) + f"#{ANCHOR}"
    st.subheader(_("Would this weighting have worked?"))
    if not result.origins:
        st.markdown(_("No 1 January since 2003 has five years of outcomes in this data, so this weighting cannot "
                      "be tested yet. [How the test works](%(link)s)") % {"link": link})
        return

    st.markdown(_(
        "Applied on each 1 January from %(first)s to %(last)s, this weighting put **%(hits)s** of the %(joined)s "
        "States that joined within five years in its top 10 (added up over the %(origins)s dates; random order: "
        "%(random)s; most recent signatories first: %(recent)s; longest-waiting signatories first: %(waiting)s). "
        "[How this is counted, and what it cannot show](%(link)s)") % {
        "first": result.first.year, "last": result.last.year, "hits": figure(result.total(TOP), lang),
        "joined": figure(result.joined, lang), "origins": len(result.origins),
        "random": figure(baselines["random"].total(TOP), lang),
        "recent": figure(baselines["recent_signatories"].total(TOP), lang),
        "waiting": figure(baselines["waiting_signatories"].total(TOP), lang), "link": link})
    unused = [f for f in CONTEXT_FACTORS if weights.get(f, 0) > 0
              and not any(f in o.values for o in history.usable(HORIZON))]
    if unused:
        st.caption(_("The migration factors are left out of this test: their figures are later than every "
                     "1 January tested."))
    rows = per_origin(result, baselines)
    st.markdown(chart_svg(rows, _), unsafe_allow_html=True)  # every text escaped by views.markup.text
    with st.expander(_("The figures for each 1 January")):
        st.table(origin_table(rows, _, lang))


def per_origin(result: Backtest, baselines: dict[str, Backtest]) -> list[dict]:
    """One row per origin: the year, not yet party, joined, and each ranking's top 10 and top 20."""
    rows = []
    for i, origin in enumerate(result.origins):
        rows.append({"year": origin.when.year, "candidates": origin.candidates, "joined": origin.joined,
                     "weighting": origin.hits[TOP], "weighting_20": origin.hits[20],
                     **{name: base.origins[i].hits[TOP] for name, base in baselines.items()}})
    return rows


def origin_table(rows: list[dict], _, lang: str) -> pd.DataFrame:
    """The chart's figures as a table (its text alternative)."""
    return pd.DataFrame({
        _("1 January"): [str(r["year"]) for r in rows],
        _("States not yet party"): [figure(r["candidates"], lang) for r in rows],
        _("Joined within five years"): [figure(r["joined"], lang) for r in rows],
        _("In this weighting's top 10"): [figure(r["weighting"], lang) for r in rows],
        _("In its top 20"): [figure(r["weighting_20"], lang) for r in rows],
        _("Most recent signatories first, top 10"): [figure(r["recent_signatories"], lang) for r in rows],
        _("Longest-waiting signatories first, top 10"): [figure(r["waiting_signatories"], lang) for r in rows],
        _("Random order, top 10 (expected)"): [figure(r["random"], lang) for r in rows],
    }).set_index(_("1 January"))


def chart_svg(rows: list[dict], _) -> str:
    """Three bars per year (joined, this weighting's top 10, most recent signatories first's top 10), its key
    as an HTML list above it (readable on a phone), and its figures named for screen readers."""
    width, height, left, bottom, top = 360, 170, 22, 20, 8
    peak = max([r["joined"] for r in rows] + [1])
    slot = (width - left) / len(rows)
    bar = slot / 4
    parts = []
    for step in range(0, int(peak) + 1, max(1, round(peak / 4))):
        y = height - bottom - (height - bottom - top) * step / peak
        parts.append(f'<line x1="{left}" x2="{width}" y1="{y:.1f}" y2="{y:.1f}" stroke="#d0d0d0"/>'
                     f'<text x="{left - 4}" y="{y + 4:.1f}" text-anchor="end">{step}</text>')
    order = ("joined", "weighting", "recent_signatories")
    colors = {key: color for key, _label, color in SERIES}
    for i, row in enumerate(rows):
        x = left + i * slot + bar / 2
        for j, key in enumerate(order):
            h = (height - bottom - top) * row[key] / peak
            parts.append(f'<rect x="{x + j * bar:.1f}" y="{height - bottom - h:.1f}" width="{bar - 1:.1f}" '
                         f'height="{h:.1f}" fill="{colors[key]}"/>')
        parts.append(f'<text x="{x + 1.5 * bar:.1f}" y="{height - 5}" text-anchor="middle">{row["year"]}</text>')
    labels = {key: label for key, label, _color in SERIES}
    key = "".join(f'<li style="display:flex;align-items:center;gap:.35rem;margin:0">'
                  f'<span style="width:.8rem;height:.8rem;background:{colors[k]};display:inline-block"></span>'
                  f'{text(_(labels[k]))}</li>' for k in order)
    title = text(_("For each 1 January: the States that joined within five years, and how many of them were in "
                   "the top 10 of this weighting and of the most recent signatories. The same figures are in the "
                   "table below."))
    return (f'<div style="max-width:520px"><ul aria-hidden="true" style="display:flex;flex-wrap:wrap;gap:.2rem 1rem;'
            f'list-style:none;padding:0;margin:0 0 .3rem;font-size:.85rem">{key}</ul>'
            f'<svg viewBox="0 0 {width} {height}" role="img" aria-label="{title}" '
            f'style="width:100%;height:auto;font-family:sans-serif;font-size:11px;fill:#31333f">'
            f'<title>{title}</title>{"".join(parts)}</svg></div>')

METHOD = N_(
    "On **1 January of each year** from 2003 (the year the Convention entered into force) to the last year with "
    "five full years of outcomes in the data (%(first)s to %(last)s here), the targets page is rebuilt from what "
    "was known on that day only: the signatures and ratifications dated on or before it, the regional groups' "
    "parties then, and the other loaded treaties' parties and declarations then. The States not yet party are "
    "ranked with the weights on the sliders, and we count how many of the States that joined (ratified or "
    "acceded) within the next five years were in the **top 10** and in the **top 20**. The counts are added up "
    "over the dates: a State that joined in mid-2007 counts at each 1 January from 2003 to 2007.\n\n"
    "The same counts are made for three simple orders: a **random order** (its expected value, exactly: 10 × "
    "the States that joined ÷ the States not yet party), **signatories first, most recent signature first**, and "
    "**signatories first, longest waiting first**. The migration factors are left out of the test, not used: "
    "their figures (UPR 2008–2014, migrant stock 2020, remittances 2021) are later than every date tested. "
    "`python -m monitor backtest` prints every figure.")
DEFAULTS = N_(
    "**How the default weights were chosen.** Every weighting of the six treaty factors with weights of 0, 1 or "
    "2 was tested on the bundled data (the UN capture of 15 January 2018, nothing from later), and the default is "
    "the one that put the most States that joined within five years in its top 10; between equals, the one with "
    "fewer factors. It is **signed 1, palermo 1**: here it puts %(hits)s of the %(joined)s in its top 10 (random "
    "order: %(random)s; most recent signatories first: %(recent)s; longest waiting first: %(waiting)s) and "
    "%(hits20)s in its top 20, where “most recent signatories first” puts %(recent20)s: it lets a few States party "
    "to both Palermo protocols that never signed come before signatories that are party to neither. Years "
    "waiting pointed the wrong way: adding it to the signature lowered the count, and “longest waiting first” "
    "did worse than “most recent first”, so that factor now measures how **recent** a signature is.")
LIMITS = N_(
    "**What such a test cannot show.**\n"
    "- **Few events.** About two States a year joined, and the dates overlap: the same States are counted at "
    "several dates. A difference of two or three is within chance.\n"
    "- **Chosen on the same past it is judged on.** The defaults are the best of several hundred weightings on "
    "this history, so their figure flatters them; expect less on the years to come.\n"
    "- **The past is not the future.** Governments, campaigns and migration change; a State may have joined "
    "because it was lobbied, which a ranking of the past cannot see.\n"
    "- **Only what the data records.** The UN does not date withdrawals; the other treaties count only if "
    "loaded; a signature is a fact, the politics around it is not in the data.\n"
    "- **It measures prediction, not priority.** A State unlikely to join soon may still be the one to push: "
    "use the sliders for what matters to your campaign.")


def method_section(data: Dataset, treaties: TreatySet) -> None:
    """/data: how the backtest works, how the defaults were chosen, what it cannot show."""
    lang = current_language()
    _ = translator(lang)
    st.header(_("Testing the priority score on the past"), anchor=ANCHOR)
    history, baselines = backtest_history(data, treaties)
    result = run_backtest(history, None, HORIZON)
    if not result.origins:
        st.markdown(_(METHOD) % {"first": "2003", "last": "—"})
        return

    st.markdown(_(METHOD) % {"first": result.first.year, "last": result.last.year})
    st.markdown(_(DEFAULTS) % {
        "hits": figure(result.total(TOP), lang), "joined": figure(result.joined, lang),
        "hits20": figure(result.total(20), lang), "random": figure(baselines["random"].total(TOP), lang),
        "recent": figure(baselines["recent_signatories"].total(TOP), lang),
        "waiting": figure(baselines["waiting_signatories"].total(TOP), lang),
        "recent20": figure(baselines["recent_signatories"].total(20), lang)})
    st.markdown(_(LIMITS))
