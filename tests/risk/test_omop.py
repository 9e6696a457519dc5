"""OMOP-subset loader: real-shaped folders load, violations name file, row and column."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import polars as pl
import pytest

from sources.errors import IngestError
from sources.omop import OMOP_SCHEMA, load_omop_folder
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
