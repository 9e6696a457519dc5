"""Reference tables that ride along with the main extracts: indicator metadata, Fingertips area
hierarchy, the European Standard Population and the GP practice register."""

from collections.abc import Callable
from pathlib import Path

import dagster as dg
import polars as pl
from dagster_duckdb import DuckDBResource

from assets.ingest.staging import load_into_staging
from assets.resources import PlaceHealthSettings
from sources import fingertips, population, qof
from sources.errors import IngestError
from sources.extracts import FileRead, SourceFile, SourceRead, hash_file


def _files(data_dir: Path, patterns: list[str]) -> list[SourceFile]:
    """Files matching the patterns, the main file (first pattern) first."""
    if not data_dir.is_dir():
        raise IngestError(str(data_dir), "the data folder does not exist")
    found: list[Path] = []
    for pattern in patterns:
        found += [p for p in sorted(data_dir.glob(pattern)) if p.is_file() and p not in found]
    return [SourceFile(path=p, sha256=hash_file(p)) for p in found]


def _records(path: Path, loaded: int) -> int:
    """Data rows in a CSV main file (epraccur has no header); `loaded` for other formats."""
    if ".csv" not in path.name:
        return loaded
    frame = pl.read_csv(
        path,
        has_header=not path.name.startswith("epraccur"),
        infer_schema_length=0,
        truncate_ragged_lines=True,
    )
    return frame.height


REFERENCES: dict[str, tuple[list[str], Callable[[Path], pl.DataFrame | None], str]] = {
    "indicator_metadata": (
        [
            "fingertips/metadata/indicator_metadata_all.json*",
            "fingertips/metadata/indicator_polarity_subset.csv",
        ],
        fingertips.read_indicator_metadata,
        "Fingertips indicator metadata: unit, value type, year type, CI method, polarity.",
    ),
    "fingertips_areas": (
        ["fingertips/metadata/areas_hierarchy.csv"],
        fingertips.read_area_hierarchy,
        "Fingertips area hierarchy: area code, name, type, level and child codes.",
    ),
    "standard_population": (
        ["population/european_standard_population_2013.csv"],
        population.read_standard_population,
        "European Standard Population 2013 (19 bands, PHE/OHID form).",
    ),
    "practices": (
        ["qof/epraccur.csv*", "qof/ePCN_core_partner_details.csv*"],
        qof.read_practices,
        "ODS epraccur GP practices with their current PCN (ePCN).",
    ),
}


StagingRead = Callable[[Path, list[SourceFile]], SourceRead | None]


def build_staging_asset(
    name: str,
    description: str,
    discover: Callable[[Path], list[SourceFile]],
    read: StagingRead,
) -> dg.AssetsDefinition:
    """An ingest asset loading `staging.<name>` with `load_into_staging` (no files → absent)."""

    @dg.asset(
        key=dg.AssetKey(["staging", name]),
        group_name="ingest",
        kinds={"duckdb", "polars"},
        description=description,
        owners=["team:placehealth"],
    )
    def _staging(
        context: dg.AssetExecutionContext, settings: PlaceHealthSettings, warehouse: DuckDBResource
    ) -> dg.MaterializeResult:
        data_dir = settings.data_path
        files = discover(data_dir)
        outcome = load_into_staging(
            context, warehouse, name, data_dir, files, lambda: read(data_dir, files)
        )
        return dg.MaterializeResult(
            metadata={
                "status": outcome.status,
                "rows_loaded": outcome.rows_loaded,
                "rows_rejected": outcome.rows_rejected,
            }
        )

    return _staging


def _read_reference(name: str, data_dir: Path, files: list[SourceFile]) -> SourceRead | None:
    """A reference table with one row count for all its files (the main file's)."""
    table = REFERENCES[name][1](data_dir)
    if table is None:
        return None
    first, *rest = files
    read_rows = _records(first.path, table.height)
    note = "rows the reader filters out (e.g. non-GP ODS codes)" if read_rows > table.height else ""
    reads = [
        FileRead(first.path, first.sha256, read_rows, table.height, read_rows - table.height, note)
    ]
    reads += [FileRead(f.path, f.sha256, 0, 0, 0, note="joined into the table above") for f in rest]
    return SourceRead(name, table, reads)


def build_reference_asset(name: str) -> dg.AssetsDefinition:
    """An ingest asset for one reference table (one row count for all its files)."""
    patterns, _, description = REFERENCES[name]
    return build_staging_asset(
        name,
        description,
        lambda data_dir: _files(data_dir, patterns),
        lambda data_dir, files: _read_reference(name, data_dir, files),
    )


reference_assets = [build_reference_asset(name) for name in REFERENCES]
