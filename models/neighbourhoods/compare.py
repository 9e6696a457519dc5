"""Each area against its place and England (95% and 99.8%), and its rank within the place."""

from __future__ import annotations

import polars as pl

from models.indicators.comparisons import compare

SERIES = ["indicator_id", "sex", "age", "period"]
WITHIN = ("ward", "neighbourhood", "gp", "pcn", "lsoa")


def area_places(hierarchy: pl.DataFrame) -> pl.DataFrame:
    """area_code, area_type -> place_code (the local authority holding most of its members)."""
    place_of = hierarchy.filter(pl.col("area_type") == "district_ua").select(
        "member_type", "member_code", "vintage", pl.col("area_code").alias("place_code"),
        pl.col("weight").alias("_w"),
    )  # fmt: skip
    areas = hierarchy.filter(pl.col("area_type").is_in(WITHIN)).select(
        "member_type", "member_code", "vintage", "area_code", "area_type", "weight"
    )
    j = areas.join(place_of, on=["member_type", "member_code", "vintage"], nulls_equal=True)
    share = j.group_by("area_code", "area_type", "place_code").agg(
        (pl.col("weight") * pl.col("_w")).sum().alias("_s")
    )
    return (
        share.sort("_s", "place_code", descending=[True, False])
        .unique(["area_code", "area_type"], keep="first")
        .drop("_s")
    )


def _label(frame: pl.DataFrame, benchmark: str, method: str, out: str) -> pl.DataFrame:
    has = pl.col(benchmark).is_not_null() & pl.col("lower_95").is_not_null()
    rows = frame.filter(has)
    if rows.height:
        rows = compare(rows, "value", "lower_95", "upper_95", benchmark, "polarity_code", method)
        rows = rows.with_columns(pl.col("comparison").replace({"Best": "Better", "Worst": "Worse"}))
        rows = rows.rename({"comparison": out})
    rest = frame.filter(~has).with_columns(pl.lit("Not compared").alias(out))
    return pl.concat([rows, rest], how="diagonal_relaxed")


def compare_to_place(values: pl.DataFrame, places: pl.DataFrame) -> pl.DataFrame:
    """Add place_code, place_value, compared_to_place(_99_8), compared_to_england_99_8,
    rank_in_place and areas_in_place (1 = best; with no polarity, 1 = highest value)."""
    out = values.drop("place_code", strict=False).join(places, on=["area_code", "area_type"],
                                                       how="left")  # fmt: skip
    place_rows = values.filter(pl.col("area_type") == "district_ua").select(
        *SERIES, pl.col("area_code").alias("place_code"), pl.col("value").alias("place_value")
    ).unique([*SERIES, "place_code"])  # fmt: skip
    out = out.with_columns(
        pl.when(pl.col("area_type") == "district_ua").then("area_code")
        .otherwise("place_code").alias("place_code")
    ).join(place_rows, on=[*SERIES, "place_code"], how="left")  # fmt: skip
    out = out.with_row_index("_row")
    cmp = out.select("_row", "value", "lower_95", "upper_95", "lower_99_8", "upper_99_8",
                     "place_value", "england_value", "polarity_code", "area_type")  # fmt: skip
    own = cmp.filter(pl.col("area_type") != "district_ua")
    labels = _label(own, "place_value", "ci95", "compared_to_place")
    labels = _label(labels, "place_value", "ci99_8", "compared_to_place_99_8")
    labels = labels.select("_row", "compared_to_place", "compared_to_place_99_8")
    eng = _label(cmp.filter(pl.col("area_type") != "england"), "england_value", "ci99_8",
                 "compared_to_england_99_8").select("_row", "compared_to_england_99_8")  # fmt: skip
    out = out.join(labels, on="_row", how="left").join(eng, on="_row", how="left")
    order = pl.when(pl.col("polarity_code") == 0).then(pl.col("value")).otherwise(-pl.col("value"))
    group = [*SERIES, "area_type", "place_code"]
    ranked = pl.col("place_code").is_not_null() & pl.col("area_type").is_in(WITHIN)
    return out.with_columns(
        pl.when(ranked).then(order.rank("min").over(group)).cast(pl.Int64).alias("rank_in_place"),
        pl.when(ranked).then(pl.len().over(group)).cast(pl.Int64).alias("areas_in_place"),
        *(pl.col(c).fill_null("Not compared") for c in
          ("compared_to_place", "compared_to_place_99_8", "compared_to_england_99_8")),
    ).drop("_row")  # fmt: skip
