"""Run the Great Expectations part of a suite on a Polars frame (GX 1.x, ephemeral context)."""

from __future__ import annotations

import math
import os
from typing import Any

import polars as pl

from models.quality.outcome import ExpectationResult, short
from models.quality.suites import ExpectationSpec

_STATE: dict[str, Any] = {}


def _batch_definition() -> Any:
    """A cached ephemeral context's whole-dataframe batch definition (GX imports take seconds)."""
    if "batch" not in _STATE:
        os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
        import great_expectations as gx
        from great_expectations.data_context.types.base import ProgressBarsConfig

        context = gx.get_context(mode="ephemeral")
        context.variables.progress_bars = ProgressBarsConfig(globally=False)
        source = context.data_sources.add_pandas("placehealth")
        asset = source.add_dataframe_asset("table")
        _STATE["gx"] = gx
        _STATE["batch"] = asset.add_batch_definition_whole_dataframe("whole")
    return _STATE["batch"]


def _plain(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return tuple(_plain(v) for v in value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item"):
        return value.item()
    return value


def _result(spec: ExpectationSpec, gx_result: Any) -> ExpectationResult:
    found = gx_result.result or {}
    observed = found.get("observed_value")
    unexpected = int(found.get("unexpected_count") or 0)
    sample = tuple(
        short(_plain(v), 120) or "null" for v in found.get("partial_unexpected_list", [])[:5]
    )
    success = bool(gx_result.success)
    message = spec.description or spec.name
    if gx_result.exception_info and gx_result.exception_info.get("raised_exception"):
        success, message = False, f"could not run: {gx_result.exception_info['exception_message']}"
    elif not success:
        found_text = f"{unexpected} unexpected value(s)" if unexpected else f"observed {observed}"
        message = f"{spec.description}: {found_text}" if spec.description else found_text
    return ExpectationResult(
        name=spec.name,
        expectation=spec.expectation,
        column=spec.column,
        severity=spec.severity,
        success=success,
        observed_value=short(_plain(observed)),
        unexpected_count=unexpected,
        sample=sample,
        message=short(message, 300) or "",
    )


def run_gx(
    frame: pl.DataFrame, specs: list[tuple[ExpectationSpec, dict[str, Any]]], suite_name: str
) -> tuple[list[ExpectationResult], dict[str, Any]]:
    """Validate `frame` against GX expectations (spec, resolved kwargs); results in spec order."""
    batch_definition = _batch_definition()
    gx = _STATE["gx"]
    suite = gx.ExpectationSuite(name=suite_name)
    for index, (spec, kwargs) in enumerate(specs):
        expectation = getattr(gx.expectations, spec.expectation)(**kwargs)
        expectation.meta = {"index": index, "severity": spec.severity}
        suite.add_expectation(expectation)
    # Strings go over as pandas categoricals: GX fingerprints every batch by hashing the whole
    # frame, and hashing category codes is several times faster than hashing Python strings.
    pandas_frame = frame.with_columns(pl.col(pl.String).cast(pl.Categorical)).to_pandas()
    # GX's V1 validator loads (and fingerprints) the batch once; Batch.validate would load it
    # a second time.
    from great_expectations.validator.v1_validator import Validator

    validator = Validator(batch_definition, result_format="SUMMARY",
                          batch_parameters={"dataframe": pandas_frame})  # fmt: skip
    validation = validator.validate_expectation_suite(suite)
    by_index = {int(r.expectation_config.meta["index"]): r for r in validation.results}
    results = [_result(spec, by_index[i]) for i, (spec, _) in enumerate(specs)]
    return results, validation.to_json_dict()
