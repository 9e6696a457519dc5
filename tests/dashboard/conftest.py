"""The demo build's warehouse for the dashboard tests (one build per run, shared)."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def demo_warehouse(demo_build) -> Path:
    code, root = demo_build
    assert code == 0, "the demo build failed"
    return Path(root) / "warehouse.duckdb"
