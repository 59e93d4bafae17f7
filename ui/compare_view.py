"""What the Compare and Regional scorecard pages show: pure functions, no streamlit.

The figures come from indicators/regional.py (Benchmark, regional_scorecard); this module picks,
labels and words them for the tables and for charts/compare.py's frames, and does no indicator
arithmetic of its own. Every category is written in words (and a symbol or Material icon), so
nothing is carried by colour alone.
"""
from __future__ import annotations

import io
from dataclasses import dataclass

import numpy as np
import pandas as pd

from charts.compare import AVERAGE, HOME, NEIGHBOUR, OTHER
from indicators.compare import Comparison, FunnelOutcome
from indicators.regional import GROUPS, REGIONAL_COUNTS, Benchmark, cell_columns, region_of
from ui import format as fmt
from vocab import OrgKind, PointType, label

GROUP_LABELS = {"all": "All local authorities", "region": "Authorities in the region",
                "neighbours": "Statistical neighbours"}
VS_ENGLAND_WORDS = {
    Comparison.BETTER.value: "▲ Better than England",
    Comparison.SIMILAR.value: "● Similar to England",
    Comparison.WORSE.value: "▼ Worse than England",
    Comparison.HIGHER.value: "△ Higher than England",
    Comparison.LOWER.value: "▽ Lower than England",
    Comparison.NOT_COMPARED.value: "— Not compared",
}
FUNNEL_WORDS = {
    FunnelOutcome.HIGH_0_001.value: "Above the 99.8% limit",
    FunnelOutcome.HIGH_0_025.value: "Above the 95% limit",
    FunnelOutcome.NOT_SIGNIFICANT.value: "Within the 95% limits",
    FunnelOutcome.LOW_0_025.value: "Below the 95% limit",
    FunnelOutcome.LOW_0_001.value: "Below the 99.8% limit",
}
ROLE_WORDS = {HOME: "Chosen authority", NEIGHBOUR: "Statistical neighbour", OTHER: "Other authorities"}
QUARTILE_WORDS = {"A": "A (best quarter)", "B": "B", "C": "C", "D": "D (worst quarter)"}
# Making Data Count variation as a Material icon (the cell's words say it too)
VARIATION_ICONS = {
    PointType.COMMON_CAUSE.value: ":material/horizontal_rule:",
    PointType.SPECIAL_CAUSE_IMPROVEMENT.value: ":material/thumb_up:",
    PointType.SPECIAL_CAUSE_CONCERN.value: ":material/warning:",
    PointType.SPECIAL_CAUSE_NEUTRAL_HIGH.value: ":material/arrow_upward:",
    PointType.SPECIAL_CAUSE_NEUTRAL_LOW.value: ":material/arrow_downward:",
}
NO_SPC_ICON = ":material/more_horiz:"
TABLE_COLUMNS = ["Rank", "Quartile", "Authority", "Code", "Picked out", "Numerator", "Denominator", "Value",
                 "Lower 95%", "Upper 95%", "Vs England", "Funnel", "org"]
REGIONAL_COUNT_LABELS = {"red": "✖ Red", "amber": "▲ Amber", "green": "✔ Green",
                         "worse": "▼ Worse than England",
                         "better": "▲ Better than England", "special_cause_concern": "⚠ Concern (SPC)",
                         "special_cause_improvement": "★ Improvement (SPC)"}


# --- groups ------------------------------------------------------------------------------------

def focus_authority(organisations: pd.DataFrame, chosen: str | None, home: str | None) -> str | None:
    """The authority a comparison is seen from: the sidebar's choice when it is a local authority,
    else the home organisation (England or a region has no region or neighbours of its own)."""
    kinds = dict(zip(organisations["code"], organisations["kind"]))
    if chosen and kinds.get(chosen) == OrgKind.LOCAL_AUTHORITY.value:
        return chosen
    return home if home and kinds.get(home) == OrgKind.LOCAL_AUTHORITY.value else None


def group_options(focus: str | None, neighbours) -> dict[str, str]:
    """The groups that can be compared from `focus`, {group: words}, and for the others why not
    (their words say it): the region is known for London boroughs only, neighbours when recorded."""
    out = {}
    for group in GROUPS:
        words = GROUP_LABELS[group]
        if group == "region" and (focus is None or region_of(focus) is None):
            words += " (not known for this authority)"
        if group == "neighbours" and not list(neighbours):
            words += " (none recorded)"
        out[group] = words
    return out


def available(group: str, focus: str | None, neighbours) -> bool:
    """Whether `group_options` offers `group` for real (not only to say why it cannot)."""
    if group == "region":
        return focus is not None and region_of(focus) is not None
    if group == "neighbours":
        return focus is not None and bool(list(neighbours))
    return group in GROUPS


def comparison_orgs(organisations: pd.DataFrame, focus: str | None, home: str | None, neighbours) -> list[str]:
    """Whose trend is drawn beside the focus authority's: it, its neighbours, and the statistical
    neighbours' average organisation(s) (the home authority's, or one whose code names the focus)."""
    if focus is None:
        return []
    averages = [str(c) for c, k in zip(organisations["code"], organisations["kind"])
                if k == OrgKind.STATISTICAL_NEIGHBOURS.value and (focus == home or focus in str(c))]
    return list(dict.fromkeys([focus, *[str(n) for n in neighbours], *averages]))


# --- the Compare page --------------------------------------------------------------------------

@dataclass
class CompareView:
    """Everything the Compare page draws for one indicator, period and group."""

    heading: str
    caption: str
    bars: pd.DataFrame  # charts.compare.ranked_bars' frame
    lines: list[dict]  # England and the region, for ranked_bars
    points: pd.DataFrame  # charts.compare.funnel_plot's points
    limits: pd.DataFrame  # and its limits
    trend: pd.DataFrame  # charts.compare.trend_lines' frame
    table: pd.DataFrame  # the comparison as people read it (TABLE_COLUMNS)
    csv: bytes  # the comparison, machine-readable (indicators.compare.COLUMNS)
    count: int  # authorities compared
    with_value: int  # of which with a value for the period


def roles(table: pd.DataFrame, focus: str | None, neighbours) -> np.ndarray:
    """home / neighbour / other for each row of a comparison table."""
    picked = set(str(n) for n in neighbours)
    return np.array([HOME if org == focus else NEIGHBOUR if org in picked else OTHER
                     for org in table["org"]], dtype=object)


def compare_view(result: Benchmark, trend: pd.DataFrame, organisations: pd.DataFrame,
                 focus: str | None) -> CompareView:
    """The Compare page for `result` (indicators.regional.benchmark), seen from `focus`;
    `trend`: indicators.regional.monthly_values for comparison_orgs(...)."""
    table = result.table
    names = dict(zip(organisations["code"].astype(str), organisations["name"]))
    role = roles(table, focus, result.neighbours)
    basis = "financial year to date" if result.ytd else "month"
    when = fmt.month(result.period)
    heading = f"{fmt.indicator_code(result.indicator)}: {result.title}"
    with_value = int(table["value"].notna().sum())
    caption = (f"{when} ({basis}); {GROUP_LABELS[result.group].lower()}: {len(table)} authorities, "
               f"{with_value} with a figure. England {fmt.percent(result.england)}"
               + (f", {result.region_name} {fmt.percent(result.region)}" if result.region_name else "")
               + f", group average {fmt.percent(result.average)}. {label(result.polarity)}. Rank 1 is best; "
               "quartile A is the best quarter. Compared with England by whether England's value lies "
               "within the authority's 95% confidence limits (Wilson), as OHID Fingertips does.")
    hover = [_hover(row, r) for row, r in zip(table.itertuples(index=False), role)]
    tags = [_tag(row.name, r) for row, r in zip(table.itertuples(index=False), role)]
    valued = table["value"].notna().to_numpy()
    bars = pd.DataFrame({
        "label": table["name"].astype(str).to_numpy(), "value": table["value"].to_numpy(dtype=float),
        "error_plus": (table["upper_95"] - table["value"]).to_numpy(dtype=float),
        "error_minus": (table["value"] - table["lower_95"]).to_numpy(dtype=float),
        "role": role, "role_label": [ROLE_WORDS[r] for r in role], "tag": tags, "hover": hover,
    })[valued].reset_index(drop=True)
    lines = [{"name": "England", "value": result.england}]
    if result.region_name:
        lines.append({"name": result.region_name, "value": result.region})
    points = pd.DataFrame({
        "label": table["name"].astype(str).to_numpy(),
        "denominator": table["denominator"].to_numpy(dtype=float, na_value=np.nan),
        "value": table["value"].to_numpy(dtype=float), "funnel": table["funnel"].astype(object).to_numpy(),
        "funnel_label": [FUNNEL_WORDS.get(f, "—") for f in table["funnel"]], "role": role, "tag": tags,
        "hover": hover,
    })[valued & table["funnel"].notna().to_numpy()].reset_index(drop=True)
    trend_roles = {focus: HOME, **{n: NEIGHBOUR for n in result.neighbours}}
    kinds = dict(zip(organisations["code"].astype(str), organisations["kind"]))
    lines_frame = pd.DataFrame({
        "label": [names.get(o, o) + (" (chosen)" if o == focus else "") for o in trend["org"]],
        "period": trend["period"].to_numpy(), "value": trend["value"].to_numpy(dtype=float),
        "role": [trend_roles.get(o, AVERAGE if kinds.get(o) == OrgKind.STATISTICAL_NEIGHBOURS.value else OTHER)
                 for o in trend["org"]],
    })
    return CompareView(heading=heading, caption=caption, bars=bars, lines=lines, points=points,
                       limits=result.funnel, trend=lines_frame, table=compare_table(table, role), csv=_csv(table),
                       count=len(table), with_value=with_value)


def compare_table(table: pd.DataFrame, role) -> pd.DataFrame:
    """The comparison as people read it, best first: numbers stay numbers (so a column sorts),
    categories in words; `org` is kept for a click-through."""
    return pd.DataFrame({
        "Rank": table["rank"].astype("Int64").to_numpy(),
        "Quartile": [QUARTILE_WORDS.get(q, "—") if isinstance(q, str) else "—" for q in table["quartile"]],
        "Authority": table["name"].astype(str).to_numpy(),
        "Code": table["org"].astype(str).to_numpy(),
        "Picked out": ["◆ Chosen authority" if r == HOME else "◇ Statistical neighbour" if r == NEIGHBOUR else ""
                       for r in role],
        "Numerator": table["numerator"].astype("Int64").to_numpy(),
        "Denominator": table["denominator"].astype("Int64").to_numpy(),
        "Value": table["value"].to_numpy(dtype=float).round(1),
        "Lower 95%": table["lower_95"].to_numpy(dtype=float).round(1),
        "Upper 95%": table["upper_95"].to_numpy(dtype=float).round(1),
        "Vs England": [VS_ENGLAND_WORDS.get(v, "—") for v in table["vs_england"]],
        "Funnel": [FUNNEL_WORDS.get(f, "—") for f in table["funnel"]],
        "org": table["org"].astype(str).to_numpy(),
    }, columns=TABLE_COLUMNS)


def _hover(row, role: str) -> str:
    if pd.isna(row.value):
        return f"{row.name}: no return"
    place = "" if pd.isna(row.rank) else f"rank {int(row.rank)}, quartile {row.quartile}; "
    return (f"{row.name} ({row.org}){' — ' + ROLE_WORDS[role].lower() if role != OTHER else ''}<br>"
            f"{row.value:.1f}% ({int(row.numerator):,} of {int(row.denominator):,}), 95% limits "
            f"{row.lower_95:.1f}–{row.upper_95:.1f}%<br>{place}{VS_ENGLAND_WORDS.get(row.vs_england, '')}<br>"
            f"Funnel: {FUNNEL_WORDS.get(row.funnel, '—')}")


def _tag(name: str, role: str) -> str:
    return {HOME: f"◆ {name}", NEIGHBOUR: f"◇ {name}"}.get(role, "")


def _csv(table: pd.DataFrame) -> bytes:
    buffer = io.StringIO()
    table.to_csv(buffer, index=False, lineterminator="\n")
    return buffer.getvalue().encode("utf-8")


# --- the Regional scorecard page ---------------------------------------------------------------

@dataclass
class RegionalView:
    """The regional scorecard as people read it: one row per authority."""

    table: pd.DataFrame  # Authority, Code, the counts, then one column per indicator (cell text)
    indicators: dict[str, str]  # shown column -> indicator title (for the column's help)
    codes: list[str]  # the authorities, in the table's row order
    names: dict[str, str]  # code -> "Name (code)", for a picker


def regional_view(wide: pd.DataFrame, catalogue: pd.DataFrame) -> RegionalView:
    """indicators.regional.regional_scorecard as a table: each indicator's cell is its status in
    words (RAG where the authority has a target, else against England) and its SPC variation as
    a Material icon and words, e.g. ":material/warning: ✖ Red · Special cause: concern"."""
    titles = dict(zip(catalogue["code"].astype(str), catalogue["title"].astype(str)))
    out = {"Authority": wide["name"].astype(str).to_numpy(), "Code": wide["org"].astype(str).to_numpy()}
    for column in REGIONAL_COUNTS:
        out[REGIONAL_COUNT_LABELS[column]] = wide[column].to_numpy(dtype="int64")
    shown_titles = {}
    for code in catalogue["code"].astype(str):
        status, basis, variation = cell_columns(code)
        if status not in wide.columns:
            continue
        shown = fmt.indicator_code(code)
        out[shown] = [cell_text(s, b, v) for s, b, v in zip(wide[status], wide[basis], wide[variation])]
        shown_titles[shown] = titles.get(code, code)
    codes = list(wide["org"].astype(str))
    names = {code: f"{name} ({code})" for code, name in zip(codes, wide["name"].astype(str))}
    return RegionalView(pd.DataFrame(out), shown_titles, codes, names)


def icon_key() -> str:
    """What each variation icon means, in words, for the page's caption."""
    words = [label(kind) for kind in VARIATION_ICONS]
    return ", ".join(f"{icon} {word}" for icon, word in zip(VARIATION_ICONS.values(), words)) + \
        f", {NO_SPC_ICON} no SPC this month"


def cell_text(status, basis, variation) -> str:
    """One regional scorecard cell: the variation's Material icon, the status, the variation in words."""
    icon = VARIATION_ICONS.get(variation, NO_SPC_ICON) if isinstance(variation, str) else NO_SPC_ICON
    if basis == "rag":
        said = fmt.rag(status) if isinstance(status, str) else "No return"
    else:
        said = VS_ENGLAND_WORDS.get(status, "— Not compared")
    spc = label(variation) if isinstance(variation, str) else "no SPC this month"
    return f"{icon} {said} · {spc}"
