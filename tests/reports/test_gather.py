"""The pack's calendar helpers and its refusals."""
import hashlib

import pandas as pd
import pytest

from loads.bootstrap import DEMO_CASES, DEMO_CASES_EARLIER
from reports.gather import ReportError, financial_year, gather, quarter_of


@pytest.mark.parametrize("month, year", [("2009-03-01", "2008-09"), ("2009-04-01", "2009-10"),
                                         ("2009-12-01", "2009-10"), ("1999-06-01", "1999-00")])
def test_financial_year(month, year):
    assert financial_year(month) == year


@pytest.mark.parametrize("period, start, label", [
    ("2009-09", "2009-07-01", "Q2 2009-10 (July to September 2009)"),
    ("2009-08", "2009-07-01", "Q2 2009-10 to date (July to August 2009)"),
    ("2009-07", "2009-07-01", "Q2 2009-10 to date (July 2009)"),
    ("2010-03", "2010-01-01", "Q4 2009-10 (January to March 2010)"),
    ("2009-04", "2009-04-01", "Q1 2009-10 to date (April 2009)"),
])
def test_quarter_of(period, start, label):
    first, text = quarter_of(period)
    assert str(first.date()) == start
    assert text == label


@pytest.mark.parametrize("kwargs, message", [
    ({"period": "2009-13"}, "YYYY-MM"),
    ({"period": "Sept 2009"}, "YYYY-MM"),
    ({"period": "2009-09", "org": "E09999999"}, "unknown organisation 'E09999999'"),
    ({"period": "2009-09", "indicators": ["NI59", "NI999"]}, "unknown indicator(s) NI999"),
])
def test_a_bad_request_is_refused_with_a_plain_message(seeded_db, kwargs, message):
    with pytest.raises(ReportError, match=message.replace("(", r"\(").replace(")", r"\)")):
        gather(seeded_db, **kwargs)


def test_figures_stop_at_the_period_and_restatements_keep_their_earlier_values(seeded_db):
    """The home authority's NI 59 and NI 67 are computed from its case records: the extract of 31
    August 2009 (case load 12, derived returns load 13), then the later one (case load 14, derived
    load 15), which restates NI 59's July and August and NI 67's August 2009."""
    pack = gather(seeded_db, "2009-09", indicators=["NI59", "NI67"])
    ni59 = pack.series["NI59"]
    assert str(ni59["period"].max().date()) == "2009-09-01"
    july = ni59[ni59["period"] == "2009-07-01"].iloc[0]
    assert (july["numerator"], july["denominator"], bool(july["restated"])) == (50, 78, True)
    assert july["earlier_value"] == pytest.approx(41 / 78 * 100)
    assert sorted(pack.revisions["indicator"] + " " + pack.revisions["period"].dt.strftime("%Y-%m")) == [
        "NI59 2009-07", "NI59 2009-08", "NI67 2009-08"]  # (NI 68's August too, but it is not asked for)
    assert set(pack.revisions["old_load_id"]) == {13} and set(pack.revisions["new_load_id"]) == {15}
    figures = pack.loads[pack.loads["kind"].isin(["indicators", "organisations", "targets", "returns"])]
    assert list(figures["file_name"]) == ["indicators.csv", "organisations.csv", "targets.csv",
                                          "returns_2007-04_to_2011-03.csv", "computed from case load 12",
                                          "computed from case load 14"]
    assert list(figures["id"]) == [1, 2, 3, 4, 13, 15]
    used_for = dict(zip(pack.loads["file_name"], pack.loads["used_for"]))
    assert used_for["returns_2007-04_to_2011-03.csv"] == "returns: current figures"  # the comparators' figures
    assert used_for["computed from case load 12"] == "returns: current figures; returns: earlier figures, since restated"
    assert used_for["computed from case load 14"] == "returns: current figures"
    # the computed figures' case loads are sources too: their folders' sha256 (from the files) in the pack
    cases = pack.loads[pack.loads["kind"] == "cases"]
    assert list(zip(cases["id"], cases["file_name"], cases["used_for"])) == [
        (12, "cases_2009-08-31/", "case records the figures of load 13 were computed from"),
        (14, "cases/", "case records the figures of load 15 were computed from")]
    for load_id, folder in ((12, DEMO_CASES_EARLIER), (14, DEMO_CASES)):
        lines = [f"{f.name} {hashlib.sha256(f.read_bytes()).hexdigest()}"
                 for f in sorted(folder.glob("ssd_*.csv"), key=lambda f: f.name.lower())]
        digest = hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()
        assert cases.loc[cases["id"] == load_id, "sha256"].item() == digest


def test_a_new_definition_starts_a_new_phase_in_the_packs_scorecard_and_chart(seeded_db):
    """NI 59's 10-working-day definition from April 2010: the pack's chart and scorecard start a new
    SPC phase there, as the dashboard's detail chart and scorecard do; NI 60's single one does not."""
    pack = gather(seeded_db, "2011-03", indicators=["NI59", "NI60"])
    ni59 = pack.spc["NI59"]
    assert list(ni59.groupby("phase")["period"].min()) == [pd.Timestamp("2007-04-01"), pd.Timestamp("2010-04-01")]
    assert list(ni59.groupby("phase").size()) == [36, 12]
    assert set(pack.spc["NI60"]["phase"]) == {0}
    card = pack.scorecard.set_index("indicator")
    assert (card.loc["NI59", "variation"], card.loc["NI59", "assurance"]) == ("common_cause", "inconsistent")
    assert card.loc["NI59", "variation"] == ni59["point_type"].iloc[-1]
    from reports.pdf import _spc_figure  # the PDF's chart marks the new phase as the detail page does

    figure, _ = _spc_figure(pack, "NI59")
    assert [shape.x0 for shape in figure.layout.shapes] == [pd.Timestamp("2010-04-01")]
    assert [note.text for note in figure.layout.annotations] == ["New definition: limits recalculated"]
    assert _spc_figure(pack, "NI60")[0].layout.shapes == ()
