"""Area values of the catalogue's indicators: LSOA members summed or weighted up the hierarchy."""

from __future__ import annotations

import numpy as np
import polars as pl
from scipy import stats

from models.baselines.aggregation import aggregate_to_areas
from models.neighbourhoods.catalogue import BY_ID

AREA_TYPES = ("ward", "neighbourhood", "district_ua", "sub_icb", "icb", "region", "england")
AREA = ["area_code", "area_type"]


def lsoa_areas(hierarchy: pl.DataFrame) -> pl.DataFrame:
    """The LSOA -> area rows of the hierarchy for the area types that get baselines."""
    return hierarchy.filter(
        (pl.col("member_type") == "lsoa") & pl.col("area_type").is_in(AREA_TYPES)
    )


def weighted_means(members: pl.DataFrame, hierarchy: pl.DataFrame) -> pl.DataFrame:
    """Population-weighted mean per area with 95% / 99.8% limits from the between-LSOA spread.

    With weights w and values x: mean m = sum(wx)/sum(w); effective n = sum(w)^2/sum(w^2);
    s^2 = (sum(wx^2)/sum(w) - m^2) * n/(n-1); limits m -/+ t(n-1) s/sqrt(n). One LSOA or no spread: no CI.
    """
    areas = lsoa_areas(hierarchy).select(
        pl.col("member_code"), "vintage", *AREA, "area_name", "parent_code",
        "attribution_method", pl.col("weight").alias("_share"),
    )  # fmt: skip
    j = members.join(areas, on=["member_code", "vintage"])
    w = pl.col("weight") * pl.col("_share")
    x = pl.col("value")
    out = j.group_by(["indicator_id", *AREA]).agg(
        w.sum().alias("_sw"), (w * x).sum().alias("_swx"), (w * x * x).sum().alias("_swxx"),
        (w * w).sum().alias("_sww"), pl.col("area_name").first(), pl.col("parent_code").first(),
        pl.col("attribution_method").first(), pl.len().alias("members"),
    )  # fmt: skip
    sw, swx, swxx, sww = (out[c].to_numpy() for c in ("_sw", "_swx", "_swxx", "_sww"))
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = swx / sw
        n = sw * sw / sww
        var = np.clip(swxx / sw - mean * mean, 0, None) * n / (n - 1)
        se = np.sqrt(var / n)
        limits = {}
        for suffix, level in (("95", 0.95), ("99_8", 0.998)):
            t = stats.t.ppf((1 + level) / 2, n - 1)
            # One LSOA, or LSOAs all alike (values modelled on a coarse grid): no interval.
            ok = (n > 1.5) & (se > 1e-12 * np.maximum(np.abs(mean), 1.0))
            limits[f"lower_{suffix}"] = np.where(ok, mean - t * se, np.nan)
            limits[f"upper_{suffix}"] = np.where(ok, mean + t * se, np.nan)
    out = out.with_columns(
        pl.Series("value", mean), pl.Series("denominator", sw),
        *(pl.Series(k, v).fill_nan(None) for k, v in limits.items()),
    ).drop("_sw", "_swx", "_swxx", "_sww")  # fmt: skip
    return _describe(out).with_columns(
        pl.lit("aggregated_from_lsoa").alias("value_source"),
        pl.lit("recomputed").alias("ci_source"),
    )


def _describe(frame: pl.DataFrame) -> pl.DataFrame:
    """Add the catalogue's series columns (name, period, value type) to area rows."""
    ids = frame["indicator_id"].unique().to_list()
    meta = pl.DataFrame({
        "indicator_id": ids,
        "indicator_name": [BY_ID[i].name for i in ids],
        "period": [BY_ID[i].period for i in ids],
    }, schema={"indicator_id": pl.Int64, "indicator_name": pl.String, "period": pl.String})  # fmt: skip
    return frame.join(meta, on="indicator_id").with_columns(
        pl.lit("Persons").alias("sex"), pl.lit("All ages").alias("age"),
        (pl.col("period").cast(pl.Int64) * 10_000).alias("period_sortable"),
        pl.lit("####").alias("period_type"), pl.lit("Mean").alias("value_type"),
        pl.lit(1.0).alias("multiplier"),
    )  # fmt: skip


def area_values(
    scores: pl.DataFrame, counts: pl.DataFrame, hierarchy: pl.DataFrame
) -> pl.DataFrame:
    """Every catalogue indicator for every ward, neighbourhood, place and larger area."""
    areas = lsoa_areas(hierarchy)
    parts = [weighted_means(scores, areas)]
    if counts.height:
        parts.append(aggregate_to_areas(counts, areas))
    return pl.concat(parts, how="diagonal_relaxed")
