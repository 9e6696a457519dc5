"""Compare every `publish` table of two warehouses: the same rows, to the last digit.

Written for the layout restructuring (issue 17), whose promise is "behaviour unchanged": build a
warehouse before and after a change (`PLACEHEALTH_WAREHOUSE=... placehealth build`), then

    python benchmarks/compare_publish.py BEFORE.duckdb AFTER.duckdb

Each object of the `publish` schema is read in both, the per-run columns (`run_id`,
`checked_at`, `published_at`) left out, rows sorted on every column, and the frames compared
exactly (floats bit for bit; nulls equal to nulls). The peer is the "before" warehouse itself;
the raw limit is exact equality. `--on-purpose NAME` names an object a change alters on
purpose (reported, not a failure). Ends with one JSON line; exits 1 when anything else differs.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import duckdb
import polars as pl

PER_RUN = {"run_id", "checked_at", "published_at"}


def publish_objects(conn: duckdb.DuckDBPyConnection) -> list[str]:
    rows = conn.sql(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'publish'"
    ).fetchall()
    return sorted(name for (name,) in rows)


def read_sorted(conn: duckdb.DuckDBPyConnection, name: str) -> pl.DataFrame:
    """`publish.<name>` without the per-run columns, rows sorted on every column."""
    frame = conn.sql(f"SELECT * FROM publish.{name}").pl()
    frame = frame.drop([c for c in frame.columns if c in PER_RUN])
    return frame.sort(frame.columns, nulls_last=True) if frame.columns else frame


def difference(before: pl.DataFrame, after: pl.DataFrame) -> str | None:
    """Why the two frames differ, or None when they are equal."""
    if before.columns != after.columns:
        return f"columns {before.columns} != {after.columns}"
    if before.schema != after.schema:
        return f"types {dict(before.schema)} != {dict(after.schema)}"
    if before.height != after.height:
        return f"rows {before.height} != {after.height}"
    if before.equals(after, null_equal=True):
        return None
    unequal = [c for c in before.columns if not before[c].equals(after[c], null_equal=True)]
    return f"values differ in columns {unequal}"


def compare(before_path: Path, after_path: Path) -> dict[str, str | None]:
    """Per publish object: None when equal, else the difference."""
    with (
        duckdb.connect(str(before_path), read_only=True) as before,
        duckdb.connect(str(after_path), read_only=True) as after,
    ):
        names_before, names_after = publish_objects(before), publish_objects(after)
        result: dict[str, str | None] = {}
        for name in sorted(set(names_before) | set(names_after)):
            if name not in names_after:
                result[name] = "missing after"
            elif name not in names_before:
                result[name] = "new after"
            else:
                result[name] = difference(read_sorted(before, name), read_sorted(after, name))
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    parser.add_argument("--label", default="", help="a name for the JSON line (e.g. demo, real)")
    parser.add_argument(
        "--on-purpose",
        action="append",
        default=[],
        metavar="NAME",
        help="a publish object a change alters on purpose: reported, not counted as a failure",
    )
    args = parser.parse_args(argv)
    result = compare(args.before, args.after)
    changed = sorted(n for n, why in result.items() if why is not None and n in args.on_purpose)
    differing = sorted(n for n, why in result.items() if why is not None and n not in changed)
    for name, why in result.items():
        verdict = "equal" if why is None else "changed on purpose" if name in changed else "DIFFERS"
        print(f"{verdict}  publish.{name}{'' if why is None else ': ' + why}")
    print(
        json.dumps(
            {
                "benchmark": "compare_publish",
                "label": args.label,
                "objects": len(result),
                "equal": len(result) - len(differing) - len(changed),
                "changed_on_purpose": changed,
                "differing": differing,
            }
        )
    )
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
