"""Segment assets on a synthetic restricted DuckDB, and on none (empty tables, a note)."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
import duckdb
import polars as pl
from dagster_duckdb import DuckDBResource

from assets.resources import PlaceHealthSettings
from assets.segments.summary import (
    activity_concentration_table,
    person_segments_table,
    segment_summary_table,
)
from models.publish.disclosure import is_disclosure_safe
from tests.demand.test_demand_assets import write_omop

ASSETS = [person_segments_table, segment_summary_table, activity_concentration_table]


def _run(tmp_path: Path) -> dg.ExecuteInProcessResult:
    return dg.materialize(ASSETS, resources={
        "settings": PlaceHealthSettings(reports_dir=str(tmp_path / "rep")),
        "warehouse": DuckDBResource(database=str(tmp_path / "warehouse.duckdb")),
        "restricted": DuckDBResource(database=str(tmp_path / "restricted_records.duckdb")),
    })  # fmt: skip


def _tables(path: Path) -> dict[str, pl.DataFrame]:
    with duckdb.connect(str(path), read_only=True) as conn:
        names = conn.sql("SELECT table_schema || '.' || table_name FROM information_schema.tables")
        return {n: conn.sql(f"SELECT * FROM {n}").pl() for (n,) in names.fetchall()}


def test_segments_on_synthetic_records(tmp_path: Path) -> None:
    write_omop(tmp_path / "restricted_records.duckdb", persons=4000)
    assert _run(tmp_path).success
    restricted = _tables(tmp_path / "restricted_records.duckdb")
    people = restricted["restricted.person_segments"]
    alive = restricted["restricted.observation_period"].height
    assert 0.9 * alive < people.height <= alive and people["segment"].null_count() == 0
    assert {"healthy", "chronic_conditions", "end_of_life"} <= set(people["segment"])
    warehouse = _tables(tmp_path / "warehouse.duckdb")
    assert not any(t.startswith("restricted.") for t in warehouse)  # nothing person-level leaks
    summary = warehouse["publish.segment_summary"]
    assert "person_id" not in summary.columns
    counts = ["people", "emergency_admissions", "emergency_bed_days", "ae_attendances"]
    assert all(v == 0 for v in is_disclosure_safe(summary, counts).values())
    curve = warehouse["publish.activity_concentration"]
    cost65 = curve.filter((pl.col("measure") == "cost_gbp") & (pl.col("population_group") == "65+"))
    top8 = cost65.filter((pl.col("people_share") - 0.08).abs() < 1e-9)["activity_share"].item()
    assert 0.08 < top8 < 1  # concentrated: the top 8% hold more than 8%
    assert (tmp_path / "rep" / "segments" / "E08000028_concentration.png").is_file()
    assert (tmp_path / "rep" / "segments" / "E08000028_segments.png").is_file()


def test_no_patient_level_data_gives_empty_tables(tmp_path: Path) -> None:
    result = _run(tmp_path)
    assert result.success
    events = result.get_asset_materialization_events()
    notes = [e.materialization.metadata["note"].value for e in events]
    assert notes[0].startswith("no patient-level data")
    warehouse = _tables(tmp_path / "warehouse.duckdb")
    assert warehouse["publish.segment_summary"].is_empty()
    assert (
        warehouse["publish.activity_concentration"]["activity_share"].null_count()
        == warehouse["publish.activity_concentration"].height
    )
