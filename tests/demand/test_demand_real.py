"""The demand projection on the real ONS mid-2020 LAD population (shared extracts)."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
import duckdb
import polars as pl
import pytest
from dagster_duckdb import DuckDBResource

from assets.demand.projection import demand_projection
from assets.ingest.staging import build_ingest_asset
from assets.resources import PlaceHealthSettings
from assets.targets.tracking import targets_registry

pytestmark = pytest.mark.real_data


def test_birmingham_and_solihull_do_nothing(tmp_path: Path, real_data_dir: Path) -> None:
    result = dg.materialize(
        [build_ingest_asset("population"), targets_registry, demand_projection],
        resources={
            "settings": PlaceHealthSettings(data_dir=str(real_data_dir), reports_dir=str(tmp_path)),
            "warehouse": DuckDBResource(database=str(tmp_path / "warehouse.duckdb")),
            "restricted": DuckDBResource(database=str(tmp_path / "restricted_records.duckdb")),
        },
        run_config={"ops": {"publish__demand_projection": {"config": {"charts": False}}}},
    )
    assert result.success
    with duckdb.connect(str(tmp_path / "warehouse.duckdb"), read_only=True) as conn:
        table = conn.sql("SELECT * FROM publish.demand_projection").pl()
    bsol = (
        table.filter(
            pl.col("area_code").is_in(["E08000025", "E08000029"])
            & (pl.col("age_band") == "All ages")
            & (pl.col("scenario") == "do_nothing")
        )
        .group_by("year")
        .agg(pl.col("population", "beds_vs_base_year").sum())
        .sort("year")
    )
    assert bsol["year"].to_list() == list(range(2020, 2026))
    assert bsol["population"][0] == 1_140_525 + 217_487  # ONS mid-2020 Birmingham + Solihull
    # Demography alone adds beds, but far fewer than the STP's all-activity 430 (2016 plan).
    assert 50 < bsol["beds_vs_base_year"][-1] < 430
