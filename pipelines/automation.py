"""Jobs, the monthly schedule and the landing-folder sensor."""

from __future__ import annotations

import json
from pathlib import Path

import dagster as dg

from assets.quality.report import QUALITY_REPORT_SENSORS, data_quality_report_job
from assets.resources import PlaceHealthSettings
from assets.risk.places import PLACE_PARTITIONED, place_register_summary
from pipelines.calendar import is_first_working_day
from sources.registry import sources_of

INDICATOR_GROUPS = ["ingest", "baselines", "targets", "quality"]

# Runs that write the warehouse queue one at a time (dagster.yaml's tag limit); runs outside
# the queue (the CLI, the UI's ad-hoc materialisations) wait on the file's writer lock instead.
WRITER_TAGS = {"placehealth/writes": "warehouse"}
# Scheduled and sensor runs are retried twice (transient failures: a locked file, a slow API);
# each step also has its own retry policy with exponential backoff where it makes sense. A
# failed run publishes nothing, so a retry reruns every step (from failure would read the
# unpublished outputs of the steps that had succeeded).
RETRY_TAGS = {"dagster/max_retries": "2", "dagster/retry_strategy": "ALL_STEPS", **WRITER_TAGS}

full_refresh = dg.define_asset_job(
    "full_refresh",
    selection=dg.AssetSelection.all() - PLACE_PARTITIONED,
    description="Every asset and check (the place-partitioned risk chain runs as national_risk).",
    tags=RETRY_TAGS,
)
indicators_only = dg.define_asset_job(
    "indicators_only",
    selection=dg.AssetSelection.groups(*INDICATOR_GROUPS),
    description="Ingest → baselines → targets, without the patient-level risk work.",
    tags=WRITER_TAGS,
)
risk_only = dg.define_asset_job(
    "risk_only",
    selection=dg.AssetSelection.groups("risk"),
    description="Risk stratification.",
    tags=WRITER_TAGS,
)
ingest_on_arrival = dg.define_asset_job(
    "ingest_on_arrival",
    selection=dg.AssetSelection.groups("ingest").downstream(),
    description="A changed source and everything that depends on it (sensor-driven).",
    tags=RETRY_TAGS,
)


# One run, one process, per place: a backfill queues the places and dagster.yaml's run
# coordinator runs two at a time. A place's steps are a chain, so by default they run in the
# run's process: a process per step (the multiprocess executor, at most one per core by
# default) measured 2.6x slower on 2 cores, each step loading the code location again. Choose
# it in the launchpad (`execution: {config: {multiprocess: {}}}`) once steps can run side by side.
national_risk = dg.define_asset_job(
    "national_risk",
    selection=PLACE_PARTITIONED,  # partitioned by place (settings.places)
    executor_def=dg.multi_or_in_process_executor,
    config={"execution": {"config": {"in_process": {}}}},
    tags={"placehealth/national": "place"},
    description="The patient-level risk chain of one place (a partition); backfill for all.",
)
national_register_summary = dg.define_asset_job(
    "national_register_summary",
    selection=dg.AssetSelection.assets(place_register_summary),
    executor_def=dg.in_process_executor,  # one step: a step process would only add start-up
    description="Every place's register -> publish.place_register_summary (after a backfill).",
    tags=WRITER_TAGS,
)


def jobs() -> list[dg.UnresolvedAssetJobDefinition]:
    """The named jobs analysts trigger."""
    return [full_refresh, indicators_only, risk_only, ingest_on_arrival, data_quality_report_job,
            national_risk, national_register_summary]  # fmt: skip


@dg.schedule(
    job=full_refresh,
    cron_schedule="0 6 1-4 * *",
    execution_timezone="Europe/London",
    description="Full refresh at 06:00 on the first working day of each month.",
)
def monthly_full_refresh(context: dg.ScheduleEvaluationContext) -> dg.RunRequest | dg.SkipReason:
    """Fire only on the first working day (the cron covers days 1–4)."""
    day = context.scheduled_execution_time.date()
    if not is_first_working_day(day):
        return dg.SkipReason(f"{day} is not the first working day of the month")
    return dg.RunRequest(run_key=f"monthly-{day.isoformat()}")


def schedules() -> list[dg.ScheduleDefinition]:
    """Monthly full refresh."""
    return [monthly_full_refresh]


def fingerprint(folder: Path) -> dict[str, list[float]]:
    """(modification time, size) of every file below `folder`, keyed by relative path."""
    if not folder.is_dir():
        return {}
    return {
        str(p.relative_to(folder)): [p.stat().st_mtime, p.stat().st_size]
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def changed_sources(before: dict[str, list[float]], after: dict[str, list[float]]) -> list[str]:
    """Registry sources one of whose files is new or changed between two fingerprints."""
    return sources_of([path for path, stamp in after.items() if before.get(path) != stamp])


@dg.sensor(
    job=ingest_on_arrival,
    minimum_interval_seconds=60,
    default_status=dg.DefaultSensorStatus.STOPPED,
)
def landing_folder_sensor(
    context: dg.SensorEvaluationContext, settings: PlaceHealthSettings
) -> dg.SensorResult:
    """A new or changed file of any registry source (sources.registry) in the data folder
    re-ingests those sources and everything downstream of them, in one run."""
    before = json.loads(context.cursor) if context.cursor else {}
    after = fingerprint(settings.data_path)
    sources = changed_sources(before, after) if before else []
    stamp = max((v[0] for v in after.values()), default=0.0)
    # One run for every source that changed together (a new IoD release touches several):
    # runs side by side would queue on the warehouse's single writer.
    keys = [dg.AssetKey(["staging", source]) for source in sources]
    graph = context.repository_def.asset_graph
    requests = (
        [
            dg.RunRequest(
                run_key=f"{'+'.join(sources)}-{stamp}",
                asset_selection=list(dg.AssetSelection.assets(*keys).downstream().resolve(graph)),
            )
        ]
        if sources
        else []
    )
    return dg.SensorResult(run_requests=requests, cursor=json.dumps(after))


def sensors() -> list[dg.SensorDefinition]:
    """File-arrival sensors."""
    return [landing_folder_sensor, *QUALITY_REPORT_SENSORS]
