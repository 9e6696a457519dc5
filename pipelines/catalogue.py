"""The asset modules that make up the pipeline, in layer order."""

from __future__ import annotations

import importlib
from collections.abc import Sequence

import dagster as dg

from assets.resources import DEFAULT_PLACES
from assets.risk.places import build_place_chain

ASSET_MODULES = [
    "assets.ingest.staging",
    "assets.baselines.neighbourhoods",
    "assets.baselines.indicators",
    "assets.baselines.inequality",
    "assets.baselines.funnels",
    "assets.baselines.boundaries",
    "assets.targets.tracking",
    "assets.risk.register",
    "assets.risk.places",
    "assets.demand.projection",
    "assets.segments.summary",
    "assets.maturity.scores",
    "assets.quality.checks",
    "assets.quality.report",
    "assets.publish.contract",
    "assets.reports.place_report",
]


def _modules() -> list:
    return [importlib.import_module(name) for name in ASSET_MODULES]


def all_assets(places: Sequence[str] = DEFAULT_PLACES) -> list[dg.AssetsDefinition]:
    """Every asset of the pipeline; the risk chain partitioned by `places` (settings.places)."""
    found: list[dg.AssetsDefinition] = []
    for module in _modules():
        found += dg.load_assets_from_modules([module])
    return found + build_place_chain(places)


def all_asset_checks() -> list[dg.AssetChecksDefinition]:
    """Every asset check (data quality and information governance)."""
    return list(dg.load_asset_checks_from_modules(_modules()))
