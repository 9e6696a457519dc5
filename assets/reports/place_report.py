"""The place report: one self-contained HTML file per place, for boards."""

import dagster as dg
import polars as pl
from dagster_duckdb import DuckDBResource

from assets.resources import DEMO_DATA_DIR, PLACE_NAMES, PlaceHealthSettings
from reporting.place_report import PlaceTables, render_place_report
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


def for_place(frame: pl.DataFrame, place_code: str) -> pl.DataFrame:
    """Rows of `frame` that belong to the place (by place_code, else area_code)."""
    for column in ("place_code", "area_code"):
        if column in frame.columns:
            return frame.filter(pl.col(column) == place_code)
    return frame


def neighbourhood_rows(baseline: pl.DataFrame, place_code: str) -> pl.DataFrame:
    """The place's neighbourhoods (area codes '<place>:<NAME>') with England comparisons."""
    if baseline.is_empty() or "area_type" not in baseline.columns:
        return pl.DataFrame()
    wanted = [
        "indicator_name",
        "area_name",
        "period",
        "value",
        "lower_95",
        "upper_95",
        "england_value",
        "compared_to_england",
    ]
    return (
        baseline.filter(
            (pl.col("area_type") == "neighbourhood")
            & pl.col("area_code").str.starts_with(f"{place_code}:")
        )
        .select([c for c in wanted if c in baseline.columns])
        .sort("indicator_name", "area_name")
    )


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
        dg.AssetKey(["publish", name]) for name in PUBLISHED + ALSO_AFTER if name != "data_quality"
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
        registry = _read(conn, "targets", schema="staging")
    out = settings.reports_path / "places"
    out.mkdir(parents=True, exist_ok=True)
    baseline = frames["indicator_baseline"]
    synthetic = settings.data_path == DEMO_DATA_DIR.resolve()
    provenance = (
        "SYNTHETIC demo data: figures illustrate the pipeline and describe no real place."
        if synthetic
        else "Public extracts (Fingertips, QOF, IoD, ONS); see SOURCES files."
    )
    written = []
    for code, name in PLACE_NAMES.items():
        trajectory = for_place(frames["trajectory_vs_target"], code)
        neighbourhoods = neighbourhood_rows(baseline, code)
        tables = PlaceTables(
            trajectory=trajectory,
            baseline=baseline,
            neighbourhoods=neighbourhoods,
            inequality=for_place(frames["indicator_inequality"], code),
            registers=for_place(frames["register_summary"], code),
            quality=_quality_summary(frames["data_quality"]),
            targets=for_place(registry, code),
            demand=for_place(frames["demand_projection"], code),
            maturity=for_place(frames["maturity_scores"], code),
            funnel_points=for_place(frames["practice_funnel_points"], code),
            funnel_limits=for_place(frames["practice_funnel_limits"], code),
        )
        page = render_place_report(code, name, tables, settings.data_dir, provenance)
        path = out / f"{code}.html"
        path.write_text(page, encoding="utf-8")
        written.append(str(path))
        context.log.info(f"wrote {path}")
    return dg.MaterializeResult(
        metadata={
            "reports": dg.MetadataValue.json(written),
            "first": dg.MetadataValue.path(written[0]),
        }
    )
