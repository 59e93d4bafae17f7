"""The `pidash` command as a user runs it: real processes, real files, exit codes and messages."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest


ROOT = Path(__file__).resolve().parents[2]


def pidash(*args, db=None, check=False):
    command = [sys.executable, "-m", "cli"] + (["--db", str(db)] if db else []) + list(args)
    env = {**os.environ, "PIDASH_USER": "cli-officer"}
    result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=300)
    if check:
        assert result.returncode == 0, result.stderr
    return result


def test_help_lists_the_commands_without_importing_great_expectations():
    probe = (
        "import sys, contextlib, io\n"
        "from cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()) as out:\n"
        "    try: main(['--help'])\n"
        "    except SystemExit: pass\n"
        "print('GX' if 'great_expectations' in sys.modules else 'no GX')\n"
        "print(out.getvalue())\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert result.stdout.startswith("no GX"), result.stdout + result.stderr
    for command in ("init", "load", "loads"):
        assert command in result.stdout


@pytest.mark.parametrize("command", [["init"], ["load"], ["loads"]])
def test_every_command_has_help(command):
    result = pidash(*command, "--help")
    assert result.returncode == 0
    assert "usage: pidash" in result.stdout and command[0] in result.stdout


def test_init_demo_then_loads_json_shows_accepted_loads(tmp_path):
    db = tmp_path / "demo.duckdb"
    pidash("init", "--demo", db=db, check=True)
    result = pidash("loads", "--json", db=db, check=True)
    loads = json.loads(result.stdout)
    assert {l["status"] for l in loads} == {"accepted"}
    loads = sorted(loads, key=lambda l: l["id"])
    assert [l["kind"] for l in loads] == [
        "indicators", "organisations", "targets", "returns", "themes", "areas", "actions", "plan_milestones",
        "milestones", "risks", "commentary", "cases", "returns", "cases", "returns"]
    # each case extract brings the returns computed from it; the later one restates what the
    # earlier one gave for four figures (the autumn 2009 case-file audit's corrections)
    earlier, computed, later, recomputed = loads[-4:]
    assert [l["file_name"] for l in (earlier, computed, later, recomputed)] == [
        "cases_2009-08-31/", f"computed from case load {earlier['id']}", "cases/",
        f"computed from case load {later['id']}"]
    assert (computed["rows_restated"], recomputed["rows_restated"]) == (0, 4)
    assert all(l["loaded_by"] == "cli-officer" and len(l["sha256"]) == 64 for l in loads)


def test_a_rejected_file_exits_1_names_the_problem_and_writes_no_data(fresh_path, tmp_path):
    bad = tmp_path / "october.csv"
    bad.write_text("indicator,period,numerator,denominator\nNI59,2009-10,12,10\n")
    result = pidash("load", "returns", str(bad), "--quiet", db=fresh_path)
    assert result.returncode == 1
    assert "october.csv: row 2, column 'numerator', value '12': numerator must not be more than the denominator" in result.stderr
    assert "Traceback" not in result.stderr
    import duckdb

    con = duckdb.connect(str(fresh_path), read_only=True)
    assert con.execute("SELECT count(*) FROM indicator_return").fetchall() == [(0,)]
    assert con.execute("SELECT status FROM load ORDER BY id DESC LIMIT 1").fetchall() == [("rejected",)]


def test_an_accepted_file_prints_the_summary_and_progress(fresh_path, tmp_path):
    good = tmp_path / "october.csv"
    good.write_text("indicator,period,numerator,denominator\nNI59,2009-10,8,10\n")
    result = pidash("load", "returns", str(good), db=fresh_path)
    assert result.returncode == 0, result.stderr
    assert "accepted as load" in result.stdout and "1 new, 0 restated" in result.stdout
    assert "[100%]" in result.stderr


def test_missing_file_and_missing_database_are_plain_errors(tmp_path):
    result = pidash("load", "returns", str(tmp_path / "nope.csv"), db=tmp_path / "x.duckdb")
    assert result.returncode == 1 and "no such file" in result.stderr and "Traceback" not in result.stderr
    result = pidash("loads", db=tmp_path / "absent.duckdb")
    assert result.returncode == 1 and "pidash init" in result.stderr


def test_pidash_db_environment_variable_is_used(fresh_path):
    env = {**os.environ, "PIDASH_DB": str(fresh_path)}
    result = subprocess.run([sys.executable, "-m", "cli", "loads", "--json"], capture_output=True, text=True, env=env)
    assert result.returncode == 0
    assert [l["kind"] for l in json.loads(result.stdout)] == ["indicators"]


def test_output_piped_into_a_reader_that_stops_early_ends_quietly(seeded_path):
    """`pidash milestones --json | head -1`: the installed command, its output (about 180 kB, more than
    a pipe holds) read for one line and the pipe closed, must stop without a BrokenPipeError traceback."""
    command = shutil.which("pidash", path=str(Path(sys.executable).parent))
    assert command, "the pidash entry point is not installed next to this Python (pip install -e .)"
    # this checkout's code, whichever checkout the editable install points at
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    with subprocess.Popen([command, "--db", str(seeded_path), "milestones", "--json"],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env) as proc:
        try:
            first = proc.stdout.readline()
            proc.stdout.close()
            stderr = proc.stderr.read().decode()
            status = proc.wait(timeout=120)
        finally:
            proc.kill()
    assert first == b"[\n"
    assert "Traceback" not in stderr and "BrokenPipeError" not in stderr, stderr
    assert status == 1, stderr  # the pipe did break before the report was written out
