"""Changes (/changes): what changed recently?"""

from __future__ import annotations

from datetime import date
from urllib.parse import urljoin

import pandas as pd
import streamlit as st

from contract import REFRESH_COMMAND
from contract.model import parse_date
from contract.treaties import treaty_info
from i18n import N_, country_name, format_number, translator
from monitor.analysis.changes import build_change_log, build_recent_actions
from monitor.analysis.exports import changes_download, feed_download
from monitor.analysis.freshness import build_freshness
from views.brief_words import fixed_label
from views.frame import md_escape
from views.language import current_language
from views.loaders import Dataset
from views.page import download_button, run_page

SHORT_LOG = 10  # below this many events, also list recent actions by their own dates
LOG_COLUMNS = {"detected_at": N_("Detected"), "participant": N_("Participant"), "iso3": N_("ISO3"),
               "event": N_("Event"), "action_date": N_("Action date"), "detail": N_("Detail"), "treaty": N_("Treaty")}
FRESHNESS_COLUMNS = (N_("Treaty"), N_("Data as of"), N_("Last checked"), N_("Last changed"), N_("Last attempt"))
# The change log's event types (monitor.refresh.changes) in words; an unknown one is shown as written.
EVENT_WORDS = {
    "signed": N_("signed"), "succeeded_to_signature": N_("succeeded to signature"), "ratified": N_("ratified"),
    "acceded": N_("acceded"), "succeeded": N_("succeeded"), "accepted": N_("accepted"), "approved": N_("approved"),
    "confirmed": N_("formally confirmed"), "signed_definitively": N_("signed definitively"),
    "applied_provisionally": N_("applied provisionally"), "participated": N_("participated"),
    "accepted_provisionally": N_("accepted provisionally"),
    "applied": N_("applied"), "withdrawn": N_("withdrawn"), "amended": N_("amended"), "renamed": N_("renamed"),
    "footnotes_changed": N_("footnotes changed"), "removed": N_("removed"),
    "signature_removed": N_("signature removed"), "consent_removed": N_("consent removed"),
    "provisional_removed": N_("provisional action removed"),
}


def event_words(event: str, _) -> str:
    """An event type (as logged, or with spaces as the log shows it) in the reader's words."""
    key = event.replace(" ", "_")
    return _(EVENT_WORDS[key]) if key in EVENT_WORDS else event.replace("_", " ")


def headed(columns, _) -> dict[str, str]:
    """Column headings in the reader's language; the frames (and the CSVs) keep their English names."""
    return {column: _(column) for column in columns}


def freshness_section(data: Dataset, _) -> None:
    """Last checked / last changed / source, and the last refresh failure if any."""
    fresh = data.freshness
    st.header(_("Freshness"))
    rows = []
    for treaty, meta in (data.metas or {data.treaty: data.meta}).items():
        info = treaty_info(treaty)
        entry = build_freshness(meta, data.health, treaty, date.today())
        rows.append(dict(zip(FRESHNESS_COLUMNS, (
            f"{treaty} ({info.get('short_name') or treaty})",
            entry.as_of.isoformat() if entry.as_of else _("unknown"),
            entry.last_checked or _("never"),
            entry.last_changed or _("never"),
            (_("failed") if entry.failed else _("ok")) + (f", {entry.last_attempt}" if entry.last_attempt else ""),
        ), strict=True)))
    st.dataframe(pd.DataFrame(rows, columns=list(FRESHNESS_COLUMNS)), hide_index=True, width="stretch",
                 column_config=headed(FRESHNESS_COLUMNS, _))
    st.caption(_("Data as of: the date the UN table was read (for the bundled data, the capture date). Last "
                 "checked: the last refresh that read it. Last changed: the last refresh that found a difference."))
    for treaty in sorted(set(data.health) | {data.treaty}):
        entry = build_freshness(data.metas.get(treaty), data.health, treaty, date.today())
        if entry.failed:
            st.error(_("%(treaty)s: last attempt failed: %(error)s (%(attempt)s). The data shown is from the last "
                       "success (%(success)s).") % {
                "treaty": treaty, "error": md_escape(entry.error[:300]), "attempt": entry.last_attempt,
                "success": entry.last_success or _("none")}, icon=":material/sync_problem:")
    st.markdown(_("Source address (the document the refresh reads):"))
    st.code(fresh.source_url or _("unknown"), language=None, wrap_lines=True)


def body(data: Dataset) -> None:
    """The page."""
    lang = current_language()
    _ = translator(lang)
    st.title(_("What changed recently?"))
    st.markdown(_("Each refresh compares the UN status table with the previous copy and logs every difference "
                  "here. Run `%(command)s` (daily, for example) to keep it current.") % {"command": REFRESH_COMMAND})
    freshness_section(data, _)

    st.header(_("Change log"))
    if data.changes.empty:
        st.info(_("No change recorded yet: the log starts with the first refresh after the baseline. "
                  "Meanwhile, the most recent actions from the status table are listed below."),
                icon=":material/info:")
    else:
        events = sorted(set(data.changes["event"]))
        cols = st.columns(2)
        chosen = cols[0].multiselect(_("Event type"), events, format_func=lambda e: event_words(e, _),
                                     placeholder=_("All event types"), key="events")
        detected = [parse_date(str(d)[:10], file="changes.csv") for d in data.changes["detected_at"]]
        first = min((d for d in detected if d), default=data.as_of)
        last = max((d for d in detected if d), default=date.today())
        window = cols[1].date_input(_("Detected between"), value=(first, last), format="YYYY-MM-DD", key="window")
        start, end = window if isinstance(window, tuple) and len(window) == 2 else (None, None)
        log = build_change_log(data.changes, events=chosen or None, start=start, end=end)
        shown = log[list(LOG_COLUMNS)].rename(columns=LOG_COLUMNS)
        if lang != "en":
            shown["Event"] = shown["Event"].map(lambda e: event_words(e, _))
        st.dataframe(shown, hide_index=True, width="stretch", column_config=headed(shown.columns, _))
        st.caption(_("%(shown)s of %(total)s events shown, newest first.")
                   % {"shown": format_number(len(log), lang), "total": format_number(len(data.changes), lang)})
    download_button(changes_download(data.changes, data.as_of), _("Download the change log (CSV)"),
                    key="changes_csv")

    if len(data.changes) < SHORT_LOG:
        st.header(_("Most recent actions, by their own dates"))
        st.caption(_("From the status table, not from the change log: the dates on which States signed, ratified "
                     "or acceded, whether or not a refresh saw them happen."))
        recent = build_recent_actions(data.status, limit=10)
        if lang != "en":
            recent = recent.assign(Country=[country_name(iso3, lang, name) for iso3, name in
                                            zip(recent["ISO3"], recent["Country"], strict=True)],
                                   Action=recent["Action"].map(lambda a: fixed_label(a, lang)))
        st.dataframe(recent, hide_index=True, width="stretch",
                     column_config=headed(recent.columns, _)
                     | {"Date": st.column_config.DateColumn(_("Date"), format="YYYY-MM-DD")})

    st.header(_("Subscribe"))
    feed = data.feed_path
    if data.feed is None:
        st.markdown(_("The Atom feed is written by the first refresh (`%(command)s`).") % {"command": REFRESH_COMMAND})
    else:
        st.markdown(_("The refresh also writes the change log as an **Atom feed** that feed readers and many "
                      "e-mail tools can follow. Subscribe to this address:"))
        st.code(feed_address(), language=None)
        st.caption(_("Served when the dashboard runs with `make run` (`streamlit run app.py`). You can also "
                     "download the file, or publish it yourself; on this server it is at `%(path)s`.")
                   % {"path": feed})
        download_button(feed_download(data.feed), _("Download the Atom feed (feed.atom)"), key="feed_atom")


def feed_address() -> str:
    """The address of feed.atom beside the page this was opened from (app.py serves it there)."""
    return urljoin(st.context.url or "http://localhost:8501/", "feed.atom")


run_page(body)
