"""The report: Data Docs and a one-page IG summary built from publish.data_quality."""

import dagster as dg
import polars as pl
from dagster_duckdb import DuckDBResource

from assets.quality.checks import build_suite_check
from assets.quality.report import data_quality_report
from assets.quality.validator import QualityValidator
from assets.resources import PlaceHealthSettings
from expectations import load_suite
from models.quality.report import plain_english
from warehouse.tables import replace_table


def test_plain_english_names():
    assert (
        plain_english("ExpectColumnValuesToNotBeNull(area_code)")
        == "no missing values in area_code"
    )
    assert (
        plain_english("no_identifier_columns")
        == "no person identifiers or pseudonyms are published"
    )


def test_report_after_checks_on_a_published_table(tmp_path):
    warehouse = DuckDBResource(database=str(tmp_path / "w.duckdb"))
    settings = PlaceHealthSettings(data_dir=str(tmp_path), reports_dir=str(tmp_path / "r"))
    suite = load_suite("publish.register_summary")

    @dg.asset(key=["publish", "register_summary"])
    def register_summary() -> None:
        with warehouse.get_connection() as conn:
            frame = pl.DataFrame(
                {
                    "neighbourhood": ["N1", "N2"],
                    "risk_band": ["high"] * 2,
                    "age_band": ["65+"] * 2,
                    "imd_quintile": [1, 2],
                    "people": [3, 20],
                }
            )
            replace_table(conn, "publish.register_summary", frame)

    validator = QualityValidator(settings=settings, warehouse=warehouse, separate_process=False)
    result = dg.materialize(
        [
            register_summary,
            build_suite_check(suite),
            data_quality_report,
        ],
        resources={"warehouse": warehouse, "settings": settings, "quality_validator": validator},
        raise_on_error=False,
        selection=[dg.AssetKey(["publish", "register_summary"])],
    )
    (check,) = result.get_asset_check_evaluations()
    assert check.passed is False and check.severity == dg.AssetCheckSeverity.ERROR
    report = dg.materialize(
        [data_quality_report],
        resources={"warehouse": warehouse, "settings": settings, "quality_validator": validator},
    )
    assert report.success
    html = (tmp_path / "r" / "data_quality" / "summary.html").read_text()
    assert "Do not sign off" in html and "small counts are suppressed" in html
    assert (tmp_path / "r" / "data_quality" / "data_docs" / "index.html").is_file()


def test_report_sensor_skips_itself_and_place_runs():
    from types import SimpleNamespace

    from assets.quality.report import _report_request

    def finished(job: str, tags: dict[str, str]) -> object:
        run = SimpleNamespace(job_name=job, tags=tags, run_id="r1")
        return _report_request(SimpleNamespace(dagster_run=run))

    assert isinstance(finished("full_refresh", {}), dg.RunRequest)
    assert isinstance(finished("data_quality_report_job", {}), dg.SkipReason)
    assert isinstance(finished("national_risk", {"placehealth/national": "place"}), dg.SkipReason)
    assert isinstance(finished("national_register_summary", {}), dg.RunRequest)


def test_latest_results_leave_out_retired_checks_in_sql_and_in_polars(tmp_path):
    from datetime import datetime

    import duckdb

    from assets.quality.store import RESULT_SCHEMA, latest_results, record_results
    from warehouse.tables import query

    def row(check: str, run: str, passed: bool, day: int) -> tuple:
        at = datetime(2026, 11, day)
        return (check, "staging.x", "e", run, "WARN", passed, False, None, 0, "m", at)

    rows = pl.DataFrame(
        [
            row("quality_warn", "old", False, 1),  # a result of a check that no longer exists
            row("quality", "new", True, 2),
            row("person_quality_error", "old", False, 1),
            row("ig_registers_restricted", "old", True, 1),
        ],
        schema=RESULT_SCHEMA,
        orient="row",
    )
    with duckdb.connect(str(tmp_path / "w.duckdb")) as conn:
        record_results(conn, rows)
        from_sql = query(conn, "quality/latest_results")
    for latest in (latest_results(rows), from_sql):
        assert sorted(latest["check_name"].to_list()) == ["ig_registers_restricted", "quality"]


def test_history_is_compacted_without_losing_a_row(tmp_path):
    import time
    from datetime import datetime

    from assets.quality.store import COMPACT_FROM, RESULT_SCHEMA, load_history, save_history

    def rows(i: int) -> pl.DataFrame:
        at = datetime(2026, 11, 1, 0, 0, i % 60)
        row = ("quality", f"staging.t{i}", "e", f"run{i}", "ERROR", True, False, None, 0, "", at)
        return pl.DataFrame([row], schema=RESULT_SCHEMA, orient="row")

    folder = tmp_path / "history"
    for i in range(COMPACT_FROM):
        save_history(folder, rows(i))
        time.sleep(0.001)  # file names carry a microsecond stamp
    assert load_history(folder).height == COMPACT_FROM  # reading alone changes nothing
    assert len(list(folder.glob("*.parquet"))) == COMPACT_FROM
    compacted = load_history(folder, compact=True)
    assert len(list(folder.glob("*.parquet"))) == 1
    save_history(folder, rows(COMPACT_FROM))
    again = load_history(folder, compact=True)
    assert again.height == COMPACT_FROM + 1 and len(list(folder.glob("*.parquet"))) == 2
    assert sorted(again["asset"].to_list()) == sorted(
        [*compacted["asset"], f"staging.t{COMPACT_FROM}"]
    )
