"""Dagster resources shared by every asset: where the data and the two databases live."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import dagster as dg
import duckdb
from dagster._utils.backoff import backoff
from dagster_duckdb import DuckDBResource
from pydantic import PrivateAttr

from warehouse.publishing import DamagedDatabase, NoSpace, Shadow, WriterBusy

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DEMO_DATA_DIR = PROJECT_ROOT / "data" / "demo"
SHARED_DATA_DIR = PROJECT_ROOT.parent / "shared" / "data"

# The places (LAD codes) the pipeline knows by default, the single place of one-place builds
# first: Sandwell (Black Country ICB), Birmingham and Solihull (one ICB), Southend-on-Sea (Mid
# and South Essex ICB), all in the real extracts' LSOA21 -> LAD24 and sub-ICB lookups.
PLACE_NAMES = {
    "E08000028": "Sandwell",
    "E08000025": "Birmingham",
    "E08000029": "Solihull",
    "E06000033": "Southend-on-Sea",
}
DEFAULT_PLACES = tuple(PLACE_NAMES)
DEFAULT_PLACE = DEFAULT_PLACES[0]


class PlaceHealthSettings(dg.ConfigurableResource):
    """Run settings: the extract folder, the reports folder, the places, the register key and
    the disclosure-control rule. Built from the environment by `pipelines.resources`, the one
    reader of PLACEHEALTH_* variables (README "Running on the real extracts")."""

    data_dir: str = str(DEMO_DATA_DIR)
    reports_dir: str = str(PROJECT_ROOT / "reports")
    # Partitions of the place-partitioned risk chain (PLACEHEALTH_PLACES): fixed when the code
    # location loads, as partitions are part of the definitions.
    places: list[str] = list(DEFAULT_PLACES)
    # The real extracts that shape the synthetic population where present (PLACEHEALTH_SHARED_DATA).
    shared_data_dir: str = str(SHARED_DATA_DIR)
    # HMAC key of the register pseudonyms: PLACEHEALTH_PSEUDONYM_KEY through dg.EnvVar, so the
    # key never appears in run configuration; empty means the clearly marked demo key.
    pseudonym_key: str = ""
    live_fingertips: bool = False
    fingertips_api_url: str = "https://fingertips.phe.org.uk/api/"
    fingertips_indicator_ids: list[int] = []
    fingertips_area_type_id: int = 402
    suppress_below: int = 8
    round_to: int = 5

    @property
    def data_path(self) -> Path:
        return Path(self.data_dir).expanduser().resolve()

    @property
    def shared_data_path(self) -> Path:
        return Path(self.shared_data_dir).expanduser().resolve()

    @property
    def reports_path(self) -> Path:
        path = Path(self.reports_dir).expanduser().resolve()
        path.mkdir(parents=True, exist_ok=True)
        return path


class DuckDBFile(DuckDBResource):
    """A DuckDB database file, opened only when a step asks for a connection.

    `atomic` (the code location's warehouse and restricted database): within a run, the first
    connection takes the file's writer lock and makes a shadow copy (`warehouse.publishing`);
    every step of the run writes the copy, and when the run ends the copy replaces the
    published file if every step succeeded, else it is thrown away. Runs that never connect
    (a selection without restricted assets, a place partition) open nothing and lock nothing.
    This needs the run's steps in one process (`in_process_executor`, the code location's
    default); outside a run (a direct asset call in a test) the file is written in place.

    `keep_open`: one connection is held from the first use to the end of the run. DuckDB shuts
    a database down when its last connection closes, and opening it again reads the catalogue
    afresh: about 20 ms for the warehouse, paid by every step that connects.
    """

    keep_open: bool = False
    atomic: bool = False
    lock_timeout_s: float = 3600.0
    _run_id: str | None = PrivateAttr(default=None)
    _log: Any = PrivateAttr(default=None)

    def setup_for_execution(self, context: dg.InitResourceContext) -> None:
        run = context.run
        self._run_id = run.run_id if run is not None else "outside-a-run"
        self._log = context.log

    def _key(self) -> tuple[str, str]:
        """The file (however its path is spelt) and the run."""
        path = self.database if self.database == ":memory:" else os.path.realpath(self.database)
        return path, self._run_id or "outside-a-run"

    def _config(self) -> dict[str, Any]:
        return {"custom_user_agent": "dagster", **self.connection_config}

    def _open(self) -> _RunFile:
        """This run's use of the file, shared by every copy of this resource in the process
        (a resource nested in another, such as the quality validator's, is a second object)."""
        with _RUN_FILES_LOCK:
            found = _RUN_FILES.setdefault(self._key(), _RunFile(self._key()))
        with found.opening:  # not the registry's lock: begin() may wait for another run
            if found.target is None:
                target = self.database
                atomic = self.atomic and self._run_id not in (None, "outside-a-run")
                if atomic and self.database != ":memory:":
                    shadow = Shadow(Path(self.database), self._run_id or "", self.lock_timeout_s)
                    say = self._log.info if self._log is not None else (lambda _: None)
                    try:
                        target = str(shadow.begin(on_wait=say))
                    except (DamagedDatabase, NoSpace, WriterBusy) as error:
                        # not transient: a retry of the step would meet the same file
                        raise dg.Failure(description=str(error), allow_retries=False) from error
                    found.shadow = shadow
                if self.keep_open and target != ":memory:":
                    try:
                        found.keeper = duckdb.connect(target, config=self._config())
                    except BaseException:
                        if found.shadow is not None:
                            found.shadow.abort()
                            found.shadow = None
                        raise
                found.target = target  # only once the copy is made: never the published file
            return found

    @contextmanager
    def get_connection(self) -> Iterator[duckdb.DuckDBPyConnection]:
        path = self._open().target
        conn = backoff(
            fn=duckdb.connect,
            retry_on=(RuntimeError, duckdb.IOException),
            kwargs={"database": path, "read_only": False, "config": self._config()},
            max_retries=10,
        )
        try:
            yield conn
        finally:
            conn.close()

    def teardown_after_execution(self, context: dg.InitResourceContext) -> None:
        """The first copy torn down ends the run's use: close, then publish or discard."""
        with _RUN_FILES_LOCK:
            found = _RUN_FILES.pop(self._key(), None)
        if found is not None:
            found.finish(context)


@dataclass
class _RunFile:
    """One run's use of one database file in this process: the path its steps connect to,
    the shadow copy behind it and the connection held open for the run."""

    key: tuple[str, str]
    target: str | None = None
    shadow: Shadow | None = None
    keeper: Any = None
    opening: threading.Lock = field(default_factory=threading.Lock)

    def finish(self, context: dg.InitResourceContext) -> None:
        try:
            if self.keeper is not None:
                self.keeper.close()  # the last connection: DuckDB checkpoints the file
        finally:
            if self.shadow is not None:
                if run_succeeded(context):
                    self.shadow.commit()
                    context.log.info(f"published {self.shadow.published}")
                else:
                    self.shadow.abort()
                    context.log.warning(f"run failed: {self.shadow.published} left unchanged")


_RUN_FILES: dict[tuple[str, str], _RunFile] = {}
_RUN_FILES_LOCK = threading.Lock()


def run_succeeded(context: dg.InitResourceContext) -> bool:
    """Whether every step this run started succeeded and none failed (read from the event log
    at resource teardown, when the run's status is not yet final)."""
    if context.instance is None or context.run is None:
        return False
    status = context.instance.get_run_by_id(context.run.run_id)
    if status is not None and status.status in _STOPPING:
        return False
    kinds = {
        dg.DagsterEventType.STEP_START,
        dg.DagsterEventType.STEP_SUCCESS,
        dg.DagsterEventType.STEP_FAILURE,
    }
    records = context.instance.get_records_for_run(context.run.run_id, of_type=kinds).records
    started, succeeded = set(), set()
    for record in records:
        event = record.event_log_entry.dagster_event
        if event.event_type == dg.DagsterEventType.STEP_FAILURE:
            return False
        (succeeded if event.event_type == dg.DagsterEventType.STEP_SUCCESS else started).add(
            event.step_key
        )
    return started <= succeeded


_STOPPING = {dg.DagsterRunStatus.CANCELING, dg.DagsterRunStatus.CANCELED}
