"""The Indicator detail page under AppTest: metrics, the SPC chart's spec, definition, data, download."""
import pandas as pd
import pytest

from ops.commentary import write_commentary
from tests.helpers import HOME
from tests.pages.apptest import charts, frame_with, metrics, start, text, traces


POINT_TYPES = {"Common cause variation", "Special cause: improvement", "Special cause: concern",
               "Special cause: neutral (high)", "Special cause: neutral (low)"}


def chart(at):
    found = charts(at)
    assert len(found) == 1
    return traces(found[0]), found[0]


def test_the_detail_page_for_the_latest_month(seeded_path, monkeypatch):
    at = start(seeded_path, monkeypatch, "pages/detail.py")
    assert not at.exception
    assert at.selectbox(key="detail_indicator").value == "NI59"
    assert text(at.header[0]) == "NI 59: Initial assessments for children's social care carried out within 10 working days of referral"
    shown = metrics(at)
    assert shown["In month (Mar 2011)"] == "81.8%"  # 54/66
    # 705/871 from April 2010 to March 2011, against the 2010-11 target of 80%
    assert (shown["Year to date"], shown["Target"], shown["RAG (year to date)"]) == ("80.9%", "80.0%", "✔ Green")
    named, figure = chart(at)
    assert {"Target", "Year to date", "England", "London", "Haringey statistical neighbours (average)"} <= set(named)
    assert named["Target"]["y"][-1] == 80.0
    assert named["Year to date"]["y"][-1] == pytest.approx(80.9414, abs=1e-3)
    assert len(named["Target"]["x"]) == 48
    # the 10-working-day definition from April 2010 starts a new SPC phase
    assert [pd.Timestamp(shape["x0"]) for shape in figure["layout"]["shapes"]] == [pd.Timestamp("2010-04-01")]
    assert named["Mean"]["y"].count(None) == 1  # two phases, not joined up
    kinds = [name for name in named if name in POINT_TYPES]
    assert sum(len(named[k]["x"]) for k in kinds) == 48  # every month is a point, coloured by its type
    assert "Special cause: concern" in kinds  # the dip of winter 2008-09 (41.7% in April 2009)
    versions = frame_with(at, "Version")
    assert list(versions["Version"]) == [1, 2]
    assert list(versions["In force in the chosen month"]) == ["", "✔ yes"]
    spc = [m.value for m in at.markdown if m.value.startswith("**Variation (SPC):**")]
    assert len(spc) == 1 and "Common cause variation" in spc[0]  # a new phase from the new definition
    assert "worked out afresh from Apr 2010" in " ".join(text(c) for c in at.caption)
    assert [b.proto.label for b in at.get("download_button")] == ["Download the series (CSV)"]
    assert "No commentary on NI 59 for Mar 2011." in [text(i) for i in at.info]


def test_choosing_another_month_redraws_up_to_that_month(seeded_path, monkeypatch):
    at = start(seeded_path, monkeypatch, "pages/detail.py")
    at.selectbox(key="period").set_value("2009-09").run()
    assert not at.exception
    assert metrics(at)["In month (Sep 2009)"] == "70.2%"  # 66/94
    named, figure = chart(at)
    assert pd.Timestamp(named["Year to date"]["x"][-1]) == pd.Timestamp("2009-09-01")
    assert named["Year to date"]["y"][-1] == pytest.approx(61.3333, abs=1e-3)  # 322/525
    assert named["Target"]["y"][-1] == 78.0
    assert figure["layout"].get("shapes", []) == []  # no new definition yet
    assert None not in named["Mean"]["y"]  # one phase
    milestones = named["Milestone completed"]
    assert milestones["x"] and max(pd.Timestamp(x) for x in milestones["x"]) <= pd.Timestamp("2009-09-30")
    assert all(t.startswith("Action ") for t in milestones["text"])
    versions = frame_with(at, "Version")
    assert list(versions["In force in the chosen month"]) == ["✔ yes", ""]
    data = frame_with(at, "Revisions").set_index("Month")
    assert data.index[0] == "Sep 2009"
    # 48/82 from the extract of 31 August 2009, restated to 54/82 by the later one
    assert data.loc["Aug 2009", "Revisions"].startswith("✎ was 58.5%")


def test_another_indicator_and_organisation(seeded_path, monkeypatch):
    at = start(seeded_path, monkeypatch, "pages/detail.py")
    at.selectbox(key="detail_indicator").set_value("NI67").run()
    at.selectbox(key="org").set_value("E12000007").run()
    assert not at.exception
    assert text(at.header[0]).startswith("NI 67: Child protection cases")
    named, _ = chart(at)
    assert "London" not in named and "England" in named  # an organisation is not its own comparator
    assert "Target" not in named  # London has no targets


def test_commentary_is_shown_as_text(seeded_db, seeded_path, monkeypatch):
    write_commentary(seeded_db, "NI59", HOME, "2009-10", "Two social workers left; **agency** cover from <b>November</b> "
                     "[link](http://x).", "A. Officer")
    seeded_db.close()
    at = start(seeded_path, monkeypatch, "pages/detail.py")
    at.selectbox(key="period").set_value("2009-10").run()
    assert not at.exception
    said = [m.value for m in at.markdown if "social workers" in m.value]
    assert len(said) == 1
    assert "\\*\\*agency\\*\\*" in said[0] and "\\<b\\>" in said[0] and "\\[link\\]" in said[0]
    assert text(at.markdown[[m.value for m in at.markdown].index(said[0])]) == (
        "**What happened:** Two social workers left; **agency** cover from <b>November</b> [link](http://x).")
