"""Validate a Polars frame against a suite: GX expectations plus custom and IG rules."""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

import polars as pl

from models.quality import ig_rules, reference_rules, rules
from models.quality.outcome import ExpectationResult, ValidationOutcome
from models.quality.suites import ExpectationSpec, Suite

CUSTOM_RULES: dict[str, rules.Rule] = {
    "column_types": rules.column_types,
    "row_count_change": rules.row_count_change,
    "period_continuity": rules.period_continuity,
    "codes_in_reference": reference_rules.codes_in_reference,
    "values_in_range_by_key": reference_rules.values_in_range_by_key,
    "after_birth": reference_rules.after_birth,
    "completeness_by_period": rules.completeness_by_period,
    "proportions_in_range": reference_rules.proportions_in_range,
    "no_identifier_columns": ig_rules.no_identifier_columns,
    "disclosure_control": ig_rules.disclosure_control,
    "small_denominators": ig_rules.small_denominators,
}
# Parameters a rule may go without (it then reports "skipped" or "no previous load" itself).
OPTIONAL = {"previous_row_count", "scales", "births", "suppress_below", "round_to"}


def resolve(kwargs: dict[str, Any], context: Mapping[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """Replace ``"$name"`` values by `context[name]`; also return the names that were missing."""
    resolved, missing = {}, []
    for key, value in kwargs.items():
        if isinstance(value, str) and value.startswith("$"):
            name = value[1:]
            if context.get(name) is None and key not in OPTIONAL:
                missing.append(name)
            resolved[key] = context.get(name)
        else:
            resolved[key] = value
    return resolved, missing


def _skipped(spec: ExpectationSpec, missing: list[str]) -> ExpectationResult:
    return rules.outcome(
        spec, True, message=f"skipped: no reference {', '.join(missing)}", skipped=True
    )


def _run_rule(
    frame: pl.DataFrame, spec: ExpectationSpec, kwargs: dict[str, Any]
) -> ExpectationResult:
    try:
        return CUSTOM_RULES[spec.expectation](frame, spec, kwargs)
    except (pl.exceptions.PolarsError, KeyError, TypeError, ValueError) as error:
        return rules.outcome(spec, False, unexpected=1, message=f"could not run: {error}")


def validate(
    frame: pl.DataFrame,
    suite: Suite,
    context: Mapping[str, Any] | None = None,
    severity: str | None = None,
) -> ValidationOutcome:
    """Run `suite` (or its `severity` part) on `frame`; results come back in suite order."""
    started = time.perf_counter()
    context = context or {}
    specs = [s for s in suite.expectations if severity is None or s.severity == severity]
    results: dict[int, ExpectationResult] = {}
    gx_specs: list[tuple[int, ExpectationSpec, dict[str, Any]]] = []
    for index, spec in enumerate(specs):
        kwargs, missing = resolve(spec.kwargs, context)
        if missing:
            results[index] = _skipped(spec, missing)
        elif spec.is_gx:
            gx_specs.append((index, spec, kwargs))
        elif spec.expectation in CUSTOM_RULES:
            results[index] = _run_rule(frame, spec, kwargs)
        else:
            raise ValueError(f"{suite.name}: unknown expectation {spec.expectation!r}")
    gx_result = None
    if gx_specs:
        from models.quality.gx_engine import run_gx

        found, gx_result = run_gx(
            frame, [(s, k) for _, s, k in gx_specs], f"{suite.name}.{severity or 'all'}"
        )
        results.update({i: r for (i, _, _), r in zip(gx_specs, found, strict=True)})
    return ValidationOutcome(
        suite=suite.name,
        rows=frame.height,
        results=[results[i] for i in range(len(specs))],
        seconds=time.perf_counter() - started,
        gx_result=gx_result,
    )
