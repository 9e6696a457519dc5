"""Slope and relative index of inequality with simulated CIs (PHEindicatormethods phe_sii)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import polars as pl
from scipy.special import expit, logit

from models.indicators._common import (
    Confidence,
    as_list,
    confidence_levels,
    level_suffix,
    require_columns,
    z_value,
)

TRANSFORMS = {None: (lambda v: v, lambda v: v), "log": (np.log, np.exp), "logit": (logit, expit)}


def _weights(pop: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Population shares a and regression weights w so that SII = sum_k w_k y_k per group."""
    a = pop / pop.sum(axis=1, keepdims=True)
    x = np.cumsum(a, axis=1) - a / 2
    xbar = (a * x).sum(axis=1, keepdims=True)
    w = a * (x - xbar) / (a * (x - xbar) ** 2).sum(axis=1, keepdims=True)
    return a, w


def _grid(frame: pl.DataFrame, column: str, k: int) -> np.ndarray:
    """Column as a (groups, k) float array (frame sorted by group then quantile)."""
    return frame.get_column(column).cast(pl.Float64).to_numpy().reshape(-1, k)


def sii(
    df: pl.DataFrame,
    quantile: str,
    population: str,
    value: str,
    group_by: str | Sequence[str] | None = None,
    *,
    lower: str | None = None,
    upper: str | None = None,
    se: str | None = None,
    transform: str | None = None,
    confidence: Confidence = (0.95, 0.998),
    multiplier: float = 1,
    repetitions: int = 100_000,
    rii: bool = False,
    seed: int | None = None,
) -> pl.DataFrame:
    """SII = population-weighted slope over cumulative share midpoints; Monte-Carlo CIs (PM)."""
    groups = as_list(group_by)
    require_columns(df, quantile, population, value, *groups, lower, upper, se)
    if se is None and (lower is None or upper is None):
        raise ValueError("sii needs either se= or both lower= and upper=")
    fwd, back = TRANSFORMS[transform]
    keys = groups or ["_all"]
    d = (df.with_columns(pl.lit(0).alias("_all")) if not groups else df).sort([*keys, quantile])
    for col, msg in ((population, "populations"), (se, "standard errors")):
        if col is not None and (d.get_column(col) < 0).any():
            raise ValueError(f"{col}: {msg} must be >= 0")
    if d.get_column(value).null_count():
        raise ValueError(f"{value}: missing values are not allowed for SII")
    if transform == "logit" and lower and ((d[lower] < 0) | (d[upper] > 1)).any():
        raise ValueError(f"{lower}/{upper}: proportion limits must lie in 0-1 for logit")
    sizes = d.group_by(keys, maintain_order=True).agg(pl.len().alias("_k"))
    levels = confidence_levels(confidence)
    rng = np.random.default_rng(seed)
    parts = []
    for k in sizes.get_column("_k").unique(maintain_order=True).to_list():
        sub = d.join(sizes.filter(pl.col("_k") == k).drop("_k"), on=keys, maintain_order="left")
        pop, y = _grid(sub, population, k), _grid(sub, value, k)
        z95 = z_value(0.95)
        ty = fwd(y)
        if se:
            t_se = _grid(sub, se, k)
        else:
            t_se = (fwd(_grid(sub, upper, k)) - fwd(_grid(sub, lower, k))) / (2 * z95)
        a, w = _weights(pop)
        est = (w * y).sum(axis=1)
        mean = (a * y).sum(axis=1)
        sims = back(
            ty[:, None, :] + t_se[:, None, :] * rng.standard_normal((len(y), repetitions, k))
        )
        sim_sii = np.einsum("grk,gk->gr", sims, w)
        stat = est / mean if rii else est
        sim_stat = sim_sii / (np.einsum("grk,gk->gr", sims, a)) if rii else sim_sii
        cols = {"value": stat * multiplier}
        for level in levels:
            lo, hi = np.quantile(sim_stat, [(1 - level) / 2, (1 + level) / 2], axis=1)
            s = level_suffix(level)
            cols[f"lower_{s}"], cols[f"upper_{s}"] = lo * multiplier, hi * multiplier
            if multiplier < 0:
                cols[f"lower_{s}"], cols[f"upper_{s}"] = cols[f"upper_{s}"], cols[f"lower_{s}"]
        parts.append(
            sub.group_by(keys, maintain_order=True)
            .agg()
            .with_columns(pl.Series(c, v) for c, v in cols.items())
        )
    out = pl.concat(parts).with_columns(pl.lit("RII" if rii else "SII").alias("method"))
    order = sizes.drop("_k").with_row_index("_o")
    return out.join(order, on=keys).sort("_o").drop("_o", "_all", strict=False)
