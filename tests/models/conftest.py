"""Fixtures for indicator-statistics tests: the shared Fingertips extracts."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipelines.settings import shared_data_dir


@pytest.fixture(scope="session")
def fingertips_dir() -> Path:
    path = shared_data_dir() / "fingertips"
    if not (path / "metadata" / "indicator_metadata_all.json.gz").exists():
        pytest.skip(f"real Fingertips extracts not found at {path} (set PLACEHEALTH_SHARED_DATA)")
    return path
