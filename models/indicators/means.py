"""Means with Student's t confidence limits (PHEindicatormethods phe_mean)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import polars as pl
from scipy import stats

from models.indicators._common import (
    Confidence,
    as_list,
    confidence_levels,
    level_suffix,
    require_columns,
    to_numpy,
    with_limits,
)


def mean_ci(
    df: pl.DataFrame,
    value: str,
    group_by: str | Sequence[str] | None = None,
    confidence: Confidence = (0.95, 0.998),
) -> pl.DataFrame:
    """Mean +/- t(n-1, (1+c)/2) x sd / sqrt(n); Student's t, as PM phe_mean."""
    groups = as_list(group_by)
    require_columns(df, value, *groups)
    levels = confidence_levels(confidence)
    v = pl.col(value).cast(pl.Float64)
    keys = groups or [pl.lit(0).alias("_all")]
    out = (
        df.group_by(keys, maintain_order=True)
        .agg(
            v.sum().alias("value_sum"),
            v.count().cast(pl.Float64).alias("value_count"),
            v.std(ddof=1).alias("stdev"),
        )
        .drop("_all", strict=False)
    )
    total, count, sd = (to_numpy(out, c) for c in ("value_sum", "value_count", "stdev"))
    mean = total / count
    limits = {}
    with np.errstate(invalid="ignore", divide="ignore"):
        for level in levels:
            t = stats.t.ppf((1 + level) / 2, count - 1)
            half = t * sd / np.sqrt(count)
            limits[level_suffix(level)] = (mean - half, mean + half)
    return with_limits(out, mean, limits, "Student's t-distribution")
