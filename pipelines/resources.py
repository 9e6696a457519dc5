"""Resources for the code location, configured from the environment with embedded defaults."""

from __future__ import annotations

from pathlib import Path

import dagster as dg

from assets.quality.validator import QualityValidator
from assets.resources import (
    DEFAULT_PLACES,
    DEMO_DATA_DIR,
    PROJECT_ROOT,
    SHARED_DATA_DIR,
    DuckDBFile,
    PlaceHealthSettings,
)
from pipelines.settings import PSEUDONYM_KEY_VARIABLE, Environment, read_environment
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
    places: list[str] | None = None,
    keep_open: bool = False,
    environment: Environment | None = None,
) -> dict[str, object]:
    """Resources from arguments, else PLACEHEALTH_* environment variables, else the defaults.

    The environment is read here (through `pipelines.settings`) and nowhere else: assets see
    its values as fields of the `settings` resource."""
    env = read_environment() if environment is None else environment
    indicators = fingertips_indicators or env.fingertips_indicators
    settings = PlaceHealthSettings(
        fingertips_indicator_ids=[int(i) for i in indicators.split(",") if i.strip()],
        data_dir=_path(data_dir or env.data_dir, DEMO_DATA_DIR),
        reports_dir=_path(reports_dir or env.reports_dir, PROJECT_ROOT / "reports"),
        live_fingertips=live_fingertips if live_fingertips is not None else env.live_fingertips,
        places=list(places or env.places or DEFAULT_PLACES),
        shared_data_dir=_path(env.shared_data, SHARED_DATA_DIR),
        pseudonym_key=dg.EnvVar(PSEUDONYM_KEY_VARIABLE) if env.pseudonym_key_set else "",
    )
    warehouse_path = _path(warehouse or env.warehouse, PROJECT_ROOT / "data" / "warehouse.duckdb")
    restricted_path = _path(
        restricted or env.restricted, PROJECT_ROOT / "data" / "restricted_records.duckdb"
    )
    for path in (warehouse_path, restricted_path):
        _check_catalogue_name(path)
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    # Both files publish atomically: every run writes a shadow copy, swapped in on success.
    warehouse_db = DuckDBFile(database=warehouse_path, keep_open=keep_open, atomic=True)
    restricted_db = DuckDBFile(database=restricted_path, keep_open=keep_open, atomic=True)
    return {
        "settings": settings,
        "warehouse": warehouse_db,
        "restricted": restricted_db,
        "quality_validator": QualityValidator(
            settings=settings,
            warehouse=warehouse_db,
            restricted=restricted_db,
            separate_process=env.gx_process,
        ),
    }
