"""The data-quality report: GX Data Docs and a one-page IG summary after every run."""

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import dagster as dg
import jinja2
from dagster_duckdb import DuckDBResource

from assets.quality.store import latest_results, load_history
from assets.quality.validator import AFTER_CHECKS_PRIORITY, QualityValidator
from assets.resources import PlaceHealthSettings
from models.quality.report import summarise
from quality_runtime.data_docs import build_data_docs
from warehouse.tables import connection, query, table_exists

TEMPLATES = Path(__file__).resolve().parents[2] / "reporting" / "templates"
REPORT_KEY = dg.AssetKey(["publish", "data_quality_report"])


def write_quality_report(
    warehouse: DuckDBResource,
    settings: PlaceHealthSettings,
    docs_builder: Callable[[Path], Path | None] = build_data_docs,
) -> dict:
    """Build Data Docs and `summary.html` under `<reports_dir>/data_quality/`; return the summary.

    Results come from the history kept beside the reports (it survives a failed build, whose
    warehouse copy is discarded), else from `publish.data_quality`.
    """
    folder = settings.reports_path / "data_quality"
    folder.mkdir(parents=True, exist_ok=True)
    history = load_history(folder / "history", compact=True)
    if history is not None:
        latest = latest_results(history)
    else:
        with connection(warehouse) as conn:
            exists = table_exists(conn, "publish.data_quality")
            latest = query(conn, "quality/latest_results") if exists else None
    if latest is None or latest.is_empty():
        raise dg.Failure("no check results in publish.data_quality yet: run the pipeline first")
    docs = docs_builder(folder)
    summary = summarise(latest)
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True)
    html = env.get_template("data_quality_summary.html.j2").render(
        **summary,
        generated_at=datetime.now().strftime("%Y-%m-%d %H:%M"),
        suppress_below=settings.suppress_below,
        round_to=settings.round_to,
        data_docs=docs.relative_to(folder).as_posix() if docs else "#",
    )
    (folder / "summary.html").write_text(html, encoding="utf-8")
    return summary | {"summary_path": folder / "summary.html", "data_docs": docs}


@dg.asset(
    key=REPORT_KEY,
    group_name="quality",
    kinds={"html", "duckdb"},
    owners=["team:placehealth"],
    deps=[dg.AssetKey(["publish", "contract_version"])],  # after every publish table
    op_tags=AFTER_CHECKS_PRIORITY,  # and after every check of the run
)
def data_quality_report(
    settings: PlaceHealthSettings, warehouse: DuckDBResource, quality_validator: QualityValidator
) -> dg.MaterializeResult:
    """One-page IG summary and GX Data Docs of the latest check results (reports/data_quality/);
    the Data Docs are built where the run's checks imported GX."""
    summary = write_quality_report(warehouse, settings, quality_validator.data_docs)
    return dg.MaterializeResult(
        metadata={
            "summary": dg.MetadataValue.path(str(summary["summary_path"])),
            "data_docs": dg.MetadataValue.path(str(summary["data_docs"] or "")),
            "ig_verdict": dg.MetadataValue.text("safe" if summary["ig_ok"] else "do not sign off"),
            "blocked_tables": dg.MetadataValue.json(summary["blocked"]),
            "failed_expectations": dg.MetadataValue.int(len(summary["failures"])),
        }
    )


data_quality_report_job = dg.define_asset_job(
    "data_quality_report_job", selection=dg.AssetSelection.assets(REPORT_KEY)
)


def _report_request(context: dg.RunStatusSensorContext) -> dg.RunRequest | dg.SkipReason:
    if context.dagster_run.job_name == data_quality_report_job.name:
        return dg.SkipReason("the finished run was the report itself")
    if context.dagster_run.tags.get("placehealth/national") == "place":
        # a place partition of national_risk writes Parquet only and runs no quality check
        return dg.SkipReason("a place run of the national job: nothing new to report")
    return dg.RunRequest(run_key=f"quality-report-{context.dagster_run.run_id}")


@dg.run_status_sensor(
    run_status=dg.DagsterRunStatus.SUCCESS,
    request_job=data_quality_report_job,
    default_status=dg.DefaultSensorStatus.RUNNING,
    monitor_all_code_locations=False,
)
def quality_report_after_success(context: dg.RunStatusSensorContext):
    """Rebuild the quality report after every successful run."""
    return _report_request(context)


@dg.run_status_sensor(
    run_status=dg.DagsterRunStatus.FAILURE,
    request_job=data_quality_report_job,
    default_status=dg.DefaultSensorStatus.RUNNING,
)
def quality_report_after_failure(context: dg.RunStatusSensorContext):
    """Rebuild the quality report after a failed run too (blocked publication is news)."""
    return _report_request(context)


QUALITY_REPORT_SENSORS = [quality_report_after_success, quality_report_after_failure]
