"""World map of treaty status: a plotly figure that draws offline (no streamlit import)."""

from __future__ import annotations

import math
from functools import cache

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.colors import sample_colorscale

from views.geo import CENTROIDS_CSV
from views.svgmap import BORDER_COLOR, FALLBACK_COLOR, LAND_COLOR

# Relative, so it also works under a server base URL path: Streamlit serves the repo's
# static/ folder at app/static/ (server.enableStaticServing), and plotly.js fetches
# <topojsonURL>world_110m.json instead of asking its CDN.
TOPOJSON_URL = "app/static/geo/"
PLOTLY_CONFIG = {"topojsonURL": TOPOJSON_URL, "displaylogo": False}


# The 31 of the 197 States (193 UN members + VAT, PSE, COK, NIU) that have no shape in
# static/geo/world_110m.json: the iso3 column of data/reference/centroids.csv minus the
# `id`s of objects.countries.geometries in that file (plotly matches ISO-3 on `id`).
# tests/test_map_offline.py recomputes the set and fails if the file changes.
MISSING_SHAPES: frozenset[str] = frozenset(
    {
        "AND", "ATG", "BHR", "BRB", "COK", "COM", "CPV", "DMA", "FSM", "GRD", "KIR",
        "KNA", "LCA", "LIE", "MCO", "MDV", "MHL", "MLT", "MUS", "NIU", "NRU", "PLW",
        "SGP", "SMR", "STP", "SYC", "TON", "TUV", "VAT", "VCT", "WSM",
    }
)  # fmt: skip

# plotly keeps the world's shape inside a chart of fixed height, so a height that suits a laptop leaves
# blank bands above and below the map on a phone. The server knows the reader's screen only by the
# browser's User-Agent: "Mobi" is in every phone browser's and in no desktop's (tablets get the laptop
# height). On a phone the world is 145-175 px tall (330-400 px wide), and the legend below it takes
# one line of about 29 px per 350 px of entries (a swatch of about 40 px and 6 px a character each).
MAP_HEIGHT = 480
PHONE_WORLD_PX, PHONE_LEGEND_LINE_PX, PHONE_LEGEND_WIDTH_PX = 158, 29, 350


def map_height(user_agent: str | None, fig: go.Figure) -> int:
    """The world map's height in px for the reader's browser: on a phone, the world plus its legend's lines."""
    if not user_agent or "Mobi" not in user_agent:
        return MAP_HEIGHT
    entries = sum(40 + 6 * len(str(trace.name)) for trace in fig.data if trace.showlegend is not False)
    return PHONE_WORLD_PX + PHONE_LEGEND_LINE_PX * max(1, math.ceil(entries / PHONE_LEGEND_WIDTH_PX))


@cache
def load_centroids() -> pd.DataFrame:
    """Read the committed marker point (lat, lon) of each State, indexed by iso3."""
    return pd.read_csv(CENTROIDS_CSV, dtype={"iso3": str}, keep_default_na=False).set_index("iso3")


def _hover_html(hover: pd.Series) -> list[str]:
    # plotly hover labels are HTML-ish: a newline is not a line break there, <br> is.
    return [str(text).replace("\n", "<br>") for text in hover]


def ordered_colors(categories: list[str]) -> dict[str, str]:
    """Colours for ordered categories (e.g. '0 of 9' … '9 of 9'): pale yellow to dark blue (ColorBrewer
    YlGnBu, safe for the common colour-vision deficiencies); the first is still darker than plain land."""
    if len(categories) == 1:
        return {categories[0]: sample_colorscale("YlGnBu", [0.6])[0]}
    points = [0.12 + 0.88 * i / (len(categories) - 1) for i in range(len(categories))]
    return dict(zip(categories, sample_colorscale("YlGnBu", points), strict=True))


def build_status_map(frame: pd.DataFrame, colors: dict[str, str], category_order: list[str],
                     legend_title: str = "", names: dict[str, str] | None = None) -> go.Figure:
    """Build a world map with one colour per treaty status, plus markers for small States.

    ``frame`` has the columns ``iso3, name, status, hover``. ``hover`` is shown as the
    hover label as it is: plotly renders a small subset of HTML there (``<b>``, ``<br>``,
    ``<a>``, ...), so the caller must already have replaced ``<`` and ``>`` in any text
    that comes from outside; a newline becomes ``<br>``. Each point's ``customdata`` is its
    iso3, for ``st.plotly_chart(..., on_select="rerun")``. Statuses are drawn in
    ``category_order`` (statuses not listed there come after it, in the grey
    ``FALLBACK_COLOR`` when ``colors`` has none); a status with no row gets no trace.
    States in ``MISSING_SHAPES`` are drawn as markers at their point in
    ``data/reference/centroids.csv``. ``legend_title`` (plain text) heads the legend (but
    Streamlit's chart theme draws it light grey, 3.8:1 on white, below WCAG AA: prefer a heading).
    ``names`` gives a status's legend entry in the reader's language (views.labels.status_name);
    the traces stay keyed by the stored English status. Pass ``PLOTLY_CONFIG`` as the chart's config.
    """
    names = names or {}
    missing_columns = {"iso3", "name", "status", "hover"} - set(frame.columns)
    if missing_columns:
        raise ValueError(f"build_status_map: frame lacks columns {sorted(missing_columns)}")

    # Built from plain lists in one pass and validated once by go.Figure: the same JSON as adding
    # traces one by one with update_geos/update_layout, in 4 ms instead of 28 (the trends page
    # builds one map per date; bench/dashboard.py measures it).
    centroids = load_centroids()
    points = dict(zip(centroids.index, zip(centroids["lat"].tolist(), centroids["lon"].tolist(), strict=True),
                      strict=True))
    groups: dict[str, tuple[list[str], list[str], list[str], list[str]]] = {}
    for iso3, status, hover in zip(frame["iso3"].tolist(), frame["status"].tolist(), _hover_html(frame["hover"]),
                                   strict=True):
        shape_codes, shape_text, marker_codes, marker_text = groups.setdefault(status, ([], [], [], []))
        if iso3 in MISSING_SHAPES and iso3 in points:
            marker_codes.append(iso3)
            marker_text.append(hover)
        else:
            shape_codes.append(iso3)
            shape_text.append(hover)
    statuses = [s for s in category_order if s in groups]
    statuses += [s for s in groups if s not in category_order]

    data = []
    for status in statuses:
        color = colors.get(status, FALLBACK_COLOR)
        shape_codes, shape_text, marker_codes, marker_text = groups[status]
        if shape_codes:
            data.append({
                "type": "choropleth", "name": names.get(status, status), "legendgroup": status,
                "locations": shape_codes, "locationmode": "ISO-3",
                "z": [1] * len(shape_codes), "zmin": 0, "zmax": 1,
                "colorscale": [[0, color], [1, color]], "showscale": False, "showlegend": True,
                "marker": {"line": {"color": BORDER_COLOR, "width": 0.5}},
                "customdata": shape_codes, "text": shape_text, "hovertemplate": "%{text}<extra></extra>",
            })
        if marker_codes:
            data.append({
                "type": "scattergeo", "name": names.get(status, status), "legendgroup": status,
                # The legend entry comes from the shapes unless there are none.
                "showlegend": not shape_codes,
                "lat": np.array([points[code][0] for code in marker_codes]),
                "lon": np.array([points[code][1] for code in marker_codes]),
                "mode": "markers",
                "marker": {"color": color, "size": 7, "line": {"color": "#555555", "width": 0.6}},
                "customdata": marker_codes, "text": marker_text, "hovertemplate": "%{text}<extra></extra>",
            })

    layout = {
        "geo": {
            "fitbounds": False,  # plotly.js 4 otherwise zooms to the data
            "resolution": 110,  # the committed static/geo/world_110m.json
            "projection": {"type": "natural earth"},
            "showframe": False,
            "showcountries": True,
            "countrycolor": BORDER_COLOR,
            "countrywidth": 0.5,
            "showcoastlines": False,
            "showland": True,
            "landcolor": LAND_COLOR,
            "showlakes": False,
            "bgcolor": "rgba(0,0,0,0)",
            "lataxis": {"range": [-58, 85]},  # cut Antarctica, keep Tierra del Fuego
        },
        "height": MAP_HEIGHT,
        "margin": {"l": 0, "r": 0, "t": 0, "b": 0},
        "legend": {
            "orientation": "h",
            "x": 0.5,
            "xanchor": "center",
            "y": 0,
            "yanchor": "top",
            "itemclick": "toggle",
        },
        "uirevision": "status-map",  # keep zoom/pan across Streamlit reruns
        "paper_bgcolor": "rgba(0,0,0,0)",
    }
    if legend_title:
        layout["legend"]["title"] = {"text": legend_title.replace("<", "‹").replace(">", "›"), "side": "top center"}
    return go.Figure(data=data, layout=layout)
