"""The monthly cycle's words on the pages, from literal values: a line's change since sign-off, a
commentary's first line, the commentary form, return states, sign-off sentences, plan order."""
import pandas as pd
import pytest

from ui import detail_view, quality_view, scorecard_view
from ui import format as fmt

SAME = {"value": 70.37, "ytd_value": 65.8, "rag": "red", "variation": "common_cause", "assurance": "consistent_fail"}


@pytest.mark.parametrize("change, words", [
    (None, ""),
    ({"signed_off": SAME, "now": {**SAME, "value": 84.66}},
     "↻ Changed since sign-off: in month 70.4% → 84.7%"),
    ({"signed_off": SAME, "now": {**SAME, "ytd_value": 68.1, "rag": "amber"}},
     "↻ Changed since sign-off: year to date 65.8% → 68.1%; RAG ✖ Red → ▲ Amber"),
    ({"signed_off": {k: None for k in SAME}, "now": SAME},  # a line added to the catalogue since
     "↻ Changed since sign-off: in month — → 70.4%; year to date — → 65.8%; RAG — No RAG → ✖ Red; "
     "SPC — → ~ Common cause variation; assurance — → [F] Consistently fails target"),
    ({"signed_off": SAME, "now": SAME}, "↻ Changed since sign-off: a figure feeding it was loaded again (it reads the same)"),
])
def test_a_change_since_signoff_in_words(change, words):
    assert scorecard_view.change_words(change) == words


@pytest.mark.parametrize("text, line", [
    (None, ""),
    (float("nan"), ""),
    ("One line.", "One line."),
    ("\n\n  First real line  \nsecond", "First real line"),
    ("word " * 30, "word " * 15 + "word…"),  # cut at a whole word within 80 characters
    ("**x** <b>y</b>", "**x** <b>y</b>"),  # as written: the data frame shows text as text
])
def test_the_scorecard_shows_a_commentarys_first_line(text, line):
    assert scorecard_view.first_line(text) == line


def test_the_commentary_form_starts_from_the_latest_version_or_empty():
    empty = detail_view.commentary_form(None, "2009-09", ["1.1.1", "3.2.1"])
    assert (empty.text, empty.doing, empty.action_index, empty.month_index) == ("", "", 0, 0)
    assert empty.actions == [None, "1.1.1", "3.2.1"]
    assert empty.months[:3] == [None, "2009-09", "2009-10"] and empty.months[-1] == "2012-09"
    latest = {"text": "What happened", "doing": None, "action": "9.9.9",
              "expected_by": pd.Timestamp("2009-06-01")}  # an action since removed; a month before the chosen one
    form = detail_view.commentary_form(latest, "2009-09", ["1.1.1", "3.2.1"])
    assert (form.text, form.doing) == ("What happened", "")
    assert form.actions[form.action_index] == "9.9.9"
    assert form.months[form.month_index] == "2009-06" and form.months[1] == "2009-06"


@pytest.mark.parametrize("codes, ordered", [
    (["2.10.1", "2.1.7", "2.2", "10.1.1", "1.1.1"], ["1.1.1", "2.1.7", "2.2", "2.10.1", "10.1.1"]),
    (["3.2.1", "3.2.a"], ["3.2.1", "3.2.a"]),
])
def test_plan_actions_in_plan_order(codes, ordered):
    assert sorted(codes, key=detail_view.plan_order) == ordered


@pytest.mark.parametrize("state, words", [
    ("received", "✔ Received"), ("received_late", "◷ Received late"), ("missing", "✖ Missing"),
    ("not_yet_due", "○ Not yet due"), (None, "—"),
])
def test_a_return_state_is_a_symbol_and_words(state, words):
    assert fmt.return_state(state) == words


def test_signoff_sentences():
    row = {"kind": "signoff", "signed_by": "a.approver", "signed_at": pd.Timestamp("2009-11-16 09:30"),
           "load_id": 14, "note": "for Scrutiny", "override": None}
    assert scorecard_view.signoff_state(row, "Sep 2009") == (
        "Signed off by a.approver on 16 Nov 2009 09:30, with the figures loaded up to load 14. Note: for Scrutiny.")
    assert scorecard_view.signoff_state({**row, "override": "SA45 not sent!"}, "Sep 2009").endswith(
        "Signed off although not ready: SA45 not sent!")
    assert scorecard_view.signoff_state({**row, "kind": "reopen", "note": "NI59 restated"}, "Sep 2009") == (
        "Sep 2009 was reopened by a.approver on 16 Nov 2009 09:30: NI59 restated. It is not signed off now.")
    assert scorecard_view.signoff_state(None, "Sep 2009") == "Sep 2009 has not been signed off."


def test_the_quality_page_starts_on_every_authority_when_there_are_few():
    few = ["E09000014", "E09000099"]
    assert quality_view.default_orgs(few, "E92000001", "E09000014") == few
    many = [f"E0{n:07d}" for n in range(20)]
    assert quality_view.default_orgs(many, many[5], many[0]) == [many[5]]
    assert quality_view.default_orgs(many, "E92000001", many[0]) == [many[0]]  # England: the home authority
