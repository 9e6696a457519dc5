"""Shared fixtures: where the real extracts are, and a temporary warehouse."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pipelines.settings import shared_data_dir

REPO_ROOT = Path(__file__).resolve().parents[1]


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


def _build_demo(root: Path) -> int:
    """Build the whole asset graph on the bundled demo data into `root`; the exit code."""
    from pipelines.build import run_build

    mp = pytest.MonkeyPatch()
    mp.setenv("DAGSTER_HOME", str(root))
    mp.setenv("PLACEHEALTH_RESTRICTED", str(root / "restricted_records.duckdb"))
    mp.setenv("PLACEHEALTH_REPORTS", str(root / "reports"))
    mp.delenv("PLACEHEALTH_DATA_DIR", raising=False)
    try:
        return run_build(selection="*", warehouse=str(root / "warehouse.duckdb"))
    finally:
        mp.undo()


@pytest.fixture(scope="session")
def demo_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[int, Path]:
    """(exit code, folder) of ONE demo build per test run, shared by pytest-xdist workers."""
    from filelock import FileLock

    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent  # the run's folder, common to every worker
    root = base / "demo_build"
    with FileLock(str(base / "demo_build.lock")):
        done = root / "exit_code"
        if not done.exists():
            root.mkdir(exist_ok=True)
            done.write_text(str(_build_demo(root)), encoding="utf-8")
        return int(done.read_text(encoding="utf-8")), root
