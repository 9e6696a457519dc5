"""Every whole-area indicator value with CIs, benchmarks, comparisons and peer positions."""

from __future__ import annotations

import polars as pl

from models.baselines.benchmarking import (
    attach_benchmarks,
    attach_metadata,
    compare_to_benchmarks,
    infer_polarity,
    peer_positions,
)
from models.baselines.indicator_values import recompute_confidence_intervals, whole_area_rows


def benchmarked_values(
    fingertips: pl.DataFrame,
    metadata: pl.DataFrame | None = None,
    area_regions: pl.DataFrame | None = None,
    extra_values: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """All periods: values, recomputed CIs, England/region comparisons, quintiles and ranks.

    `extra_values` are rows already in our names (e.g. QOF prevalence aggregated from
    practices); they are used only where Fingertips has no row for the same key.
    """
    values = whole_area_rows(fingertips).with_columns(pl.lit("fingertips").alias("value_source"))
    if extra_values is not None and extra_values.height:
        key = ["indicator_id", "area_code", "area_type", "sex", "age", "period"]
        extra = extra_values.join(values.select(key), on=key, how="anti")
        values = pl.concat([values, extra], how="diagonal_relaxed")
    values = attach_metadata(values, metadata)
    values = recompute_confidence_intervals(values)
    values = attach_benchmarks(values, area_regions)
    values = infer_polarity(values)
    values = compare_to_benchmarks(values)
    return peer_positions(values)


def latest_period(values: pl.DataFrame) -> pl.DataFrame:
    """Each indicator x area x sex x age at its latest period with a value.

    Cumulative periods ("2021/22 Q1 - 2025/26 Q3") share one sortable key (their start), so
    ties are broken by the period's end.
    """
    series = ["indicator_id", "area_code", "area_type", "sex", "age", "period_type"]
    end = pl.col("period").str.split(" - ").list.last()
    latest_start = pl.col("period_sortable") == pl.col("period_sortable").max().over(series)
    with_end = values.filter(pl.col("value").is_not_null()).filter(latest_start)
    return (
        with_end.with_columns(_period_end=end)
        .filter(pl.col("_period_end") == pl.col("_period_end").max().over(series))
        .drop("_period_end")
    )


VALUE_COLUMNS: dict[str, pl.DataType] = {
    "indicator_id": pl.Int64, "indicator_name": pl.String, "area_code": pl.String,
    "area_name": pl.String, "area_type": pl.String, "parent_code": pl.String,
    "region_code": pl.String, "sex": pl.String, "age": pl.String, "period": pl.String,
    "period_sortable": pl.Int64, "period_type": pl.String, "value": pl.Float64,
    "lower_95": pl.Float64, "upper_95": pl.Float64, "lower_99_8": pl.Float64,
    "upper_99_8": pl.Float64, "count": pl.Float64, "denominator": pl.Float64,
    "value_type": pl.String, "multiplier": pl.Float64, "ci_source": pl.String,
    "england_value": pl.Float64, "england_lower_95": pl.Float64, "england_upper_95": pl.Float64,
    "region_value": pl.Float64, "compared_to_england": pl.String,
    "compared_to_region": pl.String, "comparison_method": pl.String,
    "comparison_method_source": pl.String, "comparison_source": pl.String,
    "published_compared_to_england": pl.String, "published_compared_to_england_text": pl.String,
    "published_recent_trend": pl.String, "polarity_code": pl.Int64,
    "polarity_source": pl.String, "quintile": pl.Int64, "peer_rank": pl.Int64,
    "peer_count": pl.Int64, "value_source": pl.String, "attribution_method": pl.String,
    "members": pl.Int64, "value_note": pl.String,
    # models.neighbourhoods: the area's place, comparisons with it and with England at 99.8%,
    # its rank among the place's areas of the same type, the profile domain and data vintage.
    "place_code": pl.String, "place_value": pl.Float64, "compared_to_place": pl.String,
    "compared_to_place_99_8": pl.String, "compared_to_england_99_8": pl.String,
    "rank_in_place": pl.Int64, "areas_in_place": pl.Int64, "domain": pl.String,
    "vintage": pl.String,
}  # fmt: skip


def shape_values(values: pl.DataFrame) -> pl.DataFrame:
    """The fixed column set and types of marts.indicator_values (absent columns as nulls)."""
    return values.select(
        (pl.col(c) if c in values.columns else pl.lit(None)).cast(t).alias(c)
        for c, t in VALUE_COLUMNS.items()
    )
