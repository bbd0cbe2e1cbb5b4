"""The sidebar's word on the background refresh: checking UNTC (with a progress bar), checked (when, and what
changed), or failing (since when, why in plain words, which data is shown). Light: the first page draws it.

While a refresh runs (or before the first one has started), only this panel reruns on a timer (st.fragment),
reading the small status file the refresher writes; when the refresh ends, the whole page runs again and
shows the new data, and the reader keeps their place (the country picked and the weights set live in the
session and the address).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import streamlit as st
from babel.dates import format_timedelta

from contract.problems import UNREACHABLE
from i18n import CLDR_LOCALES, format_day, plural_translator, translator
from monitor import background
from monitor.analysis.refresh_status import RefreshPhase, RefreshView, build_refresh_view
from monitor.analysis.source_problems import in_words
from monitor.store import layout
from views.language import current_language
from views.markup import md_escape

POLL_S = 5.0  # how often a page looks at a running refresh's progress (each look is a small rerun)


def _view() -> RefreshView:
    return build_refresh_view(layout.read_refresher(layout.data_dir()))


def refreshes_by_itself(view: RefreshView | None = None) -> bool:
    """Whether the data is kept current without a command: MONITOR_REFRESH_EVERY is not off (nor wrong), and this
    server started the refresher or one has run on this data directory. The pages then tell nobody to type the
    refresh command; `streamlit run dashboard.py` with no refresher anywhere still gives it."""
    try:
        if background.settings().every_s is None:
            return False
    except ValueError:
        return False
    return background.started() or (view or _view()).phase is not RefreshPhase.NONE


def refresh_panel(as_of: date, bundled: bool) -> RefreshPhase:
    """Draw the panel in the sidebar (nothing when the data is not refreshed in the background); return what
    it showed. A page on the bundled capture of a server that started the refresher follows its first run."""
    view = _view()
    off = not refreshes_by_itself(view)
    if off and view.phase is not RefreshPhase.RUNNING:
        return RefreshPhase.NONE
    if view.phase is RefreshPhase.RUNNING or (view.phase is RefreshPhase.NONE and bundled):
        _followed_panel(as_of, view.phase)
    else:
        draw(view, as_of)
    return view.phase


@st.fragment(run_every=POLL_S)
def _followed_panel(as_of: date, drawn_with: RefreshPhase) -> None:
    """The refresh's progress, read again every POLL_S seconds; the whole page runs again, on the new data,
    when the refresh ends (the page was drawn while it ran or before it started)."""
    view = _view()
    if view.phase not in (RefreshPhase.RUNNING, RefreshPhase.NONE) and view.phase is not drawn_with:
        st.rerun()
    draw(view, as_of)


def ago(seconds: float, lang: str) -> str:
    """'3 minutes ago' in the reader's language (CLDR)."""
    return format_timedelta(timedelta(seconds=-max(seconds, 60)), add_direction=True, locale=CLDR_LOCALES[lang])


def since_text(moment: datetime, lang: str) -> str:
    """'10:42 UTC' today, '2 March 2026, 10:42 UTC' another day."""
    clock = f"{moment.astimezone(UTC):%H:%M} UTC"
    if moment.astimezone(UTC).date() == datetime.now(UTC).date():
        return clock
    return f"{format_day(moment.astimezone(UTC).date(), lang)}, {clock}"


def changed_text(view: RefreshView, lang: str) -> str:
    """What the last refresh changed, in words ('1 new party to the Convention, 2 other changes')."""
    _, ngettext = translator(lang), plural_translator(lang)
    parts = []
    if view.new_parties:
        parts.append(ngettext("{count} new party to the Convention", "{count} new parties to the Convention",
                        view.new_parties).format(count=view.new_parties))
    if view.other_events:
        parts.append(ngettext("{count} other change", "{count} other changes", view.other_events).format(
            count=view.other_events))
    if view.loaded:
        parts.append(ngettext("{count} treaty loaded for the first time", "{count} treaties loaded for the first time",
                        view.loaded).format(count=view.loaded))
    return ", ".join(parts) if parts else _("no change")


def draw(view: RefreshView, as_of: date) -> None:
    """The panel for one state of the refresher."""
    lang = current_language()
    _, ngettext = translator(lang), plural_translator(lang)
    if view.phase is RefreshPhase.RUNNING:
        label = _("Checking the UN Treaty Collection… {done} of {total} treaties").format(
            done=view.done, total=view.total)
        st.progress(view.fraction, text=label)
    elif view.phase is RefreshPhase.FAILING:
        happened, to_try = in_words(view.problem, _)
        # Unreachable, or reached but not readable (a moved document, a 404): the reason follows either way.
        heading = (_("UNTC unreachable since {when}: showing the data of {date}.") if view.problem in UNREACHABLE
                   else _("UNTC's documents could not be read since {when}: showing the data of {date}."))
        st.warning("**" + md_escape(heading.format(when=since_text(view.since, lang), date=format_day(as_of, lang)))
                   + "** " + md_escape(happened), icon=":material/cloud_off:")
        st.caption(md_escape(_("What to try:") + " " + to_try))
    elif view.phase is RefreshPhase.CHECKED and view.ago_s is not None:
        changes = changed_text(view, lang)
        text = md_escape(_("Checked just now: {changes}.").format(changes=changes) if view.ago_s < 60 else
                         _("Checked {ago}: {changes}.").format(ago=ago(view.ago_s, lang), changes=changes))
        if view.failed:
            text += "\n\n" + md_escape(ngettext("{count} treaty could not be checked; see the Changes page.",
                                          "{count} treaties could not be checked; see the Changes page.",
                                          len(view.failed)).format(count=len(view.failed)))
        st.info(text, icon=":material/sync:")
