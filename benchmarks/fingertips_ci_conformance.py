"""Recompute the 95% CIs of real Fingertips rows (Wilson, Byar) and report the match share.

Usage: python benchmarks/fingertips_ci_conformance.py [--quick] [--data DIR]

The peer figure is the published Fingertips limit itself; the raw limit is 100%.  Reads the
extracts from $PLACEHEALTH_SHARED_DATA (default ../shared/data).  Ends with one JSON line.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from models.indicators.fingertips_conformance import conformance  # noqa: E402
from pipelines.settings import shared_data_dir  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="only the FingertipsNext extract")
    parser.add_argument("--data", type=Path, default=shared_data_dir())
    args = parser.parse_args()
    folder = args.data / "fingertips"
    paths = sorted(folder.glob("fingertipsnext*.csv.gz" if args.quick else "*.csv.gz"))
    if not paths:
        sys.exit(f"no Fingertips extracts under {folder}")
    start = time.perf_counter()
    frames = [pl.read_csv(p, infer_schema_length=0) for p in paths]
    with gzip.open(folder / "metadata" / "indicator_metadata_all.json.gz") as fh:
        metadata = json.load(fh)
    result = conformance(pl.concat(frames, how="diagonal"), metadata)
    seconds = time.perf_counter() - start
    for method, fig in result["by_method"].items():
        print(f"{method:<20} rows={fig['rows']:>6,}  match share={fig['match_share']:.4f}")
    print(f"{'all':<20} rows={result['rows']:>6,}  match share={result['match_share']:.4f}")
    print("mismatch reasons:", result["mismatch_reasons"])
    figures = {
        "fingertips_ci95_match_share": round(result["match_share"], 4),
        **{
            f"{m.split()[0].lower()}_match_share": round(f["match_share"], 4)
            for m, f in result["by_method"].items()
        },
        "rows": result["rows"],
        "mismatch_reasons": result["mismatch_reasons"],
        "seconds": round(seconds, 2),
    }
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
