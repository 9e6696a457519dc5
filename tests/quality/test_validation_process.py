"""The validation process answers exactly as validating in the run does, and fails loudly."""

from datetime import date

import duckdb
import polars as pl
import pytest
from dagster_duckdb import DuckDBResource

from assets.quality.store import save_gx_result
from assets.quality.validator import QualityValidator
from assets.resources import PlaceHealthSettings
from models.quality import validate
from models.quality.gx_engine import COMPRESS_FROM
from models.quality.suites import parse_suite
from quality_runtime.validation_process import ValidationProcess, ValidationProcessError
from warehouse.tables import connection, replace_table

SUITE = parse_suite(
    "staging.toy",
    {
        "expectations": [
            {"expectation": "ExpectColumnValuesToNotBeNull", "kwargs": {"column": "area_code"}},
            {
                "expectation": "ExpectColumnValuesToMatchRegex",
                "kwargs": {"column": "area_code", "regex": "^E0[0-9]{7}$"},
            },
            {
                "expectation": "ExpectColumnValuesToBeBetween",
                "kwargs": {"column": "value", "min_value": 0, "max_value": 100},
            },
            {
                "expectation": "ExpectCompoundColumnsToBeUnique",
                "kwargs": {"column_list": ["area_code", "period"]},
            },
            {
                "expectation": "ExpectColumnValuesToBeInSet",
                "severity": "WARN",
                "kwargs": {"column": "sex", "value_set": ["Male", "Female", "Persons"]},
            },
            {
                "expectation": "column_types",
                "kwargs": {"columns": {"value": "numeric", "when": "date"}},
            },
        ]
    },
)


def _frame(rows: int) -> pl.DataFrame:
    """`rows` rows (enough for the distinct-values path), a few of them bad in each way."""
    frame = pl.DataFrame(
        {
            "area_code": [f"E0{i:07d}" for i in range(rows)],
            "period": pl.Series([2019] * rows, dtype=pl.Int32),
            "sex": pl.Series(["Persons"] * rows, dtype=pl.Categorical),
            "value": pl.Series([float(i % 100) for i in range(rows)]),
            "when": pl.Series([date(2000, 1, 1)] + [None] * (rows - 1), dtype=pl.Date),
        }
    )
    bad = pl.DataFrame(
        {
            "area_code": [None, "W01000001", "E00000001"],
            "period": pl.Series([2019] * 3, dtype=pl.Int32),
            "sex": pl.Series(["Unknown", "Persons", "Persons"], dtype=pl.Categorical),
            "value": [150.0, -1.0, 5.0],
            "when": pl.Series([None] * 3, dtype=pl.Date),
        }
    )
    return pl.concat([frame, bad])


@pytest.fixture(scope="module")
def process():
    worker = ValidationProcess().start()
    yield worker
    worker.close()


def test_same_verdicts_and_counts_as_in_the_run(process):
    frame = _frame(COMPRESS_FROM + 10)
    process.submit("toy", frame, SUITE, {})
    remote = process.result("toy")
    local = validate(frame, SUITE, {})
    assert remote.rows == local.rows == frame.height
    assert remote.results == local.results
    assert [r.success for r in remote.results] == [False, False, False, False, False, True]
    assert [r.unexpected_count for r in remote.results][:3] == [1, 1, 2]  # GX skips nulls


def test_a_resubmitted_table_answers_with_its_latest_frame(process):
    process.submit("toy", _frame(10), SUITE, {})
    process.submit("other", _frame(5), SUITE, {})
    process.submit("toy", _frame(20), SUITE, {})
    assert process.result("other").rows == 8
    assert process.result("toy").rows == 23
    assert not process.has("toy")


def test_a_failed_validation_names_its_cause_and_the_worker_goes_on(process):
    broken = parse_suite("staging.toy", {"expectations": [{"expectation": "no_such_rule"}]})
    process.submit("broken", _frame(5), broken, {})
    with pytest.raises(ValidationProcessError, match="unknown expectation 'no_such_rule'"):
        process.result("broken")
    process.submit("toy", _frame(5), SUITE, {})
    assert process.result("toy").rows == 8


def test_data_docs_are_built_in_the_worker(process, tmp_path):
    frame = _frame(10)
    save_gx_result(tmp_path / "results", validate(frame, SUITE, {}))
    index = process.data_docs(tmp_path)
    assert index == tmp_path / "data_docs" / "index.html" and index.is_file()


def test_a_lost_worker_leaves_the_check_to_validate_in_the_run(tmp_path):
    warehouse = DuckDBResource(database=str(tmp_path / "w.duckdb"))
    frame = _frame(10)
    with connection(warehouse) as conn:
        replace_table(conn, "staging.toy", frame)
    settings = PlaceHealthSettings(data_dir=str(tmp_path), reports_dir=str(tmp_path / "r"))
    validator = QualityValidator(settings=settings, warehouse=warehouse)
    validator._send(SUITE)  # what the listener does when staging.toy materialises
    worker = validator._process
    assert worker is not None and worker.has("staging.toy")
    worker._process.kill()  # the worker dies before answering
    worker._process.wait()
    try:
        with connection(warehouse) as conn:
            outcome, where = validator.outcome(SUITE, conn)
    finally:
        worker.close()
    assert where == "check step"
    assert outcome.results == validate(frame, SUITE, {}).results
    with duckdb.connect(str(tmp_path / "w.duckdb")) as conn:
        assert conn.sql("SELECT count(*) FROM staging.toy").fetchall() == [(13,)]
