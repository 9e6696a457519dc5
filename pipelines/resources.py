"""Resources for the code location, configured from the environment with embedded defaults."""

from __future__ import annotations

import os
from pathlib import Path

from assets.quality.validator import QualityValidator
from assets.resources import DEMO_DATA_DIR, PROJECT_ROOT, DuckDBFile, PlaceHealthSettings
from quality_runtime import validation_process
from warehouse.tables import PUBLISH_STORE


def _path(value: str | None, default: Path) -> str:
    return str(Path(value).expanduser().resolve()) if value else str(default)


SCHEMAS = {"staging", "marts", "publish", PUBLISH_STORE, "meta", "restricted"}


def _check_catalogue_name(path: str) -> None:
    """DuckDB names a database after its file: `restricted.duckdb` would clash with the schema
    `restricted` ("Ambiguous reference to catalog or schema"), so such names are refused."""
    if Path(path).stem.lower() in SCHEMAS:
        raise ValueError(
            f"{path}: a database file may not be named after a schema ({', '.join(sorted(SCHEMAS))});"
            " DuckDB would confuse the two. Choose another file name."
        )


def build_resources(
    data_dir: str | None = None,
    warehouse: str | None = None,
    restricted: str | None = None,
    reports_dir: str | None = None,
    live_fingertips: bool | None = None,
    fingertips_indicators: str | None = None,
    keep_open: bool = False,
) -> dict[str, object]:
    """Resources from arguments, else PLACEHEALTH_* environment variables, else the defaults."""
    env = os.environ
    indicators = fingertips_indicators or env.get("PLACEHEALTH_FINGERTIPS_INDICATORS", "")
    settings = PlaceHealthSettings(
        fingertips_indicator_ids=[int(i) for i in indicators.split(",") if i.strip()],
        data_dir=_path(data_dir or env.get("PLACEHEALTH_DATA_DIR"), DEMO_DATA_DIR),
        reports_dir=_path(reports_dir or env.get("PLACEHEALTH_REPORTS"), PROJECT_ROOT / "reports"),
        live_fingertips=(
            live_fingertips
            if live_fingertips is not None
            else env.get("PLACEHEALTH_LIVE_FINGERTIPS", "") in {"1", "true", "yes"}
        ),
    )
    warehouse_path = _path(
        warehouse or env.get("PLACEHEALTH_WAREHOUSE"), PROJECT_ROOT / "data" / "warehouse.duckdb"
    )
    restricted_path = _path(
        restricted or env.get("PLACEHEALTH_RESTRICTED"),
        PROJECT_ROOT / "data" / "restricted_records.duckdb",
    )
    for path in (warehouse_path, restricted_path):
        _check_catalogue_name(path)
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    warehouse_db = DuckDBFile(database=warehouse_path, keep_open=keep_open)
    restricted_db = DuckDBFile(database=restricted_path, keep_open=keep_open)
    return {
        "settings": settings,
        "warehouse": warehouse_db,
        "restricted": restricted_db,
        "quality_validator": QualityValidator(
            settings=settings,
            warehouse=warehouse_db,
            restricted=restricted_db,
            separate_process=validation_process.wanted(),
        ),
    }
