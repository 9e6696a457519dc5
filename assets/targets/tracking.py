"""Targets assets: the validated targets registry and the trajectory-vs-target table with charts."""

import datetime as dt
from pathlib import Path

import dagster as dg
import polars as pl
from dagster_duckdb import DuckDBResource

from assets.resources import PROJECT_ROOT, PlaceHealthSettings
from models.targets.registry import TargetRegistryError, load_targets, registry_frame
from models.targets.status import DEFAULT_PROBABILITY_THRESHOLD, DEFAULT_TOLERANCE, STATUSES
from models.targets.tracking import empty_actuals, trajectory_vs_target
from reporting.charts import save_figure
from reporting.charts.targets import target_figures
from sources.targets import read_target_files
from warehouse.tables import (
    connection,
    publish_table,
    query,
    read_table,
    replace_table,
    table_exists,
)

TARGETS_GROUP = "targets"
KEYS = ["target_id", "area_code"]


class TargetsConfig(dg.Config):
    """Where the target YAML files are."""

    targets_dir: str = str(PROJECT_ROOT / "data" / "targets")


class TrackingConfig(dg.Config):
    """Status rules (see docs/targets.md) and the as-of date (ISO; default today)."""

    tolerance: float = DEFAULT_TOLERANCE
    probability_threshold: float = DEFAULT_PROBABILITY_THRESHOLD
    as_of: str | None = None
    charts: bool = True


@dg.asset(
    key=dg.AssetKey(["staging", "targets"]),
    group_name=TARGETS_GROUP,
    kinds={"duckdb", "polars"},
    owners=["team:placehealth"],
)
def targets_registry(config: TargetsConfig, warehouse: DuckDBResource) -> dg.MaterializeResult:
    """Agreed targets from data/targets/*.yaml, validated; one row per target × area."""
    try:
        specs = load_targets(read_target_files(config.targets_dir))
    except TargetRegistryError as error:
        raise dg.Failure(description=str(error), allow_retries=False) from error
    frame = registry_frame(specs)
    with connection(warehouse) as conn:
        rows = replace_table(conn, "staging.targets", frame)
    return dg.MaterializeResult(
        metadata={
            "rows": rows,
            "targets": len(specs),
            "incomplete_targets": len(
                {s.id for s in specs} - set(frame.filter(pl.col("complete"))["target_id"].to_list())
            ),
        }
    )


def write_charts(table: pl.DataFrame, registry: pl.DataFrame, folder: Path) -> int:
    """One PNG per target × area with data or a complete trajectory; returns how many."""
    figures = target_figures(table, registry)
    return sum(1 for t, area, figure in figures if save_figure(figure, folder, f"{t}__{area}"))


def _preview(table: pl.DataFrame) -> str:
    latest = table.filter(pl.col("is_latest")).select(
        "target_id",
        "area_code",
        "period",
        "actual_value",
        "trajectory_value",
        "target_value",
        "probability_met",
        "status",
    )
    header = "| " + " | ".join(latest.columns) + " |\n|" + "---|" * latest.width + "\n"
    lines = [
        "| "
        + " | ".join(
            "" if v is None else f"{v:.3g}" if isinstance(v, float) else str(v) for v in row
        )
        + " |"
        for row in latest.iter_rows()
    ]
    return header + "\n".join(lines)


@dg.asset(
    key=dg.AssetKey(["publish", "trajectory_vs_target"]),
    group_name=TARGETS_GROUP,
    kinds={"duckdb", "polars"},
    owners=["team:placehealth"],
    deps=[dg.AssetKey(["staging", "targets"]), dg.AssetKey(["staging", "fingertips"])],
)
def trajectory_vs_target_table(
    context: dg.AssetExecutionContext,
    config: TrackingConfig,
    settings: PlaceHealthSettings,
    warehouse: DuckDBResource,
) -> dg.MaterializeResult:
    """Each target × area × period: trajectory, actual with CI, gap, forecast, P(met), status."""
    as_of = dt.date.fromisoformat(config.as_of) if config.as_of else dt.date.today()
    with connection(warehouse) as conn:
        registry = read_table(conn, "staging.targets")
        if table_exists(conn, "staging.fingertips"):
            actuals = query(conn, "targets/actuals")
        else:
            context.log.warning("staging.fingertips is absent: every target not_yet_measurable")
            actuals = empty_actuals()
        table = trajectory_vs_target(
            registry, actuals, as_of, config.tolerance, config.probability_threshold
        )
        rows = publish_table(conn, "trajectory_vs_target", table)
    charts = (
        write_charts(table, registry, settings.reports_path / "targets") if config.charts else 0
    )
    latest = table.filter(pl.col("is_latest"))
    counts = dict(latest.group_by("status").len().iter_rows())
    return dg.MaterializeResult(
        metadata={
            "rows": rows,
            "as_of": as_of.isoformat(),
            "charts": charts,
            "charts_dir": str(settings.reports_path / "targets"),
            **{f"latest_{s}": int(counts.get(s, 0)) for s in STATUSES},
            "preview": dg.MetadataValue.md(_preview(table)),
        }
    )
