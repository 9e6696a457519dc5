"""Information-governance rules: no identifiers in publish, disclosure control, small denominators."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

import polars as pl

from models.publish.disclosure import is_disclosure_safe
from models.quality.outcome import ExpectationResult
from models.quality.rules import outcome
from models.quality.suites import ExpectationSpec

IDENTIFIER_PATTERN = re.compile(
    r"(^|_)(nhs_?(number|no|num)|person_?id|patient_?(id|number|name|key)|pseudo\w*|"
    r"date_of_birth|dob|birth_?date|post_?code|forenames?|surname|first_name|last_name|"
    r"full_name|given_name|family_name|address(_line\w*)?|phone|email)($|_)"
)
# Person identifiers proper: a warehouse table holding one of these is patient-level data.
# (Organisation details such as a GP practice's postcode or phone are not.)
PERSON_IDENTIFIER = re.compile(
    r"(^|_)(nhs_?(number|no|num)|person_?id|patient_?(id|number|name|key)|pseudo\w*|"
    r"date_of_birth|dob|birth_?date)($|_)"
)
PATIENT_LEVEL_TABLE = re.compile(r"(register|registers|patients|cohort)$")


def identifier_columns(columns: Iterable[str]) -> list[str]:
    """Column names that look like person identifiers, pseudonyms or personal details."""
    return [c for c in columns if c.lower() == "name" or IDENTIFIER_PATTERN.search(c.lower())]


def restricted_only_violations(tables: Mapping[str, Iterable[str]]) -> list[str]:
    """Warehouse tables that look patient-level (identifier columns or register-like names)."""
    found = []
    for table, columns in tables.items():
        ids = [c for c in columns if PERSON_IDENTIFIER.search(c.lower())]
        if ids:
            found.append(f"{table}: identifier columns {ids}")
        elif PATIENT_LEVEL_TABLE.search(table.split(".")[-1]):
            found.append(f"{table}: patient-level table name")
    return found


def no_identifier_columns(
    frame: pl.DataFrame, spec: ExpectationSpec, kw: dict[str, Any]
) -> ExpectationResult:
    """The table has no identifier or pseudonym columns."""
    found = identifier_columns(frame.columns)
    return outcome(
        spec,
        not found,
        found or "none",
        len(found),
        found,
        f"identifier-like columns: {found}" if found else "no identifier columns",
    )


def disclosure_control(
    frame: pl.DataFrame, spec: ExpectationSpec, kw: dict[str, Any]
) -> ExpectationResult:
    """Every count is 0, null, or at least `suppress_below` and a multiple of `round_to`."""
    pattern = re.compile(kw.get("columns_like") or "^$")
    columns = [c for c in frame.columns if c in kw.get("columns", []) or pattern.match(c)]
    breaches = is_disclosure_safe(
        frame, columns, int(kw.get("suppress_below") or 8), int(kw.get("round_to") or 5)
    )
    total = sum(breaches.values())
    sample = [f"{c}: {n} rows" for c, n in breaches.items() if n]
    return outcome(
        spec,
        total == 0,
        breaches,
        total,
        sample,
        f"{total} count(s) break disclosure control" if total else "all counts safe",
    )


def small_denominators(
    frame: pl.DataFrame, spec: ExpectationSpec, kw: dict[str, Any]
) -> ExpectationResult:
    """Flag rows whose denominator is positive but below `below` (values too unstable to rank)."""
    column, below = kw["column"], float(kw.get("below", 30))
    if column not in frame.columns:
        return outcome(spec, True, message=f"skipped: no column {column}", skipped=True)
    small = frame.filter((pl.col(column) > 0) & (pl.col(column) < below))
    return outcome(
        spec,
        small.height == 0,
        f"{small.height} rows",
        small.height,
        small[column].head(5).to_list(),
        f"{small.height} rows have a denominator under {below:g}: interpret with care",
    )
