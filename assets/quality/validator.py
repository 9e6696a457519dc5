"""The resource that validates tables for the quality checks, beside the build when it can.

In a run whose steps share one process (`placehealth build`, the in-process executor), the
validator starts a validation process (`quality_runtime.validation_process`) as soon as the
first guarded table is materialised: Great Expectations is imported there, not in the run, and
each table is sent to it the moment its asset materialises (and the tables its suite reads
reference values from have too). GX then validates while the next assets build, and a check
step only collects the verdict. Checks run at low priority (`CHECK_PRIORITY`) so that the
executor builds every ready asset first.

Elsewhere (a process per step, a check-only run, `separate_process=False`) a check validates
its table itself. Either way the verdict comes from the same `models.quality.validate`.
"""

import logging
from pathlib import Path
from typing import Any

import dagster as dg
import duckdb
from dagster_duckdb import DuckDBResource
from pydantic import PrivateAttr

from assets.quality.store import suite_parameters
from assets.resources import PlaceHealthSettings
from models.quality import Suite, ValidationOutcome, validate
from quality_runtime.data_docs import build_data_docs
from quality_runtime.validation_process import (
    ValidationProcess,
    ValidationProcessError,
    adopt_or_start,
)
from warehouse.tables import connection, read_columns, table_exists

CHECK_PRIORITY = {"dagster/priority": "-1"}
"""Op tags of the quality checks: the in-process executor runs ready assets before them."""
AFTER_CHECKS_PRIORITY = {"dagster/priority": "-2"}
"""Op tags of the data-quality report: it runs after every check of the run."""

SENT_ON_MATERIALISATION = "validation process, sent when the asset materialised"
log = logging.getLogger(__name__)


CHECKED_SUITES: dict[str, Suite] = {}
"""Every suite a quality check was built from (assets.quality.checks.build_suite_check), by table."""


def check_name(suite: Suite) -> str:
    """`quality`, or `<table>_quality` when several tables share one asset."""
    return "quality" if suite.asset_name == suite.name else f"{suite.table}_quality"


def check_key(suite: Suite) -> dg.AssetCheckKey:
    """The key of the check built from `suite`."""
    return dg.AssetCheckKey(dg.AssetKey(suite.asset_name.split(".")), check_name(suite))


def reference_assets(suite: Suite, producers: dict[str, str]) -> set[str]:
    """The assets whose tables `suite` reads its reference values from."""
    tables = {str(spec["table"]) for spec in suite.parameters.values() if "table" in spec}
    return {producers.get(t, t) for t in tables}


class QualityValidator(dg.ConfigurableResource):
    """Validates each suite's table: in a validation process fed as assets materialise, or in
    the check's own process."""

    settings: PlaceHealthSettings
    warehouse: DuckDBResource
    restricted: DuckDBResource | None = None
    separate_process: bool = True

    _process: ValidationProcess | None = PrivateAttr(default=None)
    _run_id: str | None = PrivateAttr(default=None)
    _planned: frozenset[str] | None = PrivateAttr(default=None)
    _materialised: set[str] = PrivateAttr(default_factory=set)
    _waiting: dict[str, Suite] = PrivateAttr(default_factory=dict)
    _sent: dict[str, Suite] = PrivateAttr(default_factory=dict)
    _lost: bool = PrivateAttr(default=False)
    _references: dict[str, set[str]] = PrivateAttr(default_factory=dict)

    def setup_for_execution(self, context: dg.InitResourceContext) -> None:
        run = context.run
        if run is None:
            return
        self._run_id = run.run_id
        if not self.separate_process or context.instance is None:
            return
        selection = run.asset_selection  # empty or None: not recorded (every asset of the job)
        self._planned = frozenset(".".join(k.path) for k in selection) if selection else None
        suites = list(CHECKED_SUITES.values())
        producers = {s.name: s.asset_name for s in suites}
        checks = run.asset_check_selection
        for suite in suites:
            if self._planned is not None and suite.asset_name not in self._planned:
                continue
            if checks is not None and check_key(suite) not in checks:
                continue
            self._waiting[suite.name] = suite
            self._references[suite.name] = reference_assets(suite, producers)
        if self._waiting:
            context.instance.add_event_listener(run.run_id, self._on_event)

    def teardown_after_execution(self, context: dg.InitResourceContext) -> None:
        self._waiting.clear()  # the listener stays registered with the instance: make it idle
        if self._process is not None:
            self._process.close()
            self._process = None

    def _ready(self, suite: Suite) -> bool:
        def done(asset: str) -> bool:  # materialised in this run, or not part of it
            planned = self._planned is None or asset in self._planned
            return asset in self._materialised or not planned

        return suite.asset_name in self._materialised and all(
            done(a) for a in self._references[suite.name]
        )

    def _on_event(self, record: Any) -> None:
        event = record.dagster_event
        if event is None or event.event_type != dg.DagsterEventType.ASSET_MATERIALIZATION:
            return
        asset = ".".join(event.asset_key.path)
        self._materialised.add(asset)
        for suite in [s for s in self._waiting.values() if self._ready(s)]:
            if suite.name not in self._sent or suite.asset_name == asset:
                self._send(suite)  # a new materialisation of a sent table's asset resends it

    def data_docs(self, folder: Path) -> Path | None:
        """Build the Data Docs site of `folder` where GX is already imported: in the
        validation process when this run started one, else here."""
        if self._process is not None and self._process.alive:
            return self._process.data_docs(folder)
        return build_data_docs(folder)

    def _resource(self, suite: Suite) -> DuckDBResource:
        if suite.database == "restricted":
            if self.restricted is None:
                raise ValueError(f"{suite.name} is in the restricted database: none configured")
            return self.restricted
        return self.warehouse

    def _read(self, conn: duckdb.DuckDBPyConnection, suite: Suite) -> tuple[Any, dict[str, Any]]:
        frame = read_columns(conn, suite.name, suite.columns_named())
        return frame, suite_parameters(conn, suite, self.settings, self._run_id)

    def _send(self, suite: Suite) -> None:
        """Send `suite`'s table to the validation process; on any failure leave it to the
        check (an event listener must not fail the asset step that materialised it)."""
        self._sent[suite.name] = suite
        if self._lost:
            return
        try:
            with connection(self._resource(suite)) as conn:
                if not table_exists(conn, suite.name):
                    return
                frame, parameters = self._read(conn, suite)
            if self._process is None:
                self._process = adopt_or_start()
            self._process.submit(suite.name, frame, suite, parameters)
        except Exception as error:  # the check validates the table itself
            log.warning("%s not sent to the validation process: %s", suite.name, error)

    def outcome(
        self, suite: Suite, conn: duckdb.DuckDBPyConnection
    ) -> tuple[ValidationOutcome, str]:
        """`suite`'s verdict on its table (`conn` holds it) and where it was reached: the
        validation process's answer when the table was sent there as its asset materialised,
        else validated now (in the validation process when one runs)."""
        self._waiting.pop(suite.name, None)
        sent = self._sent.pop(suite.name, None)
        process = self._process
        if process is not None and process.has(suite.name) and sent == suite:
            answer = self._answer(process, suite)
            if answer is not None:
                return answer, SENT_ON_MATERIALISATION
        frame, parameters = self._read(conn, suite)
        process = self._process
        if process is not None and process.alive:
            try:
                process.submit(suite.name, frame, suite, parameters)
            except ValidationProcessError:  # it has just ended
                self._process, self._lost = None, True
            else:
                answer = self._answer(process, suite)
                if answer is not None:
                    return answer, "validation process"
        return validate(frame, suite, parameters), "check step"

    def _answer(self, process: ValidationProcess, suite: Suite) -> ValidationOutcome | None:
        """The process's verdict on `suite`; None when the process is lost (from then on
        each check validates its own table)."""
        try:
            return process.result(suite.name)
        except ValidationProcessError as error:
            if process.alive:
                raise  # the validation itself failed: the check fails with its reason
            log.warning("validation process lost (%s): validating in the run", error)
        self._process, self._lost = None, True
        return None
