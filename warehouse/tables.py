"""Reading SQL files, writing DuckDB tables transactionally, and publishing them as views."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import polars as pl
from dagster_duckdb import DuckDBResource

SQL_DIR = Path(__file__).resolve().parents[1] / "sql"
_QUALIFIED = re.compile(r"^[a-z_][a-z0-9_]*\.[a-z_][a-z0-9_]*$")
PUBLISH_STORE = "publish_store"  # the tables behind the `publish` views; dashboards never read it


def sql(name: str) -> str:
    """The text of `sql/<name>.sql` (e.g. ``sql("baselines/indicator_baseline")``)."""
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


def _catalogued(conn: duckdb.DuckDBPyConnection, kind: str, schema: str, name: str) -> bool:
    """Whether this database holds a `kind` ("table" or "view") `schema.name`."""
    found = conn.execute(
        f"SELECT count(*) FROM duckdb_{kind}s() WHERE database_name = current_database() "
        f"AND schema_name = ? AND {kind}_name = ?",
        [schema, name],
    ).fetchall()
    return bool(found[0][0])


def _is_base_table(conn: duckdb.DuckDBPyConnection, schema: str, table: str) -> bool:
    return _catalogued(conn, "table", schema, table)


def _is_view(conn: duckdb.DuckDBPyConnection, schema: str, view: str) -> bool:
    return _catalogued(conn, "view", schema, view)


def _publish_view(conn: duckdb.DuckDBPyConnection, name: str) -> None:
    """(Re)create the view `publish.<name>` from `sql/publish/views/<name>.sql` (in a transaction).

    The view names the contract's columns in order, so the table behind it may change freely.
    A warehouse from before contract 2.0 holds `publish.<name>` as a table: it is dropped.
    """
    if _is_base_table(conn, "publish", name):
        conn.execute(f"DROP TABLE publish.{name}")
    conn.execute("CREATE SCHEMA IF NOT EXISTS publish")
    conn.execute(sql(f"publish/views/{name}"))


def publish_table(conn: duckdb.DuckDBPyConnection, name: str, frame: pl.DataFrame) -> int:
    """Write `frame` to `publish_store.<name>` and (re)create the view `publish.<name>` over it.

    One transaction: if the frame lacks a contract column the view fails to bind, and the
    previous table and view stay published.
    """
    with transaction(conn):
        rows = write_table(conn, f"{PUBLISH_STORE}.{name}", frame)
        _publish_view(conn, name)
    return rows


def publish_query(conn: duckdb.DuckDBPyConnection, sql_name: str) -> int:
    """Like `publish_table`, from the SELECT in `sql/<group>/<name>.sql`, published as
    `publish.<name>` (e.g. ``publish_query(conn, "baselines/opportunity")``); returns its rows."""
    name = sql_name.rsplit("/", 1)[-1]
    schema, table = _check_name(f"{PUBLISH_STORE}.{name}")
    select = sql(sql_name).strip().rstrip(";")
    with transaction(conn):
        conn.execute(f"CREATE SCHEMA IF NOT EXISTS {schema}")
        conn.execute(f"CREATE OR REPLACE TABLE {schema}.{table} AS\n{select}")
        _publish_view(conn, name)
        return conn.execute(f"SELECT count(*) FROM {schema}.{table}").fetchall()[0][0]


def append_published(
    conn: duckdb.DuckDBPyConnection, name: str, frame: pl.DataFrame, ddl: str
) -> int:
    """Append `frame` to `publish_store.<name>` (created by `sql/<ddl>.sql`) and publish its view.

    The rows of a pre-2.0 `publish.<name>` table are carried over once, so history survives.
    Once the view exists an append is one INSERT (the checks append once a step).
    """
    schema, table = _check_name(f"{PUBLISH_STORE}.{name}")
    with transaction(conn):
        if not _is_view(conn, "publish", name):
            legacy = _is_base_table(conn, "publish", name) and not table_exists(
                conn, f"{schema}.{table}"
            )
            conn.execute(sql(ddl))
            if legacy:
                conn.execute(f"INSERT INTO {schema}.{table} BY NAME SELECT * FROM publish.{name}")
            _publish_view(conn, name)
        insert_rows(conn, f"{schema}.{table}", frame)
    return frame.height


def read_table(conn: duckdb.DuckDBPyConnection, qualified: str) -> pl.DataFrame:
    """The whole of `schema.table` as a Polars frame."""
    schema, table = _check_name(qualified)
    return conn.sql(f"SELECT * FROM {schema}.{table}").pl()


def read_columns(
    conn: duckdb.DuckDBPyConnection, qualified: str, wanted: Collection[str] | None
) -> pl.DataFrame:
    """`schema.table` with every column, but only the `wanted` ones filled (None: all).

    The others come back as typed nulls, so the schema is whole at a fraction of the read.
    """
    schema, table = _check_name(qualified)
    if wanted is None:
        return read_table(conn, qualified)
    empty = conn.sql(f"SELECT * FROM {schema}.{table} LIMIT 0")
    columns = [
        f'"{name}"' if name in wanted else f'CAST(NULL AS {kind}) AS "{name}"'
        for name, kind in zip(empty.columns, empty.types, strict=True)
    ]
    return conn.sql(f"SELECT {', '.join(columns)} FROM {schema}.{table}").pl()


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
