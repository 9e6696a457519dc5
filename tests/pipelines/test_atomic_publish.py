"""Builds write a shadow copy and swap it in atomically; readers never see half a refresh."""

import subprocess
import sys
import textwrap
import time

import dagster as dg
import duckdb

from assets.quality.report import REPORT_KEY
from pipelines.build import run_build
from tests.pipelines.test_ingest_assets import ROW, good_rows, write_fingertips

READER = textwrap.dedent(
    """
    import sys, time, duckdb
    path, rows_after, seconds = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
    seen, end = [], time.time() + seconds
    while time.time() < end and rows_after not in [rows for rows, _ in seen[-1:]]:
        with duckdb.connect(path, read_only=True) as conn:
            rows = conn.execute("SELECT count(*) FROM staging.fingertips").fetchall()[0][0]
            run = conn.execute("SELECT run_id FROM publish.contract_version").fetchall()[0][0]
            seen.append((rows, run))
        time.sleep(0.01)
    print(sorted(set(seen)))
    """
)


def test_concurrent_reader_sees_old_or_new_never_partial(tmp_path, monkeypatch):
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path))
    data_dir, warehouse = tmp_path / "extracts", tmp_path / "warehouse.duckdb"
    write_fingertips(data_dir / "fingertips", good_rows())
    monkeypatch.setenv("PLACEHEALTH_RESTRICTED", str(tmp_path / "r.duckdb"))
    common = {"data_dir": str(data_dir), "warehouse": str(warehouse)}
    selection = "key:staging/fingertips or key:publish/contract_version"  # a table and a view
    assert run_build(selection=selection, **common) == 0
    first = _run_id(warehouse)

    more = [*good_rows(), ROW.format(period="2020/21", value="70.1", sortable="20200000")]
    write_fingertips(data_dir / "fingertips", more)
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(warehouse), "3", "120"],
        stdout=subprocess.PIPE,
        text=True,
    )
    time.sleep(2)
    assert run_build(selection=selection, **common) == 0
    second = _run_id(warehouse)
    out, _ = reader.communicate(timeout=60)
    assert reader.returncode == 0
    seen = set(eval(out))  # noqa: S307 (our own printed list)
    assert seen <= {(2, first), (3, second)} and (3, second) in seen  # old or new, never mixed


def _run_id(warehouse) -> str:
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        return conn.execute("SELECT run_id FROM publish.contract_version").fetchall()[0][0]


def test_failed_build_leaves_published_warehouse_untouched(tmp_path, monkeypatch):
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path))
    monkeypatch.setenv("PLACEHEALTH_RESTRICTED", str(tmp_path / "r.duckdb"))
    monkeypatch.setenv("PLACEHEALTH_REPORTS", str(tmp_path / "reports"))
    data_dir, warehouse = tmp_path / "extracts", tmp_path / "warehouse.duckdb"
    write_fingertips(data_dir / "fingertips", good_rows())
    common = {"data_dir": str(data_dir), "warehouse": str(warehouse)}
    assert run_build(selection="staging/fingertips", **common) == 0
    # every checked build refreshes the IG summary within its run, whatever the selection
    (run,) = dg.DagsterInstance.get().get_runs(limit=1)
    assert REPORT_KEY in run.asset_selection
    assert (tmp_path / "reports" / "data_quality" / "summary.html").is_file()
    before = warehouse.read_bytes()
    write_fingertips(data_dir / "fingertips", ["93088,broken"])
    assert run_build(selection="staging/fingertips", **common) == 1
    assert warehouse.read_bytes() == before
    assert not (tmp_path / "warehouse.duckdb.building").exists()
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        assert conn.execute("SELECT count(*) FROM staging.fingertips").fetchall() == [(2,)]
