"""Fixed-layout CSVs read into typed snake_case tables: the shared step of the supplementary readers."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from sources import codes
from sources.checked_csv import read_text_csv
from sources.checked_values import (
    ROW,
    file_row,
    first_row,
    require_pattern,
    require_unique,
    require_values,
    to_numbers,
)
from sources.errors import IngestError
from sources.extracts import FileRead, SourceFile, label_of

Reader = Callable[[Path, list[SourceFile]], tuple[pl.DataFrame, list[FileRead]]]
ENGLAND_ONLY = "non-English rows excluded (England-only)"


@dataclass(frozen=True)
class Layout:
    """A file's headings → snake_case names, with its key, code patterns and numeric columns."""

    columns: dict[str, str]
    key: tuple[str, ...]
    codes: dict[str, str] = field(default_factory=dict)  # snake_case name → pattern (codes.py)
    numbers: dict[str, type[pl.DataType]] = field(default_factory=dict)
    values: dict[str, frozenset[str]] = field(default_factory=dict)  # allowed values
    optional: frozenset[str] = frozenset()  # code columns that may be blank
    england_by: str | None = None  # snake_case code column whose non-"E" rows are rejected
    constants: dict[str, int] = field(default_factory=dict)  # e.g. vintages, edition


def file_read(item: SourceFile, read: int, rejected: int, why: str = ENGLAND_ONLY) -> FileRead:
    """A file's accounting: rows read = loaded + rejected, with the reason for rejections."""
    note = f"{rejected} {why}" if rejected else ""
    return FileRead(item.path, item.sha256, read, read - rejected, rejected, note)


def check_deciles(frame: pl.DataFrame, label: str, columns: list[str]) -> None:
    """Deciles lie in 1-10 (nulls allowed)."""
    for column in columns:
        row = first_row(~frame[column].is_between(1, 10))
        if row is not None:
            value = frame[column][row - 1]
            raise IngestError(label, f"decile {value} outside 1-10", file_row(frame, row), column)


def edition_of(path: Path, label: str) -> int:
    """The IoD edition (2015, 2019, 2025) named in the file name."""
    found = re.search(r"IoD(\d{4})", path.name)
    if not found:
        raise IngestError(label, "cannot tell the IoD edition from the file name")
    return int(found[1])


def read_layout(path: Path, label: str, layout: Layout) -> tuple[pl.DataFrame, int, int]:
    """English rows of one file, checked, typed and renamed; (table, rows read, rows rejected)."""
    frame = read_text_csv(path, label, required=list(layout.columns), only_required=True)
    read = frame.height
    heading = {name: source for source, name in layout.columns.items()}
    frame = frame.with_row_index(ROW, offset=1)
    rejected = 0
    if layout.england_by:
        country = heading[layout.england_by]
        require_values(frame, label, [country])
        require_pattern(frame, label, country, codes.GSS_CODE, "GSS area code")
        english = frame[country].str.starts_with("E")
        rejected = int((~english).sum())
        frame = frame.filter(english)
    for name, pattern in layout.codes.items():
        what = name.replace("_", " ")
        require_pattern(frame, label, heading[name], pattern, what, name in layout.optional)
    for name, allowed in layout.values.items():
        row = first_row(~frame[heading[name]].is_in(sorted(allowed)))
        if row is not None:
            value = frame[heading[name]][row - 1]
            message = f"unexpected value {value!r} (expected one of {sorted(allowed)})"
            raise IngestError(label, message, file_row(frame, row), heading[name])
    require_values(frame, label, [heading[k] for k in layout.key])
    frame = to_numbers(frame, label, {heading[n]: t for n, t in layout.numbers.items()})
    require_unique(frame, label, [heading[k] for k in layout.key])
    table = frame.select(ROW, *layout.columns).rename(layout.columns)
    constants = [pl.lit(v, pl.Int64).alias(k) for k, v in layout.constants.items()]
    return table.with_columns(constants), read, rejected


def layout_reader(
    layout: Layout, check: Callable[[pl.DataFrame, str], None] | None = None
) -> Reader:
    """A reader of every file in one layout, stacked (`check` runs on each file's table)."""

    def read(data_dir: Path, files: list[SourceFile]) -> tuple[pl.DataFrame, list[FileRead]]:
        tables, reads = [], []
        for item in files:
            label = label_of(data_dir, item.path)
            table, read_rows, rejected = read_layout(item.path, label, layout)
            if check is not None:
                check(table, label)
            tables.append(table.drop(ROW))
            reads.append(file_read(item, read_rows, rejected))
        return pl.concat(tables, how="vertical"), reads

    return read
