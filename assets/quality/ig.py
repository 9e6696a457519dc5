"""The warehouse-wide IG check: registers and patient-level tables only in the restricted database."""

from datetime import datetime

import dagster as dg
import polars as pl
from dagster_duckdb import DuckDBResource

from assets.quality.store import RESULT_SCHEMA, record_results, save_history
from assets.resources import PlaceHealthSettings
from models.quality.ig_rules import restricted_only_violations
from warehouse.tables import connection, sql


@dg.asset_check(
    asset=dg.AssetKey(["publish", "register_summary"]),
    name="ig_registers_restricted",
    blocking=True,
    description="No register, cohort or identifier-bearing table exists in the dashboard warehouse.",
)
def registers_restricted_check(
    context: dg.AssetCheckExecutionContext,
    settings: PlaceHealthSettings,
    warehouse: DuckDBResource,
) -> dg.AssetCheckResult:
    """Scan every warehouse table's name and columns for patient-level data."""
    with connection(warehouse) as conn:
        tables = conn.sql(sql("quality/warehouse_columns")).pl()
        found = restricted_only_violations(dict(tables.iter_rows()))
        row = (
            "ig_registers_restricted",
            "publish.register_summary",
            "registers_only_in_restricted",
            context.run.run_id,
            "ERROR",
            not found,
            False,
            f"{len(found)} table(s)",
            len(found),
            "; ".join(found)[:1000] or "warehouse holds no patient-level table",
            datetime.now(),
        )
        rows = pl.DataFrame([row], schema=RESULT_SCHEMA, orient="row")
        record_results(conn, rows)
    save_history(settings.reports_path / "data_quality" / "history", rows)
    return dg.AssetCheckResult(
        passed=not found,
        severity=dg.AssetCheckSeverity.ERROR,
        metadata={"violations": dg.MetadataValue.json(found), "tables_scanned": tables.height},
    )
