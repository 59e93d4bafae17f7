"""The Scorecard page under AppTest: counts, the table in attention order, the period selector, click-through."""
from tests.pages.apptest import metrics, start, text


def table(at):
    return at.dataframe[0].value.set_index("code")


def test_the_latest_month_scorecard(seeded_path, monkeypatch):
    at = start(seeded_path, monkeypatch)
    assert not at.exception
    assert metrics(at) == {
        "✖ Red": "2", "▲ Amber": "4", "✔ Green": "4", "No RAG (no target or no return)": "1",  # SA45: no target
        "⚠ Special cause: concern": "0",
    }
    rows = table(at)
    assert len(rows) == 11
    assert list(rows["RAG (year to date)"])[:6] == ["✖ Red"] * 2 + ["▲ Amber"] * 4  # attention first
    assert list(rows.index[:2]) == ["NI60", "NI64"]  # the reds: NI 60 74.9% against 82%, NI 64 7.7% against 5%
    ni59 = rows.loc["NI59"]
    # 54/66 in the month; 705/871 from April 2010 to March 2011
    assert (ni59["In month"], ni59["Year to date"], ni59["Target"]) == ("81.8%", "80.9%", "80.0%")
    assert ni59["RAG (year to date)"] == "✔ Green"
    assert "10 working days" in ni59["Title"]
    assert len(ni59["Trend"]) == 24
    # beside each code, its title in words a Cabinet member can read (shortened at a whole word)
    assert list(rows.columns[:2]) == ["Indicator", "Short title"]
    assert (rows.loc["NI63", "Indicator"], rows.loc["NI63", "Short title"]) == (
        "NI 63", "Stability of placements of looked after children: length…")
    assert rows.loc["NI64", "Short title"] == "Child protection plans lasting 2 years or more"  # short enough already


def test_choosing_another_month_changes_the_figures(seeded_path, monkeypatch):
    at = start(seeded_path, monkeypatch)
    at.selectbox(key="period").set_value("2009-09").run()
    assert not at.exception
    assert "Sep 2009" in text(at.caption[0])
    assert metrics(at)["✖ Red"] == "4" and metrics(at)["▲ Amber"] == "4" and metrics(at)["✔ Green"] == "2"
    rows = table(at)
    assert list(rows["RAG (year to date)"])[:5] == ["✖ Red"] * 4 + ["▲ Amber"]
    ni59 = rows.loc["NI59"]
    # 66/94 in the month; 322/525 from April 2009, against 346/510 (67.8%) a year before
    assert (ni59["In month"], ni59["Year to date"], ni59["Target"]) == ("70.2%", "61.3%", "78.0%")
    assert ni59["Vs last month"] == "⬆ Improving" and ni59["Vs last year"] == "⬇ Deteriorating"
    assert "7 working days" in ni59["Title"]  # the definition in force that month


def test_an_organisation_without_targets_has_no_rag(seeded_path, monkeypatch):
    at = start(seeded_path, monkeypatch)
    at.selectbox(key="org").set_value("E92000001").run()
    assert not at.exception
    assert "England" in text(at.caption[0])
    assert metrics(at)["No RAG (no target or no return)"] == "11"
    assert set(table(at)["RAG (year to date)"]) == {"— No RAG"}


def test_click_through_opens_the_detail_page_on_that_indicator(seeded_path, monkeypatch):
    at = start(seeded_path, monkeypatch)
    at.selectbox(key="scorecard_open").set_value("NI62").run()
    at.button(key="scorecard_open_detail").click().run()
    assert not at.exception
    assert at.title[0].value == "Indicator detail"
    assert at.selectbox(key="detail_indicator").value == "NI62"
    assert text(at.header[0]).startswith("NI 62: Stability of placements")


def test_each_row_says_how_it_compares_with_england_as_the_command_line_does(seeded_path, monkeypatch):
    """The Vs England column: the month's figure against England's by the row's Wilson 95% limits."""
    import json
    import subprocess
    import sys

    from ui.compare_view import VS_ENGLAND_WORDS

    done = subprocess.run([sys.executable, "-m", "cli", "--db", str(seeded_path), "scorecard", "--period", "2009-09",
                           "--json"], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    expected = {r["indicator"]: r["vs_england"] for r in json.loads(done.stdout)}
    at = start(seeded_path, monkeypatch)
    at.selectbox(key="period").set_value("2009-09").run()
    shown = table(at)["Vs England"].to_dict()
    assert shown == {code: VS_ENGLAND_WORDS[value] for code, value in expected.items()}
    assert {expected["NI59"], expected["NI60"]} <= {"better", "similar", "worse"}  # England has both that month
