"""Colours and marker shapes shared by every chart (and the evidence pack).

Making Data Count colours (as NHSRplotthedots draws them) for SPC point types, GOV.UK colours
for RAG. Every category also has its own marker shape, so a greyscale print still tells them apart.
"""
import html

from vocab import PointType, Rag


def text(value: object) -> str:
    """Text from a file or a person, safe in a plotly title, name or hover (plotly reads <b>, <a href>)."""
    return html.escape(str(value), quote=False)


POINT_COLOURS = {
    PointType.COMMON_CAUSE: "#7B7D7D",
    PointType.SPECIAL_CAUSE_IMPROVEMENT: "#289DE0",
    PointType.SPECIAL_CAUSE_CONCERN: "#FAB428",
    PointType.SPECIAL_CAUSE_NEUTRAL_HIGH: "#361475",
    PointType.SPECIAL_CAUSE_NEUTRAL_LOW: "#361475",
}
POINT_SYMBOLS = {
    PointType.COMMON_CAUSE: "circle",
    PointType.SPECIAL_CAUSE_IMPROVEMENT: "star",
    PointType.SPECIAL_CAUSE_CONCERN: "diamond",
    PointType.SPECIAL_CAUSE_NEUTRAL_HIGH: "triangle-up",
    PointType.SPECIAL_CAUSE_NEUTRAL_LOW: "triangle-down",
}
RAG_COLOURS = {Rag.RED: "#D4351C", Rag.AMBER: "#F47738", Rag.GREEN: "#00703C"}

LINE = "#505A5F"  # the monthly series and process limits
TARGET = "#D4351C"
BAND = "rgba(244, 119, 56, 0.15)"  # the tolerance band: a pale amber
YTD = "#1D70B8"
MILESTONE = "#4C2C92"
COMPARATOR_COLOURS = ["#00703C", "#912B88", "#B58840", "#5694CA", "#6F777B"]
COMPARATOR_DASHES = ["dot", "dashdot", "longdash", "longdashdot", "dash"]

# The completeness grid: present, restated, missing.
PRESENT = "#00703C"
RESTATED = "#1D70B8"
MISSING = "#D4351C"
