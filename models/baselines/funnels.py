"""Funnel plots of practice QOF prevalence within each place (PM calculate_funnel_limits).

Each practice is placed in the place that holds most of it in the locality hierarchy. A place
with no attributable practices (its sub-ICB serves several places and no registered-patients-by-
LSOA file is loaded) gets the funnel of every practice in the sub-ICB holding most of its LSOAs,
marked `funnel_scope` = 'sub_icb'. Within a scope, every QOF register (indicator x age) of the
latest financial year is one funnel: points are the practices' prevalences with the limits at
their own list size and their significance against the pooled prevalence; the limits table is
PM's 100-point curve.
"""

from __future__ import annotations

import polars as pl

from models.indicators.funnels import funnel_limits, funnel_point_limits

SCOPE = ["place_code", "place_name", "funnel_scope", "funnel_area_code", "funnel_area_name"]
FUNNEL = [*SCOPE, "indicator_id", "indicator_name", "age", "period"]
MIN_PRACTICES = 3  # a funnel of fewer practices shows nothing
POINT_COLUMNS = [*FUNNEL, "practice_code", "practice_name", "count", "denominator", "value",
                 "baseline", "lower_95", "upper_95", "lower_99_8", "upper_99_8", "significance"]  # fmt: skip
LIMIT_COLUMNS = [*FUNNEL, "population", "lower_95", "upper_95", "lower_99_8", "upper_99_8",
                 "baseline"]  # fmt: skip


def practice_places(hierarchy: pl.DataFrame) -> pl.DataFrame:
    """practice_code -> place and funnel scope (the place, else the place's main sub-ICB)."""
    practice = hierarchy.filter(pl.col("member_type") == "practice")
    attributed = (
        practice.filter(pl.col("area_type") == "district_ua")
        .sort(["member_code", "weight", "area_code"], descending=[False, True, False])
        .unique("member_code", keep="first")
        .select(
            "member_code", "member_name", pl.col("area_code").alias("place_code"),
            pl.col("area_name").alias("place_name"), pl.lit("place").alias("funnel_scope"),
            pl.col("area_code").alias("funnel_area_code"),
            pl.col("area_name").alias("funnel_area_name"),
        )
    )  # fmt: skip
    lsoa = hierarchy.filter(pl.col("member_type") == "lsoa")
    place_of = lsoa.filter(pl.col("area_type") == "district_ua").select(
        "member_code",
        pl.col("area_code").alias("place_code"),
        pl.col("area_name").alias("place_name"),
    )
    sub_of = lsoa.filter(pl.col("area_type") == "sub_icb").select(
        "member_code", pl.col("area_code").alias("funnel_area_code")
    )
    main_sub = (
        place_of.join(sub_of, on="member_code")
        .group_by("place_code", "place_name", "funnel_area_code")
        .len()
        .sort(["place_code", "len", "funnel_area_code"], descending=[False, True, False])
        .unique("place_code", keep="first")
        .join(attributed.select("place_code").unique(), on="place_code", how="anti")
    )
    by_sub = practice.filter(pl.col("area_type") == "sub_icb").select(
        "member_code", "member_name", pl.col("area_code").alias("funnel_area_code"),
        pl.col("area_name").alias("funnel_area_name"),
    )  # fmt: skip
    fallback = main_sub.join(by_sub, on="funnel_area_code").select(
        "member_code", "member_name", "place_code", "place_name",
        pl.lit("sub_icb").alias("funnel_scope"), "funnel_area_code", "funnel_area_name",
    )  # fmt: skip
    return pl.concat([attributed, fallback]).rename(
        {"member_code": "practice_code", "member_name": "practice_name"}
    )


def practice_funnels(
    member_counts: pl.DataFrame, hierarchy: pl.DataFrame
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(points, limits) for practice QOF prevalence funnels, one per place x register."""
    latest = pl.col("period_sortable") == pl.col("period_sortable").max().over("indicator_id")
    practices = member_counts.filter(latest & (pl.col("member_type") == "practice")).join(
        practice_places(hierarchy), left_on="member_code", right_on="practice_code"
    )
    practices = practices.rename({"member_code": "practice_code"}).filter(
        pl.len().over(FUNNEL) >= MIN_PRACTICES
    )
    if practices.is_empty():
        return empty_points(), empty_limits()
    points = funnel_point_limits(practices, "count", "denominator", FUNNEL, multiplier=100)
    points = points.with_columns(pl.col("significance").cast(pl.String)).select(POINT_COLUMNS)
    limits = funnel_limits(
        practices, "count", "denominator", FUNNEL, statistic="proportion", multiplier=100
    ).select(LIMIT_COLUMNS)
    order = ["place_code", "indicator_id", "age"]
    return points.sort([*order, "practice_code"]), limits.sort([*order, "population"])


def empty_points() -> pl.DataFrame:
    """The points table with no rows (no practice data)."""
    strings = {*SCOPE, "indicator_name", "age", "period", "practice_code", "practice_name",
               "significance"}  # fmt: skip
    return pl.DataFrame(
        schema={
            c: pl.String if c in strings else pl.Int64 if c == "indicator_id" else pl.Float64
            for c in POINT_COLUMNS
        }
    )


def empty_limits() -> pl.DataFrame:
    """The limits table with no rows."""
    strings = {*SCOPE, "indicator_name", "age", "period"}
    return pl.DataFrame(
        schema={
            c: pl.String if c in strings else pl.Int64 if c == "indicator_id" else pl.Float64
            for c in LIMIT_COLUMNS
        }
    )
