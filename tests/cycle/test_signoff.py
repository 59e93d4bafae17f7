"""Signing a month off, reopening it, and the scorecard as signed off: rebuilt from the figures in
force at the load the sign-off recorded, so a restatement loaded afterwards leaves it exactly as
it was while the live scorecard shows the new figure and what changed since sign-off. The demo's
September and October have every return here (ready_db), so only commentary can stand in the way."""
from __future__ import annotations

import contextlib
import datetime as dt
import json

import pandas as pd
import pytest

import access
from cli.indicator_commands import build
from data import cycle_queries, store
from indicators.scorecard import SCORECARD_COLUMNS
from ops import signoff
from ops.commentary import write_commentary
from tests.cycle.conftest import load_returns_on, load_text, run, run_json
from tests.helpers import HOME
from vocab import LoadStatus, Role

NOVEMBER = dt.date(2009, 11, 16)


def live(con, period="2009-09"):
    return signoff.scorecard_at(con, HOME, period)


def test_the_cycles_scorecard_is_the_one_pidash_scorecard_builds(ready_db):
    """ops.signoff.scorecard_at reads the store as cli.indicator_commands.build does (the columns
    indicators.scorecard makes); if one changes without the other, the signed-off comparison would
    report changes that are not there."""
    latest = cycle_queries.max_accepted_load(ready_db)
    for period in ("2009-04", "2009-09", "2011-03"):
        command = build(ready_db, period, HOME)[SCORECARD_COLUMNS]
        pd.testing.assert_frame_equal(signoff.scorecard_at(ready_db, HOME, period), command)
        pd.testing.assert_frame_equal(signoff.scorecard_at(ready_db, HOME, period, latest), command)


def test_a_restatement_after_sign_off_leaves_the_signed_off_scorecard_exactly_as_it_was(ready_db, tmp_path):
    before = live(ready_db)
    row = signoff.sign_off(ready_db, HOME, "2009-09", "a.approver", Role.APPROVER, note="for Scrutiny",
                           today=NOVEMBER)
    assert (row["kind"], row["signed_by"], row["note"], row["override"]) == ("signoff", "a.approver", "for Scrutiny",
                                                                             None)
    assert row["load_id"] == cycle_queries.max_accepted_load(ready_db)

    # September's NI59 restated; NI60's July (which feeds September's year to date and SPC) too;
    # NI61's October, after the month, feeds neither
    load_returns_on(ready_db, tmp_path, "restated.csv",
                    "NI59,2009-09,170,189\nNI60,2009-07,70,71\nNI61,2009-10,0,3\n", "2009-11-20 09:00")

    signed = signoff.signed_off_scorecard(ready_db, HOME, "2009-09")
    pd.testing.assert_frame_equal(signed.card[SCORECARD_COLUMNS], before, check_exact=True)
    assert signed.reference_changes.empty

    now = live(ready_db).set_index("indicator")
    assert now.loc["NI59", "value"] == pytest.approx(170 / 189 * 100)
    assert before.set_index("indicator").loc["NI59", "value"] != now.loc["NI59", "value"]
    changes = signoff.live_cycle_columns(ready_db, live(ready_db), HOME, "2009-09")
    changed = dict(zip(live(ready_db)["indicator"], changes["changed_since_signoff"]))
    assert {code for code, change in changed.items() if change is not None} == {"NI59", "NI60"}
    was = before.set_index("indicator")
    assert changed["NI59"]["signed_off"] == {
        "value": was.loc["NI59", "value"], "ytd_value": was.loc["NI59", "ytd_value"], "rag": was.loc["NI59", "rag"],
        "variation": was.loc["NI59", "variation"], "assurance": was.loc["NI59", "assurance"]}
    assert changed["NI59"]["now"]["value"] == pytest.approx(170 / 189 * 100)
    assert changed["NI60"]["signed_off"]["value"] == changed["NI60"]["now"]["value"]  # September's own figure stands
    assert changed["NI60"]["signed_off"]["ytd_value"] != changed["NI60"]["now"]["ytd_value"]  # its year to date moved


def test_the_command_shows_the_scorecard_as_signed_off_and_what_changed(ready_path, capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("PIDASH_TODAY", "2009-11-16")
    status, _, err = run(capsys, ready_path, "signoff", "--period", "2009-09")
    assert status == 0, err
    signed = run(capsys, ready_path, "scorecard", "--period", "2009-09", "--as-signed-off", "--json")
    was = run_json(capsys, ready_path, "scorecard", "--period", "2009-09")
    assert {r["changed_since_signoff"] for r in was} == {None}
    with contextlib.closing(store.connect(ready_path)) as con:
        load_returns_on(con, tmp_path, "restated.csv", "NI59,2009-09,170,189\n", "2009-11-20 09:00")
    again = run(capsys, ready_path, "scorecard", "--period", "2009-09", "--as-signed-off", "--json")
    assert again == signed and signed[0] == 0
    assert "As signed off by" in signed[2]
    rows = {r["indicator"]: r for r in run_json(capsys, ready_path, "scorecard", "--period", "2009-09")}
    assert rows["NI59"]["value"] == pytest.approx(170 / 189 * 100)
    then = {r["indicator"]: r for r in was}["NI59"]
    assert rows["NI59"]["changed_since_signoff"]["signed_off"] == {
        k: then[k] for k in ("value", "ytd_value", "rag", "variation", "assurance")}
    assert rows["NI59"]["changed_since_signoff"]["now"]["value"] == rows["NI59"]["value"]
    assert rows["NI60"]["changed_since_signoff"] is None
    # the signed-off rows equal the live rows before the restatement, field for field
    before = [{k: v for k, v in r.items() if k != "changed_since_signoff"} for r in was]
    assert json.loads(signed[1]) == before


def test_commentary_written_after_sign_off_is_live_but_not_in_the_signed_off_scorecard(ready_db):
    said = cycle_queries.latest_commentary(ready_db, [HOME], ["NI59"], "2009-09").iloc[0]["text"]
    signoff.sign_off(ready_db, HOME, "2009-09", "a.approver", Role.APPROVER, today=NOVEMBER)
    write_commentary(ready_db, "NI59", HOME, "2009-09", "A later word", "officer", today=NOVEMBER)
    signed = signoff.signed_off_scorecard(ready_db, HOME, "2009-09").card.set_index("indicator")
    assert signed.loc["NI59", "commentary"] == said
    now = signoff.live_cycle_columns(ready_db, live(ready_db), HOME, "2009-09")
    assert dict(zip(live(ready_db)["indicator"], now["commentary"]))["NI59"] == "A later word"


def test_a_target_replaced_after_sign_off_is_named(ready_path, capsys, monkeypatch, tmp_path):
    """Targets keep only their current rows: the signed-off scorecard says it reads them as now."""
    monkeypatch.setenv("PIDASH_TODAY", "2009-11-16")
    assert run(capsys, ready_path, "signoff", "--period", "2009-09")[0] == 0
    with contextlib.closing(store.connect(ready_path)) as con:
        outcome = load_text(con, "targets", tmp_path, "t.csv", "indicator,year,target,tolerance\nNI62,2009-10,13,1\n")
        assert outcome.status == LoadStatus.ACCEPTED
    status, _, err = run(capsys, ready_path, "scorecard", "--period", "2009-09", "--as-signed-off", "--json")
    assert status == 0
    assert f"note: targets NI62 (2009-10) were replaced by load {outcome.load_id} after the sign-off" in err


def test_a_month_not_ready_needs_an_override_which_is_recorded(ready_db):
    with pytest.raises(signoff.NotReady) as refused:
        signoff.sign_off(ready_db, HOME, "2009-10", "a.approver", Role.APPROVER, today=NOVEMBER)
    assert str(refused.value).startswith(
        "E09000014 2009-10 is not ready for sign-off: 5 red or concern indicator(s) without commentary "
        "(NI59, NI60, NI62, NI65, NI67)")
    assert cycle_queries.signoffs(ready_db, HOME, "2009-10").empty
    with pytest.raises(signoff.NotReady):
        signoff.sign_off(ready_db, HOME, "2009-10", "a.approver", Role.APPROVER, override="  ", today=NOVEMBER)
    row = signoff.sign_off(ready_db, HOME, "2009-10", "a.approver", Role.APPROVER,
                           override="Scrutiny meets tomorrow; commentary to follow", today=NOVEMBER)
    assert row["override"] == "Scrutiny meets tomorrow; commentary to follow"
    assert signoff.month_status(ready_db, HOME, "2009-10", NOVEMBER).signed_off


def test_a_month_with_a_return_not_yet_due_is_not_ready(ready_db):
    with store.transaction(ready_db):  # as if October's NI59 return had not come yet
        ready_db.execute("DELETE FROM indicator_return WHERE org = ? AND indicator = 'NI59' AND period = '2009-10-01'",
                          [HOME])
    with pytest.raises(signoff.NotReady, match=r"1 return\(s\) not yet due \(NI59\)"):
        signoff.sign_off(ready_db, HOME, "2009-10", "a.approver", Role.APPROVER, today=dt.date(2009, 11, 5))


def test_sign_off_then_reopen_then_sign_off_again_keeps_every_row(ready_db, tmp_path):
    first = signoff.sign_off(ready_db, HOME, "2009-09", "a.approver", Role.APPROVER, today=NOVEMBER)
    with pytest.raises(signoff.CycleError, match="is already signed off .*reopen it first"):
        signoff.sign_off(ready_db, HOME, "2009-09", "b.approver", Role.APPROVER, today=NOVEMBER)
    with pytest.raises(signoff.CycleError, match="reason .*must not be blank"):
        signoff.reopen(ready_db, HOME, "2009-09", "a.approver", Role.APPROVER, " ")
    load_returns_on(ready_db, tmp_path, "restated.csv", "NI59,2009-09,170,189\n", "2009-11-20 09:00")
    reopened = signoff.reopen(ready_db, HOME, "2009-09", "a.approver", Role.APPROVER, "NI 59 restated after audit")
    assert (reopened["kind"], reopened["note"]) == ("reopen", "NI 59 restated after audit")
    with pytest.raises(signoff.CycleError, match="is not signed off: it was reopened by a.approver on .*: NI 59 restated"):
        signoff.signed_off_scorecard(ready_db, HOME, "2009-09")
    with pytest.raises(signoff.CycleError, match="is not signed off, so there is nothing to reopen"):
        signoff.reopen(ready_db, HOME, "2009-09", "a.approver", Role.APPROVER, "again")
    second = signoff.sign_off(ready_db, HOME, "2009-09", "b.approver", Role.APPROVER, today=NOVEMBER)
    assert second["load_id"] > first["load_id"]
    history = cycle_queries.signoffs(ready_db, HOME, "2009-09")
    assert list(history["kind"]) == ["signoff", "reopen", "signoff"]
    assert list(history["signed_by"]) == ["a.approver", "a.approver", "b.approver"]
    card = signoff.signed_off_scorecard(ready_db, HOME, "2009-09").card.set_index("indicator")
    assert card.loc["NI59", "value"] == pytest.approx(170 / 189 * 100)  # the new sign-off stands on the restatement


def test_the_load_recorded_is_the_highest_accepted_one(ready_db, tmp_path):
    accepted = cycle_queries.max_accepted_load(ready_db)
    rejected = load_text(ready_db, "returns", tmp_path, "bad.csv", "indicator,period,numerator,denominator\nNI999,2009-09,1,2\n")
    assert rejected.status == LoadStatus.REJECTED and rejected.load_id > accepted
    assert signoff.sign_off(ready_db, HOME, "2009-09", "a", Role.APPROVER, today=NOVEMBER)["load_id"] == accepted


def test_a_ready_month_is_not_signed_off_with_an_override(ready_db):
    assert signoff.month_status(ready_db, HOME, "2009-09", NOVEMBER).ready
    with pytest.raises(signoff.CycleError, match="2009-09 is ready for sign-off: an override is only for a month "
                                                 "that is not ready, so sign it off without one"):
        signoff.sign_off(ready_db, HOME, "2009-09", "a", Role.APPROVER, override="just in case", today=NOVEMBER)
    assert signoff.current_signoff(ready_db, HOME, "2009-09") is None
    assert signoff.sign_off(ready_db, HOME, "2009-09", "a", Role.APPROVER, today=NOVEMBER)["override"] is None


def test_a_month_in_the_future_cannot_be_signed_off(ready_db):
    with pytest.raises(signoff.CycleError, match=r"2009-12 is in the future \(today is 2009-11-16\)"):
        signoff.sign_off(ready_db, HOME, "2009-12", "a", Role.APPROVER, override="why not", today=NOVEMBER)


@pytest.mark.parametrize("role", [Role.VIEWER, Role.DATA_OFFICER, None])
def test_below_approver_the_operation_itself_refuses(ready_db, role):
    with pytest.raises(access.PermissionDenied, match="the role approver or above is needed to sign off a month"):
        signoff.sign_off(ready_db, HOME, "2009-09", "someone", role, today=NOVEMBER)
    signoff.sign_off(ready_db, HOME, "2009-09", "boss", Role.APPROVER, today=NOVEMBER)
    with pytest.raises(access.PermissionDenied, match="needed to reopen a signed-off month"):
        signoff.reopen(ready_db, HOME, "2009-09", "someone", role, "because")
    assert list(cycle_queries.signoffs(ready_db, HOME, "2009-09")["signed_by"]) == ["boss"]


# --- roles on the command line ------------------------------------------------------------------

def test_a_viewer_can_neither_write_commentary_nor_sign_off(ready_path, capsys, monkeypatch, as_role):
    monkeypatch.setenv("PIDASH_TODAY", "2009-11-16")
    as_role("viewer")
    status, _, err = run(capsys, ready_path, "commentary", "write", "--indicator", "NI59", "--period", "2009-10",
                         "--text", "x")
    assert status == 1 and "has the role viewer; the role data_officer or above is needed to write commentary" in err
    status, _, err = run(capsys, ready_path, "signoff", "--period", "2009-09")
    assert status == 1 and "has the role viewer; the role approver or above is needed to sign off a month" in err
    with contextlib.closing(store.connect(ready_path, read_only=True)) as con:
        assert cycle_queries.signoffs(con, HOME, "2009-09").empty
        assert cycle_queries.latest_commentary(con, [HOME], ["NI59"], "2009-10").empty


def test_a_data_officer_writes_commentary_but_cannot_sign_off(ready_path, capsys, monkeypatch, as_role):
    monkeypatch.setenv("PIDASH_TODAY", "2009-11-16")
    as_role("data_officer")
    status, _, err = run(capsys, ready_path, "commentary", "write", "--indicator", "NI59", "--period", "2009-10",
                         "--text", "Below target again")
    assert status == 0, err
    status, _, err = run(capsys, ready_path, "signoff", "--period", "2009-09")
    assert status == 1 and "has the role data_officer; the role approver or above is needed to sign off a month" in err
    status, _, err = run(capsys, ready_path, "signoff", "--reopen", "--period", "2009-08", "--reason", "x")
    assert status == 1 and "the role approver or above is needed to reopen a signed-off month" in err


def test_an_approver_signs_off_and_reopens(ready_path, capsys, monkeypatch, as_role):
    monkeypatch.setenv("PIDASH_TODAY", "2009-11-16")
    as_role("approver")
    status, out, err = run(capsys, ready_path, "signoff", "--period", "2009-09", "--note", "PI report")
    assert status == 0, err
    assert "E09000014 2009-09 signed off by" in out
    report = run_json(capsys, ready_path, "status", "--period", "2009-09")["organisations"][0]
    assert report["signed_off"] is True and report["signoff"]["note"] == "PI report"
    status, out, err = run(capsys, ready_path, "signoff", "--reopen", "--period", "2009-09", "--reason", "restated")
    assert status == 0, err
    report = run_json(capsys, ready_path, "status", "--period", "2009-09")["organisations"][0]
    assert report["signed_off"] is False and report["signoff"]["kind"] == "reopen"
    status, _, err = run(capsys, ready_path, "scorecard", "--period", "2009-09", "--as-signed-off", "--json")
    assert status == 1 and "is not signed off: it was reopened by" in err
    status, out, _ = run(capsys, ready_path, "whoami")
    assert '"role": "approver"' in out


@pytest.mark.parametrize("args, words", [
    (["--reopen"], "--reopen needs --reason TEXT"),
    (["--reason", "x"], "--reason is for --reopen"),
    (["--reopen", "--reason", "x", "--override", "y"], "--reopen takes --reason, not --override or --note"),
])
def test_the_command_refuses_options_that_do_not_go_together(ready_path, capsys, args, words):
    status, _, err = run(capsys, ready_path, "signoff", "--period", "2009-08", *args)
    assert status == 1 and words in err


def test_a_month_never_signed_off_has_no_signed_off_scorecard(ready_path, capsys):
    status, _, err = run(capsys, ready_path, "scorecard", "--period", "2009-09", "--as-signed-off", "--json")
    assert status == 1
    assert err.strip() == "pidash: error: E09000014 2009-09 is not signed off: it has never been signed off"


def test_roles_run_viewer_data_officer_approver_admin():
    order = [Role.VIEWER, Role.DATA_OFFICER, Role.APPROVER, Role.ADMIN]
    assert [[access.allows(have, need) for need in order] for have in order] == [
        [True, False, False, False], [True, True, False, False], [True, True, True, False], [True, True, True, True]]
    assert access.WRITE_ROLE["signoff"] == Role.APPROVER
    example = access.load_roles(access.REPO_ROOT / "roles.example.toml")
    assert example.role_for("someone", ["pidash-approvers"]) == Role.APPROVER
