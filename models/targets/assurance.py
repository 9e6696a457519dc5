"""SPC assurance of a target from XmR limits (NHS England 'Making Data Count').

Each period gets limits mean ± 2.66 × mean moving range of the points up to it (a rolling
origin, without moving-range screening). The latest point of a series instead takes the
assurance of `models.indicators.spc` (whole series, moving ranges screened as in PTD). With at least `min_points` points: a target beyond the limits on the
better side is 'consistently_pass', on the worse side 'consistently_fail', otherwise
'hit_and_miss'. Reference: NHSRplotthedots R/ptd_calculate_assurance_type.R.
"""

from __future__ import annotations

import polars as pl

from models.indicators.spc import spc

XMR_CONSTANT = 2.66
MIN_POINTS = 12


def assurance(frame: pl.DataFrame, keys: list[str], min_points: int = MIN_POINTS) -> pl.Series:
    """Assurance per row of `frame` (keys, x, value, target_value, polarity); null if too short."""
    indexed = frame.select(*keys, "x", "value", "target_value", "polarity").with_row_index("_r")
    points = indexed.filter(pl.col("value").is_not_null() & pl.col("x").is_not_null())

    def over(e: pl.Expr) -> pl.Expr:
        return e.over(keys, order_by="x")

    n = over(pl.col("value").cum_count())
    mean = over(pl.col("value").cum_sum()) / n
    moving = over(pl.col("value").diff().abs().fill_null(0.0).cum_sum()) / (n - 1)
    upper, lower = mean + XMR_CONSTANT * moving, mean - XMR_CONSTANT * moving
    higher = pl.col("polarity") == "higher_is_better"
    target = pl.col("target_value")
    passes = pl.when(higher).then(target < lower).otherwise(target > upper)
    fails = pl.when(higher).then(target > upper).otherwise(target < lower)
    label = (
        pl.when((n < min_points) | target.is_null())
        .then(None)
        .when(passes)
        .then(pl.lit("consistently_pass"))
        .when(fails)
        .then(pl.lit("consistently_fail"))
        .otherwise(pl.lit("hit_and_miss"))
    )
    scored = _latest_from_spc(points.with_columns(label.alias("assurance"), n.alias("_n")), keys)
    out = indexed.select("_r").join(scored, on="_r", how="left").sort("_r")
    return out.get_column("assurance")


_SPC_WORDS = {
    "consistent_pass": "consistently_pass",
    "consistent_fail": "consistently_fail",
    "inconsistent": "hit_and_miss",
}


def _latest_from_spc(points: pl.DataFrame, keys: list[str]) -> pl.DataFrame:
    """Replace the latest point's assurance with models.indicators.spc's."""
    latest = pl.col("x") == pl.col("x").max().over(keys)
    long = points.filter((pl.col("_n").max().over(keys) >= MIN_POINTS) & pl.col("_n").is_not_null())
    out = points.select("_r", "assurance")
    for polarity, direction in (("higher_is_better", "increase"), ("lower_is_better", "decrease")):
        part = long.filter(pl.col("polarity") == polarity)
        if part.is_empty():
            continue
        charted = spc(
            part, "value", "x", keys, improvement_direction=direction, target="target_value"
        ).filter(latest)
        words = charted.select(
            "_r", pl.col("assurance_type").replace_strict(_SPC_WORDS, default=None).alias("_spc")
        )
        out = out.join(words, on="_r", how="left").select(
            "_r", pl.coalesce("_spc", "assurance").alias("assurance")
        )
    return out
