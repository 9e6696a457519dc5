"""Data-quality checks: recall on planted defects, false alarms on clean data, and their cost.

Usage: python benchmarks/data_quality.py [--quick]
0. Synthetic: the risk engineer's generator plants OMOP defects with an answer key; the
   restricted suites must catch every type (and flag exactly the planted rows).
1. Recall: one corrupted copy of each real staging extract per defect kind (and seed) made by
   tests/quality/corrupt.py; a defect counts as caught when an ERROR expectation of the kind it
   should trip fails. False alarms: ERROR failures on the clean extracts (WARN findings listed).
2. Cost: the whole pipeline (pipelines.catalogue) built on the real extracts with and without
   the quality checks; the checks' own step time against the assets' step time in the same run
   (the fair figure on a shared machine), and the wall-time difference of the two builds.
   --quick samples 20,000 rows for the corrupted copies and builds only the staging layer.
Ends with one JSON line.
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

import dagster as dg  # noqa: E402

from pipelines.catalogue import all_asset_checks, all_assets  # noqa: E402
from pipelines.resources import build_resources  # noqa: E402
from tests.quality.recall import evaluate, evaluate_synthetic, real_frames  # noqa: E402

CHECK_SUFFIXES = ("__quality", "ig_registers_restricted")


def shared_data() -> Path:
    return Path(os.environ.get("PLACEHEALTH_SHARED_DATA", REPO.parent / "shared" / "data"))


def step_seconds(instance: dg.DagsterInstance, run_id: str) -> dict[str, float]:
    """Seconds from STEP_START to the step's end, per step key."""
    started, took = {}, {}
    for record in instance.all_logs(run_id):
        event = record.dagster_event
        if event is None or event.step_key is None:
            continue
        if event.event_type == dg.DagsterEventType.STEP_START:
            started[event.step_key] = record.timestamp
        elif event.event_type in (
            dg.DagsterEventType.STEP_SUCCESS,
            dg.DagsterEventType.STEP_FAILURE,
        ):
            took[event.step_key] = record.timestamp - started.get(event.step_key, record.timestamp)
    return took


def build(folder: Path, with_checks: bool, staging_only: bool) -> dict[str, float]:
    """Materialise the pipeline into `folder`; wall seconds, asset and check step seconds."""
    resources = build_resources(
        data_dir=str(shared_data()),
        warehouse=str(folder / "w.duckdb"),
        restricted=str(folder / "r.duckdb"),
        reports_dir=str(folder / "reports"),
    )
    assets = all_assets()
    selection = None
    if staging_only:
        selection = [k for a in assets for k in a.keys if k.path[0] == "staging"]
    instance = dg.DagsterInstance.ephemeral()
    started = time.perf_counter()
    result = dg.materialize(
        assets + (all_asset_checks() if with_checks else []),
        resources=resources,
        selection=selection,
        instance=instance,
        raise_on_error=False,
    )
    wall = time.perf_counter() - started
    steps = step_seconds(instance, result.run_id)
    checks = sum(s for k, s in steps.items() if k.endswith(CHECK_SUFFIXES))
    failed = [
        e.check_name + " on " + "/".join(e.asset_key.path)
        for e in result.get_asset_check_evaluations()
        if not e.passed and e.severity == dg.AssetCheckSeverity.ERROR
    ]
    return {
        "wall_s": wall,
        "check_s": checks,
        "asset_s": sum(steps.values()) - checks,
        "success": result.success,
        "error_checks_failed": failed,
    }


def main(quick: bool) -> dict[str, object]:
    data = shared_data()
    if not (data / "fingertips").is_dir():
        raise SystemExit(f"real extracts not found at {data} (set PLACEHEALTH_SHARED_DATA)")
    frames, context = real_frames(
        data,
        ("fingertips", "imd", "geography", "qof_prevalence") + (() if quick else ("population",)),
    )
    report = evaluate(
        frames, context, seeds=(0,) if quick else (0, 1, 2), sample_rows=20_000 if quick else None
    )
    print(f"planted {report.planted}, caught {report.caught} (recall {report.recall:.0%})")
    for missed in report.missed:
        print("  MISSED", missed)
    print(f"ERROR false alarms on the clean real extracts: {len(report.false_alarms)}")
    for alarm in report.false_alarms:
        print("  FALSE ALARM", alarm)
    for table, found in report.warnings_on_clean.items():
        for warning in found:
            print(f"  WARN on clean {table}: {warning}")
    synthetic = evaluate_synthetic(persons=5_000 if quick else 20_000)
    print(
        f"synthetic OMOP (restricted suites): {len(synthetic['caught'])} of "
        f"{len(synthetic['caught']) + len(synthetic['missed'])} planted defect types caught, "
        f"{len(synthetic['false_alarms'])} false alarms on the clean population"
    )
    for kind, n in synthetic["counts"].items():
        print(f"  {kind}: planted {n['planted']}, rows flagged {n['flagged_rows']}")
    with tempfile.TemporaryDirectory() as tmp:
        plain = build(Path(tmp) / "plain", False, quick)
        checked = build(Path(tmp) / "checked", True, quick)
    share = checked["check_s"] / checked["asset_s"]
    wall = checked["wall_s"] / plain["wall_s"] - 1
    print(
        f"build without checks {plain['wall_s']:.1f}s, with checks {checked['wall_s']:.1f}s; "
        f"check steps {checked['check_s']:.1f}s against asset steps {checked['asset_s']:.1f}s "
        f"({share:.0%}; goal < 20%)"
    )
    if checked["error_checks_failed"]:
        print("  ERROR checks failed in the build:", checked["error_checks_failed"])
    return {
        "recall": round(report.recall, 4),
        "planted": report.planted,
        "caught": report.caught,
        "false_alarms_clean_real": len(report.false_alarms),
        "synthetic_types_caught": len(synthetic["caught"]),
        "synthetic_types_planted": len(synthetic["caught"]) + len(synthetic["missed"]),
        "synthetic_false_alarms": len(synthetic["false_alarms"]),
        "warn_findings_clean_real": sum(len(v) for v in report.warnings_on_clean.values()),
        "rows_checked": sum(report.rows.values()),
        "validate_clean_s": round(report.check_seconds, 2),
        "build_without_checks_s": round(plain["wall_s"], 1),
        "build_with_checks_s": round(checked["wall_s"], 1),
        "check_steps_s": round(checked["check_s"], 1),
        "asset_steps_s": round(checked["asset_s"], 1),
        "check_share_of_build": round(share, 3),
        "wall_overhead": round(wall, 3),
        "build_error_checks_failed": len(checked["error_checks_failed"]),
        "quick": quick,
    }


if __name__ == "__main__":
    print(json.dumps(main("--quick" in sys.argv[1:])))
