"""Funnel-plot frames for the Compare page, from models.indicators.funnels (PHEindicatormethods).

`area_funnel` turns one indicator's published values for every area of a type into the points
and limit curves the chart draws: Wilson limits for proportions and exact Poisson limits for
crude rates and DSRs, both around the pooled value of the areas shown (PM
calculate_funnel_limits / assign_funnel_significance). Each limit curve carries its own x
(`x_lower_95` ...), since Poisson rate limits sit at different populations for one event count.
"""

from __future__ import annotations

import polars as pl

from models.indicators import funnels

RATE_TYPES = {"crude rate": "crude", "directly standardised rate": "dsr"}
LINES = [f"{side}_{level}" for level in ("95", "99_8") for side in ("lower", "upper")]


def statistic_of(value_type: str | None) -> str | None:
    """'proportion', 'crude', 'dsr' or None (no funnel: means, ratios, life expectancy)."""
    kind = (value_type or "").strip().lower()
    if kind == "proportion":
        return "proportion"
    return RATE_TYPES.get(kind)


def area_funnel(series: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(points, limits) of one indicator series; both empty when it cannot have a funnel.

    points: the series' rows with a count (numerator) with `x` (the denominator; for rates the one-year
    population implied by events / rate) and `significance`. limits: `x`, the four limit
    curves with their own `x_<line>`, and `baseline` (the pooled value).
    Raises ValueError (PM's own message) when the published counts break the method's rules.
    """
    empty = pl.DataFrame(), pl.DataFrame()
    if series.is_empty() or not {"count", "denominator"} <= set(series.columns):
        return empty
    first = series.row(0, named=True)
    kind = statistic_of(first.get("value_type"))
    multiplier = float(first.get("multiplier") or 100)
    counted = series.filter(
        pl.col("count").is_not_null() & (pl.col("denominator") > 0) & pl.col("value").is_not_null()
    )
    if kind is None or counted.height < 3 or (kind != "proportion" and not first.get("multiplier")):
        return empty  # a rate without its multiplier has no population to plot against
    if kind == "proportion":
        limits = funnels.funnel_limits(
            counted, "count", "denominator", statistic="proportion", multiplier=multiplier
        ).rename({"population": "x"})
        limits = limits.with_columns(pl.col("x").alias(f"x_{line}") for line in LINES)
        points = funnels.funnel_significance(
            counted, "count", "denominator", statistic="proportion"
        ).with_columns(pl.col("denominator").cast(pl.Float64).alias("x"))
        return points, limits
    rate = dict(rate="value", rate_type=kind, multiplier=multiplier, denominator="denominator")
    limits = funnels.funnel_limits(counted, "count", statistic="rate", years_of_data=1, **rate)
    limits = limits.with_columns(
        *(pl.col(f"{line}_population_1_year").alias(f"x_{line}") for line in LINES),
        (pl.col("events") / pl.col("baseline") * multiplier).alias("x"),
    )
    points = funnels.funnel_points(
        counted, "count", "value", rate_type=kind, years_of_data=1, multiplier=multiplier,
        denominator="denominator",
    )  # fmt: skip
    points = funnels.funnel_significance(points, "count", statistic="rate", **rate)
    points = points.rename({"denominator_derived": "x"}).filter(pl.col("value_chart").is_not_null())
    return points, limits
