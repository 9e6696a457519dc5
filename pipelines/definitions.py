"""The placehealth code location: every asset, check, job, schedule and sensor."""

from __future__ import annotations

import dagster as dg

from pipelines.automation import jobs, schedules, sensors
from pipelines.catalogue import all_asset_checks, all_assets
from pipelines.resources import build_resources


def build_definitions(*, checks: bool = True, **resource_overrides: object) -> dg.Definitions:
    """Definitions with resources from `resource_overrides`, the environment or the defaults;
    `checks=False` leaves the asset checks out (benchmarks/data_quality.py measures their cost)."""
    resources = build_resources(**resource_overrides)
    return dg.Definitions(
        assets=all_assets(resources["settings"].places),
        asset_checks=all_asset_checks() if checks else [],
        jobs=jobs(),
        schedules=schedules(),
        sensors=sensors(),
        resources=resources,
    )


@dg.definitions
def defs() -> dg.Definitions:
    return build_definitions()
