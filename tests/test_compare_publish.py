"""benchmarks/compare_publish.py finds a changed value, a missing row and a missing table."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import duckdb

SCRIPT = Path(__file__).resolve().parents[1] / "benchmarks" / "compare_publish.py"
spec = importlib.util.spec_from_file_location("compare_publish", SCRIPT)
compare_publish = importlib.util.module_from_spec(spec)
spec.loader.exec_module(compare_publish)


def _warehouse(path: Path, values: list[float], run_id: str, extra: bool = True) -> Path:
    with duckdb.connect(str(path)) as conn:
        conn.execute("CREATE SCHEMA publish")
        conn.execute("CREATE TABLE publish.t (k INTEGER, v DOUBLE, run_id VARCHAR)")
        for k, v in enumerate(values):
            conn.execute("INSERT INTO publish.t VALUES (?, ?, ?)", [k, v, run_id])
        if extra:
            conn.execute("CREATE VIEW publish.u AS SELECT 1 AS one")
    return path


def test_equal_tables_in_another_row_order_and_run_pass(tmp_path: Path) -> None:
    before = _warehouse(tmp_path / "a.duckdb", [1.0, 2.0], "run-1")
    after = _warehouse(tmp_path / "b.duckdb", [1.0, 2.0], "run-2")
    assert compare_publish.compare(before, after) == {"t": None, "u": None}
    assert compare_publish.main([str(before), str(after)]) == 0


def test_a_difference_fails_and_is_named(tmp_path: Path) -> None:
    before = _warehouse(tmp_path / "a.duckdb", [1.0, 2.0], "run-1")
    changed = _warehouse(tmp_path / "b.duckdb", [1.0, 2.0 + 1e-12], "run-1")
    shorter = _warehouse(tmp_path / "c.duckdb", [1.0], "run-1", extra=False)
    assert "values differ" in compare_publish.compare(before, changed)["t"]
    found = compare_publish.compare(before, shorter)
    assert found == {"t": "rows 2 != 1", "u": "missing after"}
    assert compare_publish.main([str(before), str(changed)]) == 1
    assert compare_publish.main([str(before), str(changed), "--on-purpose", "t"]) == 0
