"""The improvement plan's charts: milestone status by group (stacked bar), the timeline of actions
and milestones, and the risk grid (likelihood × impact). Each takes a frame computed in
plan/reports.py and draws it; text from the plan or a person is escaped for plotly.
"""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from charts import palette
from vocab import MilestoneStatus, label

NO_UPDATE = "no_update"
STATUS_COLOURS = {
    MilestoneStatus.COMPLETE.value: "#00703C",
    MilestoneStatus.ON_TRACK.value: "#1D70B8",
    MilestoneStatus.AT_RISK.value: "#F47738",
    MilestoneStatus.OFF_TRACK.value: "#D4351C",
    MilestoneStatus.NOT_STARTED.value: "#B1B4B6",
    NO_UPDATE: "#505A5F",
}
STATUS_SYMBOLS = {
    MilestoneStatus.COMPLETE.value: "circle",
    MilestoneStatus.ON_TRACK.value: "triangle-right",
    MilestoneStatus.AT_RISK.value: "diamond",
    MilestoneStatus.OFF_TRACK.value: "x",
    MilestoneStatus.NOT_STARTED.value: "circle-open",
    NO_UPDATE: "square-open",
}
RATING_SCALE = [[0.0, "#00703C"], [0.2, "#85994B"], [0.45, "#FFDD00"], [0.7, "#F47738"], [1.0, "#D4351C"]]


def status_name(status: str) -> str:
    return "No update" if status == NO_UPDATE else label(status)


def status_bar(counts: pd.DataFrame, by: str, title: str = "") -> go.Figure:
    """Milestones per group, stacked by status: `counts` is plan.reports.status_counts (a row per
    group in `by`, a column per status). Statuses nobody has are left out of the legend."""
    groups = [palette.text(g) for g in counts[by]]
    figure = go.Figure()
    for status in STATUS_COLOURS:
        if status not in counts.columns or not counts[status].sum():
            continue
        figure.add_trace(go.Bar(
            y=groups, x=counts[status].astype(int).tolist(), name=status_name(status), orientation="h",
            marker={"color": STATUS_COLOURS[status]},
            hovertemplate="%{y}: %{x} " + status_name(status).lower() + "<extra></extra>",
        ))
    figure.update_layout(
        barmode="stack", title={"text": palette.text(title)}, plot_bgcolor="white",
        height=120 + 32 * max(len(groups), 1),
        xaxis={"title": {"text": "Milestones"}, "gridcolor": "#E5E5E5"},
        yaxis={"autorange": "reversed", "automargin": True},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "traceorder": "normal"},
        margin={"l": 20, "r": 20, "t": 80, "b": 40},
    )
    return figure


def timeline(spans: pd.DataFrame, milestones: pd.DataFrame, title: str = "", as_of=None) -> go.Figure:
    """Each action as a bar from its earliest due start to its latest due end (plan.reports.action_spans),
    its milestones as markers at their due end coloured by status, and a line at the as-of date."""
    figure = go.Figure()
    if spans.empty:
        figure.update_layout(title={"text": palette.text(title)})
        return figure
    start = pd.to_datetime(spans["start"])
    end = pd.to_datetime(spans["end"]) + pd.Timedelta(days=1)  # to the end of the due day
    words = [f"{palette.text(a)} · {palette.text(lead)} · {done} of {n} milestones complete"
             for a, lead, done, n in zip(spans["action"], spans["lead"], spans["complete"], spans["milestones"])]
    figure.add_trace(go.Bar(
        base=start.dt.strftime("%Y-%m-%d").tolist(), x=((end - start).dt.total_seconds() * 1000).tolist(),
        y=spans["action"].astype(str).tolist(), orientation="h", name="Action (first to last milestone)",
        marker={"color": "rgba(80, 90, 95, 0.25)"}, customdata=words,
        hovertemplate="%{customdata}<extra></extra>",
    ))
    dated = milestones[milestones["due_end"].notna()]
    statuses = dated["status"].fillna(NO_UPDATE)
    for status in STATUS_COLOURS:
        mine = dated[(statuses == status).to_numpy()]
        if mine.empty:
            continue
        hover = [f"{palette.text(a)}/{m}: {palette.text(d)}" for a, m, d in
                 zip(mine["action"], mine["milestone"], mine["description"])]
        figure.add_trace(go.Scatter(
            x=pd.to_datetime(mine["due_end"]).dt.strftime("%Y-%m-%d").tolist(), y=mine["action"].astype(str).tolist(),
            mode="markers", name=f"Milestone: {status_name(status).lower()}", customdata=hover,
            marker={"color": STATUS_COLOURS[status], "symbol": STATUS_SYMBOLS[status], "size": 9,
                    "line": {"width": 1, "color": STATUS_COLOURS[status]}},
            hovertemplate="%{customdata}<br>due %{x|%d %b %Y}<extra>" + status_name(status) + "</extra>",
        ))
    if as_of is not None:
        figure.add_vline(x=pd.Timestamp(as_of).strftime("%Y-%m-%d"), line={"color": palette.LINE, "dash": "dash"})
    figure.update_layout(
        title={"text": palette.text(title)}, plot_bgcolor="white", barmode="overlay",
        height=140 + 18 * len(spans),
        xaxis={"type": "date", "tickformat": "%b %Y", "gridcolor": "#E5E5E5", "side": "top"},
        yaxis={"type": "category", "categoryorder": "array", "categoryarray": spans["action"].astype(str).tolist(),
               "range": [len(spans) - 0.5, -0.5], "title": {"text": "Action"}},  # first action at the top
        legend={"orientation": "h", "yanchor": "top", "y": -0.02},
        margin={"l": 60, "r": 20, "t": 80, "b": 40},
    )
    return figure


def risk_matrix(grid: pd.DataFrame, title: str = "") -> go.Figure:
    """The likelihood × impact grid (plan.reports.risk_grid): cells coloured by score, each open
    risk or issue named by its code in its cell."""
    likelihoods = list(range(1, 6))
    impacts = list(range(1, 6))
    cells = grid.set_index(["likelihood", "impact"])
    z = [[int(cells.at[(l, i), "score"]) for i in impacts] for l in likelihoods]
    text = [[palette.text(cells.at[(l, i), "codes"]) for i in impacts] for l in likelihoods]
    hover = [[f"Likelihood {l} × impact {i} = {cells.at[(l, i), 'score']} ({cells.at[(l, i), 'rating']}): "
              f"{cells.at[(l, i), 'count']} open" for i in impacts] for l in likelihoods]
    figure = go.Figure(go.Heatmap(
        z=z, x=impacts, y=likelihoods, text=text, texttemplate="%{text}", customdata=hover,
        colorscale=RATING_SCALE, zmin=1, zmax=25, showscale=False, xgap=2, ygap=2, name="risks",
        hovertemplate="%{customdata}<br>%{text}<extra></extra>", textfont={"size": 14},
    ))
    figure.update_layout(
        title={"text": palette.text(title)}, height=460, plot_bgcolor="white",
        xaxis={"title": {"text": "Impact (1 lowest – 5 highest)"}, "tickmode": "array", "tickvals": impacts},
        yaxis={"title": {"text": "Likelihood (1 lowest – 5 highest)"}, "tickmode": "array", "tickvals": likelihoods},
        margin={"l": 60, "r": 20, "t": 60, "b": 60},
    )
    return figure
