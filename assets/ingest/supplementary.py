"""Supplementary extracts (IoD sub-domains, indicators, denominators and area summaries; LSOA/MSOA
2011 → 2021 changes; CCG/STP and region lookups; the PCN register; Fingertips area parents)."""

import dagster as dg

from assets.ingest.reference import build_staging_asset
from sources.supplementary import TABLES, discover_supplementary, read_supplementary


def build_supplementary_asset(name: str) -> dg.AssetsDefinition:
    """The ingest asset of one supplementary table: `staging.<name>`, absent when no files."""
    return build_staging_asset(
        name,
        TABLES[name].description,
        lambda data_dir: discover_supplementary(data_dir, name),
        lambda data_dir, files: read_supplementary(data_dir, name, files),
    )


supplementary_assets = [build_supplementary_asset(name) for name in TABLES]
