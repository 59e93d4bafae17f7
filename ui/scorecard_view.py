"""What the Scorecard page shows: one row per indicator as people read it, and the RAG counts.

Pure (no streamlit): the figures come from indicators.scorecard; this words them.
"""
from __future__ import annotations

import pandas as pd

from ui import format as fmt
from vocab import PointType, Rag

TREND_MONTHS = 24  # the sparkline: two years up to the chosen month
SHORT_TITLE_CHARS = 60  # the short title beside the code; the full title is in its own column
# words a shortened title does not end on ("…placements of…" says less than "…placements…")
DANGLING = frozenset({"a", "an", "and", "for", "in", "of", "on", "or", "that", "the", "to", "were", "which",
                      "with", "within"})

SCORECARD_TABLE_COLUMNS = ["code", "Indicator", "Short title", "RAG (year to date)", "In month", "Year to date",
                           "Target", "Vs last month", "Vs last year", "Variation (SPC)", "Assurance (SPC)", "Trend",
                           "Title", "rag", "variation", "assurance"]
HIDDEN_COLUMNS = ("code", "rag", "variation", "assurance")  # for the click-through and the colours


def short_title(title: object, limit: int = SHORT_TITLE_CHARS) -> str:
    """The title if it fits in `limit` characters, else its first whole words that do, ending
    on a word that says something, then "…": the catalogue has no short titles of its own, and a
    Cabinet member reads "NI 63" by its words."""
    text = " ".join(str(title).split())
    if len(text) <= limit:
        return text
    words = text[:limit + 1].split(" ")[:-1] or text.split(" ")[:1]  # the last may be cut mid-way
    while len(words) > 1 and words[-1].lower().strip(",;:") in DANGLING:
        words.pop()
    return " ".join(words).rstrip(",;:") + "…"


def trends(returns: pd.DataFrame, org: str, period: str, months: int = TREND_MONTHS) -> dict[str, list[float]]:
    """Each indicator's monthly values for `org` over the `months` up to `period` (oldest first)."""
    end = fmt.to_month(period)
    start = end - pd.DateOffset(months=months - 1)
    when = pd.to_datetime(returns["period"])
    mine = returns[(returns["org"] == org) & (when >= start) & (when <= end)].sort_values("period")
    return {code: [float(v) for v in group["value"].dropna()] for code, group in mine.groupby("indicator")}


def scorecard_table(card: pd.DataFrame, returns: pd.DataFrame, org: str, period: str) -> pd.DataFrame:
    """The scorecard (already in attention order) as people read it: one row per indicator."""
    lines = trends(returns, org, period)
    rows = []
    for row in card.itertuples(index=False):
        rows.append([
            row.indicator,
            fmt.indicator_code(row.indicator),
            short_title(row.title),
            fmt.rag(row.rag),
            fmt.percent(row.value) if row.has_data else "no return",
            fmt.percent(row.ytd_value),
            fmt.percent(row.target),
            fmt.direction(row.direction_vs_previous),
            fmt.direction(row.direction_vs_last_year),
            fmt.variation(row.variation, bool(row.too_short)),
            fmt.assurance(row.assurance),
            lines.get(row.indicator, []),
            row.title,
            row.rag, row.variation, row.assurance,
        ])
    return pd.DataFrame(rows, columns=SCORECARD_TABLE_COLUMNS)


def rag_counts(card: pd.DataFrame) -> dict[str, int]:
    """How many indicators are red, amber, green, without a RAG, and special-cause concern."""
    rags = card["rag"].astype(object)
    return {
        Rag.RED.value: int((rags == Rag.RED.value).sum()),
        Rag.AMBER.value: int((rags == Rag.AMBER.value).sum()),
        Rag.GREEN.value: int((rags == Rag.GREEN.value).sum()),
        "none": int(rags.isna().sum()),
        PointType.SPECIAL_CAUSE_CONCERN.value: int((card["variation"] == PointType.SPECIAL_CAUSE_CONCERN.value).sum()),
    }
