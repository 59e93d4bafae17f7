"""Synthetic data at regional and national scale, for benchmarks and load testing.

`write_scale_files` writes a returns file of any size with its organisations, targets and local
indicators: N local authorities with ONS-style codes (London boroughs E09 first, so 33 orgs is a
London alliance; then metropolitan districts E08, unitary authorities E06 and counties E10 in
their national proportions), monthly returns for the ten national indicators (plus K local
indicators) for Y years ending March 2011, and England, regional and statistical-neighbour
comparators that are the sums of the authorities' own figures. Denominators grow with each
authority's (synthetic) child population; every figure is labelled synthetic. Deterministic for
a seed; generated with numpy and written by DuckDB, so a million rows take seconds.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from demo.make_demo import COMPARATOR_LEVELS, HOME_SERIES, TARGETS
from vocab import OrgKind, Polarity, YtdRule

LAST_MONTH = dt.date(2011, 3, 1)
NOTE = "synthetic scale-test figure"
TARGET_SOURCE = "synthetic scale-test target"
NATIONAL = [f"NI{n}" for n in range(59, 69)]

LONDON = [
    "City of London", "Barking and Dagenham", "Barnet", "Bexley", "Brent", "Bromley", "Camden",
    "Croydon", "Ealing", "Enfield", "Greenwich", "Hackney", "Hammersmith and Fulham", "Haringey",
    "Harrow", "Havering", "Hillingdon", "Hounslow", "Islington", "Kensington and Chelsea",
    "Kingston upon Thames", "Lambeth", "Lewisham", "Merton", "Newham", "Redbridge",
    "Richmond upon Thames", "Southwark", "Sutton", "Tower Hamlets", "Waltham Forest", "Wandsworth",
    "Westminster",
]
REGIONS = {
    "E12000001": "North East", "E12000002": "North West", "E12000003": "Yorkshire and The Humber",
    "E12000004": "East Midlands", "E12000005": "West Midlands", "E12000006": "East of England",
    "E12000007": "London", "E12000008": "South East", "E12000009": "South West",
}
LONDON_REGION = "E12000007"
# children's-services authorities outside London by ONS code prefix: (count, label, typical children)
OTHER_KINDS = {
    "E08": (36, "metropolitan district", 70_000),
    "E06": (59, "unitary authority", 40_000),
    "E10": (24, "county", 150_000),
}
LONDON_CHILDREN = 55_000
REFERENCE_CHILDREN = 57_000  # about Haringey's: the demo's denominators are for this size


@dataclass(frozen=True)
class ScaleFiles:
    """What was written and how many rows each file holds."""

    organisations: Path
    indicators: Path | None
    targets: Path
    returns: Path
    rows: dict[str, int]


def months(years: int) -> list[dt.date]:
    """`years` financial years of months, ending March 2011."""
    first = dt.date(LAST_MONTH.year - years, 4, 1)
    return [dt.date(first.year + (first.month - 1 + i) // 12, (first.month - 1 + i) % 12 + 1, 1)
            for i in range(years * 12)]


def authorities(count: int, rng: np.random.Generator) -> pd.DataFrame:
    """code, name, region, children: London boroughs first, then the other kinds interleaved."""
    rows = [(f"E09{i:06d}", name, LONDON_REGION, LONDON_CHILDREN) for i, name in enumerate(LONDON, start=1)]
    others = []
    extra = max(0, count - len(rows) - sum(n for n, _, _ in OTHER_KINDS.values()))
    for prefix, (n, label, children) in OTHER_KINDS.items():
        n += extra if prefix == "E06" else 0  # beyond England's 152, more unitary authorities
        others += [((i + 0.5) / n, f"{prefix}{i + 1:06d}", f"Synthetic {label} {i + 1}", children) for i in range(n)]
    others.sort()
    non_london = [r for r in REGIONS if r != LONDON_REGION]
    rows += [(code, name, non_london[int(rng.integers(len(non_london)))], children)
             for _, code, name, children in others]
    frame = pd.DataFrame(rows[:count], columns=["code", "name", "region", "children"])
    frame["children"] = (frame["children"] * rng.lognormal(0, 0.35, len(frame))).round()
    return frame


LOCAL_COLUMNS = ["code", "version", "title", "unit", "polarity", "ytd_rule", "numerator_label",
                 "denominator_label", "definition", "source", "stable_band", "valid_from", "valid_to"]


def local_indicators(count: int, rng: np.random.Generator) -> pd.DataFrame:
    """Local indicators in the catalogue's file layout (LOCAL01, LOCAL02, …)."""
    polarities = [Polarity.HIGHER_IS_BETTER, Polarity.LOWER_IS_BETTER]
    rows = []
    for i in range(1, count + 1):
        code = f"LOCAL{i:02d}"
        rows.append({
            "code": code, "version": 1,
            "title": f"Local indicator {i}: synthetic case-file audit measure",
            "unit": "percent",
            "polarity": polarities[int(rng.integers(2))].value,
            "ytd_rule": (YtdRule.SUM if i % 3 else YtdRule.LATEST).value,
            "numerator_label": f"Cases meeting local standard {i}",
            "denominator_label": "Cases audited",
            "definition": f"Synthetic local indicator {i} for scale testing: cases meeting the standard, of cases audited.",
            "source": "synthetic scale-test local indicator",
            "stable_band": 0, "valid_from": "2000-04-01", "valid_to": None,
        })
    return pd.DataFrame(rows, columns=LOCAL_COLUMNS)  # the columns even with no local indicators


def _indicator_shapes(local: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Per indicator: code, national level (percent), denominator for a Haringey-sized authority, tolerance."""
    rows = [(code, COMPARATOR_LEVELS[code]["england"], HOME_SERIES[code][0], TARGETS[code][1]) for code in NATIONAL]
    rows += [(code, float(rng.uniform(20, 90)), int(rng.integers(10, 300)), 5) for code in local["code"]]
    return pd.DataFrame(rows, columns=["indicator", "level", "size", "tolerance"])


def _returns(las: pd.DataFrame, shapes: pd.DataFrame, periods: list[dt.date],
             rng: np.random.Generator) -> pd.DataFrame:
    """One row per authority × indicator × month, from arrays (no per-row Python)."""
    n_org, n_ind, n_month = len(las), len(shapes), len(periods)
    level = shapes["level"].to_numpy()[None, :, None]
    spread = np.minimum(level, 100 - level) * 0.35  # narrower for rates near 0 or 100
    offset = rng.normal(0, 1, (n_org, n_ind, 1)) * spread
    trend = rng.normal(0.4, 0.6, (n_org, n_ind, 1)) * (np.arange(n_month) / 12 - n_month / 24)[None, None, :]
    wobble = rng.normal(0, 1, (n_org, n_ind, n_month)) * spread * 0.15
    rate = np.clip(level + offset + trend + wobble, 0.5, 99.5) / 100
    scale = (las["children"].to_numpy() / REFERENCE_CHILDREN)[:, None, None]
    expected = shapes["size"].to_numpy()[None, :, None] * scale
    denominator = rng.poisson(np.broadcast_to(expected, rate.shape))
    numerator = rng.binomial(denominator, rate)
    org, ind, month = np.meshgrid(np.arange(n_org), np.arange(n_ind), np.arange(n_month), indexing="ij")
    return pd.DataFrame({
        "org": las["code"].to_numpy()[org.ravel()],
        "indicator": shapes["indicator"].to_numpy()[ind.ravel()],
        "period": np.array(periods, dtype="datetime64[D]")[month.ravel()],
        "numerator": numerator.ravel(),
        "denominator": denominator.ravel(),
    })


def _comparators(returns: pd.DataFrame, las: pd.DataFrame, home: str | None,
                 rng: np.random.Generator) -> tuple[pd.DataFrame, list[tuple[str, str, str]]]:
    """England and regions are the sums of their authorities; statistical neighbours the mean of ten."""
    region_of = las.set_index("code")["region"]
    frames, orgs = [], [("E92000001", "England", OrgKind.ENGLAND.value)]
    england = returns.groupby(["indicator", "period"], as_index=False)[["numerator", "denominator"]].sum()
    frames.append(england.assign(org="E92000001"))
    by_region = returns.assign(region=returns["org"].map(region_of))
    regions = (by_region.groupby(["region", "indicator", "period"], as_index=False)[["numerator", "denominator"]]
               .sum().rename(columns={"region": "org"}))
    frames.append(regions)
    orgs += [(code, REGIONS[code], OrgKind.REGION.value) for code in sorted(regions["org"].unique())]
    if home in set(las["code"]):
        pool = [c for c in las["code"] if c != home]
        neighbours = list(rng.choice(pool, size=min(10, len(pool)), replace=False)) if pool else []
        if neighbours:
            mean = (returns[returns["org"].isin(neighbours)]
                    .groupby(["indicator", "period"], as_index=False)[["numerator", "denominator"]].mean())
            mean[["numerator", "denominator"]] = mean[["numerator", "denominator"]].round().astype("int64")
            code = f"SN-{home}"
            frames.append(mean.assign(org=code))
            name = las.set_index("code").at[home, "name"]
            orgs.append((code, f"{name} statistical neighbours (average, synthetic)",
                         OrgKind.STATISTICAL_NEIGHBOURS.value))
    return pd.concat(frames, ignore_index=True), orgs


def _targets(las: pd.DataFrame, shapes: pd.DataFrame, periods: list[dt.date]) -> pd.DataFrame:
    """Every authority's target for every indicator and financial year: the level, a little better each year."""
    years = sorted({p.year - (p.month < 4) for p in periods})
    grid = pd.MultiIndex.from_product([las["code"], shapes["indicator"], years], names=["org", "indicator", "start"])
    frame = grid.to_frame(index=False).merge(shapes, on="indicator")
    step = (frame["start"] - years[0]) * 0.5
    frame["target"] = (frame["level"] + step).clip(1, 99).round()
    frame["year"] = frame["start"].astype(str) + "-" + ((frame["start"] + 1) % 100).map("{:02d}".format)
    frame["source"] = TARGET_SOURCE
    return frame[["org", "indicator", "year", "target", "tolerance", "source"]]


def write_scale_files(out: str | Path, orgs: int, years: int, local: int = 0, seed: int = 2011,
                      home: str = "E09000014") -> ScaleFiles:
    """Write organisations.csv, indicators.csv (when `local` > 0), targets.csv and returns.csv into `out`."""
    if orgs < 1 or years < 1 or local < 0:
        raise ValueError("orgs and years must be at least 1, and local indicators 0 or more")
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    las = authorities(orgs, rng)
    locals_ = local_indicators(local, rng)
    shapes = _indicator_shapes(locals_, rng)
    periods = months(years)
    returns = _returns(las, shapes, periods, rng)
    comparators, comparator_orgs = _comparators(returns, las, home, rng)
    returns = pd.concat([returns, comparators[returns.columns]], ignore_index=True)
    organisations = pd.DataFrame(
        [(c, n, OrgKind.LOCAL_AUTHORITY.value) for c, n in zip(las["code"], las["name"])] + comparator_orgs,
        columns=["code", "name", "kind"],
    )
    targets = _targets(las, shapes, periods)

    paths = {"organisations": out / "organisations.csv", "targets": out / "targets.csv",
             "returns": out / "returns.csv", "indicators": out / "indicators.csv" if local else None}
    con = duckdb.connect()
    try:
        for name, frame in (("organisations", organisations), ("targets", targets), ("indicators", locals_)):
            if paths[name] is not None:
                con.register("frame", frame)
                con.execute(f"COPY (SELECT * FROM frame) TO '{_sql_path(paths[name])}' (HEADER)")
                con.unregister("frame")
        con.register("frame", returns)
        con.execute(
            f"""
            COPY (SELECT org, indicator, strftime(period, '%Y-%m') AS period, numerator, denominator,
                         CASE WHEN denominator > 0 THEN printf('%.1f', numerator * 100.0 / denominator) END AS value,
                         '{NOTE}' AS note
                  FROM frame ORDER BY org, indicator, period)
            TO '{_sql_path(paths['returns'])}' (HEADER)
            """
        )
        con.unregister("frame")
    finally:
        con.close()
    rows = {"organisations": len(organisations), "targets": len(targets), "returns": len(returns),
            "indicators": len(locals_)}
    return ScaleFiles(paths["organisations"], paths["indicators"], paths["targets"], paths["returns"], rows)


def _sql_path(path: Path) -> str:
    return str(path).replace("'", "''")
