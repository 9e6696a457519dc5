"""Data-quality checks: recall on planted defects, false alarms on clean data, and their cost.

Usage: python benchmarks/data_quality.py [--quick]
0. Synthetic: the risk engineer's generator plants OMOP defects with an answer key; the
   restricted suites must catch every type (and flag exactly the planted rows).
1. Recall: one corrupted copy of each real staging extract per defect kind (and seed) made by
   tests/quality/corrupt.py; a defect counts as caught when an ERROR expectation of the kind it
   should trip fails. False alarms: ERROR failures on the clean extracts (WARN findings listed).
2. Cost: the whole pipeline (pipelines.catalogue) built on the real extracts with and without
   the quality checks, each build a fresh interpreter timed from launch to exit, as
   `placehealth build` runs: it starts the GX validation process before it loads the code
   location, and the imports count on both sides. Alternating, three times each, keeping each kind's
   fastest. Reports the wall time the checks add (the figure the goal is about) and, from
   inside the checked build, its run alone and its check steps against its asset steps.
   --quick samples 20,000 rows for the corrupted copies and builds only the staging layer once.
Ends with one JSON line.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from pipelines.settings import shared_data_dir  # noqa: E402

CHECK_SUFFIXES = ("__quality", "ig_registers_restricted")


def shared_data() -> Path:
    return shared_data_dir()


def step_seconds(instance, run_id: str) -> dict[str, float]:
    """Seconds from STEP_START to the step's end, per step key."""
    import dagster as dg

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


def build(folder: Path, with_checks: bool, staging_only: bool) -> dict[str, object]:
    """Run `placehealth build` into `folder` in this process (with checks: the CLI itself;
    without: `run_build(checks=False)`, the same build less the checks and their report)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "dagster.yaml").write_text("telemetry:\n  enabled: false\n", encoding="utf-8")
    os.environ.update(
        DAGSTER_HOME=str(folder),
        PLACEHEALTH_RESTRICTED=str(folder / "r.duckdb"),
        PLACEHEALTH_REPORTS=str(folder / "reports"),
    )
    selection = "key:staging/*" if staging_only else "*"
    started = time.perf_counter()
    if with_checks:
        from pipelines.cli import main as placehealth

        argv = ["build", "--data-dir", str(shared_data()), "--warehouse", str(folder / "w.duckdb")]
        code = placehealth([*argv, "--select", selection])
    else:
        from pipelines.build import run_build

        code = run_build(selection, str(shared_data()), str(folder / "w.duckdb"), checks=False)
    run = time.perf_counter() - started
    import dagster as dg

    instance = dg.DagsterInstance.get()
    record = instance.get_runs(limit=1)[0]
    steps = step_seconds(instance, record.run_id)
    checks = sum(s for k, s in steps.items() if k.endswith(CHECK_SUFFIXES))
    failed = [
        f"{e.asset_check_evaluation_data.check_name} on {e.asset_key.to_user_string()}"
        for e in (r.dagster_event for r in instance.all_logs(record.run_id))
        if e is not None
        and e.event_type == dg.DagsterEventType.ASSET_CHECK_EVALUATION
        and not e.asset_check_evaluation_data.passed
        and e.asset_check_evaluation_data.severity == dg.AssetCheckSeverity.ERROR
    ]
    return {
        "command_s": run,
        "check_s": checks,
        "asset_s": sum(steps.values()) - checks,
        "success": code == 0,
        "error_checks_failed": failed,
    }


def build_fresh(folder: Path, with_checks: bool, staging_only: bool) -> dict[str, object]:
    """`build` in a new interpreter, timed from its launch to its exit."""
    command = [
        sys.executable,
        __file__,
        "--build",
        str(folder),
        "checked" if with_checks else "plain",
    ]
    started = time.perf_counter()
    done = subprocess.run(
        command + (["--staging"] if staging_only else []),
        capture_output=True,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - started
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode or not lines:
        raise SystemExit(f"build failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return {"wall_s": wall, **json.loads(lines[-1])}


def fastest_builds(quick: bool) -> tuple[dict[str, object], dict[str, object]]:
    """The fastest build without and with checks over alternating fresh-process runs."""
    runs: dict[bool, list[dict[str, object]]] = {False: [], True: []}
    with tempfile.TemporaryDirectory() as tmp:
        for attempt in range(1 if quick else 3):
            for with_checks in (False, True):
                folder = Path(tmp) / f"{'checked' if with_checks else 'plain'}{attempt}"
                runs[with_checks].append(build_fresh(folder, with_checks, quick))
    plain, checked = (min(runs[k], key=lambda r: r["wall_s"]) for k in (False, True))
    return plain, checked


def main(quick: bool) -> dict[str, object]:
    from tests.quality.recall import evaluate, evaluate_synthetic, real_frames

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
        f"build (launch to exit) without checks {plain['wall_s']:.1f}s, with checks "
        f"{checked['wall_s']:.1f}s: the checks add {wall:.0%} "
        f"(goal < 20%{'; --quick: the staging layer only' if quick else ''})\n"
        f"  in the checked build, check steps {checked['check_s']:.1f}s against asset steps "
        f"{checked['asset_s']:.1f}s ({share:.0%}; the plain build's asset steps "
        f"{plain['asset_s']:.1f}s)"
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
    if sys.argv[1:2] == ["--build"]:  # one build, in this fresh interpreter
        figures = build(Path(sys.argv[2]), sys.argv[3] == "checked", "--staging" in sys.argv)
        print(json.dumps(figures))
    else:
        print(json.dumps(main("--quick" in sys.argv[1:])))
