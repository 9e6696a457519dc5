"""Every run path publishes atomically: a run through an instance (as the UI, the schedule, the
sensor and backfills launch them) publishes all of its writes or none; two writer runs at once
lose nothing; a run that selects no restricted asset never opens the restricted database."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import dagster as dg
import duckdb
import pytest
from dagster_duckdb import DuckDBResource

from assets.ingest.staging import ingest_assets
from pipelines.resources import build_resources
from tests.pipelines.test_ingest_assets import ROW, good_rows, write_fingertips
from warehouse.tables import connection, replace_table

FINGERTIPS = [a for a in ingest_assets if dg.AssetKey(["staging", "fingertips"]) in a.keys]


def _resources(tmp_path: Path, data_dir: Path) -> dict:
    return build_resources(
        data_dir=str(data_dir),
        warehouse=str(tmp_path / "w.duckdb"),
        restricted=str(tmp_path / "r.duckdb"),
        reports_dir=str(tmp_path / "reports"),
    )


def _rows(path: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(path), read_only=True) as conn:
        return conn.execute(sql).fetchall()


@dg.asset(key=["marts", "after_fingertips"], deps=[dg.AssetKey(["staging", "fingertips"])])
def failing_after_fingertips(warehouse: DuckDBResource) -> None:
    """Writes, then fails: the run's earlier writes must not be published either."""
    with connection(warehouse) as conn:
        replace_table(conn, "marts.after_fingertips", _frame())
    raise RuntimeError("planted failure after the ingest step succeeded")


def _frame():
    import polars as pl

    return pl.DataFrame({"x": [1]})


def test_a_run_through_the_instance_publishes_all_or_nothing(tmp_path):
    data_dir = tmp_path / "extracts"
    write_fingertips(data_dir / "fingertips", good_rows())
    resources = _resources(tmp_path, data_dir)
    warehouse = tmp_path / "w.duckdb"
    with dg.instance_for_test() as instance:  # a run recorded in an instance, as the UI's are
        first = dg.materialize(FINGERTIPS, resources=resources, instance=instance)
        assert first.success
        assert _rows(warehouse, "SELECT count(*) FROM staging.fingertips") == [(2,)]
        before = warehouse.read_bytes()

        more = [*good_rows(), ROW.format(period="2020/21", value="70.1", sortable="20200000")]
        write_fingertips(data_dir / "fingertips", more)
        second = dg.materialize(
            [*FINGERTIPS, failing_after_fingertips],
            resources=resources,
            instance=instance,
            raise_on_error=False,
        )
    assert not second.success
    assert second.is_node_success("staging__fingertips")  # the ingest step itself succeeded
    assert warehouse.read_bytes() == before  # …but the run failed, so nothing was published
    assert not Path(f"{warehouse}.building").exists()
    assert not (tmp_path / "r.duckdb").exists()  # no restricted asset: never opened


def test_two_writer_runs_at_once_lose_nothing(tmp_path):
    data_dir = tmp_path / "extracts"
    write_fingertips(data_dir / "fingertips", good_rows())
    resources = _resources(tmp_path, data_dir)
    writes = {name: _writer(name) for name in ("marts.first_writer", "marts.second_writer")}
    results: dict[str, bool] = {}

    def run(name: str) -> None:
        with dg.instance_for_test() as instance:
            outcome = dg.materialize([writes[name]], resources=resources, instance=instance)
            results[name] = outcome.success

    threads = [threading.Thread(target=run, args=(name,), daemon=True) for name in writes]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert results == dict.fromkeys(writes, True)
    found = _rows(
        tmp_path / "w.duckdb",
        "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'marts' ORDER BY 1",
    )
    assert found == [("first_writer",), ("second_writer",)]  # the second copied the first's


def _writer(qualified: str) -> dg.AssetsDefinition:
    @dg.asset(key=qualified.split("."), name=None)
    def _write(warehouse: DuckDBResource) -> None:
        import time

        with connection(warehouse) as conn:
            replace_table(conn, qualified, _frame())
        time.sleep(1.0)  # both runs are under way at once

    return _write


HOLD = textwrap.dedent(
    """
    import sys, time, duckdb
    conn = duckdb.connect(sys.argv[1])  # a read-write connection: DuckDB locks the file
    conn.execute("CREATE TABLE IF NOT EXISTS t AS SELECT 1 AS x")
    print("holding", flush=True)
    time.sleep(120)
    """
)


def test_a_run_without_restricted_assets_never_opens_the_restricted_database(tmp_path):
    """As when a second build runs beside one that holds the restricted database."""
    data_dir = tmp_path / "extracts"
    write_fingertips(data_dir / "fingertips", good_rows())
    resources = _resources(tmp_path, data_dir)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(tmp_path / "r.duckdb")], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline().strip() == "holding"
        with pytest.raises(duckdb.IOException, match="lock"):
            duckdb.connect(str(tmp_path / "r.duckdb"))  # the restricted file is locked …
        with dg.instance_for_test() as instance:
            result = dg.materialize(FINGERTIPS, resources=resources, instance=instance)
        assert result.success  # … and the ingest run never needed it
    finally:
        holder.kill()
        holder.wait()
