"""Table cell colours for the categories (RAG, SPC variation, assurance), shared by the pages
that show them: GOV.UK RAG and Making Data Count colours, with the words in the cell saying the same
(greyscale prints, colour-blind readers)."""
from __future__ import annotations

import pandas as pd

from charts import palette
from vocab import Assurance, PointType, Rag


def _cell(background: str, dark_text: bool = False) -> str:
    return f"background-color: {background}; color: {'#0B0C0C' if dark_text else '#FFFFFF'}"


# Dark text where white would be too faint on the colour.
CELL_STYLES = {
    "rag": {Rag.RED.value: _cell(palette.RAG_COLOURS[Rag.RED]),
            Rag.AMBER.value: _cell(palette.RAG_COLOURS[Rag.AMBER], dark_text=True),
            Rag.GREEN.value: _cell(palette.RAG_COLOURS[Rag.GREEN])},
    "variation": {kind.value: _cell(colour, dark_text=kind == PointType.SPECIAL_CAUSE_CONCERN)
                  for kind, colour in palette.POINT_COLOURS.items()},
    "assurance": {Assurance.CONSISTENT_PASS.value: _cell(palette.POINT_COLOURS[PointType.SPECIAL_CAUSE_IMPROVEMENT]),
                  Assurance.CONSISTENT_FAIL.value: _cell(palette.POINT_COLOURS[PointType.SPECIAL_CAUSE_CONCERN], True),
                  Assurance.INCONSISTENT.value: _cell(palette.POINT_COLOURS[PointType.COMMON_CAUSE])},
}
STYLED_COLUMNS = {"RAG (year to date)": "rag", "Variation (SPC)": "variation", "Assurance (SPC)": "assurance"}


def cell_styles(table: pd.DataFrame, columns: dict[str, str] = STYLED_COLUMNS) -> pd.DataFrame:
    """CSS for each cell of `table`: the shown column coloured by its raw category column."""
    css = pd.DataFrame("", index=table.index, columns=table.columns)
    for shown, raw in columns.items():
        if shown in table.columns and raw in table.columns:
            css[shown] = table[raw].map(lambda value, raw=raw: CELL_STYLES[raw].get(value, "") if isinstance(value, str) else "")
    return css


def styled(table: pd.DataFrame, columns: dict[str, str] = STYLED_COLUMNS):
    """`table` as a pandas Styler with its category cells coloured (st.dataframe shows the colours)."""
    return table.style.apply(lambda frame: cell_styles(frame, columns), axis=None)
