"""The load log: which files were loaded, skipped or rejected, and the transactional load itself."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import duckdb
import polars as pl

from sources.extracts import SourceFile, SourceRead, check_row_counts
from sources.registry import SOURCES
from warehouse.tables import (
    insert_rows,
    query,
    run_sql_file,
    sql,
    table_exists,
    transaction,
    write_table,
)

LOG_COLUMNS = (
    "source, file, sha256, rows_read, rows_loaded, rows_rejected, status, note, run_id, "
    "loaded_at, duration_s"
)


@dataclass
class LoadOutcome:
    """What one source load did, for Dagster metadata and the CLI."""

    source: str
    status: str
    table: str
    rows_loaded: int = 0
    rows_rejected: int = 0
    files: list[str] = field(default_factory=list)
    duration_s: float = 0.0


def _relative(path: Path, data_dir: Path) -> str:
    try:
        return str(path.relative_to(data_dir))
    except ValueError:
        return str(path)


def _log_rows(rows: list[tuple]) -> pl.DataFrame:
    names = [c.strip() for c in LOG_COLUMNS.split(",")]
    schema = {
        "source": pl.String,
        "file": pl.String,
        "sha256": pl.String,
        "rows_read": pl.Int64,
        "rows_loaded": pl.Int64,
        "rows_rejected": pl.Int64,
        "status": pl.String,
        "note": pl.String,
        "run_id": pl.String,
        "loaded_at": pl.Datetime("us"),
        "duration_s": pl.Float64,
    }
    return pl.DataFrame(rows, schema={n: schema[n] for n in names}, orient="row")


def _append_log(conn: duckdb.DuckDBPyConnection, rows: list[tuple]) -> None:
    insert_rows(conn, "meta.load_log", _log_rows(rows))


def ensure_load_log(conn: duckdb.DuckDBPyConnection) -> None:
    """Create `meta.load_log` if it is not there."""
    run_sql_file(conn, "ingest/load_log")


def unchanged_since_last_load(
    conn: duckdb.DuckDBPyConnection, source: str, files: list[SourceFile], data_dir: Path
) -> bool:
    """True when the files (names and hashes) equal those of the last successful load."""
    previous = query(conn, "ingest/last_loaded_hashes", source=source)
    current = sorted((_relative(f.path, data_dir), f.sha256) for f in files)
    return current == sorted(previous.iter_rows())


def _last_file_rows(conn: duckdb.DuckDBPyConnection, source: str) -> dict[str, tuple]:
    """Each file's rows at the source's last good loads: {file: (rows read, when)}."""
    found = query(conn, "ingest/last_file_rows", source=source)
    return {file: (rows, when) for file, rows, when in found.iter_rows()}


def load_source(
    conn: duckdb.DuckDBPyConnection,
    *,
    source: str,
    table: str,
    data_dir: Path,
    files: list[SourceFile],
    read: Callable[[], SourceRead | None],
    run_id: str,
) -> LoadOutcome:
    """Load one source all-or-nothing into `table`, logging each file; skip unchanged files."""
    ensure_load_log(conn)
    now = datetime.now()
    if not files:
        _append_log(conn, [(source, None, None, 0, 0, 0, "absent", "no files", run_id, now, 0.0)])
        return LoadOutcome(source, "absent", table)
    names = [_relative(f.path, data_dir) for f in files]
    if table_exists(conn, table) and unchanged_since_last_load(conn, source, files, data_dir):
        _append_log(
            conn,
            [
                (
                    source,
                    n,
                    f.sha256,
                    0,
                    0,
                    0,
                    "skipped",
                    "unchanged since last load",
                    run_id,
                    now,
                    0.0,
                )
                for n, f in zip(names, files, strict=True)
            ],
        )
        return LoadOutcome(source, "skipped", table, files=names)
    started = time.perf_counter()
    try:
        result = read()
        if result is not None:
            check_row_counts(result.files, _last_file_rows(conn, source), data_dir)
    except Exception as error:
        took = time.perf_counter() - started
        _append_log(
            conn,
            [
                (source, n, f.sha256, None, 0, None, "failed", str(error)[:1000], run_id, now, took)
                for n, f in zip(names, files, strict=True)
            ],
        )
        raise
    assert result is not None, f"{source}: files were found but the reader returned nothing"
    took = time.perf_counter() - started
    loaded = [
        (source, _relative(fr.path, data_dir), fr.sha256, fr.rows_read, fr.rows_loaded,
         fr.rows_rejected, "loaded", fr.note or None, run_id, now, took)
        for fr in result.files
    ]  # fmt: skip
    with transaction(conn):  # the table and its log rows land together or not at all
        write_table(conn, table, result.table)
        _append_log(conn, loaded)
    return LoadOutcome(
        source,
        "loaded",
        table,
        rows_loaded=result.table.height,
        rows_rejected=sum(fr.rows_rejected for fr in result.files),
        files=names,
        duration_s=took,
    )


def warehouse_status(conn: duckdb.DuckDBPyConnection) -> tuple[pl.DataFrame, pl.DataFrame | None]:
    """Tables with row estimates, and the last load of every registry source ("never loaded"
    where the load log has none; None before any load)."""
    tables = conn.sql(sql("ingest/warehouse_status")).pl()
    if not table_exists(conn, "meta.load_log"):
        return tables, None
    loads = query(conn, "ingest/last_loads")
    registry = pl.DataFrame(
        {"source": list(SOURCES), "folder": [s.folder for s in SOURCES.values()]}
    )
    listed = registry.join(loads, on="source", how="full", coalesce=True, maintain_order="left")
    return tables, listed.with_columns(pl.col("last_status").fill_null("never loaded"))
