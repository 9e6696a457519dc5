"""SPC assurance of a target for each period (NHS England 'Making Data Count').

Targets glue only: the XmR limits and the assurance rule are `models.indicators.spc`'s (the
project's one implementation). Each period with at least `min_points` points up to it is charted
on those points alone (an expanding origin: what the chart showed at that time), and takes the
assurance of its latest limits against the target: `consistently_pass`, `consistently_fail` or
`hit_and_miss` (`models.indicators.spc.ASSURANCE_LABELS`); shorter series are null.
Reference: NHSRplotthedots R/ptd_calculate_assurance_type.R.
"""

from __future__ import annotations

import polars as pl

from models.indicators.spc import spc

MIN_POINTS = 12
DIRECTIONS = {"higher_is_better": "increase", "lower_is_better": "decrease"}


def assurance(frame: pl.DataFrame, keys: list[str], min_points: int = MIN_POINTS) -> pl.Series:
    """Assurance per row of `frame` (keys, x, value, target_value, polarity); null if too short."""
    indexed = frame.select(*keys, "x", "value", "target_value", "polarity").with_row_index("_r")
    points = indexed.filter(pl.col("value").is_not_null() & pl.col("x").is_not_null())
    points = points.with_columns(pl.col("x").rank("ordinal").over(keys).alias("_n"))
    origins = points.filter(pl.col("_n") >= min_points).select(
        *keys,
        pl.col("_r").alias("_origin"),
        pl.col("_n").alias("_origin_n"),
        pl.col("target_value").alias("_target"),
    )
    prefixes = points.drop("target_value").join(origins, on=keys, nulls_equal=True)
    prefixes = prefixes.filter(pl.col("_n") <= pl.col("_origin_n"))
    labels = [pl.DataFrame(schema={"_r": pl.UInt32, "assurance": pl.String})]
    for polarity, direction in DIRECTIONS.items():
        part = prefixes.filter(pl.col("polarity") == polarity)
        if part.is_empty():
            continue
        charted = spc(part, "value", "x", [*keys, "_origin"], improvement_direction=direction,
                      target="_target")  # fmt: skip
        latest = charted.filter(pl.col("_n") == pl.col("_origin_n"))
        labels.append(latest.select(pl.col("_origin").alias("_r"), "assurance"))
    out = indexed.select("_r").join(pl.concat(labels), on="_r", how="left").sort("_r")
    return out.get_column("assurance")
