"""Abridged life tables: Chiang II with Silcocks variance (PHEindicatormethods phe_life_expectancy)."""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from models.indicators._common import (
    Confidence,
    as_list,
    confidence_levels,
    level_suffix,
    require_columns,
    z_value,
)

LE_START_AGES = (0, 1, *range(5, 95, 5))  # 20 bands: 0, 1-4, 5-9, ..., 85-89, 90+
MIN_TOTAL_POPULATION = 5000
MAX_HALF_WIDTH_95 = 10.0  # value suppressed when the 95% CI is wider than 20 years
METHOD = "Chiang, using Silcocks et al for confidence limits"


def _start_age(label: pl.Expr) -> pl.Expr:
    """Start age of a band label such as 0, '1-4', '10 – 14', '90 +'."""
    return label.cast(pl.String).str.extract(r"^\s*(\d+)", 1).cast(pl.Int64)


def life_expectancy(
    df: pl.DataFrame,
    deaths: str,
    population: str,
    age_band: str,
    group_by: str | Sequence[str] | None = None,
    confidence: Confidence = (0.95, 0.998),
    le_age: Sequence[int] | int | None = None,
) -> pl.DataFrame:
    """Life expectancy at each band start: Chiang II table, Silcocks SE, PHE suppression (PM)."""
    groups = as_list(group_by)
    require_columns(df, deaths, population, age_band, *groups)
    levels = confidence_levels(confidence)
    keys = groups or ["_all"]
    d = df.with_columns(pl.lit(0).alias("_all")) if not groups else df
    d = d.with_columns(_start_age(pl.col(age_band)).alias("_age")).sort([*keys, "_age"])
    D, P = pl.col(deaths).cast(pl.Float64), pl.col(population).cast(pl.Float64)
    bad = (
        (D < 0).any()
        | (P <= 0).any()
        | (D > P).any()
        | (P.sum() <= MIN_TOTAL_POPULATION)
        | (pl.len() != len(LE_START_AGES))
        | (pl.col("_age").unique().is_in(list(LE_START_AGES)).not_().any())
        | D.is_null().any()
        | P.is_null().any()
    )
    d = d.with_columns(bad.over(keys).alias("_suppressed"))
    last = pl.int_range(pl.len()).over(keys) == pl.len().over(keys) - 1
    m = D / P
    a = pl.when(pl.col("_age") == 0).then(0.1).otherwise(0.5)
    n = (pl.col("_age").shift(-1) - pl.col("_age")).over(keys).cast(pl.Float64)
    q = pl.when(last).then(1.0).otherwise((m * n / (1 + m * n * (1 - a))).clip(upper_bound=1.0))
    d = d.with_columns(
        m.alias("_m"), a.alias("_a"), n.alias("_n"), q.alias("_q"), last.alias("_last")
    )
    p_prev = (1 - pl.col("_q")).shift(1, fill_value=1.0).over(keys)
    d = d.with_columns((1e5 * p_prev.cum_prod().over(keys)).alias("_l"))
    l_next = pl.col("_l").shift(-1, fill_value=0.0).over(keys)
    d = d.with_columns((pl.col("_l") - l_next).alias("_d"))
    big_l = (
        pl.when(pl.col("_last"))
        .then(pl.col("_l") / pl.col("_m"))
        .otherwise(pl.col("_n") * (l_next + pl.col("_a") * pl.col("_d")))
    )
    d = d.with_columns(big_l.alias("_L"))
    d = d.with_columns(pl.col("_L").reverse().cum_sum().reverse().over(keys).alias("_T"))
    d = d.with_columns(
        pl.when(pl.col("_l") == 0).then(0.0).otherwise(pl.col("_T") / pl.col("_l")).alias("_e")
    )
    var_q = (
        pl.when(pl.col("_last"))
        .then(4 / (D * pl.col("_m") ** 2))
        .when(pl.col("_d") == 0)
        .then(0.0)
        .otherwise(pl.col("_q") ** 2 * (1 - pl.col("_q")) / D)
    )
    e_next = pl.col("_e").shift(-1).over(keys)
    weighted = (
        pl.when(pl.col("_last"))
        .then((pl.col("_l") / 2) ** 2 * var_q)
        .otherwise(var_q * pl.col("_l") ** 2 * ((1 - pl.col("_a")) * pl.col("_n") + e_next) ** 2)
    )
    d = d.with_columns(weighted.alias("_w"))
    se = (pl.col("_w").reverse().cum_sum().reverse().over(keys) / pl.col("_l") ** 2).sqrt()
    d = d.with_columns(se.alias("_se"))
    keep = ~pl.col("_suppressed")
    too_wide = z_value(0.95) * pl.col("_se") > MAX_HALF_WIDTH_95
    cols = [pl.when(keep & ~too_wide).then(pl.col("_e")).fill_nan(None).alias("value")]
    for level in levels:
        z, s = z_value(level), level_suffix(level)
        cols.append(
            pl.when(keep).then(pl.col("_e") - z * pl.col("_se")).fill_nan(None).alias(f"lower_{s}")
        )
        cols.append(
            pl.when(keep).then(pl.col("_e") + z * pl.col("_se")).fill_nan(None).alias(f"upper_{s}")
        )
    d = d.with_columns(*cols, pl.lit(METHOD).alias("method"))
    if le_age is not None:
        ages = [le_age] if isinstance(le_age, int) else list(le_age)
        d = d.filter(pl.col("_age").is_in(ages))
    d = d.sort("_suppressed", maintain_order=True)
    return d.drop([c for c in d.columns if c.startswith("_")])
