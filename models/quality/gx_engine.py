"""Run the Great Expectations part of a suite on a Polars frame (GX 1.x, ephemeral context).

GX decides every expectation; what it is shown is chosen for speed without changing a verdict:

* **value expectations** (not null, regex, in set, not in set, between — each judges one value at
  a time, with no `mostly`) run on a *distinct-values batch*: each column's distinct values
  (nulls included), padded to a common length by repeating a value already present. A value is
  unexpected on the full column exactly when it is unexpected there, so the verdict is the same;
  GX returns which distinct values failed and their row multiplicities give the row-level counts
  and percentages recorded in the result (so Data Docs show rows, not distinct values).
  Code columns have tens of thousands of distinct values against millions of rows.
* **row expectations** (uniqueness, column pairs, sums, row counts, anything with `mostly`) run
  on the full height, holding only the columns they name.
* GX's **BASIC** result format (counts and a partial list of unexpected values) costs half of
  SUMMARY per expectation; a failed value expectation is rerun in COMPLETE to count its rows.

Tables under `COMPRESS_FROM` rows go to GX whole: there GX's fixed cost per batch outweighs the
rows saved. (Validating the batches in parallel worker processes was tried and measured: shipping
the frames and each batch's fixed cost ate the gain on two cores.)
"""

from __future__ import annotations

import math
import os
from typing import Any

import polars as pl

from models.quality.outcome import ExpectationResult, short
from models.quality.suites import ExpectationSpec

VALUE_EXPECTATIONS = frozenset(
    {
        "ExpectColumnValuesToNotBeNull",
        "ExpectColumnValuesToMatchRegex",
        "ExpectColumnValuesToBeInSet",
        "ExpectColumnValuesToNotBeInSet",
        "ExpectColumnValuesToBeBetween",
    }
)
SCHEMA_EXPECTATIONS = frozenset({"ExpectTableColumnsToMatchSet"})
SEVERITY = {"ERROR": "critical", "WARN": "warning"}
PARTIAL = 20  # GX keeps 20 unexpected values in its partial lists
COMPRESS_FROM = 50_000  # below this many rows one full batch is cheaper than two small ones

Indexed = tuple[int, ExpectationSpec, dict[str, Any]]
_STATE: dict[str, Any] = {}


def warm_up() -> Any:
    """Import GX and build the cached ephemeral context's whole-dataframe batch definition
    (the import alone takes seconds: a validation process pays it once, at start)."""
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


def is_value_level(spec: ExpectationSpec) -> bool:
    """True when the expectation judges each value on its own (distinct values suffice)."""
    return spec.expectation in VALUE_EXPECTATIONS and "mostly" not in spec.kwargs


def _result(spec: ExpectationSpec, document: dict[str, Any]) -> ExpectationResult:
    found = document.get("result") or {}
    observed = found.get("observed_value")
    unexpected = int(found.get("unexpected_count") or 0)
    sample = tuple(
        short(_plain(v), 120) or "null" for v in found.get("partial_unexpected_list", [])[:5]
    )
    success = bool(document.get("success"))
    message = spec.description or spec.name
    error = document.get("exception_info") or {}
    if error.get("raised_exception"):
        success, message = False, f"could not run: {error['exception_message']}"
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


def _pandas(frame: pl.DataFrame) -> Any:
    # Strings go over as pandas categoricals: GX fingerprints every batch by hashing the whole
    # frame, and hashing category codes is several times faster than hashing Python strings.
    return frame.with_columns(pl.col(pl.String).cast(pl.Categorical)).to_pandas()


def _distinct_values(frame: pl.DataFrame, columns: list[str]) -> dict[str, pl.DataFrame]:
    """Per column: its distinct values (null included) and how many rows hold each."""
    present = [c for c in columns if c in frame.columns]
    plans = [
        frame.lazy().select(pl.col(c).value_counts(sort=False, name="rows")).unnest(c)
        for c in present
    ]
    return dict(zip(present, pl.collect_all(plans), strict=True))


def _value_batch(frame: pl.DataFrame, distinct: dict[str, pl.DataFrame]) -> pl.DataFrame:
    """Every column of `frame`; value-checked ones hold their distinct values, padded by
    repeating the first (so no value, and no null, is added); the others are typed nulls."""
    length = max([d.height for d in distinct.values()], default=1) or 1
    columns = []
    for name, dtype in frame.schema.items():
        if name in distinct and distinct[name].height:
            values = distinct[name][name]
            columns.append(values.extend_constant(values[0], length - values.len()))
        else:
            columns.append(pl.Series(name, [None] * length, dtype=dtype))
    return pl.DataFrame(columns)


def _row_batch(frame: pl.DataFrame, specs: list[ExpectationSpec]) -> pl.DataFrame:
    """The full height, holding only the columns the row expectations name."""
    if any(spec.expectation in SCHEMA_EXPECTATIONS for spec in specs):
        return frame
    named = set()
    for spec in specs:
        kw = spec.kwargs
        named.update(str(kw[k]) for k in ("column", "column_A", "column_B") if k in kw)
        named.update(str(c) for c in kw.get("column_list", []) or [])
    kept = [c for c in frame.columns if c in named] or frame.columns[:1]
    return frame.select(kept)


def _recount(result: dict[str, Any], counts: pl.DataFrame, rows: int) -> None:
    """Turn a distinct-values result into row-level counts and percentages, in place."""
    column = counts.columns[0]
    index = sorted({i for i in result.get("unexpected_index_list") or [] if i < counts.height})
    failing = counts[index] if index else counts.clear()
    unexpected = int(failing["rows"].sum())
    missing = int(counts.filter(pl.col(column).is_null())["rows"].sum())
    ranked = failing.sort("rows", descending=True, maintain_order=True).head(PARTIAL)
    for key in ("unexpected_list", "unexpected_index_list", "unexpected_index_query",
                "partial_unexpected_index_list"):  # fmt: skip
        result.pop(key, None)
    result["element_count"] = rows
    result["unexpected_count"] = unexpected
    result["partial_unexpected_list"] = failing[column].head(PARTIAL).to_list()
    result["partial_unexpected_counts"] = [{"value": v, "count": n} for v, n in ranked.iter_rows()]
    if "missing_count" not in result:  # not-null: the unexpected values are the missing ones
        result["unexpected_percent"] = 100 * unexpected / rows if rows else 0.0
        return
    present = rows - missing
    result["missing_count"] = missing
    result["missing_percent"] = 100 * missing / rows if rows else 0.0
    result["unexpected_percent_total"] = 100 * unexpected / rows if rows else 0.0
    share = 100 * unexpected / present if present else 0.0
    result["unexpected_percent"] = result["unexpected_percent_nonmissing"] = share


def _validate(batch: pl.DataFrame, specs: list[Indexed], name: str, result_format: str) -> Any:
    gx = _STATE["gx"]
    suite = gx.ExpectationSuite(name=name)
    for index, spec, kwargs in specs:
        expectation = getattr(gx.expectations, spec.expectation)(**kwargs)
        expectation.meta = {"index": index, "severity": spec.severity}
        expectation.severity = SEVERITY.get(spec.severity, "critical")
        suite.add_expectation(expectation)
    # GX's V1 validator loads (and fingerprints) the batch once; Batch.validate would load it
    # a second time.
    from great_expectations.validator.v1_validator import Validator

    validator = Validator(warm_up(), result_format={"result_format": result_format},
                          batch_parameters={"dataframe": _pandas(batch)})  # fmt: skip
    return validator.validate_expectation_suite(suite)


def validate_part(
    batch: pl.DataFrame, specs: list[Indexed], name: str, result_format: str, rerun_failed: bool
) -> tuple[dict[int, dict[str, Any]], dict[str, Any]]:
    """GX's result document per expectation index, and the validation's own document (without
    results); with `rerun_failed`, failed column expectations are rerun in COMPLETE format so
    that their unexpected index lists are whole."""
    warm_up()
    validation = _validate(batch, specs, name, result_format)
    found = {int(r.expectation_config.meta["index"]): r for r in validation.results}
    failed = [t for t in specs if not found[t[0]].success and t[1].kwargs.get("column")]
    if rerun_failed and failed:
        again = _validate(batch, failed, name, "COMPLETE").results
        found.update({int(r.expectation_config.meta["index"]): r for r in again})
    document = validation.to_json_dict()
    document.pop("results", None)
    return {i: r.to_json_dict() for i, r in found.items()}, document


def _split(frame: pl.DataFrame, indexed: list[Indexed]) -> tuple[list[Indexed], list[Indexed]]:
    """(value-level, row-level) expectations; everything is row-level on a small table."""
    if frame.height < COMPRESS_FROM:
        return [], indexed
    by_values = [t for t in indexed if is_value_level(t[1])]
    by_rows = [t for t in indexed if not is_value_level(t[1])]
    if by_values:  # the schema expectations ride on the (narrow) distinct-values batch
        by_values += [t for t in by_rows if t[1].expectation in SCHEMA_EXPECTATIONS]
        by_rows = [t for t in by_rows if t[1].expectation not in SCHEMA_EXPECTATIONS]
    return by_values, by_rows


def _merged(
    suite_name: str, document: dict[str, Any], results: list[dict[str, Any]]
) -> dict[str, Any]:
    """One GX validation-result document (for Data Docs) holding `results` in suite order."""
    passed = sum(bool(r["success"]) for r in results)
    return {
        **document,
        "suite_name": suite_name,
        "results": results,
        "success": passed == len(results),
        "statistics": {
            "evaluated_expectations": len(results),
            "successful_expectations": passed,
            "unsuccessful_expectations": len(results) - passed,
            "success_percent": 100 * passed / len(results) if results else None,
        },
    }


def run_gx(
    frame: pl.DataFrame, specs: list[tuple[ExpectationSpec, dict[str, Any]]], suite_name: str
) -> tuple[list[ExpectationResult], dict[str, Any]]:
    """Validate `frame` against GX expectations (spec, resolved kwargs); results in spec order."""
    indexed = [(i, spec, kwargs) for i, (spec, kwargs) in enumerate(specs)]
    if not indexed:
        return [], {}
    by_values, by_rows = _split(frame, indexed)
    parts: list[tuple[Any, ...]] = []
    distinct: dict[str, pl.DataFrame] = {}
    if by_values:
        columns = sorted({str(s.kwargs["column"]) for _, s, _ in by_values if "column" in s.kwargs})
        distinct = _distinct_values(frame, columns)
        parts.append((_value_batch(frame, distinct), by_values, suite_name, "BASIC", True))
    if by_rows:
        batch = _row_batch(frame, [s for _, s, _ in by_rows])
        parts.append((batch, by_rows, suite_name, "BASIC", False))
    found: dict[int, dict[str, Any]] = {}
    documents = []
    for part in parts:
        part_results, document = validate_part(*part)
        found.update(part_results)
        documents.append(document)
    for index, spec, _ in by_values:
        result = found[index].get("result")
        column = spec.kwargs.get("column")
        if column in distinct and result and "unexpected_count" in result:
            _recount(result, distinct[column], frame.height)
    ordered = [found[i] for i, _, _ in indexed]
    results = [_result(spec, r) for (_, spec, _), r in zip(indexed, ordered, strict=True)]
    return results, _merged(suite_name, documents[-1], ordered)
