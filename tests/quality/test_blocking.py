"""A failed ERROR check stops the publish asset and leaves the published table untouched."""

import dagster as dg
import duckdb
import polars as pl
import pytest
from dagster_duckdb import DuckDBResource

from assets.quality.checks import build_suite_check
from assets.quality.validator import QualityValidator
from assets.resources import PlaceHealthSettings
from models.quality.suites import parse_suite
from warehouse.tables import read_table, replace_table

SUITE = parse_suite(
    "staging.toy",
    {
        "expectations": [
            {"expectation": "ExpectColumnValuesToNotBeNull", "kwargs": {"column": "area_code"}},
            {
                "expectation": "ExpectColumnValuesToBeBetween",
                "severity": "ERROR",
                "kwargs": {"column": "value", "min_value": 0, "max_value": 100},
            },
            {
                "expectation": "row_count_change",
                "severity": "WARN",
                "kwargs": {"previous_row_count": "$previous_row_count", "tolerance": 0.1},
            },
        ]
    },
)


def _graph(values: list[float | None]) -> list:
    @dg.asset(key=["staging", "toy"])
    def toy(warehouse: DuckDBResource) -> None:
        with warehouse.get_connection() as conn:
            replace_table(
                conn,
                "staging.toy",
                pl.DataFrame({"area_code": [f"E{i}" for i in range(len(values))], "value": values}),
            )

    @dg.asset(key=["publish", "toy"], deps=[toy])
    def published(warehouse: DuckDBResource) -> None:
        with warehouse.get_connection() as conn:
            replace_table(conn, "publish.toy", read_table(conn, "staging.toy"))

    return [toy, published, build_suite_check(SUITE)]


@pytest.fixture(params=[False, True], ids=["in-run", "validation-process"])
def resources(request, tmp_path):
    """Validated in the check step, or sent to a validation process as the asset materialises."""
    warehouse = DuckDBResource(database=str(tmp_path / "w.duckdb"))
    settings = PlaceHealthSettings(data_dir=str(tmp_path), reports_dir=str(tmp_path / "r"))
    validator = QualityValidator(
        settings=settings, warehouse=warehouse, separate_process=request.param
    )
    resources = {"warehouse": warehouse, "settings": settings, "quality_validator": validator}
    return resources, request.param


def test_failed_error_check_blocks_publish_and_keeps_previous_table(resources, tmp_path):
    resources, process = resources
    clean = dg.materialize(_graph([1.0, 50.0, 99.0]), resources=resources)
    assert clean.success
    bad = dg.materialize(_graph([1.0, 150.0, 99.0]), resources=resources, raise_on_error=False)
    checks = {e.check_name: e for e in bad.get_asset_check_evaluations()}
    where = "validation process" if process else "check step"
    assert all(e.metadata["validated_in"].text.startswith(where) for e in checks.values())
    assert checks["quality"].passed is False
    assert checks["quality"].severity == dg.AssetCheckSeverity.ERROR
    materialised = {e.asset_key.path[0] for e in bad.get_asset_materialization_events()}
    assert "publish" not in materialised and "staging" in materialised
    conn = duckdb.connect(str(tmp_path / "w.duckdb"))
    assert conn.sql("SELECT value FROM publish.toy ORDER BY 1").pl()["value"].to_list() == [
        1.0,
        50.0,
        99.0,
    ]
    failed = conn.sql("SELECT expectation, run_id FROM publish.data_quality WHERE NOT passed").pl()
    assert failed["expectation"].to_list() == ["ExpectColumnValuesToBeBetween(value)"]
    assert failed["run_id"].to_list() == [bad.run_id]
    assert (tmp_path / "r" / "data_quality" / "results" / "staging.toy.all.json").is_file()


def test_warn_only_failure_is_recorded_and_does_not_block(resources, tmp_path):
    resources, _ = resources
    assert dg.materialize(_graph([1.0, 50.0, 99.0]), resources=resources).success
    grown = dg.materialize(_graph([1.0, 50.0, 99.0, 7.0]), resources=resources)  # +33% rows
    (check,) = grown.get_asset_check_evaluations()
    assert check.passed is False and check.severity == dg.AssetCheckSeverity.WARN
    assert check.metadata["failed_warn"].value == 1 and check.metadata["failed_error"].value == 0
    materialised = {"/".join(e.asset_key.path) for e in grown.get_asset_materialization_events()}
    assert materialised == {"staging/toy", "publish/toy"}
