"""Read-only access to the `publish` views of the warehouse, safe while builds swap the file.

`placehealth build` writes a copy of the warehouse and `os.replace`s it. The dashboard keeps one
read-only DuckDB connection per version of the file, identified by its inode, size and
modification time: when a build swaps the file, the next query opens the new one (the old
connection keeps reading the old, unlinked file until it is dropped). Nothing is ever written and
no write lock is taken. Query results are cached per file version, so users share them.
"""

from __future__ import annotations

import os
import re
import threading
from dataclasses import dataclass

import duckdb
import polars as pl

_NAME = re.compile(r"^[a-z_][a-z0-9_]*$")
_LOCK = threading.Lock()
_CONNECTIONS: dict[tuple, duckdb.DuckDBPyConnection] = {}
_RESULTS: dict[tuple, pl.DataFrame] = {}
MAX_CACHED_RESULTS = 2000


class WarehouseMissing(RuntimeError):
    """The warehouse file does not exist (no build yet)."""


@dataclass(frozen=True)
class Warehouse:
    """The published warehouse at `path`; every query reads only `publish` views."""

    path: str

    def version(self) -> tuple:
        """(path, inode, size, mtime): changes when a build swaps the file."""
        try:
            stat = os.stat(self.path)
        except FileNotFoundError as missing:
            raise WarehouseMissing(
                f"no warehouse at {self.path}: run `placehealth build` first"
            ) from missing
        return (self.path, stat.st_ino, stat.st_size, stat.st_mtime_ns)

    def _connection(self, version: tuple) -> duckdb.DuckDBPyConnection:
        with _LOCK:
            conn = _CONNECTIONS.get(version)
            if conn is None:
                for old in [v for v in _CONNECTIONS if v[0] == self.path]:
                    _CONNECTIONS.pop(old)  # dropped; closes when no cursor uses it
                conn = duckdb.connect(self.path, read_only=True)
                _CONNECTIONS[version] = conn
            return conn.cursor()

    def query(self, text: str, params: tuple = ()) -> pl.DataFrame:
        """The result of a SELECT over publish views (cached per file version)."""
        version = self.version()
        key = (version, text, tuple(tuple(p) if isinstance(p, list) else p for p in params))
        cached = _RESULTS.get(key)
        if cached is not None:
            return cached
        cursor = self._connection(version)
        try:
            frame = cursor.sql(text, params=list(params) or None).pl()
        finally:
            cursor.close()
        with _LOCK:
            if len(_RESULTS) >= MAX_CACHED_RESULTS:
                _RESULTS.clear()
            _RESULTS[key] = frame
        return frame

    def views(self) -> dict[str, list[str]]:
        """Every view in `publish` (the contract) with its columns, in order."""
        rows = self.query(
            "SELECT table_name, column_name FROM information_schema.columns c "
            "JOIN information_schema.tables t USING (table_schema, table_name) "
            "WHERE table_schema = 'publish' AND table_type = 'VIEW' "
            "ORDER BY table_name, ordinal_position"
        )
        views: dict[str, list[str]] = {}
        for table, column in rows.iter_rows():
            views.setdefault(table, []).append(column)
        return views

    def has(self, view: str, *columns: str) -> bool:
        """True when publish.`view` exists with all `columns`."""
        present = self.views().get(view)
        return present is not None and set(columns) <= set(present)

    def view(self, name: str, where: str = "", params: tuple = ()) -> pl.DataFrame:
        """Rows of publish.`name` (empty frame when the view is absent from this build)."""
        if not _NAME.match(name):
            raise ValueError(f"not a view name: {name!r}")
        if name not in self.views():
            return pl.DataFrame()
        clause = f" WHERE {where}" if where else ""
        return self.query(f"SELECT * FROM publish.{name}{clause}", params)


def clear_cache() -> None:
    """Forget cached connections and results (tests)."""
    with _LOCK:
        _CONNECTIONS.clear()
        _RESULTS.clear()
