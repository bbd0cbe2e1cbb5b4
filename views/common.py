"""What every page shares: cached loaders, the sidebar, error handling, chart styling."""

from __future__ import annotations

import gc
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from monitor import analysis, compare, store
from monitor.downloads import Download
from monitor.errors import DataFileError
from monitor.registry import load_treaties, tracked_ids, treaty_info
from views import frame
from views.frame import REFRESH_COMMAND, TREATY, md_escape, show_data_error  # noqa: F401 - the pages import them here

# Files a page depends on: their modification times key the cache, so a refresh shows up at once.
TREATY_FILES = ("status.csv", "declarations.csv", "meta.json", "notes.csv")
ROOT_FILES = ("changes.csv", "health.json", "feed.atom")


@dataclass
class Dataset:
    """The loaded data directory plus the per-country status table computed from it."""

    root: str
    treaty: str
    info: dict
    status: pd.DataFrame
    declarations: pd.DataFrame
    notes: dict[str, str]
    meta: dict
    changes: pd.DataFrame
    health: dict
    feed: bytes | None
    table: pd.DataFrame
    as_of: date
    stamp: tuple
    metas: dict[str, dict] = field(default_factory=dict)  # every tracked treaty with data: its meta.json
    warnings: list[str] = field(default_factory=list)  # e.g. a damaged table replaced by its spare copy
    freshness: dict = field(default_factory=dict)

    @property
    def key(self) -> tuple:
        """Cache key of anything computed from this data: the folder and its files' versions."""
        return (self.root, self.treaty, self.stamp)

    def path(self, name: str) -> Path:
        """Where a data file lives."""
        folder = Path(self.root) / self.treaty if name in TREATY_FILES else Path(self.root)
        return folder / name


def data_root() -> Path:
    """The data directory ($MONITOR_DATA_DIR or ./data)."""
    return store.data_dir()


def file_stamp(root: Path, treaty: str) -> tuple:
    """(name, mtime_ns, size) of each data file, None for a missing one: the cache key."""
    return frame.file_stamp(root, treaty, TREATY_FILES, ROOT_FILES)


def _with_path(exc: DataFileError, root: Path, treaty: str) -> DataFileError:
    """Give an error raised on a bare file name the full path of that file."""
    source = exc.source or ""
    if source and "/" not in source:
        folder = root / treaty if source in TREATY_FILES else root
        exc.source = str(folder / source)
    return exc


@st.cache_data(show_spinner="Loading the data…", max_entries=4)
def _load(root: str, treaty: str, stamp: tuple) -> Dataset:
    """Read and check every file once per distinct set of modification times."""
    del stamp  # only the cache key: a changed file changes it
    folder = Path(root)
    try:
        meta = store.load_meta(folder, treaty)
        if meta is None:
            raise DataFileError("meta.json is missing (this treaty was never refreshed)",
                                source=str(folder / treaty / "meta.json"))
        as_of = analysis.parse_date(str(meta.get("data_as_of", "")), file="meta.json")
        if as_of is None:
            raise DataFileError("meta.json has no data_as_of date", source="meta.json")
        # A damaged table falls back to the spare copy the refresh keeps, with a warning.
        status, status_warning = store.load_with_fallback(folder, treaty, store.load_status)
        declarations, decl_warning = store.load_with_fallback(folder, treaty, store.load_declarations)
        notes_path = folder / treaty / "notes.csv"
        notes = {}
        if notes_path.exists():
            rows = store.read_csv(notes_path, ["index", "text"])
            notes = dict(zip(rows["index"], rows["text"], strict=True))
        changes = store.load_changes(folder)
        health = store.load_health(folder)
        feed_path = folder / "feed.atom"
        feed = feed_path.read_bytes() if feed_path.exists() else None
        table = analysis.build_country_status(status)
        metas = {other: store.load_meta(folder, other) for other in load_treaties()["id"]
                 if (folder / other / "meta.json").is_file()}
        for when in declarations["date"]:
            analysis.parse_date(when, file="declarations.csv")
    except DataFileError as exc:
        raise _with_path(exc, folder, treaty) from None
    return Dataset(root=root, treaty=treaty, info=treaty_info(treaty), status=status, declarations=declarations,
                   notes=notes, meta=meta, changes=changes, health=health, feed=feed, table=table, as_of=as_of,
                   stamp=file_stamp(folder, treaty), metas=metas,
                   warnings=[w for w in (status_warning, decl_warning) if w])


def get_dataset() -> Dataset:
    """The current data, reloaded only when a file's modification time or size changed."""
    root = data_root()
    data = _load(str(root), TREATY, file_stamp(root, TREATY))
    data.freshness = analysis.build_freshness(data.meta, data.health, TREATY, date.today())
    return data


@st.cache_data(show_spinner="Loading the other treaties…", max_entries=4)
def _load_treaty_set(root: str, stamp: tuple) -> compare.TreatySet:
    """Every tracked treaty that was refreshed, once per distinct set of modification times."""
    del stamp  # only the cache key
    treaties = compare.load_treaty_set(Path(root))
    treaties.states  # noqa: B018 - computed once here, so the cached copy carries it
    return treaties


def treaty_set_stamp(data: Dataset) -> tuple:
    """The versions of every tracked treaty's files: the cache key of anything computed from them."""
    root = Path(data.root)
    return tuple((t, file_stamp(root, t)) for t in tracked_ids())


def get_treaty_set(data: Dataset) -> compare.TreatySet:
    """The tracked treaties beside the ICRMW, reloaded when any of their files changed."""
    return _load_treaty_set(data.root, treaty_set_stamp(data))


def not_loaded_notice(treaties: compare.TreatySet, groups: tuple[str, ...] = compare.GROUPS) -> None:
    """Say which tracked treaties have no data yet (and which could not be read), and how to load them."""
    lines = []
    for group in groups:
        cov = compare.coverage(treaties, group)
        if cov["missing_ids"]:
            names = ", ".join(treaties.short(t) for t in cov["missing_ids"])
            lines.append(f"- **{cov['text']}.** Not loaded yet: {md_escape(names)}")
    if lines:
        st.info("Some tracked treaties are **not loaded yet**, so they are shown as “Not loaded yet”, never as "
                "not ratified, and every count below covers only the loaded treaties.\n\n" + "\n".join(lines) +
                f"\n\nTo load them, run this in the project folder (it takes about a minute):\n\n"
                f"`{REFRESH_COMMAND}`", icon=":material/cloud_download:")
    for treaty_id, problem in treaties.problems.items():
        st.warning(f"**{md_escape(treaties.short(treaty_id))}** ({md_escape(treaty_id)}) could not be read and is "
                   f"treated as not loaded: {md_escape(problem)}. Run `{REFRESH_COMMAND} {treaty_id}` to rebuild it.",
                   icon=":material/warning:")


def open_clicked_country(event: object) -> None:
    """A click on a map opens that country's profile."""
    points = getattr(getattr(event, "selection", None), "points", None) or []
    if not points:
        return
    custom = points[0].get("customdata")
    code = analysis.parse_country_code(custom[0] if isinstance(custom, list) else custom)
    if code:
        st.switch_page("views/country.py", query_params={"country": code})


# --- Page frame -------------------------------------------------------------------------------

def run_page(body: Callable[[Dataset], None]) -> None:
    """Load the data, draw the sidebar and the page; turn any failure into a message, never a traceback."""
    try:
        data = get_dataset()
    except DataFileError as exc:
        show_data_error(exc)
        with st.sidebar:
            st.warning(f"No usable data yet. Run `{REFRESH_COMMAND}`.")
        return
    frame.render_sidebar(data.as_of, data.freshness)
    frame.freshness_line(data.as_of, data.freshness)
    for warning in data.warnings:
        st.warning(md_escape(warning), icon=":material/warning:")
    frame.guarded(lambda: body(data), lambda exc: _with_path(exc, Path(data.root), data.treaty))


# --- Charts -----------------------------------------------------------------------------------

CHART_FONT = {"size": 13}


def source_line(data: Dataset) -> str:
    """The source line under each chart."""
    return frame.source_text(data.as_of)


def style_figure(fig: go.Figure, data: Dataset, title: str, x_title: str, y_title: str,
                 height: int = 380, legend: bool = True) -> go.Figure:
    """Title, axis labels, a source line, a legend that fits a phone."""
    fig.update_layout(
        title={"text": title, "x": 0, "xanchor": "left", "font": {"size": 16},
               "subtitle": {"text": source_line(data), "font": {"size": 11, "color": "#666666"}}},
        xaxis_title=x_title, yaxis_title=y_title, height=height, font=CHART_FONT,
        margin={"l": 10, "r": 10, "t": 70, "b": 10},
        showlegend=legend,
        legend={"orientation": "h", "x": 0, "xanchor": "left", "y": -0.2, "yanchor": "top", "title": None},
        hoverlabel={"align": "left"},
        plot_bgcolor="rgba(0,0,0,0)",
    )
    fig.update_xaxes(showgrid=False)
    fig.update_yaxes(gridcolor="#e5e5e5", rangemode="tozero")
    return fig


def download_button(download: Download, label: str, key: str) -> None:
    """A download button for a prepared file (no rerun on click)."""
    st.download_button(label, data=download.data, file_name=download.file_name, mime=download.mime, key=key,
                       on_click="ignore", icon=":material/download:")


def fmt_date(value: date | None) -> str:
    """An ISO date, or a dash."""
    return value.isoformat() if value else "—"


# Streamlit runs gc.collect(2) after every script run (runner.postScriptGC) and holds the GIL while it
# walks every tracked object: with pandas and plotly loaded that is ~50 ms, during which the server
# cannot tell the browser that the run has finished. What this import loaded (pandas, plotly, monitor)
# stays for the life of the process, so move it out of the collector's reach, once, when the first
# page that needs the tables imports this module (the overview's first run may not: see
# views/overview.py). bench/dashboard.py measures the effect on each interaction.
gc.freeze()
