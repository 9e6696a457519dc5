"""Proportions with Wilson score confidence limits (PHEindicatormethods phe_proportion)."""

from __future__ import annotations

from collections.abc import Sequence

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
from models.indicators.limits import wilson_limits


def proportion(
    df: pl.DataFrame,
    numerator: str,
    denominator: str,
    group_by: str | Sequence[str] | None = None,
    confidence: Confidence = (0.95, 0.998),
    multiplier: float = 100,
) -> pl.DataFrame:
    """Proportion x/n with Wilson score limits; Wilson (1927), as PM phe_proportion."""
    groups = as_list(group_by)
    require_columns(df, numerator, denominator, *groups)
    levels = confidence_levels(confidence)
    x_col, n_col = pl.col(numerator), pl.col(denominator)
    check_rows(df, x_col < 0, numerator, "numerators must be greater than or equal to zero")
    check_rows(df, n_col <= 0, denominator, "denominators must be greater than zero")
    check_rows(df, x_col > n_col, numerator, "numerator must be less than or equal to denominator")
    out = aggregate(df, [numerator, denominator], groups)
    x, n = to_numpy(out, numerator), to_numpy(out, denominator)
    limits = {}
    for level in levels:
        lo, hi = wilson_limits(x, n, level)
        limits[level_suffix(level)] = (lo * multiplier, hi * multiplier)
    return with_limits(out, x / n * multiplier, limits, "Wilson")
