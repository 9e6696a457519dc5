"""The published contract's version stamp: which version, when, and the schema it covers."""

import hashlib
from datetime import datetime
from pathlib import Path

import dagster as dg
import polars as pl
import yaml
from dagster_duckdb import DuckDBResource

from warehouse.tables import SQL_DIR, connection, publish_table

CONTRACT_FILE = SQL_DIR / "publish" / "contract.yaml"


def contract_version(path: Path = CONTRACT_FILE) -> str:
    """The semantic version declared in `sql/publish/contract.yaml`."""
    return str(yaml.safe_load(path.read_text(encoding="utf-8"))["version"])


def schema_signature(columns: pl.DataFrame) -> str:
    """SHA-256 over table, column and type of every published column (order-independent)."""
    lines = sorted(f"{t}.{c}:{d}" for t, c, d in columns.iter_rows())
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()


@dg.asset(
    key=["publish", "contract_version"],
    group_name="publish",
    kinds={"duckdb"},
    deps=[
        dg.AssetKey(["publish", n])
        for n in (
            "indicator_baseline",
            "indicator_trend",
            "indicator_inequality",
            "opportunity",
            "trajectory_vs_target",
            "register_summary",
            "place_register_summary",
            "risk_model_evaluation",
            "demand_projection",
            "segment_summary",
            "activity_concentration",
            "maturity_scores",
            "practice_funnel_points",
            "practice_funnel_limits",
        )
    ],
    description="Version of the publish contract, the build time and a hash of its schema.",
    owners=["team:placehealth"],
)
def publish_contract_version(
    context: dg.AssetExecutionContext, warehouse: DuckDBResource
) -> dg.MaterializeResult:
    with connection(warehouse) as conn:
        columns = conn.sql(
            "SELECT table_name, column_name, data_type FROM information_schema.columns "
            "WHERE table_schema = 'publish' AND table_name <> 'contract_version'"
        ).pl()
        stamp = pl.DataFrame(
            {
                "contract_version": [contract_version()],
                "schema_sha256": [schema_signature(columns)],
                "tables": [sorted(set(columns["table_name"].to_list()))],
                "published_at": [datetime.now()],
                "run_id": [context.run.run_id],
            }
        )
        publish_table(conn, "contract_version", stamp)
    return dg.MaterializeResult(
        metadata={"contract_version": contract_version(), "tables": len(stamp["tables"][0])}
    )
