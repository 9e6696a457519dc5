"""Statistical disclosure control for published counts.

NHS practice (and the brief): counts 1 to 7 are suppressed, other counts are rounded to the
nearest 5. Zero is not disclosive and is kept. Both thresholds are parameters.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl


def protected_count(column: str, suppress_below: int = 8, round_to: int = 5) -> pl.Expr:
    """Expression: `column` with 1..suppress_below-1 set to null and the rest rounded to `round_to`."""
    raw = pl.col(column)
    rounded = ((raw.cast(pl.Float64) / round_to).round(0) * round_to).cast(pl.Int64)
    return (
        pl.when(raw.is_null())
        .then(None)
        .when((raw > 0) & (raw < suppress_below))
        .then(None)
        .otherwise(rounded if round_to > 1 else raw.cast(pl.Int64))
        .alias(column)
    )


def apply_disclosure_control(
    frame: pl.DataFrame,
    count_columns: Sequence[str],
    suppress_below: int = 8,
    round_to: int = 5,
) -> pl.DataFrame:
    """Suppress and round every column in `count_columns`, adding `<col>_suppressed` flags."""
    flags = [
        ((pl.col(c) > 0) & (pl.col(c) < suppress_below)).fill_null(False).alias(f"{c}_suppressed")
        for c in count_columns
    ]
    protected = [protected_count(c, suppress_below, round_to) for c in count_columns]
    return frame.with_columns(flags).with_columns(protected)


def is_disclosure_safe(
    frame: pl.DataFrame, count_columns: Sequence[str], suppress_below: int = 8, round_to: int = 5
) -> dict[str, int]:
    """Number of rows per column that break the rule (small non-zero counts or unrounded counts)."""
    breaches: dict[str, int] = {}
    for c in count_columns:
        col = pl.col(c)
        bad = ((col > 0) & (col < suppress_below)) | (col % round_to != 0)
        breaches[c] = int(frame.select(bad.fill_null(False).sum()).item())
    return breaches
