"""Synthetic case records: the demo's (data/demo/cases*/) and, at scale, load-test sets.

Every record is made up. The demo's are a few thousand children of the home authority (Haringey,
E09000014) from 2003 to March 2011, in the Standard Safeguarding Dataset's tables — referrals and
assessments from April 2007, child protection plans from 2005, children looked after from 2003 (so
placement stability has a history) — with timeliness that follows the demo's story
(demo/make_demo.py's trajectories): a dip in the winter of 2008-09, then recovery. From them
`pidash init --demo` computes the home authority's NI 59, 60, 62-68 and SA45 (NI 61 and everyone
else's figures stay hand-made, in data/demo/returns_*.csv).

There are two extracts, loaded in turn as a council would: the one taken on 31 August 2009
(`cases_2009-08-31/`) and the one taken on 31 March 2011 (`cases/`). The later one restates what
the case-file audit of autumn 2009 corrected: nine July and six August initial assessments that
had been recorded late (authorised in time, entered after it), and four August child protection
reviews recorded as on time that were held late; and, as any later extract does, it fills in what
was still open on the earlier one's day. Each person has a (synthetic) forename and UPN column,
which the loader drops as identifying columns; a few records are left for the query rules to find
(an assessment open for over a year, a young person referred at 18).

Run: python -m demo.cases (the demo), python -m demo.cases --authorities N --out DIR (at scale)
"""
from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from demo.story import HOME_SERIES, MONTHS, trajectory
from indicators.workdays import add_working_days, working_days_between_many

DEMO_DIR = Path(__file__).resolve().parents[1] / "data" / "demo"
OUT = DEMO_DIR / "cases"  # the extract of 31 March 2011
EARLIER = dt.date(2009, 8, 31)
EARLIER_OUT = DEMO_DIR / f"cases_{EARLIER.isoformat()}"  # the extract of 31 August 2009
SEED = 2011
END = dt.date(2011, 3, 31)  # the day the (later) synthetic extract was taken
REFERRALS_A_MONTH = 120
PLANS_A_MONTH = 11
ENTERING_CARE_A_MONTH = 7
ETHNICITIES = ["WBRI", "WIRI", "WOTH", "MWBC", "MWBA", "MOTH", "AIND", "APKN", "BCRB", "BAFR", "OOTH"]
PLACEMENT_TYPES = ["U4", "U6", "U1", "U3", "K2", "P1", "R1", "H5"]
# the autumn 2009 case-file audit (see the docstring): (month, how many) recorded late, or reviews held late
RECORDED_LATE = [("2009-07", 9), ("2009-08", 6)]
REVIEWS_HELD_LATE = ("2009-08", 4)

TABLE_COLUMNS = {
    "ssd_person": ["pers_person_id", "pers_forename", "pers_upn", "pers_dob", "pers_sex", "pers_ethnicity"],
    "ssd_cin_episodes": ["cine_referral_id", "cine_person_id", "cine_referral_date", "cine_referral_nfa",
                         "cine_close_date"],
    "ssd_cin_assessments": ["cina_assessment_id", "cina_person_id", "cina_referral_id", "cina_assessment_start_date",
                            "cina_assessment_auth_date", "cina_assessment_kind"],
    "ssd_cp_plans": ["cppl_cp_plan_id", "cppl_person_id", "cppl_cp_plan_start_date", "cppl_cp_plan_end_date"],
    "ssd_cp_reviews": ["cppr_cp_review_id", "cppr_person_id", "cppr_cp_plan_id", "cppr_cp_review_due",
                       "cppr_cp_review_date"],
    "ssd_cla_episodes": ["clae_cla_episode_id", "clae_person_id", "clae_cla_id", "clae_cla_episode_start_date",
                         "clae_cla_episode_ceased_date", "clae_entered_care_date"],
    "ssd_cla_placement": ["clap_cla_placement_id", "clap_cla_id", "clap_person_id", "clap_cla_placement_start_date",
                          "clap_cla_placement_end_date", "clap_cla_placement_type"],
    "ssd_cla_reviews": ["clar_cla_review_id", "clar_cla_id", "clar_cla_review_due_date", "clar_cla_review_date",
                        "clar_cla_review_cancelled"],
}
# for each table: the date a record must have reached by an extract's day to be in it, and the
# dates an extract leaves blank when they are after its day (what had not happened yet)
EXTRACT_DATES = {
    "ssd_cin_episodes": ("cine_referral_date", ["cine_close_date"]),
    "ssd_cin_assessments": ("cina_assessment_start_date", ["cina_assessment_auth_date"]),
    "ssd_cp_plans": ("cppl_cp_plan_start_date", ["cppl_cp_plan_end_date"]),
    "ssd_cp_reviews": ("cppr_cp_review_due", ["cppr_cp_review_date"]),
    "ssd_cla_episodes": ("clae_cla_episode_start_date", ["clae_cla_episode_ceased_date"]),
    "ssd_cla_placement": ("clap_cla_placement_start_date", ["clap_cla_placement_end_date"]),
    "ssd_cla_reviews": ("clar_cla_review_due_date", ["clar_cla_review_date"]),
}
README = """# Synthetic case records (demo): the extract of {day}

Made up by `python -m demo.cases` (a fixed seed): no row describes a real child. The home
authority's (E09000014) case records as an extract taken on {day} would hold them, in the
Standard Safeguarding Dataset's table and column names, loaded by `pidash init --demo` (the
extract of 31 August 2009 first, then that of 31 March 2011, which restates what the autumn 2009
case-file audit corrected). The `pers_forename` and `pers_upn` columns (also synthetic) are there
to show the loader dropping identifying columns; this file is listed as ignored.
"""
RATE = {code: trajectory(HOME_SERIES[code][1]) / 100
        for code in ("NI59", "NI60", "NI62", "NI63", "NI64", "NI65", "NI66", "NI67", "NI68")}


# --- the generator: a table at a time, vectorised ------------------------------------------
#
# One authority's story drawn with numpy a column at a time: the demo's records (Scale() for the
# home authority) and, for load tests and benchmarks/bench.py, 150 authorities × ten years
# (about ten million records) in under a minute.

SCALED_HEADER = """Made up by `python -m demo.cases --authorities N` (the vectorised generator, seed {seed}):
no row describes a real child. One folder per authority, each a case load (`pidash load cases
DIR --org CODE`): {years} years of referrals and assessments to March 2011, child protection plans
from two years and care from four years before, {size:g} times the demo's children a month.
"""


@dataclass(frozen=True)
class Scale:
    """How much to make: `authorities` folders; `years` of referrals and assessments ending March
    2011 (child protection plans from two years before them, care from four: the demo's 4 years
    start in April 2007, plans in 2005, care in 2003); `size`: children a month as a multiple of
    the demo's (120 referrals, 11 new plans and 7 children entering care a month)."""

    authorities: int = 1
    years: int = 4
    size: float = 1.0

    def __post_init__(self) -> None:
        if self.authorities < 1 or not 1 <= self.years <= 40 or not 0 < self.size <= 100:
            raise ValueError(f"Scale: authorities ≥ 1, years 1-40 and size in (0, 100], not {self}")

    @property
    def referrals_from(self) -> dt.date:
        return dt.date(END.year - self.years, 4, 1)

    @property
    def plans_from(self) -> dt.date:
        return dt.date(END.year - self.years - 2, 1, 1)

    @property
    def care_from(self) -> dt.date:
        return dt.date(END.year - self.years - 4, 1, 1)


_D = "datetime64[D]"
_NAT = np.datetime64("NaT", "D")
_END = np.datetime64(END, "D")
_RATE_FROM = np.datetime64(MONTHS[0], "M")


def _holidays(first_year: int) -> np.ndarray:
    from indicators.workdays import bank_holidays

    return np.array(bank_holidays(first_year, END.year + 2), dtype=_D)


class _Vectorised:
    """One authority's tables, drawn a column at a time."""

    def __init__(self, rng: np.random.Generator, scale: Scale, holidays: np.ndarray):
        self.rng, self.scale, self.holidays = rng, scale, holidays
        self.dob: list[np.ndarray] = []  # people's dates of birth, in blocks, in id order
        self.people = 0

    # helpers ---------------------------------------------------------------------------------

    def rate(self, code: str, days: np.ndarray) -> np.ndarray:
        """The story's rate for `code` in each day's month (as `rate`: clamped to the story's months)."""
        index = (days.astype("datetime64[M]") - _RATE_FROM).astype("int64")
        return RATE[code][np.clip(index, 0, len(MONTHS) - 1)]

    def integers(self, low, high) -> np.ndarray:
        """One draw from [low, high) per element of `high` (an array)."""
        return self.rng.integers(low, high)

    def draw(self, low: int, high: int, n: int) -> np.ndarray:
        """n draws from [low, high)."""
        return self.rng.integers(low, high, n)

    def working_days_after(self, days: np.ndarray, n: np.ndarray) -> np.ndarray:
        """`add_working_days` for arrays: the n-th working day after each day (n = 0: the day)."""
        moved = np.busday_offset(days, n, roll="backward", weekmask="1111100", holidays=self.holidays)
        return np.where(n == 0, days, moved)

    @staticmethod
    def months_after(days: np.ndarray, n) -> np.ndarray:
        """`add_months` for arrays: the day n months on, the month's last day where it is shorter."""
        month = days.astype("datetime64[M]")
        day = (days - month.astype(_D)).astype("int64")
        target = month + np.asarray(n, dtype="int64").astype("timedelta64[M]")
        length = ((target + 1).astype(_D) - target.astype(_D)).astype("int64")
        return target.astype(_D) + np.minimum(day, length - 1).astype("timedelta64[D]")

    def days_in_months(self, first: dt.date, per_month: float) -> np.ndarray:
        """Each month from `first` to END a Poisson number of days in it, sorted by month."""
        months = np.arange(np.datetime64(first, "M"), np.datetime64(END, "M") + 1)
        counts = self.rng.poisson(per_month * self.scale.size, len(months))
        month = np.repeat(months, counts)
        length = ((month + 1).astype(_D) - month.astype(_D)).astype("int64")
        offset = np.floor(self.rng.random(len(month)) * length).astype("int64")
        return month.astype(_D) + offset.astype("timedelta64[D]")

    def new_people(self, on: np.ndarray, age_from: float, age_to: float) -> np.ndarray:
        """A new child for each day, of an age between `age_from` and `age_to` on it: their indexes."""
        age = (self.rng.uniform(age_from, age_to, len(on)) * 365.25).astype("int64")
        self.dob.append(on - np.maximum(1, age).astype("timedelta64[D]"))
        first, self.people = self.people, self.people + len(on)
        return np.arange(first, self.people)

    def dob_of(self, people: np.ndarray) -> np.ndarray:
        return np.concatenate(self.dob)[people] if len(people) else np.array([], dtype=_D)

    def held(self, due: np.ndarray, on_time: np.ndarray) -> np.ndarray:
        """When each review due on `due` was held (NaT: not held, or not by the extract's day)."""
        n = len(due)
        in_time = self.rng.random(n) < on_time
        never = self.rng.random(n) < 0.15
        early = self.draw(0, 8, n).astype("timedelta64[D]")
        late = self.draw(1, 40, n).astype("timedelta64[D]")
        held = np.where(in_time, due - early, np.where(never, _NAT, due + late))
        return np.where(held <= _END, held, _NAT)

    @staticmethod
    def resolve(reuse: np.ndarray, earlier: np.ndarray) -> np.ndarray:
        """For records that reuse an earlier record's child (`earlier`, an index below their own),
        the first record of that child's chain: pointer jumping, a vector at a time."""
        owner = np.where(reuse, earlier, np.arange(len(reuse)))
        while True:
            following = owner[owner]
            if np.array_equal(following, owner):
                return owner
            owner = following

    # care ------------------------------------------------------------------------------------

    def care(self) -> dict:
        start = self.days_in_months(self.scale.care_from, ENTERING_CARE_A_MONTH)
        n = len(start)
        person = self.new_people(start, 0, 16)
        dob = self.dob_of(person)
        kind = self.rng.random(n)
        short = self.draw(7, 300, n)
        long = self.draw(300, 1300, n)
        to_18 = (dob + int(18 * 365.25) - start).astype("int64")
        length = np.where(kind < 0.45, short, np.where(kind < 0.8, long, to_18))
        ends = start + np.maximum(1, length).astype("timedelta64[D]")
        ceased = np.where(ends <= _END, ends, _NAT)
        entered = np.where(self.rng.random(n) < 0.7, start, _NAT)
        span = (ceased - start).astype("int64")  # NaT: a large negative number
        split_it = ~np.isnat(ceased) & (span > 60) & (self.rng.random(n) < 0.3)
        split = np.full(n, _NAT)
        if split_it.any():
            split[split_it] = start[split_it] + self.integers(30, span[split_it]).astype("timedelta64[D]")
        first_end = np.where(split_it, split, ceased)
        episodes = {  # each period's first episode, then the second of those split, in period order
            "period": np.concatenate([np.arange(n), np.flatnonzero(split_it)]),
            "part": np.concatenate([np.zeros(n, "int64"), np.ones(int(split_it.sum()), "int64")]),
            "start": np.concatenate([start, split[split_it]]),
            "ceased": np.concatenate([first_end, ceased[split_it]]),
        }
        order = np.lexsort((episodes["part"], episodes["period"]))
        episodes = {k: v[order] for k, v in episodes.items()}
        episodes["entered"] = entered[episodes["period"]]

        # placements: one after another from the start until the period ceases (or the extract)
        unstable = self.rng.random(n) < self.rate("NI62", start) * 1.1
        mean = np.where(unstable, 100.0, 1500.0)
        placed = {"period": [], "round": [], "start": [], "end": []}
        active, begins, round_ = np.arange(n), start.copy(), 0
        while len(active):
            ends = begins + np.maximum(1, self.rng.exponential(mean[active]).astype("int64")).astype("timedelta64[D]")
            stop = ceased[active]
            last = np.where(np.isnat(stop), ends > _END, ends >= stop)
            placed["period"].append(active)
            placed["round"].append(np.full(len(active), round_))
            placed["start"].append(begins)
            placed["end"].append(np.where(last, stop, ends))
            active, begins, round_ = active[~last], ends[~last], round_ + 1
        placed = {k: np.concatenate(v) for k, v in placed.items()}
        order = np.lexsort((placed["round"], placed["period"]))
        placed = {k: v[order] for k, v in placed.items()}
        placed["type"] = np.asarray(PLACEMENT_TYPES)[self.draw(0, len(PLACEMENT_TYPES), len(order))]

        # reviews: 28 days in, then after 3 months, then every 6, while looked after
        reviews = {"period": [], "round": [], "due": []}
        active, due, round_ = np.arange(n), start + 28, 0
        while True:
            stop = ceased[active]
            keep = (due <= _END) & (np.isnat(stop) | (due < stop))
            active, due = active[keep], due[keep]
            if not len(active):
                break
            reviews["period"].append(active)
            reviews["round"].append(np.full(len(active), round_))
            reviews["due"].append(due)
            due, round_ = self.months_after(due, 3 if round_ == 0 else 6), round_ + 1
        reviews = {k: np.concatenate(v) if v else np.array([], "int64") for k, v in reviews.items()}
        order = np.lexsort((reviews["round"], reviews["period"]))
        reviews = {k: v[order] for k, v in reviews.items()}
        due = reviews["due"].astype(_D)
        cancelled = self.rng.random(len(due)) < 0.02
        reviews["held"] = np.where(cancelled, _NAT, self.held(due, self.rate("NI66", due)))
        reviews["cancelled"] = np.where(cancelled, "Y", "N")
        return {"person": person, "episodes": episodes, "placements": placed, "reviews": reviews}

    # child protection ------------------------------------------------------------------------

    def plan_lengths(self, start: np.ndarray) -> np.ndarray:
        n = len(start)
        long_plan = self.rng.random(n) < self.rate("NI64", start) * 0.7
        days = np.where(long_plan, self.draw(731, 1100, n),
                        self.rng.gamma(2.2, 150, n).astype("int64") + 30)
        return start + days.astype("timedelta64[D]")

    @staticmethod
    def overlapping(person: np.ndarray, start: np.ndarray, ends: np.ndarray) -> np.ndarray:
        """Plans that start before an earlier plan of the same child has ended (an open plan never
        ends): a child has one plan at a time."""
        order = np.lexsort((start, person))
        frame = pd.DataFrame({"person": person[order], "start": start[order].astype("int64"),
                              "ends": ends[order].astype("int64")})
        before = frame.groupby("person")["ends"].shift().groupby(frame["person"]).cummax()
        clash = np.zeros(len(person), bool)
        clash[order] = (frame["start"] <= before).to_numpy()
        return clash

    def monthly_plans(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Children put on a plan each month (some for a second or later time): person, start, ends."""
        start = self.days_in_months(self.scale.plans_from, PLANS_A_MONTH)
        n = len(start)
        ends = self.plan_lengths(start)
        again = (self.rng.random(n) < self.rate("NI65", start) * 1.3) & (np.arange(n) > 0)
        fresh_age = (self.rng.uniform(0, 17.5, n) * 365.25).astype("int64")
        own_dob = start - np.maximum(1, fresh_age).astype("timedelta64[D]")
        earlier = np.zeros(n, "int64")
        redraw, reuse = again.copy(), again.copy()
        for round_ in range(8):
            # a second plan is for a child under 16 whose latest plan has ended (the demo picks one
            # among them): draw an earlier plan that has ended, check the child, and draw again
            # for those that do not fit; what still does not fit after the last round is a new child's
            for _ in range(4):
                other = np.floor(self.rng.random(n) * np.arange(n)).astype("int64")
                earlier = np.where(redraw, other, earlier)
                redraw = redraw & ~(ends[earlier] < start)
            root = self.resolve(reuse, earlier)
            fits = (ends[earlier] < start) & ((start - own_dob[root]).astype("int64") < 16 * 365)
            bad = reuse & (~fits | self.overlapping(root, start, ends))
            if not bad.any():
                break
            if round_ == 7:
                reuse &= ~bad
            redraw = bad
        while True:  # a child has one plan at a time
            root = self.resolve(reuse, earlier)
            fits = (ends[earlier] < start) & ((start - own_dob[root]).astype("int64") < 16 * 365)
            bad = reuse & (~fits | self.overlapping(root, start, ends))
            if not bad.any():
                break
            reuse &= ~bad
        first_of = np.unique(root)
        index = np.full(n, -1)
        index[first_of] = self.people + np.arange(len(first_of))
        self.dob.append(own_dob[first_of])
        self.people += len(first_of)
        return index[root], start, ends

    # referrals and assessments ---------------------------------------------------------------

    def referrals(self) -> dict:
        day = self.days_in_months(self.scale.referrals_from, REFERRALS_A_MONTH)
        n = len(day)
        again = (self.rng.random(n) < 0.2) & (np.arange(n) > 0)
        earlier = np.floor(self.rng.random(n) * np.arange(n)).astype("int64")
        fresh_age = (self.rng.uniform(0, 17.5, n) * 365.25).astype("int64")
        own_dob = day - np.maximum(1, fresh_age).astype("timedelta64[D]")
        root = self.resolve(again, earlier)
        age = (day - own_dob[root]).astype("int64")
        root = np.where(~again | ((age <= 17 * 365) & (age > 0)), root, np.arange(n))
        first_of = np.unique(root)
        index = np.full(n, -1)
        index[first_of] = self.people + np.arange(len(first_of))
        self.dob.append(own_dob[first_of])
        self.people += len(first_of)
        person = index[root]

        assessed = self.rng.random(n) < self.rate("NI68", day)
        closed = np.where(assessed, _NAT, np.minimum(_END, day + self.draw(0, 10, n)))
        reform = day >= np.datetime64("2010-04-01")
        single = assessed & reform & (self.rng.random(n) < 0.12)
        initial = assessed & ~single

        def assessment(start, limit, in_time, from_referral):
            m = len(start)
            taken = np.where(self.rng.random(m) < in_time, self.integers(1, limit + 1),
                             limit + 1 + self.rng.geometric(0.15, m))
            if from_referral:
                begins = self.working_days_after(start, np.minimum(self.draw(0, 3, m), taken))
            else:
                begins = start
            return begins, self.working_days_after(start, taken)

        limit = np.where(reform, 10, 7)[initial]
        i_begins, i_auth = assessment(day[initial], limit, self.rate("NI59", day[initial]), True)
        s_begins, s_auth = assessment(day[single], 45 * np.ones(int(single.sum()), "int64"), 0.8, False)
        i_shown = np.where(i_auth <= _END, i_auth, _NAT)
        # a core assessment after some initial ones authorised
        to_core = ~np.isnat(i_shown) & (self.rng.random(len(i_shown)) < 0.4)
        core_start = self.working_days_after(i_shown[to_core], self.draw(0, 3, int(to_core.sum())))
        core_ok = core_start <= _END
        core_from = np.flatnonzero(initial)[to_core][core_ok]  # the referral each core assessment follows
        core_start = core_start[core_ok]
        c_begins, c_auth = assessment(core_start, 35 * np.ones(len(core_start), "int64"),
                                      self.rate("NI60", core_start), False)
        in_2008 = np.flatnonzero(core_start.astype("datetime64[Y]") == np.datetime64("2008", "Y"))[:2]
        c_auth[in_2008] = core_start[in_2008] + 400  # for the query rule C901Q: open over a year
        c_shown = np.where(c_auth <= _END, c_auth, _NAT)

        rows = {  # every assessment, by its referral, initial or single before core
            "referral": np.concatenate([np.flatnonzero(initial), np.flatnonzero(single), core_from]),
            "part": np.concatenate([np.zeros(int(initial.sum() + single.sum()), "int64"),
                                    np.ones(len(core_from), "int64")]),
            "start": np.concatenate([i_begins, s_begins, c_begins]),
            "authorised": np.concatenate([i_shown, np.where(s_auth <= _END, s_auth, _NAT), c_shown]),
            "kind": np.concatenate([np.full(int(initial.sum()), "initial"), np.full(int(single.sum()), "single"),
                                    np.full(len(core_from), "core")]),
        }
        keep = rows["start"] <= _END
        rows = {k: v[keep] for k, v in rows.items()}
        order = np.lexsort((rows["part"], rows["referral"]))
        assessments = {k: v[order] for k, v in rows.items()}
        assessments["person"] = person[assessments["referral"]]

        # some children of an authorised core assessment go on to a plan (one plan at a time)
        plan_it = ~np.isnat(c_shown) & (self.rng.random(len(c_shown)) < 0.25)
        plan_person = person[core_from[plan_it]]
        plan_start = c_shown[plan_it] + self.draw(1, 15, int(plan_it.sum())).astype("timedelta64[D]")
        in_range = plan_start <= _END
        plan_person, plan_start = plan_person[in_range], plan_start[in_range]
        plan_ends = self.plan_lengths(plan_start)
        alone = ~self.overlapping(plan_person, plan_start, plan_ends)
        return {"person": person, "day": day, "nfa": np.where(assessed, "N", "Y"), "closed": closed,
                "assessments": assessments,
                "plans": (plan_person[alone], plan_start[alone], plan_ends[alone])}

    # all of it -------------------------------------------------------------------------------

    def tables(self, prefix: str = "") -> dict[str, pd.DataFrame]:
        care = self.care()
        plan_person, plan_start, plan_ends = self.monthly_plans()
        refs = self.referrals()
        adult_day = np.array(["2009-06-15"], dtype=_D)  # for the query rule C902Q: a young person referred at 18
        adult = self.new_people(adult_day, 18.2, 18.4)

        def ids(letters: str, n: int) -> np.ndarray:
            return np.char.add(f"{letters}{prefix}", np.char.zfill(np.arange(1, n + 1).astype(str), 6)) if n else \
                np.array([], dtype=str)

        people = ids("SYN", self.people)
        dob = np.concatenate(self.dob)
        n = self.people
        out = {"ssd_person": {
            "pers_person_id": people, "pers_forename": np.full(n, "Synthetic"),
            "pers_upn": np.char.add("SYNUPN", np.char.lstrip(people, "SYN")), "pers_dob": dob,
            "pers_sex": np.where(self.rng.random(n) < 0.49, "F", "M"),
            "pers_ethnicity": np.asarray(ETHNICITIES)[self.draw(0, len(ETHNICITIES), n)]}}

        # referrals, the adult's last
        referral_ids = ids("REF", len(refs["day"]) + 1)
        out["ssd_cin_episodes"] = {
            "cine_referral_id": referral_ids,
            "cine_person_id": np.concatenate([people[refs["person"]], people[adult]]),
            "cine_referral_date": np.concatenate([refs["day"], adult_day]),
            "cine_referral_nfa": np.concatenate([refs["nfa"], ["Y"]]),
            "cine_close_date": np.concatenate([refs["closed"], adult_day + 1])}
        a = refs["assessments"]
        out["ssd_cin_assessments"] = {
            "cina_assessment_id": ids("ASM", len(a["start"])), "cina_person_id": people[a["person"]],
            "cina_referral_id": referral_ids[a["referral"]], "cina_assessment_start_date": a["start"],
            "cina_assessment_auth_date": a["authorised"], "cina_assessment_kind": a["kind"]}

        # plans: the monthly ones and those after a core assessment, by start date
        core_person, core_start, core_ends = refs["plans"]
        person = np.concatenate([plan_person, core_person])
        start = np.concatenate([plan_start, core_start])
        ends = np.concatenate([plan_ends, core_ends])
        order = np.argsort(start, kind="stable")
        person, start, ends = person[order], start[order], ends[order]
        plan_ids = ids("CPP", len(start))
        out["ssd_cp_plans"] = {"cppl_cp_plan_id": plan_ids, "cppl_person_id": people[person],
                               "cppl_cp_plan_start_date": start,
                               "cppl_cp_plan_end_date": np.where(ends <= _END, ends, _NAT)}
        plan, due = [], []  # reviews 3 months in, then every 6, while the plan lasts
        active, next_due = np.arange(len(start)), self.months_after(start, 3)
        while True:
            keep = (next_due <= _END) & (next_due <= ends[active])
            active, next_due = active[keep], next_due[keep]
            if not len(active):
                break
            plan.append(active)
            due.append(next_due)
            next_due = self.months_after(next_due, 6)
        plan = np.concatenate(plan) if plan else np.array([], "int64")
        due = np.concatenate(due) if due else np.array([], _D)
        order = np.argsort(plan, kind="stable")
        plan, due = plan[order], due[order]
        out["ssd_cp_reviews"] = {"cppr_cp_review_id": ids("CPR", len(plan)), "cppr_person_id": people[person[plan]],
                                 "cppr_cp_plan_id": plan_ids[plan], "cppr_cp_review_due": due,
                                 "cppr_cp_review_date": self.held(due, self.rate("NI67", due))}

        # care
        periods = ids("CLA", len(care["person"]))
        e, p, r = care["episodes"], care["placements"], care["reviews"]
        out["ssd_cla_episodes"] = {
            "clae_cla_episode_id": ids("EPI", len(e["period"])), "clae_person_id": people[care["person"][e["period"]]],
            "clae_cla_id": periods[e["period"]], "clae_cla_episode_start_date": e["start"],
            "clae_cla_episode_ceased_date": e["ceased"], "clae_entered_care_date": e["entered"]}
        out["ssd_cla_placement"] = {
            "clap_cla_placement_id": ids("PLC", len(p["period"])), "clap_cla_id": periods[p["period"]],
            "clap_person_id": people[care["person"][p["period"]]], "clap_cla_placement_start_date": p["start"],
            "clap_cla_placement_end_date": p["end"], "clap_cla_placement_type": p["type"]}
        out["ssd_cla_reviews"] = {
            "clar_cla_review_id": ids("CLR", len(r["period"])), "clar_cla_id": periods[r["period"]],
            "clar_cla_review_due_date": r["due"], "clar_cla_review_date": r["held"],
            "clar_cla_review_cancelled": r["cancelled"]}
        return {table: pd.DataFrame({c: out[table][c] for c in TABLE_COLUMNS[table]}) for table in TABLE_COLUMNS}


def generate_scaled(scale: Scale = Scale(), seed: int = SEED, authority: int = 0) -> dict[str, pd.DataFrame]:
    """One authority's synthetic case tables at `scale` (its `authority`-th of `scale.authorities`,
    each drawn from its own stream of `seed`, so any one can be made alone): table → frame in
    TABLE_COLUMNS order, dates as datetime64 (NaT where blank), every other cell text."""
    made = _Vectorised(np.random.default_rng([seed, authority]), scale, _holidays(scale.care_from.year))
    return made.tables()


def write_tables(tables: dict[str, pd.DataFrame], out: Path) -> dict[str, int]:
    """Write a case load's tables as CSV files into `out` (as `write`: a header, then the rows,
    dates YYYY-MM-DD, blanks empty, nothing quoted); rows written per table."""
    import pyarrow as pa
    import pyarrow.csv as pa_csv

    out.mkdir(parents=True, exist_ok=True)
    options = pa_csv.WriteOptions(include_header=False, quoting_style="none")
    counts = {}
    for table, frame in tables.items():
        columns = {}
        for c in frame.columns:
            values = frame[c].to_numpy()
            if values.dtype.kind == "M":  # a date: written as its day, NaT as a blank
                values = values.astype(_D)
            columns[c] = pa.array(values).cast(pa.string())
        with (out / f"{table}.csv").open("wb") as f:
            f.write((",".join(frame.columns) + "\n").encode("utf-8"))
            pa_csv.write_csv(pa.table(columns), f, options)
        counts[table] = len(frame)
    return counts


def write_scaled(out: Path, scale: Scale, seed: int = SEED, codes: list[str] | None = None,
                 workers: int = 1) -> dict[str, dict[str, int]]:
    """Write `scale.authorities` case loads, one folder each named by its code (default SYN001 …;
    give `codes`, e.g. the local authorities of `pidash demo-scale`'s organisations.csv, to load
    them as those authorities), and a README; folder → rows written per table. `workers` > 1 draws
    authorities in that many processes (the same files either way)."""
    codes = list(codes) if codes is not None else [f"SYN{i + 1:03d}" for i in range(scale.authorities)]
    if len(codes) < scale.authorities:
        raise ValueError(f"write_scaled: {scale.authorities} authorities but {len(codes)} codes")
    out.mkdir(parents=True, exist_ok=True)
    jobs = [(out / codes[i], scale, seed, i) for i in range(scale.authorities)]
    if workers > 1:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(workers) as pool:
            written = list(pool.map(_write_one, jobs))
    else:
        written = [_write_one(job) for job in jobs]
    (out / "README.md").write_text(SCALED_HEADER.format(seed=seed, years=scale.years, size=scale.size),
                                   encoding="utf-8")
    return {job[0].name: counts for job, counts in zip(jobs, written)}


def _write_one(job: tuple[Path, Scale, int, int]) -> dict[str, int]:
    folder, scale, seed, authority = job
    return write_tables(generate_scaled(scale, seed, authority), folder)


def local_authorities(organisations_csv: Path) -> list[str]:
    """The local authorities' codes in an organisations file (code, name, kind), in file order."""
    with organisations_csv.open(newline="", encoding="utf-8") as f:
        return [row["code"] for row in csv.DictReader(f) if row.get("kind") == "local_authority"]


# --- the demo's two extracts -----------------------------------------------------------------

PERSON_COLUMNS = {"ssd_cin_episodes": "cine_person_id", "ssd_cin_assessments": "cina_person_id",
                  "ssd_cp_plans": "cppl_person_id", "ssd_cp_reviews": "cppr_person_id",
                  "ssd_cla_episodes": "clae_person_id", "ssd_cla_placement": "clap_person_id"}


def as_extracted(tables: dict[str, pd.DataFrame], day: dt.date) -> dict[str, pd.DataFrame]:
    """The tables as an extract taken on `day` holds them: what had begun by then, with what
    happened after it (an authorisation, an end, a review held) still blank, and only the
    children those records name."""
    on = pd.Timestamp(day)
    out = {}
    for table, (begun, pending) in EXTRACT_DATES.items():
        frame = tables[table][tables[table][begun] <= on].copy()
        for column in pending:
            frame[column] = frame[column].where(frame[column] <= on)
        out[table] = frame.reset_index(drop=True)
    named = pd.concat([out[table][column] for table, column in PERSON_COLUMNS.items()]).unique()
    people = tables["ssd_person"]
    return {"ssd_person": people[people["pers_person_id"].isin(named)].reset_index(drop=True),
            **{table: out[table] for table in TABLE_COLUMNS if table != "ssd_person"}}


def _recorded_late(tables: dict[str, pd.DataFrame], month: str, how_many: int) -> pd.Series:
    """The first `how_many` initial assessments authorised in `month` within 7 working days of
    their referral (and leading to no core assessment) whose referral's ninth working day after
    is still in the month: those rows' authorisation dates as recorded late (that ninth day)."""
    a, r = tables["ssd_cin_assessments"], tables["ssd_cin_episodes"]
    referred = a["cina_referral_id"].map(r.set_index("cine_referral_id")["cine_referral_date"])
    cored = set(a.loc[a["cina_assessment_kind"] == "core", "cina_referral_id"])
    in_time = working_days_between_many(referred, a["cina_assessment_auth_date"]) <= 7
    ninth = pd.Series([pd.Timestamp(add_working_days(d.date(), 9)) if pd.notna(d) else pd.NaT for d in referred],
                      index=a.index)
    chosen = a[(a["cina_assessment_kind"] == "initial") & in_time & ~a["cina_referral_id"].isin(cored)
               & (a["cina_assessment_auth_date"].dt.strftime("%Y-%m") == month)
               & (ninth.dt.strftime("%Y-%m") == month)].index[:how_many]
    if len(chosen) < how_many:
        raise ValueError(f"the demo's story needs {how_many} assessments recorded late in {month}")
    return ninth[chosen]


def demo_extracts(seed: int = SEED) -> dict[dt.date, dict[str, pd.DataFrame]]:
    """The demo's extracts, {day taken: tables}, earlier first. The later holds the records as the
    audit left them; the earlier, as they stood on EARLIER before it (RECORDED_LATE assessments
    authorised late, REVIEWS_HELD_LATE reviews held on time)."""
    story = generate_scaled(Scale(), seed)
    as_recorded = {table: frame.copy() for table, frame in story.items()}
    for month, how_many in RECORDED_LATE:
        late = _recorded_late(story, month, how_many)
        as_recorded["ssd_cin_assessments"].loc[late.index, "cina_assessment_auth_date"] = late
    reviews = story["ssd_cp_reviews"]
    month, how_many = REVIEWS_HELD_LATE
    on_time = reviews[(reviews["cppr_cp_review_due"].dt.strftime("%Y-%m") == month)
                      & (reviews["cppr_cp_review_date"] <= reviews["cppr_cp_review_due"])].index[:how_many]
    reviews.loc[on_time, "cppr_cp_review_date"] = reviews.loc[on_time, "cppr_cp_review_due"] + pd.Timedelta(days=9)
    return {EARLIER: as_extracted(as_recorded, EARLIER), END: story}


def write(seed: int = SEED, into: Path = DEMO_DIR) -> dict[str, dict[str, int]]:
    """Write the demo's two extracts (cases_2009-08-31/ and cases/ in `into`, data/demo/ by
    default), each with its README; folder → rows written per table."""
    written = {}
    for day, tables in demo_extracts(seed).items():
        out = into / (EARLIER_OUT if day == EARLIER else OUT).name
        written[out.name] = write_tables(tables, out)
        (out / "README.md").write_text(README.format(day=f"{day:%-d %B %Y}"), encoding="utf-8")
    return written


def main(argv: list[str] | None = None) -> None:
    import argparse

    parser = argparse.ArgumentParser(description="Write the demo's synthetic case records (data/demo/cases/), "
                                     "or with --authorities, case loads at scale")
    parser.add_argument("--authorities", type=int,
                        help="write this many authorities' case loads (vectorised) into --out")
    parser.add_argument("--years", type=int, default=Scale.years, help="years of referrals to March 2011 (default 4)")
    parser.add_argument("--size", type=float, default=Scale.size, help="children a month, times the demo's (default 1)")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--codes-from", type=Path, metavar="ORGANISATIONS_CSV",
                        help="name the folders after this file's local authorities (pidash demo-scale's)")
    parser.add_argument("--workers", type=int, default=1, help="processes drawing authorities (default 1)")
    parser.add_argument("--out", type=Path, help="where (the demo's default: data/demo, its two extracts' folders)")
    args = parser.parse_args(argv)
    if args.authorities is None:
        for folder, counts in write(args.seed, args.out or DEMO_DIR).items():
            print(f"{folder}: " + ", ".join(f"{table} {count:,}" for table, count in counts.items()))
        return
    if args.out is None:
        parser.error("--authorities needs --out DIR")
    codes = local_authorities(args.codes_from) if args.codes_from else None
    written = write_scaled(args.out, Scale(args.authorities, args.years, args.size), args.seed, codes, args.workers)
    total = sum(sum(c.values()) for c in written.values())
    print(f"{len(written)} authorities, {total:,} records in {args.out}")


if __name__ == "__main__":
    main()
