"""The Indicator detail page's content, assembled without streamlit, against the demo database."""
import io

import pandas as pd
import pytest

from data import queries
from indicators.scorecard import scorecard
from ui import detail_view

from data.plan_queries import MARKER_COLUMNS
from tests.helpers import HOME

NO_MILESTONES = pd.DataFrame(columns=MARKER_COLUMNS)  # a store whose plan names no milestone for it


def test_the_detail_marks_restated_figures_and_names_both_loads(frames):
    detail = detail_view.detail("NI59", HOME, "2009-09", returns=frames["returns"], catalogue=frames["catalogue"],
                                versions=frames["versions"], targets=frames["targets"],
                                organisations=frames["organisations"], revisions=frames["revisions"],
                                commentary=pd.DataFrame(columns=["period", "written_at", "text", "author"]),
                                milestones=NO_MILESTONES)
    assert detail.has_data
    assert detail.series["period"].max() == pd.Timestamp("2009-09-01")  # nothing after the chosen month
    assert detail.current["value"] == pytest.approx(70.21277, abs=1e-4)  # 66/94
    table = detail.table.set_index("Month")
    assert table.loc["Sep 2009", "In month"] == "70.2%"
    assert table.loc["Aug 2009", "In month"] == "65.9%"
    # the later case extract restates Jul and Aug 2009 over the figures computed from that of 31 August 2009
    assert table.loc["Aug 2009", "Revisions"] == (
        f"✎ was 58.5% (48/82, load {frames['first']}), restated by load {frames['restated']} "
        "(computed from case load 14)")
    assert table.loc["Jul 2009", "Revisions"] == (
        f"✎ was 52.6% (41/78, load {frames['first']}), restated by load {frames['restated']} "
        "(computed from case load 14)")
    assert table.loc["Sep 2009", "Revisions"] == ""  # first computed from the later extract: nothing earlier
    assert table.loc["Jun 2009", "Revisions"] == ""
    assert set(detail.comparators) == {"England", "London", "Haringey statistical neighbours (average)"}
    assert detail.rebase_at == []  # the 10-day definition starts in Apr 2010, after the chosen month
    versions = detail.versions
    assert list(versions["Version"]) == [1, 2]
    assert list(versions["In force in the chosen month"]) == ["✔ yes", ""]
    assert versions["Applies"].iloc[0] == "from 1 Apr 2007 to 31 Mar 2010"


def _detail(frames, con, indicator: str, period: str, returns=None) -> detail_view.Detail:
    return detail_view.detail(indicator, HOME, period, returns=frames["returns"] if returns is None else returns,
                              catalogue=queries.catalogue_at(con, period), versions=frames["versions"],
                              targets=frames["targets"], organisations=frames["organisations"],
                              revisions=frames["revisions"], milestones=NO_MILESTONES,
                              commentary=pd.DataFrame(columns=["period", "written_at", "text", "author"]))


def test_a_new_definition_inside_the_series_is_a_rebase(frames, seeded_db):
    detail = _detail(frames, seeded_db, "NI59", "2011-03")
    assert detail.rebase_at == [pd.Timestamp("2010-04-01")]  # NI 59: 7 working days, then 10 from Apr 2010
    assert list(detail.spc.groupby("phase")["period"].min()) == [pd.Timestamp("2007-04-01"), pd.Timestamp("2010-04-01")]
    assert "worked out afresh from Apr 2010" in detail.spc_note
    assert _detail(frames, seeded_db, "NI59", "2010-03").rebase_at == []  # the last month of the old definition
    assert _detail(frames, seeded_db, "NI60", "2011-03").rebase_at == []  # one definition throughout


@pytest.mark.parametrize("period", ["2010-04", "2010-09", "2010-12", "2011-03"])
def test_the_scorecard_reads_as_the_detail_chart_after_a_new_definition(frames, seeded_db, period):
    """The scorecard's variation and assurance for NI 59 after its new definition are the detail
    chart's (both start a new phase in April 2010), and not those of the whole series."""
    detail = _detail(frames, seeded_db, "NI59", period)
    card = scorecard(frames["returns"], queries.catalogue_at(seeded_db, period), frames["targets"],
                     frames["organisations"], period, HOME, versions=frames["versions"]).set_index("indicator")
    assert (card.loc["NI59", "variation"], card.loc["NI59", "assurance"]) == (detail.variation, detail.assurance)
    whole = scorecard(frames["returns"], queries.catalogue_at(seeded_db, period), frames["targets"],
                      frames["organisations"], period, HOME).set_index("indicator")
    assert (whole.loc["NI59", "variation"], whole.loc["NI59", "assurance"]) != (detail.variation, detail.assurance)


def test_a_new_definition_in_a_month_with_no_return_starts_the_phase_at_the_next(frames, seeded_db):
    """No April 2010 return for NI 59: the chart and the scorecard both start the new phase in May."""
    returns = frames["returns"]
    returns = returns[~((returns["org"] == HOME) & (returns["indicator"] == "NI59")
                        & (returns["period"] == pd.Timestamp("2010-04-01")))]
    detail = _detail(frames, seeded_db, "NI59", "2011-03", returns=returns)
    assert detail.rebase_at == [pd.Timestamp("2010-05-01")]
    card = scorecard(returns, queries.catalogue_at(seeded_db, "2011-03"), frames["targets"], frames["organisations"],
                     "2011-03", HOME, versions=frames["versions"]).set_index("indicator")
    assert (card.loc["NI59", "variation"], card.loc["NI59", "assurance"]) == (detail.variation, detail.assurance)


def test_the_series_csv_is_machine_readable_with_each_figures_load(frames, seeded_db):
    detail = detail_view.detail("NI59", HOME, "2009-09", returns=frames["returns"], catalogue=frames["catalogue"],
                                versions=frames["versions"], targets=frames["targets"],
                                organisations=frames["organisations"], revisions=frames["revisions"],
                                commentary=pd.DataFrame(columns=["period", "written_at", "text", "author"]),
                                milestones=NO_MILESTONES)
    csv = pd.read_csv(io.BytesIO(detail.csv), dtype={"period": str})
    assert list(csv["period"].iloc[[0, -1]]) == ["2007-04", "2009-09"]
    august = csv.set_index("period").loc["2009-08"]
    assert (august["numerator"], august["denominator"], august["value"]) == (54, 82, pytest.approx(65.8537, abs=1e-4))
    assert bool(august["restated"]) and august["load_id"] == frames["restated"]
    assert august["earlier_value"] == pytest.approx(58.5366, abs=1e-4) and august["earlier_load_id"] == frames["first"]
    june = csv.set_index("period").loc["2009-06"]
    assert not bool(june["restated"]) and pd.isna(june["earlier_value"]) and june["load_id"] == frames["first"]
