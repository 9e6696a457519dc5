"""Indirectly standardised rates and ratios with Byar / exact limits (PM calculate_ISRate/ISRatio)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import polars as pl

from models.indicators._common import (
    Confidence,
    as_list,
    check_rows,
    confidence_levels,
    level_suffix,
    require_columns,
    to_numpy,
    with_limits,
)
from models.indicators.limits import poisson_count_limits


def _observed_expected(
    df: pl.DataFrame,
    observed: str,
    population: str,
    reference_observed: str,
    reference_population: str,
    groups: list[str],
    observed_totals: pl.DataFrame | None,
) -> pl.DataFrame:
    """Observed total, expected E = sum(n * ref_x / ref_n) and crude reference rate per group."""
    require_columns(df, observed, population, reference_observed, reference_population, *groups)
    check_rows(df, pl.col(observed) < 0, observed, "observed counts must be >= 0")
    check_rows(df, pl.col(population) < 0, population, "populations must be >= 0")
    check_rows(df, pl.col(reference_observed) < 0, reference_observed, "must be >= 0")
    check_rows(df, pl.col(reference_population) <= 0, reference_population, "must be > 0")
    ref_x = pl.col(reference_observed).cast(pl.Float64).fill_null(0)
    ref_n = pl.col(reference_population).cast(pl.Float64)
    keys = groups or [pl.lit(0).alias("_all")]
    out = df.group_by(keys, maintain_order=True).agg(
        pl.col(observed).cast(pl.Float64).sum().alias("observed"),
        (pl.col(population).cast(pl.Float64) * ref_x / ref_n).sum().alias("expected"),
        (ref_x.sum() / ref_n.sum()).alias("_ref_rate"),
    )
    if observed_totals is not None:
        require_columns(observed_totals, "observed", *groups)
        out = out.drop("observed").join(
            observed_totals.select(*groups, pl.col("observed").cast(pl.Float64)),
            on=groups,
            how="left",
            maintain_order="left",
        )
    return out


def _limits(out: pl.DataFrame, levels: list[float], scale: np.ndarray) -> dict:
    """Poisson limits of O (exact < 10, Byar >= 10) divided by E and scaled."""
    o, e = to_numpy(out, "observed"), to_numpy(out, "expected")
    result = {}
    with np.errstate(invalid="ignore", divide="ignore"):
        for level in levels:
            lo, hi = poisson_count_limits(o, level)
            result[level_suffix(level)] = (lo / e * scale, hi / e * scale)
    return result


def _standardised(out: pl.DataFrame, scale: np.ndarray, confidence: Confidence) -> pl.DataFrame:
    """O/E x scale with Byar/exact limits on O divided by E (shared by ISR and SMR)."""
    with np.errstate(invalid="ignore", divide="ignore"):
        value = to_numpy(out, "observed") / to_numpy(out, "expected") * scale
    limits = _limits(out, confidence_levels(confidence), scale)
    return with_limits(
        out.drop("_ref_rate", "_all", strict=False), value, limits, "Byars (exact below 10)"
    )


def isr(
    df: pl.DataFrame,
    observed: str,
    population: str,
    reference_observed: str,
    reference_population: str,
    group_by: str | Sequence[str] | None = None,
    confidence: Confidence = (0.95, 0.998),
    multiplier: float = 100_000,
    observed_totals: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Indirectly standardised rate O/E x crude reference rate; Byar/exact limits (PM)."""
    out = _observed_expected(
        df, observed, population, reference_observed, reference_population,
        as_list(group_by), observed_totals,
    )  # fmt: skip
    return _standardised(out, to_numpy(out, "_ref_rate") * multiplier, confidence)


def smr(
    df: pl.DataFrame,
    observed: str,
    population: str,
    reference_observed: str,
    reference_population: str,
    group_by: str | Sequence[str] | None = None,
    confidence: Confidence = (0.95, 0.998),
    reference_value: float = 1,
    observed_totals: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Indirectly standardised ratio O/E x reference_value (1 or 100); Byar/exact (PM)."""
    out = _observed_expected(
        df, observed, population, reference_observed, reference_population,
        as_list(group_by), observed_totals,
    )  # fmt: skip
    return _standardised(out, np.full(out.height, float(reference_value)), confidence)
