"""Funnel limits and significance against PHEindicatormethods tests/testthat/testFunnels.R.

Inputs and expected outputs: PHEindicatormethods tests/testthat/testdata_funnel_*.csv (commit
093fd288d8f8949dbcfbed70049dbbf385b6141d), copied to tests/fixtures/reference/pm_funnels/ and
read as data-raw/LoadTestdata.R reads them. Tolerance: testthat's expect_equal default,
sqrt(machine epsilon) = 1.49e-8 on waldo's mean relative difference per column; significance
labels must match exactly.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np
import polars as pl
import pytest

from models.indicators.funnels import (
    funnel_limits,
    funnel_point_limits,
    funnel_points,
    funnel_significance,
)

DIR = Path(__file__).parents[1] / "fixtures" / "reference" / "pm_funnels"
TOL = float(np.sqrt(np.finfo(float).eps))
LIMITS = {"2s": "95", "3s": "99_8"}


def _csv(name: str, names: list[str] | None = None) -> pl.DataFrame:
    """A reference CSV as R's read.csv gives it: NA and empty fields null, numbers as floats."""
    rows = list(csv.reader(io.StringIO((DIR / name).read_text(encoding="utf-8"))))
    header = names or [h.strip() for h in rows[0]]
    cols = {
        h: [None if r[i] in ("", "NA") else r[i] for r in rows[1:]] for i, h in enumerate(header)
    }
    out = pl.DataFrame(cols, schema=dict.fromkeys(header, pl.String))
    numeric = [
        c for c in out.columns if out[c].drop_nulls().str.contains(r"^-?[\d.]+(e[+-]?\d+)?$").all()
    ]
    return out.with_columns(pl.col(c).cast(pl.Float64) for c in numeric)


def _equal(have: pl.Series | np.ndarray, want: pl.Series | np.ndarray, what: str) -> None:
    """waldo::num_equal: mean |x - y| / mean |y| (when mean |y| > tol) below the tolerance."""
    x, y = np.asarray(have, dtype=float), np.asarray(want, dtype=float)
    assert np.array_equal(np.isnan(x), np.isnan(y)), what
    x, y = x[~np.isnan(y)], y[~np.isnan(y)]
    diff = np.mean(np.abs(x - y))
    scale = np.mean(np.abs(y))
    assert (diff / scale if scale > TOL else diff) < TOL, f"{what}: {diff / scale:.3g}"


PROP_IN = _csv(
    "testdata_funnel_prop_inputs.csv", ["Area", "numerator", "denominator", "significance"]
)
PROP_OUT_COLS = [
    "Population",
    "lower_2s_limit",
    "upper_2s_limit",
    "lower_3s_limit",
    "upper_3s_limit",
    "baseline",
]


def _check_limits(
    got: pl.DataFrame, want: pl.DataFrame, axis: str, their_axis: str, suffix="limit"
):
    _equal(got[axis], want[their_axis], axis)
    for theirs, ours in LIMITS.items():
        for side in ("lower", "upper"):
            _equal(got[f"{side}_{ours}"], want[f"{side}_{theirs}_{suffix}"], f"{side}_{theirs}")


def test_proportion_limits():
    """'confidence limits calculate correctly for proportions'."""
    want = _csv("testdata_funnel_prop_outputs.csv", PROP_OUT_COLS)
    got = funnel_limits(PROP_IN, "numerator", "denominator", statistic="proportion", multiplier=100)
    _check_limits(got, want, "population", "Population")
    _equal(got["baseline"], want["baseline"], "baseline")
    assert got.height == 100


def test_proportion_limits_with_axis_variation():
    """'... with axis variation': denominators < 31000 -> the axis starts at a rounded minimum."""
    want = _csv("testdata_funnel_prop_outputs_with_axis_variation.csv", PROP_OUT_COLS)
    data = PROP_IN.filter(pl.col("denominator") < 31000)
    got = funnel_limits(data, "numerator", "denominator", statistic="proportion", multiplier=100)
    _check_limits(got, want, "population", "Population")
    assert got["population"][0] == 10000 and set(got["statistic"]) == {"proportion"}
    assert set(got["method"]) == {"Wilson"}


RATIO_IN = _csv("testdata_funnel_ratio_inputs.csv", ["obs", "expected", "significance"])
RATIO_OUT = _csv("testdata_funnel_ratio_outputs.csv").rename({"Observed_events": "observed_events"})


@pytest.mark.parametrize("ratio_type", ["count", "isr"])
def test_ratio_limits(ratio_type):
    """'confidence limits calculate correctly for ratios (count)' and '(isr)'."""
    got = funnel_limits(RATIO_IN, "obs", "expected", statistic="ratio", multiplier=100,
                        ratio_type=ratio_type)  # fmt: skip
    _check_limits(got, RATIO_OUT, "observed_events", "observed_events", suffix=ratio_type)
    for theirs, ours in LIMITS.items():
        for side in ("lower", "upper"):
            _equal(got[f"{side}_{ours}_exp_events"], RATIO_OUT[f"{side}_{theirs}_exp_events"], side)
    assert set(got["statistic"]) == {f"ratio ({ratio_type})"} and set(got["method"]) == {"Poisson"}


FUNNELS_IN = _csv("testdata_funnel_rate_input_funnels.csv")


def _check_rate(got: pl.DataFrame, want: pl.DataFrame):
    _check_limits(got, want, "events", "Events")
    for theirs, ours in LIMITS.items():
        for side in ("lower", "upper"):
            _equal(got[f"{side}_{ours}_population_1_year"],
                   want[f"{side}_{theirs}_population_1_year"], side)  # fmt: skip
    _equal(got["baseline"], want["baseline"], "baseline")
    assert got["statistic"].to_list() == want["statistic"].to_list()


def test_rate_limits_dsr():
    """'confidence limits calculate correctly for rates (dsr)'."""
    got = funnel_limits(FUNNELS_IN, "ev", rate="rate", multiplier=1e5, statistic="rate",
                        rate_type="dsr", years_of_data=3)  # fmt: skip
    _check_rate(got, _csv("testdata_funnel_rate_outputs.csv"))


def test_rate_limits_crude_with_fewer_than_10_events():
    """'... rates (crude); with less than 10 events' (the largest count set to 5)."""
    data = FUNNELS_IN.with_columns(
        pl.when(pl.col("ev") == pl.col("ev").max()).then(5.0).otherwise(pl.col("ev")).alias("ev")
    )
    got = funnel_limits(data, "ev", rate="rate", multiplier=1e5, statistic="rate",
                        rate_type="crude", years_of_data=3)  # fmt: skip
    _check_rate(got, _csv("testdata_funnel_rate_outputs_2.csv"))


def test_rate_limits_crude_with_zero_events_and_denominator():
    """'... rates (crude); with 0 events and denominator supplied'."""
    data = (
        FUNNELS_IN.select("ev", "rate")
        .with_columns((1e5 * pl.col("ev") / pl.col("rate")).alias("pop"))
        .with_columns(
            pl.when(pl.col("ev") == pl.col("ev").max())
            .then(0.0)
            .otherwise(pl.col("rate"))
            .alias("rate"),
            pl.when(pl.col("ev") == pl.col("ev").max())
            .then(0.0)
            .otherwise(pl.col("ev"))
            .alias("ev"),
        )
        .filter(pl.col("pop") > pl.col("pop").max() / 2)
    )
    got = funnel_limits(data, "ev", "pop", rate="rate", multiplier=1e5, statistic="rate",
                        rate_type="crude", years_of_data=3)  # fmt: skip
    _check_rate(got, _csv("testdata_funnel_rate_outputs_3.csv"))


def test_proportion_significance():
    """'Significance for proportions calculates correctly'."""
    got = funnel_significance(PROP_IN.drop("significance"), "numerator", "denominator",
                              statistic="proportion")  # fmt: skip
    assert got["significance"].cast(pl.String).to_list() == PROP_IN["significance"].to_list()


def test_ratio_significance():
    """'Significance for ratios calculates correctly'."""
    got = funnel_significance(RATIO_IN.drop("significance"), "obs", "expected", statistic="ratio")
    assert got["significance"].cast(pl.String).to_list() == RATIO_IN["significance"].to_list()


RATE_IN = _csv("testdata_funnel_rate_dsr_inputs.csv")
RATE_CASES = [
    ("rate_dsr", "dsr", 1e5, True, "dsr_per_100000_with_0"),
    ("rate_crude_per_100", "crude", 100, True, "crude_per_100_with_0"),
    ("rate_dsr", "dsr", 1e5, False, "dsr_per_100000_without_0"),
    ("rate_dsr", "dsr", 100, False, "dsr_per_100_without_0"),
    ("rate_crude_per_100000", "crude", 1e5, True, "crude_per_100000_with_0"),
    ("rate_crude_per_100", "crude", 100, True, "crude_per_100_with_0"),
    ("rate_crude_per_100000", "crude", 1e5, False, "crude_per_100000_without_0"),
    ("rate_crude_per_100", "crude", 100, False, "crude_per_100_without_0"),
]


@pytest.mark.parametrize(("rate", "rate_type", "multiplier", "with_zero", "expected"), RATE_CASES)
def test_rate_significance(rate, rate_type, multiplier, with_zero, expected):
    """The eight 'Significance for rates calculates correctly; ...' cases."""
    data = RATE_IN if with_zero else RATE_IN.filter(pl.col("count") != 0)
    got = funnel_significance(data.select("count", rate, "pop"), "count", "pop", statistic="rate",
                              rate=rate, rate_type=rate_type, multiplier=multiplier)  # fmt: skip
    want = data[expected].str.replace("DSRs", "dsrs")
    assert got["significance"].cast(pl.String).to_list() == want.to_list()


def test_funnel_points_dsr_and_crude():
    """The three 'calculate_funnel_points works ...' cases."""
    five = FUNNELS_IN.with_columns(
        pl.when(pl.col("ev") == pl.col("ev").max()).then(5.0).otherwise(pl.col("ev")).alias("ev")
    )
    got = funnel_points(five.select("ev", "rate"), "ev", "rate", rate_type="dsr",
                        years_of_data=3, multiplier=1e5)  # fmt: skip
    _equal(got["rate_chart"].fill_null(np.nan), five["rate_chart"].fill_null(np.nan), "dsr chart")
    _equal(got["denominator_derived"].fill_null(np.nan),
           five["denominator_derived"].fill_null(np.nan), "dsr denominator")  # fmt: skip
    got = funnel_points(FUNNELS_IN.select("ev", "rate"), "ev", "rate", rate_type="crude",
                        years_of_data=3, multiplier=1e5)  # fmt: skip
    _equal(got["rate_chart"], FUNNELS_IN["rate_chart_crude"], "crude chart")
    _equal(got["denominator_derived"], FUNNELS_IN["denominator_derived_crude"], "crude denominator")
    zero = FUNNELS_IN.with_columns(
        pl.when(pl.col("ev") == pl.col("ev").max()).then(0.0).otherwise(pl.col("ev")).alias("ev")
    )
    got = funnel_points(zero.select("ev", "rate", "pop"), "ev", "rate", denominator="pop",
                        rate_type="crude", years_of_data=5, multiplier=1e5)  # fmt: skip
    _equal(got["rate_chart"], zero["rate_chart_crude_with_denom"], "chart with denominator")
    _equal(got["denominator_derived"], zero["denominator_derived_crude_with_denom"], "denominator")


def test_errors():
    """'incorrect statistic argument' and the data checks."""
    with pytest.raises(ValueError, match="proportion, rate or ratio"):
        funnel_limits(PROP_IN, "numerator", "denominator", statistic="pop", multiplier=100)
    bad = PROP_IN.with_columns(pl.col("numerator") * 10)
    with pytest.raises(ValueError, match="numerator: numerators must be less than or equal"):
        funnel_significance(bad, "numerator", "denominator", statistic="proportion")
    zero = RATE_IN.select("count", "rate_crude_per_100")
    with pytest.raises(ValueError, match="denominator field needs to be provided"):
        funnel_significance(zero, "count", statistic="rate", rate="rate_crude_per_100",
                            rate_type="crude", multiplier=100)  # fmt: skip


def test_grouped_funnels_are_the_ungrouped_ones_per_group():
    """Practices within places: one funnel per group, as if each were run alone."""
    both = pl.concat([PROP_IN.with_columns(pl.lit("a").alias("g")),
                      PROP_IN.filter(pl.col("denominator") < 31000).with_columns(pl.lit("b").alias("g"))])  # fmt: skip
    got = funnel_limits(
        both, "numerator", "denominator", "g", statistic="proportion", multiplier=100
    )
    alone = funnel_limits(PROP_IN.filter(pl.col("denominator") < 31000), "numerator", "denominator",
                          statistic="proportion", multiplier=100)  # fmt: skip
    mine = got.filter(pl.col("g") == "b").drop("g")
    for c in ("population", "lower_95", "upper_95", "lower_99_8", "upper_99_8", "baseline"):
        _equal(mine[c], alone[c], c)
    sig = funnel_significance(both, "numerator", "denominator", "g", statistic="proportion")
    assert (
        sig.filter(pl.col("g") == "a")["significance"].cast(pl.String).to_list()
        == PROP_IN["significance"].to_list()
    )


def test_point_limits_agree_with_significance():
    """Each point's own limits bracket it exactly when PM calls it not significant."""
    got = funnel_point_limits(PROP_IN.drop("significance"), "numerator", "denominator")
    inside = (got["value"] >= got["lower_95"]) & (got["value"] <= got["upper_95"])
    assert (inside == (got["significance"] == "Not significant")).all()


def test_axis_rounding_uses_r_print_width():
    """Funnels.R signif.floor/ceiling take nchar() of R's printed number: 1e+05 has 5."""
    from models.indicators.funnels import _r_nchar, _signif_ceiling, _signif_floor

    values = np.array([0, 7, 1000, 100000, 120000, 1000000, 950000])
    assert _r_nchar(values).tolist() == [1, 1, 4, 5, 6, 5, 6]
    assert _signif_floor(np.array([31000.0])).tolist() == [20000.0]  # floor(29450) -> 2e4
    assert _signif_ceiling(np.array([61921.0])).tolist() == [66000.0]  # ceiling(65017.05)
