"""What the Scorecard page shows: one row per indicator as people read it, the RAG counts, the
monthly cycle's columns (commentary, commentary needed, changed since sign-off), the scorecard as
signed off, and the approver's sign-off panel.

Pure (no streamlit): the figures come from indicators.scorecard and ops.signoff; this words them.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from indicators.scorecard import sort_for_attention
from ops.signoff import MonthStatus, SignedOff
from ui import format as fmt
from ui.compare_view import VS_ENGLAND_WORDS
from vocab import PointType, Rag

TREND_MONTHS = 24  # the sparkline: two years up to the chosen month
SHORT_TITLE_CHARS = 60  # the short title beside the code; the full title is in its own column
# words a shortened title does not end on ("…placements of…" says less than "…placements…")
DANGLING = frozenset({"a", "an", "and", "for", "in", "of", "on", "or", "that", "the", "to", "were", "which",
                      "with", "within"})

FIRST_LINE_CHARS = 80  # the commentary column shows the first line; the whole text is on the detail page
NEEDED = f"{fmt.COMMENTARY_NEEDED_SYMBOL} Commentary needed"
CHANGED = f"{fmt.CHANGED_SYMBOL} Changed since sign-off"
SCORECARD_TABLE_COLUMNS = ["code", "Indicator", "Short title", "RAG (year to date)", "In month", "Year to date",
                           "Target", "Vs England", "Vs last month", "Vs last year", "Variation (SPC)", "Assurance (SPC)",
                           "Commentary needed", "Commentary", "Since sign-off", "Trend", "Title", "rag", "variation",
                           "assurance"]
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


def first_line(text: object, limit: int = FIRST_LINE_CHARS) -> str:
    """The first non-blank line of a commentary, cut at a whole word within `limit` characters
    ("…" when cut); "" for no commentary."""
    if not isinstance(text, str):
        return ""
    line = next((part.strip() for part in text.splitlines() if part.strip()), "")
    return short_title(line, limit) if line else ""


def change_words(change: object) -> str:
    """A line's change since sign-off (ops.signoff.live_cycle_columns) in words, "" when none:
    "↻ Changed since sign-off: in month 70.4% → 84.7%; year to date 65.8% → 68.1%"."""
    if not isinstance(change, dict):
        return ""
    then, now = change["signed_off"], change["now"]
    parts = [f"{name} {shown(then[key])} → {shown(now[key])}"
             for key, name, shown in (("value", "in month", fmt.percent), ("ytd_value", "year to date", fmt.percent),
                                      ("rag", "RAG", fmt.rag), ("variation", "SPC", fmt.variation),
                                      ("assurance", "assurance", fmt.assurance))
             if then[key] != now[key]]
    return f"{CHANGED}: " + ("; ".join(parts) if parts else "a figure feeding it was loaded again (it reads the same)")


def scorecard_table(card: pd.DataFrame, returns: pd.DataFrame, org: str, period: str) -> pd.DataFrame:
    """The scorecard (already in attention order) as people read it: one row per indicator.

    The monthly cycle's columns are read from `card` when it has them (ops.signoff.live_cycle_columns
    or a signed-off card): commentary (its first line here), commentary_needed, changed_since_signoff.
    """
    lines = trends(returns, org, period)
    none = pd.Series([None] * len(card), index=card.index, dtype=object)
    said = card["commentary"] if "commentary" in card.columns else none
    needed = card["commentary_needed"] if "commentary_needed" in card.columns else none
    changed = card["changed_since_signoff"] if "changed_since_signoff" in card.columns else none
    rows = []
    for row, text, need, change in zip(card.itertuples(index=False), said, needed, changed):
        rows.append([
            row.indicator,
            fmt.indicator_code(row.indicator),
            short_title(row.title),
            fmt.rag(row.rag),
            fmt.percent(row.value) if row.has_data else "no return",
            fmt.percent(row.ytd_value),
            fmt.percent(row.target),
            VS_ENGLAND_WORDS.get(getattr(row, "vs_england", None) or "", ""),
            fmt.direction(row.direction_vs_previous),
            fmt.direction(row.direction_vs_last_year),
            fmt.variation(row.variation, bool(row.too_short)),
            fmt.assurance(row.assurance),
            NEEDED if need is True or need == 1 else "",
            first_line(text),
            change_words(change),
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


# --- the monthly cycle: the scorecard as signed off, and the sign-off panel ------------------------

@dataclass
class SignedOffView:
    """The scorecard as a month's latest sign-off saw it, as people read it."""

    table: pd.DataFrame  # SCORECARD_TABLE_COLUMNS, attention order
    counts: dict[str, int]  # rag_counts
    signoff: str  # who signed it off, when, at which load, the note and any override
    notes: list[str]  # reference rows replaced since, which it reads as they are now


def signed_off_view(signed: SignedOff, returns: pd.DataFrame, org: str, period: str) -> SignedOffView:
    """`signed` (ops.signoff.signed_off_scorecard) as the Scorecard page shows it; `returns`: the
    figures in force at its load (for the trend lines)."""
    card = sort_for_attention(signed.card)
    notes = [f"{change.what.capitalize()} {change.item} ({change.detail}) were replaced by load {change.load_id} "
             "after the sign-off: pidash keeps only their current rows, so this scorecard reads them as they are now."
             for change in signed.reference_changes.itertuples(index=False)]
    return SignedOffView(scorecard_table(card, returns, org, period), rag_counts(card), signoff_words(signed.signoff),
                         notes)


def signoff_words(row: dict) -> str:
    """A sign-off row in words: "Signed off by A. Approver on 16 Nov 2009 09:30, with the figures
    loaded up to load 14. Note: …. Override: …"."""
    words = (f"Signed off by {row['signed_by']} on {fmt.timestamp(row['signed_at'])}, with the figures loaded "
             f"up to load {int(row['load_id'])}.")
    if not fmt.is_blank(row.get("note")):
        words += f" Note: {_sentence(row['note'])}"
    if not fmt.is_blank(row.get("override")):
        words += f" Signed off although not ready: {_sentence(row['override'])}"
    return words


def _sentence(text: object) -> str:
    """Text people wrote, ended with a full stop when it has no closing punctuation of its own."""
    words = str(text).strip()
    return words if words.endswith((".", "!", "?")) else words + "."


def signoff_state(row: dict | None, month: str) -> str:
    """Where a month's sign-off stands, in words, for anyone reading the scorecard."""
    if row is None:
        return f"{month} has not been signed off."
    if row["kind"] == "reopen":
        return (f"{month} was reopened by {row['signed_by']} on {fmt.timestamp(row['signed_at'])}: "
                f"{_sentence(row['note'])} It is not signed off now.")
    return signoff_words(row)


@dataclass
class SignoffPanel:
    """What the approver's sign-off panel shows for one month."""

    ready: bool
    signed_off: bool
    state: str  # the sign-off (or reopening) in words, or "not signed off"
    verdict: str  # "Ready for sign-off: …" or "Not ready for sign-off: …"
    returns: pd.DataFrame  # the returns not yet in (missing, not yet due): Indicator, Return, Due
    needing: pd.DataFrame  # the lines still needing commentary: Indicator, Title, RAG, Variation


def signoff_panel(status: MonthStatus, month: str) -> SignoffPanel:
    """`status` (ops.signoff.month_status) as the sign-off panel words it."""
    counts = status.counts
    if status.ready:
        verdict = (f"Ready for sign-off: every return for {month} is in ({counts['received']} on time, "
                   f"{counts['late']} late) and every red or special-cause concern line has commentary.")
    else:
        verdict = f"Not ready for sign-off: {status.shortfall()}. Signing off anyway needs an override reason."
    waiting = status.returns[status.returns["state"].isin(["missing", "not_yet_due"])]
    needing = status.needing_commentary()
    return SignoffPanel(
        ready=status.ready, signed_off=status.signed_off, state=signoff_state(status.signoff, month), verdict=verdict,
        returns=pd.DataFrame({
            "Indicator": waiting["indicator"].map(fmt.indicator_code).to_numpy(),
            "Return": waiting["state"].map(fmt.return_state).to_numpy(),
            "Due": waiting["due_date"].map(fmt.date).to_numpy(),
            "Title": waiting["title"].to_numpy(),
        }),
        needing=pd.DataFrame({
            "Indicator": needing["indicator"].map(fmt.indicator_code).to_numpy(),
            "Commentary needed": [NEEDED] * len(needing),
            "RAG (year to date)": needing["rag"].map(fmt.rag).to_numpy(),
            "Variation (SPC)": needing["variation"].map(fmt.variation).to_numpy(),
            "Title": needing["title"].to_numpy(),
        }),
    )
