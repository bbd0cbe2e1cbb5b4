"""The page frame every page shares, without pandas: sidebar, freshness line, errors, text safety.

The overview draws its first run from kept facts (monitor.store.snapshot) with only this module, so a new
visitor does not wait for pandas; views.loaders and views.page build on it for the pages that load the tables.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from datetime import date

import streamlit as st
from streamlit.runtime.scriptrunner_utils.exceptions import ScriptControlException

from contract import REFRESH_COMMAND
from contract.errors import DataFileError
from contract.ids import untc_status_page
from contract.treaties import ICRMW
from monitor.analysis.freshness import Freshness

TREATY = ICRMW  # the treaty the dashboard is about
LOG = logging.getLogger("icrmw.dashboard")


# --- Text safety ------------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=])")


def md_escape(text: object) -> str:
    """Text that Markdown shows literally (for untrusted strings inside a Markdown line)."""
    return _MD_SPECIAL.sub(r"\\\1", str(text)).replace("\n", " ")


# --- Frame ------------------------------------------------------------------------------------

def source_text(as_of: date) -> str:
    """The source line under each chart."""
    return f"Source: UN Treaty Collection, treaty {TREATY}, status as of {as_of.isoformat()}"


def show_data_error(exc: DataFileError) -> None:
    """A clear message naming the file and the command that fixes it."""
    st.error(
        f"**The data could not be read.** {md_escape(exc.cause)}.\n\n"
        f"File: `{str(exc.source or 'unknown').replace('`', '')}`\n\n"
        f"To fix it, run `{REFRESH_COMMAND}` in the project folder (it rebuilds the data folder), "
        "or restore the bundled data with `git checkout -- data/`.",
        icon=":material/error:",
    )


def render_sidebar(as_of: date, fresh: Freshness) -> None:
    """The data's 'as of' date, the source, and a warning when it is old or the bundled capture."""
    with st.sidebar:
        st.markdown(f"**Data as of {as_of.isoformat()}**")
        st.markdown(f"Source: [UN Treaty Collection, treaty {TREATY}]({untc_status_page(TREATY)})")
        if fresh.bundled:
            st.warning(
                f"This is the bundled capture of **{as_of.strftime('%d %B %Y')}**, not today's status. "
                f"Run the refresh to get today's status:\n\n`{REFRESH_COMMAND}`",
                icon=":material/history:",
            )
        elif fresh.stale:
            st.warning(
                f"This data is **{fresh.age_days} days old**. Run the refresh to get today's status:"
                f"\n\n`{REFRESH_COMMAND}`",
                icon=":material/history:",
            )
        for warning in fresh.warnings:  # source text: shown as text, never Markdown
            st.warning(f"UNTC's page disagrees with itself: {md_escape(warning)}. The table is shown as UNTC lists it.",
                       icon=":material/rule:")
        if fresh.failed:
            st.warning(f"The last refresh attempt ({fresh.last_attempt}) failed; see the Changes page.",
                       icon=":material/sync_problem:")


def freshness_line(as_of: date, fresh: Freshness) -> None:
    """A one-line reminder at the top of the page (phones hide the sidebar)."""
    if fresh.bundled:
        st.caption(f":material/history: Data as of {as_of.isoformat()}: the bundled capture, not today's "
                   f"status. Run `{REFRESH_COMMAND}` to update it.")
    elif fresh.stale:
        st.caption(f":material/history: Data as of {as_of.isoformat()} ({fresh.age_days} days old). "
                   f"Run `{REFRESH_COMMAND}` to update it.")


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
        st.error("Something went wrong while drawing this page. The details are in the server's log; "
                 f"if the data looks wrong, run `{REFRESH_COMMAND}`.", icon=":material/error:")
