"""Reading SQL files and writing DuckDB tables transactionally."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import polars as pl
from dagster_duckdb import DuckDBResource

SQL_DIR = Path(__file__).resolve().parents[1] / "sql"
_QUALIFIED = re.compile(r"^[a-z_][a-z0-9_]*\.[a-z_][a-z0-9_]*$")


def sql(name: str) -> str:
    """The text of `sql/<name>.sql` (e.g. ``sql("publish/indicator_baseline")``)."""
    path = SQL_DIR / f"{name}.sql"
    if not path.is_file():
        raise FileNotFoundError(f"no SQL file {path}")
    return path.read_text(encoding="utf-8")


def _check_name(qualified: str) -> tuple[str, str]:
    if not _QUALIFIED.match(qualified):
        raise ValueError(f"table name must be schema.table in snake_case, got {qualified!r}")
    schema, table = qualified.split(".")
    return schema, table


@contextmanager
def transaction(conn: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """BEGIN … COMMIT, or ROLLBACK and re-raise: all of the body or none of it."""
    conn.execute("BEGIN TRANSACTION")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def write_table(conn: duckdb.DuckDBPyConnection, qualified: str, frame: pl.DataFrame) -> int:
    """CREATE OR REPLACE `schema.table` from `frame` (call inside a transaction)."""
    schema, table = _check_name(qualified)
    conn.execute(f"CREATE SCHEMA IF NOT EXISTS {schema}")
    conn.register("_incoming_frame", frame.to_arrow())
    conn.execute(f"CREATE OR REPLACE TABLE {schema}.{table} AS SELECT * FROM _incoming_frame")
    conn.unregister("_incoming_frame")
    return frame.height


def insert_rows(conn: duckdb.DuckDBPyConnection, qualified: str, frame: pl.DataFrame) -> int:
    """INSERT the frame's columns, by name, into an existing `schema.table`."""
    schema, table = _check_name(qualified)
    conn.register("_incoming_rows", frame.to_arrow())
    conn.execute(f"INSERT INTO {schema}.{table} BY NAME SELECT * FROM _incoming_rows")
    conn.unregister("_incoming_rows")
    return frame.height


def replace_table(conn: duckdb.DuckDBPyConnection, qualified: str, frame: pl.DataFrame) -> int:
    """Replace `schema.table` with `frame` in one transaction; the old table survives a failure."""
    with transaction(conn):
        return write_table(conn, qualified, frame)


def replace_rows(conn: duckdb.DuckDBPyConnection, qualified: str, frame: pl.DataFrame) -> int:
    """Replace the rows of an existing table (its DDL keeps the types) in one transaction."""
    schema, table = _check_name(qualified)
    with transaction(conn):
        conn.execute(f"DELETE FROM {schema}.{table}")
        return insert_rows(conn, qualified, frame)


def run_sql_file(conn: duckdb.DuckDBPyConnection, name: str) -> None:
    """Execute every statement of `sql/<name>.sql` inside one transaction."""
    with transaction(conn):
        conn.execute(sql(name))


def read_table(conn: duckdb.DuckDBPyConnection, qualified: str) -> pl.DataFrame:
    """The whole of `schema.table` as a Polars frame."""
    schema, table = _check_name(qualified)
    return conn.sql(f"SELECT * FROM {schema}.{table}").pl()


def query(conn: duckdb.DuckDBPyConnection, name: str, **params: object) -> pl.DataFrame:
    """Run the SELECT in `sql/<name>.sql` with named parameters and return a Polars frame."""
    return conn.sql(sql(name), params=params or None).pl()


def table_exists(conn: duckdb.DuckDBPyConnection, qualified: str) -> bool:
    """Whether `schema.table` (table or view) exists."""
    schema, table = _check_name(qualified)
    found = conn.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_schema = ? AND table_name = ?",
        [schema, table],
    ).fetchall()
    return bool(found[0][0])


@contextmanager
def connection(resource: DuckDBResource) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection from `resource` that is closed even when the body raises.

    `DuckDBResource.get_connection` does not close on error, which would leave the file locked
    for the rest of the process.
    """
    with resource.get_connection() as conn:
        try:
            yield conn
        finally:
            conn.close()
