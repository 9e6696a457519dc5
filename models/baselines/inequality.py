"""Deprivation gradient within a place: value by national IMD quintile, SII and RII (PM phe_sii)."""

from __future__ import annotations

import polars as pl

from models.baselines.aggregation import SERIES, recompute
from models.indicators.inequality import sii

GROUP = ["place_code", *SERIES]
REPETITIONS = 5_000  # Monte-Carlo draws for SII/RII CIs (PM default 100,000)
QUINTILES = 5
INDICES = ["sii", "sii_lower_95", "sii_upper_95", "rii", "rii_lower_95", "rii_upper_95",
           "sii_intercept"]  # fmt: skip


def member_imd_quintiles(imd: pl.DataFrame) -> pl.DataFrame:
    """LSOA -> national IMD quintile (1 = most deprived) from the latest IoD for each vintage."""
    latest = pl.col("iod_edition") == pl.col("iod_edition").max().over("lsoa_vintage")
    return imd.filter(latest & pl.col("imd_decile").is_not_null()).select(
        pl.lit("lsoa").alias("member_type"), pl.col("lsoa_code").alias("member_code"),
        pl.col("lsoa_vintage").alias("vintage"), "iod_edition",
        ((pl.col("imd_decile") + 1) // 2).cast(pl.Int64).alias("imd_quintile"),
    )  # fmt: skip


def deprivation_gradient(
    member_counts: pl.DataFrame, membership: pl.DataFrame, member_quintiles: pl.DataFrame
) -> pl.DataFrame:
    """Per place x indicator (latest period): value by IMD quintile, SII/RII with 95% CIs."""
    latest = pl.col("period_sortable") == pl.col("period_sortable").max().over("indicator_id")
    member_counts = member_counts.filter(latest)
    keys = [c for c in ("member_type", "member_code", "vintage") if c in member_counts.columns]
    places = membership.filter(pl.col("area_type") == "district_ua").select(
        *keys, pl.col("area_code").alias("place_code"), pl.col("area_name").alias("place_name"),
        "weight",
    )  # fmt: skip
    d = member_counts.join(places, on=keys, nulls_equal=True).join(
        member_quintiles.select(*keys, "imd_quintile", "iod_edition"), on=keys, nulls_equal=True
    )
    d = d.with_columns(pl.col("count") * pl.col("weight"), pl.col("denominator") * pl.col("weight"))
    by = [*GROUP, "imd_quintile"]
    out = recompute(d.select(*by, "count", "denominator"), by)
    if out.is_empty():
        return out
    names = d.group_by("place_code").agg(
        pl.col("place_name").first(),
        pl.col("iod_edition").max(),
        pl.col("member_type").first().alias("member_type"),
    )
    out = out.join(names, on="place_code").with_columns(
        (pl.col("denominator") / pl.col("denominator").sum().over(GROUP)).alias("population_share"),
        pl.col("imd_quintile").n_unique().over(GROUP).alias("_k"),
    )
    return out.join(_indices(out), on=GROUP, how="left").drop("_k")


def _indices(rows: pl.DataFrame) -> pl.DataFrame:
    """SII (most minus least deprived, value units), RII and intercept with 95% CIs per group.

    PM phe_sii with multiplier -1: SII = fitted(most deprived) - fitted(least deprived) and
    RII = fitted(most deprived) / fitted(least deprived); the intercept is the fitted value at the
    most deprived end. Groups need every IMD quintile with a population and 95% limits.
    """
    usable = (
        pl.col("lower_95").is_not_null()
        & pl.col("upper_95").is_not_null()
        & (pl.col("lower_95") < pl.col("upper_95"))
        & (pl.col("denominator") > 0)
    )
    rows = rows.filter(usable.all().over(GROUP) & (pl.col("_k") == QUINTILES))
    if rows.is_empty():
        return pl.DataFrame(
            schema={**{c: rows.schema[c] for c in GROUP}, **dict.fromkeys(INDICES, pl.Float64)}
        )
    out = sii(rows, "imd_quintile", "denominator", "value", GROUP, lower="lower_95",
              upper="upper_95", confidence=0.95, multiplier=-1, repetitions=REPETITIONS,
              seed=20190926)  # fmt: skip
    return out.rename({"intercept": "sii_intercept"}).select(*GROUP, *INDICES)


def missing_places(places: pl.DataFrame, gradient: pl.DataFrame, note: str) -> pl.DataFrame:
    """One note row for each place with no deprivation-gradient rows."""
    have = gradient.select("place_code").unique() if gradient.height else places.clear()
    return places.join(have, on="place_code", how="anti").with_columns(pl.lit(note).alias("note"))
