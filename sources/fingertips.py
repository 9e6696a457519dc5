"""Fingertips bulk CSV files (the API's all_data/csv layout) and the indicator metadata."""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl

from sources.checked_csv import read_text_csv
from sources.checked_values import require_pattern, require_values, to_numbers
from sources.codes import FINGERTIPS_AREA_CODE
from sources.extracts import FileRead, SourceFile, label_of
from sources.fingertips_metadata import read_area_hierarchy, read_indicator_metadata

__all__ = ["read_area_hierarchy", "read_fingertips", "read_indicator_metadata"]
PATTERNS = ("fingertips/*.csv", "fingertips/*.csv.gz")
COLUMNS = {
    "Indicator ID": "indicator_id",
    "Indicator Name": "indicator_name",
    "Parent Code": "parent_code",
    "Parent Name": "parent_name",
    "Area Code": "area_code",
    "Area Name": "area_name",
    "Area Type": "area_type",
    "Sex": "sex",
    "Age": "age",
    "Category Type": "category_type",
    "Category": "category",
    "Time period": "time_period",
    "Value": "value",
    "Lower CI 95.0 limit": "lower_ci_95",
    "Upper CI 95.0 limit": "upper_ci_95",
    "Lower CI 99.8 limit": "lower_ci_99_8",
    "Upper CI 99.8 limit": "upper_ci_99_8",
    "Count": "count",
    "Denominator": "denominator",
    "Value note": "value_note",
    "Recent Trend": "recent_trend",
    "Compared to England value or percentiles": "compared_to_england",
    "Compared to Region value or percentiles": "compared_to_region",
    "Time period Sortable": "time_period_sortable",
    "New data": "new_data",
    "Compared to goal": "compared_to_goal",
}
FLOATS = ["Value", "Lower CI 95.0 limit", "Upper CI 95.0 limit", "Lower CI 99.8 limit"]
FLOATS += ["Upper CI 99.8 limit", "Count", "Denominator"]
NUMBERS = {"Indicator ID": pl.Int64, "Time period Sortable": pl.Int64} | dict.fromkeys(
    FLOATS, pl.Float64
)
AREA_CODE = FINGERTIPS_AREA_CODE
KEY = ["indicator_id", "area_code", "area_type", "sex", "age", "category_type", "category"]
KEY.append("time_period")


REGION = "Compared to Region value or percentiles"
PARENT_COMPARISON = r"^Compared to (?!England ).+ value or percentiles$"


def read_fingertips_file(path: Path, label: str) -> tuple[pl.DataFrame, int, int]:
    """One Fingertips CSV as the typed snake_case table; (rows kept, duplicates, conflicts).

    The parent comparison column is taken whatever the parent is called ("Compared to Region
    ...", "Compared to ICB ..."); extra columns (e.g. "Time period range") are ignored.
    """
    frame = read_text_csv(path, label, required=[c for c in COLUMNS if c != REGION])
    if REGION not in frame.columns:
        parent = next((c for c in frame.columns if re.match(PARENT_COMPARISON, c)), None)
        frame = frame.with_columns(
            (pl.col(parent) if parent else pl.lit(None, pl.String)).alias(REGION)
        )
    frame = to_numbers(frame, label, NUMBERS)
    require_values(frame, label, ["Indicator ID", "Area Code", "Time period"])
    require_pattern(frame, label, "Area Code", AREA_CODE, "area code")
    frame = frame.select(
        [pl.col(source).alias(name) for source, name in COLUMNS.items()]
    ).with_columns(
        pl.col("indicator_name").str.replace_all(r"\s*[\r\n]+\s*", " ").str.strip_chars(),
        source_file=pl.lit(label),
    )
    first_copy = frame.select(pl.struct(frame.columns).is_first_distinct()).to_series()
    unique = frame.filter(first_copy)
    conflicting = unique.select(pl.struct(KEY).is_duplicated()).to_series()
    return unique.filter(~conflicting), frame.height - unique.height, int(conflicting.sum())


def read_fingertips(data_dir: Path, files: list[SourceFile]) -> tuple[pl.DataFrame, list[FileRead]]:
    """All Fingertips files stacked; rows sharing one key with conflicting values are rejected."""
    tables, reads = [], []
    for item in files:
        label = label_of(data_dir, item.path)
        table, copies, conflicts = read_fingertips_file(item.path, label)
        notes = []
        if copies:
            notes.append(f"{copies} rows rejected as exact copies of earlier rows")
        if conflicts:
            notes.append(
                f"{conflicts} rows rejected: they share indicator/area/sex/age/category/period "
                "with other rows but differ in value (a breakdown missing from the source)"
            )
        rejected = copies + conflicts
        tables.append(table)
        reads.append(
            FileRead(
                item.path,
                item.sha256,
                table.height + rejected,
                table.height,
                rejected,
                "; ".join(notes),
            )
        )
    return pl.concat(tables, how="vertical"), reads
