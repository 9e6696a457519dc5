"""Quantile categories: PM phe_quantile's rank rule, or Fingertips' percentile-bound rule.

`method="rank"` (PHEindicatormethods phe_quantile): within each group, rank the N non-null
values (ties take the lowest rank; `invert` ranks the negated values) and assign
q = floor(k + 1 - ceiling((N + 1 - rank) / (N / k))), 0 -> 1; null where N < k.
`method="fingertips"` (FT ValueCategoriesCalculator / QuintilesComparer): category 1..k by
linearly interpolated percentile bounds at (N-1)f + 1, rounded to 10 dp; fewer than 5 values
-> 0 "Not compared"; high-is-good reverses so 1 = best. `quantile_bounds` returns FT's bounds.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from models.indicators._common import as_list, require_columns

MIN_VALUES = 5
FT_MIN_BOUND_VALUES = 4  # FT AreEnoughValuesToCalculatePercentiles: more than 3 values
NAMES = {2: "Half", 3: "Tertile", 4: "Quartile", 5: "Quintile", 6: "Sextile", 7: "Septile"}
NAMES |= {8: "Octile", 10: "Decile", 12: "Duo-decile", 16: "Hexadecile", 20: "Ventile"}
POLARITY_WORDS = {"high_is_good": 1, "low_is_good": 0}


def _flag(df: pl.DataFrame, spec, groups: list[str], what: str) -> pl.Expr:
    """A polarity / invert column or constant as an expression; errors if it varies in a group."""
    if isinstance(spec, str) and spec in df.columns:
        varies = df.group_by(groups or pl.lit(0)).agg(pl.col(spec).n_unique().alias("_n"))
        if (varies["_n"] > 1).any():
            where = varies.filter(pl.col("_n") > 1).drop("_n").row(0) if groups else "(all rows)"
            raise ValueError(
                f"{spec}: {what} values must take the same value for each grouping set "
                f"(first varying group {where})"
            )
        return pl.col(spec)
    if isinstance(spec, str) and spec not in POLARITY_WORDS:
        raise ValueError(f"{spec}: {what} is not a column of the data")
    return pl.lit(POLARITY_WORDS.get(spec, spec))


def quantile_categories(
    df: pl.DataFrame,
    value: str,
    categories: int,
    polarity: str | int | None = None,
    group_by: str | Sequence[str] | None = None,
    *,
    method: str = "rank",
    invert: bool | str | None = None,
    min_values: int = MIN_VALUES,
) -> pl.DataFrame:
    """Append `category` (1..k) and `comparison` ("Quintile 2" / "Not compared").

    rank: `invert` (bool or column) as PM; when not given it follows `polarity` (low is good ->
    True, high is good -> False, none -> True, PM's default), so quantile 1 holds the worst
    values. fingertips: `polarity` 1 (high is good) makes 1 the best; `min_values` applies.
    """
    groups = as_list(group_by)
    require_columns(df, value, *groups)
    if not df.schema[value].is_numeric():
        raise ValueError(f"{value}: values argument must be a numeric column")
    if method not in ("rank", "fingertips"):
        raise ValueError("method must be 'rank' (PM phe_quantile) or 'fingertips'")
    pol = _flag(df, polarity, groups, "polarity") if polarity is not None else None
    over = groups or None

    def win(expr: pl.Expr) -> pl.Expr:
        return expr.over(over) if over else expr

    v = pl.col(value).cast(pl.Float64)
    if method == "rank":
        if invert is not None:
            inv = _flag(df, invert, groups, "invert").cast(pl.Boolean)
        else:
            inv = (pol != 1) if pol is not None else pl.lit(True)
        rank = win(pl.when(inv).then(-v).otherwise(v).rank("min")).cast(pl.Float64)
        n_values = win(v.count()).cast(pl.Float64)
        q = ((categories + 1) - ((n_values + 1 - rank) / (n_values / categories)).ceil()).floor()
        q = pl.when(q == 0).then(1).otherwise(q)
        category = pl.when(n_values >= categories).then(q).cast(pl.Int32)
        not_compared = category.is_null()
    else:
        above = [
            (v > win(v.quantile(i / categories, interpolation="linear")).round(10)).cast(pl.Int32)
            for i in range(1, categories)
        ]
        category = 1 + pl.sum_horizontal(above)
        if pol is not None:
            category = pl.when(pol == 1).then(categories + 1 - category).otherwise(category)
        enough = win(v.count()) >= min_values
        category = pl.when(enough & v.is_not_null()).then(category).otherwise(0).cast(pl.Int32)
        not_compared = category == 0
    name = NAMES.get(categories, "Category")
    label = (
        pl.when(not_compared)
        .then(pl.lit("Not compared"))
        .otherwise(pl.format(f"{name} {{}}", category))
    )
    return df.with_columns(category.alias("category")).with_columns(label.alias("comparison"))


def quantile_bounds(
    df: pl.DataFrame,
    value: str,
    categories: int,
    group_by: str | Sequence[str] | None = None,
) -> pl.DataFrame:
    """FT GetCategoryBounds per group: [min, the k-1 interpolated bounds, max] as `bounds`.

    Empty list where a group has fewer than 4 non-null values (FT needs more than 3).
    """
    groups = as_list(group_by)
    require_columns(df, value, *groups)
    v = pl.col(value).cast(pl.Float64).drop_nulls()
    cuts = [
        v.quantile(i / categories, interpolation="linear").round(10) for i in range(1, categories)
    ]
    bounds = pl.concat_list(v.min(), *cuts, v.max())
    enough = v.count() >= FT_MIN_BOUND_VALUES
    aggs = [
        pl.when(enough)
        .then(bounds)
        .otherwise(pl.lit([], dtype=pl.List(pl.Float64)))
        .alias("bounds")
    ]
    if groups:
        return df.group_by(groups, maintain_order=True).agg(*aggs)
    return df.select(*aggs)
