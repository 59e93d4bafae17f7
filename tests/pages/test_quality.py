"""The Data quality page under AppTest: loads and their checks, completeness, revisions, special causes."""
from loads import pipeline

from tests.helpers import HOME
from tests.pages.apptest import charts, metrics, start, text, traces


def frames(at):
    return [frame.value for frame in at.dataframe]


def test_the_quality_page_for_the_demo_data(seeded_db, seeded_path, monkeypatch):
    ids = [row[0] for row in seeded_db.execute("SELECT id FROM load ORDER BY id DESC").fetchall()]
    # the home authority's figures computed from its later case extract restate four of those
    # computed from the earlier one (the autumn 2009 case-file audit's corrections)
    restatement = seeded_db.execute(
        "SELECT id FROM load WHERE file_name = 'computed from case load 14'").fetchall()[0][0]
    earlier = seeded_db.execute(
        "SELECT id FROM load WHERE file_name = 'computed from case load 12'").fetchall()[0][0]
    restated = set(seeded_db.execute(
        "SELECT DISTINCT indicator, strftime(period, '%b %Y') FROM indicator_return "
        "WHERE org = ? AND superseded_by IS NOT NULL", [HOME]).fetchall())
    assert restated == {("NI59", "Jul 2009"), ("NI59", "Aug 2009"), ("NI67", "Aug 2009"), ("NI68", "Aug 2009")}
    cells = seeded_db.execute(
        "SELECT count(*) FROM (SELECT DISTINCT indicator, period FROM indicator_return WHERE org = ?)",
        [HOME]).fetchall()[0][0]
    assert cells == 11 * 48  # every indicator, every month from April 2007 to March 2011
    seeded_db.close()
    at = start(seeded_path, monkeypatch, "pages/quality.py")
    assert not at.exception
    shown = metrics(at)
    assert (shown["Files accepted"], shown["Files rejected"]) == (str(len(ids)), "0")
    assert (shown["Months present"], shown["Months restated"], shown["Months missing"]) == ("524", "4", "0")
    history, checks, revisions = frames(at)[:3]
    assert list(history["Load"]) == ids  # newest first
    assert history["sha256"].str.len().eq(64).all()
    assert set(history["Status"]) == {"✔ Accepted"}
    assert set(checks["Result"]) == {"✔ Passed"}  # the latest load's checks, all passed
    assert "every check passed" in text(at.success[0])
    assert list(zip(revisions["Month"], revisions["Indicator"], revisions["Change"], revisions["Counts"])) == [
        ("Jul 2009", "NI 59", "52.6% → 64.1%", "41/78 → 50/78"), ("Aug 2009", "NI 59", "58.5% → 65.9%", "48/82 → 54/82"),
        ("Aug 2009", "NI 67", "86.7% → 77.8%", "39/45 → 35/45"), ("Aug 2009", "NI 68", "56.9% → 62.9%", "66/116 → 73/116")]
    assert set(revisions["Earlier load"]) == {earlier} and set(revisions["Restated by load"]) == {restatement}
    heatmap = traces(charts(at)[0])["completeness"]
    assert len(heatmap["y"]) == 11 and len(heatmap["x"]) == 48
    assert heatmap["x"][0] == "Apr 2007" and heatmap["x"][-1] == "Mar 2011"
    marks = {(code, month): heatmap["text"][i][j]
             for i, code in enumerate(heatmap["y"]) for j, month in enumerate(heatmap["x"])}
    assert {cell for cell, mark in marks.items() if mark == "✎"} == restated
    assert {mark for cell, mark in marks.items() if cell not in restated} == {"✔"}


def test_the_period_selector_limits_the_grid(seeded_path, monkeypatch):
    at = start(seeded_path, monkeypatch, "pages/quality.py")
    at.selectbox(key="period").set_value("2009-09").run()
    assert not at.exception
    shown = metrics(at)
    assert (shown["Months present"], shown["Months restated"], shown["Months missing"]) == ("326", "4", "0")  # 11 x 30 months, Apr 2007 to Sep 2009
    heatmap = traces(charts(at)[0])["completeness"]
    assert heatmap["x"][-1] == "Sep 2009"


def test_a_rejected_load_shows_its_failing_rows_and_a_gap_shows_as_missing(seeded_db, seeded_path, monkeypatch):
    bad = b"indicator,period,numerator,denominator\nNI59,2011-04,12,10\nNI60,2011-13,3,10\n"
    pipeline.commit(seeded_db, pipeline.prepare(seeded_db, "returns", bad, "april.csv"), "test-officer")
    good = b"indicator,period,numerator,denominator\nNI59,2011-05,5,10\n"  # April is missing for every indicator
    pipeline.commit(seeded_db, pipeline.prepare(seeded_db, "returns", good, "may.csv"), "test-officer")
    seeded_db.close()
    at = start(seeded_path, monkeypatch, "pages/quality.py")
    assert not at.exception
    assert metrics(at)["Files rejected"] == "1"
    assert at.selectbox(key="quality_load").value == 1  # the rejected load (second newest) is shown first
    assert "april.csv" in text(at.error[0]) and "was rejected" in text(at.error[0])
    failing = frames(at)[2]
    assert {(r["Row"], r["Column"], r["Value"]) for r in failing.to_dict("records")} == {
        ("2", "numerator", "12"), ("3", "period", "2011-13")}
    assert (metrics(at)["Months missing"]) == str(11 + 10)  # April for all eleven, May for all but NI 59
    heatmap = traces(charts(at)[0])["completeness"]
    assert heatmap["x"][-1] == "May 2011"
    assert heatmap["text"][heatmap["y"].index("NI59")][-2] == "✖"


def test_an_organisation_with_no_revisions_says_so(seeded_path, monkeypatch):
    at = start(seeded_path, monkeypatch, "pages/quality.py")
    at.selectbox(key="org").set_value("E92000001").run()
    assert not at.exception
    assert "No figures for England have been restated." in [text(i) for i in at.info]
    assert HOME not in text(at.header[1])
