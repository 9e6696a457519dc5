"""Vectorised confidence-limit kernels: Wilson score, Byar / exact Poisson (PHEindicatormethods)."""

from __future__ import annotations

import numpy as np
from scipy import stats

from models.indicators._common import z_value


def wilson_limits(x: np.ndarray, n: np.ndarray, level: float) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score limits for x/n as fractions (PM wilson_lower/upper)."""
    z = z_value(level)
    with np.errstate(invalid="ignore", divide="ignore"):
        centre = 2 * x + z**2
        spread = z * np.sqrt(z**2 + 4 * x * (1 - x / n))
        denom = 2 * (n + z**2)
        return (centre - spread) / denom, (centre + spread) / denom


def byar_limits(x: np.ndarray, level: float) -> tuple[np.ndarray, np.ndarray]:
    """Byar's approximation to the Poisson limits of a count (PM byars_lower/upper)."""
    z = z_value(level)
    with np.errstate(invalid="ignore", divide="ignore"):
        lower = x * (1 - 1 / (9 * x) - z / (3 * np.sqrt(x))) ** 3
        xp1 = x + 1
        upper = xp1 * (1 - 1 / (9 * xp1) + z / (3 * np.sqrt(xp1))) ** 3
    return np.where(x == 0, 0.0, lower), upper


def exact_poisson_limits(x: np.ndarray, level: float) -> tuple[np.ndarray, np.ndarray]:
    """Exact (chi-square) Poisson limits of a count (PM exact_lower/upper)."""
    alpha = 1 - level
    with np.errstate(invalid="ignore"):
        lower = np.where(x > 0, stats.chi2.ppf(alpha / 2, np.where(x > 0, 2 * x, 1)) / 2, 0.0)
        upper = stats.chi2.ppf(1 - alpha / 2, 2 * x + 2) / 2
    return np.where(np.isnan(x), np.nan, lower), upper


def poisson_count_limits(x: np.ndarray, level: float) -> tuple[np.ndarray, np.ndarray]:
    """Exact limits below 10, Byar from 10 (PM phe_rate / ISR rule); chi-square only where needed."""
    lower, upper = byar_limits(x, level)
    small = np.flatnonzero(x < 10)
    if small.size:
        lower[small], upper[small] = exact_poisson_limits(x[small], level)
    return lower, upper
