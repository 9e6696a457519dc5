"""Whole-area indicator values: one row per indicator x area x sex x age x period, CIs recomputed."""

from __future__ import annotations

import polars as pl

from models.baselines.vocab import area_type_expr, published_label_expr
from models.indicators.proportions import proportion
from models.indicators.rates import rate

KEY = ["indicator_id", "area_code", "area_type", "sex", "age", "period"]
RECOMPUTABLE = {"proportion": "proportion", "crude rate": "rate"}
_CI = ["lower_95", "upper_95", "lower_99_8", "upper_99_8"]


def _period_sortable() -> pl.Expr:
    """Fingertips sortable period (20180000 for 2018/19); derived from the label when missing."""
    derived = pl.col("period").str.extract(r"(\d{4})").cast(pl.Int64) * 10_000
    sortable = pl.col("time_period_sortable").cast(pl.Int64, strict=False)
    return pl.coalesce(sortable, derived).alias("period_sortable")


def whole_area_rows(fingertips: pl.DataFrame) -> pl.DataFrame:
    """Whole-area rows in our names, one per key: the best-filled row, published labels kept."""
    f = fingertips.filter(
        pl.col("category_type").is_null() | (pl.col("category_type").str.strip_chars() == "")
    ).filter(pl.col("area_code").is_not_null())
    f = f.rename({"time_period": "period", "lower_ci_95": "lower_95", "upper_ci_95": "upper_95",
                  "lower_ci_99_8": "lower_99_8", "upper_ci_99_8": "upper_99_8"})  # fmt: skip
    f = f.with_columns(
        area_type_expr("area_type").alias("area_type"),
        pl.col("indicator_id").cast(pl.Int64),
        pl.col("sex").fill_null("Persons"),
        pl.col("age").fill_null("All ages"),
        *(pl.col(c).cast(pl.Float64) for c in ["value", "count", "denominator", *_CI]),
        _period_sortable(),
        pl.col("period").str.replace_all(r"\d", "#").alias("period_type"),
        published_label_expr("compared_to_england").alias("published_compared_to_england"),
        published_label_expr("compared_to_region").alias("published_compared_to_region"),
        pl.col("compared_to_england").alias("published_compared_to_england_text"),
    )
    quality = (
        pl.col("value").is_not_null().cast(pl.Int8) * 4
        + pl.col("lower_95").is_not_null().cast(pl.Int8) * 2
        + pl.col("count").is_not_null().cast(pl.Int8)
    )
    slack = pl.col("value").abs() * 1e-4
    bad_ci = (pl.col("lower_95") > pl.col("value") + slack) | (
        pl.col("upper_95") < pl.col("value") - slack
    )
    f = f.with_columns(
        *(pl.when(bad_ci.fill_null(False)).then(None).otherwise(pl.col(c)).alias(c) for c in _CI)
    )
    f = f.with_columns(quality.alias("_quality")).sort("_quality", descending=True)
    labels = f.group_by(KEY).agg(
        pl.col(c).drop_nulls().first()
        for c in ["published_compared_to_england", "published_compared_to_region",
                  "published_compared_to_england_text", "recent_trend", "parent_code"]
    )  # fmt: skip
    keep = ["indicator_name", "area_name", "value", "count", "denominator", *_CI,
            "period_sortable", "period_type", "value_note"]  # fmt: skip
    best = f.unique(KEY, keep="first", maintain_order=True).select(*KEY, *keep)
    return best.join(labels, on=KEY, how="left").rename({"recent_trend": "published_recent_trend"})


def infer_multipliers(values: pl.DataFrame) -> pl.DataFrame:
    """Per indicator, the power of ten with value = count / denominator x multiplier."""
    ok = (pl.col("count") > 0) & (pl.col("denominator") > 0) & (pl.col("value") > 0)
    ratio = (pl.col("value") * pl.col("denominator") / pl.col("count")).log10().round(0)
    return (
        values.filter(ok)
        .group_by("indicator_id")
        .agg(ratio.median().round(0).alias("_exp"))
        .select("indicator_id", (10.0 ** pl.col("_exp")).alias("inferred_multiplier"))
    )


def recompute_confidence_intervals(values: pl.DataFrame) -> pl.DataFrame:
    """95% and 99.8% CIs from count/denominator (Wilson or Byar) where they reproduce the value.

    Needs value_type and multiplier columns; rows whose recomputed value differs from the
    published value (beyond rounding) keep the published CI. `ci_source` says which.
    """
    kind = pl.col("value_type").str.to_lowercase().replace_strict(RECOMPUTABLE, default=None)
    x, n = pl.col("count"), pl.col("denominator")
    base = (
        values.with_row_index("_row")
        .with_columns(kind.alias("_kind"))
        .with_columns(
            ((pl.col("_kind") == "proportion") & (x <= n) | (pl.col("_kind") == "rate"))
            .and_(x >= 0, n > 0, pl.col("multiplier").is_not_null(), pl.col("value").is_not_null())
            .fill_null(False)
            .alias("_can")
        )
    )
    parts = []
    for name, fn in (("proportion", proportion), ("rate", rate)):
        sub = base.filter(pl.col("_can") & (pl.col("_kind") == name))
        for mult in sub["multiplier"].unique().to_list():
            rows = sub.filter(pl.col("multiplier") == mult).select("_row", "count", "denominator")
            out = fn(rows, "count", "denominator", multiplier=mult)
            parts.append(out.select("_row", pl.col("value").alias("_rv"), *(
                pl.col(f"{b}_{s}").alias(f"_r_{b}_{s}") for s in ("95", "99_8")
                for b in ("lower", "upper"))))  # fmt: skip
    if not parts:
        return values.with_columns(_ci_source_expr(values))
    rec = pl.concat(parts)
    merged = base.join(rec, on="_row", how="left")
    tol = pl.max_horizontal(pl.col("value").abs() * 1e-3, pl.lit(0.051))
    match = ((pl.col("_rv") - pl.col("value")).abs() <= tol).fill_null(False)
    merged = merged.with_columns(
        *(pl.when(match).then(pl.col(f"_r_{c}")).otherwise(pl.col(c)).alias(c) for c in _CI),
        pl.when(match).then(pl.lit("recomputed")).alias("_rec"),
    )
    merged = merged.with_columns(pl.coalesce("_rec", _ci_source_expr(merged)).alias("ci_source"))
    return merged.drop("_row", "_kind", "_can", "_rv", "_rec", *(f"_r_{c}" for c in _CI))


def _ci_source_expr(frame: pl.DataFrame) -> pl.Expr:
    """'published' when the row carries a 95% CI, else 'none'."""
    return (
        pl.when(pl.col("lower_95").is_not_null() & pl.col("upper_95").is_not_null())
        .then(pl.lit("published"))
        .otherwise(pl.lit("none"))
        .alias("ci_source")
    )
