"""Status of a target at a period, from actual, trajectory and forecast (rules in docs/targets.md)."""

from __future__ import annotations

import polars as pl

STATUSES = (
    "achieved",
    "on_track",
    "at_risk",
    "off_track",
    "not_yet_measurable",
    "incomplete_target",
)
DEFAULT_TOLERANCE = 0.1
DEFAULT_PROBABILITY_THRESHOLD = 0.5


def better_or_equal(value: pl.Expr, reference: pl.Expr) -> pl.Expr:
    """Whether value is at least as good as reference, given the row's polarity."""
    lower = pl.col("polarity") == "lower_is_better"
    return pl.when(lower).then(value <= reference).otherwise(value >= reference)


def gap() -> pl.Expr:
    """Actual minus trajectory, signed so that positive means better than the trajectory."""
    actual, planned = pl.col("actual_value"), pl.col("trajectory_value")
    lower = pl.col("polarity") == "lower_is_better"
    return pl.when(lower).then(planned - actual).otherwise(actual - planned)


def status_columns(
    tolerance: float = DEFAULT_TOLERANCE,
    probability_threshold: float = DEFAULT_PROBABILITY_THRESHOLD,
) -> list[pl.Expr]:
    """Expressions for `status` and `status_reason`.

    Needs complete, incomplete_reason, actual_value, period_date, baseline_date, target_date,
    baseline_value, target_value, polarity, gap and probability_met. `tolerance` is the share of
    the planned change (|target − baseline|) a value may lag the trajectory before off_track.
    """
    band = tolerance * (pl.col("target_value") - pl.col("baseline_value")).abs()
    g, p = pl.col("gap"), pl.col("probability_met")
    likely = p >= probability_threshold
    unlikely = p < probability_threshold
    no_data = pl.col("period_date").is_null()
    rules: list[tuple[pl.Expr, str, pl.Expr | str]] = [
        (~pl.col("complete"), "incomplete_target", pl.col("incomplete_reason")),
        (no_data, "not_yet_measurable", "no data for this indicator and area"),
        (pl.col("actual_value").is_null(), "not_yet_measurable", "no value for this period"),
        (
            pl.col("period_date") < pl.col("baseline_date"),
            "not_yet_measurable",
            "period ends before the baseline",
        ),
        (
            better_or_equal(pl.col("actual_value"), pl.col("target_value")),
            "achieved",
            "target value reached",
        ),
        (
            pl.col("period_date") > pl.col("target_date"),
            "off_track",
            "deadline passed without reaching the target",
        ),
        ((g >= 0) & unlikely, "at_risk", "on trajectory but the forecast is likely to miss"),
        (g >= 0, "on_track", "at or ahead of trajectory"),
        (g >= -band, "at_risk", "behind trajectory, within tolerance"),
        (
            likely,
            "at_risk",
            "behind trajectory beyond tolerance, but the forecast is likely to meet",
        ),
        (pl.lit(True), "off_track", "behind trajectory beyond tolerance"),
    ]
    status = pl.when(rules[0][0].fill_null(False)).then(pl.lit(rules[0][1]))
    reason = pl.when(rules[0][0].fill_null(False)).then(_lit(rules[0][2]))
    for condition, name, why in rules[1:]:
        status = status.when(condition.fill_null(False)).then(pl.lit(name))
        reason = reason.when(condition.fill_null(False)).then(_lit(why))
    return [status.alias("status"), reason.alias("status_reason")]


def _lit(value: pl.Expr | str) -> pl.Expr:
    return pl.lit(value) if isinstance(value, str) else value
