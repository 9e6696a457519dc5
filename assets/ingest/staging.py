"""Ingest: every source of `sources.registry` becomes one typed `staging` table, through one
asset factory (find the files, load all-or-nothing, log each file in `meta.load_log`)."""

from collections.abc import Callable
from pathlib import Path

import dagster as dg
from dagster_duckdb import DuckDBResource

from assets.resources import PlaceHealthSettings
from sources.errors import IngestError
from sources.extracts import SourceFile, SourceRead
from sources.fingertips_live import download_snapshot
from sources.registry import SOURCES, Source, discover, read_source
from sources.registry import source as registry_entry
from warehouse.load_log import LoadOutcome, load_source
from warehouse.tables import connection

INGEST_GROUP = "ingest"
LIVE_SOURCE = "fingertips"  # the source the Fingertips API can replace (settings.live_fingertips)


def _metadata(outcome: LoadOutcome) -> dict[str, dg.MetadataValue]:
    return {
        "status": dg.MetadataValue.text(outcome.status),
        "rows_loaded": dg.MetadataValue.int(outcome.rows_loaded),
        "rows_rejected": dg.MetadataValue.int(outcome.rows_rejected),
        "files": dg.MetadataValue.json(outcome.files),
        "read_seconds": dg.MetadataValue.float(round(outcome.duration_s, 3)),
    }


def _live_snapshot_dir(settings: PlaceHealthSettings) -> Path:
    """Download the configured indicators through the Fingertips API into a snapshot folder."""
    snapshot = settings.reports_path.parent / "cache" / "fingertips_live"
    download_snapshot(
        settings.fingertips_api_url,
        settings.fingertips_indicator_ids,
        settings.fingertips_area_type_id,
        snapshot,
    )
    return snapshot


def load_into_staging(
    context: dg.AssetExecutionContext,
    warehouse: DuckDBResource,
    name: str,
    data_dir: Path,
    files: list[SourceFile],
    read: Callable[[], SourceRead | None],
) -> LoadOutcome:
    """Load `staging.<name>` all-or-nothing; bad input fails at once, naming file, row, column."""
    try:
        with connection(warehouse) as conn:
            return load_source(
                conn,
                source=name,
                table=f"staging.{name}",
                data_dir=data_dir,
                files=files,
                read=read,
                run_id=context.run.run_id,
            )
    except IngestError as error:
        # Bad input is not transient: no retry.
        raise dg.Failure(
            description=str(error),
            metadata={"file": error.file, "row": error.row, "column": error.column},
            allow_retries=False,
        ) from error


def build_ingest_asset(source: Source | str) -> dg.AssetsDefinition:
    """The ingest asset of one registry entry (or its name): `staging.<name>`, absent when it
    has no files."""
    source = registry_entry(source) if isinstance(source, str) else source
    name = source.name

    @dg.asset(
        key=dg.AssetKey(["staging", name]),
        group_name=INGEST_GROUP,
        kinds={"duckdb", "polars"},
        description=source.description,
        owners=["team:placehealth"],
        retry_policy=dg.RetryPolicy(max_retries=2, delay=2, backoff=dg.Backoff.EXPONENTIAL),
    )
    def _ingest(
        context: dg.AssetExecutionContext, settings: PlaceHealthSettings, warehouse: DuckDBResource
    ) -> dg.MaterializeResult:
        data_dir = settings.data_path
        if name == LIVE_SOURCE and settings.live_fingertips:
            data_dir = _live_snapshot_dir(settings)
            context.log.info(f"live Fingertips snapshot in {data_dir}")
        files = discover(data_dir, name)
        outcome = load_into_staging(
            context, warehouse, name, data_dir, files, lambda: read_source(data_dir, name, files)
        )
        context.log.info(
            f"{name}: {outcome.status}, {outcome.rows_loaded} rows from {len(files)} file(s)"
        )
        return dg.MaterializeResult(metadata=_metadata(outcome))

    return _ingest


ingest_assets = [build_ingest_asset(source) for source in SOURCES.values()]
