"""Trajectory-vs-target on the real Fingertips extracts (skipped where they are absent)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import dagster as dg
import duckdb
import polars as pl
import pytest
from dagster_duckdb import DuckDBResource

from assets.resources import PlaceHealthSettings
from assets.targets.tracking import targets_registry, trajectory_vs_target_table

COLUMNS = {
    "Indicator ID": "indicator_id",
    "Area Code": "area_code",
    "Area Name": "area_name",
    "Sex": "sex",
    "Age": "age",
    "Category Type": "category_type",
    "Time period": "time_period",
    "Value": "value",
    "Lower CI 95.0 limit": "lower_ci_95",
    "Upper CI 95.0 limit": "upper_ci_95",
    "Count": "count",
    "Denominator": "denominator",
}
FLOATS = ["value", "lower_ci_95", "upper_ci_95", "count", "denominator"]


def _staging_fingertips(data_dir: Path) -> pl.DataFrame:
    frames = [
        pl.read_csv(path, columns=list(COLUMNS), infer_schema_length=0)
        .rename(COLUMNS)
        .with_columns(source_file=pl.lit(path.name))
        for path in sorted((data_dir / "fingertips").glob("*.csv.gz"))
    ]
    return pl.concat(frames).with_columns(
        pl.col("indicator_id").cast(pl.Int64), *(pl.col(c).cast(pl.Float64) for c in FLOATS)
    )


@pytest.fixture(scope="module")
def table(real_data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> pl.DataFrame:
    folder = tmp_path_factory.mktemp("targets_real")
    database = folder / "warehouse.duckdb"
    with duckdb.connect(str(database)) as conn:
        conn.execute("CREATE SCHEMA staging")
        conn.register("incoming", _staging_fingertips(real_data_dir).to_arrow())
        conn.execute("CREATE TABLE staging.fingertips AS SELECT * FROM incoming")
    result = dg.materialize(
        [targets_registry, trajectory_vs_target_table],
        resources={
            "settings": PlaceHealthSettings(reports_dir=str(folder / "reports")),
            "warehouse": DuckDBResource(database=str(database)),
        },
        run_config={
            "ops": {
                "publish__trajectory_vs_target": {
                    "config": {"as_of": "2026-11-23", "charts": False}
                }
            }
        },
    )
    assert result.success
    with duckdb.connect(str(database), read_only=True) as conn:
        return conn.sql("SELECT * FROM publish.trajectory_vs_target").pl()


def _rows(table: pl.DataFrame, target_id: str, area: str) -> pl.DataFrame:
    return table.filter((pl.col("target_id") == target_id) & (pl.col("area_code") == area))


@pytest.mark.real_data
def test_sandwell_overweight_adults_against_its_trajectory(table: pl.DataFrame) -> None:
    rows = _rows(table, "sandwell-overweight-adults", "E08000028")
    assert rows["period"].to_list()[:4] == ["2015/16", "2016/17", "2017/18", "2018/19"]
    baseline = rows.filter(pl.col("period") == "2018/19").row(0, named=True)
    assert baseline["actual_value"] == pytest.approx(71.0)
    assert baseline["trajectory_value"] == pytest.approx(71.0)
    latest = rows.filter(pl.col("is_latest")).row(0, named=True)
    assert (latest["period"], latest["actual_value"]) == ("2024/25", pytest.approx(75.1))
    assert latest["status"] == "off_track"


@pytest.mark.real_data
def test_sandwell_inactive_adults_has_every_available_period(table: pl.DataFrame) -> None:
    rows = _rows(table, "sandwell-physically-inactive-adults", "E08000028")
    assert rows.height == 10  # 2015/16 to 2024/25, each once despite two overlapping files
    assert rows.filter(pl.col("period") == "2017/18")["actual_value"].item() == 29.6
    assert rows.filter(pl.col("period") == "2015/16")["status"].item() == "not_yet_measurable"


@pytest.mark.real_data
def test_birmingham_and_solihull_inactivity_and_falls(table: pl.DataFrame) -> None:
    for target_id, area in [
        ("bsol-inactivity-birmingham", "E08000025"),
        ("bsol-inactivity-solihull", "E08000029"),
        ("bsol-falls-admissions", "E08000025"),
        ("bsol-falls-admissions", "E08000029"),
    ]:
        rows = _rows(table, target_id, area)
        assert rows.height >= 8, target_id
        assert rows["actual_value"].null_count() == 0
        assert rows["target_date"].unique().to_list() == [dt.date(2021, 3, 31)]
    falls = _rows(table, "bsol-falls-admissions", "E08000025")
    assert falls.filter(pl.col("period") == "2014/15")["actual_value"].item() == 2382.0
    caveat = _rows(table, "bsol-inactivity-birmingham", "E08000025")["status_reason"][-1]
    assert "not comparable" in caveat


@pytest.mark.real_data
def test_targets_without_data_are_not_yet_measurable(table: pl.DataFrame) -> None:
    for target_id in ["sandwell-smoking-at-delivery", "sandwell-school-readiness", "sandwell-pm25"]:
        rows = _rows(table, target_id, "E08000028")
        assert rows.height == 1
        assert rows.row(0, named=True)["status"] == "not_yet_measurable"
        assert rows.row(0, named=True)["actual_value"] is None


@pytest.mark.real_data
def test_incomplete_targets_say_so(table: pl.DataFrame) -> None:
    latest = table.filter(pl.col("is_latest"))
    diabetes = latest.filter(pl.col("target_id") == "sandwell-diabetes-prevalence")
    assert diabetes["status"].to_list() == ["incomplete_target"]
    smoking = _rows(table, "bsol-adult-smoking", "E08000025")
    assert smoking.height > 5 and set(smoking["status"]) == {"incomplete_target"}
