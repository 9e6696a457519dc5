"""OMOP-subset loader: real-shaped folders load, violations name file, row and column."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import polars as pl
import pytest

from sources.errors import IngestError
from sources.omop import OMOP_SCHEMA, load_omop_folder, profile_gaps, validate_table
from synthetic.population.files import write_synthetic_population

DDL = Path(__file__).resolve().parents[2] / "sql" / "risk" / "omop_schema.sql"


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("omop")
    write_synthetic_population(out, 1_500, "E08000028", seed=2, use_real=False)
    return out


def test_parquet_and_csv_folders_load_the_same(folder: Path, tmp_path: Path) -> None:
    tables = load_omop_folder(folder)
    assert set(tables) == set(OMOP_SCHEMA)
    for name, frame in tables.items():
        frame.write_csv(tmp_path / f"{name}.csv")
    again = load_omop_folder(tmp_path)
    for name, frame in tables.items():
        assert again[name].equals(frame), name


def test_optional_tables_may_be_absent(folder: Path, tmp_path: Path) -> None:
    for name in ("person", "observation_period"):
        (tmp_path / f"{name}.parquet").write_bytes((folder / f"{name}.parquet").read_bytes())
    tables = load_omop_folder(tmp_path)
    assert tables["visit_occurrence"].height == 0 and tables["person"].height == 1_500


def _csv(tmp_path: Path, folder: Path, table: str, edit) -> Path:
    for name in ("person", "observation_period"):
        pl.read_parquet(folder / f"{name}.parquet").write_csv(tmp_path / f"{name}.csv")
    edit(pl.read_csv(tmp_path / f"{table}.csv", infer_schema=False)).write_csv(
        tmp_path / f"{table}.csv"
    )
    return tmp_path


def test_missing_required_column_names_file_and_column(folder: Path, tmp_path: Path) -> None:
    _csv(tmp_path, folder, "person", lambda f: f.drop("year_of_birth"))
    with pytest.raises(IngestError, match=r"person\.csv.*column 'year_of_birth'.*missing") as err:
        load_omop_folder(tmp_path)
    assert err.value.column == "year_of_birth"


def test_bad_date_names_row_and_column(folder: Path, tmp_path: Path) -> None:
    def edit(f: pl.DataFrame) -> pl.DataFrame:
        return f.with_columns(pl.when(pl.int_range(pl.len()) == 2).then(pl.lit("31/02/2023"))
                              .otherwise(pl.col("observation_period_start_date"))
                              .alias("observation_period_start_date"))  # fmt: skip

    _csv(tmp_path, folder, "observation_period", edit)
    with pytest.raises(IngestError, match=re.escape("row 3")) as err:
        load_omop_folder(tmp_path)
    assert err.value.column == "observation_period_start_date" and "31/02/2023" in str(err.value)


def test_empty_required_value_and_missing_table(folder: Path, tmp_path: Path) -> None:
    _csv(tmp_path, folder, "person", lambda f: f.with_columns(
        pl.when(pl.int_range(pl.len()) == 0).then(None).otherwise(pl.col("person_id")).alias("person_id")))  # fmt: skip
    with pytest.raises(IngestError, match="row 1.*person_id.*empty"):
        load_omop_folder(tmp_path)
    (tmp_path / "person.csv").unlink()
    with pytest.raises(IngestError, match="required OMOP table person is missing"):
        load_omop_folder(tmp_path)


def test_ddl_matches_loader_schema(tmp_path: Path) -> None:
    with duckdb.connect(str(tmp_path / "ddl_check.duckdb")) as conn:
        conn.execute(DDL.read_text())
        rows = conn.execute(
            "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'restricted' ORDER BY ordinal_position"
        ).fetchall()
    found: dict[str, list[str]] = {}
    for table, column in rows:
        found.setdefault(table, []).append(column)
    assert found == {t: list(cols) for t, cols in OMOP_SCHEMA.items()}


def _export_as_ohdsi_ships_it(folder: Path, out: Path) -> None:
    """Upper-case file and column names, ids typed as floats or decimal text, extra tables
    and columns, and an export that lacks the NHS ethnic category and the units."""
    for name in OMOP_SCHEMA:
        frame = pl.read_parquet(folder / f"{name}.parquet")
        if name == "person":
            frame = frame.drop("race_source_value").with_columns(
                pl.col("person_id").cast(pl.Float64), provider_id=pl.lit(7)
            )
        if name == "observation_period":
            frame = frame.with_columns(pl.col("person_id").cast(pl.String) + ".0")
        if name == "measurement":
            frame = frame.drop("unit_source_value")
        frame = frame.rename({c: c.upper() for c in frame.columns})
        frame.write_csv(out / f"{name.upper()}.csv")
    (out / "CDM_SOURCE.csv").write_text("cdm_source_name\nOHDSI sample\n")


def test_an_export_as_ohdsi_ships_it_loads_and_its_gaps_are_named(folder, tmp_path):
    _export_as_ohdsi_ships_it(folder, tmp_path)
    tables = load_omop_folder(tmp_path)
    expected = load_omop_folder(folder)
    assert tables["person"]["person_id"].equals(expected["person"]["person_id"])
    assert tables["observation_period"]["person_id"].equals(
        expected["observation_period"]["person_id"]
    )
    assert tables["person"]["race_source_value"].null_count() == tables["person"].height
    assert "provider_id" not in tables["person"].columns
    gaps = profile_gaps(tmp_path)
    named = set(zip(gaps["table"], gaps["column"], strict=True))
    assert {("person", "race_source_value"), ("measurement", "unit_source_value")} <= named
    assert ("person", "gender_source_value") not in named
    assert gaps.filter(pl.col("column") == "race_source_value")["file"].to_list() == ["PERSON.csv"]


def test_a_fractional_or_textual_id_is_refused_with_row_and_column(folder, tmp_path):
    def edit(f: pl.DataFrame) -> pl.DataFrame:
        ids = pl.col("person_id").cast(pl.String)
        return f.with_columns(
            pl.when(pl.int_range(pl.len()) == 4)
            .then(pl.lit("12.5"))
            .otherwise(ids)
            .alias("person_id")
        )

    _csv(tmp_path, folder, "person", edit)
    with pytest.raises(IngestError, match="row 5") as err:
        load_omop_folder(tmp_path)
    assert err.value.column == "person_id" and "12.5" in str(err.value)


def test_float_ids_with_fractions_are_refused_not_truncated(tmp_path):
    frame = pl.DataFrame({"person_id": [1.0, 2.5], "gender_concept_id": [8507, 8532],
                          "year_of_birth": [1950.0, 1960.0]})  # fmt: skip
    with pytest.raises(IngestError, match="row 2") as err:
        validate_table(frame, "person", "PERSON.parquet")
    assert err.value.column == "person_id"


def test_a_table_given_twice_in_different_case_is_an_error(folder, tmp_path):
    for name in ("person", "observation_period"):
        pl.read_parquet(folder / f"{name}.parquet").write_csv(tmp_path / f"{name}.csv")
    (tmp_path / "PERSON.csv").write_bytes((tmp_path / "person.csv").read_bytes())
    with pytest.raises(IngestError, match="person given twice"):
        load_omop_folder(tmp_path)


def test_the_ig_summary_names_each_profile_column_the_export_lacks(folder, tmp_path):
    import dagster as dg

    from assets.risk import register
    from pipelines.resources import build_resources

    patients = tmp_path / "data" / "patients"
    patients.mkdir(parents=True)
    _export_as_ohdsi_ships_it(folder, patients)
    resources = build_resources(
        data_dir=str(tmp_path / "data"),
        warehouse=str(tmp_path / "w.duckdb"),
        restricted=str(tmp_path / "r.duckdb"),
        reports_dir=str(tmp_path / "reports"),
    )
    assert dg.materialize([register.patient_records], resources=resources).success
    with duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True) as conn:
        found = conn.execute(
            "SELECT expectation, passed, observed_value FROM publish.data_quality "
            "WHERE check_name = 'omop_profile' AND NOT passed ORDER BY 1"
        ).fetchall()
    assert found == [
        ("profile_column(measurement.unit_source_value)", False, "absent from MEASUREMENT.csv"),
        ("profile_column(person.race_source_value)", False, "absent from PERSON.csv"),
    ]
    summary = (tmp_path / "reports" / "data_quality" / "history").glob("*.parquet")
    assert any("omop_profile" in p.name for p in summary)
