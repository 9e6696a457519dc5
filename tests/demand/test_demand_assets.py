"""The demand asset materialised on the demo population and the shipped targets."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
import duckdb
import polars as pl
import pytest
from dagster_duckdb import DuckDBResource

from assets.demand.projection import demand_projection
from assets.ingest.staging import build_ingest_asset
from assets.resources import DEMO_DATA_DIR, PlaceHealthSettings
from assets.targets.tracking import targets_registry
from sources import SOURCES
from sources.omop import OMOP_SCHEMA
from synthetic.population.files import default_place
from synthetic.population.simulate import generate

SQL_DIR = Path(__file__).resolve().parents[2] / "sql"


def _resources(tmp_path: Path, data_dir: Path = DEMO_DATA_DIR) -> dict[str, object]:
    return {
        "settings": PlaceHealthSettings(data_dir=str(data_dir), reports_dir=str(tmp_path / "rep")),
        "warehouse": DuckDBResource(database=str(tmp_path / "warehouse.duckdb")),
        "restricted": DuckDBResource(database=str(tmp_path / "restricted_records.duckdb")),
    }


def write_omop(path: Path, persons: int = 4000, seed: int = 3) -> None:
    """A seeded synthetic OMOP population in a restricted DuckDB file."""
    tables = generate(default_place("E08000028"), persons, seed).tables
    with duckdb.connect(str(path)) as conn:
        conn.execute((SQL_DIR / "risk" / "omop_schema.sql").read_text())
        for name in OMOP_SCHEMA:
            conn.register("_t", tables[name].to_arrow())
            conn.execute(f"INSERT INTO restricted.{name} BY NAME SELECT * FROM _t")
            conn.unregister("_t")


def _materialize(tmp_path: Path, **config: object) -> dg.ExecuteInProcessResult:
    run_config = {"ops": {"publish__demand_projection": {"config": config}}} if config else None
    return dg.materialize(
        [build_ingest_asset(SOURCES["population"]), targets_registry, demand_projection],
        resources=_resources(tmp_path),
        run_config=run_config,
    )


def _table(tmp_path: Path) -> pl.DataFrame:
    with duckdb.connect(str(tmp_path / "warehouse.duckdb"), read_only=True) as conn:
        return conn.sql("SELECT * FROM publish.demand_projection").pl()


def test_demo_projection_national_rates(tmp_path: Path) -> None:
    result = _materialize(tmp_path, horizon_years=3)
    assert result.success
    table = _table(tmp_path)
    assert set(table["area_code"]) == set(PlaceHealthSettings().places)  # the configured places
    assert set(table["scenario"]) == {
        "do_nothing",
        "bsol-acs-admissions",
        "bsol-falls-admissions",
        "all_targets",
    }
    total = table.filter((pl.col("age_band") == "All ages") & (pl.col("year") == 2023))
    nothing = total.filter(pl.col("scenario") == "do_nothing")
    every = total.filter(pl.col("scenario") == "all_targets")
    assert (nothing["beds_vs_base_year"] > 0).all()  # an ageing population needs more beds
    assert (every["beds"].sort() < nothing["beds"].sort()).all()
    applies = table.filter(pl.col("scenario") == "bsol-acs-admissions")
    assert set(applies.filter(pl.col("target_set_for_place"))["area_code"]) == {
        "E08000025",
        "E08000029",
    }
    assert (tmp_path / "rep" / "demand" / "E08000028.png").stat().st_size > 10_000


def test_patient_records_give_local_rates(tmp_path: Path) -> None:
    write_omop(tmp_path / "restricted_records.duckdb")
    assert _materialize(tmp_path, horizon_years=2, min_person_years=100.0, charts=False).success
    table = _table(tmp_path).filter(pl.col("age_band") != "All ages")
    sandwell = table.filter(pl.col("area_code") == "E08000028")
    assert sandwell["rate_source"].str.starts_with("place patient records").any()
    birmingham = table.filter(pl.col("area_code") == "E08000025")
    assert not birmingham["rate_source"].str.starts_with("place patient records").any()


def test_missing_population_fails_clearly(tmp_path: Path) -> None:
    with pytest.raises(dg.Failure, match="none of"):
        _materialize(tmp_path, places=["E09999999"], charts=False)
