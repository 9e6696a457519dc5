"""Load an OMOP CDM v5.4-subset folder (CSV, CSV.gz or Parquet per table) with schema checks.

One file per table, named `<table>.parquet|.csv|.csv.gz`. `person` and `observation_period`
are required; other tables may be absent (empty). Columns follow OMOP CDM v5.4 (see
`docs/risk.md`) plus the UK extensions: `location.lsoa_code` (LSOA 2021), `ward_code`,
`neighbourhood`, `imd_decile`; `care_site.ods_code` (practice ODS code); the NHS ethnic
category (A-Z) in `person.race_source_value`. Problems raise `IngestError` naming file,
row and column; the DDL twin is `sql/risk/omop_schema.sql`.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from sources.errors import IngestError

I64, I32, F64, DATE, STR = pl.Int64, pl.Int32, pl.Float64, pl.Date, pl.String
# table -> column -> (dtype, required: present and never null)
OMOP_SCHEMA: dict[str, dict[str, tuple[pl.DataType, bool]]] = {
    "person": {"person_id": (I64, True), "gender_concept_id": (I32, True), "year_of_birth": (I32, True),
               "month_of_birth": (I32, False), "race_concept_id": (I32, False),
               "ethnicity_concept_id": (I32, False), "location_id": (I64, False),
               "care_site_id": (I64, False), "gender_source_value": (STR, False),
               "race_source_value": (STR, False)},
    "observation_period": {"observation_period_id": (I64, True), "person_id": (I64, True),
                           "observation_period_start_date": (DATE, True),
                           "observation_period_end_date": (DATE, True),
                           "period_type_concept_id": (I32, False)},
    "visit_occurrence": {"visit_occurrence_id": (I64, True), "person_id": (I64, True),
                         "visit_concept_id": (I32, True), "visit_start_date": (DATE, True),
                         "visit_end_date": (DATE, False), "visit_type_concept_id": (I32, False),
                         "visit_source_value": (STR, False)},
    "condition_occurrence": {"condition_occurrence_id": (I64, True), "person_id": (I64, True),
                             "condition_concept_id": (I64, False), "condition_start_date": (DATE, True),
                             "condition_type_concept_id": (I32, False),
                             "condition_source_value": (STR, True)},
    "drug_exposure": {"drug_exposure_id": (I64, True), "person_id": (I64, True),
                      "drug_concept_id": (I64, False), "drug_exposure_start_date": (DATE, True),
                      "drug_exposure_end_date": (DATE, False), "drug_type_concept_id": (I32, False),
                      "drug_source_value": (STR, True), "days_supply": (I32, False)},
    "measurement": {"measurement_id": (I64, True), "person_id": (I64, True),
                    "measurement_concept_id": (I64, True), "measurement_date": (DATE, True),
                    "measurement_type_concept_id": (I32, False), "value_as_number": (F64, False),
                    "unit_source_value": (STR, False), "measurement_source_value": (STR, False)},
    "observation": {"observation_id": (I64, True), "person_id": (I64, True),
                    "observation_concept_id": (I64, False), "observation_date": (DATE, True),
                    "observation_type_concept_id": (I32, False),
                    "observation_source_value": (STR, True)},
    "death": {"person_id": (I64, True), "death_date": (DATE, True), "death_type_concept_id": (I32, False)},
    "location": {"location_id": (I64, True), "location_source_value": (STR, False),
                 "lsoa_code": (STR, False), "ward_code": (STR, False), "ward_name": (STR, False),
                 "neighbourhood": (STR, False), "imd_decile": (I32, False)},
    "care_site": {"care_site_id": (I64, True), "care_site_name": (STR, False),
                  "place_of_service_concept_id": (I32, False), "care_site_source_value": (STR, False),
                  "ods_code": (STR, False)},
}  # fmt: skip
REQUIRED_TABLES = ("person", "observation_period")


def empty_table(table: str) -> pl.DataFrame:
    """A zero-row frame with the table's schema."""
    return pl.DataFrame(schema={c: t for c, (t, _) in OMOP_SCHEMA[table].items()})


def _find(folder: Path, table: str) -> Path | None:
    for suffix in (".parquet", ".csv", ".csv.gz"):
        if (folder / f"{table}{suffix}").is_file():
            return folder / f"{table}{suffix}"
    return None


def _read(path: Path, table: str, label: str) -> pl.DataFrame:
    try:
        if path.suffix == ".parquet":
            return pl.read_parquet(path)
        return pl.read_csv(path, infer_schema=False, null_values=[""])
    except (pl.exceptions.PolarsError, OSError) as exc:
        raise IngestError(label, f"cannot read {table} file ({exc})") from exc


def _cast(raw: pl.Series, dtype: pl.DataType) -> pl.Series:
    if raw.dtype == pl.String and dtype == pl.Date:
        return raw.str.slice(0, 10).str.to_date("%Y-%m-%d", strict=False)
    if raw.dtype == pl.String and dtype.is_integer():
        return raw.str.strip_chars().cast(pl.Float64, strict=False).cast(dtype, strict=False)
    if isinstance(raw.dtype, pl.Datetime) and dtype == pl.Date:
        return raw.dt.date()
    return raw.cast(dtype, strict=False)


def validate_table(frame: pl.DataFrame, table: str, label: str) -> pl.DataFrame:
    """Cast to the schema; missing required columns, unparseable values and nulls are errors."""
    columns = {}
    for column, (dtype, required) in OMOP_SCHEMA[table].items():
        if column not in frame.columns:
            if required:
                raise IngestError(label, f"missing required {table} column", column=column)
            columns[column] = pl.Series(column, [None] * frame.height, dtype=dtype)
            continue
        raw = frame[column]
        cast = _cast(raw, dtype)
        bad = cast.is_null() & raw.is_not_null()
        if bad.any():
            row = int(bad.arg_true()[0])
            raise IngestError(
                label, f"cannot read {raw[row]!r} as {dtype}", row=row + 1, column=column
            )
        if required and cast.null_count():
            row = int(cast.is_null().arg_true()[0])
            raise IngestError(label, "required value is empty", row=row + 1, column=column)
        columns[column] = cast.alias(column)
    return pl.DataFrame(columns)


def load_omop_folder(folder: Path) -> dict[str, pl.DataFrame]:
    """Every OMOP-subset table in `folder`, validated; absent optional tables are empty."""
    folder = Path(folder)
    if not folder.is_dir():
        raise IngestError(str(folder), "OMOP folder not found")
    tables = {}
    for table in OMOP_SCHEMA:
        path = _find(folder, table)
        if path is None:
            if table in REQUIRED_TABLES:
                raise IngestError(
                    str(folder / f"{table}.csv"), f"required OMOP table {table} is missing"
                )
            tables[table] = empty_table(table)
            continue
        label = f"{folder.name}/{path.name}"
        tables[table] = validate_table(_read(path, table, label), table, label)
    return tables
