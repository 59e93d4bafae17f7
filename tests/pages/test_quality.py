"""The Data quality page under AppTest: loads and their checks, completeness, revisions, special causes."""
from loads import pipeline

from tests.helpers import HOME
from tests.pages.apptest import charts, metrics, start, text, traces


def frames(at):
    return [frame.value for frame in at.dataframe]


def test_the_quality_page_for_the_demo_data(seeded_db, seeded_path, monkeypatch):
    ids = [row[0] for row in seeded_db.execute("SELECT id FROM load ORDER BY id DESC").fetchall()]
    restatement = seeded_db.execute(
        "SELECT id FROM load WHERE file_name = 'returns_restated_2009-08.csv'").fetchall()[0][0]
    seeded_db.close()
    at = start(seeded_path, monkeypatch, "pages/quality.py")
    assert not at.exception
    shown = metrics(at)
    assert (shown["Files accepted"], shown["Files rejected"]) == (str(len(ids)), "0")
    assert (shown["Months present"], shown["Months restated"], shown["Months missing"]) == ("477", "3", "48")  # SA45: Haringey returns none (48 months)
    history, checks, revisions = frames(at)[:3]
    assert list(history["Load"]) == ids  # newest first
    assert history["sha256"].str.len().eq(64).all()
    assert set(history["Status"]) == {"✔ Accepted"}
    assert set(checks["Result"]) == {"✔ Passed"}  # the latest load's checks, all passed
    assert "every check passed" in text(at.success[0])
    assert list(revisions["Change"]) == ["66.2% → 70.7%", "77.4% → 80.5%", "91.3% → 89.7%"]
    assert set(revisions["Restated by load"]) == {restatement}
    heatmap = traces(charts(at)[0])["completeness"]
    assert len(heatmap["y"]) == 11 and len(heatmap["x"]) == 48
    assert heatmap["x"][0] == "Apr 2007" and heatmap["x"][-1] == "Mar 2011"
    row = heatmap["y"].index("NI59")
    assert heatmap["text"][row][heatmap["x"].index("Aug 2009")] == "✎"
    assert heatmap["text"][row][heatmap["x"].index("Jun 2009")] == "✔"


def test_the_period_selector_limits_the_grid(seeded_path, monkeypatch):
    at = start(seeded_path, monkeypatch, "pages/quality.py")
    at.selectbox(key="period").set_value("2009-09").run()
    assert not at.exception
    shown = metrics(at)
    assert (shown["Months present"], shown["Months restated"], shown["Months missing"]) == ("297", "3", "30")  # SA45: Apr 2007 to Sep 2009
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
    assert (metrics(at)["Months missing"]) == str(10 + 9 + 50)  # April for all ten, May for all but NI 59; SA45 never
    heatmap = traces(charts(at)[0])["completeness"]
    assert heatmap["x"][-1] == "May 2011"
    assert heatmap["text"][heatmap["y"].index("NI59")][-2] == "✖"


def test_an_organisation_with_no_revisions_says_so(seeded_path, monkeypatch):
    at = start(seeded_path, monkeypatch, "pages/quality.py")
    at.selectbox(key="org").set_value("E92000001").run()
    assert not at.exception
    assert "No figures for England have been restated." in [text(i) for i in at.info]
    assert HOME not in text(at.header[1])
