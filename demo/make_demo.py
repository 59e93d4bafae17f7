"""Writes the bundled demo files in data/demo/ (deterministic: a fixed seed).

The home authority's story is synthetic but shaped like the seed papers': a fall in timeliness in
the winter of 2008-09 as referrals surged, then recovery under the improvement plan. HOME_SERIES
holds it as trajectories. The home authority's NI 59, 60, 62-68 (and SA45) are computed from
synthetic case records drawn along those trajectories (demo/cases.py); only its NI 61 is a
hand-made monthly return here. England's NI 59 (71% in 2007-08, 72% in 2008-09) and NI 60 (about
80%) are the published annual figures repeated monthly; everything else is labelled synthetic.

Run: python -m demo.make_demo
"""
from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

from demo import cases, commentary, make_plan_demo
from demo.story import HAND_MADE, HOME, HOME_SERIES, MONTHS, trajectory
from indicators.values import financial_year

OUT = Path(__file__).resolve().parents[1] / "data" / "demo"
SYNTHETIC = "synthetic demo figure"

ORGANISATIONS = [
    ("E92000001", "England", "england"),
    ("E12000007", "London", "region"),
    ("SN-E09000014", "Haringey statistical neighbours (average)", "statistical_neighbours"),
]

# comparators: (indicator, org) → {financial year: percent}; published where noted
COMPARATOR_LEVELS: dict[str, dict[str, float]] = {
    "NI59": {"england": 71.0, "region": 70.0, "statistical_neighbours": 69.0},
    "NI60": {"england": 80.0, "region": 77.0, "statistical_neighbours": 76.0},
    "NI61": {"england": 72.0, "region": 65.0, "statistical_neighbours": 66.0},
    "NI62": {"england": 11.0, "region": 12.0, "statistical_neighbours": 12.5},
    "NI63": {"england": 67.0, "region": 64.0, "statistical_neighbours": 63.0},
    "NI64": {"england": 6.0, "region": 6.5, "statistical_neighbours": 6.5},
    "NI65": {"england": 13.5, "region": 12.0, "statistical_neighbours": 12.5},
    "NI66": {"england": 90.0, "region": 88.0, "statistical_neighbours": 87.0},
    "NI67": {"england": 97.0, "region": 96.0, "statistical_neighbours": 95.0},
    "NI68": {"england": 64.0, "region": 66.0, "statistical_neighbours": 65.0},
}
PUBLISHED = {("NI59", "2007-08"): 71.0, ("NI59", "2008-09"): 72.0, ("NI60", "2008-09"): 80.0}
COMPARATOR_DENOMINATOR = {"england": 30000, "region": 4500, "statistical_neighbours": 1500}

TARGETS = {  # indicator: ({year: target}, tolerance, source)
    "NI59": ({"2008-09": 75, "2009-10": 78, "2010-11": 80}, 5, "LAA improvement target"),
    "NI60": ({"2008-09": 78, "2009-10": 80, "2010-11": 82}, 5, "local target"),
    "NI61": ({"2008-09": 75, "2009-10": 75, "2010-11": 76}, 10, "local target"),
    "NI62": ({"2008-09": 12, "2009-10": 11, "2010-11": 10}, 1, "LAA local target"),
    "NI63": ({"2008-09": 65, "2009-10": 65, "2010-11": 66}, 5, "local target"),
    "NI64": ({"2008-09": 6, "2009-10": 5, "2010-11": 5}, 2, "local target"),
    "NI65": ({"2008-09": 12, "2009-10": 11, "2010-11": 10}, 2, "local target"),
    "NI66": ({"2008-09": 85, "2009-10": 90, "2010-11": 92}, 5, "LAA local target"),
    "NI67": ({"2008-09": 95, "2009-10": 100, "2010-11": 100}, 5, "LAA local target"),
    "NI68": ({"2008-09": 70, "2009-10": 70, "2010-11": 70}, 10, "local target (band 60-80%)"),
}

def home_returns(rng: np.random.Generator) -> list[dict]:
    rows = []
    for indicator, (size, knots) in HOME_SERIES.items():
        for period, p in zip(MONTHS, trajectory(knots)):
            denominator = int(max(0, rng.poisson(size)))
            numerator = int(rng.binomial(denominator, p / 100)) if denominator else 0
            rows.append(_row(HOME, indicator, period, numerator, denominator, SYNTHETIC))
    return rows


def comparator_returns(rng: np.random.Generator) -> list[dict]:
    rows = []
    for indicator, levels in COMPARATOR_LEVELS.items():
        for code, _, kind in ORGANISATIONS:
            for i, period in enumerate(MONTHS):
                year = financial_year(period)
                published = PUBLISHED.get((indicator, year)) if kind == "england" else None
                p = published if published is not None else levels[kind] + 0.4 * (i / 12 - 2) + rng.normal(0, 0.3)
                denominator = COMPARATOR_DENOMINATOR[kind]
                numerator = int(round(denominator * p / 100))
                note = "published annual figure (DCSF), repeated monthly" if published is not None else SYNTHETIC
                rows.append(_row(code, indicator, period, numerator, denominator, note))
    return rows


def hand_made_returns(seed: int = 2009) -> list[dict]:
    """The bundled returns file's rows. Every trajectory is drawn, in one stream with the
    comparators' figures, and the home authority's computed indicators then dropped: the
    comparators and NI 61 stay as they were drawn before the case records came."""
    rng = np.random.default_rng(seed)
    home = [row for row in home_returns(rng) if row["indicator"] in HAND_MADE]
    return home + comparator_returns(rng)


def _row(org: str, indicator: str, period: str, numerator: int, denominator: int, note: str) -> dict:
    value = f"{numerator / denominator * 100:.1f}" if denominator else ""
    return {"org": org, "indicator": indicator, "period": period, "numerator": numerator,
            "denominator": denominator, "value": value, "note": note}


def write_csv(path: Path, rows: list[dict]) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def main() -> None:
    OUT.mkdir(exist_ok=True)
    write_csv(OUT / "organisations.csv", [{"code": c, "name": n, "kind": k} for c, n, k in ORGANISATIONS])
    write_csv(OUT / "returns_2007-04_to_2011-03.csv", hand_made_returns())
    targets = [
        {"org": HOME, "indicator": ind, "year": year, "target": value, "tolerance": tol,
         "source": f"{source} (synthetic value)"}
        for ind, (years, tol, source) in TARGETS.items() for year, value in years.items()
    ]
    write_csv(OUT / "targets.csv", targets)
    cases.write()  # the home authority's case records, from which most of its figures are computed
    make_plan_demo.main()  # the plan's status updates and risk register
    commentary.main()  # last: it reads the figures from a demo database built from all the above


if __name__ == "__main__":
    main()
