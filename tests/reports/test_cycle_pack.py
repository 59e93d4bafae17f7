"""The monthly cycle in the evidence pack and the quarterly report: commentary under each indicator
(plain text in the workbook and the PDF), the sign-offs and reopenings and what changed since on
the Provenance sheet, each red indicator's commentary and each month's sign-off in the quarterly
report, and `pidash evidence --as-signed-off` (only the loads up to the one the sign-off recorded).

The store: the demo, then NI59's September 2009 commentary rewritten, September signed off,
reopened and signed off again (it is ready: every return is in, every red line has commentary, so
no override is given), then — after the sign-off — NI59's commentary rewritten once more (hostile
text) and its September figure (66 of 94, computed from the home authority's case records)
restated by a returns file."""
from __future__ import annotations

import contextlib
import datetime as dt
import shutil

import pytest

from data import cycle_queries, store
from ops import signoff
from ops.commentary import write_commentary
from reports.build import build_pack
from tests.cycle.conftest import load_returns_on
from tests.helpers import HOME
from tests.reports.conftest import run_pidash
from tests.reports.helpers import pdf_text, sheet_xml, table, workbook
from vocab import Role, label

HOSTILE = '<script>alert(1)</script> **x** =SUM(A1)'
FORMULA = '=HYPERLINK("http://evil.example","open")'
SIGNED_TEXT = "Signed-off text: two agency social workers cover the assessment backlog."
INDICATORS = ["NI59", "NI61"]


def facts(ws) -> dict:
    """The label → value rows above an indicator sheet's monthly table."""
    out = {}
    for name, value, *_ in ws.iter_rows(min_row=2, max_col=2, values_only=True):
        if name == "Month":
            break
        if name:
            out[name] = value
    return out


@pytest.fixture(scope="module")
def cycle_store(seeded_template, tmp_path_factory):
    folder = tmp_path_factory.mktemp("cycle-pack")
    path = folder / "pidash.duckdb"
    shutil.copy(seeded_template, path)
    november = dt.date(2009, 11, 16)
    with contextlib.closing(store.connect(path)) as con:
        write_commentary(con, "NI59", HOME, "2009-09", SIGNED_TEXT, "a.officer", doing=FORMULA, action="3.2.1",
                         expected_by="2009-12")
        assert signoff.month_status(con, HOME, "2009-09", november).ready
        signoff.sign_off(con, HOME, "2009-09", "a.approver", Role.APPROVER, note="first go", today=november)
        signoff.reopen(con, HOME, "2009-09", "a.approver", Role.APPROVER, "a late file")
        signed = signoff.sign_off(con, HOME, "2009-09", "a.approver", Role.APPROVER, note="PI report to Scrutiny",
                                  today=november)
        write_commentary(con, "NI59", HOME, "2009-09", HOSTILE, "b.officer", doing=FORMULA)  # after the sign-off
        restated = load_returns_on(con, folder, "restated.csv", "NI59,2009-09,80,94\n", "2009-11-20 09:00")
        card = signoff.signed_off_scorecard(con, HOME, "2009-09").card.set_index("indicator")
        con.execute("CHECKPOINT")
    with contextlib.closing(store.connect(path, read_only=True)) as con:
        live = build_pack(con, "2009-09", folder / "live", indicators=INDICATORS)
    return {"path": path, "folder": folder, "signed": signed, "restated": restated, "card": card, "live": live}


def test_commentary_is_under_each_indicator_as_plain_text(cycle_store):
    live = cycle_store["live"]
    book = workbook(live.workbook)
    ni59 = facts(book["NI59"])
    assert ni59["Commentary, September 2009"] == HOSTILE  # the latest version, exactly as written
    assert ni59["What is being done"] == FORMULA
    assert ni59["Plan action"] is None and ni59["Expected by"] is None  # the latest version named neither
    assert ni59["Commentary written by"].startswith("b.officer, ") and ni59["Commentary written by"].endswith("(version 3)")
    cells = {c.value: c for line in book["NI59"].iter_rows() for c in line if c.value in (HOSTILE, FORMULA)}
    assert cells[HOSTILE].data_type == "s" and cells[FORMULA].data_type == "s"
    assert cells[FORMULA].quotePrefix is True  # stays text even when someone edits the cell
    assert facts(book["NI61"])["Commentary, September 2009"] == "No commentary recorded"
    for name, xml in sheet_xml(live.workbook).items():
        assert "<f>" not in xml and "<f " not in xml, f"{name} holds a formula"

    _, ni59_page, ni61_page = pdf_text(live.pdf).split("Commentary, September 2009")  # NI59's page, then NI61's
    assert "What happened <script>alert(1)</script> **x** =SUM(A1)" in ni59_page  # escaped: printed, not interpreted
    assert f"What is being done {FORMULA}" in ni59_page
    assert "b.officer" in ni59_page and "(version 3)" in ni59_page
    assert ni61_page.strip().startswith("No commentary recorded for September 2009.")


def test_provenance_lists_the_signoffs_reopenings_and_figures_changed_since(cycle_store):
    book = workbook(cycle_store["live"].workbook)
    signoffs = table(book["Provenance"], "Sign-off month")
    assert [(r["Sign-off month"].strftime("%Y-%m"), r["Record"], r["By"]) for r in signoffs] == [
        *[(m, "Signed off", "demo approver (synthetic)") for m in ("2009-04", "2009-05", "2009-06", "2009-07", "2009-08")],
        ("2009-09", "Signed off", "a.approver"), ("2009-09", "Reopened", "a.approver"),
        ("2009-09", "Signed off", "a.approver")]
    assert [r["Note or reason"] for r in signoffs[-3:]] == ["first go", "a late file", "PI report to Scrutiny"]
    assert [r["Override (signed off although not ready)"] for r in signoffs] == [None] * 8  # every month was ready
    assert signoffs[-1]["Loads up to"] == cycle_store["signed"]["load_id"]
    [changed] = table(book["Provenance"], "Signed-off month")
    assert (changed["Indicator"], changed["Figure's month"].strftime("%Y-%m")) == ("NI59", "2009-09")
    assert changed["Value at sign-off (%)"] == pytest.approx(66 / 94 * 100)
    assert changed["Value now (%)"] == pytest.approx(80 / 94 * 100)
    assert changed["Loaded by load"] == cycle_store["restated"] and changed["File"] == "restated.csv"

    text = " ".join(pdf_text(cycle_store["live"].pdf).split())
    statement = text[text.index("Data-quality statement The figures"):]
    assert "September 2009: signed off by a.approver on " in statement
    assert "Note: PI report to Scrutiny." in statement and "Signed off although not ready" not in statement
    assert "Figures loaded since sign-off" in statement and "restated.csv" in statement


def test_the_pack_as_signed_off_reads_only_the_loads_up_to_the_signoff(cycle_store):
    out = cycle_store["folder"] / "signed"
    done = run_pidash("evidence", "--period", "2009-09", "--indicators", ",".join(INDICATORS), "--as-signed-off",
                      "--quiet", "--out", str(out), db=cycle_store["path"])
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in out.iterdir()) == ["evidence-E09000014-2009-09-as-signed-off.pdf",
                                                     "evidence-E09000014-2009-09-as-signed-off.xlsx", "index.csv"]
    book = workbook(out / "evidence-E09000014-2009-09-as-signed-off.xlsx")
    live = workbook(cycle_store["live"].workbook)

    summary = {r["Indicator"]: r for r in table(book["Summary"], "Indicator")}
    card = cycle_store["card"]  # ops.signoff.signed_off_scorecard: what the sign-off saw
    for code in INDICATORS:
        assert summary[code]["Month value (%)"] == pytest.approx(card.loc[code, "value"])
        assert summary[code]["Year to date (%)"] == pytest.approx(card.loc[code, "ytd_value"])
        assert summary[code]["RAG"] == label(card.loc[code, "rag"])
    september = {r["Month"].strftime("%Y-%m"): r for r in table(book["NI59"], "Month")}["2009-09"]
    assert (september["Numerator"], september["Denominator"]) == (66, 94)  # as signed off
    now = {r["Month"].strftime("%Y-%m"): r for r in table(live["NI59"], "Month")}["2009-09"]
    assert (now["Numerator"], now["Restated"]) == (80, True)  # the live pack has the restatement
    assert facts(book["NI59"])["Commentary, September 2009"] == SIGNED_TEXT  # written by the sign-off
    assert facts(book["NI59"])["Plan action"] == "3.2.1" and facts(book["NI59"])["Expected by"] == "December 2009"

    loads = [r["Load"] for r in table(book["Provenance"], "Load")]
    assert cycle_store["restated"] not in loads and max(loads) <= cycle_store["signed"]["load_id"]
    assert cycle_store["restated"] in [r["Load"] for r in table(live["Provenance"], "Load")]
    about = {row[0]: row[1] for row in book["About"].iter_rows(values_only=True) if row[0]}
    assert about["Figures as held"].startswith("As signed off by a.approver on ")
    assert f"only the figures in force at load {cycle_store['signed']['load_id']}" in about["Figures as held"]
    assert "1 figure(s) have been loaded since the sign-off" in about["Figures as held"]
    text = pdf_text(out / "evidence-E09000014-2009-09-as-signed-off.pdf")
    assert "Inspection evidence pack: Haringey, September 2009 (as signed off)" in text.replace("\n", " ")
    assert SIGNED_TEXT[:40] in text and "<script>" not in text


def test_a_pack_as_signed_off_is_refused_for_a_month_not_signed_off(cycle_store):
    out = cycle_store["folder"] / "october"
    done = run_pidash("evidence", "--period", "2009-10", "--as-signed-off", "--quiet", "--out", str(out),
                      db=cycle_store["path"])
    assert done.returncode == 1
    assert "E09000014 2009-10 is not signed off (it has never been signed off), so there is no pack as signed off" \
        in done.stderr
    assert not out.exists()


def test_the_quarterly_report_has_each_red_indicators_commentary_and_each_months_signoff(cycle_store):
    with contextlib.closing(store.connect(cycle_store["path"], read_only=True)) as con:
        result = build_pack(con, "2009-09", cycle_store["folder"] / "quarter", quarterly=True)
        reds = [r["indicator"] for r in result.pack.scorecard.to_dict("records") if r["rag"] == "red"]
        said = cycle_queries.latest_commentary(con, [HOME], reds, "2009-09").set_index("indicator")["text"]
    assert reds == ["NI59", "NI60", "NI65", "NI66"]  # (the demo's commentary: these, and NI62 for special-cause concern)
    text = pdf_text(result.pdf)
    flat = text.replace("\n", " ")
    summary = flat[flat.index("3.3. Sign-off of each month in the quarter:"):flat.index("Appendices")]
    assert "July 2009: signed off by demo approver (synthetic)" in summary
    assert "August 2009: signed off by demo approver (synthetic)" in summary
    assert "September 2009: signed off by a.approver on " in summary
    red = flat[flat.index("Commentary on the indicators that are red in September 2009"):
               flat.index("Appendix 4: Data-quality statement")]
    for code in reds:
        assert f"{code}: " in red
        assert " ".join(said[code].split())[:50] in red, code
    assert "NI61: " not in red and "NI62: " not in red and "NI63: " not in red  # not red: not reported by exception
    assert "<script>alert(1)</script> **x** =SUM(A1)" in red  # NI59's latest, as text

    quarter = [row for row in workbook(result.workbook)["Quarter"].iter_rows(values_only=True)]
    lines = [r[0] for r in quarter if isinstance(r[0], str)]
    assert any(line.startswith("July 2009: signed off by demo approver (synthetic)") for line in lines)
    assert any(line.startswith("September 2009: signed off by a.approver") for line in lines)
    commentary = [r for r in quarter if r[0] == "NI59" and r[1] == "Commentary, September 2009"]
    assert [r[2] for r in commentary] == [HOSTILE]


def test_the_quarterly_report_as_signed_off(cycle_store):
    out = cycle_store["folder"] / "quarter-signed"
    done = run_pidash("evidence", "--period", "2009-08", "--quarterly", "--as-signed-off", "--quiet", "--out",
                      str(out), db=cycle_store["path"])
    assert done.returncode == 0, done.stderr
    text = pdf_text(out / "quarterly-E09000014-2009-08-as-signed-off.pdf").replace("\n", " ")
    assert "Quarterly performance report: Haringey, August 2009 (as signed off)" in text
    assert "As signed off by demo approver (synthetic) on " in text
    assert "July 2009: signed off by demo approver (synthetic)" in text


def test_evidence_help_names_as_signed_off():
    done = run_pidash("evidence", "--help", db="unused.duckdb")
    assert done.returncode == 0 and "--as-signed-off" in done.stdout
