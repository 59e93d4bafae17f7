"""The demo's story, shared by its hand-made returns (demo/make_demo.py) and its case records
(demo/cases.py): the home authority, the months, and each indicator's trajectory."""
from __future__ import annotations

import numpy as np

HOME = "E09000014"
MONTHS = [f"{y}-{m:02d}" for y in range(2007, 2012) for m in range(1, 13)]
MONTHS = MONTHS[MONTHS.index("2007-04"): MONTHS.index("2011-03") + 1]

# indicator: (monthly denominator around, trajectory as (month, percent) knots); the case records'
# rates follow these (demo/cases.py), and only HAND_MADE are written as returns for the home authority
HOME_SERIES: dict[str, tuple[int, list[tuple[str, float]]]] = {
    "NI59": (190, [("2007-04", 66), ("2008-09", 70), ("2008-12", 52), ("2009-03", 48), ("2009-09", 74), ("2010-03", 80), ("2011-03", 84)]),
    "NI60": (70, [("2007-04", 72), ("2008-10", 74), ("2009-02", 58), ("2009-09", 72), ("2011-03", 80)]),
    "NI61": (3, [("2007-04", 70), ("2011-03", 74)]),
    "NI62": (480, [("2007-04", 14), ("2009-01", 15.5), ("2009-09", 12), ("2011-03", 10)]),
    "NI63": (150, [("2007-04", 58), ("2011-03", 66)]),
    "NI64": (18, [("2007-04", 7), ("2011-03", 5)]),
    "NI65": (30, [("2007-04", 13), ("2009-03", 16), ("2011-03", 11)]),
    "NI66": (470, [("2007-04", 80), ("2009-01", 78), ("2009-09", 88), ("2011-03", 93)]),
    "NI67": (220, [("2007-04", 92), ("2008-12", 88), ("2009-03", 76), ("2009-09", 94), ("2011-03", 98)]),
    "NI68": (260, [("2007-04", 55), ("2009-01", 80), ("2009-09", 70), ("2011-03", 68)]),
}

HAND_MADE = ["NI61"]  # the home authority's returns not computed from its case records


def trajectory(knots: list[tuple[str, float]]) -> np.ndarray:
    x = [MONTHS.index(m) if m in MONTHS else 0 for m, _ in knots]
    return np.interp(np.arange(len(MONTHS)), x, [p for _, p in knots])
