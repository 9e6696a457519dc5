"""Rules that need reference data looked up at run time: scales, code lists, ranges, births."""

from __future__ import annotations

from typing import Any

import polars as pl

from models.quality.outcome import ExpectationResult
from models.quality.rules import outcome
from models.quality.suites import ExpectationSpec


def proportions_in_range(
    frame: pl.DataFrame, spec: ExpectationSpec, kw: dict[str, Any]
) -> ExpectationResult:
    """Proportions lie in 0..scale (100 for %, 1000 per 1,000), the scale looked up by key."""
    scales: dict[Any, float] | None = kw.get("scales")
    key, columns = kw["key"], [c for c in kw["columns"] if c in frame.columns]
    if not scales:
        return outcome(spec, True, message="skipped: no proportion scales", skipped=True)
    lookup = pl.DataFrame(
        {key: list(scales), "_scale": [float(v or 100) for v in scales.values()]},
        schema_overrides={key: frame.schema[key]},
        strict=False,
    )
    joined = frame.select(key, *columns).join(lookup, on=key, how="inner")
    tol = float(kw.get("tolerance", 1e-9))
    bad = pl.lit(False)
    for c in columns:
        inside = pl.col(c).is_between(-tol, pl.col("_scale") * (1 + tol))
        bad = bad | (~inside).fill_null(False)
    found = joined.filter(bad)
    return outcome(
        spec,
        found.height == 0,
        f"{found.height} out of range",
        found.height,
        [str(r) for r in found.head(5).iter_rows()],
    )


def codes_in_reference(
    frame: pl.DataFrame, spec: ExpectationSpec, kw: dict[str, Any]
) -> ExpectationResult:
    """Codes (optionally only those matching `only_matching`) exist in the reference list."""
    column, reference = kw["column"], kw.get("reference")
    codes = frame.select(pl.col(column).drop_nulls().unique())
    if kw.get("only_matching"):
        codes = codes.filter(pl.col(column).str.contains(kw["only_matching"]))
    known = pl.DataFrame({column: list(reference or [])}, schema={column: frame.schema[column]})
    unknown = codes.join(known, on=column, how="anti")
    share = 1 - unknown.height / codes.height if codes.height else 1.0
    ok = share >= float(kw.get("mostly", 1.0))
    return outcome(
        spec,
        ok,
        f"{unknown.height} of {codes.height} codes unknown",
        unknown.height,
        unknown[column].sort().head(5).to_list(),
    )


def values_in_range_by_key(
    frame: pl.DataFrame, spec: ExpectationSpec, kw: dict[str, Any]
) -> ExpectationResult:
    """`column` lies in the range given for the row's `key` (e.g. a measurement's concept)."""
    key, column = kw["key"], kw["column"]
    ranges = {k: v for k, v in dict(kw["ranges"]).items()}
    limits = pl.DataFrame(
        {
            key: list(ranges),
            "_low": [float(v[0]) for v in ranges.values()],
            "_high": [float(v[1]) for v in ranges.values()],
        },
        schema_overrides={key: frame.schema[key]},
        strict=False,
    )
    joined = frame.select(key, column).join(limits, on=key, how="inner")
    found = joined.filter(
        ~pl.col(column).is_between(pl.col("_low"), pl.col("_high")).fill_null(True)
    )
    return outcome(spec, found.height == 0, f"{found.height} out of range", found.height)


def after_birth(
    frame: pl.DataFrame, spec: ExpectationSpec, kw: dict[str, Any]
) -> ExpectationResult:
    """Event dates are not before 1 January of the person's year of birth."""
    births: dict[Any, int] | None = kw.get("births")
    if not births:
        return outcome(spec, True, message="skipped: no years of birth", skipped=True)
    person, column = kw.get("person", "person_id"), kw["column"]
    born = pl.DataFrame(
        {person: list(births), "_born": list(births.values())},
        schema_overrides={person: frame.schema[person]},
        strict=False,
    )
    joined = frame.select(person, column).join(born, on=person, how="inner")
    found = joined.filter(pl.col(column).dt.year() < pl.col("_born"))
    return outcome(spec, found.height == 0, f"{found.height} before birth", found.height)
