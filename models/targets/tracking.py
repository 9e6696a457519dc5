"""The trajectory-vs-target table: one row per target × area × period."""

from __future__ import annotations

import datetime as dt

import polars as pl

from models.targets.assurance import assurance
from models.targets.forecast import add_forecast
from models.targets.status import (
    DEFAULT_PROBABILITY_THRESHOLD,
    DEFAULT_TOLERANCE,
    gap,
    status_columns,
)
from models.targets.trajectory import period_end_date, trajectory_value, years_between

KEYS = ["target_id", "area_code"]
EPOCH = dt.date(2000, 1, 1)
ACTUAL_COLUMNS = {
    "target_id": pl.String,
    "area_code": pl.String,
    "area_name": pl.String,
    "time_period": pl.String,
    "value": pl.Float64,
    "lower_ci_95": pl.Float64,
    "upper_ci_95": pl.Float64,
    "count": pl.Float64,
    "denominator": pl.Float64,
}
OUTPUT_COLUMNS = [
    "target_id",
    "title",
    "programme",
    "owner",
    "area_code",
    "area_name",
    "indicator_id",
    "local_metric",
    "indicator_name",
    "sex",
    "age",
    "unit",
    "polarity",
    "period",
    "period_date",
    "baseline_value",
    "baseline_period",
    "baseline_date",
    "baseline_date_basis",
    "baseline_period_inferred",
    "baseline_comparable",
    "target_value",
    "target_value_basis",
    "target_date",
    "trajectory_shape",
    "trajectory_value",
    "actual_value",
    "actual_lower_95",
    "actual_upper_95",
    "count",
    "denominator",
    "gap",
    "required_rate",
    "achieved_rate",
    "forecast_at_target_date",
    "forecast_lower_80",
    "forecast_upper_80",
    "forecast_lower_95",
    "forecast_upper_95",
    "probability_met",
    "forecast_points",
    "forecast_method",
    "assurance",
    "status",
    "status_reason",
    "is_latest",
    "as_of",
    "notes",
    "source_document",
    "source_section",
]


def empty_actuals() -> pl.DataFrame:
    """An actuals frame with no rows (no indicator data loaded)."""
    return pl.DataFrame(schema=ACTUAL_COLUMNS)


def _prepare_actuals(actuals: pl.DataFrame, as_of: dt.date) -> pl.DataFrame:
    frame = actuals.with_columns(
        pl.col(c).cast(t) for c, t in ACTUAL_COLUMNS.items() if c in actuals.columns
    ).with_columns(period_date=period_end_date(pl.col("time_period")))
    frame = frame.filter(pl.col("period_date").is_not_null() & (pl.col("period_date") <= as_of))
    has_ci = pl.col("lower_ci_95").is_not_null() & pl.col("upper_ci_95").is_not_null()
    return (
        frame.sort([*KEYS, "period_date", has_ci, pl.col("value").is_not_null()], descending=True)
        .unique([*KEYS, "time_period"], keep="first")
        .sort([*KEYS, "period_date"])
    )


def trajectory_vs_target(
    targets: pl.DataFrame,
    actuals: pl.DataFrame,
    as_of: dt.date,
    tolerance: float = DEFAULT_TOLERANCE,
    probability_threshold: float = DEFAULT_PROBABILITY_THRESHOLD,
) -> pl.DataFrame:
    """Compare each target × area's actuals with its trajectory, forecast and status.

    `targets` is the registry frame (models.targets.registry.registry_frame); `actuals` has
    target_id, area_code, time_period, value, lower_ci_95, upper_ci_95 (area_name, count and
    denominator optional). Periods ending after `as_of` are ignored. A target × area with no
    actuals gets one row with a null period.
    """
    for column in ACTUAL_COLUMNS:
        if column not in actuals.columns:
            actuals = actuals.with_columns(pl.lit(None, ACTUAL_COLUMNS[column]).alias(column))
    acts = _prepare_actuals(actuals, as_of)
    rows = targets.join(acts, on=KEYS, how="left").with_columns(
        x=years_between(pl.lit(EPOCH), pl.col("period_date")),
        target_x=years_between(pl.lit(EPOCH), pl.col("target_date")),
    )
    rows = rows.with_columns(trajectory_value=trajectory_value(targets, rows, "period_date"))
    rows = add_forecast(rows, KEYS)
    rows = rows.with_columns(assurance=assurance(rows, KEYS)).rename(
        {
            "value": "actual_value",
            "lower_ci_95": "actual_lower_95",
            "upper_ci_95": "actual_upper_95",
            "time_period": "period",
        }
    )
    since_baseline = years_between(pl.col("baseline_date"), pl.col("period_date"))
    rows = rows.with_columns(
        gap=gap(),
        required_rate=(pl.col("target_value") - pl.col("baseline_value"))
        / years_between(pl.col("baseline_date"), pl.col("target_date")),
        achieved_rate=pl.when(since_baseline > 0).then(
            (pl.col("actual_value") - pl.col("baseline_value")) / since_baseline
        ),
    )
    latest = pl.col("period_date") == pl.col("period_date").filter(
        pl.col("actual_value").is_not_null()
    ).max().over(KEYS)
    caveat = pl.lit("; the baseline is not comparable with this series (see notes)")
    rows = rows.with_columns(status_columns(tolerance, probability_threshold)).with_columns(
        status_reason=pl.when(pl.col("baseline_comparable").not_() & pl.col("complete"))
        .then(pl.concat_str("status_reason", caveat))
        .otherwise("status_reason"),
        is_latest=latest.fill_null(pl.col("period_date").is_null()),
        as_of=pl.lit(as_of),
    )
    return rows.select(OUTPUT_COLUMNS).sort([*KEYS, "period_date"], nulls_last=True)
