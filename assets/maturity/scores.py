"""Maturity assets: the framework as a table, and validated self-assessment scores with a radar."""

from pathlib import Path

import dagster as dg
import duckdb
import polars as pl
from dagster_duckdb import DuckDBResource

from assets.resources import PROJECT_ROOT, PlaceHealthSettings
from models.maturity.framework import SelfAssessmentError, framework_table
from models.maturity.scores import maturity_scores
from reporting.charts import save_figure
from reporting.charts.maturity import maturity_radar
from sources.maturity import read_framework, read_self_assessments
from warehouse.tables import connection, publish_table, replace_table, table_exists

MATURITY_GROUP = "maturity"
FRAMEWORK_KEY = dg.AssetKey(["staging", "maturity_framework"])
LATEST_QUALITY = (
    "SELECT count(*) FILTER (WHERE passed), count(*) FROM (SELECT passed FROM publish.data_quality "
    "WHERE NOT skipped QUALIFY row_number() OVER (PARTITION BY asset, expectation "
    "ORDER BY checked_at DESC) = 1)"
)
ANALYTICS = {
    "publish.segment_summary": "population segmentation",
    "publish.activity_concentration": "activity concentration curves",
    "publish.register_summary": "at-risk register summaries",
    "publish.indicator_baseline": "indicator baselines against comparators",
}


class MaturityConfig(dg.Config):
    """Where framework.yaml and the self_assessment_<place>.csv|yaml files are."""

    maturity_dir: str = str(PROJECT_ROOT / "data" / "maturity")
    charts: bool = True


def _framework(config: MaturityConfig):
    try:
        return read_framework(Path(config.maturity_dir) / "framework.yaml")
    except SelfAssessmentError as error:
        raise dg.Failure(description=str(error), allow_retries=False) from error


@dg.asset(key=FRAMEWORK_KEY, group_name=MATURITY_GROUP, kinds={"duckdb", "polars"},
          owners=["team:placehealth"])  # fmt: skip
def maturity_framework(config: MaturityConfig, warehouse: DuckDBResource) -> dg.MaterializeResult:
    """The five ICS capabilities and their criteria (West Midlands 2018), one row per criterion."""
    table = framework_table(_framework(config))
    with connection(warehouse) as conn:
        rows = replace_table(conn, "staging.maturity_framework", table)
    return dg.MaterializeResult(metadata={"criteria": rows,
                                          "capabilities": table["capability_id"].n_unique()})  # fmt: skip


def _count(conn: duckdb.DuckDBPyConnection, table: str, place: str | None = None) -> int:
    if not table_exists(conn, table):
        return 0
    if place is None:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0]
    column = "place_code" if table == "publish.segment_summary" else "area_code"
    return conn.execute(f"SELECT count(*) FROM {table} WHERE {column} = ?", [place]).fetchall()[0][
        0
    ]


def pipeline_evidence(conn: duckdb.DuckDBPyConnection, place: str) -> dict[str, str]:
    """What the warehouse itself shows, per evidence kind, for `place`."""
    evidence: dict[str, str] = {}
    tables = [f"{label} ({name})" for name, label in ANALYTICS.items() if _count(conn, name)]
    if tables:
        evidence["population_health_analytics"] = "pipeline publishes " + ", ".join(tables)
    if table_exists(conn, "publish.data_quality"):
        passed, total = conn.execute(LATEST_QUALITY).fetchall()[0]
        if total:
            evidence["data_quality"] = f"{passed} of {total} latest data-quality checks pass"
    targets = _count(conn, "publish.trajectory_vs_target", place)
    if targets:
        evidence["outcome_tracking"] = f"{targets} target trajectory rows tracked for {place}"
    if _count(conn, "publish.demand_projection", place):
        evidence["demand_modelling"] = f"do-nothing and target demand projection for {place}"
    return evidence


@dg.asset(key=dg.AssetKey(["publish", "maturity_scores"]), group_name=MATURITY_GROUP,
          kinds={"duckdb", "polars"}, owners=["team:placehealth"],
          deps=[FRAMEWORK_KEY, dg.AssetKey(["publish", "demand_projection"]),
                dg.AssetKey(["publish", "segment_summary"]),
                dg.AssetKey(["publish", "trajectory_vs_target"])])  # fmt: skip
def maturity_scores_table(
    config: MaturityConfig, settings: PlaceHealthSettings, warehouse: DuckDBResource
) -> dg.MaterializeResult:
    """Self-assessed scores per criterion and capability over time, beside pipeline evidence."""
    framework = _framework(config)
    try:
        scores = read_self_assessments(Path(config.maturity_dir), framework)
    except SelfAssessmentError as error:
        raise dg.Failure(description=str(error), allow_retries=False,
                         metadata={"file": error.file, "row": str(error.row),
                                   "column": str(error.column)}) from error  # fmt: skip
    places = scores["place_code"].unique().sort().to_list()
    with connection(warehouse) as conn:
        parts = [maturity_scores(scores.filter(pl.col("place_code") == place), framework,
                                 pipeline_evidence(conn, place)) for place in places]  # fmt: skip
        table = pl.concat(parts) if parts else maturity_scores(scores, framework, {})
        rows = publish_table(conn, "maturity_scores", table)
    if config.charts:
        for place in places:
            save_figure(maturity_radar(table, place), settings.reports_path / "maturity", place)
    return dg.MaterializeResult(metadata={
        "rows": rows, "places": places, "assessments": scores["assessment_date"].n_unique(),
        "illustrative_rows": int(scores["illustrative"].sum()),
    })  # fmt: skip
