"""The documented production option: Dagster storage on a real PostgreSQL server on loopback."""

import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import dagster as dg
import pytest

ROOT = Path(__file__).resolve().parents[2]
PG_BIN = next(iter(sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)), None)


def _as_postgres(args: list[str]) -> list[str]:
    """Run as the `postgres` user when we are root (initdb refuses root)."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *args]
    return args


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def postgres_server(tmp_path):
    if PG_BIN is None or not (PG_BIN / "initdb").exists():
        pytest.skip("no PostgreSQL server binaries (Debian package postgresql) on this machine")
    pytest.importorskip("dagster_postgres", reason="install the 'postgres' extra")
    # pytest's tmp_path is private to root; the server runs as `postgres`.
    base = Path(tempfile.mkdtemp(prefix="placehealth-pg-"))
    base.chmod(0o755)
    data = base / "pgdata"
    data.mkdir()
    if os.geteuid() == 0:
        shutil.chown(data, "postgres")
    port = _free_port()
    init = subprocess.run(
        _as_postgres([str(PG_BIN / "initdb"), "-D", str(data), "-U", "dagster", "--auth=trust"]),
        capture_output=True,
        text=True,
    )
    if init.returncode != 0:
        pytest.skip(f"could not initialise a PostgreSQL cluster: {init.stderr[-300:]}")
    options = f"-p {port} -k {data} -c listen_addresses=127.0.0.1"
    start = subprocess.run(
        _as_postgres(
            [
                str(PG_BIN / "pg_ctl"),
                "-D",
                str(data),
                "-o",
                options,
                "-w",
                "start",
                "-l",
                str(data / "server.log"),
            ]
        ),
        capture_output=True,
        text=True,
    )
    if start.returncode != 0:
        pytest.skip(f"could not start PostgreSQL: {start.stderr[-300:]}")
    subprocess.run(
        _as_postgres(
            [
                str(PG_BIN / "createdb"),
                "-h",
                "127.0.0.1",
                "-p",
                str(port),
                "-U",
                "dagster",
                "dagster",
            ]
        ),
        check=True,
    )
    yield port
    subprocess.run(
        _as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "fast", "stop"]),
        capture_output=True,
    )
    shutil.rmtree(base, ignore_errors=True)


def test_job_runs_and_is_recorded_in_postgres(tmp_path, postgres_server, monkeypatch):
    home = tmp_path / "dagster_home"
    home.mkdir()
    shutil.copy(ROOT / "docs" / "dagster.postgres.yaml", home / "dagster.yaml")
    url = f"postgresql+psycopg2://dagster@127.0.0.1:{postgres_server}/dagster"
    monkeypatch.setenv("DAGSTER_PG_URL", url)
    monkeypatch.setenv("DAGSTER_HOME", str(home))

    @dg.asset
    def heartbeat() -> int:
        return 1

    with dg.DagsterInstance.get() as instance:
        assert type(instance.run_storage).__name__ == "PostgresRunStorage"
        result = dg.materialize([heartbeat], instance=instance)
        assert result.success
        runs = instance.get_runs()
        assert [r.run_id for r in runs] == [result.run_id]
