"""Where quality checks read their run-time parameters and write their results."""

from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb
import polars as pl

from models.quality import Suite, ValidationOutcome
from warehouse.tables import append_published, query, table_exists

RESULT_SCHEMA = {
    "check_name": pl.String,
    "asset": pl.String,
    "expectation": pl.String,
    "run_id": pl.String,
    "severity": pl.String,
    "passed": pl.Boolean,
    "skipped": pl.Boolean,
    "observed_value": pl.String,
    "unexpected_count": pl.Int64,
    "message": pl.String,
    "checked_at": pl.Datetime("us"),
}


def _reference(conn: duckdb.DuckDBPyConnection, spec: dict[str, Any]) -> Any:
    table = spec["table"]
    if not table_exists(conn, table):
        return None
    where = f" WHERE {spec['where']}" if "where" in spec else ""
    frame = conn.sql(f"SELECT * FROM {table}{where}").pl()  # text comes from the suites
    if frame.is_empty():
        return None
    if spec.get("codes"):
        codes = [frame[c] for c in frame.columns if c.endswith("_code")]
        return sorted(pl.concat(codes).drop_nulls().unique().to_list()) if codes else None
    if "key" in spec:
        pairs = frame.select(spec["key"], spec["value"]).drop_nulls(spec["key"]).unique(spec["key"])
        return dict(pairs.iter_rows())
    return sorted(frame[spec["column"]].drop_nulls().unique().to_list())


def suite_parameters(
    conn: duckdb.DuckDBPyConnection, suite: Suite, settings: Any, run_id: str | None
) -> dict[str, Any]:
    """The values a suite's ``$name`` kwargs need: reference sets, settings, last row count."""
    params: dict[str, Any] = {}
    for name, spec in suite.parameters.items():
        params[name] = (
            getattr(settings, spec["setting"]) if "setting" in spec else _reference(conn, spec)
        )
    if table_exists(conn, "publish.data_quality"):
        previous = query(conn, "quality/previous_row_count", asset=suite.name, run_id=run_id or "")
        if previous.height:
            params["previous_row_count"] = previous.item(0, 0)
    return params


def result_rows(
    outcome: ValidationOutcome, check_name: str, run_id: str | None, at: datetime
) -> pl.DataFrame:
    """One publish.data_quality row per expectation result."""
    rows = [
        (
            check_name,
            outcome.suite,
            r.expectation if r.expectation == "row_count_change" else r.name,
            run_id,
            r.severity,
            r.success,
            r.skipped,
            r.observed_value,
            r.unexpected_count,
            r.message,
            at,
        )
        for r in outcome.results
    ]
    return pl.DataFrame(rows, schema=RESULT_SCHEMA, orient="row")


def record_results(conn: duckdb.DuckDBPyConnection, rows: pl.DataFrame) -> None:
    """Append rows to publish.data_quality in one short transaction (creating it if needed)."""
    append_published(conn, "data_quality", rows.select(list(RESULT_SCHEMA)), "quality/data_quality")


def save_history(folder: Path, rows: pl.DataFrame) -> Path:
    """Keep results outside the warehouse too: a failed build's warehouse copy is thrown away."""
    folder.mkdir(parents=True, exist_ok=True)
    first = rows.row(0, named=True) if rows.height else {"asset": "none", "check_name": "none"}
    stamp = datetime.now().strftime("%Y%m%dT%H%M%S%f")
    path = folder / f"{stamp}__{first['asset']}__{first['check_name']}.parquet"
    partial = path.with_suffix(".parquet.part")  # a killed build leaves no half-written file
    rows.write_parquet(partial)
    os.replace(partial, path)
    return path


COMPACT_FROM = 50
"""History files at which `load_history` merges them into one (a file per check per run grows
by about 40 files a build; the report reads them all)."""


def load_history(folder: Path, compact: bool = False) -> pl.DataFrame | None:
    """Every result row kept by `save_history` (None when there are none). With `compact`,
    from `COMPACT_FROM` files on, the files read are merged into one and removed: the audit
    trail keeps every row, in fewer files. Files written meanwhile are left for next time."""
    files = sorted(folder.glob("*.parquet"))
    if not files:
        return None
    rows = pl.concat([pl.read_parquet(f) for f in files], how="vertical")
    if compact and len(files) >= COMPACT_FROM:
        merged = folder / f"{files[-1].name.split('__')[0]}__compacted.parquet"
        partial = merged.with_suffix(".parquet.part")
        rows.write_parquet(partial)
        os.replace(partial, merged)  # whole or absent: a reader never sees half of it
        for path in files:
            if path != merged:
                path.unlink(missing_ok=True)
    return rows


RETIRED_CHECKS = r"(^|_)quality_(error|warn)$"
"""Checks replaced by one `quality` check per table (2026-11): their old results are dropped."""


def latest_results(rows: pl.DataFrame) -> pl.DataFrame:
    """The rows of the last run of each current check on each asset."""
    current = rows.filter(~pl.col("check_name").str.contains(RETIRED_CHECKS))
    last = pl.col("checked_at") == pl.col("checked_at").max().over("asset", "check_name")
    return current.filter(last).sort("asset", "severity", "passed", "expectation")


def save_gx_result(folder: Path, outcome: ValidationOutcome) -> Path | None:
    """Keep the raw GX validation result (the whole suite) as JSON for the Data Docs."""
    if outcome.gx_result is None:
        return None
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{outcome.suite}.all.json"
    path.write_text(json.dumps(outcome.gx_result, default=str), encoding="utf-8")
    return path
