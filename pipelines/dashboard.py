"""A small read-only dashboard over the `publish` schema (standard library HTTP server).

It opens the warehouse read-only for each request, so it never blocks a build and always sees
the last complete refresh (builds swap the file atomically).
"""

from __future__ import annotations

import contextlib
import json
import re
from functools import partial
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import duckdb

from pipelines.resources import build_resources
from warehouse.tables import sql

PAGE = Path(__file__).with_name("web") / "dashboard.html"
FILTER_COLUMNS = {
    "place": ("place_code", "area_code"),
    "indicator": ("indicator_id",),
    "neighbourhood": ("neighbourhood",),
}
_NAME = re.compile(r"^[a-z_][a-z0-9_]*$")
ROW_LIMIT = 2000


def publish_tables(conn: duckdb.DuckDBPyConnection) -> dict[str, list[str]]:
    """Every view in `publish` (the contract; nothing else is readable) with its columns."""
    rows = conn.execute(sql("publish/publish_views")).fetchall()
    tables: dict[str, list[str]] = {}
    for table, column in rows:
        tables.setdefault(table, []).append(column)
    return tables


def query_table(conn: duckdb.DuckDBPyConnection, table: str, filters: dict[str, str]) -> dict:
    """Rows of one publish table, filtered by place, indicator and neighbourhood where it has them."""
    tables = publish_tables(conn)
    if table not in tables or not _NAME.match(table):
        raise KeyError(table)
    clauses, params = [], []
    for name, value in filters.items():
        column = next((c for c in FILTER_COLUMNS.get(name, ()) if c in tables[table]), None)
        if column and value:
            clauses.append(f"CAST({column} AS VARCHAR) = ?")
            params.append(value)
    where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
    relation = conn.execute(f"SELECT * FROM publish.{table}{where} LIMIT {ROW_LIMIT}", params)
    columns = [d[0] for d in relation.description]
    rows = [[_plain(v) for v in row] for row in relation.fetchall()]
    return {"table": table, "columns": columns, "rows": rows}


def filter_options(conn: duckdb.DuckDBPyConnection) -> dict[str, list]:
    """Places, indicators and neighbourhoods present in the published tables."""
    tables = publish_tables(conn)
    options: dict[str, set] = {"place": set(), "indicator": set(), "neighbourhood": set()}
    for table, columns in tables.items():
        for name, candidates in FILTER_COLUMNS.items():
            column = next((c for c in candidates if c in columns), None)
            if column:
                values = conn.execute(
                    f"SELECT DISTINCT CAST({column} AS VARCHAR) FROM publish.{table} LIMIT 500"
                ).fetchall()
                options[name].update(v for (v,) in values if v is not None)
    return {name: sorted(values) for name, values in options.items()}


def _plain(value: object) -> object:
    if value is None or isinstance(value, (int, float, str, bool)):
        return value
    return str(value)


class DashboardHandler(BaseHTTPRequestHandler):
    """GET / (the page), /api/tables, /api/options, /api/table/<name>?place=&indicator=."""

    warehouse: str = ""

    def _json(self, payload: object, status: int = 200) -> None:
        body = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802 (http.server naming)
        url = urlparse(self.path)
        if url.path in {"/", "/index.html"}:
            body = PAGE.read_bytes()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        if url.path == "/favicon.ico":
            self.send_response(204)
            self.end_headers()
            return
        try:
            with duckdb.connect(self.warehouse, read_only=True) as conn:
                if url.path == "/api/tables":
                    return self._json(publish_tables(conn))
                if url.path == "/api/options":
                    return self._json(filter_options(conn))
                if url.path.startswith("/api/table/"):
                    filters = {k: v[0] for k, v in parse_qs(url.query).items()}
                    return self._json(query_table(conn, url.path.rsplit("/", 1)[1], filters))
        except KeyError as missing:
            return self._json({"error": f"no published table {missing}"}, 404)
        except duckdb.Error as error:
            return self._json({"error": str(error)}, 503)
        self._json({"error": "not found"}, 404)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


def make_server(port: int, warehouse: str | None = None) -> ThreadingHTTPServer:
    """The dashboard server on 127.0.0.1:`port` (0 picks a free port)."""
    path = warehouse or build_resources()["warehouse"].database
    handler = type("Handler", (DashboardHandler,), {"warehouse": str(path)})
    return ThreadingHTTPServer(("127.0.0.1", port), partial(handler))


def serve(port: int = 8501, warehouse: str | None = None) -> int:
    """Serve until interrupted."""
    server = make_server(port, warehouse)
    print(f"placehealth dashboard on http://127.0.0.1:{server.server_address[1]}/ (Ctrl+C stops)")
    with contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()
    return 0
