"""Regional scorecard, for the regional alliance: every authority's indicators side by side, each
cell its RAG (or, without a target, how it compares with England) and its SPC variation."""
from functools import partial

import streamlit as st

from ui import compare_db, sidebar
from ui.compare_view import icon_key

sidebar.through_app()  # never run without app.py's sign-in and sidebar (see ui/sidebar.py)
compare_db.pending_detail()  # a row clicked on the last run: open that authority's indicator detail

shown = sidebar.choice()
st.title("Regional scorecard")
if shown.period is None:
    st.info("No returns yet — load some on the Load page (or run `pidash init --demo`).")
    st.stop()
view = compare_db.regional(shown.period)
st.caption(f"{shown.month}: every local authority, one column per indicator. A cell gives the RAG of the year to "
           "date where the authority has a target for the year, otherwise how its month compares with England "
           "(by its 95% limits), then its SPC variation. Sort by any column; click a row to open that "
           f"authority's indicator detail. Icons: {icon_key()}.")
st.dataframe(
    view.table, hide_index=True, width="stretch", key="regional_table", selection_mode="single-row",
    on_select=partial(compare_db.open_from_table, "regional_table", view.codes),
    column_config={"Authority": st.column_config.TextColumn("Authority", pinned=True),
                   **{shown_as: st.column_config.ButtonColumn(shown_as, help=title, type="tertiary", alignment="left")
                      for shown_as, title in view.indicators.items()}},
)
left, right = st.columns([3, 1], vertical_alignment="bottom")
left.selectbox("Authority", view.codes, key="regional_pick", format_func=view.names.get)
right.button("Open its indicator detail", key="regional_open",
             on_click=partial(compare_db.open_chosen, "regional_pick"))
