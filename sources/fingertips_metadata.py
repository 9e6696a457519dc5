"""Fingertips indicator metadata (JSON), polarity (CSV) and the area hierarchy (CSV)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import polars as pl

from sources.checked_csv import read_text_csv
from sources.checked_values import require_pattern, to_numbers
from sources.codes import FINGERTIPS_AREA_CODE as AREA_CODE
from sources.errors import IngestError
from sources.extracts import check_data_dir, label_of


def read_indicator_metadata(data_dir: Path) -> pl.DataFrame | None:
    """Indicator metadata (unit, value type, year type, CI method) joined to polarity, by id."""
    folder = check_data_dir(data_dir) / "fingertips" / "metadata"
    path = folder / "indicator_metadata_all.json.gz"
    if not path.is_file():
        return None
    label = label_of(data_dir, path)
    try:
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            records = json.load(handle)
    except (OSError, EOFError, ValueError) as exc:
        raise IngestError(label, f"cannot read JSON metadata ({exc})") from exc
    rows = [_metadata_row(key, item, label) for key, item in records.items()]
    table = pl.DataFrame(rows, schema=_METADATA_SCHEMA, orient="row")
    polarity_path = folder / "indicator_polarity_subset.csv"
    if polarity_path.is_file():
        table = table.join(
            _polarity(polarity_path, label_of(data_dir, polarity_path)),
            on="indicator_id",
            how="left",
        )
    else:
        table = table.with_columns(
            polarity=pl.lit(None, pl.String),
            comparator_method=pl.lit(None, pl.String),
            frequency=pl.lit(None, pl.String),
        )
    return table.sort("indicator_id")


_METADATA_SCHEMA = {
    "indicator_id": pl.Int64,
    "indicator_name": pl.String,
    "unit_label": pl.String,
    "unit_value": pl.Float64,
    "value_type": pl.String,
    "year_type": pl.String,
    "ci_method": pl.String,
    "data_source": pl.String,
}


def _metadata_row(key: str, item: dict, label: str) -> tuple:
    if not key.isdigit():
        raise IngestError(label, f"indicator key {key!r} is not an integer id", column="IID")

    def name(part: str, field: str = "Name") -> str | None:
        return (item.get(part) or {}).get(field)

    unit = item.get("Unit") or {}
    return (
        int(key),
        name("Descriptive"),
        unit.get("Label"),
        unit.get("Value"),
        name("ValueType"),
        name("YearType"),
        name("ConfidenceIntervalMethod"),
        name("Descriptive", "DataSource"),
    )


def _polarity(path: Path, label: str) -> pl.DataFrame:
    extra = {"BenchmarkComparisonMethod": "comparator_method", "Frequency": "frequency"}
    frame = read_text_csv(path, label, required=["IndicatorID", "Polarity", *extra])
    frame = to_numbers(frame, label, {"IndicatorID": pl.Int64})
    return frame.select(
        pl.col("IndicatorID").alias("indicator_id"),
        pl.col("Polarity").alias("polarity"),
        *[pl.col(c).alias(n) for c, n in extra.items()],
    ).unique("indicator_id", keep="first")


def read_area_hierarchy(data_dir: Path) -> pl.DataFrame | None:
    """Fingertips areas (code, name, type, level) with their child area codes as a list."""
    path = check_data_dir(data_dir) / "fingertips" / "metadata" / "areas_hierarchy.csv"
    if not path.is_file():
        return None
    label = label_of(data_dir, path)
    required = ["Children", "AreaCode", "AreaName", "Level", "HierarchyType", "AreaType"]
    required.append("AreaTypeCode")  # documented: a file without it is not the published one
    frame = read_text_csv(path, label, required=required)
    frame = to_numbers(frame, label, {"Level": pl.Int64})
    require_pattern(frame, label, "AreaCode", AREA_CODE, "area code")
    return frame.select(
        pl.col("AreaCode").alias("area_code"),
        pl.col("AreaName").alias("area_name"),
        pl.col("AreaType").alias("area_type"),
        pl.col("AreaTypeCode").alias("area_type_code"),
        pl.col("Level").alias("level"),
        pl.col("HierarchyType").alias("hierarchy_type"),
        pl.col("Children")
        .fill_null("")
        .str.split("|")
        .list.eval(pl.element().str.strip_chars().filter(pl.element() != ""))
        .alias("child_codes"),
    )
