"""Shared helpers: confidence levels, quantiles, input validation and grouped totals."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import polars as pl
from scipy import stats

Confidence = float | Sequence[float]


def confidence_levels(confidence: Confidence) -> list[float]:
    """Normalise 0.95 / 95 / (0.95, 0.998) to a list of fractions (PHEindicatormethods rules)."""
    levels = [float(c) for c in (confidence if isinstance(confidence, Sequence) else [confidence])]
    if not 1 <= len(levels) <= 2:
        raise ValueError("confidence: give one level or the pair (0.95, 0.998)")
    levels = [c / 100 if c >= 90 else c for c in levels]
    for c in levels:
        if not 0.9 <= c <= 1:
            raise ValueError("confidence level must be between 90 and 100 or between 0.9 and 1")
    if len(levels) == 2 and not (np.isclose(levels[0], 0.95) and np.isclose(levels[1], 0.998)):
        raise ValueError("two confidence levels can only be (0.95, 0.998)")
    return levels


def level_suffix(level: float) -> str:
    """Column suffix for a confidence level: 0.95 -> '95', 0.998 -> '99_8'."""
    text = f"{level * 100:.4f}".rstrip("0").rstrip(".")
    return text.replace(".", "_")


def z_value(level: float) -> float:
    """Exact two-sided normal quantile, e.g. 1.959963984540054 for 0.95."""
    return float(stats.norm.ppf(0.5 + level / 2))


def as_list(group_by: str | Sequence[str] | None) -> list[str]:
    """Group-by argument as a list of column names."""
    if group_by is None:
        return []
    return [group_by] if isinstance(group_by, str) else list(group_by)


def require_columns(df: pl.DataFrame, *columns: str | None) -> None:
    """Raise a ValueError naming any column missing from the frame."""
    missing = [c for c in columns if c is not None and c not in df.columns]
    if missing:
        raise ValueError(f"column(s) not in data: {', '.join(missing)}")


def check_rows(df: pl.DataFrame, bad: pl.Expr, column: str, message: str) -> None:
    """Raise ValueError naming the column and the first row index where `bad` is true."""
    flags = df.select(bad.fill_null(False).alias("_bad")).to_series()
    if flags.any():
        row = int(flags.arg_max())
        raise ValueError(f"{column}: {message} (first offending row index {row})")


def null_if_any_null(column: str, alias: str | None = None) -> pl.Expr:
    """Group sum that is null when any member is null (R sum() without na.rm)."""
    col = pl.col(column)
    return (pl.when(col.null_count() > 0).then(None).otherwise(col.sum()).cast(pl.Float64)).alias(
        alias or column
    )


def aggregate(df: pl.DataFrame, columns: Sequence[str], group_by: Sequence[str]) -> pl.DataFrame:
    """Sum columns per group (null-propagating), keeping first-seen group order."""
    if not group_by:
        return df.with_columns(pl.col(c).cast(pl.Float64) for c in columns)
    return df.group_by(group_by, maintain_order=True).agg(null_if_any_null(c) for c in columns)


def to_numpy(df: pl.DataFrame, column: str) -> np.ndarray:
    """Column as float64 numpy array with nulls as NaN."""
    return df.get_column(column).cast(pl.Float64).fill_null(np.nan).to_numpy()


def with_limits(
    df: pl.DataFrame,
    value: np.ndarray,
    limits: dict[str, tuple[np.ndarray, np.ndarray]],
    method: str,
) -> pl.DataFrame:
    """Append value, lower_<s>/upper_<s> and method columns (NaN -> null)."""
    cols = {"value": value}
    for suffix, (lo, hi) in limits.items():
        cols[f"lower_{suffix}"] = lo
        cols[f"upper_{suffix}"] = hi
    series = [pl.Series(k, v, dtype=pl.Float64).fill_nan(None) for k, v in cols.items()]
    return df.with_columns(*series, pl.lit(method).alias("method"))
