"""Place profile figures: spine-chart ranges and the target status summary (pure Polars)."""

from __future__ import annotations

import polars as pl

PEER_KEYS = ["indicator_id", "area_type", "sex", "age", "period"]
STATUS_ORDER = [
    "off_track",
    "at_risk",
    "on_track",
    "achieved",
    "not_yet_measurable",
    "incomplete_target",
]


def spine_data(baseline: pl.DataFrame, place_code: str) -> pl.DataFrame:
    """The place's latest indicator values with the range and quartiles of its peers.

    Peers are all areas of the same area type with the same indicator, sex, age and period.
    """
    needed = {*PEER_KEYS, "area_code", "value", "england_value", "indicator_name"}
    if baseline.is_empty() or not needed <= set(baseline.columns):
        return pl.DataFrame()
    valid = baseline.filter(pl.col("value").is_not_null())
    peers = valid.group_by(PEER_KEYS).agg(
        peer_min=pl.col("value").min(),
        peer_q1=pl.col("value").quantile(0.25, "linear"),
        peer_q3=pl.col("value").quantile(0.75, "linear"),
        peer_max=pl.col("value").max(),
        peers=pl.len(),
    )
    place = valid.filter(
        (pl.col("area_code") == place_code) & pl.col("england_value").is_not_null()
    )
    columns = [*PEER_KEYS, "indicator_name", "value", "england_value"]
    if "compared_to_england" in place.columns:
        columns.append("compared_to_england")
    joined = place.select(columns).join(peers, on=PEER_KEYS, how="inner")
    if "compared_to_england" not in joined.columns:
        joined = joined.with_columns(compared_to_england=pl.lit(None, pl.String))
    return joined.filter(pl.col("peers") >= 5).sort("indicator_id")


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
