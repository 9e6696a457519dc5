"""Funnel-plot control limits around a benchmark, as Fingertips draws them (vectorised numpy).

Proportions: the Wilson-score form of FT SpcForProportions (the limits `compare(...,
method="spc_proportion")` tests against). Rates (crude or directly standardised): exact Poisson
limits on the expected count E = benchmark x denominator / multiplier (FT SpcForDsrComparer).
"""

from __future__ import annotations

import numpy as np
import polars as pl

from models.indicators._common import z_value
from models.indicators.comparisons import _poisson_expected_limits

PROPORTION_TYPES = ("proportion",)
RATE_TYPES = ("crude rate", "directly standardised rate", "rate")


def proportion_limits(
    benchmark: float, n: np.ndarray, multiplier: float, level: float
) -> tuple[np.ndarray, np.ndarray]:
    """Control limits for a proportion `benchmark` (in units of `multiplier`) at denominators n."""
    z = z_value(level)
    p0 = benchmark / multiplier
    n = np.asarray(n, dtype=float)
    e = n * p0
    b = z * np.sqrt(z**2 + 4 * e * (1 - p0))
    a, c = 2 * e + z**2, 2 * (n + z**2)
    return (a - b) / c * multiplier, (a + b) / c * multiplier


def rate_limits(
    benchmark: float, n: np.ndarray, multiplier: float, level: float
) -> tuple[np.ndarray, np.ndarray]:
    """Exact Poisson control limits for a rate `benchmark` per `multiplier` at populations n."""
    n = np.asarray(n, dtype=float)
    low, high = _poisson_expected_limits(benchmark * n / multiplier, (1 - level) / 2)
    return low / n * multiplier, high / n * multiplier


def funnel_limits(
    value_type: str | None,
    benchmark: float,
    multiplier: float,
    smallest: float,
    largest: float,
    points: int = 120,
) -> pl.DataFrame:
    """denominator, benchmark, lower/upper_95 and lower/upper_99_8 along a log-spaced range.

    Empty when the value type has no funnel (means, life expectancy, unknown types).
    """
    kind = (value_type or "").strip().lower()
    if kind in PROPORTION_TYPES:
        limits = proportion_limits
    elif kind in RATE_TYPES:
        limits = rate_limits
    else:
        return pl.DataFrame()
    n = np.unique(np.geomspace(max(1.0, smallest * 0.8), max(2.0, largest * 1.2), points).round())
    low95, high95 = limits(benchmark, n, multiplier, 0.95)
    low998, high998 = limits(benchmark, n, multiplier, 0.998)
    return pl.DataFrame(
        {
            "denominator": n,
            "benchmark": np.full(n.shape, benchmark),
            "lower_95": low95,
            "upper_95": high95,
            "lower_99_8": low998,
            "upper_99_8": high998,
        }
    )
