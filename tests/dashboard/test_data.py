"""The dashboard's data access: only publish views, read-only, and it follows a swapped file."""

from __future__ import annotations

import os

import duckdb
import pytest

from reporting.dashboard.data import Warehouse, WarehouseMissing, clear_cache


def make_warehouse(path, value: float) -> None:
    with duckdb.connect(str(path)) as conn:
        conn.execute("CREATE SCHEMA publish_store")
        conn.execute("CREATE SCHEMA publish")
        conn.execute(
            f"CREATE TABLE publish_store.t AS SELECT 'E08000028' AS area_code, {value} AS value"
        )
        conn.execute("CREATE VIEW publish.indicator_baseline AS SELECT * FROM publish_store.t")
        conn.execute("CREATE TABLE publish.stray_table AS SELECT 1 AS x")
        conn.execute("CREATE SCHEMA restricted")
        conn.execute("CREATE TABLE restricted.person AS SELECT 1 AS person_id")


def test_lists_and_reads_only_publish_views(tmp_path):
    clear_cache()
    make_warehouse(tmp_path / "w.duckdb", 1.0)
    warehouse = Warehouse(str(tmp_path / "w.duckdb"))
    assert warehouse.views() == {"indicator_baseline": ["area_code", "value"]}
    assert warehouse.view("stray_table").is_empty()  # a table, not a view: not readable
    assert warehouse.view("person").is_empty()
    with pytest.raises(ValueError):
        warehouse.view("indicator_baseline; DROP TABLE x")


def test_follows_a_build_that_swaps_the_file_and_never_writes(tmp_path):
    clear_cache()
    path = tmp_path / "warehouse.duckdb"
    make_warehouse(path, 1.0)
    warehouse = Warehouse(str(path))
    assert warehouse.view("indicator_baseline")["value"].to_list() == [1.0]
    with pytest.raises(duckdb.Error):  # the connection it holds is read-only
        warehouse.query("CREATE TABLE publish.x AS SELECT 1")
    # A build writes a copy and swaps it in while the dashboard is reading the old file.
    make_warehouse(tmp_path / "warehouse.duckdb.building", 2.0)
    os.replace(tmp_path / "warehouse.duckdb.building", path)
    assert warehouse.view("indicator_baseline")["value"].to_list() == [2.0]


def test_missing_warehouse_says_to_build(tmp_path):
    with pytest.raises(WarehouseMissing, match="placehealth build"):
        Warehouse(str(tmp_path / "none.duckdb")).version()


def test_dashboard_imports_only_models_and_reporting():
    import ast
    from pathlib import Path

    import reporting.dashboard

    forbidden = ("assets", "pipelines", "warehouse", "sources", "synthetic", "quality_runtime")
    for path in Path(reporting.dashboard.__file__).parent.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            for name in names:
                assert name.split(".")[0] not in forbidden, f"{path.name} imports {name}"
