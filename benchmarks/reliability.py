"""Crash safety and readers under load: SIGKILL builds at random points, then read while building.

Fault injection: each trial runs `placehealth build` (`pipelines.build.run_build`, checks off) in a
child process on the bundled demo extracts, alternating two versions of them (A, and B with
changed Fingertips values), and kills it with SIGKILL at a random point of a random phase:

- `ingest`: inside a source's load transaction, after its table is written, before COMMIT;
- `publish`: on entering the k-th publish-table write (between publish tables);
- `copy`: half-way through the shadow copy of the published warehouse;
- `swap`: before the k-th step of publishing (fsync, link `.previous`, replace `.previous`,
  replace the warehouse, fsync the folder) or just after it (before the lock is released);
- `random`: from outside, after a uniform random delay within a build's duration.

A kill is survived when the published warehouse then opens; is byte-identical to the one before
(not published) or holds exactly the refresh of the killed build's extracts (content digest of
every table and the file hashes `meta.load_log` records as loaded, per source); and the next
build, with no clean-up, succeeds (every 10th trial and the last are unkilled builds that must
succeed and leave no `.building` copy or held lock).

Reader load: while builds of A and B run back to back, `--readers` threads open the warehouse
read-only per query (as the dashboard does) for `--reader-seconds`, run a dashboard query and
digest two publish views in one connection; each digest pair must be A's or B's. Peer in the
same run: the same readers against a warehouse written in place (no shadow copy), which is what
the UI, schedule and sensor paths did before; its mixed reads and errors are reported beside.

Also: a truncated warehouse gets a clear error naming the recovery, which then works; a full
disk (a small tmpfs, when this runs as root) leaves the last good warehouse.

Ends with one JSON line. `--quick`: 6 kills and 10 s of readers.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import hashlib
import io
import json
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "data" / "demo"
SELECTION = "group:ingest or group:baselines"
PHASES = ("ingest", "publish", "copy", "swap", "random")
VIEWS = ("indicator_baseline", "indicator_trend")
SWAP_STEPS = 6


# ---------------------------------------------------------------- the child: a build to kill


def _die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def _patch_everywhere(original: object, replacement: object) -> None:
    """Rebind every module attribute that names `original` (functions imported by name)."""
    for module in list(sys.modules.values()):
        for name, value in list(getattr(module, "__dict__", {}).items()):
            if value is original:
                setattr(module, name, replacement)


def _install_failpoint(phase: str, k: int) -> None:
    import warehouse.load_log as load_log
    import warehouse.publishing as publishing
    import warehouse.tables as tables

    calls = {"n": 0}

    def nth() -> bool:
        calls["n"] += 1
        return calls["n"] == k

    if phase == "ingest":
        for name in ("write_table", "insert_rows"):  # a source's table, a load-log row
            original = getattr(load_log, name)

            def write_then_die(*args, _original=original, **kwargs):
                rows = _original(*args, **kwargs)
                if nth():
                    _die()  # a loaded source: inside its transaction, before COMMIT
                return rows

            setattr(load_log, name, write_then_die)
    elif phase == "publish":
        for name in ("publish_table", "publish_query"):
            original = getattr(tables, name)

            def die_on_entry(*args, _original=original, **kwargs):
                if nth():
                    _die()
                return _original(*args, **kwargs)

            _patch_everywhere(original, die_on_entry)
    elif phase == "copy":
        copy = shutil.copyfile

        def half_then_die(source, target, *args, **kwargs):
            with open(source, "rb") as src, open(target, "wb") as dst:
                dst.write(src.read(max(1, os.path.getsize(source) // 2)))
                dst.flush()
            _die()
            return copy(source, target, *args, **kwargs)

        shutil.copyfile = half_then_die
    elif phase == "fill":  # the disk fills up once the copy is made, as the build writes
        copy = shutil.copyfile

        def copy_then_fill(source, target, *args, **kwargs):
            done = copy(source, target, *args, **kwargs)
            with contextlib.suppress(OSError), open(Path(target).parent / "filler", "wb") as out:
                while True:
                    out.write(b"\0" * (1 << 20))
                    out.flush()
            return done

        shutil.copyfile = copy_then_fill
    elif phase == "swap":
        real_os, fsync, release = publishing.os, publishing._fsync, publishing.Shadow._release

        class StepOs:
            def __getattr__(self, name: str) -> object:
                return getattr(real_os, name)

            def link(self, *args):
                if nth():
                    _die()
                return real_os.link(*args)

            def replace(self, *args):
                if nth():
                    _die()
                return real_os.replace(*args)

        def step_fsync(path):
            if nth():
                _die()
            return fsync(path)

        def step_release(self):
            if self.active and nth():
                _die()
            return release(self)

        publishing.os = StepOs()
        publishing._fsync = step_fsync
        publishing.Shadow._release = step_release


def child(args: argparse.Namespace) -> int:
    os.environ["PLACEHEALTH_GX_PROCESS"] = "0"
    import pipelines.definitions  # noqa: F401  (every asset module loaded before patching)
    from pipelines import build

    if args.phase not in ("none", "random"):
        _install_failpoint(args.phase, args.k)
    return build.run_build(
        selection=SELECTION, data_dir=args.data, warehouse=args.warehouse, checks=False
    )


# ---------------------------------------------------------------- the parent


def _variant_b(work: Path) -> Path:
    """The demo extracts with every Fingertips value changed (a new refresh to publish)."""
    import polars as pl

    out = work / "extracts_b"
    shutil.copytree(DEMO, out)
    path = next((out / "fingertips").glob("*.csv.gz"))
    frame = pl.read_csv(path, infer_schema=False)
    value = pl.col("Value").cast(pl.Float64, strict=False)
    frame = frame.with_columns(
        pl.when(value.is_not_null()).then((value * 1.01).round(3).cast(pl.String))
        .otherwise(pl.col("Value")).alias("Value")
    )  # fmt: skip
    buffer = io.BytesIO()
    frame.write_csv(buffer)
    path.write_bytes(gzip.compress(buffer.getvalue()))
    return out


def _sha(path: Path) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else None


def _digest(warehouse: Path) -> dict[str, object]:
    """Content digest of every table (order-free), and the loaded file hashes per source."""
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        tables = conn.execute(
            "SELECT schema_name, table_name FROM duckdb_tables() "
            "WHERE schema_name IN ('staging', 'marts', 'publish_store') ORDER BY 1, 2"
        ).fetchall()
        content = {
            f"{s}.{t}": conn.execute(
                f'SELECT count(*), sum(hash(x)::HUGEINT)::VARCHAR FROM "{s}"."{t}" AS x'
            ).fetchall()[0]
            for s, t in tables
        }
        loads = conn.execute(
            "SELECT source, list(file || ':' || sha256 ORDER BY file) FROM meta.load_log "
            "WHERE status = 'loaded' AND (source, loaded_at) IN (SELECT source, max(loaded_at) "
            "FROM meta.load_log WHERE status = 'loaded' GROUP BY source) GROUP BY source"
        ).fetchall()
    return {"content": content, "loads": dict(loads)}


def _same_refresh(found: dict, reference: dict, volatile: set[str]) -> bool:
    keep = {k: v for k, v in found["content"].items() if k not in volatile}
    want = {k: v for k, v in reference["content"].items() if k not in volatile}
    return keep == want and found["loads"] == reference["loads"]


class Harness:
    """Runs child builds in `work` and checks what they leave."""

    def __init__(self, work: Path, home: Path | None = None) -> None:
        self.work = work
        self.warehouse = work / "warehouse.duckdb"
        home = home or work  # Dagster's own storage, reports, restricted database
        self.env = {
            **os.environ,
            "DAGSTER_HOME": str(home / "dagster_home"),
            "PLACEHEALTH_RESTRICTED": str(home / "restricted_records.duckdb"),
            "PLACEHEALTH_REPORTS": str(home / "reports"),
            "PLACEHEALTH_GX_PROCESS": "0",
        }
        (home / "dagster_home").mkdir(exist_ok=True)
        (home / "dagster_home" / "dagster.yaml").write_text("telemetry:\n  enabled: false\n")

    def build(
        self, data: Path, phase: str = "none", k: int = 0, delay: float | None = None
    ) -> tuple[str, float]:
        """('ok' | 'failed' | 'killed', seconds) of one child build."""
        command = [sys.executable, __file__, "--child", "--data", str(data)]
        command += ["--warehouse", str(self.warehouse), "--phase", phase, "--k", str(k)]
        started = time.perf_counter()
        proc = subprocess.Popen(
            command, cwd=ROOT, env=self.env, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        try:
            err, _ = proc.communicate(timeout=delay) if delay else proc.communicate(timeout=900)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            return "killed", time.perf_counter() - started
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)  # anything it started
        took = time.perf_counter() - started
        if proc.returncode == -signal.SIGKILL:
            return "killed", took
        if proc.returncode != 0:
            self.last_error = err.decode(errors="replace")[-1500:]
            return "failed", took
        return "ok", took

    def leftovers(self) -> list[str]:
        """What a finished build must not leave: a shadow copy, its log, a held lock."""
        import fcntl

        found = [p.name for p in self.work.glob("warehouse.duckdb.building*")]
        lock = self.work / "warehouse.duckdb.lock"
        if lock.exists():
            with open(lock, "rb+") as handle:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    fcntl.flock(handle, fcntl.LOCK_UN)
                except BlockingIOError:
                    found.append("lock held")
        return found


def fault_matrix(h: Harness, data: dict[str, Path], kills: int, rng: random.Random) -> dict:
    """Reference refreshes, then `kills` killed builds with an unkilled one every 10th."""
    h.build(data["A"])
    states = {"A": _digest(h.warehouse)}
    status, seconds = h.build(data["B"])
    states["B"] = _digest(h.warehouse)
    status2, seconds2 = h.build(data["A"])
    again = _digest(h.warehouse)
    volatile = {k for k, v in again["content"].items() if states["A"]["content"].get(k) != v}
    if not (status == status2 == "ok"):
        raise SystemExit(f"reference builds failed: {getattr(h, 'last_error', '')}")
    if states["A"]["loads"] != again["loads"] or states["A"] == states["B"]:
        raise SystemExit(
            f"refreshes A and B are not distinct: {states['A']['loads']} / {states['B']['loads']}"
        )
    build_s = statistics.mean([seconds, seconds2])
    counts = _call_counts(h, data)
    current, trials, survived, log = "A", 0, 0, []
    while trials < kills:
        target = "B" if current == "A" else "A"
        phase = PHASES[trials % len(PHASES)] if trials < len(PHASES) else rng.choice(PHASES)
        k = rng.randint(1, max(1, counts.get(phase, SWAP_STEPS)))
        before = _sha(h.warehouse)
        delay = rng.uniform(0.5, build_s) if phase == "random" else None
        status, _ = h.build(data[target], phase, k, delay)
        verdict = _check(h, before, states, target, current, volatile)
        if status == "failed":
            verdict = f"build failed: {h.last_error.strip().splitlines()[-1][:200]}"
        if status == "killed":
            trials += 1
            survived += verdict in ("old", "new")
        if verdict in ("old", "new"):
            current = target if verdict == "new" else current
        log.append({"phase": phase, "k": k, "status": status, "verdict": verdict})
        if status == "killed" and (trials % 10 == 0 or trials == kills):
            status, _ = h.build(data[target])
            fine = status == "ok" and _same_refresh(_digest(h.warehouse), states[target], volatile)
            left = h.leftovers()
            log.append({"phase": "unkilled", "status": status, "leftovers": left, "ok": fine})
            if not fine or left:
                survived -= 1  # the kill before it was not survived after all
            current = target if fine else current
    by_phase = {
        p: sum(1 for e in log if e["phase"] == p and e["status"] == "killed") for p in PHASES
    }
    return {
        "kills": trials,
        "survived": survived,
        "kills_by_phase": by_phase,
        "unkilled_builds_ok": sum(1 for e in log if e["phase"] == "unkilled" and e["ok"]),
        "unkilled_builds": sum(1 for e in log if e["phase"] == "unkilled"),
        "build_seconds": round(build_s, 1),
        "failures": [e for e in log if e.get("verdict") not in (None, "old", "new")][:5],
        "states": states,
        "volatile": volatile,
    }


def _call_counts(h: Harness, data: dict[str, Path]) -> dict[str, int]:
    """How many load writes and publish writes a build makes (the k of each failpoint)."""
    with duckdb.connect(str(h.warehouse), read_only=True) as conn:
        sources = conn.execute(
            "SELECT count(DISTINCT source) FROM meta.load_log WHERE status = 'loaded'"
        ).fetchall()[0][0]
        published = conn.execute(
            "SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'publish_store'"
        ).fetchall()[0][0]
    # ingest: each source writes a load-log row (skipped or loaded), a changed one its table too
    return {"ingest": int(sources) + 1, "publish": int(published), "copy": 1, "swap": SWAP_STEPS}


def _check(h: Harness, before: str | None, states: dict, target: str, current: str, volatile):
    """'old' (untouched), 'new' (the whole new refresh), or what is wrong."""
    if not h.warehouse.exists():
        return "warehouse missing"
    try:
        from warehouse.publishing import check_opens

        check_opens(h.warehouse)
    except Exception as error:  # noqa: BLE001 (reported as the verdict)
        return f"does not open: {error}"[:300]
    if _sha(h.warehouse) == before:
        return "old"
    found = _digest(h.warehouse)
    if _same_refresh(found, states[target], volatile):
        return "new"
    if _same_refresh(found, states[current], volatile):
        return "changed bytes, old content"
    return "a mix of refreshes"


# ---------------------------------------------------------------- readers under load


def _read(path: Path, reference: dict[tuple, str]) -> tuple[float, str | None]:
    started = time.perf_counter()
    with duckdb.connect(str(path), read_only=True) as conn:
        conn.execute(
            "SELECT * FROM publish.indicator_baseline ORDER BY area_code LIMIT 200"
        ).fetchall()
        pair = tuple(
            conn.execute(
                f"SELECT count(*), sum(hash(x)::HUGEINT)::VARCHAR FROM publish.{v} AS x"
            ).fetchall()[0]
            for v in VIEWS
        )
    took = time.perf_counter() - started
    return took, None if pair in reference else f"mixed read {pair}"


def reader_load(
    h: Harness, data: dict[str, Path], seconds: float, readers: int, in_place: bool
) -> dict:
    """`readers` threads reading for `seconds` while builds of A and B run back to back."""
    reference = {}
    for name in ("A", "B"):
        h.build(data[name])
        with duckdb.connect(str(h.warehouse), read_only=True) as conn:
            pair = tuple(
                conn.execute(
                    f"SELECT count(*), sum(hash(x)::HUGEINT)::VARCHAR FROM publish.{v} AS x"
                ).fetchall()[0]
                for v in VIEWS
            )
        reference[pair] = name
    stop = threading.Event()
    latencies, errors, mixed, lock = [], [], [], threading.Lock()

    def reader() -> None:
        while not stop.is_set():
            try:
                took, problem = _read(h.warehouse, reference)
            except Exception as error:  # noqa: BLE001 (counted)
                with lock:
                    errors.append(str(error).splitlines()[0][:200])
                time.sleep(0.05)
                continue
            with lock:
                latencies.append(took)
                if problem:
                    mixed.append(problem)

    def builder() -> None:
        which = "A"
        while not stop.is_set():
            status = _build_in_place(h, data[which]) if in_place else h.build(data[which])[0]
            builds.append(status)
            which = "B" if which == "A" else "A"

    builds: list[str] = []
    threads = [threading.Thread(target=reader, daemon=True) for _ in range(readers)]
    writer = threading.Thread(target=builder, daemon=True)
    writer.start()
    for thread in threads:
        thread.start()
    time.sleep(seconds)
    stop.set()
    for thread in threads:
        thread.join(timeout=60)
    writer.join(timeout=900)
    ordered = sorted(latencies)
    quantile = (lambda q: round(ordered[int(q * (len(ordered) - 1))] * 1000, 1)) if ordered else (
        lambda q: None
    )  # fmt: skip
    return {
        "reads": len(latencies),
        "reader_errors": len(errors),
        "mixed_reads": len(mixed),
        "p50_ms": quantile(0.5),
        "p95_ms": quantile(0.95),
        "builds_during": len(builds),
        "builds_failed": builds.count("failed"),
        "first_error": errors[0] if errors else None,
    }


IN_PLACE = """
import sys, time, duckdb
published, fresh = sys.argv[1], sys.argv[2]
for attempt in range(50):
    try:
        conn = duckdb.connect(published)
        break
    except duckdb.Error:
        time.sleep(0.1)  # readers hold the file: retry, as the resource's backoff does
else:
    sys.exit(1)
conn.execute(f"ATTACH '{fresh}' AS fresh (READ_ONLY)")
names = conn.execute(
    "SELECT table_name FROM duckdb_tables() "
    "WHERE database_name = 'fresh' AND schema_name = 'publish_store'"
).fetchall()
for (table,) in names:  # one table at a time, each its own transaction, as steps write
    conn.execute(f"CREATE OR REPLACE TABLE publish_store.{table} AS "
                 f"SELECT * FROM fresh.publish_store.{table}")
    time.sleep(0.05)
conn.close()
"""


def _build_in_place(h: Harness, data: Path) -> str:
    """The peer: the refresh written into the published file table by table, in another
    process (as the instance paths did before atomic publishing): build it aside, then copy
    each publish table into the published warehouse in place."""
    (h.work / "aside").mkdir(exist_ok=True)
    aside = Harness(h.work / "aside", home=h.work / "aside")
    status, _ = aside.build(data)
    if status != "ok":
        return status
    done = subprocess.run(
        [sys.executable, "-c", IN_PLACE, str(h.warehouse), str(aside.warehouse)],
        capture_output=True,
        timeout=600,
    )
    return "ok" if done.returncode == 0 else "failed"


# ---------------------------------------------------------------- damaged file, full disk


def _last_line(h: Harness) -> str:
    """The build's own failure line (the CLI prints `FAILED <step>: <message>`)."""
    text = " ".join(getattr(h, "last_error", "").split())
    at = text.rfind("FAILED ")
    return text[at : at + 300] if at >= 0 else text[-300:]


def damaged_file(h: Harness, data: Path) -> dict:
    """A truncated warehouse: the build fails with the recovery in one message; recovery works."""
    h.build(data)
    h.build(data)  # a second refresh, so `.previous` exists
    raw = h.warehouse.read_bytes()
    h.warehouse.write_bytes(raw[: len(raw) // 3])
    status, _ = h.build(data)
    message = " ".join(getattr(h, "last_error", "").split()) if status == "failed" else ""
    clear = "the file is damaged" in message and ".previous" in message
    previous = Path(f"{h.warehouse}.previous")
    os.replace(h.warehouse, f"{h.warehouse}.damaged")
    shutil.copyfile(previous, h.warehouse)  # the documented recovery: restore `.previous`
    recovered, _ = h.build(data)
    return {"damaged_build": status, "clear_error": clear, "recovered_build": recovered}


def full_disk(h: Harness, data: dict[str, Path]) -> dict:
    """On a small tmpfs (root only): no room for the build's copy, and the disk filling up
    during the build; each time the last good warehouse stays, and the next build works."""
    if os.geteuid() != 0 or not shutil.which("mount"):
        return {"skipped": "needs root to mount a tmpfs"}
    h.build(data["A"])
    size = h.warehouse.stat().st_size
    found = {}
    for case, room, phase in (
        ("no_room_for_copy", 1.5, "none"),
        ("fills_during_build", 6.0, "fill"),
    ):
        mount = Path(tempfile.mkdtemp(prefix="placehealth-fulldisk-"))
        megabytes = max(2, int(size * room / 1e6) + 1)
        done = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={megabytes}m", "tmpfs", str(mount)],
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            return {"skipped": f"mount failed: {done.stderr.strip()[:200]}"}
        try:
            small = Harness(mount, home=h.work)  # only the warehouse on the small disk
            shutil.copyfile(h.warehouse, small.warehouse)
            before = _sha(small.warehouse)
            status, _ = small.build(data["B"], phase)
            kept = _sha(small.warehouse) == before
            left = small.leftovers()
            (mount / "filler").unlink(missing_ok=True)
            Path(f"{small.warehouse}.previous").unlink(missing_ok=True)
            after, _ = small.build(data["B"]) if case == "fills_during_build" else ("n/a", 0)
            found[case] = {"tmpfs_mb": megabytes, "build": status, "warehouse_kept": kept,
                           "leftovers": left, "next_build": after,
                           "error": _last_line(small)}  # fmt: skip
        finally:
            subprocess.run(["umount", str(mount)], check=False)
            shutil.rmtree(mount, ignore_errors=True)
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=30)
    parser.add_argument("--reader-seconds", type=float, default=60.0)
    parser.add_argument("--readers", type=int, default=8)
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--no-peer", action="store_true", help="skip the in-place peer")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--data", help=argparse.SUPPRESS)
    parser.add_argument("--warehouse", help=argparse.SUPPRESS)
    parser.add_argument("--phase", default="none", help=argparse.SUPPRESS)
    parser.add_argument("--k", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(args)
    if args.quick:
        args.kills, args.reader_seconds = min(args.kills, 6), min(args.reader_seconds, 10.0)
    rng = random.Random(args.seed)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="placehealth-reliability-") as tmp:
        work = Path(tmp)
        data = {"A": DEMO, "B": _variant_b(work)}
        (work / "kills").mkdir()
        matrix = fault_matrix(Harness(work / "kills"), data, args.kills, rng)
        print(f"fault injection: {matrix['survived']}/{matrix['kills']} kills survived "
              f"{matrix['kills_by_phase']}; failures: {matrix['failures']}", file=sys.stderr)  # fmt: skip
        (work / "readers").mkdir()
        readers = reader_load(
            Harness(work / "readers"), data, args.reader_seconds, args.readers, False
        )
        print(f"readers on atomic publishing: {readers}", file=sys.stderr)
        peer = None
        if not args.no_peer:
            (work / "peer").mkdir()
            peer = reader_load(
                Harness(work / "peer"), data, args.reader_seconds, args.readers, True
            )
            print(f"readers on in-place writes (peer): {peer}", file=sys.stderr)
        (work / "damaged").mkdir()
        damaged = damaged_file(Harness(work / "damaged"), DEMO)
        (work / "disk").mkdir()
        disk = full_disk(Harness(work / "disk"), data)
        print(f"damaged file: {damaged}; full disk: {disk}", file=sys.stderr)
    result = {
        "benchmark": "reliability",
        "kills": matrix["kills"],
        "kills_survived": matrix["survived"],
        "kills_by_phase": matrix["kills_by_phase"],
        "unkilled_builds_ok": f"{matrix['unkilled_builds_ok']}/{matrix['unkilled_builds']}",
        "build_seconds": matrix["build_seconds"],
        "readers": args.readers,
        "reader_seconds": args.reader_seconds,
        "reads": readers["reads"],
        "reader_errors": readers["reader_errors"],
        "mixed_reads": readers["mixed_reads"],
        "p50_ms": readers["p50_ms"],
        "p95_ms": readers["p95_ms"],
        "builds_during_reads": readers["builds_during"],
        "peer_in_place": None
        if peer is None
        else {k: peer[k] for k in ("reads", "reader_errors", "mixed_reads", "p50_ms", "p95_ms")},
        "damaged_file": damaged,
        "full_disk": disk,
        "seconds": round(time.perf_counter() - started, 1),
    }
    print(json.dumps(result, default=str))
    return 0 if result["kills_survived"] == result["kills"] and not readers["reader_errors"] else 1


if __name__ == "__main__":
    sys.exit(main())
