"""The pages' content, assembled without streamlit: against the demo database and literal frames."""
import io
import json

import pandas as pd
import pytest

from data import queries
from loads import pipeline
from loads.files import read_table
from indicators.scorecard import scorecard, sort_for_attention
from ui import views

from tests.helpers import HOME


def load_id(con, file_name: str) -> int:
    return con.execute("SELECT id FROM load WHERE file_name = ?", [file_name]).fetchall()[0][0]


@pytest.fixture
def frames(seeded_db):
    con = seeded_db
    return {
        "first": load_id(con, "returns_2007-04_to_2011-03.csv"),
        "restated": load_id(con, "returns_restated_2009-08.csv"),
        "returns": queries.current_returns(con),
        "catalogue": queries.catalogue_at(con, "2009-09"),
        "versions": queries.catalogue(con, current_only=False),
        "targets": queries.targets(con),
        "organisations": queries.organisations(con),
        "revisions": queries.revisions(con, [HOME]),
    }


def test_the_scorecard_table_words_each_indicator_in_attention_order(frames):
    card = sort_for_attention(scorecard(frames["returns"], frames["catalogue"], frames["targets"],
                                        frames["organisations"], "2009-09", HOME))
    table = views.scorecard_table(card, frames["returns"], HOME, "2009-09")
    assert list(table.columns) == views.SCORECARD_TABLE_COLUMNS
    assert len(table) == 10
    reds = table["RAG (year to date)"].str.endswith("Red")
    assert reds.iloc[:6].all() and not reds.iloc[6:].any()  # red first
    ni59 = table.set_index("code").loc["NI59"]
    assert ni59["Indicator"] == "NI 59"
    assert (ni59["In month"], ni59["Year to date"], ni59["Target"]) == ("70.4%", "65.8%", "78.0%")
    assert ni59["RAG (year to date)"] == "✖ Red"
    assert ni59["Vs last month"] == "⬇ Deteriorating"
    assert "7 working days" in ni59["Title"]  # the definition in force in Sep 2009
    assert len(ni59["Trend"]) == 24 and ni59["Trend"][-1] == pytest.approx(70.37037, abs=1e-4)


def test_rag_counts_and_special_causes_from_a_literal_card():
    card = pd.DataFrame({
        "indicator": ["A1", "A2", "A3", "A4"], "title": ["a", "b", "c", "d"],
        "period": pd.to_datetime(["2009-09-01"] * 4), "value": [50.0, 60.0, None, 70.0],
        "rag": ["red", "amber", None, "green"],
        "variation": ["special_cause_concern", "common_cause", None, "special_cause_improvement"],
        "has_data": [True, True, False, True],
    })
    assert views.rag_counts(card) == {"red": 1, "amber": 1, "green": 1, "none": 1, "special_cause_concern": 1}
    special = views.special_causes(card)
    assert list(special["Indicator"]) == ["A1", "A4"]
    assert list(special["Variation"]) == ["⚠ Special cause: concern", "★ Special cause: improvement"]
    assert list(special["Month"]) == ["Sep 2009", "Sep 2009"]


def test_the_detail_marks_restated_figures_and_names_both_loads(frames):
    detail = views.detail("NI59", HOME, "2009-09", returns=frames["returns"], catalogue=frames["catalogue"],
                          versions=frames["versions"], targets=frames["targets"],
                          organisations=frames["organisations"], revisions=frames["revisions"],
                          commentary=pd.DataFrame(columns=["period", "written_at", "text", "author"]),
                          milestones=None)
    assert detail.has_data
    assert detail.series["period"].max() == pd.Timestamp("2009-09-01")  # nothing after the chosen month
    assert detail.current["value"] == pytest.approx(70.37037, abs=1e-4)
    table = detail.table.set_index("Month")
    assert table.loc["Sep 2009", "In month"] == "70.4%"
    assert table.loc["Aug 2009", "In month"] == "80.5%"
    assert table.loc["Aug 2009", "Revisions"] == (
        f"✎ was 77.4% (147/190, load {frames['first']}), restated by load {frames['restated']} "
        "(returns_restated_2009-08.csv)")
    assert table.loc["Jun 2009", "Revisions"] == ""
    assert set(detail.comparators) == {"England", "London", "Haringey statistical neighbours (average)"}
    assert detail.rebase_at == []  # the 10-day definition starts in Apr 2010, after the chosen month
    versions = detail.versions
    assert list(versions["Version"]) == [1, 2]
    assert list(versions["In force in the chosen month"]) == ["✔ yes", ""]
    assert versions["Applies"].iloc[0] == "from 1 Apr 2007 to 31 Mar 2010"


def _detail(frames, con, indicator: str, period: str, returns=None) -> views.Detail:
    return views.detail(indicator, HOME, period, returns=frames["returns"] if returns is None else returns,
                        catalogue=queries.catalogue_at(con, period), versions=frames["versions"],
                        targets=frames["targets"], organisations=frames["organisations"],
                        revisions=frames["revisions"], milestones=None,
                        commentary=pd.DataFrame(columns=["period", "written_at", "text", "author"]))


def test_a_new_definition_inside_the_series_is_a_rebase(frames, seeded_db):
    detail = _detail(frames, seeded_db, "NI59", "2011-03")
    assert detail.rebase_at == [pd.Timestamp("2010-04-01")]  # NI 59: 7 working days, then 10 from Apr 2010
    assert list(detail.spc.groupby("phase")["period"].min()) == [pd.Timestamp("2007-04-01"), pd.Timestamp("2010-04-01")]
    assert "worked out afresh from Apr 2010" in detail.spc_note
    assert _detail(frames, seeded_db, "NI59", "2010-03").rebase_at == []  # the last month of the old definition
    assert _detail(frames, seeded_db, "NI60", "2011-03").rebase_at == []  # one definition throughout


@pytest.mark.parametrize("period", ["2010-04", "2010-09", "2010-12", "2011-03"])
def test_the_scorecard_reads_as_the_detail_chart_after_a_new_definition(frames, seeded_db, period):
    """The scorecard's variation and assurance for NI 59 after its new definition are the detail
    chart's (both start a new phase in April 2010), and not those of the whole series."""
    detail = _detail(frames, seeded_db, "NI59", period)
    card = scorecard(frames["returns"], queries.catalogue_at(seeded_db, period), frames["targets"],
                     frames["organisations"], period, HOME, versions=frames["versions"]).set_index("indicator")
    assert (card.loc["NI59", "variation"], card.loc["NI59", "assurance"]) == (detail.variation, detail.assurance)
    whole = scorecard(frames["returns"], queries.catalogue_at(seeded_db, period), frames["targets"],
                      frames["organisations"], period, HOME).set_index("indicator")
    assert (whole.loc["NI59", "variation"], whole.loc["NI59", "assurance"]) != (detail.variation, detail.assurance)


def test_a_new_definition_in_a_month_with_no_return_starts_the_phase_at_the_next(frames, seeded_db):
    """No April 2010 return for NI 59: the chart and the scorecard both start the new phase in May."""
    returns = frames["returns"]
    returns = returns[~((returns["org"] == HOME) & (returns["indicator"] == "NI59")
                        & (returns["period"] == pd.Timestamp("2010-04-01")))]
    detail = _detail(frames, seeded_db, "NI59", "2011-03", returns=returns)
    assert detail.rebase_at == [pd.Timestamp("2010-05-01")]
    card = scorecard(returns, queries.catalogue_at(seeded_db, "2011-03"), frames["targets"], frames["organisations"],
                     "2011-03", HOME, versions=frames["versions"]).set_index("indicator")
    assert (card.loc["NI59", "variation"], card.loc["NI59", "assurance"]) == (detail.variation, detail.assurance)


def test_the_series_csv_is_machine_readable_with_each_figures_load(frames, seeded_db):
    detail = views.detail("NI59", HOME, "2009-09", returns=frames["returns"], catalogue=frames["catalogue"],
                          versions=frames["versions"], targets=frames["targets"],
                          organisations=frames["organisations"], revisions=frames["revisions"],
                          commentary=pd.DataFrame(columns=["period", "written_at", "text", "author"]),
                          milestones=None)
    csv = pd.read_csv(io.BytesIO(detail.csv), dtype={"period": str})
    assert list(csv["period"].iloc[[0, -1]]) == ["2007-04", "2009-09"]
    august = csv.set_index("period").loc["2009-08"]
    assert (august["numerator"], august["denominator"], august["value"]) == (153, 190, pytest.approx(80.5263, abs=1e-4))
    assert bool(august["restated"]) and august["load_id"] == frames["restated"]
    assert august["earlier_value"] == pytest.approx(77.3684, abs=1e-4) and august["earlier_load_id"] == frames["first"]
    june = csv.set_index("period").loc["2009-06"]
    assert not bool(june["restated"]) and pd.isna(june["earlier_value"])


def test_completeness_names_present_restated_and_missing_months():
    returns = pd.DataFrame({
        "org": ["H", "H", "H", "X"], "indicator": ["A", "A", "B", "A"],
        "period": pd.to_datetime(["2009-07-01", "2009-09-01", "2009-08-01", "2009-01-01"]),
        "restated": [False, True, False, False],
    })
    catalogue = pd.DataFrame({"code": ["A", "B", "C"]})
    grid = views.completeness(returns, catalogue, "H")
    wide = grid.pivot(index="indicator", columns="period", values="status")
    assert list(wide.columns.strftime("%Y-%m")) == ["2009-07", "2009-08", "2009-09"]
    assert list(wide.loc["A"]) == ["present", "missing", "restated"]
    assert list(wide.loc["B"]) == ["missing", "present", "missing"]
    assert list(wide.loc["C"]) == ["missing", "missing", "missing"]
    assert views.completeness_summary(grid) == {"present": 2, "restated": 1, "missing": 6}
    assert len(views.completeness(returns, catalogue, "H", "2009-10")) == 12  # up to the chosen month
    assert views.completeness(returns, catalogue, "NOBODY").empty


def test_the_revisions_log_reads_old_to_new(frames):
    log = views.revisions_table(frames["revisions"])
    assert len(log) == 3
    first = log.iloc[0]
    assert (first["Month"], first["Indicator"], first["Change"]) == ("Jul 2009", "NI 59", "66.2% → 70.7%")
    assert (first["Counts"], first["Earlier load"], first["Restated by load"]) == (
        "131/198 → 140/198", frames["first"], frames["restated"])


def test_check_failures_come_back_as_rows_naming_file_row_column_value_rule():
    results = pd.DataFrame({
        "expectation": ["ExpectColumnValuesToMatchRegex", "ExpectColumnToExist"],
        "column_name": ["period", "indicator"], "rule": ["must be a month", "must be present"],
        "success": [False, True], "unexpected_count": [1, 0],
        "failures": [json.dumps([{"file": "oct.csv", "row": 3, "column": "period", "value": "2009-13",
                                  "rule": "must be a month"}]), "[]"],
    })
    failing = views.check_failures(results)
    assert failing.to_dict("records") == [
        {"File": "oct.csv", "Row": "3", "Column": "period", "Value": "2009-13", "Rule": "must be a month"}]
    assert list(views.check_table(results)["Result"]) == ["✖ Failed", "✔ Passed"]


def test_loadable_tables_put_returns_targets_and_milestones_first():
    assert views.loadable_tables(["organisations", "targets", "zzz", "returns", "milestones", "themes"]) == [
        "returns", "targets", "milestones", "organisations", "themes", "zzz"]


PLAN_ORDER = ["themes", "areas", "actions", "plan_milestones"]  # each refers to the one before


def test_every_loadable_table_has_a_label_and_an_example_row():
    assert set(pipeline.LOADERS) <= set(views.TABLE_LABELS) and set(pipeline.LOADERS) <= set(views.EXAMPLES)


def test_each_template_has_the_tables_columns_and_an_example_row_that_loads(seeded_db):
    """Loaded in the plan's order (themes before areas before actions…), every template's example passes."""
    tables = [t for t in PLAN_ORDER if t in pipeline.LOADERS]
    tables += [t for t in views.loadable_tables(pipeline.LOADERS) if t not in tables]
    for table in tables:
        content = views.template_csv(table, HOME)
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
    summary = views.report_summary(prepared.report)
    assert summary["Result"].iloc[0] == "✖ Failed"
    failing = views.failures_table(prepared.report.failures)
    assert {(r["Row"], r["Column"], r["Value"]) for r in failing.to_dict("records")} == {
        ("2", "period", "2009-13"), ("2", "numerator", "5")}
    shown = views.preview(prepared.frame, "returns")
    assert list(shown.columns) == ["Row", "indicator", "period", "numerator", "denominator", "org", "value", "note"]
    assert shown["Row"].tolist() == ["2"]
