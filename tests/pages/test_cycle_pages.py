"""The monthly cycle on the pages, under AppTest: commentary written on the detail page (and shown
there and on the scorecard), the scorecard as signed off, the approver's sign-off and reopening,
who sees which control, hostile commentary shown as text, and the Data quality page's returns
this month and changes since sign-off. "Today" is 16 November 2009 ($PIDASH_TODAY), so September
2009 is past and its returns are due; a role comes from a roles file, as with sign-in."""
from __future__ import annotations

import contextlib
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from data import cycle_queries, store
from ops import signoff
from tests.cycle.conftest import fill_unreturned, load_returns_on
from tests.helpers import HOME
from tests.pages.apptest import APP, TIMEOUT, frame_with, run_app_py_every_time, start, text
from ui.safe import plain
from vocab import Role

TODAY = "2009-11-16"
AUTH = {"auth": {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "test-cookie-secret-of-thirty-two-characters-or-more",
    "client_id": "pidash", "client_secret": "test-client-secret",
    "server_metadata_url": "https://idp.example/.well-known/openid-configuration",
}}
HOSTILE = '<script>alert(1)</script> =HYPERLINK("http://evil.example","open") **x** [link](http://evil.example)'


@pytest.fixture(autouse=True)
def november_2009(monkeypatch):
    monkeypatch.setenv("PIDASH_TODAY", TODAY)


def signed_in(db: Path, monkeypatch, tmp_path, role: str, page: str | None = None,
              period: str = "2009-09") -> AppTest:
    """The app on `db` for role@example.gov.uk holding `role`, on `page`, showing `period`."""
    roles = tmp_path / "roles.toml"
    roles.write_text(f'[users]\n"{role}@example.gov.uk" = "{role}"\n')
    monkeypatch.setenv("PIDASH_DB", str(db))
    monkeypatch.setenv("PIDASH_ROLES", str(roles))
    run_app_py_every_time(monkeypatch)
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.secrets = {key: dict(value) for key, value in AUTH.items()}
    at.user = {"is_logged_in": True, "email": f"{role}@example.gov.uk"}
    at.run()
    if page:
        at.switch_page(page).run()
    at.selectbox(key="period").set_value(period).run()
    assert not at.exception
    return at


def labelled(elements, label: str):
    found = [e for e in elements if e.label == label]
    assert len(found) == 1, [e.label for e in elements]
    return found[0]


def button(at: AppTest, label: str):
    return labelled(at.button, label)


def has_button(at: AppTest, label: str) -> bool:
    return any(b.label == label for b in at.button)


def row(at: AppTest, code: str):
    """The scorecard table's line for `code` (the first data frame on the Scorecard page)."""
    return at.dataframe[0].value.set_index("code").loc[code]


def write_on_the_page(at: AppTest, text_: str, doing: str = "", action=None, expected_by=None) -> AppTest:
    labelled(at.text_area, "What happened").set_value(text_)
    labelled(at.text_area, "What is being done").set_value(doing)
    if action is not None:
        labelled(at.selectbox, "Plan action (optional)").set_value(action)
    if expected_by is not None:
        labelled(at.selectbox, "Expected by (optional)").set_value(expected_by)
    return button(at, "Save commentary").click().run()


def markdown_values(at: AppTest) -> list[str]:
    return [m.value for m in at.markdown]


def latest(path: Path, indicator: str, period: str):
    with contextlib.closing(store.connect(path, read_only=True)) as con:
        return cycle_queries.commentary_history(con, [HOME], [indicator], period)


def without_return(con, indicator: str, period: str) -> None:
    """As if the home authority's `indicator` return for `period` had never come (the demo has every
    one: its NI 61 hand-made, the rest computed from its case records)."""
    with store.transaction(con):
        con.execute("DELETE FROM indicator_return WHERE org = ? AND indicator = ? AND period = ?::DATE",
                    [HOME, indicator, period + "-01"])
    assert indicator in cycle_queries.unreturned(con, period, HOME)


def signoff_rows(path: Path, period: str):
    with contextlib.closing(store.connect(path, read_only=True)) as con:
        return cycle_queries.signoffs(con, HOME, period)


# --- commentary on the detail page ----------------------------------------------------------------

def test_a_data_officer_writes_commentary_and_it_shows_on_the_detail_page_and_the_scorecard(
        seeded_path, monkeypatch, tmp_path):
    at = signed_in(seeded_path, monkeypatch, tmp_path, "data_officer", period="2009-10")
    assert row(at, "NI59")["Commentary needed"] == "⚑ Commentary needed"  # October is red and unexplained
    assert row(at, "NI59")["Commentary"] == ""
    at.switch_page("pages/detail.py").run()
    assert at.selectbox(key="detail_indicator").value == "NI59"
    assert "No commentary on NI 59 for Oct 2009." in [text(i) for i in at.info]

    at = write_on_the_page(at, "Agency staff left in October.\nA second line for the detail page.",
                           "Two permanent social workers start in December", "3.2.1", "2010-01")
    assert not at.exception
    assert "Commentary version 1 saved for NI 59, Oct 2009." in [text(s) for s in at.success]
    shown = [text(m) for m in at.markdown]
    assert "**What happened:** Agency staff left in October.  \nA second line for the detail page." in shown
    assert "**What is being done:** Two permanent social workers start in December" in shown
    assert "**Plan action:** 3.2.1" in shown and "**Expected by:** Jan 2010" in shown
    assert any(text(c).startswith("Version 1 · written by data_officer@example.gov.uk on ") for c in at.caption)
    stored = latest(seeded_path, "NI59", "2009-10")
    assert list(stored["author"]) == ["data_officer@example.gov.uk"] and list(stored["action"]) == ["3.2.1"]
    assert stored["expected_by"].iloc[0].strftime("%Y-%m") == "2010-01"

    # a second version: the form starts from the first; both are kept, newest first
    assert labelled(at.text_area, "What happened").value.startswith("Agency staff left in October.")
    at = write_on_the_page(at, "Agency staff left in October; two have been replaced.")
    assert "Commentary version 2 saved for NI 59, Oct 2009." in [text(s) for s in at.success]
    history = next(f.value for f in at.dataframe if "Version" in f.value.columns and "By" in f.value.columns)
    assert list(history["Version"]) == [2, 1]
    assert list(history["What happened"]) == ["Agency staff left in October; two have been replaced.",
                                              "Agency staff left in October.\nA second line for the detail page."]
    assert len(latest(seeded_path, "NI59", "2009-10")) == 2

    at.switch_page("pages/scorecard.py").run()
    assert not at.exception
    ni59 = row(at, "NI59")
    assert ni59["Commentary"] == "Agency staff left in October; two have been replaced."
    assert ni59["Commentary needed"] == ""


def test_commentary_the_rules_refuse_is_a_plain_message_and_nothing_is_written(seeded_path, monkeypatch, tmp_path):
    at = signed_in(seeded_path, monkeypatch, tmp_path, "data_officer", "pages/detail.py", period="2009-10")
    at = write_on_the_page(at, "   ")
    assert not at.exception
    assert [text(e) for e in at.error] == ["text (blank): must not be blank"]
    assert latest(seeded_path, "NI59", "2009-10").empty
    assert not at.success


@pytest.mark.parametrize("role, form, panel", [
    ("viewer", False, False),
    ("data_officer", True, False),  # writes commentary, cannot sign off
    ("approver", True, True),
])
def test_who_sees_the_commentary_form_and_the_signoff_panel(seeded_path, monkeypatch, tmp_path, role, form, panel):
    at = signed_in(seeded_path, monkeypatch, tmp_path, role)
    assert not at.exception
    assert ("Sign-off: Sep 2009" in [s.value for s in at.subheader]) is panel
    assert has_button(at, "Sign off Sep 2009") is panel
    assert at.toggle(key="scorecard_as_signed_off").value is False  # everyone may read the signed-off scorecard
    at.switch_page("pages/detail.py").run()
    assert not at.exception
    assert has_button(at, "Save commentary") is form
    assert (len(at.text_area) == 2) is form
    assert ("A data officer (or above) writes commentary here." in [c.value for c in at.caption]) is not form


# --- signing off and reopening on the scorecard --------------------------------------------------

def test_an_approver_signs_off_a_month_that_is_not_ready_only_with_an_override_and_reopens_it(
        seeded_db, seeded_path, monkeypatch, tmp_path):
    without_return(seeded_db, "NI61", "2009-09")  # September's NI 61 (the one hand-made return) never came
    seeded_db.close()
    at = signed_in(seeded_path, monkeypatch, tmp_path, "approver")
    assert [text(w) for w in at.warning] == [
        "Not ready for sign-off: 1 return(s) missing (NI61). Signing off anyway needs an override reason."]
    waiting = next(f.value for f in at.dataframe if "Return" in f.value.columns)
    assert list(zip(waiting["Indicator"], waiting["Return"])) == [("NI 61", "✖ Missing")]
    assert labelled(at.text_area, "Override reason (required: the month is not ready)")

    button(at, "Sign off Sep 2009").click().run()  # no override reason: refused, nothing recorded
    assert not at.exception
    [refusal] = [text(e) for e in at.error]
    assert refusal.startswith("E09000014 2009-09 is not ready for sign-off: 1 return(s) missing (NI61).")
    assert "override reason" in refusal
    assert signoff_rows(seeded_path, "2009-09").empty

    labelled(at.text_area, "Note (optional; kept with the sign-off)").set_value("PI report to Scrutiny")
    labelled(at.text_area, "Override reason (required: the month is not ready)").set_value(
        "NI61 from the adoption team, not yet sent")
    button(at, "Sign off Sep 2009").click().run()
    assert not at.exception
    rows = signoff_rows(seeded_path, "2009-09")
    assert list(zip(rows["kind"], rows["signed_by"], rows["note"], rows["override"])) == [
        ("signoff", "approver@example.gov.uk", "PI report to Scrutiny", "NI61 from the adoption team, not yet sent")]
    assert "Sep 2009 signed off, with the figures loaded up to load" in " ".join(text(s) for s in at.success)
    assert any(text(s).startswith("Signed off by approver@example.gov.uk on ")
               and "Note: PI report to Scrutiny. Signed off although not ready: NI61 from the adoption team" in text(s)
               for s in at.success)
    assert not has_button(at, "Sign off Sep 2009") and has_button(at, "Reopen Sep 2009")

    button(at, "Reopen Sep 2009").click().run()  # a reason is required
    assert [text(e) for e in at.error] == ["reason (blank): must not be blank; say why the month is reopened"]
    assert list(signoff_rows(seeded_path, "2009-09")["kind"]) == ["signoff"]
    labelled(at.text_area, "Why reopen it (required; kept with the reopening)").set_value("NI59 restated")
    button(at, "Reopen Sep 2009").click().run()
    assert not at.exception
    rows = signoff_rows(seeded_path, "2009-09")
    assert list(zip(rows["kind"], rows["note"])) == [("signoff", "PI report to Scrutiny"), ("reopen", "NI59 restated")]
    assert has_button(at, "Sign off Sep 2009") and not has_button(at, "Reopen Sep 2009")
    assert any("was reopened by approver@example.gov.uk" in text(c) for c in at.caption)


def test_a_ready_month_is_signed_off_without_an_override(seeded_db, seeded_path, monkeypatch, tmp_path):
    assert fill_unreturned(seeded_db, tmp_path, "2009-09") == []  # the demo's September has every return
    seeded_db.close()
    at = signed_in(seeded_path, monkeypatch, tmp_path, "approver")
    assert [text(s) for s in at.success][-1].startswith("Ready for sign-off: every return for Sep 2009 is in")
    assert not at.warning
    labelled(at.text_area, "Override reason (only for a month that is not ready)")
    button(at, "Sign off Sep 2009").click().run()
    assert not at.exception and not at.error
    rows = signoff_rows(seeded_path, "2009-09")
    assert list(zip(rows["kind"], rows["override"].isna())) == [("signoff", True)]


def test_the_as_signed_off_toggle_shows_the_signed_off_figure_after_a_restatement(
        seeded_db, seeded_path, monkeypatch, tmp_path):
    import datetime as dt

    without_return(seeded_db, "NI61", "2009-09")  # so the sign-off needs an override, shown with it
    signoff.sign_off(seeded_db, HOME, "2009-09", "a.approver", Role.APPROVER, note="for Scrutiny",
                     override="NI61 not yet sent", today=dt.date(2009, 11, 16))
    load_returns_on(seeded_db, tmp_path, "restated.csv", "NI59,2009-09,160,189\n", "2009-11-20 09:00")
    seeded_db.close()
    at = start(seeded_path, monkeypatch)  # local mode: admin
    at.selectbox(key="period").set_value("2009-09").run()
    assert not at.exception
    live = row(at, "NI59")
    assert live["In month"] == "84.7%"  # the restated figure
    assert live["Since sign-off"] == ("↻ Changed since sign-off: in month 70.2% → 84.7%; year to date 61.3% → 67.1%; "
                                      "SPC ~ Common cause variation → ★ Special cause: improvement")
    assert row(at, "NI60")["Since sign-off"] == ""
    assert any(text(c).startswith("Signed off by a.approver on ") for c in at.caption)

    at.toggle(key="scorecard_as_signed_off").set_value(True).run()
    assert not at.exception
    signed = row(at, "NI59")
    assert signed["In month"] == "70.2%" and signed["Year to date"] == "61.3%"  # as signed off
    assert set(at.dataframe[0].value["Since sign-off"]) == {""}
    assert signed["Commentary"].startswith("September 2009: 70.2% in the month and 61.3% year to date")
    said = text(at.success[0])  # the signed-off scorecard's own line (an admin also sees the sign-off panel)
    assert said.startswith("Signed off by a.approver on ") and "up to load" in said
    assert "Note: for Scrutiny. Signed off although not ready: NI61 not yet sent." in said

    at.selectbox(key="period").set_value("2009-10").run()  # never signed off
    assert not at.exception
    assert [text(i) for i in at.info] == ["Oct 2009 has not been signed off. There is no signed-off scorecard to show."]
    assert not [f for f in at.dataframe if "In month" in f.value.columns] and not at.metric  # no scorecard at all


# --- text people typed, shown as text ---------------------------------------------------------------

def test_hostile_commentary_is_shown_as_text_on_the_detail_page_and_the_scorecard(seeded_path, monkeypatch, tmp_path):
    at = signed_in(seeded_path, monkeypatch, tmp_path, "data_officer", "pages/detail.py", period="2009-10")
    at = write_on_the_page(at, HOSTILE, doing="**bold** <b>not</b>")
    assert not at.exception
    values = markdown_values(at)
    assert f"**What happened:** {plain(HOSTILE)}" in values  # every markdown character escaped
    assert "\\<script\\>alert\\(1\\)\\</script\\>" in plain(HOSTILE) and "\\*\\*x\\*\\*" in plain(HOSTILE)
    assert "**What is being done:** \\*\\*bold\\*\\* \\<b\\>not\\</b\\>" in values
    assert f"**What happened:** {HOSTILE}" in [text(m) for m in at.markdown]  # read back, exactly the text
    history = next(f.value for f in at.dataframe if "What happened" in f.value.columns)
    assert history["What happened"].iloc[0] == HOSTILE  # a data frame shows text as it is
    assert list(latest(seeded_path, "NI59", "2009-10")["text"]) == [HOSTILE]  # stored exactly as written

    at.switch_page("pages/scorecard.py").run()
    assert not at.exception
    assert row(at, "NI59")["Commentary"] == '<script>alert(1)</script> =HYPERLINK("http://evil.example","open") **x**…'


# --- the Data quality page: returns this month, and what changed since sign-off -------------------

def test_the_quality_page_shows_each_return_readiness_and_what_changed_since_signoff(
        seeded_db, seeded_path, monkeypatch, tmp_path):
    import datetime as dt

    # the demo has all of October's returns, first loaded when the demo was built (late, for 2009):
    # here its NI 61 first arrives on time (due 13 November), by this load, and its SA45 never does
    without_return(seeded_db, "NI61", "2009-10")
    without_return(seeded_db, "SA45", "2009-10")
    on_time = load_returns_on(seeded_db, tmp_path, "october.csv", "NI61,2009-10,1,3\n", "2009-11-05 10:00")
    signoff.sign_off(seeded_db, HOME, "2009-09", "a.approver", Role.APPROVER, today=dt.date(2009, 11, 16))
    restated = load_returns_on(seeded_db, tmp_path, "restated.csv", "NI59,2009-09,160,189\n", "2009-11-20 09:00")
    seeded_db.close()
    at = start(seeded_path, monkeypatch, "pages/quality.py")
    at.selectbox(key="period").set_value("2009-10").run()
    assert not at.exception
    assert "Returns this month: Oct 2009" in [h.value for h in at.header]
    summary = frame_with(at, "Ready for sign-off").set_index("Organisation")
    haringey = summary.loc["Haringey (E09000014)"]
    assert haringey["Ready for sign-off"] == ("✖ Not ready: 1 return(s) missing (SA45); 5 red or concern indicator(s) "
                                              "without commentary (NI59, NI60, NI62, NI65, NI67)")
    assert (haringey["Received"], haringey["Received late"], haringey["Missing"]) == (1, 9, 1)
    assert haringey["Commentary needed"] == "⚑ Commentary needed: NI 59, NI 60, NI 62, NI 65, NI 67"
    assert haringey["Sign-off"] == "Oct 2009 has not been signed off."
    returns = frame_with(at, "First loaded")
    mine = returns[returns["Organisation"] == "Haringey (E09000014)"].set_index("Indicator")
    assert mine.loc["NI 61", "Return"] == "✔ Received"
    assert (mine.loc["NI 61", "Load"], mine.loc["NI 61", "File"]) == (str(on_time), "october.csv")
    assert mine.loc["NI 61", "First loaded"] == "05 Nov 2009 10:00"
    assert mine.loc["NI 60", "Return"] == "◷ Received late"
    assert (mine.loc["NI 60", "Load"], mine.loc["NI 60", "File"]) == ("15", "computed from case load 14")
    assert mine.loc["SA45", "Return"] == "✖ Missing"
    assert "Nothing has been loaded for Oct 2009 since it was signed off (or it is not signed off)." in [
        text(i) for i in at.info]

    at.selectbox(key="period").set_value("2009-09").run()
    assert not at.exception
    lines = frame_with(at, "Assurance (SPC)")
    assert list(zip(lines["Indicator"], lines["In month"], lines["Year to date"])) == [
        ("NI 59", "70.2% → 84.7%", "61.3% → 67.1%")]
    figures = frame_with(at, "At sign-off")
    assert list(zip(figures["Indicator"], figures["Month"], figures["Now"], figures["Loaded by load"])) == [
        ("NI 59", "Sep 2009", "84.7%", str(restated))]
    assert figures["At sign-off"].iloc[0].startswith("70.2% (load ")


def test_before_its_due_day_a_return_is_not_yet_due(seeded_db, seeded_path, monkeypatch):
    monkeypatch.setenv("PIDASH_TODAY", "2009-11-10")  # October's returns are due on 13 November
    without_return(seeded_db, "SA45", "2009-10")  # as if it had not come yet
    seeded_db.close()
    at = start(seeded_path, monkeypatch, "pages/quality.py")
    at.selectbox(key="period").set_value("2009-10").run()
    assert not at.exception
    returns = frame_with(at, "First loaded")
    mine = returns[returns["Organisation"] == "Haringey (E09000014)"].set_index("Indicator")
    assert mine.loc["SA45", "Return"] == "○ Not yet due"
    summary = frame_with(at, "Ready for sign-off").set_index("Organisation")
    assert summary.loc["Haringey (E09000014)", "Not yet due"] == 1
