"""The placehealth code location: every asset, check, job, schedule and sensor."""

from __future__ import annotations

import dagster as dg

from assets.resources import DEFAULT_PLACES, PlaceHealthSettings
from pipelines.automation import jobs, schedules, sensors
from pipelines.catalogue import all_asset_checks, all_assets
from pipelines.resources import build_resources
from sources.geography import english_local_authorities


def partition_places(settings: PlaceHealthSettings) -> list[str]:
    """The risk chain's partitions: the `places` setting, with 'all' spelled out as every
    English local authority in the data folder's lookup (the seed places if it has none)."""
    places = list(settings.places)
    if [p.strip().lower() for p in places] != ["all"]:
        return places
    return english_local_authorities(settings.data_path) or list(DEFAULT_PLACES)


def build_definitions(*, checks: bool = True, **resource_overrides: object) -> dg.Definitions:
    """Definitions with resources from `resource_overrides`, the environment or the defaults;
    `checks=False` leaves the asset checks out (benchmarks/data_quality.py measures their cost)."""
    resources = build_resources(**resource_overrides)
    return dg.Definitions(
        assets=all_assets(partition_places(resources["settings"])),
        asset_checks=all_asset_checks() if checks else [],
        jobs=jobs(),
        schedules=schedules(),
        sensors=sensors(),
        resources=resources,
        # A run's steps share one process, so its writes go to one shadow copy of each database
        # that is published when the run succeeds (assets.resources.DuckDBFile); steps of one
        # DuckDB file cannot write in parallel anyway (one writer per file).
        executor=dg.in_process_executor,
    )


@dg.definitions
def defs() -> dg.Definitions:
    return build_definitions()
