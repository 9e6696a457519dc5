"""SPC against NHSRplotthedots' own tests (nhs-r-community/NHSRplotthedots @ 050b07d7).

- tests/testthat/test-ptd_spc_standard.R + _snaps/ptd_spc_standard.md: set.seed(123); rnorm(20)
  charted; limits with and without moving-range screening (snapshot precision: 7 significant
  figures, so a relative tolerance of 5e-7);
- tests/testthat/_snaps/ptd_spc.md: the same data faceted in two groups of 10;
- tests/testthat/test-ptd_calculate_point_type.R: the rule helpers' vectors (seven on one side,
  seven-point trend, two in three), reproduced on series that produce those vectors;
- tests/testthat/test-ptd_spc_standard.R "2of3 points ... on the same side of the mean";
- tests/testthat/test-ptd_calculate_assurance_type.R (increase / decrease / neutral);
- NEWS.md 0.2.0 (#167, #171): a 7-point trend is coloured by its direction, including where it
  crosses the mean.
"""

from __future__ import annotations

import polars as pl
import pytest

from models.indicators import spc

# R: set.seed(123); rnorm(20)
RNORM_123 = [-0.56047565, -0.23017749, 1.55870831, 0.07050839, 0.12928774, 1.71506499,
             0.46091621, -1.26506123, -0.68685285, -0.44566197, 1.22408180, 0.35981383,
             0.40077145, 0.11068272, -0.55584113, 1.78691314, 0.49785048, -1.96661716,
             0.70135590, -0.47279141]  # fmt: skip
SNAP = 5e-7


def _chart(y, **kw) -> pl.DataFrame:
    return spc(pl.DataFrame({"x": range(len(y)), "y": [float(v) for v in y]}), "y", "x", **kw)


def test_spc_standard_snapshot_r1():
    out = _chart(RNORM_123)
    assert out["mean"][0] == pytest.approx(0.1416238, rel=SNAP)
    assert out["lpl"][0] == pytest.approx(-3.01138, rel=SNAP)
    assert out["upl"][0] == pytest.approx(3.294627, rel=SNAP)
    assert out["relative_to_mean"].to_list()[:15] == [-1, -1, 1, -1, -1, 1, 1, -1, -1, -1, 1, 1,
                                                      1, -1, -1]  # fmt: skip
    assert not out["outside_limits"].any() and not out["close_to_limits"].head(8).any()
    assert set(out["point_type"]) == {"common_cause"}  # _snaps/ptd_spc.md: 20 common cause


@pytest.mark.parametrize(
    ("screen", "lpl", "upl"), [(True, -2.383666, 3.722497), (False, -4.596625, 5.935457)]
)
def test_spc_standard_snapshot_outlier_screening(screen, lpl, upl):
    y = list(RNORM_123)
    y[14] = 10  # data$y[15] <- 10
    out = _chart(y, screen_outliers=screen)
    assert out["mean"][0] == pytest.approx(0.6694159, rel=SNAP)
    assert out["lpl"][0] == pytest.approx(lpl, rel=SNAP)
    assert out["upl"][0] == pytest.approx(upl, rel=SNAP)
    assert out["relative_to_mean"].to_list()[:14] == [-1, -1, 1, -1, -1, 1, -1, -1, -1, -1, 1,
                                                      -1, -1, -1]  # fmt: skip


def test_spc_summary_snapshot_faceted():
    frame = pl.DataFrame({"x": range(20), "y": RNORM_123, "f": [0] * 10 + [1] * 10})
    out = spc(frame, "y", "x", "f").group_by("f", maintain_order=True).agg(
        pl.col("mean", "lpl", "upl").first(), pl.len().alias("n"),
        (pl.col("point_type") == "common_cause").sum().alias("common_cause"),
    )  # fmt: skip
    assert out["mean"].to_list() == pytest.approx([0.0746, 0.209], abs=5e-4)
    assert out["lpl"].to_list() == pytest.approx([-2.60, -3.28], abs=5e-3)
    assert out["upl"].to_list() == pytest.approx([2.75, 3.70], abs=5e-3)
    assert out["common_cause"].to_list() == [10, 10]


def _rules(y, **kw) -> list[str | None]:
    return _chart(y, screen_outliers=False, **kw)["special_cause_rule"].to_list()


def test_seven_point_one_side_of_mean():
    """ptd_seven_point_one_side_mean(c(rep(1, 8), -1)) flags a run of 8; 6 is not enough."""
    eight = [5.0, 5.2] * 4 + [-40.0, 5.1] + [5.0] * 4 + [-40.0] * 2  # 8 above, then mixed
    assert _rules(eight)[:8] == ["shift"] * 8
    six = [1.0, 1.1, 1.0, 1.1, 1.0, 1.1, -1.0, -1.1, 1.0, -1.0, 1.0, -1.0]
    assert "shift" not in _rules(six)[:6]


@pytest.mark.parametrize(
    ("y", "flagged"),
    [
        ([1, 2, 3, 4, 5, 6], []),  # ptd_seven_point_trend(1:6): nothing
        ([1, 2, 3, 3, 4, 5, 6], []),  # c(1:3, 3:6): a tie breaks the run
        ([1, 2, 3, 4, 5, 6, 7], list(range(7))),  # 1:7
        ([2, 1, 2, 3, 4, 5, 6, 7, 3], list(range(1, 8))),  # c(2, 1:7, 3)
        ([7, 6, 5, 4, 3, 2, 1], list(range(7))),  # 7:1
        ([2, 7, 6, 5, 4, 3, 2, 1, 3], list(range(1, 8))),  # c(2, 7:1, 3)
    ],
)
def test_seven_point_trend_vectors(y, flagged):
    """test-ptd_calculate_point_type.R: ptd_seven_point_trend + ptd_part_of_seven_trend.

    The vectors are charted between wide swings (-20, 20, ...) so no point leaves the limits and the
    trend rule is the one that flags them.
    """
    pad = [-20.0, 20.0] * 3  # ends high, starts low: no step into or out of y extends a run
    rules = _rules(pad + [float(v) for v in y] + pad)[len(pad) : len(pad) + len(y)]
    assert [i for i, r in enumerate(rules) if r == "trend"] == flagged


def test_two_in_three_same_side_only():
    """test-ptd_spc_standard.R: 2 successive close points on opposite sides -> common cause."""
    y = [1.0, -1.0] * 8
    y[14], y[15] = 5.5, -5.5
    out = _chart(y)
    assert out["point_type"].to_list()[-2:] == ["common_cause", "common_cause"]


def test_two_in_three_flags_close_points_like_ptd_vectors():
    """ptd_two_in_three(c(0,0,1,0,1,0,0), all above) -> only the two close points are special."""
    y = [0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 3.0, 1.0, 3.0, 1, 0, 1, 0, 1, 0]
    rules = _rules(y)
    assert [i for i, r in enumerate(rules) if r == "two_in_three"] == [11, 13]


def test_trend_coloured_by_direction_across_the_mean():
    """NEWS 0.2.0 (#167, #171): every point of a rising trend is improvement (up is good),
    including those below the mean; a falling trend is concern."""
    rising = [0.0, 5.0, -5.0, 4.0, -4.0, -3.0, -2.0, -1.0, 0.5, 1.0, 2.0, 3.0, -4.0, 5.0, -5.0]
    out = _chart(rising)
    trend = out.filter(pl.col("special_cause_rule") == "trend")
    assert trend.height >= 7 and (trend["relative_to_mean"] < 0).any()
    assert set(trend["point_type"]) == {"special_cause_improvement"}
    falling = _chart([-v for v in rising]).filter(pl.col("special_cause_rule") == "trend")
    assert set(falling["point_type"]) == {"special_cause_concern"}
    down_good = _chart(rising, improvement_direction="decrease")
    assert set(down_good.filter(pl.col("special_cause_rule") == "trend")["point_type"]) == {
        "special_cause_concern"
    }
    neutral = _chart(rising, improvement_direction="neutral")
    assert set(neutral.filter(pl.col("special_cause_rule") == "trend")["point_type"]) == {
        "special_cause_neutral_high"
    }


@pytest.mark.parametrize(
    ("direction", "expected"),
    [
        ("increase", ["consistent_fail", "consistent_pass", "inconsistent"]),
        ("decrease", ["consistent_pass", "consistent_fail", "inconsistent"]),
        ("neutral", [None, None, None]),
    ],
)
def test_assurance_type(direction, expected):
    """test-ptd_calculate_assurance_type.R: (lpl, mean, upl) = (1,2,3), (5,6,7), (1,4,5), target 4."""
    rows = []
    for f, (lo, hi) in zip("abc", [(1, 3), (5, 7), (1, 5)], strict=True):
        mid, d = (lo + hi) / 2, (hi - lo) / 2 / 2.66
        rows += [{"f": f, "t": i, "y": mid + (d / 2 if i % 2 else -d / 2)} for i in range(10)]
    out = spc(pl.DataFrame(rows), "y", "t", "f", target=4, improvement_direction=direction)
    last = out.group_by("f", maintain_order=True).last()
    assert last["lpl"].to_list() == pytest.approx([1, 5, 1])
    assert last["upl"].to_list() == pytest.approx([3, 7, 5])
    assert last["assurance_type"].to_list() == expected
