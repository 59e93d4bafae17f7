"""Commentary on an indicator's month: every write a new version, its history kept, its rules
named when broken, and hostile text stored exactly as written (inert)."""
from __future__ import annotations

import datetime as dt

import pytest

from data import cycle_queries
from ops.commentary import write_commentary
from tests.cycle.conftest import run, run_json
from tests.helpers import HOME

TODAY = dt.date(2009, 11, 16)


def test_each_write_is_a_new_version_and_the_history_keeps_them_all(seeded_db):
    before = len(cycle_queries.commentary_history(seeded_db, [HOME], ["NI61"]))
    first = write_commentary(seeded_db, "NI61", HOME, "2009-10", "Two adoptions slipped to November.", "a.officer",
                             today=TODAY)
    second = write_commentary(seeded_db, "ni 61", HOME, "2009-10", "Both adoptions now matched.", "b.officer",
                              doing="Weekly tracking", action="2.7.4", expected_by="2010-01", today=TODAY)
    assert (first, second) == (1, 2)

    history = cycle_queries.commentary_history(seeded_db, [HOME], ["NI61"], "2009-10")
    assert list(history["version"]) == [1, 2]
    assert list(history["text"]) == ["Two adoptions slipped to November.", "Both adoptions now matched."]
    assert list(history["author"]) == ["a.officer", "b.officer"]
    assert history["load_id"].isna().all()  # written by a person, not brought by a file
    assert len(cycle_queries.commentary_history(seeded_db, [HOME], ["NI61"])) == before + 2

    latest = cycle_queries.latest_commentary(seeded_db, [HOME], ["NI61"], "2009-10")
    assert len(latest) == 1
    row = latest.iloc[0]
    assert (row["version"], row["text"], row["doing"], row["action"]) == (2, "Both adoptions now matched.",
                                                                          "Weekly tracking", "2.7.4")
    assert row["expected_by"].strftime("%Y-%m") == "2010-01"


def test_versions_count_per_indicator_organisation_and_month(seeded_db):
    for period in ("2009-10", "2009-10", "2009-11"):
        write_commentary(seeded_db, "NI68", HOME, period, f"About {period}", "officer", today=dt.date(2009, 12, 1))
    latest = cycle_queries.latest_commentary(seeded_db, [HOME], ["NI68"])
    versions = dict(zip(latest["period"].dt.strftime("%Y-%m"), latest["version"]))
    assert versions == {"2009-10": 2, "2009-11": 1}


@pytest.mark.parametrize("change, words", [
    ({"indicator": "NI999"}, "indicator 'NI999': must be an indicator in the catalogue"),
    ({"org": "E0000XXX"}, "org 'E0000XXX': must be a known organisation code"),
    ({"action": "9.9.9"}, "action '9.9.9': must be an action code in the plan"),
    ({"period": "2009-13"}, "period '2009-13': must be a month written YYYY-MM, such as 2009-09"),
    ({"period": "Oct 2009"}, "period 'Oct 2009': must be a month written YYYY-MM"),
    ({"period": "2009-12"}, "period '2009-12': must not be a month in the future (today is 2009-11-16)"),
    ({"text": ""}, "text (blank): must not be blank"),
    ({"text": "   \n "}, "text (blank): must not be blank"),
    ({"text": None}, "text (blank): must not be blank"),
    ({"text": "x" * 4001}, "text (4,001 characters, starting 'xxxx"),
    ({"text": "x" * 4001}, "): must be at most 4,000 characters"),
    ({"doing": "y" * 4001}, "doing (4,001 characters"),
    ({"expected_by": "next spring"}, "expected_by 'next spring': must be a month written YYYY-MM"),
    ({"author": " "}, "author (blank): must not be blank"),
])
def test_a_bad_commentary_is_refused_naming_field_value_and_rule_and_nothing_is_written(seeded_db, change, words):
    before = cycle_queries.commentary_history(seeded_db)
    given = {"indicator": "NI59", "org": HOME, "period": "2009-10", "text": "Fine text", "author": "officer",
             **change}
    with pytest.raises(ValueError) as raised:
        write_commentary(seeded_db, given.pop("indicator"), given.pop("org"), given.pop("period"), given.pop("text"),
                         given.pop("author"), today=TODAY, **given)
    assert words in str(raised.value)
    assert cycle_queries.commentary_history(seeded_db).equals(before)


def test_exactly_4000_characters_is_allowed(seeded_db):
    text = "z" * 4000
    assert write_commentary(seeded_db, "NI59", HOME, "2009-10", text, "officer", today=TODAY) == 1
    assert cycle_queries.latest_commentary(seeded_db, [HOME], ["NI59"], "2009-10").iloc[0]["text"] == text


HOSTILE = [
    "<b>bold</b> & <i>italic</i>",
    "<script>alert('x')</script>",
    "=HYPERLINK(\"http://evil.example\",\"click\")",
    "+SUM(A1:A9)",
    "@cmd|' /C calc'!A0",
    "'; DROP TABLE commentary; --",
    "  leading and trailing spaces kept  \nand a second line\ttabbed",
    "Ünïcödé — “quotes” and emoji-free symbols ✓",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_is_stored_and_shown_exactly_as_written(seeded_path, capsys, monkeypatch, text):
    monkeypatch.setenv("PIDASH_TODAY", "2009-11-16")
    status, _, err = run(capsys, seeded_path, "commentary", "write", "--indicator", "NI66", "--period", "2009-10",
                         "--text", text)
    assert status == 0, err
    shown = run_json(capsys, seeded_path, "commentary", "show", "--indicator", "NI66", "--period", "2009-10")
    assert [r["text"] for r in shown] == [text]
    card = {r["indicator"]: r for r in run_json(capsys, seeded_path, "scorecard", "--period", "2009-10")}
    assert card["NI66"]["commentary"] == text
    status, out, _ = run(capsys, seeded_path, "commentary", "show", "--indicator", "NI66", "--period", "2009-10")
    assert text in out  # the plain listing prints it as text, unescaped and unchanged


def test_the_command_writes_versions_and_shows_the_history(seeded_path, capsys, monkeypatch):
    monkeypatch.setenv("PIDASH_TODAY", "2009-11-16")
    monkeypatch.setenv("PIDASH_USER", "c.officer")
    for text in ("First go", "Second go"):
        status, out, err = run(capsys, seeded_path, "commentary", "write", "--indicator", "NI63", "--period",
                               "2009-10", "--text", text, "--action", "2.7.2", "--expected-by", "2010-03")
        assert status == 0, err
    assert "commentary version 2 written" in out
    history = run_json(capsys, seeded_path, "commentary", "show", "--indicator", "NI63", "--period", "2009-10",
                       "--history")
    assert [(r["version"], r["text"], r["author"], r["action"], r["expected_by"]) for r in history] == [
        (1, "First go", "c.officer", "2.7.2", "2010-03"), (2, "Second go", "c.officer", "2.7.2", "2010-03")]
    latest = run_json(capsys, seeded_path, "commentary", "show", "--indicator", "NI63", "--period", "2009-10")
    assert [r["version"] for r in latest] == [2]


def test_the_command_names_a_bad_field(seeded_path, capsys, monkeypatch):
    monkeypatch.setenv("PIDASH_TODAY", "2009-11-16")
    status, _, err = run(capsys, seeded_path, "commentary", "write", "--indicator", "NI59", "--period", "2010-01",
                         "--text", "too soon")
    assert status == 1
    assert err.strip() == ("pidash: error: period '2010-01': must not be a month in the future (today is 2009-11-16)")
