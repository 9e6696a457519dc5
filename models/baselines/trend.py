"""Indicator time series: Fingertips recent-trend marker and the SPC (XmR) view for 12+ points."""

from __future__ import annotations

import polars as pl

from models.indicators.spc import spc
from models.indicators.trends import recent_trend, year_range

SERIES = ["indicator_id", "area_code", "area_type", "sex", "age", "period_type"]
SPC_MIN_POINTS = 12
TREND_TYPES = ["proportion", "crude rate"]  # FT computes recent trends for these only
_DIRECTION = {1: "increase", 0: "decrease"}


def _recent_trends(values: pl.DataFrame) -> pl.DataFrame:
    """FT recent trend per series where counts, denominators and 95% CIs exist.

    FT's TrendRequest rules: single-year periods only (year range 1), consecutive years.
    """
    eligible = values.filter(
        pl.col("value_type").str.to_lowercase().is_in(TREND_TYPES)
        & pl.col("count").is_not_null() & pl.col("denominator").is_not_null()
    )  # fmt: skip
    eligible = eligible.filter(pl.len().over(SERIES) >= 2)
    if eligible.is_empty():
        return pl.DataFrame(schema={**{c: values.schema[c] for c in SERIES},
                                    "recent_trend": pl.String})  # fmt: skip
    keys = [*SERIES, "polarity_code"]
    eligible = eligible.with_columns(
        (pl.col("period_sortable") // 10_000).alias("_year"),
        year_range(pl.col("period")).alias("_span"),
    )
    out = recent_trend(eligible, "value", "period_sortable", keys, polarity="polarity_code",
                       year="_year", years_spanned="_span")  # fmt: skip
    return out.select(*SERIES, pl.col("trend_direction").alias("recent_trend"))


SPC_COLUMNS = {
    "spc_mean": pl.Float64,
    "spc_lower_limit": pl.Float64,
    "spc_upper_limit": pl.Float64,
    "spc_special_cause": pl.Boolean,
    "spc_rule": pl.String,
    "spc_point_type": pl.String,
}


def _spc_view(values: pl.DataFrame) -> pl.DataFrame:
    """XmR limits and special-cause flags (Making Data Count) for series of 12+ points."""
    long = values.filter(pl.col("value").is_not_null())
    long = long.filter(pl.len().over(SERIES) >= SPC_MIN_POINTS)
    parts = []
    for (pol,), rows in long.group_by(["polarity_code"]):
        direction = _DIRECTION.get(pol, "neutral")
        out = spc(rows.select(*SERIES, "period_sortable", "value"), "value", "period_sortable",
                  SERIES, improvement_direction=direction)  # fmt: skip
        parts.append(out.select(
            *SERIES, "period_sortable", pl.col("mean").alias("spc_mean"),
            pl.col("lpl").alias("spc_lower_limit"), pl.col("upl").alias("spc_upper_limit"),
            pl.col("special_cause_flag").alias("spc_special_cause"),
            pl.col("special_cause_rule").alias("spc_rule"), pl.col("point_type").alias("spc_point_type"),
        ))  # fmt: skip
    if not parts:  # no series long enough: the columns still exist, all null
        return pl.DataFrame(schema={**{c: values.schema[c] for c in SERIES},
                                    "period_sortable": pl.Int64, **SPC_COLUMNS})  # fmt: skip
    return pl.concat(parts)


def indicator_trend(values: pl.DataFrame) -> pl.DataFrame:
    """Every period of every series with CIs, comparisons, recent trend and SPC columns.

    `recent_trend_source` is 'computed' where we could compute it, else 'published' where
    Fingertips published one for the latest period, else 'none'.
    """
    points = values.unique([*SERIES, "period_sortable"], keep="first")
    points = points.with_columns(pl.len().over(SERIES).alias("series_points"))
    trends = _recent_trends(points)
    published = (
        points.sort("period_sortable")
        .group_by(SERIES)
        .agg(pl.col("published_recent_trend").drop_nulls().last().alias("_pub_trend"))
    )
    out = points.join(trends, on=SERIES, how="left").join(published, on=SERIES, how="left")
    out = out.with_columns(
        pl.when(pl.col("recent_trend").is_not_null()).then(pl.lit("computed"))
        .when(pl.col("_pub_trend").is_not_null()).then(pl.lit("published"))
        .otherwise(pl.lit("none")).alias("recent_trend_source"),
        pl.coalesce("recent_trend", "_pub_trend").alias("recent_trend"),
    ).drop("_pub_trend")  # fmt: skip
    return out.join(_spc_view(points), on=[*SERIES, "period_sortable"], how="left")
