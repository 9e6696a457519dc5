"""Data-quality checks: recall on planted defects, false alarms on clean data, and their cost.

Usage: python benchmarks/data_quality.py [--quick]
0. Synthetic: the risk engineer's generator plants OMOP defects with an answer key; the
   restricted suites must catch every type (and flag exactly the planted rows).
1. Recall: one corrupted copy of each real staging extract per defect kind (and seed) made by
   tests/quality/corrupt.py; a defect counts as caught when an ERROR expectation of the kind it
   should trip fails. False alarms: ERROR failures on the clean extracts (WARN findings listed).
2. Cost: the whole pipeline (pipelines.catalogue) built on the real extracts with and without
   the quality checks, each build in a fresh interpreter (as `placehealth build` runs: the GX
   import is part of the cost), alternating, twice each, keeping each kind's fastest. Reports
   the wall time the checks add (the figure the goal is about) and, from the same checked run,
   the check steps against the asset steps.
   --quick samples 20,000 rows for the corrupted copies and builds only the staging layer once.
Ends with one JSON line.
"""

from __future__ import annotations

import json
import multiprocessing
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
        keep_open=True,  # as `placehealth build` does: every step runs in this process
    )
    # as `placehealth build` does: the place partitions run per place (national_risk job)
    assets = [a for a in all_assets() if a.partitions_def is None]
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


def build_fresh(folder: Path, with_checks: bool, staging_only: bool) -> dict[str, float]:
    """`build` in a new interpreter, so that nothing (GX above all) is imported beforehand."""
    pool = multiprocessing.get_context("spawn").Pool(1)
    try:
        return pool.apply(build, (folder, with_checks, staging_only))
    finally:
        pool.close()  # let the build process clean up its temporary instance, then join
        pool.join()


def fastest_builds(quick: bool) -> tuple[dict[str, float], dict[str, float]]:
    """The fastest build without and with checks over alternating fresh-process runs."""
    runs: dict[bool, list[dict[str, float]]] = {False: [], True: []}
    with tempfile.TemporaryDirectory() as tmp:
        for attempt in range(1 if quick else 2):
            for with_checks in (False, True):
                folder = Path(tmp) / f"{'checked' if with_checks else 'plain'}{attempt}"
                runs[with_checks].append(build_fresh(folder, with_checks, quick))
    plain, checked = (min(runs[k], key=lambda r: r["wall_s"]) for k in (False, True))
    return plain, checked


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
    plain, checked = fastest_builds(quick)
    share = checked["check_s"] / checked["asset_s"]
    wall = checked["wall_s"] / plain["wall_s"] - 1
    print(
        f"build without checks {plain['wall_s']:.1f}s, with checks {checked['wall_s']:.1f}s: "
        f"the checks add {wall:.0%} (goal < 20%); in the checked build, check steps "
        f"{checked['check_s']:.1f}s against asset steps {checked['asset_s']:.1f}s ({share:.0%})"
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
        "asset_steps_without_checks_s": round(plain["asset_s"], 1),
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
