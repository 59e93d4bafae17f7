"""Plan tracker: the improvement plan's milestones by theme and area, their timeline, what is due next."""
import streamlit as st

from charts.plan import status_bar, timeline
from plan.views import DUE_SOON_MONTHS, TRACKER_COUNTS
from ui import plan, sidebar
from vocab import label

sidebar.through_app()  # never run without app.py's sign-in and sidebar (see ui/sidebar.py)

st.title("Plan tracker")
if not plan.has_plan():
    st.info("No improvement plan loaded yet — load themes, areas, actions and plan milestones on the Load page "
            "(or run `pidash init --demo`).")
    st.stop()

options = plan.filter_options()
left, middle, right, far = st.columns([1, 2, 2, 2])
as_of = plan.as_of_picker("plan_as_of", left)
themes = middle.multiselect("Theme", options["themes"], key="plan_theme", placeholder="All themes")
leads = right.multiselect("Lead", options["leads"], key="plan_lead", placeholder="All leads")
statuses = far.multiselect("Status", options["statuses"], key="plan_status", placeholder="All statuses",
                           format_func=label)

shown = plan.tracker(as_of, themes, leads, statuses)
st.caption(f"As of {as_of:%d %B %Y}: the latest status of each milestone reported on or before that date. "
           "Demo status updates are synthetic.")
for col, (key, words) in zip(st.columns(len(TRACKER_COUNTS)), TRACKER_COUNTS):
    col.metric(words, shown.counts[key])
if shown.report.empty:
    st.info("No milestones match these filters.")
    st.stop()

st.plotly_chart(status_bar(shown.by_theme, "theme", "Milestone status by theme"), width="stretch", key="plan_by_theme")
with st.expander("Status by area for improvement"):
    st.plotly_chart(status_bar(shown.by_area, "area_label", "Milestone status by area"), width="stretch",
                    key="plan_by_area")

st.subheader(f"Due in the next {DUE_SOON_MONTHS} months")
if shown.due_soon.empty:
    st.info(f"Nothing falls due in the {DUE_SOON_MONTHS} months after {as_of:%d %b %Y}.")
else:
    st.dataframe(shown.due_soon, hide_index=True, width="stretch")

st.subheader("Timeline")
st.plotly_chart(timeline(shown.spans, shown.report, "Actions and their milestones", as_of=as_of), width="stretch",
                key="plan_timeline")

st.subheader("Every milestone")
st.dataframe(shown.table, hide_index=True, width="stretch")
