"""Period end dates and trajectory values on hand-worked cases."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from models.targets.trajectory import period_end, period_end_date, trajectory_value
from tests.targets.conftest import registry, target_doc


@pytest.mark.parametrize(
    ("period", "end"),
    [
        ("2018/19", dt.date(2019, 3, 31)),
        ("2019", dt.date(2019, 12, 31)),
        ("2017 - 19", dt.date(2019, 12, 31)),
        ("2009-11", dt.date(2011, 12, 31)),
        ("2016/17 - 18/19", dt.date(2019, 3, 31)),
        ("2021/22 Q1", dt.date(2021, 6, 30)),
        ("2021/22 Q4", dt.date(2022, 3, 31)),
        ("2021/22 Q1 - 2021/22 Q3", dt.date(2021, 12, 31)),
        ("1999/00", dt.date(2000, 3, 31)),
        ("not a period", None),
    ],
)
def test_period_end(period: str, end: dt.date | None) -> None:
    assert period_end(period) == end


def test_period_end_date_is_vectorised_and_null_safe() -> None:
    out = pl.select(period_end_date(pl.Series(["2018/19", None, "2020"]))).to_series()
    assert out.to_list() == [dt.date(2019, 3, 31), None, dt.date(2020, 12, 31)]


def _at(targets: pl.DataFrame, *dates: dt.date) -> list[float | None]:
    row = targets.row(0, named=True)
    periods = pl.DataFrame(
        {"target_id": row["target_id"], "area_code": row["area_code"], "d": list(dates)}
    )
    return trajectory_value(targets, periods, "d").to_list()


def test_linear_trajectory_between_baseline_and_target() -> None:
    reg = registry(target_doc())  # 20 at 2021-03-31 to 10 at 2025-03-31 (1461 days)
    before, start, middle, end, after = _at(
        reg,
        dt.date(2020, 3, 31),
        dt.date(2021, 3, 31),
        dt.date(2023, 3, 31),
        dt.date(2025, 3, 31),
        dt.date(2026, 3, 31),
    )
    assert before is None
    assert start == pytest.approx(20.0)
    assert middle == pytest.approx(20 - 10 * 730 / 1461)
    assert end == pytest.approx(10.0)
    assert after == pytest.approx(10.0)


def test_stepped_trajectory_holds_each_milestone() -> None:
    points = [
        {"date": dt.date(2022, 3, 31), "value": 18.0},
        {"date": dt.date(2023, 3, 31), "value": 15.0},
    ]
    reg = registry(target_doc(trajectory={"shape": "stepped", "points": points}))
    got = _at(
        reg,
        dt.date(2021, 6, 30),
        dt.date(2022, 12, 31),
        dt.date(2023, 3, 31),
        dt.date(2025, 1, 1),
        dt.date(2025, 3, 31),
    )
    assert got == pytest.approx([20.0, 18.0, 15.0, 15.0, 10.0])


def test_stepped_trajectory_without_points_steps_each_anniversary() -> None:
    reg = registry(target_doc(trajectory={"shape": "stepped"}))
    first_step = 20 - 10 * 365 / 1461
    got = _at(reg, dt.date(2022, 3, 30), dt.date(2022, 3, 31), dt.date(2022, 12, 31))
    assert got == pytest.approx([20.0, first_step, first_step])


def test_custom_trajectory_interpolates_through_points() -> None:
    reg = registry(
        target_doc(
            polarity="higher_is_better",
            baseline={"value": 63.3, "period": None, "date": dt.date(2016, 10, 21)},
            target={"value": 72.5, "date": dt.date(2021, 3, 31)},
            trajectory={
                "shape": "custom",
                "points": [{"date": dt.date(2019, 3, 31), "value": 66.0}],
            },
        )
    )
    got = _at(reg, dt.date(2019, 3, 31), dt.date(2020, 3, 31))
    assert got == pytest.approx([66.0, 66.0 + 6.5 * 366 / 731])


def test_incomplete_target_has_no_trajectory() -> None:
    reg = registry(target_doc(baseline={"value": None}))
    assert _at(reg, dt.date(2023, 3, 31)) == [None]
