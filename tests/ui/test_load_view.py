"""The Load page's content, assembled without streamlit: templates, labels and a checked file's report."""
from loads import pipeline
from loads.files import read_table
from ui import load_view

from tests.helpers import HOME


def test_loadable_tables_put_returns_targets_and_milestones_first():
    assert load_view.loadable_tables(["organisations", "targets", "zzz", "returns", "milestones", "themes"]) == [
        "returns", "targets", "milestones", "organisations", "themes", "zzz"]


PLAN_ORDER = ["themes", "areas", "actions", "plan_milestones"]  # each refers to the one before


def test_every_loadable_table_has_a_label_and_an_example_row():
    assert set(pipeline.LOADERS) <= set(load_view.TABLE_LABELS) and set(pipeline.LOADERS) <= set(load_view.EXAMPLES)


def test_each_template_has_the_tables_columns_and_an_example_row_that_loads(seeded_db):
    """Loaded in the plan's order (themes before areas before actions…), every template's example passes."""
    tables = [t for t in PLAN_ORDER if t in pipeline.LOADERS]
    tables += [t for t in load_view.loadable_tables(pipeline.LOADERS) if t not in tables]
    for table in tables:
        content = load_view.template_csv(table, HOME)
        frame = read_table(content, f"{table}-template.csv")
        spec = pipeline.TABLES[table]
        assert list(frame.columns) == [*spec.required, *spec.optional], table
        assert len(frame) == 1, table
        prepared = pipeline.prepare(seeded_db, table, content, f"{table}-template.csv")
        assert prepared.accepted, prepared.report.text()
        assert pipeline.commit(seeded_db, prepared, "test-officer").status == "accepted"


def test_a_rejected_reports_summary_lists_failures_first(seeded_db):
    prepared = pipeline.prepare(seeded_db, "returns", b"indicator,period,numerator,denominator\nNI59,2009-13,5,4\n",
                               "bad.csv")
    summary = load_view.report_summary(prepared.report)
    assert summary["Result"].iloc[0] == "✖ Failed"
    failing = load_view.failures_table(prepared.report.failures)
    assert {(r["Row"], r["Column"], r["Value"]) for r in failing.to_dict("records")} == {
        ("2", "period", "2009-13"), ("2", "numerator", "5")}
    shown = load_view.preview(prepared.frame, "returns")
    assert list(shown.columns) == ["Row", "indicator", "period", "numerator", "denominator", "org", "value", "note"]
    assert shown["Row"].tolist() == ["2"]
