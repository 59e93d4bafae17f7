"""`pidash scorecard` on the demo database, as a user runs it."""
import json
import subprocess
import sys

FIELDS = ["indicator", "title", "period", "value", "ytd_value", "target", "tolerance", "rag",
          "direction_vs_previous", "direction_vs_last_year", "variation", "assurance", "comparators", "vs_england",
          # the monthly cycle's (cli/cycle_commands.py; tests/cycle/)
          "commentary", "commentary_needed", "changed_since_signoff"]


def run(*args):
    return subprocess.run([sys.executable, "-m", "cli", *args], capture_output=True, text=True, timeout=120)


def test_scorecard_json_has_every_indicator_and_field(seeded_path):
    result = run("--db", str(seeded_path), "scorecard", "--period", "2009-09", "--json")
    assert result.returncode == 0, result.stderr
    rows = {r["indicator"]: r for r in json.loads(result.stdout)}
    assert sorted(rows) == [f"NI{n}" for n in range(59, 69)] + ["SA45"]
    assert all(list(r) == FIELDS for r in rows.values())
    ni59 = rows["NI59"]
    assert ni59["period"] == "2009-09" and ni59["target"] == 78.0 and ni59["tolerance"] == 5.0
    assert ni59["rag"] in {"red", "amber", "green"}
    assert set(ni59["comparators"]) == {"E92000001", "E12000007", "SN-E09000014"}
    assert "7 working days" in ni59["title"]


def test_scorecard_human_form_and_bad_period(seeded_path):
    result = run("--db", str(seeded_path), "scorecard", "--period", "2009-09")
    assert result.returncode == 0 and "NI67" in result.stdout and "RAG" in result.stdout
    bad = run("--db", str(seeded_path), "scorecard", "--period", "Sep-09")
    assert bad.returncode == 1 and "YYYY-MM" in bad.stderr and "Traceback" not in bad.stderr


def test_scorecard_after_a_new_definition_reads_as_the_detail_chart(seeded_path):
    """NI 59 went from 7 to 10 working days in April 2010: from then the command, like the
    dashboard, starts a new SPC phase. In March 2011 the new definition's 12 months are common
    cause (as one process since 2007, the last point would read as special cause improvement)."""
    result = run("--db", str(seeded_path), "scorecard", "--period", "2011-03", "--json")
    assert result.returncode == 0, result.stderr
    ni59 = {r["indicator"]: r for r in json.loads(result.stdout)}["NI59"]
    assert "10 working days" in ni59["title"]
    assert (ni59["variation"], ni59["assurance"]) == ("common_cause", "inconsistent")
