"""Time to build every baselines asset on the real extracts and on a replicated extract.

Usage: python benchmarks/baselines.py [--quick]   (--quick replicates 2x instead of 10x)
The replicated extract repeats the Fingertips rows (and metadata) with renumbered indicator
ids, so the indicator-value, comparison, peer and trend work grows n-fold while the hierarchy,
QOF and population inputs stay the same. Ends with one JSON line.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests" / "baselines"))

import dagster as dg  # noqa: E402
from baselines_fixtures import BASELINE_ASSETS, load_real_staging, shared_data  # noqa: E402
from dagster_duckdb import DuckDBResource  # noqa: E402

from assets.resources import PlaceHealthSettings  # noqa: E402


def build_timed(db: Path, data: Path) -> dict[str, float]:
    """Materialize the baselines assets one at a time (in order); seconds per asset."""
    resources = {
        "settings": PlaceHealthSettings(data_dir=str(data), reports_dir=str(db.parent / "r")),
        "warehouse": DuckDBResource(database=str(db)),
    }
    times = {}
    for asset in BASELINE_ASSETS:
        start = time.perf_counter()
        result = dg.materialize(BASELINE_ASSETS, resources=resources,
                                selection=[asset.key])  # fmt: skip
        assert result.success
        times["/".join(asset.key.path)] = round(time.perf_counter() - start, 2)
    return times


def main() -> None:
    """Build on 1x and nx extracts and print the figures."""
    quick = "--quick" in sys.argv
    factor = 2 if quick else 10
    data = shared_data()
    figures: dict[str, object] = {"replication": factor}
    with tempfile.TemporaryDirectory() as tmp:
        for n in (1, factor):
            db = Path(tmp) / f"w{n}.duckdb"
            load_real_staging(db, data, replicate=n)
            times = build_timed(db, data)
            total = round(sum(times.values()), 2)
            print(f"{n}x: {total} s  {times}")
            figures[f"seconds_{n}x"] = total
            figures[f"assets_{n}x"] = times
    figures["growth"] = round(figures[f"seconds_{factor}x"] / figures["seconds_1x"], 2)
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
