"""Slope and relative index of inequality with simulated CIs (PHEindicatormethods phe_sii).

Quantiles are ordered from most (x = 0) to least deprived (x = 1) by their cumulative population
share midpoints b; the weighted regression y = intercept + SII * b (weights = population shares)
gives SII = fitted(1) - fitted(0) and RII = fitted(1) / fitted(0) = (intercept + SII) / intercept.
`value_type` ('rate' | 'proportion', PM 1 | 2) puts the standard errors and the simulation on the
log / logit scale; `transform=True` also fits the regression on that scale and back-transforms
(PM `transform = TRUE`). The multiplier scales the SII only; a negative one inverts the RII.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import polars as pl
from scipy.special import expit, logit

from models.indicators._common import (
    Confidence,
    as_list,
    level_suffix,
    require_columns,
    z_value,
)

VALUE_TYPES = {None: None, 0: None, "other": None, 1: "rate", "rate": "rate"}
VALUE_TYPES |= {2: "proportion", "proportion": "proportion"}
SCALES = {None: (lambda v: v, lambda v: v), "rate": (np.log, np.exp), "proportion": (logit, expit)}
MIN_REPETITIONS = 1_000
MAX_CHUNK = 20_000_000  # simulated values held at once (groups x repetitions x quantiles)


def _levels(confidence: Confidence) -> list[float]:
    """PM phe_sii levels: any of 90-100 (or 0.9-1), one or more."""
    raw = [confidence] if isinstance(confidence, int | float) else list(confidence)
    levels = [float(c) / 100 if c >= 90 else float(c) for c in raw]
    if any(c < 0.9 or c > 1 for c in raw if c < 90) or any(c > 100 for c in raw):
        raise ValueError("all confidence levels must be between 90 and 100 or between 0.9 and 1")
    return levels


def _fit(y: np.ndarray, a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Weighted least squares of y on b with weights a (PM lm(y√a ~ √a + b√a - 1)), last axis."""
    bbar = (a * b).sum(axis=-1, keepdims=True)
    w = a * (b - bbar) / (a * (b - bbar) ** 2).sum(axis=-1, keepdims=True)
    slope = (w * y).sum(axis=-1)
    intercept = (a * y).sum(axis=-1) - slope * bbar[..., 0]
    return intercept, slope


def _order_stats(sims: np.ndarray, levels: list[float], reps: int) -> dict[float, tuple]:
    """PM's limits: sorted draws at positions round(R(1-c')), round(R c'), c' = c + (1-c)/2."""
    out = {}
    for level in levels:
        upper_p = level + (1 - level) / 2
        lo, hi = (int(np.rint(reps * p)) - 1 for p in (1 - upper_p, upper_p))
        lo, hi = max(lo, 0), min(hi, reps - 1)
        part = np.partition(sims, (lo, hi), axis=-1)
        out[level] = (part[..., lo], part[..., hi])
    return out


def _simulate(
    ty: np.ndarray,
    se: np.ndarray,
    a: np.ndarray,
    b: np.ndarray,
    value_type: str | None,
    transform: bool,
    reps: int,
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray]:
    """Simulated intercepts and slopes (groups x reps), in chunks of groups to bound memory."""
    back = SCALES[value_type][1] if not transform else SCALES[None][1]
    g, k = ty.shape
    step = max(1, MAX_CHUNK // (reps * k))
    icpt, slope = np.empty((g, reps)), np.empty((g, reps))
    for s in range(0, g, step):
        e = slice(s, s + step)
        draws = ty[e, None, :] + se[e, None, :] * rng.standard_normal((len(ty[e]), reps, k))
        icpt[e], slope[e] = _fit(back(draws), a[e, None, :], b[e, None, :])
    return icpt, slope


def _validate(d: pl.DataFrame, cols: dict, value_type: str | None, transform: bool, reps: int):
    """PM phe_sii's argument and data checks, with its messages."""
    if cols["value"] is None and cols["x"] is None:
        raise ValueError("phe_sii requires value field, or x field if indicator is a proportion")
    if cols["se"] is None and (cols["lower"] is None or cols["upper"] is None):
        raise ValueError("sii needs either se= or both lower= and upper=")
    if reps < MIN_REPETITIONS:
        raise ValueError("number of repetitions must be 1000 or greater. Default is 100,000")
    if transform and value_type is None:
        raise ValueError("value_type should be 1 or 2 when transform is true")
    if transform and cols["se"] is not None:
        raise ValueError("sii requires se to be missing when transform is true")
    if transform and (cols["lower"] is None or cols["upper"] is None):
        raise ValueError("sii requires lower and upper confidence limits when transform is true")
    pop, se, lo, hi = (cols[c] for c in ("population", "se", "lower", "upper"))

    def bad(expr: pl.Expr) -> bool:
        return bool(d.select(expr.fill_null(True).any()).item())

    if bad(pl.col(pop) <= 0):
        raise ValueError(f"{pop}: some groups have a zero, negative or missing population")
    if se is not None and bad(pl.col(se) < 0):
        raise ValueError(f"{se}: negative or missing standard errors in input dataset")
    if se is None and bad(pl.col(lo).is_null() | pl.col(hi).is_null()):
        raise ValueError(f"{lo}/{hi}: missing lower or upper confidence limits in input dataset")
    if value_type == "proportion":
        if cols["value"] is not None and bad(
            (pl.col(cols["value"]) < 0) | (pl.col(cols["value"]) > 1)
        ):
            raise ValueError(f"{cols['value']}: value proportions are not all between 0 and 1")
        if lo is not None and hi is not None:
            outside = [(pl.col(c) < 0) | (pl.col(c) > 1) for c in (lo, hi)]
            if bad(outside[0] | outside[1]):
                raise ValueError(
                    f"{lo}/{hi}: confidence limit proportions are not all between 0 and 1"
                )
        if cols["value"] is None and bad(pl.col(cols["x"]) <= 0):
            raise ValueError(f"{cols['x']}: some groups have a zero or negative count x")


def sii(
    df: pl.DataFrame,
    quantile: str,
    population: str,
    value: str | None = None,
    group_by: str | Sequence[str] | None = None,
    *,
    x: str | None = None,
    lower: str | None = None,
    upper: str | None = None,
    se: str | None = None,
    value_type: str | int | None = None,
    transform: bool = False,
    confidence: Confidence = 0.95,
    multiplier: float = 1,
    repetitions: int = 100_000,
    seed: int | None = None,
) -> pl.DataFrame:
    """SII, RII and intercept per group with simulated limits (PM phe_sii, rii/intercept = TRUE).

    Returns the group keys, `sii`, `rii`, `intercept`, `sii_lower_<s>`/`sii_upper_<s>` and
    `rii_lower_<s>`/`rii_upper_<s>` per level, and `method`. Groups that lack any of the
    quantiles present in the data are dropped, as PM does.
    """
    groups = as_list(group_by)
    vtype = VALUE_TYPES[value_type]
    cols = dict(population=population, value=value, x=x, lower=lower, upper=upper, se=se)
    require_columns(df, quantile, *groups, *cols.values())
    _validate(df, cols, vtype, transform, repetitions)
    levels = _levels(confidence)
    n_quantiles = df.get_column(quantile).n_unique()
    if not 5 <= n_quantiles <= 100:
        raise ValueError(f"{quantile}: number of quantiles must be between 5 and 100")
    keys = groups or ["_all"]
    d = df.with_columns(pl.lit(0).alias("_all")) if not groups else df
    if value is None:
        d = d.with_columns((pl.col(x) / pl.col(population)).alias("_value"))
        value = "_value"
    complete = pl.col(quantile).n_unique().over(keys) == n_quantiles
    d = d.filter(complete).sort([*keys, quantile])
    fwd, back = SCALES[vtype]
    k = n_quantiles

    def grid(column: str) -> np.ndarray:
        return d.get_column(column).cast(pl.Float64).to_numpy().reshape(-1, k)

    pop, y = grid(population), grid(value)
    with np.errstate(divide="ignore", invalid="ignore"):
        ty = fwd(y)
        t_se = grid(se) if se else (fwd(grid(upper)) - fwd(grid(lower))) / (2 * z_value(0.95))
    a = pop / pop.sum(axis=1, keepdims=True)
    b = np.cumsum(a, axis=1) - a / 2
    cols_out = _estimates(ty if transform else y, a, b, vtype, transform, multiplier)
    icpt, slope = _simulate(
        ty, t_se, a, b, vtype, transform, repetitions, np.random.default_rng(seed)
    )
    cols_out |= _limits(icpt, slope, cols_out, levels, repetitions, vtype, transform, multiplier)
    out = (
        d.group_by(keys, maintain_order=True)
        .agg()
        .with_columns(
            pl.Series(c, v, dtype=pl.Float64) for c, v in cols_out.items() if not c.startswith("_")
        )
    )
    method = "simulation " + (
        "on the " + {"rate": "log", "proportion": "logit"}[vtype] + " scale" if transform else ""
    )
    return out.with_columns(pl.lit(method.strip()).alias("method")).drop("_all", strict=False)


def _estimates(y, a, b, vtype, transform: bool, multiplier: float) -> dict[str, np.ndarray]:
    """Point SII, RII and intercept (PM: RII inverted and intercept unscaled for mult < 0)."""
    icpt, slope = _fit(y, a, b)
    if not transform:
        rii = (icpt + slope) / icpt
        return {
            "sii": slope * multiplier,
            "rii": 1 / rii if multiplier < 0 else rii,
            "intercept": icpt,
            "_half": icpt + slope / 2,
        }
    back = SCALES[vtype][1]
    at0, at1 = back(icpt), back(icpt + slope)
    return {
        "sii": (at1 - at0) * multiplier,
        "rii": at0 / at1 if multiplier < 0 else at1 / at0,
        "intercept": at0 * abs(multiplier),
        "_half": icpt + slope / 2,
    }


def _limits(icpt, slope, est, levels, reps, vtype, transform, multiplier) -> dict[str, np.ndarray]:
    """SII and RII limits from the simulated fits (PM SimulationFunc and its transform branch)."""
    out: dict[str, np.ndarray] = {}
    if not transform:
        rii = (slope + icpt) / icpt
        sims = {"sii": slope * multiplier, "rii": 1 / rii if multiplier < 0 else rii}
        for name, s in sims.items():
            for level, (lo, hi) in _order_stats(s, levels, reps).items():
                out[f"{name}_lower_{level_suffix(level)}"] = lo
                out[f"{name}_upper_{level_suffix(level)}"] = hi
        return out
    back, half = SCALES[vtype][1], est["_half"]
    for level, (lo, hi) in _order_stats(slope, levels, reps).items():
        s = level_suffix(level)
        top_lo, bottom_lo = back(half + lo / 2), back(half - lo / 2)
        top_hi, bottom_hi = back(half + hi / 2), back(half - hi / 2)
        sii_lo, sii_hi = (top_lo - bottom_lo) * multiplier, (top_hi - bottom_hi) * multiplier
        rii_lo, rii_hi = top_lo / bottom_lo, top_hi / bottom_hi
        if multiplier < 0:
            sii_lo, sii_hi = sii_hi, sii_lo
            rii_lo, rii_hi = 1 / rii_hi, 1 / rii_lo
        out[f"sii_lower_{s}"], out[f"sii_upper_{s}"] = sii_lo, sii_hi
        out[f"rii_lower_{s}"], out[f"rii_upper_{s}"] = rii_lo, rii_hi
    return out
