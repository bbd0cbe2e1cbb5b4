"""Chart styling shared by the plotly charts: title, source line, legend that fits a phone."""

from __future__ import annotations

import plotly.graph_objects as go

from views import frame
from views.loaders import Dataset

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
