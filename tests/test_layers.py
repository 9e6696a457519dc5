"""The import-linter contract (pyproject.toml [tool.importlinter]) holds, and it catches an
upward import planted in a copy of the tree."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
LINT = Path(sys.executable).with_name("lint-imports")
PACKAGES = ["models", "sources", "synthetic", "warehouse", "reporting", "quality_runtime",
            "expectations", "assets", "pipelines"]  # fmt: skip


def lint(root: Path) -> subprocess.CompletedProcess:
    """Run lint-imports on the packages under `root` (found before the installed ones)."""
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run(
        [str(LINT), "--config", str(root / "pyproject.toml"), "--no-cache"],
        cwd=root, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


@pytest.fixture
def tree_copy(tmp_path: Path) -> Path:
    for name in PACKAGES:
        shutil.copytree(REPO / name, tmp_path / name,
                        ignore=shutil.ignore_patterns("__pycache__", "*.j2", "*.html", "*.yaml"))  # fmt: skip
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def test_the_layers_hold() -> None:
    result = lint(REPO)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "planted", "contract"),
    [
        ("models/publish/disclosure.py", "import assets.resources", "models are pure"),
        ("models/risk/features.py", "import dagster", "models are pure"),
        ("sources/qof.py", "from warehouse import tables", "sources read published files"),
        (
            "assets/risk/places.py",
            "from pipelines import settings",
            "assets never import pipelines",
        ),
    ],
)
def test_a_planted_upward_import_breaks_the_contract(
    tree_copy: Path, module: str, planted: str, contract: str
) -> None:
    path = tree_copy / module
    path.write_text(path.read_text(encoding="utf-8") + f"\n{planted}  # planted\n")
    result = lint(tree_copy)
    assert result.returncode != 0
    broken = [line for line in result.stdout.splitlines() if line.endswith("BROKEN")]
    assert any(line.startswith(contract) for line in broken), result.stdout
