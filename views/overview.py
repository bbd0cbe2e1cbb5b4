"""Overview (/): where does the Convention stand?

Everyone opens this page first, so its first run needs no pandas: it is drawn from the facts that
monitor.snapshot keeps beside the data while they still match it (the numbers, the map's rows, the
status CSV). When they do not (after a refresh, an edit or an upgrade), the page loads the tables
like every other page, computes the same facts and keeps them for the next server start.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import streamlit as st

from contract.countries import UNIVERSE_KINDS
from contract.errors import DataFileError
from i18n import country_name, format_day, translator, treaty_title
from monitor.analysis.freshness import Freshness, build_freshness
from monitor.analysis.numbers import OverviewNumbers
from monitor.store import layout, snapshot
from views import frame
from views.frame import TREATY, md_escape
from views.labels import group_name, status_name
from views.language import current_language
from views.markup import headline, summary_sentence
from views.svgmap import overview_map

ENGLISH_TITLE = ("International Convention on the Protection of the Rights of All Migrant Workers and Members of "
                 "Their Families")


@st.cache_data(show_spinner=False, max_entries=8)
def kept_facts(root: str, stamp: tuple) -> tuple[dict, dict, dict] | None:
    """(facts, meta.json, health.json) when monitor.snapshot kept facts that match the data, else None.

    Read again only when one of those files changes (``stamp``); the full path says what is wrong
    with a file that cannot be read.
    """
    del stamp  # only the cache key
    folder = Path(root)
    facts = snapshot.load(folder, TREATY)
    sources = None if facts is None else layout.read_kept_sources(folder, TREATY)
    if sources is None:
        return None
    meta, health = sources
    return facts, meta, health


@st.cache_data(show_spinner=False, max_entries=8)
def computed_facts(key: tuple, _data) -> dict:
    """The same facts from the loaded tables, kept for the next start when the data is sound."""
    from monitor.analysis.overview import build_facts

    root = Path(_data.root)
    facts = snapshot.stamped(root, TREATY, build_facts(TREATY, _data.status, _data.declarations, _data.meta,
                                                       _data.articles))
    # Not kept when a table came from its spare copy (the page shows a warning the kept facts would
    # lose), nor when a file changed while the tables were read.
    if not _data.warnings and layout.file_stamp(root, TREATY) == _data.stamp:
        snapshot.save(root, TREATY, facts)
    return facts


@st.cache_data(show_spinner=False, max_entries=8)
def status_map(fingerprint: str | None, lang: str, _facts: dict) -> str:
    """The world map of the status as SVG markup made (and escaped) by views.svgmap, per data version
    and language.

    Not plotly: its 4.7 MB chart bundle alone made the first page load 1.7 times slower than a bare
    Streamlit page (BENCHMARKS.md); /trends and /compare keep plotly's zoomable maps.
    """
    del fingerprint  # only the cache key: the facts' digest of the data and code they came from
    return map_markup(_facts, lang)


def map_markup(facts: dict, lang: str) -> str:
    """The map's markup from the facts' rows, in a language (views.svgmap escapes every text)."""
    return overview_map(facts, lang)


def facts_with_spinner(data) -> dict:
    """The computed facts, saying in the reader's language that the data is loading."""
    _ = translator(current_language())
    with st.spinner(_("Loading the data…")):
        return computed_facts(data.key, data)


def fast_view(root: Path) -> tuple[dict, Freshness] | None:
    """(kept facts, freshness) when the page can be drawn without loading the tables, else None."""
    kept = kept_facts(str(root), layout.file_stamp(root, TREATY, snapshot.INPUT_FILES, (layout.HEALTH_FILE,)))
    if kept is None:
        return None
    facts, meta, health = kept
    try:
        OverviewNumbers.from_json(facts["numbers"])
        return facts, build_freshness(meta, health, TREATY, date.today())  # today changes: not cached
    except (AttributeError, KeyError, TypeError, ValueError, DataFileError):
        return None  # a meta.json or health.json of the wrong shape: the full path says what is wrong


def body(facts: dict) -> None:
    """The page, from the facts (kept or just computed)."""
    lang = current_language()
    _ = translator(lang)
    numbers, as_of = OverviewNumbers.from_json(facts["numbers"]), date.fromisoformat(facts["as_of"])
    st.title(_("Where does the Convention stand?"))
    st.markdown(_("The {title} (ICRMW, 1990), as recorded by the UN on {date}.").format(
        title=f"**{md_escape(treaty_title(TREATY, lang, ENGLISH_TITLE))}**", date=f"**{format_day(as_of, lang)}**"))
    st.markdown(headline(numbers, lang), unsafe_allow_html=True)  # HTML made by views.markup, every text escaped
    st.markdown(summary_sentence(numbers, facts["map"], lang, strong=lambda value: f"**{value}**", escape=md_escape))

    st.header(_("Status of each State"))
    st.caption(_("Hover over a country for its dates; click it (or tab to it and press Enter) to open its "
                 "profile. On a phone, tap the map: the States near that spot appear under it as buttons. Small "
                 "States are shown as dots. The palest land (such as Greenland or Western Sahara) is not a State "
                 "that can join."))
    # HTML made by views.svgmap, which escapes every text in it.
    markup = status_map(facts["fingerprint"], lang, facts) if facts["fingerprint"] else map_markup(facts, lang)
    st.markdown(markup, unsafe_allow_html=True)
    st.caption(frame.source_text(as_of) + ".")
    state_table(lang)
    download = facts["download"]
    st.download_button(_("Download the status of every State (CSV)"), data=download["text"].encode("utf-8"),
                       file_name=download["file_name"], mime=download["mime"], key="status_csv",
                       on_click="ignore", icon=":material/download:")


def state_table(lang: str) -> None:
    """Every State in a table, loaded only when the reader opens it (it needs the tables)."""
    _ = translator(lang)
    box = st.expander(_("The same as a table (every State, its status and dates)"), key="overview_table",
                      on_change="rerun")
    if not box.open:
        return
    from views.loaders import get_dataset

    data = get_dataset()
    table = data.table[data.table["kind"].isin(UNIVERSE_KINDS)]
    shown = table[["name", "status", "signature_date", "consent_date", "in_force_date", "regional_group"]].copy()
    shown["name"] = [country_name(iso3, lang, name) for iso3, name in zip(table["iso3"], table["name"], strict=True)]
    shown["status"] = [status_name(status, lang) for status in shown["status"]]
    shown["regional_group"] = [group_name(group, lang) for group in shown["regional_group"]]
    box.dataframe(
        shown, hide_index=True, width="stretch",
        column_config={"name": _("Country"), "status": _("Status"), "signature_date": _("Signed"),
                       "consent_date": _("Ratified / acceded"), "in_force_date": _("In force for it"),
                       "regional_group": _("UN regional group")})


def page() -> None:
    """Draw from the kept facts when they match the data; otherwise load the tables (and keep the facts)."""
    root = layout.data_dir()
    view = fast_view(root)
    if view is None:
        from views.page import run_page

        run_page(lambda data: body(facts_with_spinner(data)))
        return
    facts, fresh = view
    as_of = date.fromisoformat(facts["as_of"])
    frame.render_sidebar(as_of, fresh)
    frame.freshness_line(as_of, fresh)
    frame.guarded(lambda: body(facts))


page()
