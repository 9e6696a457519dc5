"""Data-quality asset checks generated from the expectation suites: ERROR blocks, WARN records.

One blocking check per table (`quality`, or `<table>_quality` when an asset writes several
tables) validates it once: its result is ERROR when an ERROR expectation failed (downstream
assets then do not run), WARN when only WARN expectations failed (recorded, not blocking).
The tables of one asset share one check step. Tables in the restricted database are read
through `restricted`; only counts and messages (never values) leave it, into
`publish.data_quality`. The verdict comes from the `quality_validator` resource
(assets/quality/validator.py), which in a one-process run has usually validated the table in its
own process while later assets built.
"""

from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from datetime import datetime

import dagster as dg
from dagster_duckdb import DuckDBResource

from assets.quality.ig import registers_restricted_check
from assets.quality.store import record_results, result_rows, save_gx_result, save_history
from assets.quality.validator import (
    CHECK_PRIORITY,
    CHECKED_SUITES,
    QualityValidator,
    check_name,
)
from assets.resources import PlaceHealthSettings
from expectations import load_suite, suite_names
from models.quality import Suite, ValidationOutcome
from warehouse.tables import connection, table_exists


def _metadata(outcome: ValidationOutcome, validated_in: str) -> dict[str, dg.MetadataValue]:
    failed = outcome.failures()
    table = (
        "| severity | expectation | unexpected | observed | message |\n|---|---|---|---|---|\n"
        + "".join(
            f"| {r.severity} | {r.name} | {r.unexpected_count} | {r.observed_value or ''} "
            f"| {r.message} |\n"
            for r in sorted(failed, key=lambda r: r.severity)[:25]
        )
    )
    return {
        "rows": dg.MetadataValue.int(outcome.rows),
        "evaluated": dg.MetadataValue.int(len(outcome.results)),
        "failed_error": dg.MetadataValue.int(len(outcome.failures("ERROR"))),
        "failed_warn": dg.MetadataValue.int(len(outcome.failures("WARN"))),
        "skipped": dg.MetadataValue.int(sum(r.skipped for r in outcome.results)),
        "failed_expectations": dg.MetadataValue.md(table if failed else "none"),
        "seconds": dg.MetadataValue.float(round(outcome.seconds, 3)),
        "validated_in": dg.MetadataValue.text(validated_in),
    }


def verdict(outcome: ValidationOutcome) -> tuple[bool, dg.AssetCheckSeverity]:
    """(passed, severity): ERROR when an ERROR expectation failed, WARN when only WARN ones did."""
    if not outcome.passed("ERROR"):
        return False, dg.AssetCheckSeverity.ERROR
    return outcome.passed("WARN"), dg.AssetCheckSeverity.WARN


def run_suite(
    context: dg.AssetCheckExecutionContext,
    suite: Suite,
    settings: PlaceHealthSettings,
    source: DuckDBResource,
    warehouse: DuckDBResource,
    validator: QualityValidator,
) -> dg.AssetCheckResult:
    """Validate (or collect the validation process's verdict), record in
    publish.data_quality and the history; the check's result."""
    run_id = context.run.run_id
    name = check_name(suite)
    with ExitStack() as stack:
        conn = stack.enter_context(connection(source))
        if not table_exists(conn, suite.name):
            # An absent source is reported as absent, not as an error (its ingest logged it);
            # a publish table that is missing after its asset ran is a failure.
            return dg.AssetCheckResult(
                check_name=name,
                passed=not suite.name.startswith("publish."),
                severity=dg.AssetCheckSeverity.ERROR,
                metadata={"message": f"table {suite.name} is absent: nothing to check"},
            )
        outcome, validated_in = validator.outcome(suite, conn)
        rows = result_rows(outcome, name, run_id, datetime.now())
        if source is not warehouse:
            stack.close()  # the restricted database is closed before the warehouse is opened
            conn = stack.enter_context(connection(warehouse))
        record_results(conn, rows)
    folder = settings.reports_path / "data_quality"
    save_history(folder / "history", rows)
    if suite.database == "warehouse":  # GX results hold sample values: none from restricted
        save_gx_result(folder / "results", outcome)
    passed, severity = verdict(outcome)
    return dg.AssetCheckResult(
        check_name=name,
        passed=passed,
        severity=severity,
        metadata=_metadata(outcome, validated_in),
        description=outcome.summary(),
    )


def _selected(context: dg.AssetCheckExecutionContext, suites: list[Suite]) -> list[Suite]:
    keys = context.selected_asset_check_keys
    return [s for s in suites if any(k.name == check_name(s) for k in keys)]


def build_asset_checks(suites: list[Suite]) -> dg.AssetChecksDefinition:
    """One blocking check per suite, all on one asset's tables, in one step."""
    for suite in suites:
        CHECKED_SUITES[suite.name] = suite
    first = suites[0]
    key = dg.AssetKey(first.asset_name.split("."))
    specs = [
        dg.AssetCheckSpec(
            check_name(suite),
            asset=key,
            blocking=True,  # only a result of severity ERROR blocks
            description=f"{len(suite.for_severity('ERROR').expectations)} ERROR and "
            f"{len(suite.for_severity('WARN').expectations)} WARN expectations from "
            f"expectations/suites/{suite.name}.yaml",
        )
        for suite in suites
    ]
    name = f"{first.asset_name.replace('.', '__')}__quality"
    # A patient-level suite reads the restricted database; only its check asks for that resource.
    database = "restricted" if first.database == "restricted" else "warehouse"
    resources = {"settings", "warehouse", "quality_validator", database}

    @dg.multi_asset_check(specs=specs, name=name, op_tags=CHECK_PRIORITY, can_subset=True,
                          required_resource_keys=resources)  # fmt: skip
    def _check(context: dg.AssetCheckExecutionContext) -> Iterator[dg.AssetCheckResult]:
        found = context.resources
        source: DuckDBResource = getattr(found, database)
        for suite in _selected(context, suites):
            yield run_suite(
                context, suite, found.settings, source, found.warehouse, found.quality_validator
            )

    return _check


def build_suite_check(suite: Suite) -> dg.AssetChecksDefinition:
    """The blocking check of one suite's table."""
    return build_asset_checks([suite])


def build_quality_checks(names: Iterable[str] | None = None) -> list[dg.AssetChecksDefinition]:
    """The checks of the named suites (default: every suite), one step per asset."""
    names = list(names) if names is not None else suite_names()
    by_asset: dict[str, list[Suite]] = {}
    for suite in (load_suite(name) for name in names):
        by_asset.setdefault(suite.asset_name, []).append(suite)
    checks = [build_asset_checks(suites) for suites in by_asset.values()]
    if "publish.register_summary" in names:
        checks.append(registers_restricted_check)
    return checks


def quality_checks_for(asset_keys: Iterable[dg.AssetKey]) -> list[dg.AssetChecksDefinition]:
    """Checks for those suites whose asset is one of `asset_keys` (the assets in Definitions)."""
    wanted = {".".join(k.path) for k in asset_keys}
    return build_quality_checks([n for n in suite_names() if load_suite(n).asset_name in wanted])


ALL_QUALITY_CHECKS = build_quality_checks()
