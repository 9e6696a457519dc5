"""Fixture: the real extracts loaded and every baselines asset built, once per session."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from baselines_fixtures import build_baselines, load_real_staging, shared_data  # noqa: E402


@pytest.fixture(scope="session")
def real_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real extracts loaded and every baselines asset built (once per session)."""
    data = shared_data()
    if not (data / "fingertips").is_dir():
        pytest.skip(f"real extracts not found at {data} (set PLACEHEALTH_SHARED_DATA)")
    db = tmp_path_factory.mktemp("real") / "warehouse.duckdb"
    load_real_staging(db, data)
    assert build_baselines(db, data).success
    return db


@pytest.fixture(scope="session")
def unmentioned_place(real_warehouse: Path) -> str:
    """The place the real build adds beside the seeds (see `build_baselines`)."""
    from baselines_fixtures import EXTRA_PLACE

    return EXTRA_PLACE
