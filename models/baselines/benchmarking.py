"""Benchmarks for indicator values: England/region values, comparisons, quintiles, peer ranks."""

from __future__ import annotations

import polars as pl

from models.baselines.indicator_values import infer_multipliers
from models.baselines.vocab import (
    ENGLAND_CODE,
    comparison_method_expr,
    polarity_code_expr,
)
from models.indicators.comparisons import compare

SERIES = ["indicator_id", "sex", "age", "period"]
PEERS = [*SERIES, "area_type"]
MIN_VOTES = 10
MIN_QUANTILE_VALUES = 5


def attach_metadata(values: pl.DataFrame, metadata: pl.DataFrame | None) -> pl.DataFrame:
    """Add value_type, multiplier, polarity_code/source and comparison_method/source."""
    cols = {"value_type": pl.String, "multiplier": pl.Float64, "polarity": pl.String,
            "comparator_method": pl.String}  # fmt: skip
    meta = metadata if metadata is not None else pl.DataFrame(schema={"indicator_id": pl.Int64})
    if "multiplier" not in meta.columns and "unit" in meta.columns:
        meta = meta.with_columns(pl.col("unit").cast(pl.Float64, strict=False).alias("multiplier"))
    meta = meta.with_columns(
        pl.col("indicator_id").cast(pl.Int64),
        *(pl.lit(None, dtype=t).alias(c) for c, t in cols.items() if c not in meta.columns),
    ).select("indicator_id", *(pl.col(c).cast(t) for c, t in cols.items()))
    meta = meta.unique("indicator_id", keep="first")
    out = values.drop(list(cols), strict=False).join(meta, on="indicator_id", how="left")
    out = out.join(infer_multipliers(out), on="indicator_id", how="left")
    method = comparison_method_expr("comparator_method")
    return out.with_columns(
        pl.coalesce("multiplier", "inferred_multiplier").alias("multiplier"),
        polarity_code_expr("polarity").alias("polarity_code"),
        pl.coalesce(method, pl.lit("ci95")).alias("comparison_method"),
        pl.when(method.is_null())
        .then(pl.lit("default_ci95"))
        .otherwise(pl.lit("metadata"))
        .alias("comparison_method_source"),
    ).drop("inferred_multiplier", "polarity", "comparator_method")


def attach_benchmarks(values: pl.DataFrame, area_regions: pl.DataFrame | None) -> pl.DataFrame:
    """Add region_code, England and region values (with their 95% CIs) for the same series."""
    bench_cols = ["value", "lower_95", "upper_95"]

    def benchmark(rows: pl.DataFrame, prefix: str, code: str) -> pl.DataFrame:
        return rows.select(*SERIES, pl.col("area_code").alias(code),
                           *(pl.col(c).alias(f"{prefix}_{c}") for c in bench_cols)
                           ).unique([*SERIES, code], keep="first")  # fmt: skip

    eng = benchmark(values.filter(pl.col("area_code") == ENGLAND_CODE), "england", "_eng")
    reg = benchmark(values.filter(pl.col("area_type") == "region"), "region", "region_code")
    parent_region = pl.when(pl.col("parent_code").str.starts_with("E12")).then("parent_code")
    out = values.with_columns(parent_region.alias("region_code"))
    if area_regions is not None and area_regions.height:
        lookup = area_regions.select("area_code", pl.col("region_code").alias("_lk_region"))
        out = out.join(lookup.unique("area_code"), on="area_code", how="left")
        out = out.with_columns(pl.coalesce("region_code", "_lk_region").alias("region_code"))
        out = out.drop("_lk_region")
    out = out.with_columns(
        pl.when(pl.col("area_type").is_in(["england", "region"])).then(None)
        .otherwise("region_code").alias("region_code")
    )  # fmt: skip
    out = out.join(eng.drop("_eng"), on=SERIES, how="left")
    return out.join(reg, on=[*SERIES, "region_code"], how="left")


def infer_polarity(values: pl.DataFrame) -> pl.DataFrame:
    """Fill unknown polarity from published Better/Worse labels (>= 95% of >= 10 votes agree).

    Where nothing can be inferred the polarity is 99 (no judgement: Higher/Lower).
    """
    lab, v, e = pl.col("published_compared_to_england"), pl.col("value"), pl.col("england_value")
    low_good = ((lab == "Better") & (v < e)) | ((lab == "Worse") & (v > e))
    high_good = ((lab == "Better") & (v > e)) | ((lab == "Worse") & (v < e))
    votes = values.group_by("indicator_id").agg(
        low_good.sum().alias("_low"), high_good.sum().alias("_high")
    )
    total = pl.col("_low") + pl.col("_high")
    inferred = (
        pl.when((total >= MIN_VOTES) & (pl.col("_low") >= 0.95 * total)).then(0)
        .when((total >= MIN_VOTES) & (pl.col("_high") >= 0.95 * total)).then(1)
    )  # fmt: skip
    votes = votes.select("indicator_id", inferred.alias("_inferred"))
    out = values.join(votes, on="indicator_id", how="left")
    return out.with_columns(
        pl.when(pl.col("polarity_code").is_not_null()).then(pl.lit("metadata"))
        .when(pl.col("_inferred").is_not_null()).then(pl.lit("inferred_from_published"))
        .otherwise(pl.lit("unknown_no_judgement")).alias("polarity_source"),
        pl.coalesce("polarity_code", "_inferred", pl.lit(99)).cast(pl.Int64).alias("polarity_code"),
    ).drop("_inferred")  # fmt: skip


def _compare_all(values: pl.DataFrame, benchmark: str, out_col: str) -> pl.DataFrame:
    """Fingertips comparison against `benchmark`, method by method (quantile methods: none)."""
    parts = []
    for (method,), rows in values.group_by(["comparison_method"], maintain_order=True):
        if method in ("ci95", "ci99_8", "ci_two_levels"):
            rows = compare(rows, "value", "lower_95", "upper_95", benchmark,
                           "polarity_code", method).rename({"comparison": out_col})  # fmt: skip
        else:
            rows = rows.with_columns(pl.lit("Not compared").alias(out_col))
        parts.append(rows)
    out = pl.concat(parts, how="diagonal_relaxed") if parts else values
    return out.with_columns(pl.col(out_col).replace({"Best": "Better", "Worst": "Worse"}))


def compare_to_benchmarks(values: pl.DataFrame) -> pl.DataFrame:
    """compared_to_england / compared_to_region in Fingertips words, and comparison_source.

    Where no CI exists the published Fingertips label is carried (comparison_source
    'published'); otherwise it is recomputed here ('recomputed').
    """
    out = _compare_all(values, "england_value", "_eng_cmp")
    out = _compare_all(out, "region_value", "_reg_cmp")
    has_ci = pl.col("lower_95").is_not_null() & pl.col("upper_95").is_not_null()
    pub_eng, pub_reg = pl.col("published_compared_to_england"), "published_compared_to_region"
    own = pl.col("area_type") == "england"
    return out.with_columns(
        pl.when(own).then(pl.lit("Not compared")).when(has_ci).then("_eng_cmp")
        .otherwise(pl.coalesce(pub_eng, pl.lit("Not compared"))).alias("compared_to_england"),
        pl.when(own).then(pl.lit("Not compared")).when(has_ci).then("_reg_cmp")
        .otherwise(pl.coalesce(pub_reg, pl.lit("Not compared"))).alias("compared_to_region"),
        pl.when(own).then(pl.lit("none")).when(has_ci).then(pl.lit("recomputed"))
        .when(pub_eng.is_not_null()).then(pl.lit("published")).otherwise(pl.lit("none"))
        .alias("comparison_source"),
    ).drop("_eng_cmp", "_reg_cmp")  # fmt: skip


def peer_positions(values: pl.DataFrame) -> pl.DataFrame:
    """Quintile (1 = best; 1 = lowest without polarity) and rank among same-type areas.

    Same rule as models.indicators.quantile_categories(method="fingertips") (FT
    ValueCategoriesCalculator: bounds by linear interpolation rounded to 10 dp, >= 5 values),
    computed per group then joined.
    """
    ranked = values.filter(pl.col("value").is_not_null() & (pl.col("area_type") != "england"))
    v = pl.col("value")
    bounds = ranked.group_by(PEERS).agg(
        *(v.quantile(i / 5, interpolation="linear").round(10).alias(f"_q{i}") for i in range(1, 5)),
        pl.len().alias("peer_count"),
    )
    pol = pl.col("polarity_code")
    category = 1 + pl.sum_horizontal((v > pl.col(f"_q{i}")).cast(pl.Int64) for i in range(1, 5))
    category = pl.when(pol == 1).then(6 - category).otherwise(category)
    order = pl.when(pol == 1).then(-v).otherwise(v)
    out = ranked.join(bounds, on=PEERS, how="left").with_columns(
        pl.when(pl.col("peer_count") >= MIN_QUANTILE_VALUES).then(category).otherwise(0)
        .cast(pl.Int64).alias("quintile"),
        order.rank("min").over(PEERS).cast(pl.Int64).alias("peer_rank"),
        pl.col("peer_count").cast(pl.Int64),
    ).select(*PEERS, "area_code", "quintile", "peer_rank", "peer_count")  # fmt: skip
    return values.join(out, on=[*PEERS, "area_code"], how="left").with_columns(
        pl.col("quintile").fill_null(0)
    )


def best_quintile_values(values: pl.DataFrame) -> pl.DataFrame:
    """Per peer group, the boundary of the best quintile (20th/80th percentile by polarity)."""
    ok = values.filter(pl.col("value").is_not_null() & (pl.col("area_type") != "england"))
    pol = pl.col("polarity_code").first()
    return ok.group_by(PEERS).agg(
        pl.when(pol == 1).then(pl.col("value").quantile(0.8, interpolation="linear"))
        .when(pol == 0).then(pl.col("value").quantile(0.2, interpolation="linear"))
        .alias("best_quintile_value"),
        pl.len().alias("_n"),
    ).filter(pl.col("_n") >= 5).drop("_n")  # fmt: skip
