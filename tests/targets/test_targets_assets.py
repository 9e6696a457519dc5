"""The targets assets materialised on a temporary warehouse with a small staging.fingertips."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
import duckdb
import polars as pl
import pytest
import yaml
from dagster_duckdb import DuckDBResource

from assets.resources import PlaceHealthSettings
from assets.targets.tracking import targets_registry, trajectory_vs_target_table
from tests.targets.conftest import target_doc

MEASURED = target_doc(
    id="measured", indicator={"fingertips_id": 93088, "sex": "Persons", "age": "18+ yrs"}
)
UNMEASURED = target_doc(id="unmeasured", indicator={"fingertips_id": 93085})
INCOMPLETE = target_doc(id="incomplete", target={"value": None})


def _fingertips(rows: list[tuple]) -> pl.DataFrame:
    columns = [
        "indicator_id",
        "area_code",
        "area_name",
        "sex",
        "age",
        "category_type",
        "time_period",
        "value",
        "lower_ci_95",
        "upper_ci_95",
        "count",
        "denominator",
        "source_file",
    ]
    return pl.DataFrame(rows, schema=columns, orient="row").with_columns(
        pl.col(c).cast(pl.Float64)
        for c in ["value", "lower_ci_95", "upper_ci_95", "count", "denominator"]
    )


FINGERTIPS = _fingertips(
    [
        (
            93088,
            "E08000028",
            "Sandwell",
            "Persons",
            "18+ yrs",
            None,
            "2020/21",
            20.0,
            19.0,
            21.0,
            200,
            1000,
            "a.csv",
        ),
        (
            93088,
            "E08000028",
            "Sandwell",
            "Persons",
            None,
            None,
            "2021/22",
            17.0,
            None,
            None,
            None,
            None,
            "b.csv",
        ),
        (
            93088,
            "E08000028",
            "Sandwell",
            "Persons",
            "18+ yrs",
            None,
            "2021/22",
            16.0,
            15.0,
            17.0,
            160,
            1000,
            "a.csv",
        ),
        (
            93088,
            "E08000028",
            "Sandwell",
            "Persons",
            "18+ yrs",
            None,
            "2022/23",
            13.0,
            12.0,
            14.0,
            130,
            1000,
            "a.csv",
        ),
        (
            93088,
            "E08000028",
            "Sandwell",
            "Male",
            "18+ yrs",
            None,
            "2022/23",
            40.0,
            39.0,
            41.0,
            400,
            1000,
            "a.csv",
        ),
        (
            93088,
            "E08000028",
            "Sandwell",
            "Persons",
            "18+ yrs",
            "Deprivation",
            "2022/23",
            50.0,
            49.0,
            51.0,
            500,
            1000,
            "a.csv",
        ),
        (
            93088,
            "E08000025",
            "Birmingham",
            "Persons",
            "18+ yrs",
            None,
            "2022/23",
            60.0,
            59.0,
            61.0,
            600,
            1000,
            "a.csv",
        ),
    ]
)


def _run(tmp_path: Path, fingertips: pl.DataFrame | None) -> tuple[dg.ExecuteInProcessResult, Path]:
    targets_dir = tmp_path / "targets"
    targets_dir.mkdir()
    docs = {"targets": [MEASURED, UNMEASURED, INCOMPLETE]}
    (targets_dir / "test.yaml").write_text(yaml.safe_dump(docs, sort_keys=False))
    database = tmp_path / "warehouse.duckdb"
    if fingertips is not None:
        with duckdb.connect(str(database)) as conn:
            conn.execute("CREATE SCHEMA staging")
            conn.register("incoming", fingertips.to_arrow())
            conn.execute("CREATE TABLE staging.fingertips AS SELECT * FROM incoming")
    result = dg.materialize(
        [targets_registry, trajectory_vs_target_table],
        resources={
            "settings": PlaceHealthSettings(reports_dir=str(tmp_path / "reports")),
            "warehouse": DuckDBResource(database=str(database)),
        },
        run_config={
            "ops": {
                "staging__targets": {"config": {"targets_dir": str(targets_dir)}},
                "publish__trajectory_vs_target": {"config": {"as_of": "2030-01-01"}},
            }
        },
    )
    return result, database


def _table(database: Path) -> pl.DataFrame:
    with duckdb.connect(str(database), read_only=True) as conn:
        return conn.sql("SELECT * FROM publish.trajectory_vs_target").pl()


def test_materialize_tracks_targets_and_writes_charts(tmp_path: Path) -> None:
    result, database = _run(tmp_path, FINGERTIPS)
    assert result.success
    table = _table(database)
    measured = table.filter(pl.col("target_id") == "measured").sort("period_date")
    assert measured["period"].to_list() == ["2020/21", "2021/22", "2022/23"]
    assert measured["actual_value"].to_list() == [20.0, 16.0, 13.0]  # exact age beats blank
    assert measured["actual_lower_95"].to_list() == [19.0, 15.0, 12.0]
    assert measured["status"][-1] == "on_track"
    assert measured["forecast_at_target_date"][-1] is not None
    statuses = dict(table.filter(pl.col("is_latest")).select("target_id", "status").iter_rows())
    assert statuses["unmeasured"] == "not_yet_measurable"
    assert statuses["incomplete"] == "incomplete_target"
    charts = sorted(p.name for p in (tmp_path / "reports" / "targets").glob("*.png"))
    assert charts == ["measured__E08000028.png", "unmeasured__E08000028.png"]
    metadata = result.asset_materializations_for_node("publish__trajectory_vs_target")[0].metadata
    assert metadata["latest_on_track"].value == 1
    assert "| measured | E08000028 | 2022/23 |" in metadata["preview"].value


def test_without_staging_fingertips_every_target_is_not_yet_measurable(tmp_path: Path) -> None:
    result, database = _run(tmp_path, None)
    assert result.success
    table = _table(database)
    assert table.height == 3
    assert table.filter(pl.col("target_id") != "incomplete")["status"].unique().to_list() == [
        "not_yet_measurable"
    ]


def test_invalid_registry_fails_with_file_and_field(tmp_path: Path) -> None:
    targets_dir = tmp_path / "targets"
    targets_dir.mkdir()
    (targets_dir / "bad.yaml").write_text(yaml.safe_dump({"targets": [target_doc(polarity="up")]}))
    with pytest.raises(dg.Failure, match=r"bad.yaml: targets\[0\] \(id=t-lower\): field polarity"):
        dg.materialize(
            [targets_registry],
            resources={"warehouse": DuckDBResource(database=str(tmp_path / "w.duckdb"))},
            run_config={"ops": {"staging__targets": {"config": {"targets_dir": str(targets_dir)}}}},
        )
    assert not (tmp_path / "w.duckdb").exists()  # failed before writing anything
