"""`placehealth build` answers each mistake at once: one line, what is wrong and what is right,
exit code 2, before the code location loads."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

MISTAKES = {
    "comma-joined wildcard groups": (
        ["--select", "group:ingest*,group:baselines*"],
        "--select 'group:ingest or group:baselines'",
    ),
    "unknown group": (["--select", "group:ingst"], "did you mean 'ingest'"),
    "unknown asset key": (["--select", "key:staging/fingertip"], "'staging/fingertips'"),
    "unknown bare key": (["--select", "staging/fingertip+"], "'staging/fingertips'"),
    "malformed expression": (["--select", "group:ingest or ("], "A or B"),
    "selects nothing": (["--select", "group:ingest and group:risk"], "matches no asset"),
    "missing data dir": (["--data-dir", "/no/such/extracts"], "--data-dir"),
}


def _build(args: list[str], tmp_path: Path) -> tuple[subprocess.CompletedProcess, float]:
    """Run `placehealth build` with `args`; its result and the CPU seconds it took."""
    env = {**os.environ, "DAGSTER_HOME": str(tmp_path)}
    env.pop("PLACEHEALTH_DATA_DIR", None)
    command = [sys.executable, "-m", "pipelines.cli", "build", "--warehouse"]
    if "--warehouse" not in args:
        command.append(str(tmp_path / "w.duckdb"))
    else:
        command.pop()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(
        command + args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    # CPU seconds, not wall time: the answer's cost, whatever else the machine is doing
    return done, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


@pytest.mark.parametrize("mistake", sorted(MISTAKES))
def test_each_mistake_exits_2_with_one_line(mistake, tmp_path):
    args, advice = MISTAKES[mistake]
    done, seconds = _build(args, tmp_path)
    assert done.returncode == 2, done.stderr[-2000:]
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("placehealth build: ")
    assert advice in lines[0]
    assert done.stdout == ""
    assert seconds < 3.0, f"{mistake}: {seconds:.1f} s"
    assert not (tmp_path / "w.duckdb").exists()


def test_an_unwritable_warehouse_path_exits_2(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    done, seconds = _build(["--warehouse", str(blocker / "w.duckdb")], tmp_path)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1
    assert "is a file; choose a path in a writable folder with --warehouse" in done.stderr
    assert seconds < 3.0


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_folder_exits_2(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    done, _ = _build(["--warehouse", str(folder / "w.duckdb")], tmp_path)
    assert done.returncode == 2
    assert "is not writable" in done.stderr


def test_the_light_catalogue_equals_the_definitions():
    from pipelines.asset_names import ASSETS
    from pipelines.catalogue import light_catalogue

    assert light_catalogue() == ASSETS, "regenerate with: python -m pipelines.catalogue"
