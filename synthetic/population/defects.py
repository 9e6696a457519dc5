"""Planted data-quality defects with an answer key, and a detector graded against it.

Defect types: duplicate_record, end_before_start, date_before_birth, unknown_code,
unknown_concept, implausible_value, invalid_ethnic_category. The key names the table, the
record id (the table's primary key, person_id for `person`) and the defect.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import polars as pl

from models.risk.codelists import (
    MEASUREMENTS,
    VISIT_ER,
    VISIT_ER_INPATIENT,
    VISIT_INPATIENT,
    VISIT_OUTPATIENT,
)

KNOWN_VISIT_CONCEPTS = (
    VISIT_INPATIENT,
    VISIT_OUTPATIENT,
    VISIT_ER,
    VISIT_ER_INPATIENT,
    581477,
    5083,
    32036,
    38004193,
)
NHS_ETHNIC_CODES = tuple("ABCDEFGHJKLMNPRSZ") + ("99",)
PLAUSIBLE = {"hba1c": (15, 200), "sbp": (50, 300), "egfr": (1, 200), "bmi": (10, 90)}
DEFECTS = {
    "visit_occurrence": ("duplicate_record", "end_before_start", "unknown_concept"),
    "condition_occurrence": ("date_before_birth", "unknown_code"),
    "measurement": ("implausible_value",),
    "person": ("invalid_ethnic_category",),
}
_KEYS = {"visit_occurrence": "visit_occurrence_id", "condition_occurrence": "condition_occurrence_id",
         "measurement": "measurement_id", "person": "person_id"}  # fmt: skip


def plant_defects(
    tables: Mapping[str, pl.DataFrame], rng: np.random.Generator, rate: float = 0.001
) -> tuple[dict[str, pl.DataFrame], pl.DataFrame]:
    """Copies of `tables` with defects planted in about `rate` of rows per type, and the key."""
    out, keys = dict(tables), []
    for table, kinds in DEFECTS.items():
        frame, key = out[table], _KEYS[table]
        k = max(3, int(rate * frame.height))
        rows = rng.permutation(frame.height)[: k * len(kinds)]
        for j, kind in enumerate(kinds):
            ids = frame[key].gather(np.sort(rows[j * k : (j + 1) * k]))
            frame = _plant(frame, key, kind, ids, out["person"])
            keys.append(pl.DataFrame({"table": table, "record_id": ids, "defect": kind}))
        out[table] = frame
    return out, pl.concat(keys).with_columns(pl.col("record_id").cast(pl.Int64))


def _plant(
    frame: pl.DataFrame, key: str, kind: str, ids: pl.Series, person: pl.DataFrame
) -> pl.DataFrame:
    hit = pl.col(key).is_in(ids.implode())
    if kind == "duplicate_record":
        return pl.concat([frame, frame.filter(hit)])
    if kind == "end_before_start":
        return frame.with_columns(
            visit_end_date=pl.when(hit)
            .then(pl.col("visit_start_date").dt.offset_by("-3d"))
            .otherwise(pl.col("visit_end_date"))
        )
    if kind == "unknown_concept":
        return frame.with_columns(
            visit_concept_id=pl.when(hit)
            .then(99999)
            .otherwise(pl.col("visit_concept_id"))
            .cast(pl.Int32)
        )
    if kind == "date_before_birth":
        births = person.select("person_id", born=pl.date(pl.col("year_of_birth") - 1, 1, 1))
        return (
            frame.join(births, on="person_id", how="left")
            .with_columns(
                condition_start_date=pl.when(hit)
                .then(pl.col("born"))
                .otherwise(pl.col("condition_start_date"))
            )
            .drop("born")
        )
    if kind == "unknown_code":
        fake = pl.lit("XX") + pl.col(key).cast(pl.String)
        return frame.with_columns(
            condition_source_value=pl.when(hit)
            .then(fake)
            .otherwise(pl.col("condition_source_value"))
        )
    if kind == "implausible_value":
        return frame.with_columns(
            value_as_number=pl.when(hit).then(999.0).otherwise(pl.col("value_as_number"))
        )
    return frame.with_columns(
        race_source_value=pl.when(hit).then(pl.lit("Q")).otherwise(pl.col("race_source_value"))
    )


def find_defects(tables: Mapping[str, pl.DataFrame]) -> pl.DataFrame:
    """Every record breaking one of the rules above: table, record_id, defect."""
    v, c = tables["visit_occurrence"], tables["condition_occurrence"]
    births = tables["person"].select(
        "person_id", born=pl.date("year_of_birth", pl.col("month_of_birth").fill_null(1), 1)
    )
    by_concept = {concept: key for key, (concept, _, _) in MEASUREMENTS.items()}
    m = tables["measurement"].with_columns(
        key=pl.col("measurement_concept_id").replace_strict(by_concept, default=None)
    )
    low = pl.col("key").replace_strict({k: lo for k, (lo, _) in PLAUSIBLE.items()}, default=None)
    high = pl.col("key").replace_strict({k: hi for k, (_, hi) in PLAUSIBLE.items()}, default=None)
    code = pl.col("condition_source_value")
    valid_code = code.str.contains(r"^\d{6,18}$") | code.str.contains(
        r"^[A-Z]\d{2}\.?[0-9A-Z]{0,4}$"
    )
    found = [
        ("visit_occurrence", v.group_by("visit_occurrence_id").len().filter(pl.col("len") > 1), "visit_occurrence_id", "duplicate_record"),
        ("visit_occurrence", v.filter(pl.col("visit_end_date") < pl.col("visit_start_date")), "visit_occurrence_id", "end_before_start"),
        ("visit_occurrence", v.filter(~pl.col("visit_concept_id").is_in(KNOWN_VISIT_CONCEPTS)), "visit_occurrence_id", "unknown_concept"),
        ("condition_occurrence", c.join(births, on="person_id").filter(pl.col("condition_start_date") < pl.col("born")), "condition_occurrence_id", "date_before_birth"),
        ("condition_occurrence", c.filter(~valid_code.fill_null(False)), "condition_occurrence_id", "unknown_code"),
        ("measurement", m.filter((pl.col("value_as_number") < low) | (pl.col("value_as_number") > high)), "measurement_id", "implausible_value"),
        ("person", tables["person"].filter(pl.col("race_source_value").is_not_null() & ~pl.col("race_source_value").is_in(NHS_ETHNIC_CODES)), "person_id", "invalid_ethnic_category"),
    ]  # fmt: skip
    return pl.concat(
        frame.select(
            pl.lit(table).alias("table"),
            pl.col(key).cast(pl.Int64).alias("record_id"),
            pl.lit(kind).alias("defect"),
        ).unique()
        for table, frame, key, kind in found
    )
