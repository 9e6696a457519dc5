"""Fingertips benchmark comparisons: CI overlap, two-level, SPC and quantile categories."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import polars as pl
from scipy import stats

from models.indicators._common import as_list, require_columns, z_value
from models.indicators.quantile_categories import quantile_categories

POLARITY_CODES = {"low_is_good": 0, "high_is_good": 1, "no_judgement": 99, "not_applicable": -1}
METHOD_ALIASES = {
    1: "ci95", "ci": "ci95", 17: "ci_two_levels", 12: "overlap", 5: "spc_proportion",
    6: "spc_dsr", 15: "quintiles", 16: "quartiles",
}  # fmt: skip
NOT_COMPARED = "Not compared"


def _expr(arg: str | float | int | None, df: pl.DataFrame) -> pl.Expr:
    """A column reference when arg names a column, else a literal."""
    if isinstance(arg, str) and arg in df.columns:
        return pl.col(arg).cast(pl.Float64)
    if isinstance(arg, str):
        if arg in POLARITY_CODES:
            return pl.lit(POLARITY_CODES[arg], dtype=pl.Float64)
        raise ValueError(f"column {arg!r} not in data")
    return pl.lit(arg, dtype=pl.Float64)


def _labels(direction: pl.Expr, polarity: pl.Expr, extreme: pl.Expr | None = None) -> pl.Expr:
    """Map +1 (significantly higher) / -1 / 0 to Fingertips words through polarity."""
    good = (direction * pl.when(polarity == 0).then(-1).otherwise(1)) > 0
    better = "Better" if extreme is None else pl.when(extreme).then(pl.lit("Best"))
    worse = "Worse" if extreme is None else pl.when(extreme).then(pl.lit("Worst"))
    if extreme is not None:
        better, worse = better.otherwise(pl.lit("Better")), worse.otherwise(pl.lit("Worse"))
    return (
        pl.when(direction.is_null() | polarity.is_null() | (polarity == -1))
        .then(pl.lit(NOT_COMPARED))
        .when(direction == 0)
        .then(pl.lit("Similar"))
        .when(polarity == 99)
        .then(pl.when(direction > 0).then(pl.lit("Higher")).otherwise(pl.lit("Lower")))
        .when(good)
        .then(better if isinstance(better, pl.Expr) else pl.lit(better))
        .otherwise(worse if isinstance(worse, pl.Expr) else pl.lit(worse))
    )


def _outside(value: pl.Expr, low: pl.Expr, high: pl.Expr) -> pl.Expr:
    """+1 when value is above [low, high], -1 below, 0 inside (null when any input null)."""
    return (
        pl.when(value.is_null() | low.is_null() | high.is_null())
        .then(None)
        .when(value > high)
        .then(1)
        .when(value < low)
        .then(-1)
        .otherwise(0)
    )


def _spc_proportion(df, value, benchmark, denominator, unit, level) -> tuple[pl.Expr, pl.Expr]:
    """Control limits around the benchmark proportion for the area's n (FT SpcForProportions)."""
    z = z_value(level)
    p0, n = _expr(benchmark, df) / unit, _expr(denominator, df)
    e = n * p0
    b = z * (z**2 + 4 * e * (1 - p0)).sqrt()
    a, c = 2 * e + z**2, 2 * (n + z**2)
    valid = n > 0
    return (pl.when(valid).then((a - b) / c * unit), pl.when(valid).then((a + b) / c * unit))


def _poisson_expected_limits(e: np.ndarray, tail: float) -> tuple[np.ndarray, np.ndarray]:
    """Poisson limits for expected count E (FT StatisticalMethods.PoisLow/PoisHigh, exact)."""
    with np.errstate(invalid="ignore"):
        k_low = np.ceil(e)
        low = np.where(k_low > 0, stats.chi2.ppf(tail, np.maximum(2 * k_low, 1)) / 2, 0.0)
        high = stats.chi2.ppf(1 - tail, 2 * (np.floor(e) + 1)) / 2
    return low, high


def _spc_dsr(df, benchmark, denominator, unit, level) -> pl.DataFrame:
    """Exact Poisson control limits on E = benchmark x pop / unit (FT SpcForDsrComparer)."""
    bench = df.select(_expr(benchmark, df)).to_series().fill_null(np.nan).to_numpy()
    pop = df.select(_expr(denominator, df)).to_series().fill_null(np.nan).to_numpy()
    low, high = _poisson_expected_limits(bench * pop / unit, (1 - level) / 2)
    valid = pop > 0
    return pl.DataFrame(
        {
            "_lo": np.where(valid, low / pop * unit, np.nan),
            "_hi": np.where(valid, high / pop * unit, np.nan),
        }
    ).fill_nan(None)


def compare(
    df: pl.DataFrame,
    value: str = "value",
    lower: str = "lower_95",
    upper: str = "upper_95",
    benchmark: str | float = "benchmark",
    polarity: str | int = 1,
    method: str | int = "ci95",
    *,
    lower_99_8: str = "lower_99_8",
    upper_99_8: str = "upper_99_8",
    benchmark_lower: str | None = None,
    benchmark_upper: str | None = None,
    denominator: str | None = None,
    unit: float = 100,
    confidence: float = 0.95,
    group_by: str | Sequence[str] | None = None,
) -> pl.DataFrame:
    """Fingertips benchmark comparison (PholioVisualisation.Analysis comparers), `comparison`."""
    method = METHOD_ALIASES.get(method, method)
    pol = _expr(polarity, df)
    if method in ("quintiles", "quartiles", "deciles"):
        k = {"quintiles": 5, "quartiles": 4, "deciles": 10}[method]
        return quantile_categories(
            df, value, k, polarity, group_by=as_list(group_by), method="fingertips"
        )
    v = _expr(value, df)
    b = _expr(benchmark, df)
    extreme = None
    if method in ("ci95", "ci99_8"):
        lo, hi = (lower, upper) if method == "ci95" else (lower_99_8, upper_99_8)
        require_columns(df, lo, hi)
        direction = -_outside(b, _expr(lo, df), _expr(hi, df))
    elif method == "ci_two_levels":
        require_columns(df, lower, upper, lower_99_8, upper_99_8)
        direction = -_outside(b, _expr(lower, df), _expr(upper, df))
        outer = -_outside(b, _expr(lower_99_8, df), _expr(upper_99_8, df))
        extreme = outer != 0
    elif method == "overlap":
        require_columns(df, lower, upper, benchmark_lower, benchmark_upper)
        blo, bhi = _expr(benchmark_lower, df), _expr(benchmark_upper, df)
        overlap = (_expr(lower, df) <= bhi) & (_expr(upper, df) >= blo)
        direction = (
            pl.when(overlap.is_null() | v.is_null() | b.is_null())
            .then(None)
            .when(overlap)
            .then(0)
            .when(v > b)
            .then(1)
            .otherwise(-1)
        )
    elif method == "spc_proportion":
        require_columns(df, denominator)
        lo, hi = _spc_proportion(df, value, benchmark, denominator, unit, confidence)
        direction = _outside(v, lo, hi)
    elif method == "spc_dsr":
        require_columns(df, denominator)
        limits = _spc_dsr(df, benchmark, denominator, unit, confidence)
        df = pl.concat([df, limits], how="horizontal")
        direction = _outside(v, pl.col("_lo"), pl.col("_hi"))
    else:
        raise ValueError(f"unknown comparison method {method!r}")
    direction = pl.when(v.is_null() | b.is_null()).then(None).otherwise(direction)
    out = df.with_columns(_labels(direction, pol, extreme).alias("comparison"))
    return out.drop("_lo", "_hi", strict=False)
