"""The completeness grid: indicator × month, each cell present, restated or missing.

A heatmap whose cells also carry a symbol (✔ present, ✎ restated, ✖ missing), with a legend in
words (a heatmap has no legend of its own, so one invisible trace per status makes it).
"""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from charts import palette

STATUSES = ("present", "restated", "missing")  # the grid's vocabulary, in the legend's order
CODES = {"present": 0, "restated": 1, "missing": 2}
COLOURS = {"present": palette.PRESENT, "restated": palette.RESTATED, "missing": palette.MISSING}
SYMBOLS = {"present": "✔", "restated": "✎", "missing": "✖"}
WORDS = {"present": "Present", "restated": "Restated (a later file changed it)", "missing": "Missing"}


def completeness_heatmap(grid: pd.DataFrame, title: str = "Returns received, by indicator and month") -> go.Figure:
    """`grid` has one row per indicator and month: indicator, period (month start), status."""
    if grid.empty:
        return go.Figure(layout={"title": {"text": palette.text(title)}})
    indicators = list(dict.fromkeys(grid["indicator"]))
    months = sorted(pd.to_datetime(grid["period"]).unique())
    wide = grid.assign(period=pd.to_datetime(grid["period"])).pivot(index="indicator", columns="period",
                                                                    values="status")
    wide = wide.reindex(index=indicators, columns=months)
    cells = pd.Series(wide.to_numpy(dtype=object).ravel())  # one lookup for the grid, not one per month
    shape = wide.shape
    z = cells.map(CODES).to_numpy(dtype="float64").reshape(shape).tolist()
    text = cells.map(SYMBOLS).fillna("").to_numpy(dtype=object).reshape(shape).tolist()
    words = cells.map(WORDS).fillna("").to_numpy(dtype=object).reshape(shape).tolist()
    x = [pd.Timestamp(m).strftime("%b %Y") for m in months]
    # a stepped colour scale: 0 present, 1 restated, 2 missing
    scale = []
    for n, status in enumerate(STATUSES):
        scale += [[n / 3, COLOURS[status]], [(n + 1) / 3, COLOURS[status]]]
    figure = go.Figure(go.Heatmap(
        z=z, x=x, y=indicators, zmin=-0.5, zmax=2.5, colorscale=scale, showscale=False,
        text=text, texttemplate="%{text}", customdata=words, xgap=1, ygap=1, name="completeness",
        hovertemplate="%{y} · %{x}: %{customdata}<extra></extra>",
    ))
    for status in STATUSES:  # legend entries only
        figure.add_trace(go.Scatter(
            x=[None], y=[None], mode="markers", name=f"{SYMBOLS[status]} {WORDS[status]}",
            marker={"color": COLOURS[status], "symbol": "square", "size": 12}, showlegend=True,
        ))
    figure.update_layout(
        title={"text": palette.text(title)}, height=140 + 28 * len(indicators),
        xaxis={"type": "category", "tickangle": -45, "nticks": 24},
        yaxis={"type": "category", "autorange": "reversed"},
        legend={"orientation": "h", "y": -0.35}, margin={"l": 60, "r": 20, "t": 50, "b": 40},
        plot_bgcolor="white",
    )
    return figure
