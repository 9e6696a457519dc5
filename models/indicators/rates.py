"""Crude rates with exact Poisson (< 10) or Byar (>= 10) limits (PHEindicatormethods phe_rate)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import polars as pl

from models.indicators._common import (
    Confidence,
    aggregate,
    as_list,
    check_rows,
    confidence_levels,
    level_suffix,
    require_columns,
    to_numpy,
    with_limits,
)
from models.indicators.limits import poisson_count_limits


def rate(
    df: pl.DataFrame,
    numerator: str,
    denominator: str,
    group_by: str | Sequence[str] | None = None,
    confidence: Confidence = (0.95, 0.998),
    multiplier: float = 100_000,
) -> pl.DataFrame:
    """Crude rate x/n x multiplier; exact limits below 10, Byar from 10 (PM phe_rate)."""
    groups = as_list(group_by)
    require_columns(df, numerator, denominator, *groups)
    levels = confidence_levels(confidence)
    check_rows(df, pl.col(numerator) < 0, numerator, "numerators must be >= 0")
    check_rows(df, pl.col(denominator) <= 0, denominator, "denominators must be greater than zero")
    out = aggregate(df, [numerator, denominator], groups)
    x, n = to_numpy(out, numerator), to_numpy(out, denominator)
    limits = {}
    for level in levels:
        lo, hi = poisson_count_limits(x, level)
        limits[level_suffix(level)] = (lo / n * multiplier, hi / n * multiplier)
    method = np.where(x < 10, "Exact", "Byars")
    result = with_limits(out, x / n * multiplier, limits, "Byars")
    return result.with_columns(pl.Series("method", method).alias("method"))
