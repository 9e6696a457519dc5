"""Plant known defects into a copy of a real extract frame, with an answer key."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

# Per staging table: which column plays which part when planting a defect.
PROFILES: dict[str, dict[str, str]] = {
    "staging.fingertips": {
        "code": "area_code",
        "required": "indicator_id",
        "count": "count",
        "lower": "lower_ci_95",
        "upper": "upper_ci_95",
        "percent": "value",
        "schema": "time_period",
        "typed": "value",
    },
    "staging.imd": {
        "code": "lsoa_code",
        "required": "imd_decile",
        "bounded": "imd_decile",
        "schema": "imd_rank",
        "typed": "imd_rank",
    },
    "staging.geography": {
        "code": "lad_code",
        "required": "lsoa_code",
        "schema": "icb_code",
        "typed": "lsoa_vintage",
    },
    "staging.qof_prevalence": {
        "code": "practice_code",
        "required": "group_code",
        "count": "register",
        "schema": "practice_list_size",
        "typed": "register",
    },
    "staging.population": {
        "code": "area_code",
        "required": "population",
        "count": "population",
        "lower": "age_lower",
        "upper": "age_upper",
        "typed": "year",
        "schema": "age_band",
    },
    "staging.practices": {
        "code": "practice_code",
        "required": "practice_code",
        "schema": "status_code",
        "typed": "prescribing_setting",
    },
    "staging.indicator_metadata": {
        "required": "indicator_id",
        "schema": "unit_label",
        "typed": "indicator_id",
    },
}
# The expectation each kind of defect must trip (prefix of the failing expectation's name).
EXPECTED = {
    "duplicate_keys": ("ExpectCompoundColumnsToBeUnique", "ExpectColumnValuesToBeUnique"),
    "null_required": "ExpectColumnValuesToNotBeNull",
    "malformed_codes": "ExpectColumnValuesToMatchRegex",
    "negative_counts": "ExpectColumnValuesToBeBetween(",
    "ci_inverted": "ExpectColumnPairValuesAToBeGreaterThanB",
    "percent_over_100": "proportions_in_range",
    "out_of_range": "ExpectColumnValuesToBeBetween",
    "missing_column": "ExpectTableColumnsToMatchSet",
    "wrong_type": "column_types",
}
NEEDS = {
    "null_required": "required",
    "malformed_codes": "code",
    "negative_counts": "count",
    "ci_inverted": "lower",
    "percent_over_100": "percent",
    "out_of_range": "bounded",
    "missing_column": "schema",
    "wrong_type": "typed",
}


@dataclass(frozen=True)
class PlantedDefect:
    """The answer key for one corrupted copy."""

    table: str
    kind: str
    rows: tuple[int, ...]
    column: str | None
    expected: tuple[str, ...]


def kinds_for(table: str) -> list[str]:
    """The defect kinds that make sense for `table`."""
    profile = PROFILES[table]
    return ["duplicate_keys"] + [k for k, need in NEEDS.items() if need in profile]


def _set(frame: pl.DataFrame, column: str, rows: np.ndarray, value: pl.Expr) -> pl.DataFrame:
    hit = pl.int_range(pl.len()).is_in(rows.tolist())
    return frame.with_columns(pl.when(hit).then(value).otherwise(pl.col(column)).alias(column))


def corrupt_copy(
    frame: pl.DataFrame,
    table: str,
    kind: str,
    seed: int = 0,
    n: int = 3,
    percent_rows: pl.Series | None = None,
) -> tuple[pl.DataFrame, PlantedDefect]:
    """A copy of `frame` with `n` rows of defect `kind`; `percent_rows` marks % indicator rows."""
    rng = np.random.default_rng(seed)
    profile = PROFILES[table]
    column = profile.get(NEEDS.get(kind, ""), None)
    candidates = pl.Series(range(frame.height))
    if kind in ("negative_counts",):
        candidates = candidates.filter(frame[column].is_not_null())
    elif kind == "ci_inverted":
        lo, up = frame[profile["lower"]], frame[profile["upper"]]
        candidates = candidates.filter((lo < up).fill_null(False))
    elif kind == "percent_over_100":
        candidates = candidates.filter(percent_rows.fill_null(False) & frame[column].is_not_null())
    rows = np.sort(rng.choice(candidates.to_numpy(), size=n, replace=False))
    if kind == "duplicate_keys":
        out = pl.concat([frame, frame[rows.tolist()]])
    elif kind == "null_required":
        out = _set(frame, column, rows, pl.lit(None, frame.schema[column]))
    elif kind == "malformed_codes":
        out = _set(frame, column, rows, pl.col(column).str.to_lowercase().str.slice(0, 6))
    elif kind == "negative_counts":
        out = _set(frame, column, rows, -pl.col(column) - 1)
    elif kind == "ci_inverted":
        lo, up = profile["lower"], profile["upper"]
        hit = pl.int_range(pl.len()).is_in(rows.tolist())
        out = frame.with_columns(
            pl.when(hit).then(pl.col(up)).otherwise(pl.col(lo)).alias(lo),
            pl.when(hit).then(pl.col(lo)).otherwise(pl.col(up)).alias(up),
        )
    elif kind == "percent_over_100":
        out = _set(frame, column, rows, pl.col(column) + 100.5)
    elif kind == "out_of_range":
        out = _set(frame, column, rows, pl.col(column).max() + 1)
    elif kind == "missing_column":
        out, rows = frame.drop(column), np.array([], dtype=int)
    elif kind == "wrong_type":
        out, rows = (
            frame.with_columns(pl.col(column).cast(pl.String) + "?"),
            np.array([], dtype=int),
        )
    else:
        raise ValueError(f"unknown defect kind {kind!r}")
    return out, PlantedDefect(table, kind, tuple(int(r) for r in rows), column, _expected(kind))


def _expected(kind: str) -> tuple[str, ...]:
    found = EXPECTED[kind]
    return found if isinstance(found, tuple) else (found,)


def caught(failed_names: list[str], defect: PlantedDefect) -> bool:
    """Whether an ERROR failure names the expectation this defect should trip."""
    return any(name.startswith(defect.expected) for name in failed_names)
