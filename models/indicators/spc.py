"""Making Data Count XmR charts: limits, special-cause rules, assurance (NHSRplotthedots).

The one XmR implementation of the project (2.66 x mean moving range); target assurance in
models.targets.assurance calls it. Point colouring follows NHSRplotthedots >= 0.2
(ptd_special_cause_type / ptd_point_type): a point in a 7-point trend takes the trend's
direction (increasing = improvement when up is good), even where it lies on the other side of
the mean; outside-limits, two-in-three and shift points take their side of the mean.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from models.indicators._common import as_list, require_columns

LIMIT = 2.66
CLOSE = 2 * LIMIT / 3
OUTLIER_SCREEN = 3.267
RUN = 7
DIRECTIONS = {"increase": 1, "decrease": -1, "neutral": 0}
# PTD's assurance_type codes -> the project's one assurance vocabulary (published column)
ASSURANCE_LABELS = {
    "consistent_pass": "consistently_pass",
    "consistent_fail": "consistently_fail",
    "inconsistent": "hit_and_miss",
}


def _limits(y: pl.Expr, k: list[str], fix_after: int | None, screen: bool) -> list[pl.Expr]:
    """Mean, mean moving range (outlier-screened) and process limits per series (PTD)."""
    idx = pl.int_range(pl.len()).over(k)
    fix_y = y if fix_after is None else pl.when(idx < fix_after).then(y)
    mr = (fix_y - fix_y.shift(1)).abs()
    amr0 = mr.mean().over(k)
    mr_s = pl.when(mr.over(k) < OUTLIER_SCREEN * amr0).then(mr.over(k)) if screen else mr.over(k)
    return [fix_y.mean().over(k).alias("mean"), mr_s.alias("_mr")]


def _run_id(key: pl.Expr, k: list[str]) -> pl.Expr:
    """Identifier of runs of equal consecutive `key` values within each series."""
    return (key != key.shift(1)).fill_null(True).cum_sum().over(k)


def spc(
    df: pl.DataFrame,
    value: str,
    period: str,
    group_by: str | Sequence[str] | None = None,
    *,
    improvement_direction: str = "increase",
    target: str | float | None = None,
    rebase: str | None = None,
    fix_after_n_points: int | None = None,
    screen_outliers: bool = True,
) -> pl.DataFrame:
    """XmR chart per series with the four special-cause rules and target assurance (PTD)."""
    groups = as_list(group_by)
    require_columns(df, value, period, *groups, rebase)
    direction = DIRECTIONS[improvement_direction]
    d = df.with_columns(pl.lit(0).alias("_all")) if not groups else df
    base = groups or ["_all"]
    d = d.sort([*base, period])
    reb = pl.col(rebase).fill_null(0) if rebase else pl.lit(0)
    d = d.with_columns(reb.cum_sum().over(base).alias("rebase_group"))
    k = [*base, "rebase_group"]
    y = pl.col(value).cast(pl.Float64)
    d = d.with_columns(_limits(y, k, fix_after_n_points, screen_outliers))
    d = d.with_columns(pl.col("_mr").mean().over(k).alias("_amr")).with_columns(
        (pl.col("mean") - LIMIT * pl.col("_amr")).alias("lpl"),
        (pl.col("mean") + LIMIT * pl.col("_amr")).alias("upl"),
    )
    nlpl, nupl = pl.col("mean") - CLOSE * pl.col("_amr"), pl.col("mean") + CLOSE * pl.col("_amr")
    outside = (y > pl.col("upl")) | (y < pl.col("lpl"))
    d = d.with_columns(
        outside.alias("outside_limits"),
        (y - pl.col("mean")).sign().fill_null(0).cast(pl.Int32).alias("relative_to_mean"),
        (~outside & ((y < nlpl) | (y > nupl))).alias("close_to_limits"),
    )
    rtm, close = pl.col("relative_to_mean"), pl.col("close_to_limits").cast(pl.Int32)
    step = (y - y.shift(1)).sign().over(k).fill_null(0)
    d = d.with_columns(step.alias("_step"), _run_id(rtm, k).alias("_rid_m"))
    d = d.with_columns(_run_id(pl.col("_step"), k).alias("_rid_s"))
    shift_rule = (rtm != 0) & (pl.len().over([*k, "_rid_m"]) >= RUN)
    d = d.with_columns(
        ((pl.col("_step") != 0) & (pl.len().over([*k, "_rid_s"]) >= RUN - 1)).alias("_ts")
    )
    trend_rule = pl.col("_ts") | pl.col("_ts").shift(-1).over(k).fill_null(False)
    window = (
        (
            ((close + close.shift(1) + close.shift(2)) >= 2)
            & ((rtm + rtm.shift(1) + rtm.shift(2)).abs() == 3)
        )
        .over(k)
        .fill_null(False)
    )
    d = d.with_columns(window.alias("_w"))
    w = pl.col("_w")
    two_in_three = (
        w | w.shift(-1).over(k).fill_null(False) | w.shift(-2).over(k).fill_null(False)
    ) & pl.col("close_to_limits")
    rule = (
        pl.when(pl.col("outside_limits"))
        .then(pl.lit("outside_limits"))
        .when(trend_rule)
        .then(pl.lit("trend"))
        .when(two_in_three)
        .then(pl.lit("two_in_three"))
        .when(shift_rule)
        .then(pl.lit("shift"))
    )
    d = d.with_columns(rule.alias("special_cause_rule")).with_columns(
        pl.col("special_cause_rule").is_not_null().alias("special_cause_flag"),
        _trend_direction(y, trend_rule, k).alias("_trend_dir"),
    )
    d = d.with_columns(_point_type(direction).alias("point_type"))
    d = _assurance(d, base, direction, target)
    drop = ["_mr", "_amr", "_step", "_w", "_ts", "_rid_m", "_rid_s", "_trend_dir", "_all"]
    return d.drop(drop, strict=False)


def _trend_direction(y: pl.Expr, in_trend: pl.Expr, k: list[str]) -> pl.Expr:
    """Direction of the trend a point belongs to; where two trends meet, the right-hand one."""
    right = (y.shift(-1) - y).sign().over(k)
    left = (y - y.shift(1)).sign().over(k)
    next_in_trend = in_trend.shift(-1).over(k).fill_null(False)
    return pl.when(in_trend & next_in_trend).then(right).otherwise(left).fill_null(0)


def _point_type(direction: int) -> pl.Expr:
    """common_cause / special_cause_improvement / _concern / _neutral_high|low (PTD)."""
    trend = pl.col("special_cause_rule") == "trend"
    rtm = pl.when(trend).then(pl.col("_trend_dir")).otherwise(pl.col("relative_to_mean"))
    if direction == 0:
        special = pl.format(
            "special_cause_neutral_{}",
            pl.when(rtm > 0).then(pl.lit("high")).otherwise(pl.lit("low")),
        )
    else:
        special = (
            pl.when(rtm == direction)
            .then(pl.lit("special_cause_improvement"))
            .otherwise(pl.lit("special_cause_concern"))
        )
    return pl.when(pl.col("special_cause_flag")).then(special).otherwise(pl.lit("common_cause"))


def _assurance(d: pl.DataFrame, base: list[str], direction: int, target) -> pl.DataFrame:
    """Target vs the latest process limits: consistent pass / fail / hit and miss (PTD)."""
    if target is None or direction == 0:
        return d.with_columns(
            pl.lit(None, dtype=pl.String).alias("assurance_type"),
            pl.lit(None, dtype=pl.String).alias("assurance"),
        )
    tgt = pl.col(target) if isinstance(target, str) else pl.lit(float(target))
    lpl, upl = pl.col("lpl").last().over(base), pl.col("upl").last().over(base)
    t_last = tgt.last().over(base) if isinstance(target, str) else tgt
    passes, fails = (lpl > t_last, upl < t_last) if direction == 1 else (upl < t_last, lpl > t_last)
    code = (
        pl.when(t_last.is_null())
        .then(None)
        .when(passes)
        .then(pl.lit("consistent_pass"))
        .when(fails)
        .then(pl.lit("consistent_fail"))
        .otherwise(pl.lit("inconsistent"))
    )
    d = d.with_columns(code.alias("assurance_type"))
    return d.with_columns(
        pl.col("assurance_type").replace_strict(ASSURANCE_LABELS, default=None).alias("assurance")
    )
