"""The ingest group on the real extracts: every file loads and every data row is accounted for."""

import csv
import gzip
import io

import duckdb
import pytest

from pipelines.build import run_build
from sources.registry import OPTIONAL

pytestmark = pytest.mark.real_data


def data_rows(path) -> int:
    """Records in a CSV (header excluded, or none for headerless epraccur), counted by `csv`."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rb") as handle:
        raw = handle.read()
    text = raw.decode("utf-8-sig", errors="replace")
    records = sum(1 for row in csv.reader(io.StringIO(text, newline="")) if row)
    return records if path.name.startswith("epraccur") else records - 1


@pytest.fixture(scope="module")
def real_warehouse(real_data_dir, tmp_path_factory):
    root = tmp_path_factory.mktemp("real")
    mp = pytest.MonkeyPatch()
    mp.setenv("DAGSTER_HOME", str(root))
    mp.setenv("PLACEHEALTH_RESTRICTED", str(root / "restricted_records.duckdb"))
    code = run_build(
        selection="group:ingest",
        data_dir=str(real_data_dir),
        warehouse=str(root / "warehouse.duckdb"),
    )
    mp.undo()
    assert code == 0
    return root / "warehouse.duckdb"


def test_every_file_is_loaded_and_rows_add_up(real_warehouse, real_data_dir):
    with duckdb.connect(str(real_warehouse), read_only=True) as conn:
        log = conn.execute(
            "SELECT source, file, rows_read, rows_loaded, rows_rejected, status FROM meta.load_log"
        ).fetchall()
    statuses = {source: status for source, _, _, _, _, status in log}
    present = {s: v for s, v in statuses.items() if s not in OPTIONAL}
    assert set(present.values()) == {"loaded"}, statuses
    assert {"fingertips", "qof_prevalence", "imd", "geography", "population"} <= set(statuses)
    checked = 0
    for source, file, rows_read, loaded, rejected, status in log:
        if status == "absent" and source in OPTIONAL:
            continue
        assert loaded + rejected == rows_read, (source, file)
        path = real_data_dir / file
        if path.suffix in {".csv", ".gz"} and "json" not in path.name and rows_read:
            assert rows_read == data_rows(path), file
            checked += 1
    assert checked >= 20


def test_staging_tables_hold_the_published_spot_values(real_warehouse):
    with duckdb.connect(str(real_warehouse), read_only=True) as conn:
        overweight = conn.execute(
            "SELECT value FROM staging.fingertips WHERE indicator_id = 93088 AND "
            "area_code = 'E08000028' AND time_period = '2018/19' AND category_type IS NULL"
        ).fetchall()
        sandwell_lsoas = conn.execute(
            "SELECT count(*) FROM staging.imd WHERE iod_edition = 2019 AND lad_code = 'E08000028'"
        ).fetchall()
    assert [round(v, 1) for (v,) in overweight] == [71.0]
    assert sandwell_lsoas == [(186,)]
