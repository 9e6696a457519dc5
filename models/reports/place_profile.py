"""Place profile: the target status summary (pure Polars). Spine-chart rows:
models.neighbourhoods.profile.spine_rows."""

from __future__ import annotations

import polars as pl

STATUS_ORDER = [
    "off_track",
    "at_risk",
    "on_track",
    "achieved",
    "not_yet_measurable",
    "incomplete_target",
]


def status_summary(trajectory: pl.DataFrame) -> pl.DataFrame:
    """Latest status of each target (one row per target × area), worst first."""
    if trajectory.is_empty() or "status" not in trajectory.columns:
        return pl.DataFrame()
    latest = trajectory
    if "is_latest" in trajectory.columns:
        latest = trajectory.filter(pl.col("is_latest"))
    order = pl.col("status").replace_strict(
        {s: i for i, s in enumerate(STATUS_ORDER)}, default=len(STATUS_ORDER), return_dtype=pl.Int32
    )
    return latest.with_columns(_order=order).sort("_order", "target_id").drop("_order")
