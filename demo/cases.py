"""Writes the bundled synthetic case records in data/demo/cases/ (deterministic: a fixed seed).

Every record is made up: a few thousand children of a synthetic authority ("Synthetic borough
(cases)", E09000099) from 2003 to March 2011, in the Standard Safeguarding Dataset's tables —
referrals and assessments from April 2007, child protection plans from 2005, children looked
after from 2003 (so placement stability has a history) — with timeliness that follows the demo's
story (data/demo returns, demo/make_demo.py): a dip in the winter of 2008-09, then recovery.
`pidash init --demo` loads them as a case load, and the authority's NI 59, 60, 62-68 and SA45 are
computed from them. Each person has a (synthetic) forename and UPN column, which the loader drops
as identifying columns; a few records are left for the query rules to find (an assessment open for
over a year, a young person referred at 18).

Run: python -m demo.cases
"""
from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from demo.make_demo import CASES_ORG, HOME_SERIES, MONTHS, trajectory
from indicators.workdays import add_working_days

OUT = Path(__file__).resolve().parents[1] / "data" / "demo" / "cases"
ORG = CASES_ORG[:2]
SEED = 2011
END = dt.date(2011, 3, 31)  # the day the synthetic extract was taken
REFERRALS_FROM = dt.date(2007, 4, 1)
PLANS_FROM = dt.date(2005, 1, 1)
CARE_FROM = dt.date(2003, 1, 1)
REFERRALS_A_MONTH = 120
PLANS_A_MONTH = 11
ENTERING_CARE_A_MONTH = 7
ETHNICITIES = ["WBRI", "WIRI", "WOTH", "MWBC", "MWBA", "MOTH", "AIND", "APKN", "BCRB", "BAFR", "OOTH"]
PLACEMENT_TYPES = ["U4", "U6", "U1", "U3", "K2", "P1", "R1", "H5"]

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
README = """# Synthetic case records (demo)

Made up by `python -m demo.cases` (a fixed seed): no row describes a real child. They are the demo
case load of the synthetic authority E09000099 ("Synthetic borough (cases)"), loaded by
`pidash init --demo`, in the Standard Safeguarding Dataset's table and column names. The
`pers_forename` and `pers_upn` columns (also synthetic) are there to show the loader dropping
identifying columns; this file is listed as ignored.
"""


def _rates(code: str) -> np.ndarray:
    return trajectory(HOME_SERIES[code][1]) / 100


RATE = {code: _rates(code) for code in ("NI59", "NI60", "NI62", "NI63", "NI64", "NI65", "NI66", "NI67", "NI68")}


def rate(code: str, day: dt.date) -> float:
    """The story's rate for `code` in the month of `day` (the first month's before April 2007, the last's after)."""
    month = f"{day.year}-{day.month:02d}"
    index = MONTHS.index(month) if month in MONTHS else (0 if month < MONTHS[0] else len(MONTHS) - 1)
    return float(RATE[code][index])


def months_between(first: dt.date, last: dt.date) -> list[dt.date]:
    found, month = [], first.replace(day=1)
    while month <= last:
        found.append(month)
        month = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return found


def add_months(day: dt.date, n: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + n
    year, month = index // 12, index % 12 + 1
    last = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last))


def iso(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


@dataclass
class Generator:
    rng: np.random.Generator
    rows: dict[str, list[list[str]]] = field(default_factory=lambda: {t: [] for t in TABLE_COLUMNS})
    people: dict[str, dt.date] = field(default_factory=dict)  # person id → date of birth
    counters: dict[str, int] = field(default_factory=dict)
    plan_ends: dict[str, dt.date] = field(default_factory=dict)  # child → when their latest plan ended (NI 65)
    referred: list[str] = field(default_factory=list)

    def next_id(self, prefix: str) -> str:
        self.counters[prefix] = self.counters.get(prefix, 0) + 1
        return f"{prefix}{self.counters[prefix]:06d}"

    def day_in(self, month: dt.date) -> dt.date:
        following = add_months(month, 1)
        return month + dt.timedelta(days=int(self.rng.integers(0, (following - month).days)))

    def person(self, on: dt.date, age_from: float = 0, age_to: float = 17.5) -> str:
        """A new child, of an age between `age_from` and `age_to` on `on`."""
        pid = self.next_id("SYN")
        age_days = int(self.rng.uniform(age_from, age_to) * 365.25)
        born = on - dt.timedelta(days=max(1, age_days))
        self.people[pid] = born
        sex = "F" if self.rng.random() < 0.49 else "M"
        self.rows["ssd_person"].append([pid, "Synthetic", f"SYNUPN{pid[3:]}", iso(born), sex,
                                        str(self.rng.choice(ETHNICITIES))])
        return pid

    # --- referrals and assessments ----------------------------------------------------------

    def referrals(self) -> None:
        for month in months_between(REFERRALS_FROM, END):
            for _ in range(int(self.rng.poisson(REFERRALS_A_MONTH))):
                self.referral(self.day_in(month))
        # for the query rule C902Q: a young person referred at 18
        adult = self.person(dt.date(2009, 6, 15), 18.2, 18.4)
        self.rows["ssd_cin_episodes"].append([self.next_id("REF"), adult, "2009-06-15", "Y", "2009-06-16"])

    def referral(self, day: dt.date) -> None:
        if self.referred and self.rng.random() < 0.2:
            pid = self.referred[int(self.rng.integers(0, len(self.referred)))]
            if (day - self.people[pid]).days > 17 * 365 or day <= self.people[pid]:
                pid = self.person(day)
        else:
            pid = self.person(day)
        self.referred.append(pid)
        ref = self.next_id("REF")
        assessed = self.rng.random() < rate("NI68", day)
        nfa = "N" if assessed else "Y"
        closed = None if assessed else min(END, day + dt.timedelta(days=int(self.rng.integers(0, 10))))
        self.rows["ssd_cin_episodes"].append([ref, pid, iso(day), nfa, iso(closed)])
        if not assessed:
            return
        if day >= dt.date(2010, 4, 1) and self.rng.random() < 0.12:  # the single-assessment pilot (SA45)
            self.assessment(pid, ref, day, "single", 45, 0.8, from_referral=False)
            return
        limit = 10 if day >= dt.date(2010, 4, 1) else 7
        authorised = self.assessment(pid, ref, day, "initial", limit, rate("NI59", day), from_referral=True)
        if authorised is not None and self.rng.random() < 0.4:
            core_start = add_working_days(authorised, int(self.rng.integers(0, 3)))
            if core_start <= END:
                core_auth = self.assessment(pid, ref, core_start, "core", 35, rate("NI60", core_start),
                                            from_referral=False)
                if core_auth is not None and self.rng.random() < 0.25 and self.plan_ends.get(pid, dt.date.min) < core_auth:
                    self.plan(pid, core_auth + dt.timedelta(days=int(self.rng.integers(1, 15))))

    def assessment(self, pid: str, ref: str, start: dt.date, kind: str, limit: int, in_time: float,
                   from_referral: bool) -> dt.date | None:
        """One assessment from `start` (for an initial one, the referral date: it starts 0-2 working
        days later); authorised within `limit` working days with probability `in_time`."""
        if self.rng.random() < in_time:
            taken = int(self.rng.integers(1, limit + 1))
        else:
            taken = limit + 1 + int(self.rng.geometric(0.15))
        begins = add_working_days(start, min(int(self.rng.integers(0, 3)), taken)) if from_referral else start
        authorised = add_working_days(start, taken)
        if kind == "core" and self.counters.get("long_open", 0) < 2 and start.year == 2008:
            self.counters["long_open"] = self.counters.get("long_open", 0) + 1  # for the query rule C901Q
            authorised = start + dt.timedelta(days=400)
        if begins > END:
            return None
        aid = self.next_id("ASM")
        shown = authorised if authorised <= END else None
        self.rows["ssd_cin_assessments"].append([aid, pid, ref, iso(begins), iso(shown), kind])
        return shown

    # --- child protection --------------------------------------------------------------------

    def plans(self) -> None:
        for month in months_between(PLANS_FROM, END):
            for _ in range(int(self.rng.poisson(PLANS_A_MONTH))):
                day = self.day_in(month)
                again = self.rng.random() < rate("NI65", day) * 1.3
                candidates = [p for p, ended in self.plan_ends.items()
                              if ended < day and (day - self.people[p]).days < 16 * 365]
                pid = candidates[int(self.rng.integers(0, len(candidates)))] if again and candidates else self.person(day)
                self.plan(pid, day)

    def plan(self, pid: str, start: dt.date) -> None:
        if start > END:
            return
        plan = self.next_id("CPP")
        long_plan = self.rng.random() < rate("NI64", start) * 0.7
        days = int(self.rng.integers(731, 1100)) if long_plan else int(self.rng.gamma(2.2, 150)) + 30
        ends = start + dt.timedelta(days=days)
        ended = ends if ends <= END else None
        self.rows["ssd_cp_plans"].append([plan, pid, iso(start), iso(ended)])
        self.plan_ends[pid] = ended or dt.date.max  # a plan still open: no new one for this child
        due = add_months(start, 3)
        while due <= END and due <= ends:
            held = self.held(due, rate("NI67", due))
            self.rows["ssd_cp_reviews"].append([self.next_id("CPR"), pid, plan, iso(due), iso(held)])
            due = add_months(due, 6)

    def held(self, due: dt.date, on_time: float) -> dt.date | None:
        if self.rng.random() < on_time:
            held = due - dt.timedelta(days=int(self.rng.integers(0, 8)))
        elif self.rng.random() < 0.15:
            return None  # never held
        else:
            held = due + dt.timedelta(days=int(self.rng.integers(1, 40)))
        return held if held <= END else None

    # --- children looked after ---------------------------------------------------------------

    def care(self) -> None:
        for month in months_between(CARE_FROM, END):
            for _ in range(int(self.rng.poisson(ENTERING_CARE_A_MONTH))):
                day = self.day_in(month)
                self.period_of_care(self.person(day, 0, 16), day)

    def period_of_care(self, pid: str, start: dt.date) -> None:
        cla = self.next_id("CLA")
        kind = self.rng.random()
        if kind < 0.45:
            days = int(self.rng.integers(7, 300))
        elif kind < 0.8:
            days = int(self.rng.integers(300, 1300))
        else:
            days = (self.people[pid] + dt.timedelta(days=int(18 * 365.25)) - start).days
        ends = start + dt.timedelta(days=max(1, days))
        ceased = ends if ends <= END else None
        entered = iso(start) if self.rng.random() < 0.7 else ""  # sometimes left to the episodes to tell
        if ceased is not None and (ceased - start).days > 60 and self.rng.random() < 0.3:
            split = start + dt.timedelta(days=int(self.rng.integers(30, (ceased - start).days)))  # a legal-status change
            episodes = [(start, split), (split, ceased)]
        else:
            episodes = [(start, ceased)]
        for begins, finishes in episodes:
            self.rows["ssd_cla_episodes"].append([self.next_id("EPI"), pid, cla, iso(begins), iso(finishes), entered])
        self.placements(pid, cla, start, ceased)
        due = start + dt.timedelta(days=28)
        first = True
        while due <= END and (ceased is None or due < ceased):
            cancelled = self.rng.random() < 0.02
            held = None if cancelled else self.held(due, rate("NI66", due))
            self.rows["ssd_cla_reviews"].append([self.next_id("CLR"), cla, iso(due), iso(held), "Y" if cancelled else "N"])
            due = add_months(due, 3 if first else 6)
            first = False

    def placements(self, pid: str, cla: str, start: dt.date, ceased: dt.date | None) -> None:
        unstable = self.rng.random() < rate("NI62", start) * 1.1
        mean = 100 if unstable else 1500
        begins = start
        while True:
            ends = begins + dt.timedelta(days=max(1, int(self.rng.exponential(mean))))
            last = ceased is not None and ends >= ceased or ceased is None and ends > END
            finishes = ceased if last else ends
            self.rows["ssd_cla_placement"].append([self.next_id("PLC"), cla, pid, iso(begins), iso(finishes),
                                                   str(self.rng.choice(PLACEMENT_TYPES))])
            if last:
                return
            begins = ends


def generate(seed: int = SEED) -> dict[str, list[list[str]]]:
    """The synthetic case tables: table → rows of text cells, in TABLE_COLUMNS order."""
    made = Generator(np.random.default_rng(seed))
    made.care()
    made.plans()
    made.referrals()
    return made.rows


def write(out: Path = OUT, seed: int = SEED) -> dict[str, int]:
    """Write every table's CSV (and the folder's README) into `out`; rows written per table."""
    out.mkdir(parents=True, exist_ok=True)
    counts = {}
    for table, rows in generate(seed).items():
        with (out / f"{table}.csv").open("w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f)
            writer.writerow(TABLE_COLUMNS[table])
            writer.writerows(rows)
        counts[table] = len(rows)
    (out / "README.md").write_text(README, encoding="utf-8")
    return counts


def main() -> None:
    for table, count in write().items():
        print(f"{table}: {count:,} rows")


if __name__ == "__main__":
    main()
