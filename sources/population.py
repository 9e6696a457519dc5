"""ONS population estimates by single year of age, as long 5-year bands; the ESP2013."""

from __future__ import annotations

import re
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
from sources.extracts import FileRead, SourceFile, check_data_dir, label_of

PATTERNS = tuple(
    f"population/ONS_*_{kind}_persons_single_year_of_age*{ext}"
    for kind in ("SAPE_LSOA11", "MYE_LAD21")
    for ext in (".csv", ".csv.gz")
)
AGES = [str(age) for age in range(90)] + ["90+"]
BANDS = [(lo, lo + 4) for lo in range(0, 90, 5)] + [(90, None)]
KINDS = {  # file-name marker -> (area type, code column, name column, English code pattern)
    "SAPE_LSOA11": ("lsoa11", "lsoa11_code", "lsoa11_name", codes.LSOA_CODE),
    "MYE_LAD21": ("lad21", "ltla21_code", "ltla21_name", codes.LAD_CODE),
}
SCHEMA = {
    "area_code": pl.String,
    "area_name": pl.String,
    "area_type": pl.String,
    "year": pl.Int64,
    "sex": pl.String,
    "age_band": pl.String,
    "age_lower": pl.Int64,
    "age_upper": pl.Int64,
    "population": pl.Int64,
}


def _band(lo: int, hi: int | None) -> str:
    return f"{lo}+" if hi is None else f"{lo}-{hi}"


def read_population_file(
    path: Path, label: str, single_year: bool = False
) -> tuple[pl.DataFrame, int, int]:
    """One ONS persons-by-single-year file, England only; (long banded table, read, rejected)."""
    kind = next((k for k in KINDS if f"_{k}_" in path.name), None)
    year = re.search(r"mid(\d{4})", path.name)
    if kind is None or year is None:
        raise IngestError(label, "cannot tell area type and mid-year from the file name")
    area_type, code, name, pattern = KINDS[kind]
    frame = read_text_csv(path, label, required=[code, name, "total_population", *AGES])
    require_values(frame, label, [code, "total_population", *AGES])
    require_pattern(frame, label, code, codes.GSS_CODE, "GSS area code")
    frame = to_numbers(frame, label, dict.fromkeys(["total_population", *AGES], pl.Int64))
    rows, english = frame.height, frame[code].str.starts_with("E")
    frame = frame.with_row_index(ROW, offset=1).filter(english)
    require_pattern(frame, label, code, pattern, f"{area_type} code")
    require_unique(frame, label, [code])
    negative = first_row(frame.select(pl.min_horizontal(AGES) < 0).to_series())
    if negative is not None:
        raise IngestError(label, "negative population", file_row(frame, negative))
    total = frame.select(pl.sum_horizontal(AGES)).to_series()
    row = first_row(total != frame["total_population"])
    if row is not None:
        raise IngestError(
            label,
            f"ages sum to {total[row - 1]}, not the total",
            file_row(frame, row),
            "total_population",
        )
    if single_year:
        bands = {age: pl.col(age) for age in AGES}
    else:
        bands = {_band(lo, hi): pl.sum_horizontal(AGES[lo : (hi or 90) + 1]) for lo, hi in BANDS}
    long = frame.select(
        pl.col(code).alias("area_code"), pl.col(name).alias("area_name"), **bands
    ).unpivot(index=["area_code", "area_name"], variable_name="age_band", value_name="population")
    spans = [(a, a if a < 90 else None) for a in range(91)] if single_year else BANDS
    limits = pl.DataFrame(
        {
            "age_band": list(bands),
            "age_lower": [lo for lo, _ in spans],
            "age_upper": [hi for _, hi in spans],
        },
        schema={"age_band": pl.String, "age_lower": pl.Int64, "age_upper": pl.Int64},
    )
    long = long.join(limits, on="age_band", how="left").with_columns(
        area_type=pl.lit(area_type), year=pl.lit(int(year[1]), pl.Int64), sex=pl.lit("Persons")
    )
    return long.select(list(SCHEMA)).cast(SCHEMA), rows, rows - int(english.sum())


def read_population(data_dir: Path, files: list[SourceFile]) -> tuple[pl.DataFrame, list[FileRead]]:
    """Persons by 5-year age band (0-4 … 85-89, 90+) for every LSOA/LAD file present."""
    tables, reads = [], []
    for item in files:
        table, rows, rejected = read_population_file(item.path, label_of(data_dir, item.path))
        note = f"{rejected} non-English rows excluded (England-only)" if rejected else ""
        note = "; ".join(n for n in (note, "one row per area x 19 age bands in the table") if n)
        reads.append(FileRead(item.path, item.sha256, rows, rows - rejected, rejected, note))
        tables.append(table)
    table = pl.concat(tables, how="vertical")
    require_unique(table, "population", ["area_type", "area_code", "year", "age_band"])
    return table, reads


def read_standard_population(data_dir: Path) -> pl.DataFrame | None:
    """The 2013 European Standard Population in 19 bands (0-4 … 85-89, 90+), summing to 100,000."""
    path = check_data_dir(data_dir) / "population" / "european_standard_population_2013.csv"
    if not path.is_file():
        return None
    label = label_of(data_dir, path)
    columns = ["age_band", "age_lower", "age_upper", "esp2013"]
    frame = read_text_csv(path, label, required=columns)
    require_values(frame, label, ["age_band", "age_lower", "esp2013"])
    frame = to_numbers(frame, label, dict.fromkeys(columns[1:], pl.Int64)).select(columns)
    require_unique(frame, label, ["age_band"])
    if frame["esp2013"].sum() != 100_000:
        raise IngestError(
            label, f"weights sum to {frame['esp2013'].sum()}, not 100000", column="esp2013"
        )
    return frame


def read_population_single_year(data_dir: Path) -> pl.DataFrame | None:
    """The same table by single year of age (age_band "0" … "89", "90+"); None when absent."""
    from sources.registry import discover

    files = discover(data_dir, "population")
    if not files:
        return None
    tables = [read_population_file(f.path, label_of(data_dir, f.path), True)[0] for f in files]
    return pl.concat(tables, how="vertical")
