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
from contract.status import STATUS_COLORS, STATUS_ORDER
from contract.treaties import ICRMW_INTERSTATE_THRESHOLD
from monitor.analysis.freshness import Freshness, build_freshness
from monitor.analysis.overview import OverviewNumbers
from monitor.store import layout, snapshot
from views import frame
from views.frame import TREATY
from views.svgmap import MapRow, status_svg


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


@st.cache_data(show_spinner="Loading the data…", max_entries=8)
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
def status_map(fingerprint: str | None, _facts: dict) -> str:
    """The world map of the status as SVG markup made (and escaped) by views.svgmap, per data version.

    Not plotly: its 4.7 MB chart bundle alone made the first page load 1.7 times slower than a bare
    Streamlit page (BENCHMARKS.md); /trends and /compare keep plotly's zoomable maps.
    """
    del fingerprint  # only the cache key: the facts' digest of the data and code they came from
    return map_markup(_facts)


def map_markup(facts: dict) -> str:
    """The map's markup from the facts' rows (views.svgmap escapes every text)."""
    rows = [MapRow(iso3, status, tuple(lines)) for iso3, status, lines in facts["map"]]
    return status_svg(rows, STATUS_COLORS, STATUS_ORDER,
                      label=f"World map: the status of each State on {facts['as_of']}",
                      description="Each State is a link to its profile, coloured by its status; the key under the "
                                  "map names the colours. The table under the map, “The same as a table”, gives "
                                  "the same facts as text.")


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


def metrics(numbers: OverviewNumbers) -> None:
    """The headline numbers, three to a row (labels stay readable on a laptop; rows stack on a phone)."""
    top = st.columns(3)
    top[0].metric("Parties", numbers.parties, border=True,
                  help=f"{numbers.parties_ratification} by ratification, {numbers.parties_accession} by "
                       "accession or succession: States bound by the Convention.")
    top[1].metric("Signed, not ratified", numbers.signatories_not_ratified, border=True,
                  help="States that signed but have not yet ratified: they are not bound yet.")
    top[2].metric("No action", numbers.no_action, border=True,
                  help=f"Of the {numbers.universe} States that can join: neither signed nor joined.")
    bottom = st.columns(3)
    bottom[0].metric("Share of UN Member States", f"{numbers.un_member_share:.0%}", border=True,
                     help=f"{numbers.un_member_parties} of the {numbers.un_members} UN Member States are "
                          "party (only parties that are UN members are counted in this share).")
    bottom[1].metric(f"Art. {numbers.individual_article} declarations",
                     f"{numbers.individual_declarations} of {numbers.individual_threshold}", border=True,
                     help=f"The individual complaints procedure starts when {numbers.individual_threshold} "
                          f"States Parties have accepted it (art. {numbers.individual_article}).")
    bottom[2].metric(f"Art. {numbers.interstate_article} declarations",
                     f"{numbers.interstate_declarations} of {ICRMW_INTERSTATE_THRESHOLD}", border=True,
                     help=f"The procedure for complaints by one State Party against another starts when "
                          f"{ICRMW_INTERSTATE_THRESHOLD} States Parties have accepted it (art. "
                          f"{numbers.interstate_article}(2)).")


def body(facts: dict) -> None:
    """The page, from the facts (kept or just computed)."""
    numbers, as_of = OverviewNumbers.from_json(facts["numbers"]), date.fromisoformat(facts["as_of"])
    st.title("Where does the Convention stand?")
    st.markdown(
        "The **International Convention on the Protection of the Rights of All Migrant Workers and Members of "
        f"Their Families** (ICRMW, 1990), as recorded by the UN on **{as_of.strftime('%d %B %Y')}**.")
    metrics(numbers)
    states = ", ".join(numbers.individual_states) or "none yet"
    st.markdown(
        f"**{numbers.parties} States are party** ({numbers.parties_ratification} by ratification, "
        f"{numbers.parties_accession} by accession or succession): {numbers.un_member_parties} of the "
        f"{numbers.un_members} UN Member States. **{numbers.signatories_not_ratified}** more have signed "
        f"but not ratified, and **{numbers.no_action}** of the {numbers.universe} States that can join "
        "have taken no action. "
        f"**{numbers.individual_declarations} of the {numbers.individual_threshold}** declarations needed to "
        f"open the individual complaints procedure (art. {numbers.individual_article}) have been made: "
        f"{states}; **{numbers.interstate_declarations}** States accept complaints from other States "
        f"(art. {numbers.interstate_article}).")

    st.header("Status of each State")
    st.caption("Hover over a country for its dates; click it (or tab to it and press Enter) to open its "
               "profile. On a phone, tap the map: the States near that spot appear under it as buttons. Small "
               "States are shown as dots. The palest land (such as Greenland or Western Sahara) is not a State "
               "that can join.")
    # The one place a view renders markup: views.svgmap builds it and escapes every text in it.
    markup = status_map(facts["fingerprint"], facts) if facts["fingerprint"] else map_markup(facts)
    st.markdown(markup, unsafe_allow_html=True)
    st.caption(frame.source_text(as_of) + ".")
    state_table()
    download = facts["download"]
    st.download_button("Download the status of every State (CSV)", data=download["text"].encode("utf-8"),
                       file_name=download["file_name"], mime=download["mime"], key="status_csv",
                       on_click="ignore", icon=":material/download:")


def state_table() -> None:
    """Every State in a table, loaded only when the reader opens it (it needs the tables)."""
    box = st.expander("The same as a table (every State, its status and dates)", key="overview_table",
                      on_change="rerun")
    if not box.open:
        return
    from views.loaders import get_dataset

    data = get_dataset()
    table = data.table[data.table["kind"].isin(UNIVERSE_KINDS)]
    box.dataframe(
        table[["name", "status", "signature_date", "consent_date", "in_force_date", "regional_group"]],
        hide_index=True, width="stretch",
        column_config={"name": "Country", "status": "Status", "signature_date": "Signed",
                       "consent_date": "Ratified / acceded", "in_force_date": "In force for it",
                       "regional_group": "UN regional group"})


def page() -> None:
    """Draw from the kept facts when they match the data; otherwise load the tables (and keep the facts)."""
    root = layout.data_dir()
    view = fast_view(root)
    if view is None:
        from views.page import run_page

        run_page(lambda data: body(computed_facts(data.key, data)))
        return
    facts, fresh = view
    as_of = date.fromisoformat(facts["as_of"])
    frame.render_sidebar(as_of, fresh)
    frame.freshness_line(as_of, fresh)
    frame.guarded(lambda: body(facts))


page()
