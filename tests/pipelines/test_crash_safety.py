"""A build killed (SIGKILL) inside an ingest or during the swap leaves the last good warehouse,
which opens and agrees with its load log; the next build succeeds with no clean-up. The full
matrix (30 kills across every phase, readers under load) is benchmarks/reliability.py."""

from __future__ import annotations

import fcntl
import hashlib
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pytest

from tests.pipelines.test_ingest_assets import ROW, good_rows, write_fingertips
from warehouse.publishing import check_opens

ROOT = Path(__file__).resolve().parents[2]

CHILD = textwrap.dedent(
    """
    import importlib.util, sys
    import dagster as dg
    from assets.ingest.staging import ingest_assets
    from pipelines.resources import build_resources
    data, warehouse, phase, k = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    spec = importlib.util.spec_from_file_location("reliability", sys.argv[5])
    reliability = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(reliability)
    if phase != "none":
        reliability._install_failpoint(phase, k)
    resources = build_resources(data_dir=data, warehouse=warehouse)
    with dg.DagsterInstance.get() as instance:
        result = dg.materialize(
            ingest_assets, resources=resources, instance=instance, selection="staging/fingertips"
        )
    sys.exit(0 if result.success else 1)
    """
)


def _build(tmp_path: Path, data: Path, phase: str = "none", k: int = 0) -> int:
    env = {
        **os.environ,
        "DAGSTER_HOME": str(tmp_path / "home"),
        "PLACEHEALTH_RESTRICTED": str(tmp_path / "r.duckdb"),
        "PLACEHEALTH_REPORTS": str(tmp_path / "reports"),
    }
    (tmp_path / "home").mkdir(exist_ok=True)
    script = [sys.executable, "-c", CHILD, str(data), str(tmp_path / "w.duckdb"), phase, str(k)]
    script.append(str(ROOT / "benchmarks" / "reliability.py"))
    done = subprocess.run(script, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode in (0, -signal.SIGKILL), done.stderr[-2000:]
    return done.returncode


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _agrees(warehouse: Path, data: Path) -> int:
    """Rows of staging.fingertips, after checking the load log's last load is of this file."""
    check_opens(warehouse)
    extract = data / "fingertips" / "extract.csv.gz"
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        rows = conn.execute("SELECT count(*) FROM staging.fingertips").fetchall()[0][0]
        last = conn.execute(
            "SELECT sha256, rows_loaded FROM meta.load_log WHERE status = 'loaded' "
            "ORDER BY loaded_at DESC LIMIT 1"
        ).fetchall()[0]
    return rows if last == (_sha(extract), rows) else -1


@pytest.mark.slow
def test_kills_inside_an_ingest_and_during_the_swap_lose_nothing(tmp_path):
    data = tmp_path / "extracts"
    write_fingertips(data / "fingertips", good_rows())
    warehouse = tmp_path / "w.duckdb"
    assert _build(tmp_path, data) == 0
    assert _agrees(warehouse, data) == 2
    published = _sha(warehouse)

    more = [*good_rows(), ROW.format(period="2020/21", value="70.1", sortable="20200000")]
    write_fingertips(data / "fingertips", more)
    # inside the load transaction; then before `os.replace` publishes the copy
    for phase, k in (("ingest", 1), ("swap", 4)):
        assert _build(tmp_path, data, phase, k) == -signal.SIGKILL
        assert _sha(warehouse) == published  # the last good refresh, byte for byte
        assert Path(f"{warehouse}.building").exists()  # what the killed run left …

    assert _build(tmp_path, data) == 0  # … is no obstacle: the next build cleans it up
    assert _agrees(warehouse, data) == 3
    assert not list(tmp_path.glob("w.duckdb.building*"))
    with open(f"{warehouse}.lock", "rb+") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)  # nobody holds the writer lock
