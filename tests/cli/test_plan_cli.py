"""`pidash milestones`, `pidash exceptions`, `pidash risks` and the plan's loads, as a user runs them."""
from __future__ import annotations

import json

from tests.cli.test_cli import pidash

KEYS = ["action", "milestone", "theme", "area", "lead", "description", "due_start", "due_end", "status", "as_of",
        "overdue", "commentary"]


def test_milestones_json_has_every_milestone_with_exactly_the_report_keys(seeded_path):
    result = pidash("milestones", "--as-of", "2009-10-31", "--json", db=seeded_path, check=True)
    rows = json.loads(result.stdout)
    assert len(rows) == 362
    assert all(list(row) == KEYS for row in rows)
    first = rows[0]
    assert first["action"] == "1.1.1" and first["milestone"] == 1
    assert (first["due_start"], first["due_end"], first["lead"]) == (
        "2009-02-01", "2009-05-31", "Chief Executive (Haringey Council)")
    assert first["as_of"] == "2009-10-31" and first["status"] == "complete" and first["overdue"] is False
    overdue = [r for r in rows if r["overdue"]]
    assert overdue and all(r["status"] != "complete" and r["due_end"] < "2009-10-31" for r in overdue)


def test_an_earlier_as_of_date_sees_only_the_updates_reported_by_then(seeded_path):
    rows = json.loads(pidash("milestones", "--as-of", "2009-04-15", "--json", db=seeded_path, check=True).stdout)
    assert {r["as_of"] for r in rows} == {"2009-03-31"}


def test_exceptions_json_is_the_overdue_off_track_and_at_risk_milestones(seeded_path):
    everything = json.loads(pidash("milestones", "--as-of", "2009-10-31", "--json", db=seeded_path,
                                   check=True).stdout)
    found = json.loads(pidash("exceptions", "--as-of", "2009-10-31", "--json", db=seeded_path, check=True).stdout)
    expected = [r for r in everything if r["overdue"] or r["status"] in ("off_track", "at_risk")]
    assert sorted((r["action"], r["milestone"]) for r in found) == sorted((r["action"], r["milestone"]) for r in expected)
    severity = [{"off_track": 0, "at_risk": 1}.get(r["status"], 2) for r in found]
    assert severity == sorted(severity)  # off track, then at risk, then overdue reported otherwise
    assert all(list(r) == KEYS and r["commentary"] for r in found)


def test_exceptions_for_people_name_the_lead_and_the_latest_commentary(seeded_path):
    result = pidash("exceptions", "--as-of", "2009-10-31", db=seeded_path, check=True)
    found = json.loads(pidash("exceptions", "--as-of", "2009-10-31", "--json", db=seeded_path, check=True).stdout)
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"Milestone exception report as of 31 Oct 2009: {len(found)} exception(s) among 362 ")
    first = found[0]
    assert f"{first['action']}/{first['milestone']}  Off track" in result.stdout
    assert f"Lead: {first['lead']}" in result.stdout
    assert "Commentary (31 Oct 2009): " + first["commentary"][:40] in result.stdout


def test_milestones_for_people_is_a_table(seeded_path):
    result = pidash("milestones", "--as-of", "2009-10-31", db=seeded_path, check=True)
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Milestone report as of 31 Oct 2009: 362 milestones; ")
    assert lines[2].split() == ["Action/no.", "Due", "Status", "Overdue", "Lead", "Milestone"]
    assert lines[4].startswith("1.1.1/1  ") and "Complete" in lines[4]
    assert len(lines) == 4 + 362


def test_risks_lists_the_register_highest_score_first(seeded_path):
    rows = json.loads(pidash("risks", "--as-of", "2009-10-31", "--json", db=seeded_path, check=True).stdout)
    assert [r["Code"] for r in rows][:2] == ["R1", "R2"] and rows[0]["Score"] == 20
    assert pidash("risks", "--as-of", "2009-10-31", db=seeded_path, check=True).stdout.startswith(
        "Risks and issues as last reviewed by 31 Oct 2009: 8")


def test_a_bad_as_of_date_is_a_plain_error(seeded_path):
    result = pidash("exceptions", "--as-of", "31/10/2009", db=seeded_path)
    assert result.returncode == 1
    assert result.stderr.strip() == ("pidash: error: --as-of must be a date written YYYY-MM-DD, such as 2009-10-31 "
                                     "(got '31/10/2009')")


def test_without_a_plan_the_reports_say_how_to_load_one(fresh_path):
    result = pidash("milestones", db=fresh_path)
    assert result.returncode == 1 and "no improvement plan is loaded" in result.stderr


def test_a_bad_milestone_file_is_rejected_from_the_command_line(seeded_path, tmp_path):
    bad = tmp_path / "november.csv"
    bad.write_text("action,milestone,status,as_of,commentary\n1.1.1,1,done,2009-11-30,\n9.9.9,1,complete,2009-11-30,\n")
    result = pidash("load", "milestones", str(bad), "--quiet", db=seeded_path)
    assert result.returncode == 1
    assert "november.csv: row 2, column 'status', value 'done': must be a milestone status" in result.stderr
    assert "november.csv: row 3, column 'action', value '9.9.9': must be an action code in the plan" in result.stderr
    rows = json.loads(pidash("milestones", "--as-of", "2009-11-30", "--json", db=seeded_path, check=True).stdout)
    assert {r["as_of"] for r in rows} == {"2009-10-31"}  # nothing of November written


def test_a_good_milestone_file_loads_and_shows_in_the_report(seeded_path, tmp_path):
    good = tmp_path / "november.csv"
    good.write_text("action,milestone,status,as_of,commentary\n1.1.7,2,on_track,2009-11-30,Back on track\n")
    result = pidash("load", "milestones", str(good), "--quiet", db=seeded_path)
    assert result.returncode == 0, result.stderr
    assert "accepted" in result.stdout
    rows = json.loads(pidash("milestones", "--as-of", "2009-11-30", "--json", db=seeded_path, check=True).stdout)
    row = next(r for r in rows if (r["action"], r["milestone"]) == ("1.1.7", 2))
    assert (row["status"], row["as_of"], row["commentary"]) == ("on_track", "2009-11-30", "Back on track")
