"""Load an OMOP CDM v5.4-subset folder (CSV, CSV.gz or Parquet per table) with schema checks.

One file per table, named `<table>.parquet|.csv|.csv.gz` in any case (`PERSON.csv`, as OHDSI's
sample exports ship them); other files and extra columns are ignored, column names are matched
case-insensitively, and integer ids load however the exporter typed them (`42`, `"42.0"`,
`42.0`). `person` and `observation_period` are required; other tables may be absent (empty). Columns follow OMOP CDM v5.4 (see
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


# What the English profile uses beyond OMOP's own required columns: an export without them
# loads (the columns come back empty), and `profile_gaps` names each one for the IG summary.
PROFILE_COLUMNS: dict[str, dict[str, str]] = {
    "person": {"race_source_value": "NHS ethnic category (A-Z), for fairness by ethnic group",
               "gender_source_value": "sex as recorded", "location_id": "home LSOA, ward, IMD"},
    "measurement": {"value_as_number": "measured value", "unit_source_value": "units of the value"},
    "location": {"lsoa_code": "LSOA 2021 of residence", "ward_code": "electoral ward",
                 "neighbourhood": "neighbourhood of the register", "imd_decile": "IMD decile"},
    "care_site": {"ods_code": "GP practice ODS code"},
}  # fmt: skip
SUFFIXES = (".parquet", ".csv", ".csv.gz")
MAX_EXACT_FLOAT_ID = 2**53  # integers a float64 holds exactly


def _find(folder: Path, table: str) -> Path | None:
    """`<table>.parquet|.csv|.csv.gz`, the name matched case-insensitively (OHDSI's sample
    exports name them `PERSON.csv`); two spellings of one table are an error."""
    wanted = {f"{table}{suffix}": rank for rank, suffix in enumerate(SUFFIXES)}
    found = sorted(
        (wanted[p.name.lower()], p)
        for p in folder.iterdir()
        if p.name.lower() in wanted and p.is_file()
    )
    if len(found) > 1 and found[0][0] == found[1][0]:
        names = ", ".join(p.name for _, p in found)
        raise IngestError(f"{folder.name}/{found[0][1].name}", f"{table} given twice ({names})")
    return found[0][1] if found else None


def _read(path: Path, table: str, label: str) -> pl.DataFrame:
    try:
        if path.suffix.lower() == ".parquet":
            frame = pl.read_parquet(path)
        else:
            frame = pl.read_csv(path, infer_schema=False, null_values=[""])
    except (pl.exceptions.PolarsError, OSError) as exc:
        raise IngestError(label, f"cannot read {table} file ({exc})") from exc
    lower = [c.lower() for c in frame.columns]
    clash = next((c for c in frame.columns if lower.count(c.lower()) > 1), None)
    if clash is not None:
        raise IngestError(label, "column given twice in different case", row=0, column=clash)
    return frame.rename(dict(zip(frame.columns, lower, strict=True)))


def _integers(raw: pl.Series, dtype: pl.DataType) -> pl.Series:
    """Whole numbers however the exporter typed them: 42, "42", " 42 ", "42.0", 42.0, "4.2E1".
    A fraction ("42.5") or a float beyond 2**53 stays unreadable (null), so it is reported."""
    text = raw.str.strip_chars() if raw.dtype == pl.String else raw
    if text.dtype.is_float():  # a float cast to an integer truncates: only whole values pass
        direct = pl.Series(text.name, [None] * len(text), dtype=pl.Int64)
    else:
        direct = text.cast(pl.Int64, strict=False)
    number = text.cast(pl.Float64, strict=False)
    whole = (number == number.floor()) & (number.abs() < MAX_EXACT_FLOAT_ID)
    fallback = pl.select(
        pl.when(whole).then(number).otherwise(None).cast(pl.Int64, strict=False)
    ).to_series()
    return direct.fill_null(fallback).cast(dtype, strict=False)


def _dates(raw: pl.Series) -> pl.Series:
    """ISO dates or timestamps (`2019-03-01`, `2019-03-01 00:00:00`) or compact `20190301`."""
    text = raw.str.strip_chars()
    iso = text.str.slice(0, 10).str.to_date("%Y-%m-%d", strict=False)
    compact = text.str.to_date("%Y%m%d", strict=False)
    return iso.fill_null(compact)


def _cast(raw: pl.Series, dtype: pl.DataType) -> pl.Series:
    if raw.dtype == pl.String and dtype == pl.Date:
        return _dates(raw)
    if dtype.is_integer() and (raw.dtype == pl.String or raw.dtype.is_numeric()):
        return _integers(raw, dtype)
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


def profile_gaps(folder: Path) -> pl.DataFrame:
    """What the English profile uses and the export lacks: one row per absent optional table or
    column (table, file, column, use), for the IG summary. Reads file headers only."""
    rows = []
    for table, columns in PROFILE_COLUMNS.items():
        path = _find(Path(folder), table)
        if path is None:
            rows += [(table, None, c, use) for c, use in columns.items()]
            continue
        label = f"{Path(folder).name}/{path.name}"
        present = set(_read_header(path, table, label))
        rows += [(table, path.name, c, use) for c, use in columns.items() if c not in present]
    schema = {"table": pl.String, "file": pl.String, "column": pl.String, "use": pl.String}
    return pl.DataFrame(rows, schema=schema, orient="row")


def _read_header(path: Path, table: str, label: str) -> list[str]:
    try:
        if path.suffix.lower() == ".parquet":
            names = list(pl.read_parquet_schema(path))
        else:
            names = pl.read_csv(path, infer_schema=False, n_rows=0).columns
    except (pl.exceptions.PolarsError, OSError) as exc:
        raise IngestError(label, f"cannot read {table} file ({exc})") from exc
    return [n.lower() for n in names]


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
