"""Quintile / quartile / decile categories (FT ValueCategoriesCalculator, PM phe_quantile)."""

from __future__ import annotations

import polars as pl

MIN_VALUES = 5


def quantile_categories(
    df: pl.DataFrame,
    value: str,
    categories: int,
    polarity: str | int | None = None,
    group_by: list[str] | None = None,
    min_values: int = MIN_VALUES,
) -> pl.DataFrame:
    """Category 1..k by linear-interpolated percentile bounds; 1 = best when polarity given."""
    v = pl.col(value).cast(pl.Float64)
    over = group_by or None

    def win(expr: pl.Expr) -> pl.Expr:
        return expr.over(over) if over else expr

    above = [
        (v > win(v.quantile(i / categories, interpolation="linear")).round(10)).cast(pl.Int32)
        for i in range(1, categories)
    ]
    category = 1 + pl.sum_horizontal(above)
    enough = win(v.count()) >= min_values
    if isinstance(polarity, str) and polarity in df.columns:
        pol = pl.col(polarity)
    else:
        pol = pl.lit({"high_is_good": 1, "low_is_good": 0}.get(polarity, polarity))
    category = pl.when(pol == 1).then(categories + 1 - category).otherwise(category)
    category = pl.when(enough & v.is_not_null()).then(category).otherwise(0).cast(pl.Int32)
    name = {4: "Quartile", 5: "Quintile", 10: "Decile"}.get(categories, "Category")
    label = (
        pl.when(category == 0)
        .then(pl.lit("Not compared"))
        .otherwise(pl.format(f"{name} {{}}", category))
    )
    return df.with_columns(category.alias("category"), label.alias("comparison"))
