"""Shared fixtures: where the real extracts are, and a temporary warehouse."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]


def shared_data_dir() -> Path:
    """The real extracts: $PLACEHEALTH_SHARED_DATA, else ../shared/data beside the checkout."""
    return Path(os.environ.get("PLACEHEALTH_SHARED_DATA", REPO_ROOT.parent / "shared" / "data"))


@pytest.fixture(scope="session")
def real_data_dir() -> Path:
    path = shared_data_dir()
    if not (path / "fingertips").is_dir():
        pytest.skip(f"real extracts not found at {path} (set PLACEHEALTH_SHARED_DATA)")
    return path


@pytest.fixture
def tmp_resources(tmp_path: Path) -> dict[str, object]:
    """Resources on a temporary warehouse, restricted database and reports folder."""
    from pipelines.resources import build_resources

    return build_resources(
        data_dir=str(tmp_path / "extracts"),
        warehouse=str(tmp_path / "warehouse.duckdb"),
        restricted=str(tmp_path / "restricted_records.duckdb"),
        reports_dir=str(tmp_path / "reports"),
    )
