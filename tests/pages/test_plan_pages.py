"""The plan pages under AppTest on the demo database: tracker, exception report, risks and issues."""
import datetime as dt

from tests.pages.apptest import charts, metrics, start, text, traces


def test_the_tracker_shows_the_latest_status_by_theme_and_filters(seeded_path, monkeypatch):
    at = start(seeded_path, monkeypatch, "pages/plan.py")
    assert not at.exception
    assert at.title[0].value == "Plan tracker"
    assert at.date_input(key="plan_as_of").value == dt.date(2009, 10, 31)  # the latest status update
    shown = metrics(at)
    assert shown["Milestones"] == "362"
    assert int(shown["Complete"]) > int(shown["Off track"]) > 0
    by_theme = charts(at)[0]
    bars = traces(by_theme)
    assert bars["Complete"]["y"][0] == "Leadership and Partnership"
    assert sum(sum(trace["x"]) for trace in bars.values()) == 362
    assert sum(bars["Complete"]["x"]) == int(shown["Complete"])
    every = at.dataframe[-1].value
    assert len(every) == 362 and list(every.columns)[:3] == ["Action", "No.", "Status"]

    at.multiselect(key="plan_theme").set_value(["Commissioning and resources"]).run()
    at.multiselect(key="plan_status").set_value(["off_track"]).run()
    assert not at.exception
    every = at.dataframe[-1].value
    assert set(every["Theme"]) == {"Commissioning and resources"} and set(every["Status"]) == {"Off track"}
    assert metrics(at)["Milestones"] == str(len(every))


def test_an_earlier_date_shows_the_status_reported_by_then(seeded_path, monkeypatch):
    at = start(seeded_path, monkeypatch, "pages/plan.py")
    october = int(metrics(at)["Complete"])
    at.date_input(key="plan_as_of").set_value(dt.date(2009, 5, 31)).run()
    assert not at.exception
    assert int(metrics(at)["Complete"]) < october
    due = at.dataframe[0].value  # due in the next 3 months: June to August 2009
    assert len(due) > 0 and set(due["Status"]) <= {"On track", "At risk", "Off track", "Not started"}
    timeline = charts(at)[-1]
    assert timeline["layout"]["shapes"][0]["x0"] == "2009-05-31"  # the as-of line


def test_the_exception_report_lists_the_boards_exceptions(seeded_path, monkeypatch):
    at = start(seeded_path, monkeypatch, "pages/exceptions.py")
    assert not at.exception
    assert at.title[0].value == "Milestone exception report"
    table = at.dataframe[0].value
    shown = metrics(at)
    assert shown["Exceptions"] == str(len(table))
    assert int(shown["Off track"]) == (table["Status"] == "Off track").sum()
    assert set(table["Status"]) <= {"Off track", "At risk", "On track", "Complete", "Not started"}
    assert ((table["Status"].isin(["Off track", "At risk"])) | (table["Overdue"] == "Overdue")).all()
    assert table["Commentary"].str.endswith("(synthetic)").all()
    at.date_input(key="exceptions_as_of").set_value(dt.date(2009, 3, 31)).run()
    assert not at.exception
    assert int(metrics(at)["Exceptions"]) < len(table)


def test_the_risks_page_draws_the_grid_and_the_register(seeded_path, monkeypatch):
    at = start(seeded_path, monkeypatch, "pages/risks.py")
    assert not at.exception
    assert at.title[0].value == "Risks and issues"
    register = at.dataframe[0].value
    assert list(register["Code"])[:2] == ["R1", "R2"]  # highest score first
    assert register.set_index("Code").loc["I2", "Status"] == "Closed"
    grid = traces(charts(at)[0])["risks"]
    assert grid["text"][3][4] == "R1"  # likelihood 4, impact 5
    assert metrics(at)["Open risks"] == "5" and metrics(at)["Closed"] == "1"
    at.date_input(key="risks_as_of").set_value(dt.date(2009, 7, 1)).run()
    grid = traces(charts(at)[0])["risks"]
    assert grid["text"][4][4] == "R1"  # as reviewed in June: likelihood 5, impact 5
    assert metrics(at)["Closed"] == "0"


def test_the_plan_pages_explain_an_empty_store(fresh_path, monkeypatch):
    at = start(fresh_path, monkeypatch, "pages/plan.py")
    assert not at.exception
    assert "No improvement plan loaded yet" in text(at.info[0])
    at.switch_page("pages/exceptions.py").run()
    assert not at.exception and "No improvement plan loaded yet" in text(at.info[0])
    at.switch_page("pages/risks.py").run()
    assert not at.exception and "No risks or issues reviewed" in text(at.info[0])
