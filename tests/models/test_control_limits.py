"""Funnel control limits: published reference values and agreement with the comparators."""

import numpy as np
import polars as pl
import pytest

from models.indicators.comparisons import compare
from models.indicators.control_limits import funnel_limits, proportion_limits, rate_limits


def test_proportion_limits_are_the_wilson_interval_of_the_benchmark():
    # Wilson score 95% interval of 50/100: 40.38% to 59.62% (PHEindicatormethods phe_proportion
    # documentation example; Newcombe 1998 table I gives 0.4038-0.5962).
    low, high = proportion_limits(50.0, np.array([100.0]), 100, 0.95)
    assert low[0] == pytest.approx(40.383, abs=1e-3)
    assert high[0] == pytest.approx(59.617, abs=1e-3)


def test_rate_limits_are_exact_poisson_on_the_expected_count():
    # Exact (Garwood) 95% limits for 10 events: 4.795 to 18.390 (standard tables).
    low, high = rate_limits(100.0, np.array([10_000.0]), 100_000, 0.95)
    assert low[0] == pytest.approx(47.95, abs=0.01)
    assert high[0] == pytest.approx(183.90, abs=0.01)


def test_funnel_limits_agree_with_the_fingertips_spc_comparator():
    n = np.array([200.0, 1_000.0, 5_000.0])
    low, high = proportion_limits(20.0, n, 100, 0.998)
    just_inside = pl.DataFrame({"value": high - 1e-6, "denominator": n, "benchmark": 20.0})
    just_outside = pl.DataFrame({"value": high + 1e-6, "denominator": n, "benchmark": 20.0})
    kwargs = {"method": "spc_proportion", "denominator": "denominator", "confidence": 0.998}
    assert set(compare(just_inside, polarity=0, **kwargs)["comparison"]) == {"Similar"}
    assert set(compare(just_outside, polarity=0, **kwargs)["comparison"]) == {"Worse"}
    assert (low < 20).all() and (high > 20).all()


def test_funnel_limits_narrow_with_the_denominator_and_skip_means():
    limits = funnel_limits("Proportion", 20.0, 100, 50, 50_000)
    width = (limits["upper_95"] - limits["lower_95"]).to_numpy()
    assert (np.diff(width) < 0).all()
    assert (limits["upper_99_8"] >= limits["upper_95"]).all()
    assert funnel_limits("Mean", 20.0, 100, 50, 50_000).is_empty()
