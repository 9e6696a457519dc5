"""Turn publish.data_quality rows into the plain-English summary an IG lead signs off."""

from __future__ import annotations

from typing import Any

import polars as pl

IG_EXPECTATIONS = ("no_identifier_columns", "disclosure_control", "registers_only_in_restricted")
PLAIN = {
    "ExpectTableColumnsToMatchSet": "the expected columns are present",
    "column_types": "columns hold the right kind of value",
    "ExpectColumnValuesToNotBeNull": "no missing values in {column}",
    "ExpectCompoundColumnsToBeUnique": "no duplicate rows for the same {column}",
    "ExpectColumnValuesToBeUnique": "{column} is unique",
    "ExpectColumnValuesToMatchRegex": "{column} codes are well formed",
    "ExpectColumnValuesToBeInSet": "{column} values are recognised",
    "ExpectColumnValuesToNotBeInSet": "{column} holds no placeholder values",
    "ExpectTableRowCountToEqual": "the table has the expected number of rows",
    "ExpectColumnSumToBeBetween": "{column} adds up to the expected total",
    "ExpectColumnValuesToBeBetween": "{column} values are in their allowed range",
    "ExpectColumnPairValuesAToBeGreaterThanB": "{column} are in the right order (interval limits)",
    "proportions_in_range": "proportions lie between 0 and their scale (100 for %)",
    "row_count_change": "the number of rows is in line with the last run",
    "codes_in_reference": "{column} codes exist in the geography lookups",
    "values_in_range_by_key": "{column} values are clinically plausible",
    "after_birth": "{column} is not before the person was born",
    "period_continuity": "time series have no missing years",
    "completeness_by_period": "each period covers the expected areas",
    "no_identifier_columns": "no person identifiers or pseudonyms are published",
    "disclosure_control": "small counts are suppressed and others rounded",
    "small_denominators": "values on small denominators are flagged",
    "registers_only_in_restricted": "patient-level registers stay in the restricted database",
    "profile_column": "the patient export holds {column}, which the English profile uses",
}


def plain_english(expectation: str) -> str:
    """`ExpectColumnValuesToNotBeNull(area_code)` → "no missing values in area_code"."""
    kind, _, rest = expectation.partition("(")
    column = rest.rstrip(")").replace(",", ", ") or "the table"
    return PLAIN.get(kind, kind).format(column=column)


def _ig_verdict(latest: pl.DataFrame) -> tuple[bool, list[str]]:
    kind = pl.col("expectation").str.split("(").list.first()
    ig = latest.filter(kind.is_in(IG_EXPECTATIONS))
    problems = [
        f"{r['asset']}: {plain_english(r['expectation'])} — FAILED ({r['message']})"
        for r in ig.filter(~pl.col("passed")).iter_rows(named=True)
    ]
    published = latest.filter(pl.col("asset").str.starts_with("publish."))["asset"].unique()
    screened = ig.filter(kind == "no_identifier_columns")["asset"].unique()
    problems += [f"{a}: not screened for identifiers" for a in published if a not in screened]
    return not problems and ig.height > 0, problems


def summarise(latest: pl.DataFrame) -> dict[str, Any]:
    """Template context: per-table status, the failures, and the IG verdict in plain words."""
    tables = []
    for asset, rows in latest.sort("asset").group_by("asset", maintain_order=True):
        errors = rows.filter(~pl.col("passed") & (pl.col("severity") == "ERROR")).height
        warns = rows.filter(~pl.col("passed") & (pl.col("severity") == "WARN")).height
        status = "blocked" if errors else ("passed with warnings" if warns else "passed")
        tables.append(
            {
                "asset": asset[0],
                "checked": rows.height,
                "errors": errors,
                "warnings": warns,
                "skipped": int(rows["skipped"].sum()),
                "status": status,
                "checked_at": str(rows["checked_at"].max())[:19],
            }
        )
    failures = [
        {**r, "plain": plain_english(r["expectation"])}
        for r in latest.filter(~pl.col("passed")).sort("severity", "asset").iter_rows(named=True)
    ]
    ig_ok, ig_problems = _ig_verdict(latest)
    return {
        "tables": tables,
        "failures": failures,
        "ig_ok": ig_ok,
        "ig_problems": ig_problems,
        "blocked": [t["asset"] for t in tables if t["status"] == "blocked"],
        "expectations": latest.height,
        "runs": sorted(latest["run_id"].drop_nulls().unique()),
    }
