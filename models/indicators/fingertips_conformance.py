"""Recompute published Fingertips 95% CIs (Wilson proportions, Byar crude rates) and score matches.

Eligible rows: indicator metadata says (Proportion, Wilson Score method) or (Crude rate, Byar's
method); Count, Denominator, Value and both 95% limits are present; Denominator > 0; and the
published Value equals Count / Denominator x unit (relative difference <= 1e-6), so the row is a
plain crude statistic of its own count.  A row matches when both recomputed limits lie within
`tolerance` (default 0.05 of the indicator's unit, e.g. 0.05 percentage points) of the published
ones.  Mismatches are classified by re-running alternative conventions:

- ``z_1.96``: matches when z = 1.96 is used instead of the exact 1.959964 quantile;
- ``byar_below_10`` / ``exact_from_10``: a rate matches with the other Poisson branch;
- ``wilson_for_rate`` / ``byar_for_proportion``: the other method family matches;
- ``limits_swapped_or_rounded``: matches at a tolerance of 0.5 (published values rounded);
- ``count_rounded_for_disclosure``: the published limits match a count 1-2 away from the
  published Count (seen for 92904, whose counts are rounded to 5 while its CIs were computed from
  the unrounded count);
- ``limits_on_count_scale``: the published limits are the exact Poisson limits of the count
  itself, not divided by the denominator (seen for 93124 small counts);
- ``other``: none of these (typically limits derived from a different count or pooled data).
"""

from __future__ import annotations

import numpy as np
import polars as pl

from models.indicators.limits import byar_limits, exact_poisson_limits, wilson_limits

WILSON, BYAR = "Wilson proportion", "Byar crude rate"
COLUMNS = {
    "Indicator ID": "indicator_id", "Value": "value", "Lower CI 95.0 limit": "lower",
    "Upper CI 95.0 limit": "upper", "Count": "count", "Denominator": "denominator",
}  # fmt: skip


def metadata_frame(metadata: dict) -> pl.DataFrame:
    """Indicator id, value type, CI method and unit from the Fingertips metadata JSON."""
    rows = [
        {
            "indicator_id": str(key),
            "value_type": (m.get("ValueType") or {}).get("Name"),
            "ci_method": (m.get("ConfidenceIntervalMethod") or {}).get("Name"),
            "unit": float((m.get("Unit") or {}).get("Value") or np.nan),
        }
        for key, m in metadata.items()
    ]
    return pl.DataFrame(rows)


def eligible_rows(fingertips: pl.DataFrame, metadata: dict) -> pl.DataFrame:
    """Rows whose published 95% CI should be a Wilson or Byar CI of their own Count/Denominator."""
    meta = (
        metadata_frame(metadata)
        .with_columns(
            pl.when(
                (pl.col("value_type") == "Proportion")
                & (pl.col("ci_method") == "Wilson Score method")
            )
            .then(pl.lit(WILSON))
            .when((pl.col("value_type") == "Crude rate") & (pl.col("ci_method") == "Byar's method"))
            .then(pl.lit(BYAR))
            .alias("method")
        )
        .filter(pl.col("method").is_not_null())
    )
    d = fingertips.select(
        *(pl.col(src).alias(dst) for src, dst in COLUMNS.items() if dst == "indicator_id"),
        *(
            pl.col(src).cast(pl.Float64, strict=False).alias(dst)
            for src, dst in COLUMNS.items()
            if dst != "indicator_id"
        ),
    ).with_row_index("row")
    d = d.join(meta, on="indicator_id", how="inner")
    present = pl.all_horizontal(
        pl.col(c).is_not_null() for c in ("value", "lower", "upper", "count")
    )
    d = d.filter(present & (pl.col("denominator") > 0))
    crude = pl.col("count") / pl.col("denominator") * pl.col("unit")
    return d.filter((crude - pl.col("value")).abs() <= 1e-6 * pl.col("value").abs().clip(1e-9))


def _recompute(x, n, unit, is_rate, level=0.95, z_override=None, rate_rule="standard"):
    """Limits for each row under a given convention (vectorised)."""
    from models.indicators import limits as lim

    if z_override is not None:
        saved = lim.z_value
        lim.z_value = lambda _lvl: z_override  # type: ignore[assignment]
    try:
        w_lo, w_hi = wilson_limits(x, n, level)
        b_lo, b_hi = byar_limits(x, level)
        e_lo, e_hi = exact_poisson_limits(x, level)
    finally:
        if z_override is not None:
            lim.z_value = saved  # type: ignore[assignment]
    small = x < 10
    if rate_rule == "standard":
        r_lo, r_hi = np.where(small, e_lo, b_lo), np.where(small, e_hi, b_hi)
    elif rate_rule == "byar":
        r_lo, r_hi = b_lo, b_hi
    else:
        r_lo, r_hi = e_lo, e_hi
    lo = np.where(is_rate, r_lo / n * unit, w_lo * unit)
    hi = np.where(is_rate, r_hi / n * unit, w_hi * unit)
    return lo, hi


def conformance(fingertips: pl.DataFrame, metadata: dict, tolerance: float = 0.05) -> dict:
    """Share of eligible rows whose recomputed 95% limits match the published ones, by method."""
    d = eligible_rows(fingertips, metadata)
    x, n, unit = (d.get_column(c).to_numpy() for c in ("count", "denominator", "unit"))
    lower, upper = d.get_column("lower").to_numpy(), d.get_column("upper").to_numpy()
    is_rate = (d.get_column("method") == BYAR).to_numpy()

    def hits(lo, hi, tol=tolerance):
        return (np.abs(lo - lower) <= tol) & (np.abs(hi - upper) <= tol)

    lo, hi = _recompute(x, n, unit, is_rate)
    match = hits(lo, hi)
    reasons = np.full(len(d), "other", dtype=object)
    alternatives = [
        ("limits_swapped_or_rounded", hits(lo, hi, 0.5)),
        ("wilson_for_rate", hits(*_recompute(x, n, unit, np.zeros_like(is_rate)))),
        ("byar_for_proportion", hits(*_recompute(x, n, unit, np.ones_like(is_rate)))),
        ("exact_from_10", hits(*_recompute(x, n, unit, is_rate, rate_rule="exact"))),
        ("byar_below_10", hits(*_recompute(x, n, unit, is_rate, rate_rule="byar"))),
        ("z_1.96", hits(*_recompute(x, n, unit, is_rate, z_override=1.96))),
        (
            "count_rounded_for_disclosure",
            np.any(
                [
                    hits(*_recompute(np.maximum(x + dx, 0), n, unit, is_rate))
                    for dx in (-2, -1, 1, 2)
                ],
                axis=0,
            ),
        ),
        ("limits_on_count_scale", hits(*_recompute(x, unit, unit, is_rate))),
    ]
    for name, ok in alternatives:  # later entries take precedence: the most specific cause
        reasons = np.where(ok & ~match, name, reasons)
    reasons = np.where(match, "match", reasons)
    d = d.with_columns(
        pl.Series("recomputed_lower", lo),
        pl.Series("recomputed_upper", hi),
        pl.Series("match", match),
        pl.Series("reason", reasons.astype(str)),
    )
    by_method = (
        d.group_by("method")
        .agg(pl.len().alias("rows"), pl.col("match").mean().alias("match_share"))
        .sort("method")
    )
    return {
        "rows": d.height,
        "match_share": float(np.mean(match)) if len(match) else float("nan"),
        "by_method": {
            r["method"]: {"rows": r["rows"], "match_share": r["match_share"]}
            for r in by_method.to_dicts()
        },
        "mismatch_reasons": dict(
            d.filter(~pl.col("match")).get_column("reason").value_counts(sort=True).iter_rows()
        ),
        "detail": d,
    }
