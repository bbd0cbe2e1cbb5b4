"""Lobbying targets (/targets): whom do we push next? The page's body, which views/targets.py runs.

A module rather than the page script itself: imported once per process, it is not compiled again (AppTest
compiles the page script at every run) and its cached functions are not defined again at every rerun
(Streamlit reads a cached function's source to key it whenever the decorator runs)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
import streamlit as st

from contract import REFRESH_COMMAND
from contract.status import NO_ACTION, SIGNED
from i18n import N_, country_name, format_number, translator
from monitor.analysis.backtest import Backtest, History
from monitor.analysis.context_targets import CONTEXT_COLUMNS, CONTEXT_FACTORS, NO_DATA
from monitor.analysis.target_list import TargetList
from monitor.analysis.targets import (
    DEFAULT_WEIGHTS,
    PRIORITY_ORDER,
    TREATY_FACTOR_COLUMNS,
    TREATY_FACTORS,
    available_factors,
    build_target_factors,
    factor_coverage,
    target_facts,
)
from views import page
from views.backtest import backtest_history, backtest_section
from views.brief_words import fixed_label
from views.labels import WEIGHT_HELP, WEIGHT_LABELS, score_formula
from views.language import current_language
from views.loaders import Dataset, context_stamp, get_treaty_set, treaty_set_stamp
from views.migration import ContextFactors, context_notice, context_weight_sliders, load_context_factors

SHOW = {
    N_("All States not yet party"): [SIGNED, NO_ACTION],
    N_("Signed, not ratified"): [SIGNED],
    N_("No action"): [NO_ACTION],
}
SORTS = {
    N_("Priority score (highest first)"): PRIORITY_ORDER,
    N_("Years waiting (longest first)"): (["Years waiting", "Country"], [False, True]),
    N_("Country (A to Z)"): (["Country"], [True]),
    N_("UN regional group, then score"): (["UN regional group", "Priority score"], [True, False]),
}
# How equal scores are ordered (analysis.targets.TargetFacts.ranked; the backtest breaks ties the same way).
TIES = N_("States with the same score are listed in alphabetical order of their English name, and their ranks "
          "follow that order: a tie is not a difference in priority.")
# Columns whose values are fixed English labels (statuses, regions, groups): shown in the reader's language.
LABEL_COLUMNS = ("Status", "Region", "UN regional group")
# How much of a treaty factor is loaded, in words (monitor.analysis.targets.factor_coverage counts it).
COVERAGE_WORDS = {
    "core": N_("%(loaded)s of %(total)s other core human rights treaties loaded"),
    "complaints": N_("%(loaded)s of %(total)s other complaints procedures loaded"),
    "palermo": N_("%(loaded)s of %(total)s Palermo protocols loaded"),
}


def coverage_words(factor: str, cover: dict, _) -> str:
    """'1 of 8 other core human rights treaties loaded', in the reader's language."""
    return _(COVERAGE_WORDS[factor]) % {"loaded": cover["loaded"], "total": cover["total"]}


def shown_table(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The table as displayed: names and labels in the reader's language (the download keeps English)."""
    if lang == "en":
        return table
    _ = translator(lang)
    shown = table.copy()
    shown["Country"] = [country_name(iso3, lang, name) for iso3, name in zip(shown["ISO3"], shown["Country"],
                                                                              strict=True)]
    for column in LABEL_COLUMNS:
        shown[column] = shown[column].map(lambda v: fixed_label(v, lang))
    for column in CONTEXT_COLUMNS.values():  # a context cell without an estimate says so in the language
        if column in shown.columns:
            shown[column] = shown[column].replace(NO_DATA, _(NO_DATA))
    return shown


def weight_slider(column, factor: str, cover: dict | None, _) -> float:
    """One factor's weight; a treaty factor with none of its treaties loaded is shown disabled, at 0."""
    label, help_text = _(WEIGHT_LABELS[factor]), _(WEIGHT_HELP[factor])
    if cover is not None and not cover["available"]:
        # A disabled label is drawn at 40% opacity (2.3:1): its words are shown as a caption instead.
        words = _("%(factor)s (not loaded yet)") % {"factor": label}
        column.caption(words, help=_("%(help)s Unavailable: %(coverage)s. Run `%(command)s` to load them.")
                       % {"help": help_text, "coverage": coverage_words(factor, cover, _), "command": REFRESH_COMMAND})
        column.slider(words, 0.0, 5.0, 0.0, 0.5, key=f"w_{factor}", disabled=True, label_visibility="collapsed")
        return 0.0
    if cover is not None and cover["loaded"] < cover["total"]:
        label = _("%(factor)s (%(loaded)s of %(total)s loaded)") % {
            "factor": label, "loaded": cover["loaded"], "total": cover["total"]}
        help_text = _("%(help)s Only %(coverage)s.") % {"help": help_text, "coverage": coverage_words(factor, cover, _)}
    return column.slider(label, 0.0, 5.0, float(DEFAULT_WEIGHTS[factor]), 0.5, key=f"w_{factor}",
                         help=help_text)


@dataclass(frozen=True)
class Prepared:
    """What the page shows that the weights do not change, made once per version of the data files and shared
    by every reader (read only): moving a weight then only re-scores (analysis.target_list, analysis.backtest)."""

    cover: dict[str, dict]  # analysis.targets.factor_coverage
    used: list[str]  # analysis.targets.available_factors
    targets: TargetList
    context: ContextFactors
    history: History
    baselines: dict[str, Backtest]
    translated: dict[str, pd.DataFrame] = field(default_factory=dict)  # language -> the table as shown, facts' order

    def shown(self, lang: str) -> pd.DataFrame:
        """The table as displayed in a language, in the facts' order (made at its first use)."""
        if lang not in self.translated:  # two readers may both make it: the same table either way
            self.translated[lang] = shown_table(self.targets.worded(translator(lang)) if lang != "en"
                                                else self.targets.table, lang)
        return self.translated[lang]


@st.cache_resource(show_spinner=False, max_entries=4)
def prepared(version: int, _data: Dataset) -> Prepared:
    """The page's prepared facts, once per `version` (data_version) of the files they are made from."""
    del version  # only the cache key
    treaties = get_treaty_set(_data)
    factors = build_target_factors(treaties)
    used = available_factors(factors)
    context = load_context_factors(_data)
    facts = target_facts(_data.status, _data.as_of, factors, _data.table, context.factors)
    history, baselines = backtest_history(_data, treaties)
    return Prepared(cover=factor_coverage(treaties), used=used, context=context, history=history,
                    baselines=baselines, targets=TargetList.build(facts, [f for f in TREATY_FACTORS if f in used]))


def data_version(data: Dataset) -> int:
    """One number for the versions of the ICRMW's, the other treaties' and the context's files (names, times and
    sizes). Python's hash of them, which holds for the life of the process, as the cache does: Streamlit hashing
    the stamps themselves at every rerun took a millisecond or two (there are about 200 files)."""
    return hash((data.key, treaty_set_stamp(data), context_stamp(data)))


def score_explanation(formula: str, _) -> str:
    """How the score is computed, in the reader's language (the formula keeps the factors' short names)."""
    return _(
        "`%(formula)s`\n\n"
        "Each factor runs from 0 to 1:\n"
        "- **signed**: 1 if the State has signed the Convention, 0 if it has taken no action;\n"
        "- **recent**: 1 − years since signature ÷ the longest wait among today's signatories (0 without a "
        "signature): a recent signature scores higher, because in the backtest a long wait predicted joining "
        "less, not more;\n"
        "- **peers**: the share of the State's UN regional group that is already party;\n"
        "- **core**: the share of the other core human rights treaties (ICERD, ICESCR, ICCPR, CEDAW, CAT, CRC, "
        "CRPD, CPED) the State is party to;\n"
        "- **complaints**: the share of the other individual complaints procedures it accepts (optional "
        "protocols joined; declarations under ICERD art. 14, CAT art. 22, CPED art. 31);\n"
        "- **palermo**: the share of the two Palermo protocols (trafficking in persons, smuggling of migrants) "
        "it is party to.\n\n"
        "The last three count only the treaties that are loaded: a treaty never refreshed is not counted as "
        "“not ratified”, and a factor with none of its treaties loaded is left out of the formula altogether. "
        "A weight of 0 switches a factor off. The default weights (signed 1, palermo 1, the others 0) are the "
        "ones that did best when tested on the past (see below): signatories party to both Palermo protocols "
        "come first. The score ranks; it does not measure how likely a State is to join.") % {"formula": formula}


def body(data: Dataset) -> None:
    """The page."""
    lang = current_language()
    _ = translator(lang)
    st.title(_("Whom do we push next?"))
    st.markdown(_("States that have **not yet joined** the Convention, ranked by a priority score you can tune. "
                  "Signatories have already committed in principle; States whose neighbours have joined may "
                  "follow; States party to the other human rights treaties have the fewest reasons to refuse "
                  "this one."))

    ready = prepared(data_version(data), data)
    everyone = ready.targets.facts.frame
    signed = everyone[everyone["status"] == SIGNED]
    cols = st.columns(3)
    cols[0].metric(_("Signed, not ratified"), len(signed), border=True)
    cols[1].metric(_("Median years waiting"),
                   format_number(round(signed["years_waiting"].median(), 1), lang) if len(signed) else "—",
                   border=True, help=_("Years since signature, for the signatories that have not ratified."))
    cols[2].metric(_("No action"), int((everyone["status"] == NO_ACTION).sum()), border=True)

    st.header(_("1. Weigh what matters to you"))
    st.caption(_("Each slider sets how much one factor counts in the score (0 = ignore it)."))
    cover, used = ready.cover, ready.used
    weights = {}
    for row in (("signed", "recent", "peers"), TREATY_FACTORS):
        for column, factor in zip(st.columns(3), row, strict=True):
            weights[factor] = weight_slider(column, factor, cover.get(factor), _)
    weights |= context_weight_sliders()
    context_notice(ready.context)  # under the sliders it concerns: why moving them changes nothing
    unavailable = [f for f in TREATY_FACTORS if f not in used]
    partial = [f for f in TREATY_FACTORS if f in used and cover[f]["loaded"] < cover[f]["total"]]
    if unavailable or partial:
        notes = [_("**%(factor)s** is left out of the score: none of its treaties is loaded yet.")
                 % {"factor": _(WEIGHT_LABELS[f])} for f in unavailable]
        notes += [_("**%(factor)s** counts only what is loaded: %(coverage)s (not yet: %(missing)s).")
                  % {"factor": _(WEIGHT_LABELS[f]), "coverage": coverage_words(f, cover[f], _),
                     "missing": ", ".join(cover[f]["missing"])} for f in partial]
        st.info("\n".join(f"- {n}" for n in notes) + "\n\n"
                + _("Run `%(command)s` to load the other treaties.") % {"command": REFRESH_COMMAND},
                icon=":material/cloud_download:")
    formula = score_formula(used + [f for f in CONTEXT_FACTORS if weights[f] > 0])
    how = _("How the priority score is computed")
    with st.expander(how, expanded=False):
        st.markdown(score_explanation(formula, _))
    st.caption(_("Formula: %(formula)s. Open “%(section)s” for details.") % {"formula": formula, "section": how})
    backtest_section(ready.history, ready.baselines, weights)

    st.header(_("2. Filter and sort"))
    show = st.radio(_("Show"), list(SHOW), horizontal=True, key="f_status", format_func=_)
    filter_cols = st.columns(2)
    regions = filter_cols[0].multiselect(_("Region"), sorted(set(everyone["region"]) - {""}), key="f_region",
                                         placeholder=_("All regions"), format_func=lambda v: fixed_label(v, lang))
    groups = filter_cols[1].multiselect(_("UN regional group"), sorted(set(everyone["regional_group"]) - {""}),
                                        key="f_group", placeholder=_("All groups"),
                                        format_func=lambda v: fixed_label(v, lang))
    sort_choice = st.selectbox(_("Sort by"), list(SORTS), key="sort", format_func=_)

    # Scored, filtered and sorted here; the rest was made once (Prepared). The download keeps English.
    chosen = ready.targets.select(weights, regions, groups, SHOW[show], SORTS[sort_choice])
    st.header(_("3. The list (%(count)s States)") % {"count": format_number(len(chosen.rows), lang)})
    table = ready.targets.table
    config = {column: st.column_config.Column(_(column)) for column in table.columns}
    config |= {
        "Rank": st.column_config.NumberColumn(_("Rank"),
                                              help=_("Rank by priority score among all States not yet party")),
        "Signed on": st.column_config.DateColumn(_("Signed on"), format="YYYY-MM-DD"),
        "Years waiting": st.column_config.NumberColumn(_("Years waiting"), format="%.1f",
                                                       help=_("Years since signature")),
        "Priority score": st.column_config.ProgressColumn(_("Priority score"), min_value=0, max_value=100,
                                                          format="%.1f"),
        "Group peers already party": st.column_config.TextColumn(
            _("Group peers already party"), help=_("States of the same UN regional group that are already party")),
        **{label: st.column_config.TextColumn(_(label), help=coverage_words(factor, cover[factor], _).capitalize())
           for factor, label in TREATY_FACTOR_COLUMNS.items() if factor in used},
    }
    # A State without a signature has no date and no years waiting: an empty cell, not Streamlit's "None".
    st.dataframe(ready.targets.shown(chosen, ready.shown(lang)), hide_index=True, width="stretch",
                 key="targets_table", height=38 + 35 * min(len(chosen.rows), 16), column_config=config,
                 placeholder="")
    st.caption(_("Click a column header to re-sort the view; the download follows the “%(sort)s” choice and the "
                 "filters above.") % {"sort": _("Sort by")} + " " + _(TIES))
    # Looked up at each call, as when the page script imported it at every run (tests record the downloads there).
    page.download_button(ready.targets.download(chosen, data.as_of), _("Download this list (CSV)"), key="targets_csv")

