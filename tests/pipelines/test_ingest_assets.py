"""Ingest assets: transactional loads, the load log, skip on unchanged files, clear errors."""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from assets.ingest.staging import ingest_assets
from pipelines.resources import build_resources

HEADER = (
    "Indicator ID,Indicator Name,Parent Code,Parent Name,Area Code,Area Name,Area Type,Sex,Age,"
    "Category Type,Category,Time period,Value,Lower CI 95.0 limit,Upper CI 95.0 limit,"
    "Lower CI 99.8 limit,Upper CI 99.8 limit,Count,Denominator,Value note,Recent Trend,"
    "Compared to England value or percentiles,Compared to Region value or percentiles,"
    "Time period Sortable,New data,Compared to goal"
)
ROW = (
    "93088,Overweight adults,E12000005,West Midlands region,E08000028,Sandwell,"
    "Districts & UAs,Persons,18+ yrs,,,{period},{value},69.0,73.0,,,710,1000,,,Worse,Similar,"
    "{sortable},,"
)


def write_fingertips(folder: Path, rows: list[str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "extract.csv.gz"
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.write("\n".join([HEADER, *rows]) + "\n")
    return path


def good_rows() -> list[str]:
    return [
        ROW.format(period="2018/19", value="71.0", sortable="20180000"),
        ROW.format(period="2019/20", value="70.5", sortable="20190000"),
    ]


@pytest.fixture
def setup(tmp_path):
    data_dir = tmp_path / "extracts"
    write_fingertips(data_dir / "fingertips", good_rows())
    resources = build_resources(
        data_dir=str(data_dir),
        warehouse=str(tmp_path / "w.duckdb"),
        restricted=str(tmp_path / "r.duckdb"),
        reports_dir=str(tmp_path / "reports"),
    )
    return data_dir, resources, tmp_path / "w.duckdb"


def materialize(resources):
    return dg.materialize(
        ingest_assets, resources=resources, selection="staging/fingertips", raise_on_error=False
    )


def rows(path: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(path), read_only=True) as conn:
        return conn.execute(sql).fetchall()


def test_load_logs_rows_and_skips_unchanged_files(setup):
    data_dir, resources, warehouse = setup
    assert materialize(resources).success
    assert rows(warehouse, "SELECT count(*), min(value) FROM staging.fingertips") == [(2, 70.5)]
    log = rows(warehouse, "SELECT status, rows_read, rows_loaded, rows_rejected FROM meta.load_log")
    assert log == [("loaded", 2, 2, 0)]
    assert materialize(resources).success
    statuses = rows(warehouse, "SELECT status FROM meta.load_log ORDER BY loaded_at")
    assert [s for (s,) in statuses] == ["loaded", "skipped"]


def test_failed_refresh_keeps_last_good_data_and_names_file_row_column(setup):
    data_dir, resources, warehouse = setup
    assert materialize(resources).success
    bad = [*good_rows(), ROW.format(period="2020/21", value="abc", sortable="20200000")]
    write_fingertips(data_dir / "fingertips", bad)
    result = materialize(resources)
    assert not result.success
    failure = next(e for e in result.all_events if e.event_type == dg.DagsterEventType.STEP_FAILURE)
    message = failure.step_failure_data.user_failure_data.description
    assert "extract.csv.gz" in message and "row 3" in message and "Value" in message
    assert rows(warehouse, "SELECT count(*) FROM staging.fingertips") == [(2,)]
    # a failed run publishes nothing, its load-log rows included: the published log stays
    # that of the last good refresh, and the failure is in the run's own log (above)
    assert rows(warehouse, "SELECT status FROM meta.load_log") == [("loaded",)]


def test_absent_source_is_reported_not_an_error(setup):
    data_dir, resources, warehouse = setup
    shutil.rmtree(data_dir / "fingertips")
    assert materialize(resources).success
    assert rows(warehouse, "SELECT status FROM meta.load_log") == [("absent",)]
