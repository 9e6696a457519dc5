"""The Compare page's funnel frames (models.indicators.funnels) on published reference values."""

from __future__ import annotations

import polars as pl
import pytest

from reporting.dashboard.funnel_frames import area_funnel, statistic_of


def _series(value_type: str, rows: list[tuple[float, float]], multiplier: float = 100):
    return pl.DataFrame(
        {
            "area_code": [f"A{i}" for i in range(len(rows))],
            "area_name": [f"Area {i}" for i in range(len(rows))],
            "count": [float(x) for x, _ in rows],
            "denominator": [float(n) for _, n in rows],
            "value": [x / n * multiplier for x, n in rows],
            "value_type": value_type,
            "multiplier": float(multiplier),
        }
    )


def test_proportions_are_flagged_against_the_wilson_limits_of_the_pooled_value():
    # Pooled 5,100 / 10,200 = 50%. The Wilson 95% interval of 50% at n = 100 is 40.38% to
    # 59.62% (Newcombe 1998, table I: 0.4038-0.5962), its 99.8% interval about 35% to 65%:
    # 40/100 and 60/100 lie just outside the 95% limits, inside the 99.8% ones.
    points, limits = area_funnel(_series("Proportion", [(40, 100), (60, 100), (5000, 10000)]))
    flags = dict(points.select("area_code", pl.col("significance").cast(pl.String)).rows())
    assert flags == {"A0": "Low (0.025)", "A1": "High (0.025)", "A2": "Not significant"}
    assert limits["baseline"].unique().to_list() == [pytest.approx(50.0)]
    assert limits.height == 100 and (limits["lower_95"] <= limits["baseline"]).all()
    assert (limits["x_lower_95"] == limits["x"]).all()


def test_rates_have_exact_poisson_limits_with_their_own_populations():
    # 10 events: exact (Garwood) 95% limits of the expected count 4.795 to 18.390 (standard
    # tables). Where 10 events sit on a limit, the population there is events / (limit rate).
    rows = [(10, 10_000), (100, 100_000), (1_000, 1_000_000)]  # all 100 per 100,000
    points, limits = area_funnel(_series("Crude rate", rows, multiplier=100_000))
    assert points["significance"].cast(pl.String).to_list() == ["Not significant"] * 3
    at10 = limits.filter(pl.col("events") == 10).row(0, named=True)
    # The population at which 10 events is the upper 97.5% point of a Poisson with mean
    # E = 100 per 100,000 x population: E = 4.795, population 4,795.
    assert at10["x_upper_95"] == pytest.approx(4_795, rel=1e-3)
    assert at10["x_lower_95"] == pytest.approx(18_390, rel=1e-3)
    assert at10["upper_95"] == pytest.approx(10 / 4_795 * 100_000, rel=1e-3)


def test_no_funnel_for_means_or_too_few_areas():
    assert statistic_of("Mean") is None and statistic_of("Directly standardised rate") == "dsr"
    assert area_funnel(_series("Mean", [(1, 2), (2, 3), (3, 4)]))[1].is_empty()
    assert area_funnel(_series("Proportion", [(1, 2), (2, 3)]))[1].is_empty()
