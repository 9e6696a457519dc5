"""Validated ingest vs a bare polars.read_csv of the same file (the raw-parse limit).

Takes the largest extract by rows in the data folder, reads it with `read_source` (hashing,
decoding checks, strict casts, code patterns, key checks, England filter, renaming) from a
folder holding only that file, and with a bare `pl.read_csv(path)` in the same run; prints rows/s
for both and the ratio (goal: >= 0.5x bare). Ends with one JSON line of figures.

Usage: python benchmarks/ingest.py [--quick] [--data-dir DIR]
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipelines.settings import shared_data_dir  # noqa: E402
from sources import EXTRACTS, discover, read_source  # noqa: E402


def data_rows(path: Path) -> int:
    """Data rows (lines after the header) of a CSV or CSV.GZ file."""
    raw = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
    return raw.rstrip(b"\n").count(b"\n")


def largest_extract(data_dir: Path) -> tuple[str, Path, int]:
    """(source, path, rows) of the CSV extract with the most rows."""
    found = [
        (source, item.path, data_rows(item.path))
        for source in EXTRACTS
        for item in discover(data_dir, source)
        if item.path.name.endswith((".csv", ".csv.gz"))
    ]
    if not found:
        raise SystemExit(f"no extracts found in {data_dir}")
    return max(found, key=lambda f: f[2])


def timed(action, repeats: int) -> float:
    """Median wall time of `repeats` calls, after one warm-up call."""
    action()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="3 repeats instead of 9")
    parser.add_argument("--data-dir", default=str(shared_data_dir()), help="folder of extracts")
    args = parser.parse_args()
    data_dir = Path(args.data_dir)
    if not data_dir.is_dir():
        from synthetic.extracts.writer import write_demo_data

        data_dir = Path(tempfile.mkdtemp()) / "demo"
        write_demo_data(data_dir)
        print(f"{args.data_dir} not found; using freshly generated demo data")
    source, path, rows = largest_extract(data_dir)
    repeats = 3 if args.quick else 9
    with tempfile.TemporaryDirectory() as tmp:
        alone = Path(tmp) / path.relative_to(data_dir)
        alone.parent.mkdir(parents=True)
        alone.symlink_to(path.resolve())
        validated = timed(lambda: read_source(Path(tmp), source), repeats)
    bare = timed(lambda: pl.read_csv(path), repeats)
    ours, raw = rows / validated, rows / bare
    print(f"file: {path.relative_to(data_dir)} ({source}), {rows:,} data rows")
    print(f"bare polars.read_csv:        {bare * 1000:8.1f} ms  {raw:12,.0f} rows/s")
    print(f"read_source with validation: {validated * 1000:8.1f} ms  {ours:12,.0f} rows/s")
    print(f"ratio validated/bare: {ours / raw:.2f}x (goal >= 0.5x)")
    figures = {
        "file": path.name,
        "source": source,
        "rows": rows,
        "repeats": repeats,
        "bare_rows_per_s": round(raw),
        "validated_rows_per_s": round(ours),
        "ratio_vs_bare_read_csv": round(ours / raw, 3),
    }
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
