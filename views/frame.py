"""The page frame every page shares, without pandas: sidebar, freshness line, errors, text safety.

The overview draws its first run from kept facts (monitor.store.snapshot) with only this module, so a new
visitor does not wait for pandas; views.loaders and views.page build on it for the pages that load the tables.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date

import streamlit as st
from streamlit.runtime.scriptrunner_utils.exceptions import ScriptControlException

from contract import REFRESH_COMMAND
from contract.errors import DataFileError
from contract.ids import untc_status_page
from contract.treaties import ICRMW
from i18n import format_day, translator
from monitor.analysis.freshness import Freshness
from monitor.analysis.refresh_status import RefreshPhase
from views.labels import refresh_warning
from views.language import current_language
from views.markup import md_escape
from views.refresh_panel import refresh_panel, refreshes_by_itself

TREATY = ICRMW  # the treaty the dashboard is about
LOG = logging.getLogger("icrmw.dashboard")


# --- Text safety ------------------------------------------------------------------------------

# --- Frame ------------------------------------------------------------------------------------

def tr() -> tuple[str, Callable[[str], str]]:
    """The reader's language and its gettext."""
    lang = current_language()
    return lang, translator(lang)


def day(value: date | None, empty: str = "—") -> str:
    """A date in words in the reader's language (22 mars 1999), or `empty`."""
    return format_day(value, current_language(), empty)


def source_text(as_of: date) -> str:
    """The source line under each chart."""
    _ = tr()[1]
    return _("Source: UN Treaty Collection, treaty {treaty}, status as of {date}").format(
        treaty=TREATY, date=day(as_of))


def show_data_error(exc: DataFileError) -> None:
    """A clear message naming the file and the command that fixes it."""
    _ = tr()[1]
    st.error(
        "**" + _("The data could not be read.") + f"** {md_escape(exc.cause)}.\n\n"
        + _("File:") + f" `{str(exc.source or 'unknown').replace('`', '')}`\n\n"
        + _("To fix it, run {command} in the project folder (it rebuilds the data folder), or restore the "
            "bundled data with {restore}.").format(command=f"`{REFRESH_COMMAND}`",
                                                   restore="`git checkout -- data/`"),
        icon=":material/error:",
    )


def render_sidebar(as_of: date, fresh: Freshness) -> None:
    """The data's 'as of' date, the source, and a warning when it is old or the bundled capture."""
    lang, _ = tr()
    command = f"`{REFRESH_COMMAND}`"
    with st.sidebar:
        st.markdown("**" + _("Data as of {date}").format(date=day(as_of)) + "**")
        st.markdown(_("Source:") + " [" + _("UN Treaty Collection, treaty {treaty}").format(treaty=TREATY)
                    + f"]({untc_status_page(TREATY)})")
        shown = refresh_panel(as_of, fresh.bundled)
        by_itself = refreshes_by_itself()
        if fresh.bundled and by_itself:
            st.warning(_("This is the bundled capture of {date}, not today's status. The dashboard gets today's "
                         "status from the UN Treaty Collection by itself.").format(date=f"**{day(as_of)}**"),
                       icon=":material/history:")
        elif fresh.bundled:
            st.warning(
                _("This is the bundled capture of {date}, not today's status. Run the refresh to get today's "
                  "status:").format(date=f"**{day(as_of)}**") + f"\n\n{command}",
                icon=":material/history:",
            )
        elif fresh.stale and by_itself:
            st.warning(_("This data is {days} days old. The dashboard checks the UN Treaty Collection by itself, "
                         "on its schedule.").format(days=f"**{fresh.age_days}**"), icon=":material/history:")
        elif fresh.stale:
            st.warning(
                _("This data is {days} days old. Run the refresh to get today's status:").format(
                    days=f"**{fresh.age_days}**") + f"\n\n{command}",
                icon=":material/history:",
            )
        for warning in fresh.warnings:  # source text: shown as text, never Markdown
            st.warning(_("UNTC's page disagrees with itself: {warning}. The table is shown as UNTC lists it.").format(
                warning=md_escape(refresh_warning(warning, lang))), icon=":material/rule:")
        if fresh.failed and shown is not RefreshPhase.FAILING:  # the panel said it already, with the reason
            st.warning(_("The last refresh attempt ({when}) failed; see the Changes page.").format(
                when=md_escape(fresh.last_attempt)), icon=":material/sync_problem:")


def freshness_line(as_of: date, fresh: Freshness) -> None:
    """A one-line reminder at the top of the page (phones hide the sidebar)."""
    _ = tr()[1]
    command = f"`{REFRESH_COMMAND}`"
    if fresh.bundled and refreshes_by_itself():
        st.caption(":material/history: " + _("Data as of {date}: the bundled capture, not today's status. The "
                                             "dashboard gets today's status by itself.").format(date=day(as_of)))
    elif fresh.stale and refreshes_by_itself():
        st.caption(":material/history: " + _("Data as of {date} ({days} days old). The dashboard checks for "
                                             "updates by itself.").format(date=day(as_of), days=fresh.age_days))
    elif fresh.bundled:
        st.caption(":material/history: " + _("Data as of {date}: the bundled capture, not today's status. Run "
                                             "{command} to update it.").format(date=day(as_of), command=command))
    elif fresh.stale:
        st.caption(":material/history: " + _("Data as of {date} ({days} days old). Run {command} to update "
                                             "it.").format(date=day(as_of), days=fresh.age_days, command=command))


def guarded(draw: Callable[[], None], on_data_error: Callable[[DataFileError], DataFileError] = lambda e: e) -> None:
    """Draw a page's body; turn any failure into a message, never a traceback."""
    try:
        draw()
    except ScriptControlException:  # st.switch_page / st.rerun / st.stop: not errors
        raise
    except DataFileError as exc:
        show_data_error(on_data_error(exc))
    except Exception:  # noqa: BLE001 - the last line of defence: log it, show a message
        LOG.exception("page failed")
        _ = tr()[1]
        st.error(_("Something went wrong while drawing this page. The details are in the server's log; if the "
                   "data looks wrong, run {command}.").format(command=f"`{REFRESH_COMMAND}`"),
                 icon=":material/error:")
