"""Cost of profiling more places: baselines and reports for 1, 10 and every English place.

Usage: python benchmarks/places.py [--quick]   (--quick: 1, 10 and 30 places)
Loads the real extracts once, then for each place count builds the baselines assets with the
`places` setting at that count (neighbourhood membership, hierarchy, values, comparisons) and
writes every place's report and the index page (reporting.place_reports, as the asset does).
Marginal seconds per place = (time for all - time for 1) / (places - 1), against the goal of
1 s per place report on 2 cores (the raw limit). Ends with one JSON line.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests" / "baselines"))

import duckdb  # noqa: E402
import polars as pl  # noqa: E402
from baselines_fixtures import build_baselines, load_real_staging, shared_data  # noqa: E402

from models.neighbourhoods.definitions import english_places  # noqa: E402
from reporting.place_reports import ReportInputs, write_place_reports  # noqa: E402

GOAL_SECONDS_PER_REPORT = 1.0


def write_reports(db: Path, out: Path) -> tuple[float, int]:
    """Write every configured place's report from the built warehouse; (seconds, reports)."""
    start = time.perf_counter()
    with duckdb.connect(str(db), read_only=True) as conn:
        baseline = conn.sql("SELECT * FROM publish.indicator_baseline").pl()
        inequality = conn.sql("SELECT * FROM publish.indicator_inequality").pl()
        places = conn.sql("SELECT place_code, place_name FROM marts.places").pl()
    inputs = ReportInputs(
        frames={"indicator_baseline": baseline, "indicator_inequality": inequality},
        quality=pl.DataFrame(), out_dir=out, data_dir_label=str(shared_data()),
        provenance="Public extracts (benchmark)",
    )  # fmt: skip
    written = write_place_reports(inputs, places)
    return time.perf_counter() - start, len(written) - 1


def main() -> None:
    quick = "--quick" in sys.argv
    data = shared_data()
    figures: dict[str, object] = {"cores": os.cpu_count()}
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp) / "extracts.duckdb"
        load_real_staging(base, data)
        with duckdb.connect(str(base), read_only=True) as conn:
            every = english_places(conn.sql("SELECT * FROM staging.geography").pl())
        codes = every["place_code"].to_list()
        counts = [1, 10, 30] if quick else [1, 10, len(codes)]
        rows = {}
        for n in counts:
            db = Path(tmp) / f"w{n}.duckdb"
            db.write_bytes(base.read_bytes())
            chosen = ["E08000028", *[c for c in codes if c != "E08000028"]][:n]
            start = time.perf_counter()
            assert build_baselines(db, data, places=chosen).success
            build = time.perf_counter() - start
            reports, written = write_reports(db, Path(tmp) / f"reports{n}")
            assert written == n
            rows[n] = (build, reports)
            print(f"{n:>4} places: baselines {build:6.1f} s, reports {reports:6.1f} s "
                  f"({reports / n:.2f} s per report)")  # fmt: skip
    first, last = counts[0], counts[-1]
    marginal_build = (rows[last][0] - rows[first][0]) / (last - first)
    marginal_report = (rows[last][1] - rows[first][1]) / (last - first)
    print(f"marginal per place: baselines {marginal_build:.3f} s, report {marginal_report:.3f} s "
          f"(goal <= {GOAL_SECONDS_PER_REPORT} s per report)")  # fmt: skip
    figures.update({
        "places": counts,
        "baselines_seconds": {str(n): round(rows[n][0], 2) for n in counts},
        "reports_seconds": {str(n): round(rows[n][1], 2) for n in counts},
        "marginal_baselines_seconds_per_place": round(marginal_build, 3),
        "marginal_report_seconds_per_place": round(marginal_report, 3),
        "marginal_total_seconds_per_place": round(marginal_build + marginal_report, 3),
        "goal_report_seconds_per_place": GOAL_SECONDS_PER_REPORT,
        "meets_goal": marginal_report + marginal_build <= GOAL_SECONDS_PER_REPORT,
    })  # fmt: skip
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
