"""Disclosure-controlled aggregates of person segments: summaries and concentration curves.

Counts follow models.publish.disclosure (1-7 suppressed, others rounded to 5); cost is rounded to
£1,000 and suppressed with its people count; shares are computed from the protected values.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from models.publish.disclosure import apply_disclosure_control
from models.segments.rules import segment_table

COUNTS = ["people", "emergency_admissions", "emergency_bed_days", "ae_attendances"]
BROAD_BANDS = [(0, 17), (18, 44), (45, 64), (65, 74), (75, 84), (85, None)]
MEASURES = ["cost_gbp", "emergency_admissions", "emergency_bed_days"]


def broad_age_band(age: pl.Expr) -> pl.Expr:
    """0-17, 18-44, 45-64, 65-74, 75-84, 85+."""
    expr = pl.lit("85+")
    for lo, hi in reversed(BROAD_BANDS[:-1]):
        expr = pl.when(age <= hi).then(pl.lit(f"{lo}-{hi}")).otherwise(expr)
    return expr


def segment_summary(
    people: pl.DataFrame, suppress_below: int = 8, round_to: int = 5
) -> pl.DataFrame:
    """People, activity and cost by segment, overall and by broad age band and neighbourhood."""
    people = people.with_columns(
        age_group=broad_age_band(pl.col("age")), breakdown_all=pl.lit("All")
    )
    parts = []
    for breakdown, column in [("all", "breakdown_all"), ("age_band", "age_group"),
                              ("neighbourhood", "neighbourhood")]:  # fmt: skip
        grouped = people.group_by(pl.col(column).fill_null("Unknown").alias("breakdown_value"),
                                  "segment").agg(
            pl.len().alias("people"),
            pl.col("emergency_admissions", "emergency_bed_days", "ae_attendances").sum(),
            pl.col("cost_gbp").sum(),
        )  # fmt: skip
        parts.append(grouped.with_columns(breakdown=pl.lit(breakdown)))
    frame = pl.concat(parts).with_columns(pl.col(COUNTS).cast(pl.Int64))
    safe = apply_disclosure_control(frame, COUNTS, suppress_below, round_to).with_columns(
        cost_gbp=pl.when(pl.col("people").is_null())
        .then(None)
        .otherwise((pl.col("cost_gbp") / 1000).round(0) * 1000)
    )
    group = ["breakdown", "breakdown_value"]
    shares = [
        (pl.col(c) / pl.col(c).sum().over(group)).alias(f"{c}_share")
        for c in ("people", "emergency_admissions", "cost_gbp")
    ]
    return (
        safe.with_columns(shares)
        .join(segment_table(), on="segment", how="left")
        .sort("breakdown", "breakdown_value", "segment_priority")
        .select(
            "breakdown",
            "breakdown_value",
            "segment",
            "segment_priority",
            "segment_label",
            *COUNTS,
            "cost_gbp",
            "people_share",
            "emergency_admissions_share",
            "cost_gbp_share",
            *[f"{c}_suppressed" for c in COUNTS],
        )  # fmt: skip
    )


def concentration_curve(values: np.ndarray, points: int = 100) -> tuple[np.ndarray, np.ndarray]:
    """(share of people, share of the total they account for), the highest users first.

    Point k is the top round(k/points × n) people; shares are NaN when the total is zero.
    """
    ordered = np.sort(np.asarray(values, dtype=np.float64))[::-1]
    n, total = ordered.size, ordered.sum()
    people_share = np.arange(points + 1) / points
    top = np.rint(people_share * n).astype(int)
    cumulative = np.concatenate([[0.0], np.cumsum(ordered)])
    if n == 0 or total <= 0:
        return people_share, np.full(points + 1, np.nan)
    return people_share, cumulative[top] / total


def gini(values: np.ndarray) -> float:
    """Gini coefficient of non-negative values (0 = equal use, 1 = one person uses all)."""
    x = np.sort(np.asarray(values, dtype=np.float64))
    n, total = x.size, x.sum()
    if n == 0 or total <= 0:
        return float("nan")
    return float((2 * np.sum(np.arange(1, n + 1) * x) / (n * total)) - (n + 1) / n)


def activity_concentration(
    people: pl.DataFrame, suppress_below: int = 8, round_to: int = 5, points: int = 100
) -> pl.DataFrame:
    """Curve points for all people and for those 65+, per measure; no small groups of people.

    A point whose top group has 1 to suppress_below-1 people is blanked; a whole curve is
    blanked when its population is under 10 × suppress_below.
    """
    rows = []
    for group, subset in [("all ages", people), ("65+", people.filter(pl.col("age") >= 65))]:
        n = subset.height
        for measure in MEASURES:
            values = subset[measure].fill_null(0).to_numpy()
            share_people, share_activity = concentration_curve(values, points)
            top = np.rint(share_people * n)
            small = ((top > 0) & (top < suppress_below)) | (n < 10 * suppress_below)
            rows.append(pl.DataFrame({
                "population_group": group, "measure": measure,
                "people_share": share_people,
                "activity_share": pl.Series(np.where(small, np.nan, share_activity)).fill_nan(None),
                "gini": None if n < 10 * suppress_below else gini(values),
            }, schema_overrides={"activity_share": pl.Float64, "gini": pl.Float64}))  # fmt: skip
    out = pl.concat(rows).with_columns(people=pl.lit(None, pl.Int64))
    sizes = pl.DataFrame({"population_group": ["all ages", "65+"],
                          "people": [people.height, int((people["age"] >= 65).sum())]})  # fmt: skip
    sizes = apply_disclosure_control(sizes, ["people"], suppress_below, round_to).drop(
        "people_suppressed"
    )
    return out.drop("people").join(sizes, on="population_group", how="left")
