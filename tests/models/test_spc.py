"""Making Data Count XmR: NHSRplotthedots rule tests and hand-computed limits."""

import polars as pl
import pytest

from models.indicators import spc


def _flags(y, rule, **kw):
    out = spc(pl.DataFrame({"t": range(len(y)), "y": [float(v) for v in y]}), "y", "t", **kw)
    return [r == rule for r in out["special_cause_rule"].to_list()], out


def test_limits_hand_arithmetic():
    y = [1.0, 3.0, 2.0, 4.0, 3.0]  # moving ranges 2, 1, 2, 1 -> mean MR 1.5; mean 2.6
    out = spc(pl.DataFrame({"t": range(5), "y": y}), "y", "t")
    assert out["mean"][0] == pytest.approx(2.6)
    assert out["lpl"][0] == pytest.approx(2.6 - 2.66 * 1.5)
    assert out["upl"][0] == pytest.approx(2.6 + 2.66 * 1.5)
    assert not out["special_cause_flag"].any()


def test_outlier_moving_ranges_are_screened():
    y = [10.0, 10, 11, 10, 11, 10, 11, 40]  # MRs 0,1,1,1,1,1,29 -> mean 34/7; 29 >= 3.267*that
    out = spc(pl.DataFrame({"t": range(8), "y": y}), "y", "t")
    assert out["upl"][0] == pytest.approx(sum(y) / 8 + 2.66 * 5 / 6)
    unscreened = spc(pl.DataFrame({"t": range(8), "y": y}), "y", "t", screen_outliers=False)
    assert unscreened["upl"][0] == pytest.approx(sum(y) / 8 + 2.66 * 34 / 7)


def test_seven_point_trend_like_ptd_tests():
    # ptd_seven_point_trend(c(2, 1:7, 3)) flags the seven points 1..7 (PTD test-ptd_calculate_point_type)
    y = [2, 1, 2, 3, 4, 5, 6, 7, 3]
    flags, _ = _flags(y, "trend", screen_outliers=False)
    assert flags[1:8] == [True] * 7 and not flags[0] and not flags[8]
    flags, _ = _flags([1, 2, 3, 3, 4, 5, 6], "trend")  # c(1:3, 3:6): a tie breaks the run
    assert not any(flags)
    flags, _ = _flags([8, 9, 7, 6, 5, 4, 3, 2, 8], "trend", screen_outliers=False)
    assert flags[1:8] == [True] * 7  # decreasing runs count too (Making Data Count rule)


def test_shift_of_seven_on_one_side():
    # 8 points above then 8 below a mean of 0: every point in a run of >= 7 is a shift
    y = [1, 1.2, 1, 1.2, 1, 1.2, 1, 1.2, -1, -1.2, -1, -1.2, -1, -1.2, -1, -1.2]
    y = [float(v) for v in y]
    out = spc(pl.DataFrame({"t": range(16), "y": y}), "y", "t", improvement_direction="decrease")
    assert out["special_cause_flag"].all()
    assert set(out["special_cause_rule"]) <= {"shift", "outside_limits", "two_in_three"}
    assert out["point_type"][0] == "special_cause_concern"
    assert out["point_type"][15] == "special_cause_improvement"
    six = spc(pl.DataFrame({"t": range(12), "y": y[2:8] + y[8:14]}), "y", "t")
    assert "shift" not in set(six["special_cause_rule"].drop_nulls())


def test_two_in_three_flags_only_the_close_points():
    # mean = 15/20 = 0.75; moving ranges sum to 24 over 19 -> 1.263158; close band starts at
    # 0.75 + (2/3)(2.66)(1.263158) = 2.99 and the upper limit is 0.75 + 2.66 x 1.263158 = 4.11,
    # so the two 3.0 points are close, and (3.0, 1.0, 3.0) all lie above the mean.
    y = [0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 3.0, 1.0, 3.0, 1, 0, 1, 0, 1, 0]
    flags, out = _flags(y, "two_in_three", screen_outliers=False)
    assert out["upl"][0] == pytest.approx(0.75 + 2.66 * 24 / 19)
    assert [i for i, f in enumerate(flags) if f] == [11, 13]  # the middle 1.0 is not flagged
    y[12] = 0.0  # the middle point below the mean: not all three on one side -> no signal
    flags, _ = _flags(y, "two_in_three", screen_outliers=False)
    assert not any(flags)


def test_assurance_like_ptd_tests():
    # ptd_calculate_assurance_type: (lpl, mean, upl) = (1,2,3), (5,6,7), (1,4,5) with target 4
    rows = []
    for f, (lo, hi) in zip("abc", [(1, 3), (5, 7), (1, 5)], strict=True):
        mid = (lo + hi) / 2
        half = (hi - lo) / 2  # alternate mid +/- d so that limits = mid +/- half
        d = half / 2.66
        rows += [{"f": f, "t": i, "y": mid + (d / 2 if i % 2 else -d / 2)} for i in range(10)]
    df = pl.DataFrame(rows)
    inc = spc(df, "y", "t", "f", target=4).group_by("f", maintain_order=True).first()
    dec = spc(df, "y", "t", "f", target=4, improvement_direction="decrease")
    dec = dec.group_by("f", maintain_order=True).first()
    assert inc["assurance_type"].to_list() == ["consistent_fail", "consistent_pass", "inconsistent"]
    assert dec["assurance_type"].to_list() == ["consistent_pass", "consistent_fail", "inconsistent"]
    assert inc["assurance"].to_list() == ["consistently_fail", "consistently_pass", "hit_and_miss"]
    neutral = spc(df, "y", "t", "f", target=4, improvement_direction="neutral")
    assert neutral["assurance_type"].null_count() == df.height


def test_rebase_and_grouping_recompute_limits():
    df = pl.DataFrame(
        {
            "s": ["a"] * 6 + ["b"] * 3,
            "t": list(range(6)) + list(range(3)),
            "y": [1.0, 2, 1, 10, 11, 10, 5, 6, 5],
            "r": [0, 0, 0, 1, 0, 0, 0, 0, 0],
        }
    )
    out = spc(df, "y", "t", "s", rebase="r")
    assert out["mean"].to_list() == pytest.approx([4 / 3] * 3 + [31 / 3] * 3 + [16 / 3] * 3)
