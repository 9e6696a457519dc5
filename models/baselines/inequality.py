"""Deprivation gradient within a place: value by IMD quintile, SII and RII (PM phe_sii).

Two bases, told apart by `quintile_basis`:
- 'national': each LSOA's England-wide IMD quintile (from its published decile). A place need
  not have all five, and phe_sii needs every quantile, so the SII is null where one is missing.
- 'local': the PHOF within-area method (A01c / 0.2iii ranks a place's own small areas by
  deprivation into local deciles). The place's LSOAs are ranked by IMD (national rank,
  1 = most deprived, which orders them as the score does), and each goes to the quintile in
  which the midpoint of its cumulative population share falls: q = floor(5 * (C - p/2) / P) + 1,
  with p its population (the indicator's denominator), C the running total up to and including
  it, P the place total. Each quintile holds about a fifth of the population, so all five are
  present wherever the place has at least five LSOAs of similar size.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from models.baselines.aggregation import SERIES, recompute
from models.indicators.inequality import sii

GROUP = ["place_code", *SERIES]
BASIS_GROUP = [*GROUP, "quintile_basis"]
REPETITIONS = 5_000  # Monte-Carlo draws for SII/RII CIs (PM default 100,000)
QUINTILES = 5
INDICES = ["sii", "sii_lower_95", "sii_upper_95", "rii", "rii_lower_95", "rii_upper_95",
           "sii_intercept"]  # fmt: skip


def member_imd_quintiles(imd: pl.DataFrame) -> pl.DataFrame:
    """LSOA -> national IMD quintile (1 = most deprived) and national IMD rank, latest IoD."""
    latest = pl.col("iod_edition") == pl.col("iod_edition").max().over("lsoa_vintage")
    rank = pl.col("imd_rank") if "imd_rank" in imd.columns else pl.lit(None)
    return imd.filter(latest & pl.col("imd_decile").is_not_null()).select(
        pl.lit("lsoa").alias("member_type"), pl.col("lsoa_code").alias("member_code"),
        pl.col("lsoa_vintage").alias("vintage"), "iod_edition",
        ((pl.col("imd_decile") + 1) // 2).cast(pl.Int64).alias("imd_quintile"),
        rank.cast(pl.Int64).alias("imd_rank"),
    )  # fmt: skip


def local_quintiles(
    members: pl.DataFrame,
    by: Sequence[str],
    rank: str = "imd_rank",
    population: str = "denominator",
    quantiles: int = QUINTILES,
) -> pl.DataFrame:
    """`members` with `local_quintile`: within each `by` group, ranked by `rank` (1 = most
    deprived), the quantile in which each member's cumulative population midpoint falls.

    q = floor(n * (C - p/2) / P) + 1 for population p, running total C (this member included,
    most deprived first) and group total P; a midpoint exactly on a boundary goes to the less
    deprived quantile. Null where the rank or a positive population is missing, or the group
    has fewer than n such members (as PM phe_quantile, which needs n small areas).
    """
    by = list(by)
    ok = pl.col(rank).is_not_null() & (pl.col(population) > 0)
    ranked = members.filter(ok).sort([*by, rank, "member_code"])
    p = pl.col(population)
    midpoint = (p.cum_sum().over(by) - p / 2) / p.sum().over(by)
    quintile = (midpoint * quantiles).floor().cast(pl.Int64) + 1
    ranked = ranked.with_columns(
        pl.when(pl.len().over(by) >= quantiles)
        .then(quintile.clip(1, quantiles))
        .alias("local_quintile")
    )
    rest = members.filter(~ok.fill_null(False)).with_columns(
        pl.lit(None, pl.Int64).alias("local_quintile")
    )
    return pl.concat([ranked, rest], how="vertical_relaxed")


def deprivation_gradient(
    member_counts: pl.DataFrame, membership: pl.DataFrame, member_quintiles: pl.DataFrame
) -> pl.DataFrame:
    """Per place x indicator (latest period) x quintile basis: value by IMD quintile and
    SII/RII with 95% CIs; 'local' rows only where `member_quintiles` has an `imd_rank`."""
    latest = pl.col("period_sortable") == pl.col("period_sortable").max().over("indicator_id")
    member_counts = member_counts.filter(latest)
    keys = [c for c in ("member_type", "member_code", "vintage") if c in member_counts.columns]
    places = membership.filter(pl.col("area_type") == "district_ua").select(
        *keys, pl.col("area_code").alias("place_code"), pl.col("area_name").alias("place_name"),
        "weight",
    )  # fmt: skip
    ranks = ["imd_rank"] if "imd_rank" in member_quintiles.columns else []
    d = member_counts.join(places, on=keys, nulls_equal=True).join(
        member_quintiles.select(*keys, "imd_quintile", *ranks, "iod_edition"), on=keys,
        nulls_equal=True,
    )  # fmt: skip
    d = d.with_columns(pl.col("count") * pl.col("weight"), pl.col("denominator") * pl.col("weight"))
    parts = [_basis(d, "national")]
    if ranks:
        local = local_quintiles(d, GROUP).filter(pl.col("local_quintile").is_not_null())
        parts.append(
            _basis(local.with_columns(pl.col("local_quintile").alias("imd_quintile")), "local")
        )
    parts = [p for p in parts if p.height]
    return pl.concat(parts, how="diagonal_relaxed") if parts else pl.DataFrame()


def _basis(d: pl.DataFrame, basis: str) -> pl.DataFrame:
    """Value by `imd_quintile` per place x series, with population shares and SII/RII."""
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
        pl.lit(basis).alias("quintile_basis"),
        (pl.col("denominator") / pl.col("denominator").sum().over(GROUP)).alias("population_share"),
        pl.col("imd_quintile").n_unique().over(GROUP).alias("_k"),
    )
    return out.join(_indices(out), on=BASIS_GROUP, how="left").drop("_k")


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
    rows = rows.filter(usable.all().over(BASIS_GROUP) & (pl.col("_k") == QUINTILES))
    if rows.is_empty():
        return pl.DataFrame(
            schema={
                **{c: rows.schema[c] for c in BASIS_GROUP},
                **dict.fromkeys(INDICES, pl.Float64),
            }
        )
    out = sii(rows, "imd_quintile", "denominator", "value", BASIS_GROUP, lower="lower_95",
              upper="upper_95", confidence=0.95, multiplier=-1, repetitions=REPETITIONS,
              seed=20190926)  # fmt: skip
    return out.rename({"intercept": "sii_intercept"}).select(*BASIS_GROUP, *INDICES)


def missing_places(places: pl.DataFrame, gradient: pl.DataFrame, note: str) -> pl.DataFrame:
    """One note row for each place with no deprivation-gradient rows."""
    have = gradient.select("place_code").unique() if gradient.height else places.clear()
    return places.join(have, on="place_code", how="anti").with_columns(pl.lit(note).alias("note"))
