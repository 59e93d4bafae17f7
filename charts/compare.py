"""Charts for comparing authorities (the Compare page): a documented frame in, a plotly figure out.

They draw what ui/compare_view.py laid out from indicators/regional.py and compute nothing:

- `ranked_bars`: every authority's value, best rank first, with its 95% confidence limits as error
  bars, England's and the region's values as lines; the chosen authority and its statistical
  neighbours picked out by a fill pattern, an outline and a label, not by colour alone.
- `funnel_plot`: value against denominator with the group's 95% and 99.8% funnel limits (as
  PHEindicatormethods draws them); each point's funnel outcome is its marker shape and, in words,
  its legend entry and hover.
- `trend_lines`: the chosen authority's monthly values beside its neighbours'.
"""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from charts import palette
from indicators.compare import FunnelOutcome

HOME, NEIGHBOUR, OTHER, AVERAGE = "home", "neighbour", "other", "average"
ROLES = (HOME, NEIGHBOUR, OTHER, AVERAGE)

BAR_FRAME = ("label", "value", "error_plus", "error_minus", "role", "role_label", "tag", "hover")
POINT_FRAME = ("label", "denominator", "value", "funnel", "funnel_label", "role", "tag", "hover")
LIMIT_FRAME = ("denominator", "lower_95", "upper_95", "lower_99_8", "upper_99_8", "baseline")
TREND_FRAME = ("label", "period", "value", "role")
LINE_KEYS = ("name", "value")

# The authority's place in the comparison: fill, fill pattern and outline (pattern and outline
# tell them apart in greyscale; the label on the bar says it in words).
BAR_STYLES = {
    HOME: {"color": "#1D70B8", "pattern": "/", "line": "#0B0C0C", "width": 2},
    NEIGHBOUR: {"color": "#5694CA", "pattern": ".", "line": "#0B0C0C", "width": 1},
    OTHER: {"color": "#B1B4B6", "pattern": "", "line": "#B1B4B6", "width": 0},
}
FUNNEL_SYMBOLS = {
    FunnelOutcome.HIGH_0_001.value: "triangle-up",
    FunnelOutcome.HIGH_0_025.value: "triangle-up-open",
    FunnelOutcome.NOT_SIGNIFICANT.value: "circle-open",
    FunnelOutcome.LOW_0_025.value: "triangle-down-open",
    FunnelOutcome.LOW_0_001.value: "triangle-down",
}
FUNNEL_ORDER = list(FUNNEL_SYMBOLS)
LIMIT_LINES = [("upper_99_8", "99.8% limits", "dot"), ("upper_95", "95% limits", "dash"),
               ("baseline", "Group average", "solid"), ("lower_95", "95% limits", "dash"),
               ("lower_99_8", "99.8% limits", "dot")]
LINE_DASHES = ["dash", "dot", "dashdot", "longdash"]
MANY = 40  # more authorities than this: no name under each bar (the hover and the labels say them)


def ranked_bars(bars: pd.DataFrame, title: str = "", *, lines=()) -> go.Figure:
    """Bars of `bars` in its row order (best first).

    bars: one row per authority: label (its name), value (percent), error_plus and error_minus
        (the distance from the value up to the upper and down to the lower 95% limit), role
        (home / neighbour / other), role_label (the legend's words for the role), tag (words
        written above the bar, "" for none), hover (the words shown on hover).
    lines: dicts of name and value (percent), drawn across the chart (England, the region).
    Raises ValueError naming a missing column.
    """
    _require(bars, BAR_FRAME, "bars")
    figure = go.Figure()
    for role in (OTHER, NEIGHBOUR, HOME):
        mine = bars[bars["role"] == role]
        if mine.empty:
            continue
        style = BAR_STYLES[role]
        figure.add_trace(go.Bar(
            x=mine["label"].map(palette.text), y=mine["value"], name=palette.text(mine["role_label"].iloc[0]),
            marker={"color": style["color"], "pattern": {"shape": style["pattern"]},
                    "line": {"color": style["line"], "width": style["width"]}},
            error_y={"type": "data", "symmetric": False, "array": mine["error_plus"],
                     "arrayminus": mine["error_minus"], "color": "#0B0C0C", "thickness": 1, "width": 2},
            text=mine["tag"].map(palette.text), textposition="outside", cliponaxis=False, textangle=-90,
            constraintext="none",
            customdata=mine["hover"].map(palette.text), hovertemplate="%{customdata}<extra></extra>",
        ))
    for n, line in enumerate(lines):  # a line across the chart, named in the legend and beside the line
        _require_keys(line)
        if line["value"] is None or pd.isna(line["value"]):
            continue
        name = palette.text(f"{line['name']} {float(line['value']):.1f}%")
        style = {"color": "#0B0C0C", "dash": LINE_DASHES[n % 4], "width": 1.5}
        figure.add_hline(y=float(line["value"]), line=style, annotation_text=name,
                         annotation_position="top left" if n % 2 == 0 else "bottom right")
        figure.add_trace(go.Scatter(x=[None], y=[None], mode="lines", name=name, line=style, hoverinfo="skip"))
    order = [palette.text(label) for label in bars["label"]]
    figure.update_layout(
        title={"text": palette.text(title)}, barmode="overlay", plot_bgcolor="white", height=480, bargap=0.15,
        xaxis={"categoryorder": "array", "categoryarray": order, "showticklabels": len(bars) <= MANY,
               "tickangle": -60, "title": {"text": "Authorities, best first" + (" (hover for names)"
                                                                                 if len(bars) > MANY else "")}},
        yaxis={"title": {"text": "Per cent"}, "ticksuffix": "%", "gridcolor": "#E5E5E5", "rangemode": "tozero"},
        legend={"orientation": "h", "yanchor": "top", "y": -0.25 if len(bars) <= MANY else -0.12},
        margin={"l": 60, "r": 20, "t": 60, "b": 40},
    )
    return figure


def funnel_plot(points: pd.DataFrame, limits: pd.DataFrame, title: str = "") -> go.Figure:
    """Each authority's value against its denominator, inside the group's funnel.

    points: one row per authority with a value: label, denominator, value (percent), funnel (an
        indicators.compare.FunnelOutcome value), funnel_label (its words), role (home /
        neighbour / other), tag (words beside a picked-out point, "" for none), hover.
    limits: indicators.compare.funnel_limits' frame (clipped to 0-100): the lines drawn.
    Raises ValueError naming a missing column.
    """
    _require(points, POINT_FRAME, "points")
    _require(limits, LIMIT_FRAME, "limits")
    figure = go.Figure()
    shown_names = set()
    for column, name, dash in LIMIT_LINES:
        if limits.empty:
            break
        figure.add_trace(go.Scatter(
            x=limits["denominator"], y=limits[column], mode="lines", name=name, legendgroup=name,
            showlegend=name not in shown_names, line={"color": palette.LINE, "dash": dash, "width": 1},
            hovertemplate="denominator %{x:,.0f}: %{y:.1f}%<extra>" + name + "</extra>",
        ))
        shown_names.add(name)
    outcomes = points["funnel"].astype(object)
    for outcome in FUNNEL_ORDER:
        mine = points[outcomes == outcome]
        if mine.empty:
            continue
        figure.add_trace(go.Scatter(
            x=mine["denominator"], y=mine["value"], mode="markers", name=palette.text(mine["funnel_label"].iloc[0]),
            marker={"symbol": FUNNEL_SYMBOLS[outcome], "size": 9, "color": "#0B0C0C", "line": {"width": 1.5}},
            customdata=mine["hover"].map(palette.text), hovertemplate="%{customdata}<extra></extra>",
        ))
    picked = points[points["role"].isin([HOME, NEIGHBOUR])]
    if len(picked):
        figure.add_trace(go.Scatter(
            x=picked["denominator"], y=picked["value"], mode="markers+text", name="Picked out (labelled)",
            text=picked["tag"].map(palette.text), textposition="top center",
            marker={"symbol": "circle-open", "size": 18, "color": "#1D70B8", "line": {"width": 2}},
            customdata=picked["hover"].map(palette.text), hovertemplate="%{customdata}<extra></extra>",
        ))
    figure.update_layout(
        title={"text": palette.text(title)}, plot_bgcolor="white", height=440, hovermode="closest",
        xaxis={"title": {"text": "Denominator"}, "gridcolor": "#E5E5E5", "rangemode": "tozero"},
        yaxis={"title": {"text": "Per cent"}, "ticksuffix": "%", "gridcolor": "#E5E5E5", "range": [0, 100]},
        legend={"orientation": "h", "yanchor": "top", "y": -0.2},
        margin={"l": 60, "r": 20, "t": 60, "b": 40},
    )
    return figure


def trend_lines(trend: pd.DataFrame, title: str = "") -> go.Figure:
    """Monthly values, one line per organisation, in the frame's order of first appearance.

    trend: label (the organisation's name), period (month start), value (percent), role (home:
        a thick line with markers; neighbour: thin dashed; average: the statistical neighbours'
        average, dotted). Raises ValueError naming a missing column.
    """
    _require(trend, TREND_FRAME, "trend")
    figure = go.Figure()
    styles = {HOME: {"color": "#1D70B8", "width": 3, "dash": "solid"},
              NEIGHBOUR: {"color": "#6F777B", "width": 1, "dash": "dash"},
              AVERAGE: {"color": "#0B0C0C", "width": 2, "dash": "dot"},
              OTHER: {"color": "#B1B4B6", "width": 1, "dash": "solid"}}
    for label, mine in trend.groupby("label", sort=False):
        role = mine["role"].iloc[0]
        name = palette.text(label)
        figure.add_trace(go.Scatter(
            x=mine["period"], y=mine["value"], mode="lines+markers" if role == HOME else "lines", name=name,
            line=styles.get(role, styles[OTHER]), marker={"size": 6},
            hovertemplate="%{x|%b %Y}: %{y:.1f}%<extra>" + name + "</extra>",
        ))
    figure.update_layout(
        title={"text": palette.text(title)}, plot_bgcolor="white", height=440, hovermode="closest",
        xaxis={"title": {"text": "Month"}, "tickformat": "%b %Y", "showgrid": False},
        yaxis={"title": {"text": "Per cent"}, "ticksuffix": "%", "gridcolor": "#E5E5E5"},
        legend={"orientation": "h", "yanchor": "top", "y": -0.2},
        margin={"l": 60, "r": 20, "t": 60, "b": 40},
    )
    return figure


def _require(frame: pd.DataFrame, columns, name: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"compare charts: {name} has no column(s) {', '.join(missing)}")


def _require_keys(line) -> None:
    missing = [k for k in LINE_KEYS if k not in line]
    if missing:
        raise ValueError(f"compare charts: a line has no {', '.join(missing)}")
