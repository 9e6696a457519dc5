"""Directly standardised rates with Dobson limits (PHEindicatormethods calculate_dsr / phe_dsr)."""

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
from models.indicators.limits import byar_limits
from models.indicators.standard_populations import esp2013_for

_STD = "_stdpop"


def _with_standard(df: pl.DataFrame, age_band: str, standard_population: str) -> pl.DataFrame:
    """Attach the standard population column (ESP2013 by label, or a named column)."""
    if standard_population.lower() == "esp2013":
        require_columns(df, age_band)
        return df.with_columns(esp2013_for(df.get_column(age_band)).alias(_STD))
    require_columns(df, standard_population)
    return df.with_columns(pl.col(standard_population).cast(pl.Float64).alias(_STD))


def _band_terms(x: str, n: str) -> list[pl.Expr]:
    """Per-band weighted rate and variance terms (NA count treated as 0, as PM na.zero)."""
    xz = pl.col(x).cast(pl.Float64).fill_null(0)
    w_n = pl.col(_STD) / pl.col(n)
    return [(xz * w_n).alias("_wt"), (xz * w_n**2).alias("_sq")]


def dsr(
    df: pl.DataFrame,
    numerator: str,
    denominator: str,
    age_band: str,
    group_by: str | Sequence[str] | None,
    standard_population: str = "esp2013",
    multiplier: float = 100_000,
    independent_events: bool = True,
    confidence: Confidence = (0.95, 0.998),
    event_frequency: str | None = None,
) -> pl.DataFrame:
    """DSR with Dobson et al. (1991) limits on Byar's count limits; NA for total < 10 (PM)."""
    groups = as_list(group_by)
    require_columns(df, numerator, denominator, *groups)
    levels = confidence_levels(confidence)
    check_rows(df, pl.col(numerator) < 0, numerator, "numerators must be >= 0")
    check_rows(df, pl.col(denominator) <= 0, denominator, "denominators must be greater than zero")
    data = _with_standard(df, age_band, standard_population)
    check_rows(data, pl.col(_STD) < 0, standard_population, "standard population must be >= 0")
    data = data.with_columns(_band_terms(numerator, denominator))
    keys = groups or [pl.lit(0).alias("_all")]
    if independent_events:
        variance_expr = (pl.col("_sq").sum() / pl.col(_STD).sum() ** 2).alias("_var")
        agg = data.group_by(keys, maintain_order=True).agg(
            pl.col(numerator).cast(pl.Float64).fill_null(0).sum().alias("total_count"),
            pl.col(denominator).cast(pl.Float64).sum().alias("total_pop"),
            (pl.col("_wt").sum() / pl.col(_STD).sum()).alias("_rate"),
            variance_expr,
        )
    else:
        agg = _non_independent(data, keys, numerator, denominator, age_band, event_frequency)
    agg = agg.drop("_all", strict=False)
    total, var = to_numpy(agg, "total_count"), to_numpy(agg, "_var")
    value = to_numpy(agg, "_rate")
    small = total < 10
    limits = {}
    with np.errstate(invalid="ignore", divide="ignore"):
        scale = np.sqrt(var / total)
        for level in levels:
            lo, hi = byar_limits(total, level)
            limits[level_suffix(level)] = tuple(
                np.where(small, np.nan, (value + scale * (lim - total)) * multiplier)
                for lim in (lo, hi)
            )
    out = with_limits(
        agg.drop("_rate", "_var"), np.where(small, np.nan, value * multiplier), limits, "Dobson"
    )
    return out.with_columns(
        pl.when(pl.col("total_count") < 10)
        .then(pl.lit("dsr NA for total count < 10"))
        .otherwise(pl.lit(f"dsr per {multiplier:g}"))
        .alias("statistic")
    )


def _non_independent(
    data: pl.DataFrame,
    keys: list,
    numerator: str,
    denominator: str,
    age_band: str,
    event_frequency: str | None,
) -> pl.DataFrame:
    """Person-frequency variance for non-independent events (PM PR #91, calculate_dsr)."""
    if event_frequency is None:
        raise ValueError("independent_events=False needs event_frequency= (events per person)")
    require_columns(data, event_frequency, age_band)
    f = pl.col(event_frequency).cast(pl.Float64)
    key_names = [k if isinstance(k, str) else k.meta.output_name() for k in keys]
    data = data.with_columns(keys[0]) if key_names == ["_all"] else data
    per_band = data.group_by([*key_names, age_band]).agg(
        pl.col(denominator).n_unique().alias("_nn"), pl.col(_STD).n_unique().alias("_ns")
    )
    check_rows(
        per_band,
        (pl.col("_nn") > 1) | (pl.col("_ns") > 1),
        denominator,
        "rows with the same group and age band have different populations",
    )
    freq_var = (
        data.group_by([*key_names, event_frequency])
        .agg((pl.col("_sq").sum() / pl.col(_STD).sum() ** 2 * f.first() ** 2).alias("_fv"))
        .group_by(key_names)
        .agg(pl.col("_fv").sum().alias("_var"))
    )
    events = pl.col(numerator).cast(pl.Float64).fill_null(0) * f
    bands = data.group_by([*key_names, age_band], maintain_order=True).agg(
        events.sum().alias("_x"),
        pl.col(denominator).first().cast(pl.Float64).alias("_n"),
        pl.col(_STD).first().alias(_STD),
    )
    agg = bands.group_by(key_names, maintain_order=True).agg(
        pl.col("_x").sum().alias("total_count"),
        pl.col("_n").sum().alias("total_pop"),
        ((pl.col("_x") * pl.col(_STD) / pl.col("_n")).sum() / pl.col(_STD).sum()).alias("_rate"),
    )
    return agg.join(freq_var, on=key_names, how="left", maintain_order="left")
