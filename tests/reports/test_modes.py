"""Publication mode, the quarterly report, a missing Chromium, and the start-up path staying light."""
from __future__ import annotations

import subprocess
import sys

import pytest

from reports.build import build_pack
from reports.suppress import SUPPRESSED
from tests.reports.conftest import run_pidash
from tests.reports.helpers import pdf_text, table, workbook


def test_publication_mode_suppresses_small_counts_and_says_so(seeded_db, tmp_path):
    result = build_pack(seeded_db, "2009-09", tmp_path, indicators=["NI65", "NI59"], publish=True)
    assert result.workbook.name == "evidence-E09000014-2009-09-published.xlsx"
    book = workbook(result.workbook)
    # NI65 in September 2009: 5 of 18 children, a count that could identify a child
    september = next(r for r in table(book["NI65"], "Month") if r["Month"].strftime("%Y-%m") == "2009-09")
    assert (september["Numerator"], september["Denominator"], september["Value (%)"]) == (SUPPRESSED, 18, SUPPRESSED)
    ni59 = next(r for r in table(book["NI59"], "Month") if r["Month"].strftime("%Y-%m") == "2009-09")
    assert (ni59["Numerator"], ni59["Denominator"]) == (66, 94)
    about = {row[0]: row[1] for row in book["About"].iter_rows(values_only=True) if row[0]}
    assert about["Mode"] == "Publication: small numbers suppressed"
    assert "counts from 1 to 5 are suppressed" in about["Suppression"]
    assert about["Cells suppressed"] > 0
    text = pdf_text(result.pdf)
    assert "Publication mode: counts from 1 to 5 are suppressed" in text


def test_internal_mode_shows_the_small_count(seeded_db, tmp_path):
    result = build_pack(seeded_db, "2009-09", tmp_path, indicators=["NI65"])
    september = next(r for r in table(workbook(result.workbook)["NI65"], "Month")
                     if r["Month"].strftime("%Y-%m") == "2009-09")
    assert (september["Numerator"], september["Denominator"]) == (5, 18)


def test_quarterly_report_follows_the_progress_report(seeded_path, tmp_path):
    result = run_pidash("evidence", "--period", "2009-09", "--quarterly", "--quiet", "--out", str(tmp_path), db=seeded_path)
    assert result.returncode == 0, result.stderr
    text = pdf_text(tmp_path / "quarterly-E09000014-2009-09.pdf")
    for heading in ["Quarterly performance report: Haringey, September 2009", "1. Purpose of the report",
                    "2. Recommendations", "3. Summary", "Appendix 1: Milestone report, September 2009",
                    "Appendix 2: Milestone exception report, September 2009",
                    "Appendix 3: Performance indicator report, Q2 2009-10 (July to September 2009)",
                    "Appendix 4: Data-quality statement"]:
        assert heading in text, heading
    # NI59's quarter: July and August as restated (by the returns computed from the later case
    # extract), September, then YTD, target, RAG and directions (vs last month; YTD vs last year's)
    assert "64.1% 65.9% 70.2% 61.3% 78.0% Red Improving Deteriorating" in text
    book = workbook(tmp_path / "quarterly-E09000014-2009-09.xlsx")
    quarter = table(book["Quarter"], "Indicator")
    assert len(quarter) == 33  # eleven indicators (SA45 too, computed from case records), three months each
    assert {r["Month"].strftime("%Y-%m") for r in quarter} == {"2009-07", "2009-08", "2009-09"}
    assert {r["Indicator"] for r in quarter} == {"NI59", "NI60", "NI61", "NI62", "NI63", "NI64", "NI65", "NI66",
                                                  "NI67", "NI68", "SA45"}


def test_a_missing_chromium_fails_loudly_and_the_workbook_is_still_written(seeded_path, tmp_path):
    out = tmp_path / "pack"
    result = run_pidash("evidence", "--period", "2009-09", "--quiet", "--out", str(out), db=seeded_path,
                        env_extra={"PIDASH_CHROMIUM": str(tmp_path / "no-such-chromium")})
    assert result.returncode == 1
    assert "the PDF was not made" in result.stderr
    assert "no-such-chromium" in result.stderr and "apt-get install chromium" in result.stderr
    assert "The workbook and index were written" in result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["evidence-E09000014-2009-09.xlsx", "index.csv"]
    book = workbook(out / "evidence-E09000014-2009-09.xlsx")
    notes = [row[1] for row in book["About"].iter_rows(values_only=True) if row[1]]
    assert any("the PDF was not made" in str(n) for n in notes)
    assert table(book["Index"], "File") == []
    assert table(book["NI59"], "Month")[-1]["Numerator"] == 66


def test_an_unknown_indicator_is_refused_and_nothing_is_written(seeded_path, tmp_path):
    out = tmp_path / "pack"
    result = run_pidash("evidence", "--period", "2009-09", "--indicators", "NI59,NI999", "--out", str(out), db=seeded_path)
    assert result.returncode == 1
    assert "unknown indicator(s) NI999" in result.stderr
    assert not out.exists()


def test_the_pack_libraries_are_not_imported_on_the_start_up_path():
    probe = (
        "import sys, contextlib, io\n"
        "from cli import main\n"
        "import reports.build, reports.gather, reports.suppress, reports.images\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try: main(['--help'])\n"
        "    except SystemExit: pass\n"
        "print(sorted(m for m in ('kaleido', 'weasyprint', 'xlsxwriter', 'choreographer', 'jinja2') if m in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "[]", result.stdout + result.stderr


@pytest.mark.parametrize("option", ["--period", "--out", "--org", "--indicators", "--publish", "--quarterly"])
def test_evidence_help_names_every_option(option):
    result = subprocess.run([sys.executable, "-m", "cli", "evidence", "--help"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and option in result.stdout
