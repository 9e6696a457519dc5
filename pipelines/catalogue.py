"""The list of asset modules that make up the pipeline."""

from __future__ import annotations

import dagster as dg

from assets import ingest


def all_assets() -> list[dg.AssetsDefinition]:
    """Every asset of the pipeline, in layer order."""
    return [*ingest.ingest_assets]


def all_asset_checks() -> list[dg.AssetChecksDefinition]:
    """Every asset check (data quality and information governance)."""
    return []
