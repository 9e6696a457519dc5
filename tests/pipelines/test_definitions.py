"""The code location loads, and `dagster definitions validate` accepts it."""

import os
import subprocess
import sys
from pathlib import Path

import dagster as dg

from pipelines.definitions import build_definitions

ROOT = Path(__file__).resolve().parents[2]


def test_definitions_hold_every_layer_and_the_automation(tmp_path):
    defs = build_definitions(
        data_dir=str(tmp_path),
        warehouse=str(tmp_path / "w.duckdb"),
        restricted=str(tmp_path / "r.duckdb"),
        reports_dir=str(tmp_path / "reports"),
    )
    graph = defs.resolve_asset_graph()
    keys = {key.to_user_string() for key in graph.get_all_asset_keys()}
    assert {"staging/fingertips", "staging/imd", "staging/geography"} <= keys
    assert defs.resolve_job_def("full_refresh") is not None
    assert defs.resolve_job_def("indicators_only") is not None
    schedule = defs.resolve_schedule_def("monthly_full_refresh")
    assert schedule.execution_timezone == "Europe/London"
    assert schedule.cron_schedule == "0 6 1-4 * *"
    assert defs.resolve_sensor_def("landing_folder_sensor") is not None


def test_dagster_cli_validates_the_code_location(tmp_path):
    env = {
        **os.environ,
        "DAGSTER_HOME": str(tmp_path),
        "PLACEHEALTH_WAREHOUSE": str(tmp_path / "w.duckdb"),
        "PLACEHEALTH_RESTRICTED": str(tmp_path / "r.duckdb"),
    }
    done = subprocess.run(
        [sys.executable, "-m", "dagster", "definitions", "validate", "-m", "pipelines.definitions"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]


def test_schedule_skips_days_that_are_not_the_first_working_day(tmp_path):
    defs = build_definitions(
        data_dir=str(tmp_path),
        warehouse=str(tmp_path / "w.duckdb"),
        restricted=str(tmp_path / "r.duckdb"),
    )
    schedule = defs.resolve_schedule_def("monthly_full_refresh")
    from datetime import datetime
    from zoneinfo import ZoneInfo

    london = ZoneInfo("Europe/London")
    on_day = dg.build_schedule_context(
        scheduled_execution_time=datetime(2026, 11, 2, 6, tzinfo=london)
    )
    off_day = dg.build_schedule_context(
        scheduled_execution_time=datetime(2026, 11, 3, 6, tzinfo=london)
    )
    assert isinstance(schedule.evaluate_tick(on_day).run_requests[0], dg.RunRequest)
    assert schedule.evaluate_tick(off_day).skip_message


def test_sensor_requests_ingest_of_the_changed_source_and_its_downstream(tmp_path):
    defs = build_definitions(
        data_dir=str(tmp_path),
        warehouse=str(tmp_path / "w.duckdb"),
        restricted=str(tmp_path / "r.duckdb"),
    )
    sensor = defs.resolve_sensor_def("landing_folder_sensor")
    (tmp_path / "fingertips").mkdir()
    (tmp_path / "fingertips" / "a.csv").write_text("x\n")
    with dg.build_sensor_context(definitions=defs, resources=defs.resources) as first:
        result = sensor(first)
    assert result.run_requests == []  # the first tick only records what is there
    (tmp_path / "qof").mkdir()
    (tmp_path / "qof" / "QOF_2023-24_PREVALENCE_2324.csv").write_text("y\n")
    with dg.build_sensor_context(
        cursor=result.cursor, definitions=defs, resources=defs.resources
    ) as second:
        again = sensor(second)
    [request] = again.run_requests
    keys = {k.to_user_string() for k in request.asset_selection}
    assert "staging/qof_prevalence" in keys and "publish/indicator_baseline" in keys
    assert "staging/fingertips" not in keys
    # A reference and a supplementary table's files arrive together: one run for both.
    (tmp_path / "population").mkdir()
    (tmp_path / "population" / "european_standard_population_2013.csv").write_text("z\n")
    (tmp_path / "deprivation").mkdir()
    (tmp_path / "deprivation" / "IoD2025_LSOA21_subdomains_scores.csv").write_text("w\n")
    with dg.build_sensor_context(
        cursor=again.cursor, definitions=defs, resources=defs.resources
    ) as third:
        [request] = sensor(third).run_requests
    keys = {k.to_user_string() for k in request.asset_selection}
    assert {"staging/standard_population", "staging/imd_subdomains"} <= keys
    assert not {"staging/qof_prevalence", "staging/fingertips", "staging/imd"} & keys
