"""Status rules on constructed cases whose right answer is known (docs/targets.md)."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from models.targets.tracking import trajectory_vs_target
from tests.targets.conftest import actuals, registry, target_doc

# Lower is better: 20% at 2020/21 (2021-03-31) to 10% by 2025-03-31; trajectory 17.50 at
# 2021/22, 15.00 at 2022/23, 12.50 at 2023/24. Tolerance 0.1 of the 10-point change = 1 point.
LOWER = target_doc()
# Higher is better: 50% to 70% over the same dates.
HIGHER = target_doc(
    id="t-higher", polarity="higher_is_better", baseline={"value": 50.0}, target={"value": 70.0}
)


def _last(
    doc: dict, points: list[tuple[str, float | None]], as_of: dt.date, **kwargs: float
) -> dict:
    table = trajectory_vs_target(registry(doc), actuals(doc["id"], points), as_of, **kwargs)
    return table.filter(pl.col("period").is_not_null()).row(-1, named=True)


@pytest.mark.parametrize(
    ("doc", "points", "status"),
    [
        (LOWER, [("2020/21", 20), ("2021/22", 16.5), ("2022/23", 13.5)], "on_track"),
        (LOWER, [("2020/21", 20), ("2021/22", 16), ("2022/23", 9.5)], "achieved"),
        (LOWER, [("2020/21", 20), ("2021/22", 17.8), ("2022/23", 15.8)], "at_risk"),
        (LOWER, [("2020/21", 20), ("2021/22", 20.2), ("2022/23", 19.9)], "off_track"),
        (LOWER, [("2019/20", 30), ("2020/21", 20), ("2021/22", 18.6)], "at_risk"),
        (LOWER, [("2020/21", 20), ("2023/24", 12), ("2025/26", 11)], "off_track"),
        (LOWER, [("2020/21", 20), ("2023/24", 12), ("2025/26", 9)], "achieved"),
        (HIGHER, [("2020/21", 50), ("2021/22", 56), ("2022/23", 61)], "on_track"),
        (HIGHER, [("2020/21", 50), ("2021/22", 60), ("2022/23", 72)], "achieved"),
        (HIGHER, [("2020/21", 50), ("2021/22", 50.5), ("2022/23", 51)], "off_track"),
        (HIGHER, [("2020/21", 50), ("2021/22", 54.5), ("2022/23", 59.3)], "at_risk"),
    ],
    ids=[
        "on-track",
        "met-early",
        "behind-within-tolerance",
        "off-track",
        "behind-but-likely",
        "deadline-missed",
        "met-after-deadline",
        "higher-on-track",
        "higher-met-early",
        "higher-off-track",
        "higher-within-tolerance",
    ],
)
def test_status(doc: dict, points: list, status: str, as_of: dt.date) -> None:
    row = _last(doc, points, as_of)
    assert row["status"] == status, row["status_reason"]


def test_gap_is_signed_by_polarity(as_of: dt.date) -> None:
    lower = _last(LOWER, [("2020/21", 20), ("2022/23", 15.8)], as_of)
    assert lower["trajectory_value"] == pytest.approx(20 - 10 * 730 / 1461)
    assert lower["gap"] == pytest.approx(lower["trajectory_value"] - 15.8)
    assert lower["gap"] < 0
    higher = _last(HIGHER, [("2020/21", 50), ("2022/23", 61)], as_of)
    assert higher["gap"] == pytest.approx(61 - (50 + 20 * 730 / 1461))
    assert higher["gap"] > 0


def test_required_and_achieved_rates(as_of: dt.date) -> None:
    row = _last(LOWER, [("2020/21", 20), ("2022/23", 9.5)], as_of)
    assert row["required_rate"] == pytest.approx(-10 / (1461 / 365.25))
    assert row["achieved_rate"] == pytest.approx((9.5 - 20) / (730 / 365.25))


def test_tolerance_is_configurable(as_of: dt.date) -> None:
    points = [("2020/21", 20), ("2021/22", 17.8), ("2022/23", 15.8)]
    assert _last(LOWER, points, as_of)["status"] == "at_risk"
    assert _last(LOWER, points, as_of, tolerance=0.0)["status"] == "off_track"


def test_target_with_no_data_is_not_yet_measurable(as_of: dt.date) -> None:
    table = trajectory_vs_target(registry(LOWER), actuals("other", []), as_of)
    assert table.height == 1
    row = table.row(0, named=True)
    assert row["period"] is None and row["actual_value"] is None
    assert row["status"] == "not_yet_measurable"
    assert row["status_reason"] == "no data for this indicator and area"
    assert row["is_latest"]


def test_missing_periods_and_missing_values(as_of: dt.date) -> None:
    points = [("2019/20", 22.0), ("2020/21", 20.0), ("2021/22", None), ("2023/24", 11.0)]
    table = trajectory_vs_target(registry(LOWER), actuals(LOWER["id"], points), as_of)
    assert table["period"].to_list() == ["2019/20", "2020/21", "2021/22", "2023/24"]
    assert table["status"].to_list() == [
        "not_yet_measurable",
        "on_track",
        "not_yet_measurable",
        "on_track",
    ]
    assert table["status_reason"][0] == "period ends before the baseline"
    assert table["status_reason"][2] == "no value for this period"
    assert table["trajectory_value"][3] == pytest.approx(20 - 10 * 1096 / 1461)
    assert table["forecast_points"][3] == 3
    assert table["is_latest"].to_list() == [False, False, False, True]


def test_incomplete_target_keeps_actuals(as_of: dt.date) -> None:
    doc = target_doc(id="t-incomplete", baseline={"value": None, "period": None})
    table = trajectory_vs_target(
        registry(doc), actuals(doc["id"], [("2020/21", 20), ("2021/22", 19)]), as_of
    )
    assert set(table["status"]) == {"incomplete_target"}
    assert table["status_reason"][0] == "no baseline value; no baseline period or date"
    assert table["actual_value"].to_list() == [20.0, 19.0]
    assert table["trajectory_value"].null_count() == 2


def test_periods_after_as_of_are_ignored() -> None:
    points = [("2020/21", 20), ("2021/22", 17), ("2022/23", 15)]
    table = trajectory_vs_target(
        registry(LOWER), actuals(LOWER["id"], points), dt.date(2022, 6, 30)
    )
    assert table["period"].to_list() == ["2020/21", "2021/22"]


def test_duplicate_periods_keep_the_row_with_a_ci(as_of: dt.date) -> None:
    with_ci = actuals(LOWER["id"], [("2021/22", 17.0)])
    without = actuals(LOWER["id"], [("2021/22", 17.4)], half_width=None)
    table = trajectory_vs_target(registry(LOWER), pl.concat([without, with_ci]), as_of)
    assert table["actual_value"].to_list() == [17.0]


@pytest.mark.parametrize(
    ("points", "reason"),
    [
        (
            [("2017/18", 12), ("2018/19", 14), ("2019/20", 16), ("2020/21", 20), ("2021/22", 16.5)],
            "on trajectory but the forecast is likely to miss",
        ),
        (
            [("2019/20", 30), ("2020/21", 20), ("2021/22", 18.6)],
            "behind trajectory beyond tolerance, but the forecast is likely to meet",
        ),
        (
            [("2020/21", 20), ("2021/22", 17.8), ("2022/23", 15.8)],
            "behind trajectory, within tolerance",
        ),
    ],
)
def test_at_risk_reasons(points: list, reason: str, as_of: dt.date) -> None:
    row = _last(LOWER, points, as_of)
    assert (row["status"], row["status_reason"]) == ("at_risk", reason)
