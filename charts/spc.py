"""The SPC chart (Making Data Count: XmR or p-chart) for one indicator: a computed frame in, a plotly figure out.

Used by the indicator detail page and by the evidence pack's PDF. It draws what
indicators/spc_series.py computed and computes nothing itself: the monthly values, points coloured
(and shaped) by point type, the mean and process limits of each phase as lines through each
month's own mean and limits (level across an XmR phase; on a p-chart the limits move with each
month's denominator), the target line with its
tolerance band, the year-to-date line, comparator lines (England, the region, statistical
neighbours), the months a new definition came in (rebase), and the plan's milestones as markers.
"""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from charts import palette
from vocab import Polarity, PointType, label

POINT_ORDER = [PointType.SPECIAL_CAUSE_CONCERN, PointType.SPECIAL_CAUSE_IMPROVEMENT,
               PointType.SPECIAL_CAUSE_NEUTRAL_HIGH, PointType.SPECIAL_CAUSE_NEUTRAL_LOW, PointType.COMMON_CAUSE]


POINT_FRAME = ("period", "phase", "value", "mean", "lpl", "upl", "point_type")
SERIES_FRAME = ("period", "value", "ytd_value", "target", "tolerance")
MILESTONE_FRAME = ("completed", "description")
COUNTS_HOVER = " (%{customdata[0]:,.0f} of %{customdata[1]:,.0f})"  # a point's numerator and denominator


def spc_chart(points: pd.DataFrame | None = None, title: str = "", *, series: pd.DataFrame | None = None,
              polarity: str | None = None, comparators: dict[str, pd.DataFrame] | None = None,
              milestones: pd.DataFrame | None = None, phases: list | None = None) -> go.Figure:
    """The chart for one indicator.

    points: `IndicatorSpc.points` (indicators/spc_series.py), one row per charted month, of which
        the chart draws period, phase (a new phase's mean and limits do not join the last's),
        value, mean, lpl, upl (each month's process limits, drawn as lines through them) and
        point_type (colour and shape), and with numerator and denominator columns each point's
        counts on hover; None or empty draws the values of `series` without SPC.
    series: values.series rows: period, value, ytd_value, target, tolerance (the target line and
        its band, and the year-to-date line).
    polarity: which side of the target the tolerance band lies (vocab.Polarity).
    comparators: {name: frame of period, value}.
    milestones: the plan's completed milestones (data.plan_queries.milestone_markers): completed,
        description, and action and milestone to head the words when given.
    phases: the months a new definition came in (`IndicatorSpc.rebase_at`).

    Raises ValueError naming a missing column.
    """
    for frame, columns, name in ((points, POINT_FRAME, "points"), (series, SERIES_FRAME, "series"),
                                 (milestones, MILESTONE_FRAME, "milestones")):
        if frame is not None:
            _require(frame, columns, name)
    figure = go.Figure()
    if series is not None and len(series):
        _target(figure, series, polarity)
    if points is not None and len(points):
        _limits(figure, points)
        figure.add_trace(go.Scatter(x=points["period"], y=points["value"], mode="lines", name="Monthly value",
                                    line={"color": palette.LINE, "width": 1.5}, hoverinfo="skip",
                                    legendgroup="value"))
        _point_types(figure, points)
    elif series is not None and len(series):
        shown = series[series["value"].notna()]
        figure.add_trace(go.Scatter(x=shown["period"], y=shown["value"], mode="lines+markers", name="Monthly value",
                                    line={"color": palette.LINE}, marker={"color": palette.LINE},
                                    hovertemplate="%{x|%b %Y}: %{y:.1f}%<extra>Monthly value</extra>"))
    if series is not None and series["ytd_value"].notna().any():
        figure.add_trace(go.Scatter(x=series["period"], y=series["ytd_value"], mode="lines", name="Year to date",
                                    line={"color": palette.YTD, "width": 2, "dash": "dot"},
                                    hovertemplate="%{x|%b %Y}: %{y:.1f}%<extra>Year to date</extra>"))
    for n, (name, frame) in enumerate((comparators or {}).items()):
        figure.add_trace(go.Scatter(
            x=frame["period"], y=frame["value"], mode="lines", name=palette.text(name), visible="legendonly"
            if n >= 3 else True, line={"color": palette.COMPARATOR_COLOURS[n % 5],
                                       "dash": palette.COMPARATOR_DASHES[n % 5], "width": 1},
            hovertemplate="%{x|%b %Y}: %{y:.1f}%<extra>" + palette.text(name) + "</extra>",
        ))
    for when in phases or []:
        figure.add_vline(x=pd.Timestamp(when), line={"color": palette.LINE, "dash": "dash", "width": 1})
        figure.add_annotation(x=pd.Timestamp(when), y=1, yref="paper", text="New definition: limits recalculated",
                              showarrow=False, xanchor="left", yanchor="bottom", font={"size": 10})
    _milestones(figure, milestones)
    figure.update_layout(
        title={"text": palette.text(title)}, hovermode="closest", plot_bgcolor="white", height=460,
        xaxis={"title": {"text": "Month"}, "tickformat": "%b %Y", "showgrid": False},
        yaxis={"title": {"text": "Per cent"}, "ticksuffix": "%", "gridcolor": "#E5E5E5"},
        legend={"orientation": "h", "yanchor": "top", "y": -0.18},
        margin={"l": 60, "r": 20, "t": 60, "b": 40},
    )
    return figure


def _require(frame: pd.DataFrame, columns, name: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"spc_chart: {name} has no column(s) {', '.join(missing)}")


def _phase_lines(points: pd.DataFrame, column: str) -> tuple[list, list]:
    """A column drawn per phase, with a gap (None) between phases so they do not join up."""
    x, y = [], []
    previous = None
    for when, value, phase in zip(points["period"], points[column], points["phase"]):
        if previous is not None and phase != previous:
            x.append(None)
            y.append(None)
        x.append(when)
        y.append(None if pd.isna(value) else float(value))
        previous = phase
    return x, y


def _limits(figure: go.Figure, points: pd.DataFrame) -> None:
    styles = [("upl", "Upper process limit", "dash"), ("mean", "Mean", "solid"), ("lpl", "Lower process limit", "dash")]
    for column, name, dash in styles:
        if points[column].isna().all():
            continue
        x, y = _phase_lines(points, column)
        figure.add_trace(go.Scatter(x=x, y=y, mode="lines", name=name, connectgaps=False,
                                    line={"color": "#000000" if column == "mean" else palette.LINE, "dash": dash,
                                          "width": 1},
                                    hovertemplate="%{x|%b %Y}: %{y:.1f}%<extra>" + name + "</extra>"))


def _point_types(figure: go.Figure, points: pd.DataFrame) -> None:
    """One trace per point type present, named in words, so the legend explains the colours."""
    kinds = points["point_type"].astype(object)
    for kind in POINT_ORDER:
        mine = points[kinds == kind.value]
        if mine.empty:
            continue
        counted = {"numerator", "denominator"} <= set(mine.columns) and bool(
            mine[["numerator", "denominator"]].notna().all(axis=None))
        figure.add_trace(go.Scatter(
            x=mine["period"], y=mine["value"], mode="markers", name=label(kind.value),
            marker={"color": palette.POINT_COLOURS[kind], "symbol": palette.POINT_SYMBOLS[kind], "size": 9,
                    "line": {"color": "#FFFFFF", "width": 1}},
            customdata=mine[["numerator", "denominator"]].to_numpy(dtype=float) if counted else None,
            hovertemplate="%{x|%b %Y}: %{y:.1f}%" + (COUNTS_HOVER if counted else "")
                          + "<extra>" + label(kind.value) + "</extra>",
        ))


def _band(target: pd.Series, tolerance: pd.Series, polarity: str | None) -> tuple[pd.Series, pd.Series, str]:
    """The tolerance band's edges, by polarity: amber below a higher-is-better target, above a
    lower-is-better one; green either side of a within-band target (as indicators/rag.py rates them)."""
    tolerance = tolerance.fillna(0.0)
    if polarity == Polarity.LOWER_IS_BETTER.value:
        return target, target + tolerance, "Tolerance (amber) band"
    if polarity == Polarity.WITHIN_BAND.value:
        return target - tolerance, target + tolerance, "Target band (green)"
    return target - tolerance, target, "Tolerance (amber) band"


def _target(figure: go.Figure, series: pd.DataFrame, polarity: str | None) -> None:
    if series["target"].isna().all():
        return
    months = series["period"]
    if series["tolerance"].fillna(0).gt(0).any():
        low, high, name = _band(series["target"], series["tolerance"], polarity)
        figure.add_trace(go.Scatter(x=months, y=low, mode="lines", line={"width": 0, "shape": "hv"},
                                    showlegend=False, hoverinfo="skip", name=name + " (lower edge)"))
        figure.add_trace(go.Scatter(x=months, y=high, mode="lines", line={"width": 0, "shape": "hv"},
                                    fill="tonexty", fillcolor=palette.BAND, name=name, hoverinfo="skip"))
    figure.add_trace(go.Scatter(x=months, y=series["target"], mode="lines", name="Target",
                                line={"color": palette.TARGET, "dash": "dash", "width": 2, "shape": "hv"},
                                hovertemplate="%{x|%b %Y}: %{y:.1f}%<extra>Target</extra>"))


def _milestone_words(row: pd.Series) -> str:
    """"Action 3.2.1, milestone 4: Improved quality of …" (long descriptions cut at 100 characters)."""
    words = str(row["description"]) if isinstance(row["description"], str) else ""
    if len(words) > 100:
        words = words[:99].rstrip() + "…"
    if "action" in row.index and "milestone" in row.index:
        words = f"Action {row['action']}, milestone {row['milestone']}: {words}"
    return palette.text(words)


def _milestones(figure: go.Figure, milestones: pd.DataFrame | None) -> None:
    """Plan milestones completed, as markers along the foot of the chart with their words on hover."""
    if milestones is None:
        return
    shown = milestones[milestones["completed"].notna()]
    if shown.empty:
        return
    words = shown.apply(_milestone_words, axis=1)
    figure.add_trace(go.Scatter(
        x=pd.to_datetime(shown["completed"]), y=[0.03] * len(shown), yaxis="y2", mode="markers",
        name="Milestone completed", text=list(words),
        marker={"symbol": "triangle-up", "size": 12, "color": palette.MILESTONE},
        hovertemplate="%{x|%d %b %Y}: %{text}<extra>Milestone completed</extra>",
    ))
    # their own invisible axis (0 to 1) along the foot, so they do not stretch the per-cent axis
    figure.update_layout(yaxis2={"overlaying": "y", "range": [0, 1], "visible": False, "fixedrange": True})
