"""In-month and financial-year-to-date values, and each month's target, RAG and direction of travel.

In-month value = numerator / denominator × 100 (NaN when the denominator is 0). The financial
year runs April to March. Year to date, by the indicator's ytd rule: `sum` = the year's numerators
so far / its denominators so far; `latest` = the month's own value. A month with no return is a
gap: it contributes nothing to a sum and is never read as a zero.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from indicators.direction import add_directions, month_number, series_ids
from indicators.rag import add_rag, check_polarities, floats
from vocab import YtdRule

RETURN_COLUMNS = ("org", "indicator", "period", "numerator", "denominator")
CATALOGUE_COLUMNS = ("code", "polarity", "ytd_rule")
TARGET_COLUMNS = ("indicator", "org", "year", "target", "tolerance")
SERIES_COLUMNS = [
    "period", "numerator", "denominator", "value", "ytd_value", "target", "tolerance", "rag",
    "direction_vs_previous",
    # and, for the detail page and the evidence pack:
    "direction_vs_last_year", "previous_value", "last_year_ytd_value", "ytd_numerator",
    "ytd_denominator", "financial_year", "has_data", "org", "indicator",
]
YTD_RULES = frozenset(r.value for r in YtdRule)
CATEGORY_COLUMNS = ("rag", "direction_vs_previous", "direction_vs_last_year")


def financial_year(period) -> str:
    """The financial year (April to March) holding `period`, written as targets are: 2010-03 → "2009-10"."""
    when = pd.Timestamp(period)
    if pd.isna(when):
        raise ValueError("financial_year: no period given")
    start = when.year - (when.month < 4)
    return f"{start}-{(start + 1) % 100:02d}"


def add_ytd(returns: pd.DataFrame, catalogue: pd.DataFrame) -> pd.DataFrame:
    """A copy of `returns` with the in-month `value` worked out from the counts, and
    `financial_year`, `ytd_numerator`, `ytd_denominator` and `ytd_value` added.

    Rows keep their order and index; `period` becomes the month's first day. Raises ValueError
    for a missing column, an indicator not in the catalogue or two rows for one month.
    """
    require(returns, RETURN_COLUMNS, "returns")
    rules = check_catalogue(catalogue).set_index("code")["ytd_rule"]
    unknown = sorted(set(returns["indicator"].unique()) - set(rules.index))
    if unknown:
        raise ValueError(f"returns: indicator(s) {', '.join(map(str, unknown))} not in the catalogue")
    out = returns.copy()
    out["period"] = month_start(out["period"])
    months = month_number(out["period"])
    work = pd.DataFrame({"_series": series_ids(out), "_month": months})
    if work.duplicated().any():
        first = out[work.duplicated().to_numpy()].iloc[0]
        raise ValueError(f"returns: more than one row for org {first['org']}, indicator {first['indicator']}, "
                         f"period {first['period']:%Y-%m}")
    numerator, denominator = floats(out["numerator"], "numerator"), floats(out["denominator"], "denominator")
    value = percent(numerator, denominator)
    if "value" in out.columns:  # a return with no counts keeps the value it came with
        value = np.where(np.isnan(numerator) | np.isnan(denominator), floats(out["value"], "value"), value)
    work["_year"] = (months - 3) // 12  # the calendar year in which the financial year starts
    work["_num"] = np.nan_to_num(numerator)
    work["_den"] = np.nan_to_num(denominator)
    running = work.sort_values("_month", kind="stable").groupby(["_series", "_year"], sort=False)
    ytd_num = running["_num"].cumsum().sort_index().to_numpy()
    ytd_den = running["_den"].cumsum().sort_index().to_numpy()
    summed = (out["indicator"].map(rules) == YtdRule.SUM.value).to_numpy()
    out["value"] = value
    out["financial_year"] = years_written(work["_year"].to_numpy())
    out["ytd_numerator"] = np.where(summed, ytd_num, numerator)
    out["ytd_denominator"] = np.where(summed, ytd_den, denominator)
    out["ytd_value"] = np.where(summed, percent(ytd_num, ytd_den), value)
    for column, source in (("ytd_numerator", "numerator"), ("ytd_denominator", "denominator")):
        if pd.api.types.is_integer_dtype(returns[source].dtype) and not out[column].isna().any():
            out[column] = out[column].astype("int64")
    return out


def add_targets(frame: pd.DataFrame, targets: pd.DataFrame) -> pd.DataFrame:
    """A copy of `frame` (org, indicator, financial_year) with the year's `target` and `tolerance`
    for that org and indicator; NaN where none is set."""
    require(frame, ("org", "indicator", "financial_year"), "frame")
    year_targets = check_targets(targets)[list(TARGET_COLUMNS)].rename(columns={"year": "financial_year"})
    keys = ["org", "indicator", "financial_year"]
    found = frame[keys].merge(year_targets, on=keys, how="left")
    out = frame.drop(columns=[c for c in ("target", "tolerance") if c in frame.columns])
    out["target"] = floats(found["target"], "target")
    out["tolerance"] = floats(found["tolerance"], "tolerance")
    return out


def evaluate(returns: pd.DataFrame, catalogue: pd.DataFrame, targets: pd.DataFrame) -> pd.DataFrame:
    """Every return with its YTD, the indicator's polarity and stable band, the year's target and
    tolerance, the RAG (on the YTD value) and both directions of travel.

    Columns added to `add_ytd`'s: polarity, stable_band, target, tolerance, rag, previous_value,
    direction_vs_previous, last_year_ytd_value, direction_vs_last_year.
    """
    out = add_ytd(returns, catalogue)
    about = check_catalogue(catalogue).set_index("code")
    out["polarity"] = out["indicator"].map(about["polarity"]).astype(object)
    out["stable_band"] = out["indicator"].map(about["stable_band"]).astype("float64")
    out = add_targets(out, targets)
    return add_directions(add_rag(out, value="ytd_value"))


def series(returns: pd.DataFrame, catalogue: pd.DataFrame, targets: pd.DataFrame, indicator: str,
           org: str) -> pd.DataFrame:
    """One indicator's months for one organisation, for the detail page and the charts.

    Every calendar month from the first return to the last, in order (columns SERIES_COLUMNS); a
    month with no return is a row with `has_data` False, blank figures and no RAG or direction,
    but with its year's target, so a chart's target line does not break.
    """
    require(returns, RETURN_COLUMNS, "returns")
    about = check_catalogue(catalogue)
    if indicator not in set(about["code"]):
        raise ValueError(f"series: indicator {indicator!r} is not in the catalogue")
    own = returns[(returns["org"] == org) & (returns["indicator"] == indicator)]
    check_targets(targets)
    mine = targets[(targets["org"] == org) & (targets["indicator"] == indicator)]
    done = evaluate(own, about[about["code"] == indicator], mine)
    if done.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in SERIES_COLUMNS})
    first, last = done["period"].min(), done["period"].max()
    months = pd.DataFrame({"period": pd.date_range(first, last, freq="MS").astype(done["period"].dtype)})
    months["org"], months["indicator"] = org, indicator
    months["financial_year"] = years_written((month_number(months["period"]) - 3) // 12)
    months = add_targets(months, mine)
    figures = done.drop(columns=["org", "indicator", "financial_year", "target", "tolerance"])
    out = months.merge(figures.assign(has_data=True), on="period", how="left")
    out["has_data"] = out["has_data"].notna()
    return blank_categories(out)[SERIES_COLUMNS]


def series_by_indicator(returns: pd.DataFrame, catalogue: pd.DataFrame, targets: pd.DataFrame, org: str,
                        indicators=None) -> dict[str, pd.DataFrame]:
    """`series` for several indicators of one organisation, in one pass: {code: the frame
    `series(returns, catalogue, targets, code, org)` gives}, for `indicators` (default: the catalogue).

    The evidence pack draws every indicator; at national scale, with dozens of local indicators,
    one `series` call each was most of its time.
    """
    require(returns, RETURN_COLUMNS, "returns")
    about = check_catalogue(catalogue)
    codes = list(about["code"]) if indicators is None else list(indicators)
    for code in codes:
        if code not in set(about["code"]):
            raise ValueError(f"series: indicator {code!r} is not in the catalogue")
    own = returns[(returns["org"] == org) & returns["indicator"].isin(codes)]
    check_targets(targets)
    mine = targets[(targets["org"] == org) & targets["indicator"].isin(codes)]
    done = evaluate(own, about[about["code"].isin(codes)], mine)
    empty = pd.DataFrame({c: pd.Series(dtype=object) for c in SERIES_COLUMNS})
    if done.empty:
        return {code: empty.copy() for code in codes}
    # every calendar month from each indicator's first return to its last, as `series` lays out
    spans = done.groupby("indicator", sort=False)["period"].agg(["min", "max"])
    ranges = [pd.date_range(first, last, freq="MS") for first, last in zip(spans["min"], spans["max"])]
    months = pd.DataFrame({"period": np.concatenate([r.to_numpy() for r in ranges]).astype(done["period"].dtype)})
    months["org"] = org
    months["indicator"] = pd.Series(np.repeat(spans.index.to_numpy(dtype=object), [len(r) for r in ranges]),
                                    dtype=months["org"].dtype)
    months["financial_year"] = years_written((month_number(months["period"]) - 3) // 12)
    months = add_targets(months, mine)
    figures = done.drop(columns=["org", "financial_year", "target", "tolerance"])
    out_all = months.merge(figures.assign(has_data=True), on=["indicator", "period"], how="left")
    out_all["has_data"] = out_all["has_data"].notna()
    out_all = blank_categories(out_all)[SERIES_COLUMNS]
    counts = {"numerator": returns["numerator"].dtype, "denominator": returns["denominator"].dtype}
    out = {}
    for code, part in out_all.groupby("indicator", sort=False):
        part = part.reset_index(drop=True)
        # `series` keeps counts as integers when its own months have none missing: so do we
        for column, source in (("numerator", "numerator"), ("denominator", "denominator"),
                               ("ytd_numerator", "numerator"), ("ytd_denominator", "denominator")):
            if pd.api.types.is_integer_dtype(counts[source]) and not part[column].isna().any():
                part[column] = part[column].astype(counts[source] if column == source else "int64")
        out[code] = part
    return {code: out.get(code, empty.copy()) for code in codes}


# --- helpers shared with the scorecard -----------------------------------------------------------

def percent(numerator, denominator) -> np.ndarray:
    """numerator × 100 / denominator, NaN where the denominator is 0 or missing. Multiplying first
    keeps exact results exact (57 × 100 / 100 is 57.0; 57 / 100 × 100 is 56.99999999999999)."""
    num, den = np.asarray(numerator, dtype="float64"), np.asarray(denominator, dtype="float64")
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(den > 0, num * 100.0 / np.where(den > 0, den, 1.0), np.nan)


def month_start(periods) -> pd.Series:
    """Periods as the first day of their month (datetime64)."""
    stamps = pd.to_datetime(pd.Series(periods))
    return stamps.dt.to_period("M").dt.to_timestamp()


def years_written(start_years) -> np.ndarray:
    """Financial years written as targets are ("2009-10") from the calendar years they start in."""
    starts = pd.Series(np.asarray(start_years, dtype="int64"))
    labels = {y: f"{y}-{(y + 1) % 100:02d}" for y in starts.unique()}
    return starts.map(labels).to_numpy(dtype=object)


def blank_categories(frame: pd.DataFrame) -> pd.DataFrame:
    """RAG and direction columns with None (not NaN) wherever there is no category."""
    out = frame.copy()
    for column in CATEGORY_COLUMNS:
        if column in out.columns:
            values = out[column].astype(object)
            out[column] = values.where(values.notna(), None)
    return out


def require(frame: pd.DataFrame, columns, name: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{name}: missing column(s) {', '.join(missing)}")


def check_catalogue(catalogue: pd.DataFrame) -> pd.DataFrame:
    """The catalogue's code, polarity, ytd_rule and stable_band (0 where blank); raises on a
    repeated code, an unknown polarity or ytd rule, or a negative stable band."""
    require(catalogue, CATALOGUE_COLUMNS, "catalogue")
    out = catalogue.copy()
    repeated = out["code"][out["code"].duplicated()]
    if len(repeated):
        raise ValueError(f"catalogue: indicator {repeated.iloc[0]} appears more than once "
                         "(pass one definition per indicator, e.g. queries.catalogue_at)")
    for code, rule in zip(out["code"], out["ytd_rule"]):
        if rule not in YTD_RULES:
            raise ValueError(f"catalogue: indicator {code} has unknown ytd_rule {rule!r}; "
                             f"expected one of {', '.join(sorted(YTD_RULES))}")
    check_polarities(out["polarity"])
    band = floats(out["stable_band"], "stable_band") if "stable_band" in out.columns else np.zeros(len(out))
    if (band < 0).any():
        raise ValueError(f"catalogue: indicator {out['code'][band < 0].iloc[0]} has a negative stable_band")
    out["stable_band"] = np.nan_to_num(band)
    return out


def check_targets(targets: pd.DataFrame) -> pd.DataFrame:
    """Raises on a missing column or two targets for one indicator, org and year."""
    require(targets, TARGET_COLUMNS, "targets")
    repeated = targets[targets.duplicated(["indicator", "org", "year"])]
    if len(repeated):
        first = repeated.iloc[0]
        raise ValueError(f"targets: more than one target for indicator {first['indicator']}, "
                         f"org {first['org']}, year {first['year']}")
    return targets
