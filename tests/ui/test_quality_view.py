"""The Data quality page's content, assembled without streamlit: against the demo database and literal frames."""
import json

import pandas as pd

from ui import quality_view


def test_completeness_names_present_restated_and_missing_months():
    returns = pd.DataFrame({
        "org": ["H", "H", "H", "X"], "indicator": ["A", "A", "B", "A"],
        "period": pd.to_datetime(["2009-07-01", "2009-09-01", "2009-08-01", "2009-01-01"]),
        "restated": [False, True, False, False],
    })
    catalogue = pd.DataFrame({"code": ["A", "B", "C"]})
    grid = quality_view.completeness(returns, catalogue, "H")
    wide = grid.pivot(index="indicator", columns="period", values="status")
    assert list(wide.columns.strftime("%Y-%m")) == ["2009-07", "2009-08", "2009-09"]
    assert list(wide.loc["A"]) == ["present", "missing", "restated"]
    assert list(wide.loc["B"]) == ["missing", "present", "missing"]
    assert list(wide.loc["C"]) == ["missing", "missing", "missing"]
    assert quality_view.completeness_summary(grid) == {"present": 2, "restated": 1, "missing": 6}
    assert len(quality_view.completeness(returns, catalogue, "H", "2009-10")) == 12  # up to the chosen month
    assert quality_view.completeness(returns, catalogue, "NOBODY").empty


def test_the_revisions_log_reads_old_to_new(frames):
    """The demo's four restatements: the later case extract corrects NI 59 in Jul and Aug 2009 and
    NI 67 and NI 68 in Aug 2009, over the figures computed from the extract of 31 August 2009."""
    log = quality_view.revisions_table(frames["revisions"])
    assert list(zip(log["Month"], log["Indicator"])) == [
        ("Jul 2009", "NI 59"), ("Aug 2009", "NI 59"), ("Aug 2009", "NI 67"), ("Aug 2009", "NI 68")]
    first = log.iloc[0]
    assert (first["Month"], first["Indicator"], first["Change"]) == ("Jul 2009", "NI 59", "52.6% → 64.1%")
    assert (first["Counts"], first["Earlier load"], first["Restated by load"]) == (
        "41/78 → 50/78", frames["first"], frames["restated"])
    assert first["File"] == "computed from case load 14"
    assert log.iloc[2]["Change"] == "86.7% → 77.8%"  # a restatement downwards reads old to new too


def test_check_failures_come_back_as_rows_naming_file_row_column_value_rule():
    results = pd.DataFrame({
        "expectation": ["ExpectColumnValuesToMatchRegex", "ExpectColumnToExist"],
        "column_name": ["period", "indicator"], "rule": ["must be a month", "must be present"],
        "success": [False, True], "unexpected_count": [1, 0],
        "failures": [json.dumps([{"file": "oct.csv", "row": 3, "column": "period", "value": "2009-13",
                                  "rule": "must be a month"}]), "[]"],
    })
    failing = quality_view.check_failures(results)
    assert failing.to_dict("records") == [
        {"File": "oct.csv", "Row": "3", "Column": "period", "Value": "2009-13", "Rule": "must be a month"}]
    assert list(quality_view.check_table(results)["Result"]) == ["✖ Failed", "✔ Passed"]
