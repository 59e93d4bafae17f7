"""The scorecard, the indicator detail page and the evidence pack read one indicator's SPC alike,
on the same chart (XmR or p-chart): every indicator in every month of the demo, months with no
return and months after the last.

All three take it from indicators.spc_series.indicator_spc; this holds them to it on the inputs
each really gets (the dashboard's reads for the scorecard and detail, the pack's own gather).
The demo's figures in force (the home authority's as computed from its case records) are loaded
as one returns file through the real load path with a few left out, so that some months have no
return: one inside a year, and the month NI 59's new definition came in.
"""
from __future__ import annotations

import pandas as pd
import pytest

from data import queries, store
from indicators.scorecard import scorecard
from loads.bootstrap import DEMO_DIR, DEMO_FILES, DEMO_HOME, init_database
from loads.pipeline import load_file
from indicators.spc_series import choose_chart
from reports.gather import gather
from ui.detail_view import detail

HOME = DEMO_HOME[0]
LEFT_OUT = [("NI59", "2009-09"), ("NI62", "2009-09"), ("NI59", "2010-04"), ("NI66", "2010-06"),
            ("NI66", "2010-07")]
MONTHS = [m.strftime("%Y-%m") for m in pd.date_range("2007-04-01", "2011-03-01", freq="MS")]
AFTER = ["2011-04", "2012-05"]  # after the last return; 2011-12 has no targets
LIMITS = ["period", "phase", "value", "numerator", "denominator", "mean", "lpl", "upl", "point_type", "target"]


@pytest.fixture(scope="module")
def gapped(tmp_path_factory, demo_returns_csv):
    """The demo database, less the returns in LEFT_OUT, and the reads the dashboard makes of it.

    The demo's figures in force (the home authority's computed from its case records) come in as
    one returns file, `demo_returns_csv`, in place of the bundled returns file; the other demo
    files load as they are."""
    folder = tmp_path_factory.mktemp("gapped")
    con = store.connect(folder / "pidash.duckdb")
    init_database(con, "test-officer", home=DEMO_HOME)
    for table, name in DEMO_FILES:
        path = DEMO_DIR / name
        if name.startswith("returns_2007"):
            rows = pd.read_csv(demo_returns_csv, dtype=str)
            out = pd.Series(False, index=rows.index)
            for indicator, month in LEFT_OUT:
                out |= (rows["org"] == HOME) & (rows["indicator"] == indicator) & (rows["period"] == month)
            assert out.sum() == len(LEFT_OUT)
            path = folder / name
            rows[~out].to_csv(path, index=False)
        assert load_file(con, table, path, "test-officer").status == "accepted", name
    reads = {"returns": queries.org_returns(con, HOME), "versions": queries.catalogue(con, current_only=False),
             "targets": queries.targets(con, orgs=[HOME]), "organisations": queries.organisations(con),
             "revisions": queries.revisions(con, [HOME])}
    yield con, reads
    con.close()


def rule(returns: pd.DataFrame, code: str, month: str) -> str:
    """The chart the rule picks, from the home authority's returns as the store holds them: the
    median denominator of the months up to `month` with a value (a denominator above 0)."""
    mine = returns[(returns["org"] == HOME) & (returns["indicator"] == code)
                   & (returns["period"] <= pd.Timestamp(month + "-01")) & (returns["denominator"] > 0)]
    return choose_chart(mine["denominator"])[0]


def test_the_demo_draws_both_charts(gapped):
    """NI 61 (adoptions), NI 64 (plans lasting 2 years) and NI 65 (repeat plans) have under 30 a month:
    p-charts; SA45 (single assessments) has none to chart until its first in April 2010, and a handful
    a month since: a p-chart by March 2011; NI 60 (core assessments) has about 30, so its chart follows
    its months (a p-chart until May 2009, the XmR from June); the rest are XmR."""
    _, reads = gapped
    codes = sorted(reads["returns"]["indicator"].unique())
    picked = {m: {c for c in codes if rule(reads["returns"], c, m) == "p"} for m in ("2009-03", "2009-09", "2011-03")}
    assert picked == {"2009-03": {"NI60", "NI61", "NI64", "NI65"}, "2009-09": {"NI61", "NI64", "NI65"},
                      "2011-03": {"NI61", "NI64", "NI65", "SA45"}}


def test_the_gaps_are_there(gapped):
    con, reads = gapped
    held = set(zip(reads["returns"].loc[reads["returns"]["org"] == HOME, "indicator"],
                   reads["returns"].loc[reads["returns"]["org"] == HOME, "period"].dt.strftime("%Y-%m")))
    assert not set(LEFT_OUT) & held and ("NI59", "2009-08") in held


@pytest.mark.parametrize("month", MONTHS + AFTER)
def test_scorecard_detail_and_pack_agree(gapped, month):
    con, reads = gapped
    catalogue = queries.catalogue_at(con, month)
    card = scorecard(reads["returns"], catalogue, reads["targets"], reads["organisations"], month, HOME,
                     versions=reads["versions"]).set_index("indicator")
    pack = gather(con, month)
    packed = pack.scorecard.set_index("indicator")
    no_comments = pd.DataFrame(columns=["period", "written_at", "text", "author", "version"])
    no_milestones = pd.DataFrame({"completed": pd.Series(dtype="datetime64[ns]")})
    for code in catalogue["code"]:
        shown = detail(code, HOME, month, returns=reads["returns"], catalogue=catalogue, versions=reads["versions"],
                       targets=reads["targets"], organisations=reads["organisations"],
                       revisions=reads["revisions"], commentary=no_comments, milestones=no_milestones)
        row, pack_row = card.loc[code], packed.loc[code]
        verdicts = (row["variation"], row["assurance"])
        assert verdicts == (shown.variation, shown.assurance) == (pack_row["variation"], pack_row["assurance"]), code
        # one chart, the rule's, and one sentence for it (the scorecard's verdicts are that chart's)
        assert shown.chart == pack.chart[code] == rule(reads["returns"], code, month), code
        assert shown.chart_reason == pack.chart_reason[code], code
        charted = pack.spc.get(code)
        assert row["spc_points"] == (0 if shown.spc is None else len(shown.spc)) == (
            0 if charted is None else len(charted)), code
        if shown.spc is None:
            continue
        # every point's phase, mean, limits, type and the target it was judged against, exactly
        pd.testing.assert_frame_equal(shown.spc[LIMITS], charted[LIMITS], check_exact=True, obj=code)
        assert shown.rebase_at == pack.rebase_at[code], code
        assert set(shown.spc["target"].dropna()) == (set() if pd.isna(row["target"]) else {row["target"]}), code
        now = shown.current  # the month's return, if any (a return may have no value: a zero denominator)
        assert (now is None) == ((code, month) in LEFT_OUT or month in AFTER), code
        has_value = now is not None and not pd.isna(now["value"])
        last = shown.spc.iloc[-1]
        assert (last["period"] == pd.Timestamp(month + "-01")) == has_value, code
        assert row["variation"] == (last["point_type"] if has_value else None), code
