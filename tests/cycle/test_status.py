"""`pidash status`: each expected return received (when, by which load), received late, missing or
not yet due, on a real DuckDB file, with the cycle's today set by $PIDASH_TODAY. April 2009's
returns are due ten working days after Thursday 30 April, over May Day: Friday 15 May 2009."""
from __future__ import annotations

import contextlib
import shutil

import pytest

from data import store
from tests.cycle.conftest import load_returns_on, load_text, run, run_json
from tests.helpers import HOME

RETURNED = ["NI59", "NI60", "NI61", "NI62"]


def in_force(path) -> list[str]:
    """The catalogue's indicators in force in April 2009, read from the store: every one is expected."""
    with contextlib.closing(store.connect(path, read_only=True)) as con:
        return [r[0] for r in con.execute(
            "SELECT DISTINCT code FROM indicator WHERE valid_from <= DATE '2009-04-30' "
            "AND (valid_to IS NULL OR valid_to >= DATE '2009-04-01') ORDER BY code").fetchall()]


@pytest.fixture(scope="module")
def april_template(fresh_template, tmp_path_factory):
    """Returns for April 2009 arriving over May: NI59 and NI60 the day before they were due, NI61
    on the due day itself, NI62 the next working day; NI59 restated in June; the rest never."""
    folder = tmp_path_factory.mktemp("april")
    path = folder / "april.duckdb"
    shutil.copy(fresh_template, path)
    with contextlib.closing(store.connect(path)) as con:
        loads = {
            "early": load_returns_on(con, folder, "a.csv", "NI59,2009-04,50,100\nNI60,2009-04,60,100\n",
                                     "2009-05-14 10:00"),
            "due_day": load_returns_on(con, folder, "b.csv", "NI61,2009-04,2,3\n", "2009-05-15 16:30"),
            "late": load_returns_on(con, folder, "c.csv", "NI62,2009-04,40,400\n", "2009-05-18 09:00"),
            "restated": load_returns_on(con, folder, "d.csv", "NI59,2009-04,55,100\n", "2009-06-01 09:00"),
        }
        con.execute("CHECKPOINT")
    return path, loads


@pytest.fixture
def april(april_template, tmp_path):
    """A private copy of the April database, and its load ids."""
    template, loads = april_template
    path = tmp_path / "april.duckdb"
    shutil.copy(template, path)
    return path, loads


def states(report, org=HOME) -> dict[str, str]:
    found = next(o for o in report["organisations"] if o["org"] == org)
    return {r["indicator"]: r["state"] for r in found["returns"]}


def test_received_late_and_missing_after_the_due_day(april, capsys, monkeypatch):
    path, loads = april
    monkeypatch.setenv("PIDASH_TODAY", "2009-05-18")
    report = run_json(capsys, path, "status", "--period", "2009-04")
    assert report["today"] == "2009-05-18"
    later = [code for code in in_force(path) if code not in RETURNED]
    assert len(later) >= 6
    assert states(report) == {"NI59": "received", "NI60": "received", "NI61": "received", "NI62": "received_late",
                              **{code: "missing" for code in later}}
    home = report["organisations"][0]
    rows = {r["indicator"]: r for r in home["returns"]}
    assert (rows["NI59"]["load_id"], rows["NI59"]["loaded_at"], rows["NI59"]["file_name"]) == (
        loads["early"], "2009-05-14 10:00:00", "a.csv")  # when, and by which load: the first
    assert (rows["NI59"]["current_load_id"], rows["NI59"]["restatements"]) == (loads["restated"], 1)
    assert rows["NI61"]["load_id"] == loads["due_day"] and rows["NI62"]["load_id"] == loads["late"]
    assert {r["due_date"] for r in home["returns"]} == {"2009-05-15"}
    assert rows["NI63"]["load_id"] is None and rows["NI63"]["loaded_at"] is None
    assert home["counts"] == {"missing": len(later), "late": 1, "not_yet_due": 0, "received": 3,
                              "commentary_needed": home["counts"]["commentary_needed"]}
    assert home["ready"] is False and home["signed_off"] is False and home["signoff"] is None


def test_nothing_is_missing_until_the_due_day_has_passed(april, capsys, monkeypatch):
    path, _ = april
    monkeypatch.setenv("PIDASH_TODAY", "2009-05-15")  # the due day itself is still in time
    found = states(run_json(capsys, path, "status", "--period", "2009-04"))
    later = [code for code in in_force(path) if code not in RETURNED]
    assert {code: found[code] for code in later} == {code: "not_yet_due" for code in later}
    assert found["NI62"] == "received_late"  # a load is taken as it came, whatever today is


def test_an_indicators_own_due_day_is_used(april, capsys, monkeypatch, tmp_path):
    path, _ = april
    catalogue = (store.DATA_DIR / "indicators.csv").read_text(encoding="utf-8").splitlines()
    changed = [line[: -len(",10")] + ",20" if line.startswith("NI68,") else line for line in catalogue]
    with contextlib.closing(store.connect(path)) as con:
        outcome = load_text(con, "indicators", tmp_path, "catalogue.csv", "\n".join(changed) + "\n")
        assert outcome.status.value == "accepted", outcome.summary()
        assert con.execute("SELECT due_days FROM indicator WHERE code = 'NI68'").fetchall() == [(20,)]
    monkeypatch.setenv("PIDASH_TODAY", "2009-05-18")
    report = run_json(capsys, path, "status", "--period", "2009-04")
    rows = {r["indicator"]: r for r in report["organisations"][0]["returns"]}
    assert (rows["NI68"]["state"], rows["NI68"]["due_date"]) == ("not_yet_due", "2009-06-01")  # 20 working days
    assert (rows["NI67"]["state"], rows["NI67"]["due_date"]) == ("missing", "2009-05-15")


@pytest.mark.parametrize("cell, rule", [
    ("ten", "must be a whole number of working days after the month end, 0 to 99 (blank: 10)"),
    ("100", "must be a whole number of working days after the month end, 0 to 99 (blank: 10)"),
    ("-1", "must be a whole number of working days after the month end, 0 to 99 (blank: 10)"),
])
def test_a_bad_due_day_in_the_catalogue_is_rejected(fresh_db, tmp_path, cell, rule):
    catalogue = (store.DATA_DIR / "indicators.csv").read_text(encoding="utf-8").splitlines()
    changed = [line[: -len(",10")] + f",{cell}" if line.startswith("NI60,") else line for line in catalogue]
    outcome = load_text(fresh_db, "indicators", tmp_path, "catalogue.csv", "\n".join(changed) + "\n")
    assert outcome.status.value == "rejected"
    assert [(f.row, f.column, f.value, f.rule) for f in outcome.report.failures] == [(4, "due_days", cell, rule)]


def test_every_local_authority_unless_one_is_named(april, capsys, monkeypatch, tmp_path):
    path, _ = april
    with contextlib.closing(store.connect(path)) as con:
        outcome = load_text(con, "organisations", tmp_path, "orgs.csv",
                            "code,name,kind\nE09000012,Hackney,local_authority\nE92000001,England,england\n")
        assert outcome.status.value == "accepted", outcome.summary()
    monkeypatch.setenv("PIDASH_TODAY", "2009-05-18")
    report = run_json(capsys, path, "status", "--period", "2009-04")
    assert [o["org"] for o in report["organisations"]] == ["E09000012", HOME]  # England makes no return
    assert states(report, "E09000012") == {code: "missing" for code in in_force(path)}
    one = run_json(capsys, path, "status", "--period", "2009-04", "--org", "E09000012")
    assert [o["org"] for o in one["organisations"]] == ["E09000012"]
    status, _, err = run(capsys, path, "status", "--period", "2009-04", "--org", "E92000001")
    assert status == 1 and "is a comparator (england), not a local authority" in err


def test_the_plain_form_names_what_is_missing(april, capsys, monkeypatch):
    path, loads = april
    monkeypatch.setenv("PIDASH_TODAY", "2009-05-18")
    status, out, err = run(capsys, path, "status", "--period", "2009-04")
    assert status == 0, err
    assert "April 2009 (as at 18 May 2009): not ready for sign-off" in out
    later = [code for code in in_force(path) if code not in RETURNED]
    assert f"returns: 3 received on time, 1 received late, {len(later)} missing, 0 not yet due" in out
    assert "missing (past the due day): " + ", ".join(f"{code} (due 2009-05-15)" for code in later) + "\n" in out
    assert (f"NI62   received late: due 2009-05-15, first loaded 2009-05-18 09:00:00 by load {loads['late']} "
            "(c.csv)") in out


@pytest.mark.parametrize("value", ["18/05/2009", "2009-02-30", "yesterday"])
def test_a_bad_pidash_today_is_named(april, capsys, monkeypatch, value):
    path, _ = april
    monkeypatch.setenv("PIDASH_TODAY", value)
    status, _, err = run(capsys, path, "status", "--period", "2009-04")
    assert status == 1
    assert err.strip() == f"pidash: error: PIDASH_TODAY must be a date written YYYY-MM-DD, such as 2009-11-16 (got {value!r})"


def test_a_bad_period_is_named(fresh_path, capsys):
    status, _, err = run(capsys, fresh_path, "status", "--period", "April")
    assert status == 1 and "--period must be a month written YYYY-MM" in err
