"""Discrimination, calibration, cut-point and subgroup metrics for predicted risks.

Calibration slope and intercept follow Van Calster et al. (J Clin Epidemiol 2016): the slope
is b in logit P(y) = a + b * logit(p); the intercept (calibration-in-the-large) is a with b
fixed at 1. PPV and sensitivity at top-k% cuts follow the way PARR/CPM were judged.
"""

from __future__ import annotations

import numpy as np
import polars as pl
from sklearn.metrics import roc_auc_score

DEFAULT_CUTS = (0.005, 0.02, 0.05, 0.20)
AGE_BANDS = ((18, 39), (40, 64), (65, 74), (75, 84), (85, None))


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-9, 1 - 1e-9)
    return np.log(p / (1 - p))


def _newton_logistic(x: np.ndarray, y: np.ndarray, offset: np.ndarray) -> np.ndarray:
    """Unpenalised logistic regression by Newton-Raphson (columns of x, with an offset)."""
    beta = np.zeros(x.shape[1])
    for _ in range(50):
        p = 1 / (1 + np.exp(-(offset + x @ beta)))
        hessian = (x * (p * (1 - p))[:, None]).T @ x + 1e-12 * np.eye(x.shape[1])
        step = np.linalg.solve(hessian, x.T @ (y - p))
        beta += step
        if np.max(np.abs(step)) < 1e-9:
            break
    return beta


def calibration(y: np.ndarray, p: np.ndarray) -> tuple[float, float]:
    """(calibration slope, calibration-in-the-large intercept)."""
    lp, y = _logit(np.asarray(p, np.float64)), np.asarray(y, np.float64)
    ones = np.ones((y.size, 1))
    slope = _newton_logistic(np.column_stack([ones, lp]), y, np.zeros(y.size))[1]
    intercept = _newton_logistic(ones, y, lp)[0]
    return float(slope), float(intercept)


def auroc(y: np.ndarray, p: np.ndarray) -> float:
    """Area under the ROC curve (NaN when only one class is present)."""
    y = np.asarray(y)
    return float(roc_auc_score(y, p)) if 0 < y.sum() < y.size else float("nan")


def summary(y: np.ndarray, p: np.ndarray) -> dict[str, float]:
    """n, events, AUROC, Brier, calibration slope and intercept, mean predicted and observed."""
    y, p = np.asarray(y, np.float64), np.asarray(p, np.float64)
    slope, intercept = calibration(y, p) if 0 < y.sum() < y.size else (np.nan, np.nan)
    return {
        "n": float(y.size), "events": float(y.sum()), "auroc": auroc(y, p),
        "brier": float(np.mean((p - y) ** 2)), "calibration_slope": slope,
        "calibration_intercept": intercept, "mean_predicted": float(p.mean()),
        "observed_rate": float(y.mean()),
    }  # fmt: skip


def reliability_table(y: np.ndarray, p: np.ndarray, bins: int = 10) -> pl.DataFrame:
    """Deciles of predicted risk: n, mean predicted, observed rate."""
    frame = pl.DataFrame({"y": np.asarray(y, np.float64), "p": np.asarray(p, np.float64)})
    rank = pl.col("p").rank("ordinal") - 1
    return (
        frame.with_columns(decile=(rank * bins // pl.len()).cast(pl.Int32) + 1)
        .group_by("decile")
        .agg(n=pl.len(), mean_predicted=pl.col("p").mean(), observed_rate=pl.col("y").mean())
        .sort("decile")
    )


def cut_table(y: np.ndarray, p: np.ndarray, cuts: tuple[float, ...] = DEFAULT_CUTS) -> pl.DataFrame:
    """For the top fraction of risk at each cut: threshold, flagged, PPV, sensitivity."""
    y, p = np.asarray(y, np.float64), np.asarray(p, np.float64)
    order = np.argsort(-p, kind="stable")
    hits = np.cumsum(y[order])
    rows = []
    for cut in cuts:
        k = max(1, int(np.ceil(cut * y.size)))
        rows.append({"cut": cut, "threshold": float(p[order][k - 1]), "flagged": k,
                     "ppv": hits[k - 1] / k, "sensitivity": hits[k - 1] / max(y.sum(), 1)})  # fmt: skip
    return pl.DataFrame(rows)


def age_band(age: pl.Expr) -> pl.Expr:
    """Age band label (18-39, 40-64, 65-74, 75-84, 85+)."""
    expr = pl.lit("85+")
    for lo, hi in reversed(AGE_BANDS[:-1]):
        expr = pl.when(age.is_between(lo, hi)).then(pl.lit(f"{lo}-{hi}")).otherwise(expr)
    return expr


def _cut_name(cut: float) -> str:
    return f"top_{cut * 100:g}pct".replace(".", "_")


def subgroup_table(
    frame: pl.DataFrame, risk: str, outcome: str, cuts: tuple[float, ...] = DEFAULT_CUTS
) -> pl.DataFrame:
    """Metrics by IMD quintile, ethnic group, sex and age band, with share flagged, PPV and
    sensitivity at each whole-cohort cut (thresholds set on the whole cohort)."""
    values = frame[risk].to_numpy()
    thresholds = {
        c: float(np.sort(values)[::-1][max(1, int(np.ceil(c * values.size))) - 1]) for c in cuts
    }
    frame = frame.with_columns(
        imd_quintile=((pl.col("imd_decile") + 1) // 2).cast(pl.String),
        sex=pl.when(pl.col("female")).then(pl.lit("Female")).otherwise(pl.lit("Male")),
        age_band=age_band(pl.col("age")),
    )
    rows = []
    for by in ("imd_quintile", "ethnic_group", "sex", "age_band"):
        for (group,), part in frame.group_by(by, maintain_order=True):
            y, p = part[outcome].to_numpy().astype(np.float64), part[risk].to_numpy()
            stats = summary(y, p)
            for cut, threshold in thresholds.items():
                flag, name = p >= threshold, _cut_name(cut)
                stats[f"flagged_share_{name}"] = float(flag.mean())
                stats[f"ppv_{name}"] = float(y[flag].mean()) if flag.any() else float("nan")
                stats[f"sensitivity_{name}"] = (
                    float(y[flag].sum() / y.sum()) if y.sum() else float("nan")
                )
            rows.append({"subgroup_type": by, "subgroup": str(group), **stats})
    return pl.DataFrame(rows).sort("subgroup_type", "subgroup")
