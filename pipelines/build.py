"""In-process builds with a live progress display, and the warehouse status listing."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

import dagster as dg
import duckdb
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from assets.resources import PROJECT_ROOT
from warehouse.load_log import warehouse_status
from warehouse.publishing import DamagedDatabase, check_opens

if TYPE_CHECKING:
    from dagster._core.definitions.assets.graph.asset_graph import AssetGraph

console = Console()


def _watch(instance: dg.DagsterInstance, tag: str, total: int, done: threading.Event) -> None:
    """Follow the run's materialisations and advance a progress bar per asset built.

    Reads only the new materialisation records each time (a cursor, one event type): reading
    the whole event log every half second cost the build seconds of CPU.
    """
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, transient=False) as progress:
        task = progress.add_task("building", total=total)
        run_id, cursor = None, None
        while not done.is_set():
            time.sleep(0.5)
            if run_id is None:
                runs = instance.get_runs(filters=dg.RunsFilter(tags={"placehealth/build": tag}))
                if not runs:
                    continue
                run_id = runs[0].run_id
            found = instance.get_records_for_run(
                run_id, cursor=cursor, of_type=dg.DagsterEventType.ASSET_MATERIALIZATION
            )
            cursor = found.cursor
            for record in found.records:
                key = record.event_log_entry.dagster_event.asset_key
                progress.update(task, advance=1, description=key.to_user_string())
        progress.update(task, completed=total, description="done")


def _refresh_quality_report(settings: object, published: Path) -> None:
    """Rewrite the IG summary from the published warehouse and the check history.

    A failed (discarded) build still leaves its check results in the history, so the IG lead
    sees why publication was blocked.
    """
    if not published.exists():
        return
    from dagster_duckdb import DuckDBResource

    from assets.quality.report import write_quality_report

    try:
        summary = write_quality_report(DuckDBResource(database=str(published)), settings)
        console.print(f"data-quality summary: {summary['summary_path']}")
    except Exception as error:  # the report must never hide the build's own outcome
        console.print(f"[yellow]data-quality summary not refreshed: {error}")


def unpartitioned(graph: AssetGraph, keys: set[dg.AssetKey]) -> set[dg.AssetKey]:
    """`keys` less the partitioned assets, which run per partition (the national_risk job)."""
    skipped = {k for k in keys if graph.get(k).partitions_def is not None}
    if skipped:
        console.print(
            f"skipping {len(skipped)} place-partitioned assets: run them per place with the "
            "national_risk job (docs/operations.md, 'Scaling out')"
        )
    return keys - skipped


def run_build(
    selection: str = "*",
    data_dir: str | None = None,
    warehouse: str | None = None,
    live_fingertips: bool | None = None,
    fingertips_indicators: str | None = None,
    log_level: str = "WARNING",
    checks: bool = True,
    places: list[str] | None = None,
) -> int:
    """Materialise `selection` (Dagster asset-selection syntax) with the project's resources.

    `checks=False` builds without the data-quality checks and their report, for
    benchmarks/data_quality.py to measure what they cost; the CLI always checks.
    """
    from assets.quality.report import REPORT_KEY
    from pipelines.definitions import build_definitions
    from pipelines.resources import build_resources

    published = Path(build_resources(warehouse=warehouse)["warehouse"].database)
    defs = build_definitions(
        data_dir=data_dir,
        warehouse=str(published),  # the run writes a shadow copy, published on success
        live_fingertips=live_fingertips,
        fingertips_indicators=fingertips_indicators,
        keep_open=True,  # one process runs every step (execute_in_process)
        checks=checks,
        places=places,  # --place: the settings' places for this run (else PLACEHEALTH_PLACES)
    )
    graph = defs.resolve_asset_graph()
    keys = unpartitioned(graph, dg.AssetSelection.from_string(selection).resolve(graph))
    if not checks:
        keys.discard(REPORT_KEY)
    elif keys and REPORT_KEY in graph.materializable_asset_keys:
        # Every checked build refreshes the IG summary within the run, where the validation
        # process has GX loaded; rebuilding it afterwards would import GX here (seconds).
        keys.add(REPORT_KEY)
    if not keys:
        console.print(f"[red]no asset matches selection {selection!r}")
        return 2
    job = defs.resolve_implicit_global_asset_job_def()
    instance = dg.DagsterInstance.get()
    tag = f"{time.time_ns()}"
    done = threading.Event()
    watcher = threading.Thread(target=_watch, args=(instance, tag, len(keys), done), daemon=True)
    settings = defs.resources["settings"]
    console.print(
        f"data: {settings.data_dir}\nwarehouse: {published} (building in {published.name}"
        ".building, swapped in when the run succeeds)"
    )
    watcher.start()
    try:
        result = job.execute_in_process(
            instance=instance,
            asset_selection=sorted(keys),
            raise_on_error=False,
            tags={"placehealth/build": tag},
            run_config={"loggers": {"console": {"config": {"log_level": log_level}}}},
        )
    finally:
        done.set()
        watcher.join()
    reported = any(e.asset_key == REPORT_KEY for e in result.get_asset_materialization_events())
    if checks and not (result.success and reported):  # else the run's own report is current
        _refresh_quality_report(defs.resources["settings"], published)
    elif reported:
        console.print(
            f"data-quality summary: {settings.reports_path / 'data_quality'}/summary.html"
        )
    unpublished = [
        e.message
        for e in result.all_events
        if e.event_type == dg.DagsterEventType.ENGINE_EVENT
        and (e.message or "").startswith("Teardown of resources")
    ]
    for message in unpublished:  # the run's steps succeeded, but its copy was not published
        console.print(f"[red]not published: {message}")
    failures = [e for e in result.all_events if e.event_type == dg.DagsterEventType.STEP_FAILURE]
    for event in failures:
        console.print(
            f"[red]FAILED {event.step_key}:[/red] {event.step_failure_data.error.message}"
        )
    succeeded = result.success and not unpublished
    console.print(
        f"{'[green]succeeded' if succeeded else '[red]failed'}[/] "
        f"({len(keys)} assets selected, run {result.run_id})"
    )
    console.print(f"outputs: warehouse {published}, reports {settings.reports_dir}")
    return 0 if succeeded else 1


def print_status(warehouse: str | None = None) -> int:
    """Print tables, row counts and the last load of each source."""
    path = Path(warehouse) if warehouse else PROJECT_ROOT / "data" / "warehouse.duckdb"
    if not path.exists():
        console.print(f"[yellow]no warehouse at {path}: run `placehealth build` first")
        return 1
    try:
        check_opens(path)
    except DamagedDatabase as error:
        console.print(f"[red]{error}")
        return 1
    with duckdb.connect(str(path), read_only=True) as conn:
        tables, loads = warehouse_status(conn)
    listing = Table(title=f"warehouse {path}")
    for column in tables.columns:
        listing.add_column(column)
    for row in tables.iter_rows():
        listing.add_row(*[str(v) for v in row])
    console.print(listing)
    if loads is not None:
        log = Table(title="last load of each source (meta.load_log)")
        for column in loads.columns:
            log.add_column(column)
        for row in loads.iter_rows():
            log.add_row(*[str(v) for v in row])
        console.print(log)
    return 0
