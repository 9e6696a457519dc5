"""Vectorised value checks on string frames: each failure names the first bad row and column."""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from sources.errors import IngestError

_THOUSANDS = r"^\s*-?\d{1,3}(,\d{3})+(\.\d*)?\s*$"


ROW = "source_row"  # optional column: the 1-based data row in the file, kept through filters


def first_row(mask: pl.Series) -> int | None:
    """1-based position of the first True in `mask`, or None."""
    hits = mask.fill_null(False).arg_true()
    return None if hits.is_empty() else int(hits[0]) + 1


def file_row(frame: pl.DataFrame, position: int) -> int:
    """The file's data row for a 1-based position in `frame` (uses the ROW column if present)."""
    return int(frame[ROW][position - 1]) if ROW in frame.columns else position


def to_numbers(
    frame: pl.DataFrame, label: str, spec: dict[str, type[pl.DataType] | pl.DataType]
) -> pl.DataFrame:
    """Cast string columns to Int64/Float64 strictly; thousands separators ("29,199") allowed."""
    out = []
    for column, dtype in spec.items():
        text = frame[column]
        if text.str.contains(",", literal=True).any():
            text = (
                pl.select(
                    pl.when(text.str.contains(_THOUSANDS))
                    .then(text.str.replace_all(",", "", literal=True))
                    .otherwise(text)
                )
                .to_series()
                .alias(column)
            )
        number = text.str.strip_chars().cast(pl.Float64, strict=False)
        bad = text.is_not_null() & number.is_null()
        if dtype == pl.Int64:
            bad = bad | (number.is_not_null() & (number.round(0) != number))
        row = first_row(bad)
        if row is not None:
            value = frame[column][row - 1]
            kind = "non-numeric" if number[row - 1] is None else "non-integer"
            raise IngestError(label, f"{kind} value {value!r}", file_row(frame, row), column)
        out.append(number.cast(dtype).alias(column))
    return frame.with_columns(out)


def require_values(frame: pl.DataFrame, label: str, columns: Sequence[str]) -> None:
    """Every listed column is non-null in every row."""
    for column in columns:
        row = first_row(frame[column].is_null())
        if row is not None:
            raise IngestError(label, "missing value", file_row(frame, row), column)


def require_pattern(
    frame: pl.DataFrame, label: str, column: str, pattern: str, what: str, optional: bool = False
) -> None:
    """Every value of `column` matches `pattern` (nulls allowed only when optional)."""
    values = frame[column]
    bad = ~values.str.contains(pattern)
    bad = bad.fill_null(not optional)
    row = first_row(bad)
    if row is not None:
        value = values[row - 1]
        message = f"malformed {what} {value!r} (expected {pattern})"
        raise IngestError(label, message, file_row(frame, row), column)


def require_unique(frame: pl.DataFrame, label: str, keys: Sequence[str]) -> None:
    """No two rows share the key; the error names the second occurrence."""
    duplicated = frame.select(pl.struct(list(keys)).is_first_distinct().not_()).to_series()
    row = first_row(duplicated)
    if row is not None:
        key = {k: frame[k][row - 1] for k in keys}
        raise IngestError(label, f"duplicate key {key}", file_row(frame, row), ", ".join(keys))
