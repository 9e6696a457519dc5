"""Fingertips periods as dates, and the planned trajectory from baseline to target at any date."""

from __future__ import annotations

import datetime as dt

import polars as pl

DAYS_PER_YEAR = 365.25
_QUARTER_END = {1: (0, 6, 30), 2: (0, 9, 30), 3: (0, 12, 31), 4: (1, 3, 31)}


def _segment_end(seg: pl.Expr, start_year: pl.Expr) -> pl.Expr:
    """End date of one period segment: '2018/19', '18/19', '2019', '19', '2021/22 Q3'."""
    fin = seg.str.extract(r"^(\d{2}|\d{4})/\d{2}$", 1)
    quarter = seg.str.extract(r"^(\d{4})/\d{2}\s*Q([1-4])$", 2).cast(pl.Int32)
    q_year = seg.str.extract(r"^(\d{4})/\d{2}\s*Q[1-4]$", 1).cast(pl.Int32)
    cal = seg.str.extract(r"^(\d{4}|\d{2})$", 1)

    def full_year(text: pl.Expr) -> pl.Expr:
        short = text.cast(pl.Int32)
        century = (start_year // 100) * 100
        return pl.when(text.str.len_chars() == 4).then(short).otherwise(century + short)

    def quarter_date() -> pl.Expr:
        exprs = [
            pl.when(quarter == q).then(pl.date(q_year + add, month, day))
            for q, (add, month, day) in _QUARTER_END.items()
        ]
        return pl.coalesce(exprs)

    return (
        pl.when(quarter.is_not_null())
        .then(quarter_date())
        .when(fin.is_not_null())
        .then(pl.date(full_year(fin) + 1, 3, 31))
        .when(cal.is_not_null())
        .then(pl.date(full_year(cal), 12, 31))
    )


def period_end_date(period: pl.Expr) -> pl.Expr:
    """End date of a Fingertips time period ('2018/19' -> 2019-03-31, '2017 - 19' -> 2019-12-31)."""
    text = period.str.strip_chars()
    first = text.str.replace(r"\s*-\s*.*$", "")
    last = text.str.replace(r"^.*-\s*", "")
    start_year = first.str.extract(r"^(\d{4})", 1).cast(pl.Int32)
    return _segment_end(last, start_year)


def period_end(period: str) -> dt.date | None:
    """Scalar form of `period_end_date`."""
    return pl.select(period_end_date(pl.lit(period, dtype=pl.String))).item()


def years_between(start: pl.Expr, end: pl.Expr) -> pl.Expr:
    """Years from start to end (days / 365.25)."""
    return (end - start).dt.total_days() / DAYS_PER_YEAR


def _annual_steps(targets: pl.DataFrame) -> pl.DataFrame:
    """Milestones for stepped targets without points: the linear value at each anniversary."""
    keys = ["target_id", "area_code"]
    stepped = targets.filter(
        (pl.col("trajectory_shape") == "stepped") & (pl.col("trajectory_points").list.len() == 0)
    )
    steps = stepped.with_columns(
        pl.date_ranges("baseline_date", "target_date", "1y", closed="none").alias("date")
    ).explode("date")
    share = years_between(pl.col("baseline_date"), pl.col("date")) / years_between(
        pl.col("baseline_date"), pl.col("target_date")
    )
    value = pl.col("baseline_value") + (pl.col("target_value") - pl.col("baseline_value")) * share
    return steps.select(*keys, "date", value.alias("value"))


def _knots(targets: pl.DataFrame) -> pl.DataFrame:
    """Trajectory knots per target × area: baseline, milestones (stepped/custom), target."""
    keys = ["target_id", "area_code"]
    ends = pl.concat(
        [
            targets.select(*keys, date="baseline_date", value="baseline_value"),
            targets.select(*keys, date="target_date", value="target_value"),
        ]
    )
    points = (
        targets.select(*keys, "trajectory_points")
        .explode("trajectory_points")
        .unnest("trajectory_points")
        .select(*keys, "date", "value")
    )
    knots = pl.concat([ends, points, _annual_steps(targets)]).drop_nulls(["date", "value"])
    return knots.unique(keys + ["date"], keep="last").sort(keys + ["date"])


def trajectory_value(targets: pl.DataFrame, periods: pl.DataFrame, date_col: str) -> pl.Series:
    """Planned value for each row of `periods` (keys target_id, area_code; a date column).

    Linear and custom shapes interpolate between knots; stepped holds the latest milestone.
    Null before the baseline date and for incomplete targets; the target value after its date.
    """
    keys = ["target_id", "area_code"]
    complete = targets.filter(pl.col("complete"))
    knots = _knots(complete).rename({"date": "_knot_date", "value": "_knot_value"})
    shapes = complete.select(*keys, "trajectory_shape", "target_date")
    frame = (
        periods.select(*keys, pl.col(date_col).alias("_at"))
        .with_row_index("_row")
        .join(shapes, on=keys, how="left")
    )
    valid = frame.filter(pl.col("_at").is_not_null() & pl.col("trajectory_shape").is_not_null())
    valid = valid.sort("_at")
    before = valid.join_asof(
        knots.sort("_knot_date"),
        left_on="_at",
        right_on="_knot_date",
        by=keys,
        strategy="backward",
        check_sortedness=False,
    )
    after = valid.join_asof(
        knots.sort("_knot_date").rename({"_knot_date": "_next_date", "_knot_value": "_next_value"}),
        left_on="_at",
        right_on="_next_date",
        by=keys,
        strategy="forward",
        check_sortedness=False,
    ).select("_row", "_next_date", "_next_value")
    joined = before.join(after, on="_row", how="left")
    span = years_between(pl.col("_knot_date"), pl.col("_next_date"))
    share = years_between(pl.col("_knot_date"), pl.col("_at")) / span
    interpolated = pl.col("_knot_value") + (pl.col("_next_value") - pl.col("_knot_value")) * share
    value = (
        pl.when(pl.col("_knot_date").is_null())
        .then(None)
        .when(pl.col("_next_date").is_null() | (pl.col("_next_date") == pl.col("_knot_date")))
        .then(pl.col("_knot_value"))
        .when(pl.col("trajectory_shape") == "stepped")
        .then(pl.col("_knot_value"))
        .otherwise(interpolated)
    )
    result = joined.select("_row", value.alias("trajectory_value"))
    out = frame.select("_row").join(result, on="_row", how="left").sort("_row")
    return out.get_column("trajectory_value")
