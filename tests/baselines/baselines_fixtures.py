"""Helpers for the baselines tests and benchmark: load staging, build every baselines asset."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
import duckdb
import polars as pl
from dagster_duckdb import DuckDBResource

from assets.baselines.funnels import practice_funnels_asset
from assets.baselines.indicators import (
    indicator_baseline,
    indicator_trend,
    indicator_values,
    locality_hierarchy,
    opportunity,
)
from assets.baselines.inequality import indicator_inequality
from assets.resources import PlaceHealthSettings
from pipelines.settings import shared_data_dir
from warehouse.tables import replace_table

REPO = Path(__file__).resolve().parents[2]
BASELINE_ASSETS = [locality_hierarchy, indicator_values, indicator_baseline, indicator_trend,
                   opportunity, indicator_inequality, practice_funnels_asset]  # fmt: skip


def shared_data() -> Path:
    """The real extracts folder (PLACEHEALTH_SHARED_DATA or ../shared/data)."""
    return shared_data_dir()


def build_baselines(db: Path, data_dir: Path) -> dg.ExecuteInProcessResult:
    """Materialize every baselines asset against the warehouse file `db`."""
    resources = {
        "settings": PlaceHealthSettings(data_dir=str(data_dir), reports_dir=str(db.parent / "r")),
        "warehouse": DuckDBResource(database=str(db)),
    }
    return dg.materialize(BASELINE_ASSETS, resources=resources)


def load_real_staging(db: Path, data: Path, replicate: int = 1) -> None:
    """Staging tables from the real extracts via sources/ (optionally replicated n times)."""
    from sources import read_source
    from sources.fingertips import read_indicator_metadata

    conn = duckdb.connect(str(db))
    for source in ("fingertips", "qof_prevalence", "imd", "geography", "population"):
        table = read_source(data, source).table
        if replicate > 1 and source == "fingertips":
            table = replicate_fingertips(table, replicate)
        replace_table(conn, f"staging.{source}", table)
    metadata = read_indicator_metadata(data)
    if replicate > 1:
        metadata = replicate_fingertips(metadata, replicate)
    replace_table(conn, "staging.indicator_metadata", metadata)
    conn.close()


def replicate_fingertips(table: pl.DataFrame, times: int) -> pl.DataFrame:
    """n copies of the Fingertips rows, indicators renumbered so each copy is its own set."""
    return pl.concat(
        table.with_columns(pl.col("indicator_id") + k * 1_000_000) for k in range(times)
    )
