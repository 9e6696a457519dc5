"""XmR assurance of a target against hand-computed limits."""

from __future__ import annotations

import polars as pl
import pytest

from models.targets.assurance import assurance

# Alternating 10, 12: mean 11, mean moving range 2, limits 11 ± 5.32 = [5.68, 16.32].
SERIES = [10.0, 12.0] * 6


def _frame(target: float, polarity: str, values: list[float] = SERIES) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "t": "a",
            "x": [float(i) for i in range(len(values))],
            "value": values,
            "target_value": target,
            "polarity": polarity,
        }
    )


@pytest.mark.parametrize(
    ("target", "polarity", "expected"),
    [
        (17.0, "higher_is_better", "consistently_fail"),
        (5.0, "higher_is_better", "consistently_pass"),
        (11.0, "higher_is_better", "hit_and_miss"),
        (17.0, "lower_is_better", "consistently_pass"),
        (5.0, "lower_is_better", "consistently_fail"),
        (16.0, "lower_is_better", "hit_and_miss"),
    ],
)
def test_assurance_against_limits(target: float, polarity: str, expected: str) -> None:
    got = assurance(_frame(target, polarity), ["t"])
    assert got[-1] == expected
    assert got[:-1].null_count() == 11  # fewer than 12 points up to those periods


def test_short_series_has_no_assurance() -> None:
    assert assurance(_frame(5.0, "higher_is_better", SERIES[:11]), ["t"]).null_count() == 11
