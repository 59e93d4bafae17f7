"""The demo's synthetic case records: regenerated exactly, loaded by `init --demo` for the home
authority (the extract of 31 August 2009, then that of 31 March 2011), and every figure computed
from them equal to an independent count in pandas (here, from the later extract's CSV files, with
numpy's business-day count for working days)."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from demo import cases as demo_cases
from indicators.workdays import working_days_between_many
from loads.bootstrap import DEMO_CASES, DEMO_CASES_EARLIER, DEMO_CASES_ORG

from tests.helpers import HOME

FIRST, LAST = "2007-04", "2011-03"
MONTHS = pd.period_range(FIRST, LAST, freq="M")
DATES = {"pers_dob", "cine_referral_date", "cine_close_date", "cina_assessment_start_date", "cina_assessment_auth_date",
         "cppl_cp_plan_start_date", "cppl_cp_plan_end_date", "cppr_cp_review_due", "cppr_cp_review_date",
         "clae_cla_episode_start_date", "clae_cla_episode_ceased_date", "clae_entered_care_date",
         "clap_cla_placement_start_date", "clap_cla_placement_end_date", "clar_cla_review_due_date",
         "clar_cla_review_date"}


@pytest.fixture(scope="module")
def tables() -> dict[str, pd.DataFrame]:
    found = {}
    for table in demo_cases.TABLE_COLUMNS:
        frame = pd.read_csv(DEMO_CASES / f"{table}.csv", dtype=str, keep_default_na=False).replace({"": None})
        for column in DATES & set(frame.columns):
            frame[column] = pd.to_datetime(frame[column])
        found[table] = frame
    return found


def by_month(dates: pd.Series, counted: pd.Series) -> pd.DataFrame:
    frame = pd.DataFrame({"period": dates.dt.to_period("M"), "counted": counted.astype(bool)})
    frame = frame[frame["period"].isin(MONTHS)]
    grouped = frame.groupby("period")["counted"]
    return pd.DataFrame({"numerator": grouped.sum(), "denominator": grouped.size()}).reindex(MONTHS, fill_value=0)


def within(starts, ends, limits) -> pd.Series:
    days = working_days_between_many(starts, ends)
    return pd.Series((~np.isnan(days.astype(float))) & (days <= np.asarray(limits)), index=starts.index)


def timeliness(t, kind: str, from_referral: bool, limit) -> pd.DataFrame:
    a = t["ssd_cin_assessments"]
    a = a[a["cina_assessment_kind"].fillna("single") == kind].dropna(subset=["cina_assessment_auth_date"])
    if from_referral:
        a = a.merge(t["ssd_cin_episodes"], left_on="cina_referral_id", right_on="cine_referral_id", how="left")
        start = a["cine_referral_date"]
    else:
        start = a["cina_assessment_start_date"]
    authorised = a["cina_assessment_auth_date"]
    limits = limit(authorised) if callable(limit) else np.full(len(a), limit)
    return by_month(authorised, within(start, authorised, limits))


def month_ends() -> list[pd.Timestamp]:
    return [m.to_timestamp(how="end").normalize() for m in MONTHS]


def looked_after_on(episodes: pd.DataFrame, day: pd.Timestamp) -> pd.DataFrame:
    return episodes[(episodes["clae_cla_episode_start_date"] <= day)
                    & (episodes["clae_cla_episode_ceased_date"].isna() | (episodes["clae_cla_episode_ceased_date"] > day))]


def ni62(t) -> pd.DataFrame:
    rows = []
    places = t["ssd_cla_placement"]
    for end, month in zip(month_ends(), MONTHS):
        children = set(looked_after_on(t["ssd_cla_episodes"], end)["clae_person_id"])
        year_from = month.to_timestamp() - pd.DateOffset(months=11)
        open_in_year = places[(places["clap_cla_placement_start_date"] <= end)
                              & (places["clap_cla_placement_end_date"].isna()
                                 | (places["clap_cla_placement_end_date"] >= year_from))]
        counts = open_in_year[open_in_year["clap_person_id"].isin(children)].groupby("clap_person_id").size()
        rows.append((int((counts >= 3).sum()), len(children)))
    return pd.DataFrame(rows, index=MONTHS, columns=["numerator", "denominator"])


def periods_of_care(episodes: pd.DataFrame) -> pd.Series:
    """Each episode's period of care's start: a run of episodes, each starting on or before the
    latest end so far, begins at its first start or the earliest entered-care date given."""
    began = {}
    for _, group in episodes.sort_values(["clae_person_id", "clae_cla_episode_start_date"]).groupby("clae_person_id"):
        run, latest = [], None
        for index, row in group.iterrows():
            ends = row["clae_cla_episode_ceased_date"] if pd.notna(row["clae_cla_episode_ceased_date"]) else pd.Timestamp.max
            if run and row["clae_cla_episode_start_date"] > latest:
                _close(run, group, began)
                run, latest = [], None
            run.append(index)
            latest = ends if latest is None else max(latest, ends)
        _close(run, group, began)
    return pd.Series(began)


def _close(run, group, began):
    part = group.loc[run]
    start = min(part["clae_cla_episode_start_date"].min(), part["clae_entered_care_date"].min(skipna=True)) \
        if part["clae_entered_care_date"].notna().any() else part["clae_cla_episode_start_date"].min()
    for index in run:
        began[index] = start


def ni63(t) -> pd.DataFrame:
    episodes = t["ssd_cla_episodes"].assign(began=periods_of_care(t["ssd_cla_episodes"]))
    born = t["ssd_person"].set_index("pers_person_id")["pers_dob"].dt.to_period("M").dt.to_timestamp()
    places = t["ssd_cla_placement"]
    rows = []
    for end in month_ends():
        open_now = looked_after_on(episodes, end)
        began = open_now.groupby("clae_person_id")["began"].min()
        sixteen = born.reindex(began.index) + pd.DateOffset(years=16)
        cohort = began[(sixteen > end) & (began <= end - pd.DateOffset(months=30))].index
        current = places[places["clap_person_id"].isin(cohort) & (places["clap_cla_placement_start_date"] <= end)
                         & (places["clap_cla_placement_end_date"].isna() | (places["clap_cla_placement_end_date"] > end))]
        settled = current[current["clap_cla_placement_start_date"] <= end - pd.DateOffset(months=24)]
        rows.append((settled["clap_person_id"].nunique(), len(cohort)))
    return pd.DataFrame(rows, index=MONTHS, columns=["numerator", "denominator"])


def independent(t) -> dict[str, pd.DataFrame]:
    plans, referrals = t["ssd_cp_plans"], t["ssd_cin_episodes"]
    initial = t["ssd_cin_assessments"][t["ssd_cin_assessments"]["cina_assessment_kind"] == "initial"]
    earlier = plans.merge(plans, on="cppl_person_id", suffixes=("", "_other"))
    earlier = earlier[earlier["cppl_cp_plan_start_date_other"] < earlier["cppl_cp_plan_start_date"]]
    cla_reviews = t["ssd_cla_reviews"][t["ssd_cla_reviews"]["clar_cla_review_cancelled"] != "Y"]
    cp_reviews = t["ssd_cp_reviews"]
    ended = plans.dropna(subset=["cppl_cp_plan_end_date"])
    return {
        "NI59": timeliness(t, "initial", True, lambda d: np.where(d < pd.Timestamp("2010-04-01"), 7, 10)),
        "NI60": timeliness(t, "core", False, 35),
        "SA45": timeliness(t, "single", False, 45),
        "NI62": ni62(t),
        "NI63": ni63(t),
        "NI64": by_month(ended["cppl_cp_plan_end_date"], ended["cppl_cp_plan_end_date"]
                         >= ended["cppl_cp_plan_start_date"] + pd.DateOffset(years=2)),
        "NI65": by_month(plans["cppl_cp_plan_start_date"], plans["cppl_cp_plan_id"].isin(earlier["cppl_cp_plan_id"])),
        "NI66": by_month(cla_reviews["clar_cla_review_due_date"],
                         cla_reviews["clar_cla_review_date"] <= cla_reviews["clar_cla_review_due_date"]),
        "NI67": by_month(cp_reviews["cppr_cp_review_due"], cp_reviews["cppr_cp_review_date"] <= cp_reviews["cppr_cp_review_due"]),
        "NI68": by_month(referrals["cine_referral_date"], referrals["cine_referral_id"].isin(initial["cina_referral_id"])),
    }


def held(con, org: str) -> pd.DataFrame:
    return con.execute(
        "SELECT indicator, strftime(period, '%Y-%m') AS month, numerator, denominator, note FROM indicator_return "
        "WHERE org = ? AND superseded_by IS NULL ORDER BY indicator, period", [org]).df()


@pytest.mark.parametrize("code", ["NI59", "NI60", "NI62", "NI63", "NI64", "NI65", "NI66", "NI67", "NI68", "SA45"])
def test_the_demos_computed_returns_equal_an_independent_count(seeded_db, tables, code):
    stored = held(seeded_db, DEMO_CASES_ORG)
    stored = stored[stored["indicator"] == code].set_index("month")[["numerator", "denominator"]]
    expected = independent(tables)[code]
    expected.index = expected.index.strftime("%Y-%m")
    assert list(stored.index) == list(expected.index)  # April 2007 to March 2011, every month
    assert stored.astype(int).to_dict("index") == expected.astype(int).to_dict("index")
    assert expected["denominator"].sum() > 0


def test_the_demo_case_loads_are_the_home_authoritys_and_labelled_synthetic(seeded_db):
    assert DEMO_CASES_ORG == HOME
    stored = held(seeded_db, HOME)
    computed = stored[stored["indicator"] != "NI61"]
    assert len(computed) == 10 * 48 and computed["note"].str.startswith("computed from case records").all()
    assert computed["note"].str.endswith("; synthetic").all()
    assert stored.loc[stored["indicator"] == "NI61", "note"].eq("synthetic demo figure").all()  # hand-made
    loads = seeded_db.execute("SELECT kind, status, file_name FROM load WHERE kind = 'cases' ORDER BY id").fetchall()
    assert loads == [("cases", "accepted", "cases_2009-08-31/"), ("cases", "accepted", "cases/")]
    assert seeded_db.execute("SELECT count(*) FROM ssd_person WHERE org = ?", [HOME]).fetchall()[0][0] > 3000


def test_the_later_extract_restates_what_the_case_file_audit_corrected(seeded_db, tables):
    earlier, later = seeded_db.execute(
        "SELECT d.id FROM load d JOIN load c ON d.derived_from = c.id WHERE c.kind = 'cases' "
        "ORDER BY d.id").fetchall()
    restated = seeded_db.execute(
        "SELECT r.indicator, strftime(r.period, '%Y-%m'), r.numerator - o.numerator, r.denominator - o.denominator "
        "FROM indicator_return r JOIN indicator_return o USING (org, indicator, period) "
        "WHERE r.load_id = ? AND o.load_id = ? AND o.superseded_by = r.load_id ORDER BY 1, 2",
        [later[0], earlier[0]]).fetchall()
    # the audit's corrections (demo/cases.py), and an August referral whose assessment began in September
    assert restated[:3] == [("NI59", "2009-07", 9, 0), ("NI59", "2009-08", 6, 0), ("NI67", "2009-08", -4, 0)]
    assert [(r[0], r[1], r[3]) for r in restated[3:]] == [("NI68", "2009-08", 0)] and restated[3][2] > 0
    first = held_in(seeded_db, earlier[0])
    assert (first["month"].min(), first["month"].max()) == ("2007-04", "2009-08")


def held_in(con, load_id: int) -> pd.DataFrame:
    return con.execute("SELECT indicator, strftime(period, '%Y-%m') AS month FROM indicator_return WHERE load_id = ?",
                       [load_id]).df()


def test_the_demo_case_files_are_regenerated_exactly(tmp_path):
    demo_cases.write(into=tmp_path)
    for bundled in (DEMO_CASES_EARLIER, DEMO_CASES):
        made = sorted(p.name for p in (tmp_path / bundled.name).iterdir())
        assert made == sorted(p.name for p in bundled.iterdir()) == sorted(
            ["README.md", *(f"{table}.csv" for table in demo_cases.TABLE_COLUMNS)])
        for name in made:
            assert (tmp_path / bundled.name / name).read_bytes() == (bundled / name).read_bytes(), (bundled.name, name)


def test_the_earlier_extract_is_the_later_as_it_stood_on_its_day(tables):
    earlier = pd.read_csv(DEMO_CASES_EARLIER / "ssd_cin_assessments.csv", dtype=str, keep_default_na=False)
    later = tables["ssd_cin_assessments"].set_index("cina_assessment_id")
    assert earlier["cina_assessment_start_date"].max() <= "2009-08-31"
    assert earlier["cina_assessment_auth_date"].replace("", None).dropna().max() <= "2009-08-31"
    both = earlier.merge(later, left_on="cina_assessment_id", right_index=True, suffixes=("", "_later"))
    authorised = both[both["cina_assessment_auth_date"] != ""]
    moved = authorised[pd.to_datetime(authorised["cina_assessment_auth_date"]) != authorised["cina_assessment_auth_date_later"]]
    assert len(moved) == 9 + 6  # recorded late, corrected by the audit
    assert (pd.to_datetime(moved["cina_assessment_auth_date"]) > moved["cina_assessment_auth_date_later"]).all()


def test_the_demo_has_records_for_the_query_rules_and_none_for_the_errors(seeded_db):
    for (text,) in seeded_db.execute("SELECT report FROM load WHERE kind = 'cases'").fetchall():
        report = json.loads(text)
        assert sorted({f["code"] for f in report["findings"]}) == ["C901Q", "C902Q"]
        assert report["dropped_columns"] == {"ssd_person": ["pers_forename", "pers_upn"]}
        assert report["ignored_files"] == ["README.md"]
