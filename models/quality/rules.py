"""Custom rules GX cannot express directly, computed in Polars and reported like GX results."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import polars as pl

from models.quality.outcome import ExpectationResult, short
from models.quality.suites import ExpectationSpec

Rule = Callable[[pl.DataFrame, ExpectationSpec, dict[str, Any]], ExpectationResult]
KINDS: dict[str, tuple[type[pl.DataType], ...]] = {
    "int": (pl.Int8, pl.Int16, pl.Int32, pl.Int64, pl.UInt8, pl.UInt16, pl.UInt32, pl.UInt64),
    "float": (pl.Float32, pl.Float64),
    "str": (pl.String, pl.Categorical, pl.Enum),
    "date": (pl.Date, pl.Datetime),
    "bool": (pl.Boolean,),
}
KINDS["numeric"] = KINDS["int"] + KINDS["float"] + (pl.Decimal,)


def outcome(
    spec: ExpectationSpec,
    success: bool,
    observed: Any = None,
    unexpected: int = 0,
    sample: list[Any] | None = None,
    message: str = "",
    skipped: bool = False,
) -> ExpectationResult:
    """An ExpectationResult for a custom rule."""
    return ExpectationResult(
        name=spec.name,
        expectation=spec.expectation,
        column=spec.column,
        severity=spec.severity,
        success=bool(success),
        observed_value=short(observed),
        unexpected_count=int(unexpected),
        sample=tuple(short(s, 120) or "null" for s in (sample or [])[:5]),
        message=short(message or spec.description or spec.name, 300) or "",
        skipped=skipped,
    )


def column_types(
    frame: pl.DataFrame, spec: ExpectationSpec, kw: dict[str, Any]
) -> ExpectationResult:
    """Each listed column exists and has the expected kind (int, float, numeric, str, date)."""
    wrong = []
    for column, kind in kw["columns"].items():
        if column not in frame.columns:
            wrong.append(f"{column}: missing")
        elif (
            not isinstance(frame.schema[column], KINDS[kind])
            and frame[column].null_count() < frame.height
        ):
            wrong.append(f"{column}: {frame.schema[column]} not {kind}")
    return outcome(
        spec,
        not wrong,
        f"{len(wrong)} column(s) wrong",
        len(wrong),
        wrong,
        "; ".join(wrong) if wrong else "",
    )


def row_count_change(
    frame: pl.DataFrame, spec: ExpectationSpec, kw: dict[str, Any]
) -> ExpectationResult:
    """Rows now against the last load: at least `min_rows`, change within `tolerance` (fraction)."""
    rows, previous = frame.height, kw.get("previous_row_count")
    if rows < int(kw.get("min_rows", 1)):
        return outcome(
            spec, False, rows, 1, message=f"{rows} rows, fewer than {kw.get('min_rows', 1)}"
        )
    if not previous:
        return outcome(spec, True, rows, message=f"{rows} rows; no previous load to compare")
    change = (rows - previous) / previous
    ok = abs(change) <= float(kw.get("tolerance", 0.5))
    return outcome(
        spec,
        ok,
        rows,
        0 if ok else 1,
        message=f"{rows} rows against {previous} last time ({change:+.1%})",
    )


def period_continuity(
    frame: pl.DataFrame, spec: ExpectationSpec, kw: dict[str, Any]
) -> ExpectationResult:
    """Within each group, the years from first to last period have no gap."""
    groups, period = list(kw["group_by"]), kw["period"]
    years = (pl.col(period) // int(kw.get("divisor", 10000))).alias("_year")
    gaps = (
        frame.filter(pl.col(period).is_not_null())
        .select(*groups, years)
        .unique()
        .group_by(groups)
        .agg(n=pl.len(), first=pl.min("_year"), last=pl.max("_year"))
        .filter(pl.col("last") - pl.col("first") + 1 > pl.col("n"))
    )
    sample = [str(r) for r in gaps.head(5).iter_rows()]
    return outcome(spec, gaps.height == 0, f"{gaps.height} series with gaps", gaps.height, sample)


def completeness_by_period(
    frame: pl.DataFrame, spec: ExpectationSpec, kw: dict[str, Any]
) -> ExpectationResult:
    """Each period of a group covers at least `min_fraction` of the group's best-covered period."""
    groups, period, area = list(kw["group_by"]), kw["period"], kw["area"]
    counts = frame.group_by([*groups, period]).agg(areas=pl.col(area).n_unique())
    short_periods = counts.with_columns(best=pl.max("areas").over(groups)).filter(
        pl.col("areas") < pl.col("best") * float(kw.get("min_fraction", 0.8))
    )
    sample = [str(r) for r in short_periods.head(5).iter_rows()]
    return outcome(
        spec,
        short_periods.height == 0,
        f"{short_periods.height} incomplete periods",
        short_periods.height,
        sample,
    )
