"""What a page that needs the tables shares: the frame around its body, notices, map clicks, downloads."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import streamlit as st

from contract import REFRESH_COMMAND
from contract.errors import DataFileError
from i18n import treaty_short
from monitor.analysis.dates import parse_country_code
from monitor.analysis.exports import Download
from monitor.analysis.treaties import GROUP_NAMES, GROUPS, TreatySet, coverage
from views import frame
from views.frame import md_escape, show_data_error, tr
from views.loaders import Dataset, get_dataset, is_current, with_path
from views.routes import COUNTRY, COUNTRY_PARAM


def run_page(body: Callable[[Dataset], None]) -> None:
    """Load the data, draw the sidebar and the page; turn any failure into a message, never a traceback."""
    try:
        data = get_dataset()
    except DataFileError as exc:
        show_data_error(exc)
        _ = tr()[1]
        with st.sidebar:
            st.warning(_("No usable data yet. Run {command}.").format(command=f"`{REFRESH_COMMAND}`"))
        return
    frame.render_sidebar(data.as_of, data.freshness)
    frame.freshness_line(data.as_of, data.freshness)
    for warning in data.warnings:
        st.warning(md_escape(warning), icon=":material/warning:")
    frame.guarded(lambda: body(data), lambda exc: with_path(exc, Path(data.root), data.treaty))


def rerun_alone(draw: Callable[[Dataset], None]) -> Callable[[Dataset], None]:
    """`draw` as a part of the page that reruns by itself when one of its own widgets changes (st.fragment): the
    rest of the page (its charts, the sidebar) is not run and sent again. A failure is a message, as in run_page;
    when the data changed since the page was drawn, the whole page runs again, on the new data."""
    @st.fragment
    def part(data: Dataset) -> None:
        if not is_current(data):
            st.rerun()
        frame.guarded(lambda: draw(data), lambda exc: with_path(exc, Path(data.root), data.treaty))

    return part


def not_loaded_notice(treaties: TreatySet, groups: tuple[str, ...] = GROUPS) -> None:
    """Say which tracked treaties have no data yet (and which could not be read), and how to load them."""
    lang, _ = tr()
    lines = []
    for group in groups:
        cov = coverage(treaties, group)
        if cov["missing_ids"]:
            names = ", ".join(treaty_short(t, lang, treaties.short(t)) for t in cov["missing_ids"])
            loaded = _("%(loaded)s of %(total)s %(group)s loaded") % {
                "loaded": cov["loaded"], "total": cov["total"], "group": _(GROUP_NAMES.get(group, group))}
            lines.append(f"- **{md_escape(loaded)}.** " + _("Not loaded yet:") + f" {md_escape(names)}")
    if lines:
        st.info(_("Some tracked treaties are not loaded yet, so they are shown as “Not loaded yet”, never as not "
                  "ratified, and every count below covers only the loaded treaties.") + "\n\n" + "\n".join(lines)
                + "\n\n" + _("To load them, run this in the project folder (it takes about a minute):")
                + f"\n\n`{REFRESH_COMMAND}`", icon=":material/cloud_download:")
    for treaty_id, problem in treaties.problems.items():
        name = treaty_short(treaty_id, lang, treaties.short(treaty_id))
        st.warning(_("{treaty} ({id}) could not be read and is treated as not loaded: {problem}. Run {command} to "
                     "rebuild it.").format(treaty=f"**{md_escape(name)}**",
                                           id=md_escape(treaty_id), problem=md_escape(problem),
                                           command=f"`{REFRESH_COMMAND} {treaty_id}`"),
                   icon=":material/warning:")


def open_clicked_country(event: object) -> None:
    """A click on a map opens that country's profile."""
    points = getattr(getattr(event, "selection", None), "points", None) or []
    if not points:
        return
    custom = points[0].get("customdata")
    code = parse_country_code(custom[0] if isinstance(custom, list) else custom)
    if code:
        st.switch_page(COUNTRY.file, query_params={COUNTRY_PARAM: code})


def download_button(download: Download, label: str, key: str) -> None:
    """A download button for a prepared file (no rerun on click)."""
    st.download_button(label, data=download.data, file_name=download.file_name, mime=download.mime, key=key,
                       on_click="ignore", icon=":material/download:")


def fmt_date(value: date | None) -> str:
    """A date in words in the reader's language (22 March 1999 / 22 mars 1999), or a dash."""
    return frame.day(value)
