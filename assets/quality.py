"""Data-quality asset checks generated from the expectation suites: ERROR blocks, WARN records.

One multi-check per table reads it once and validates it once (GX fingerprints every batch by
hashing it, so validating twice costs twice), then reports two checks: `quality_error`
(blocking) and `quality_warn`. Tables in the restricted database are read through `restricted`;
only counts and messages (never values) leave it, into `publish.data_quality`.
"""

from collections.abc import Iterable, Iterator
from contextlib import ExitStack
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
from assets.warehouse import connection, read_columns, table_exists
from expectations import load_suite, suite_names
from models.quality import Suite, ValidationOutcome, validate

SEVERITIES = {"ERROR": dg.AssetCheckSeverity.ERROR, "WARN": dg.AssetCheckSeverity.WARN}


def _part(outcome: ValidationOutcome, severity: str) -> ValidationOutcome:
    kept = [r for r in outcome.results if r.severity == severity]
    return ValidationOutcome(outcome.suite, outcome.rows, kept, outcome.seconds)


def _metadata(part: ValidationOutcome, severity: str) -> dict[str, dg.MetadataValue]:
    failed = part.failures(severity)
    table = "| expectation | unexpected | observed | message |\n|---|---|---|---|\n" + "".join(
        f"| {r.name} | {r.unexpected_count} | {r.observed_value or ''} | {r.message} |\n"
        for r in failed[:25]
    )
    return {
        "rows": dg.MetadataValue.int(part.rows),
        "evaluated": dg.MetadataValue.int(len(part.results)),
        "failed": dg.MetadataValue.int(len(failed)),
        "skipped": dg.MetadataValue.int(sum(r.skipped for r in part.results)),
        "failed_expectations": dg.MetadataValue.md(table if failed else "none"),
        "seconds": dg.MetadataValue.float(round(part.seconds, 3)),
    }


def check_name(suite: Suite, severity: str) -> str:
    """`quality_error`, or `<table>_quality_error` when several tables share one asset."""
    prefix = "" if suite.asset_name == suite.name else f"{suite.table}_"
    return f"{prefix}quality_{severity.lower()}"


def run_suite(
    context: dg.AssetCheckExecutionContext,
    suite: Suite,
    settings: PlaceHealthSettings,
    source: DuckDBResource,
    warehouse: DuckDBResource,
) -> Iterator[dg.AssetCheckResult]:
    """Read, validate, record in publish.data_quality and the history, yield both results."""
    present = [s for s in SEVERITIES if suite.for_severity(s).expectations]
    run_id = context.run.run_id
    with ExitStack() as stack:
        # One connection when the table is in the warehouse: opening a large DuckDB file
        # costs tens of milliseconds, paid per check step.
        conn = stack.enter_context(connection(source))
        if not table_exists(conn, suite.name):
            # An absent source is reported as absent, not as an error (its ingest logged it);
            # a publish table that is missing after its asset ran is a failure.
            optional = not suite.name.startswith("publish.")
            for s in present:
                yield dg.AssetCheckResult(
                    check_name=check_name(suite, s),
                    passed=optional,
                    severity=SEVERITIES[s],
                    metadata={"message": f"table {suite.name} is absent: nothing to check"},
                )
            return
        frame = read_columns(conn, suite.name, suite.columns_named())
        params = suite_parameters(conn, suite, settings, run_id)
        outcome = validate(frame, suite, params)
        now = datetime.now()
        rows = pl.concat(
            [result_rows(_part(outcome, s), check_name(suite, s), run_id, now) for s in present]
        )
        if source is not warehouse:
            stack.close()  # the restricted database is closed before the warehouse is opened
            conn = stack.enter_context(connection(warehouse))
        record_results(conn, rows)
    folder = settings.reports_path / "data_quality"
    save_history(folder / "history", rows)
    if suite.database == "warehouse":  # GX results hold sample values: none from restricted
        save_gx_result(folder / "results", outcome, "all")
    context.log.info(f"{suite.name}: {outcome.summary()}")
    for s in present:
        part = _part(outcome, s)
        yield dg.AssetCheckResult(
            check_name=check_name(suite, s),
            passed=part.passed(s),
            severity=SEVERITIES[s],
            metadata=_metadata(part, s),
            description=part.summary(),
        )


def build_suite_check(suite: Suite) -> dg.AssetChecksDefinition:
    """Checks `quality_error` (blocking) and `quality_warn` on one table, from one validation."""
    key = dg.AssetKey(suite.asset_name.split("."))
    specs = [
        dg.AssetCheckSpec(
            check_name(suite, s),
            asset=key,
            blocking=s == "ERROR",
            description=f"{len(suite.for_severity(s).expectations)} {s} expectations from "
            f"expectations/suites/{suite.name}.yaml",
        )
        for s in SEVERITIES
        if suite.for_severity(s).expectations
    ]
    name = f"{suite.schema}__{suite.table}__quality"
    if suite.database == "restricted":

        @dg.multi_asset_check(specs=specs, name=name)
        def _restricted_check(
            context: dg.AssetCheckExecutionContext,
            settings: PlaceHealthSettings,
            restricted: DuckDBResource,
            warehouse: DuckDBResource,
        ):
            yield from run_suite(context, suite, settings, restricted, warehouse)

        return _restricted_check

    @dg.multi_asset_check(specs=specs, name=name)
    def _check(
        context: dg.AssetCheckExecutionContext,
        settings: PlaceHealthSettings,
        warehouse: DuckDBResource,
    ):
        yield from run_suite(context, suite, settings, warehouse, warehouse)

    return _check


def build_quality_checks(names: Iterable[str] | None = None) -> list[dg.AssetChecksDefinition]:
    """One ERROR (blocking) + WARN multi-check per named suite (default: every suite)."""
    names = list(names) if names is not None else suite_names()
    checks = [build_suite_check(load_suite(name)) for name in names]
    if "publish.register_summary" in names:
        checks.append(registers_restricted_check)
    return checks


def quality_checks_for(asset_keys: Iterable[dg.AssetKey]) -> list[dg.AssetChecksDefinition]:
    """Checks for those suites whose asset is one of `asset_keys` (the assets in Definitions)."""
    wanted = {".".join(k.path) for k in asset_keys}
    return build_quality_checks([n for n in suite_names() if load_suite(n).asset_name in wanted])


ALL_QUALITY_CHECKS = build_quality_checks()
