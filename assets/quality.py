"""Data-quality asset checks generated from the expectation suites: ERROR blocks, WARN records.

One multi-check per table reads it once and validates it once (GX fingerprints every batch by
hashing it, so validating twice costs twice), then reports two checks: `quality_error`
(blocking) and `quality_warn`.
"""

from collections.abc import Iterable
from datetime import datetime

import dagster as dg
import polars as pl
from dagster_duckdb import DuckDBResource

from assets.quality_ig import registers_restricted_check
from assets.quality_store import (
    record_results,
    result_rows,
    save_gx_result,
    save_history,
    suite_parameters,
)
from assets.resources import PlaceHealthSettings
from assets.warehouse import read_table, table_exists
from models.quality import Suite, ValidationOutcome, load_suite, suite_names, validate

SEVERITIES = {"ERROR": dg.AssetCheckSeverity.ERROR, "WARN": dg.AssetCheckSeverity.WARN}


def _metadata(outcome: ValidationOutcome, severity: str) -> dict[str, dg.MetadataValue]:
    failed = outcome.failures(severity)
    table = "| expectation | unexpected | observed | message |\n|---|---|---|---|\n" + "".join(
        f"| {r.name} | {r.unexpected_count} | {r.observed_value or ''} | {r.message} |\n"
        for r in failed[:25]
    )
    return {
        "rows": dg.MetadataValue.int(outcome.rows),
        "evaluated": dg.MetadataValue.int(len(outcome.results)),
        "failed": dg.MetadataValue.int(len(failed)),
        "skipped": dg.MetadataValue.int(sum(r.skipped for r in outcome.results)),
        "failed_expectations": dg.MetadataValue.md(table if failed else "none"),
        "seconds": dg.MetadataValue.float(round(outcome.seconds, 3)),
    }


def _result(outcome: ValidationOutcome, severity: str) -> dg.AssetCheckResult:
    part = _part(outcome, severity)
    return dg.AssetCheckResult(
        check_name=f"quality_{severity.lower()}",
        passed=part.passed(severity),
        severity=SEVERITIES[severity],
        metadata=_metadata(part, severity),
        description=part.summary(),
    )


def build_suite_check(suite: Suite) -> dg.AssetChecksDefinition:
    """Checks `quality_error` (blocking) and `quality_warn` on one table, from one validation."""
    key = dg.AssetKey([suite.schema, suite.table])
    present = [s for s in SEVERITIES if suite.for_severity(s).expectations]
    specs = [
        dg.AssetCheckSpec(
            f"quality_{s.lower()}",
            asset=key,
            blocking=s == "ERROR",
            description=f"{len(suite.for_severity(s).expectations)} {s} expectations from "
            f"expectations/suites/{suite.name}.yaml",
        )
        for s in present
    ]

    @dg.multi_asset_check(specs=specs, name=f"{suite.schema}__{suite.table}__quality")
    def _check(
        context: dg.AssetCheckExecutionContext,
        settings: PlaceHealthSettings,
        warehouse: DuckDBResource,
    ):
        run_id = context.run.run_id
        with warehouse.get_connection() as conn:
            if not table_exists(conn, suite.name):
                for s in present:
                    yield dg.AssetCheckResult(
                        check_name=f"quality_{s.lower()}",
                        passed=False,
                        severity=SEVERITIES[s],
                        metadata={"message": f"table {suite.name} does not exist"},
                    )
                return
            frame = read_table(conn, suite.name)
            params = suite_parameters(conn, suite, settings, run_id)
        outcome = validate(frame, suite, params)
        now = datetime.now()
        rows = pl.concat(
            [result_rows(_part(outcome, s), f"quality_{s.lower()}", run_id, now) for s in present]
        )
        with warehouse.get_connection() as conn:
            record_results(conn, rows)
        folder = settings.reports_path / "data_quality"
        save_history(folder / "history", rows)
        save_gx_result(folder / "results", outcome, "all")
        context.log.info(f"{suite.name}: {outcome.summary()}")
        for s in present:
            yield _result(outcome, s)

    return _check


def _part(outcome: ValidationOutcome, severity: str) -> ValidationOutcome:
    kept = [r for r in outcome.results if r.severity == severity]
    return ValidationOutcome(outcome.suite, outcome.rows, kept, outcome.seconds)


def build_quality_checks(names: Iterable[str] | None = None) -> list[dg.AssetChecksDefinition]:
    """An ERROR (blocking) and a WARN check for each named suite (default: every suite)."""
    checks = []
    for name in names if names is not None else suite_names():
        suite = load_suite(name)
        checks.append(build_suite_check(suite))
    if names is None or "publish.register_summary" in names:
        checks.append(registers_restricted_check)
    return checks


def quality_checks_for(asset_keys: Iterable[dg.AssetKey]) -> list[dg.AssetChecksDefinition]:
    """Checks for those suites whose table is one of `asset_keys` (the assets in Definitions)."""
    wanted = {".".join(k.path) for k in asset_keys}
    return build_quality_checks([n for n in suite_names() if n in wanted])


ALL_QUALITY_CHECKS = build_quality_checks()
