"""Changes (/changes): what changed recently?"""

from __future__ import annotations

from datetime import date
from urllib.parse import urljoin

import pandas as pd
import streamlit as st

from contract import REFRESH_COMMAND
from contract.model import parse_date
from contract.treaties import treaty_info
from monitor.analysis.changes import build_change_log, build_recent_actions
from monitor.analysis.exports import changes_download, feed_download
from monitor.analysis.freshness import build_freshness
from views.frame import md_escape
from views.loaders import Dataset
from views.page import download_button, run_page

SHORT_LOG = 10  # below this many events, also list recent actions by their own dates
LOG_COLUMNS = {"detected_at": "Detected", "participant": "Participant", "iso3": "ISO3", "event": "Event",
               "action_date": "Action date", "detail": "Detail", "treaty": "Treaty"}


def freshness_section(data: Dataset) -> None:
    """Last checked / last changed / source, and the last refresh failure if any."""
    fresh = data.freshness
    st.header("Freshness")
    rows = []
    for treaty, meta in (data.metas or {data.treaty: data.meta}).items():
        info = treaty_info(treaty)
        entry = build_freshness(meta, data.health, treaty, date.today())
        rows.append({
            "Treaty": f"{treaty} ({info.get('short_name') or treaty})",
            "Data as of": entry.as_of.isoformat() if entry.as_of else "unknown",
            "Last checked": entry.last_checked or "never",
            "Last changed": entry.last_changed or "never",
            "Last attempt": ("failed" if entry.failed else "ok")
                            + (f", {entry.last_attempt}" if entry.last_attempt else ""),
        })
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    st.caption("Data as of: the date the UN table was read (for the bundled data, the capture date). Last checked: "
               "the last refresh that read it. Last changed: the last refresh that found a difference.")
    for treaty in sorted(set(data.health) | {data.treaty}):
        entry = build_freshness(data.metas.get(treaty), data.health, treaty, date.today())
        if entry.failed:
            st.error(f"{treaty}: last attempt failed: {md_escape(entry.error[:300])} ({entry.last_attempt}). "
                     f"The data shown is from the last success ({entry.last_success or 'none'}).",
                     icon=":material/sync_problem:")
    st.markdown("Source address (the document the refresh reads):")
    st.code(fresh.source_url or "unknown", language=None, wrap_lines=True)


def body(data: Dataset) -> None:
    """The page."""
    st.title("What changed recently?")
    st.markdown("Each refresh compares the UN status table with the previous copy and logs every difference "
                f"here. Run `{REFRESH_COMMAND}` (daily, for example) to keep it current.")
    freshness_section(data)

    st.header("Change log")
    if data.changes.empty:
        st.info("No change recorded yet: the log starts with the first refresh after the baseline. "
                "Meanwhile, the most recent actions from the status table are listed below.", icon=":material/info:")
    else:
        events = sorted(set(data.changes["event"]))
        cols = st.columns(2)
        chosen = cols[0].multiselect("Event type", events, format_func=lambda e: e.replace("_", " "),
                                     placeholder="All event types", key="events")
        detected = [parse_date(str(d)[:10], file="changes.csv") for d in data.changes["detected_at"]]
        first = min((d for d in detected if d), default=data.as_of)
        last = max((d for d in detected if d), default=date.today())
        window = cols[1].date_input("Detected between", value=(first, last), format="YYYY-MM-DD", key="window")
        start, end = window if isinstance(window, tuple) and len(window) == 2 else (None, None)
        log = build_change_log(data.changes, events=chosen or None, start=start, end=end)
        st.dataframe(log[list(LOG_COLUMNS)].rename(columns=LOG_COLUMNS), hide_index=True, width="stretch")
        st.caption(f"{len(log)} of {len(data.changes)} events shown, newest first.")
    download_button(changes_download(data.changes, data.as_of), "Download the change log (CSV)", key="changes_csv")

    if len(data.changes) < SHORT_LOG:
        st.header("Most recent actions, by their own dates")
        st.caption("From the status table, not from the change log: the dates on which States signed, ratified "
                   "or acceded, whether or not a refresh saw them happen.")
        recent = build_recent_actions(data.status, limit=10)
        st.dataframe(recent, hide_index=True, width="stretch",
                     column_config={"Date": st.column_config.DateColumn(format="YYYY-MM-DD")})

    st.header("Subscribe")
    feed = data.feed_path
    if data.feed is None:
        st.markdown(f"The Atom feed is written by the first refresh (`{REFRESH_COMMAND}`).")
    else:
        st.markdown("The refresh also writes the change log as an **Atom feed** that feed readers and many "
                    "e-mail tools can follow. Subscribe to this address:")
        st.code(feed_address(), language=None)
        st.caption("Served when the dashboard runs with `make run` (`streamlit run app.py`). "
                   f"You can also download the file, or publish it yourself; on this server it is at `{feed}`.")
        download_button(feed_download(data.feed), "Download the Atom feed (feed.atom)", key="feed_atom")


def feed_address() -> str:
    """The address of feed.atom beside the page this was opened from (app.py serves it there)."""
    return urljoin(st.context.url or "http://localhost:8501/", "feed.atom")


run_page(body)
