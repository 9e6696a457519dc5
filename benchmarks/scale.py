"""Scale-out by place: build 1, 2 and 4 places, one process per place run, two at a time.

python benchmarks/scale.py [--persons N] [--quick] [--parallel 2] [--executor in_process|multiprocess]
Each place partition of the `national_risk` job runs as its own `dagster job execute` process,
at most `--parallel` at once (what a backfill does under dagster.yaml's run queue), then
`national_register_summary` reads every place's register. The peer, in the same run: the same
places one after another in ONE process (`execute_in_process`, the code loaded once). Prints wall
times, the ratio to 1 place against the ideal on 2 cores (1, 1, 2), the efficiency, the cores
kept busy (CPU seconds of the processes / wall seconds) and the speed-up over the serial peer;
ends with one JSON line. Every configuration starts from empty place folders, so each place
generates its synthetic population, fits, scores and builds its register.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DAGSTER = [sys.executable, "-m", "dagster", "job", "execute", "-m", "pipelines.definitions"]
# assets.resources.DEFAULT_PLACES: Sandwell, Birmingham, Solihull, Southend-on-Sea
PLACES = ["E08000028", "E08000025", "E08000029", "E06000033"]


def run_config(persons: int, executor: str) -> str:
    """YAML run config for a place run: the population size and the executor."""
    execution = (
        "in_process: {}" if executor == "in_process" else "multiprocess: {max_concurrent: 2}"
    )
    return (
        f"ops:\n  restricted__place_risk_features:\n    config: {{persons: {persons}, seed: 1}}\n"
        f"execution:\n  config:\n    {execution}\n"
    )


def environment(root: Path) -> dict[str, str]:
    """A throwaway instance, warehouse and restricted area under `root`."""
    home = root / "dagster_home"
    home.mkdir(exist_ok=True)
    (home / "dagster.yaml").write_text("telemetry:\n  enabled: false\n", encoding="utf-8")
    return {
        **os.environ,
        "DAGSTER_HOME": str(home),
        "PLACEHEALTH_PLACES": ",".join(PLACES),
        "PLACEHEALTH_WAREHOUSE": str(root / "warehouse.duckdb"),
        "PLACEHEALTH_RESTRICTED": str(root / "restricted_records.duckdb"),
        "PLACEHEALTH_REPORTS": str(root / "reports"),
        "PLACEHEALTH_DATA_DIR": str(root / "extracts"),
    }


def measured(step: Callable[..., None], *args: object) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the child processes) of `step(*args)`."""
    before, start = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
    step(*args)
    after, wall = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter() - start
    return wall, (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)


def _run(command: list[str], env: dict[str, str], log: Path) -> None:
    with log.open("w") as out:
        done = subprocess.run(command, cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT)
    if done.returncode:
        tail = "\n".join(log.read_text().splitlines()[-40:])
        raise SystemExit(f"{tail}\nfailed ({done.returncode}): {' '.join(command)}")


def parallel(places: list[str], width: int, config: Path, env: dict[str, str]) -> None:
    """One `dagster job execute` process per place, `width` at a time (a backfill's runs)."""
    logs = config.parent
    commands = [[*DAGSTER, "-j", "national_risk", "-c", str(config),
                 "--tags", json.dumps({"dagster/partition": p})] for p in places]  # fmt: skip
    with ThreadPoolExecutor(width) as pool:
        list(pool.map(lambda c: _run(c, env, logs / f"{json.loads(c[-1])['dagster/partition']}.log"),
                      commands))  # fmt: skip


def serial(places: list[str], persons: int, env: dict[str, str], logs: Path) -> None:
    """The peer: the same places one after another in one process."""
    command = [sys.executable, __file__, "--persons", str(persons), "--serial-worker", *places]
    _run(command, env, logs / "serial.log")


def serial_worker(places: list[str], persons: int) -> None:
    """The peer's process: load the code once, run each place's partition in-process."""
    sys.path.insert(0, str(REPO))
    from pipelines.definitions import build_definitions

    job = build_definitions().resolve_job_def("national_risk")
    ops = {"restricted__place_risk_features": {"config": {"persons": persons, "seed": 1}}}
    for place in places:
        assert job.execute_in_process(run_config={"ops": ops}, partition_key=place).success


def summary(env: dict[str, str], logs: Path) -> None:
    """The single-writer aggregate step over every place's register."""
    _run([*DAGSTER, "-j", "national_register_summary"], env, logs / "summary.log")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--persons", type=int, default=200_000, help="persons per place")
    parser.add_argument("--quick", action="store_true", help="5,000 persons per place")
    parser.add_argument("--parallel", type=int, default=2, help="place runs at once (cores)")
    parser.add_argument("--executor", choices=["in_process", "multiprocess"], default="in_process")
    parser.add_argument("--serial-worker", nargs="+", metavar="PLACE", help=argparse.SUPPRESS)
    args = parser.parse_args()
    persons = 5_000 if args.quick else args.persons
    if args.serial_worker:
        return serial_worker(args.serial_worker, persons)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    load_before, rows, figures = os.getloadavg()[0], [], {}
    with tempfile.TemporaryDirectory(prefix="placehealth-scale-") as tmp:
        root = Path(tmp)
        env = environment(root)
        config = root / "place_run.yaml"
        config.write_text(run_config(persons, args.executor), encoding="utf-8")
        for n in (1, 2, 4):
            places, folder = PLACES[:n], root / "restricted_places"
            shutil.rmtree(folder, ignore_errors=True)
            wall, cpu = measured(parallel, places, args.parallel, config, env)
            shutil.rmtree(folder, ignore_errors=True)
            peer, peer_cpu = measured(serial, places, persons, env, root)
            rows.append((n, wall, cpu, peer, peer_cpu))
        aggregate, _ = measured(summary, env, root)  # reads the serial run's 4 registers
    print(f"{persons:,} persons per place, {args.parallel} place runs at a time, {cores} cores, "
          f"executor {args.executor}; 1-min load average before {load_before:.2f}, "
          f"after {os.getloadavg()[0]:.2f} (the machine is shared)")  # fmt: skip
    print(f"{'places':>6} {'wall_s':>7} {'ratio':>6} {'ideal':>6} {'effic':>6} {'cores':>6}"
          f" {'serial_s':>8} {'cores':>6} {'speedup':>8}")  # fmt: skip
    base = rows[0][1]
    for n, wall, cpu, peer, peer_cpu in rows:
        ideal = -(-n // args.parallel)  # ceil(n / parallel): 1, 1, 2 on two cores
        ratio = wall / base
        print(f"{n:>6} {wall:>7.1f} {ratio:>6.2f} {ideal:>6} {ideal / ratio:>6.0%} {cpu / wall:>6.2f}"
              f" {peer:>8.1f} {peer_cpu / peer:>6.2f} {peer / wall:>7.2f}x")  # fmt: skip
        figures |= {f"places_{n}_wall_s": round(wall, 1), f"places_{n}_ratio": round(ratio, 2),
                    f"places_{n}_ideal_ratio": ideal, f"places_{n}_efficiency": round(ideal / ratio, 2),
                    f"places_{n}_cores_busy": round(cpu / wall, 2),
                    f"places_{n}_serial_s": round(peer, 1),
                    f"places_{n}_serial_cores_busy": round(peer_cpu / peer, 2),
                    f"places_{n}_speedup_vs_serial": round(peer / wall, 2)}  # fmt: skip
    print(
        f"aggregate step (4 places' registers -> publish.place_register_summary): {aggregate:.1f} s"
    )
    print(json.dumps({"persons_per_place": persons, "parallel_runs": args.parallel, "cores": cores,
                      "executor": args.executor, "load_average_before": round(load_before, 2),
                      **figures, "summary_4_places_s": round(aggregate, 1)}))  # fmt: skip


if __name__ == "__main__":
    main()
