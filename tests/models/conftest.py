"""Fixtures for indicator-statistics tests: the shared Fingertips extracts."""

from __future__ import annotations

import os
from pathlib import Path

import pytest


def shared_data_dir() -> Path:
    """../shared/data relative to the repo root, or $PLACEHEALTH_SHARED_DATA."""
    default = Path(__file__).resolve().parents[2].parent / "shared" / "data"
    return Path(os.environ.get("PLACEHEALTH_SHARED_DATA", default))


@pytest.fixture(scope="session")
def fingertips_dir() -> Path:
    path = shared_data_dir() / "fingertips"
    if not (path / "metadata" / "indicator_metadata_all.json.gz").exists():
        pytest.skip(f"real Fingertips extracts not found at {path} (set PLACEHEALTH_SHARED_DATA)")
    return path
