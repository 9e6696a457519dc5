"""The place report: one self-contained HTML file per place, for boards."""

import dagster as dg
import polars as pl
from dagster_duckdb import DuckDBResource

from assets.resources import DEMO_DATA_DIR, PlaceHealthSettings
from reporting.place_reports import ReportInputs, write_place_reports
from warehouse.tables import connection, read_table, table_exists

PUBLISHED = [
    "trajectory_vs_target",
    "indicator_baseline",
    "indicator_inequality",
    "register_summary",
    "data_quality",
    "practice_funnel_points",
    "practice_funnel_limits",
]
ALSO_AFTER = ["demand_projection", "maturity_scores", "data_quality_report"]


def _read(conn, name: str, schema: str = "publish") -> pl.DataFrame:
    qualified = f"{schema}.{name}"
    return read_table(conn, qualified) if table_exists(conn, qualified) else pl.DataFrame()


def _quality_summary(quality: pl.DataFrame) -> pl.DataFrame:
    if quality.is_empty() or not {"asset", "severity", "passed"} <= set(quality.columns):
        return quality
    return (
        quality.group_by("asset", "severity")
        .agg(checks=pl.len(), failed=(~pl.col("passed")).sum())
        .sort("failed", "asset", descending=[True, False])
    )


@dg.asset(
    key=["reports", "place_report"],
    group_name="reports",
    kinds={"html"},
    deps=[
        dg.AssetKey(["marts", "neighbourhood_membership"]),
        *(dg.AssetKey(["publish", n]) for n in PUBLISHED + ALSO_AFTER if n != "data_quality"),
    ],
    description="Self-contained HTML report per place: targets, spine chart, neighbourhoods, "
    "inequality, registers (aggregate) and data quality.",
    owners=["team:placehealth"],
)
def place_report(
    context: dg.AssetExecutionContext, settings: PlaceHealthSettings, warehouse: DuckDBResource
) -> dg.MaterializeResult:
    with connection(warehouse) as conn:
        frames = {name: _read(conn, name) for name in PUBLISHED + ALSO_AFTER[:2]}
        frames["targets"] = _read(conn, "targets", schema="staging")
        places = read_table(conn, "marts.places").select("place_code", "place_name")
    synthetic = settings.data_path == DEMO_DATA_DIR.resolve()
    provenance = (
        "SYNTHETIC demo data: figures illustrate the pipeline and describe no real place."
        if synthetic
        else "Public extracts (Fingertips, QOF, IoD, ONS); see SOURCES files."
    )
    inputs = ReportInputs(
        frames=frames,
        quality=_quality_summary(frames.pop("data_quality")),
        out_dir=settings.reports_path / "places",
        data_dir_label=settings.data_dir,
        provenance=provenance,
    )
    written = [str(p) for p in write_place_reports(inputs, places)]
    context.log.info(f"wrote {len(written) - 1} place reports and {written[-1]}")
    return dg.MaterializeResult(
        metadata={
            "reports": len(written) - 1,
            "index": dg.MetadataValue.path(written[-1]),
            "first": dg.MetadataValue.path(written[0]),
        }
    )
