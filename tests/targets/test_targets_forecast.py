"""The closed-form rolling WLS forecast against statsmodels, on each model scale."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest
import statsmodels.api as sm
from scipy import stats

from models.targets.forecast import add_forecast

X = np.arange(6.0)
VALUES = np.array([30.0, 29.5, 29.2, 28.1, 27.9, 27.0])
SE = np.array([0.5, 0.6, 0.5, 0.7, 0.5, 0.6])


def _series(value_type: str, ci: bool = True, values: np.ndarray = VALUES) -> pl.DataFrame:
    lower = values - 1.959963984540054 * SE if ci else [None] * len(values)
    upper = values + 1.959963984540054 * SE if ci else [None] * len(values)
    return pl.DataFrame(
        {
            "t": "a",
            "x": X,
            "target_x": 8.0,
            "value": values,
            "lower_ci_95": lower,
            "upper_ci_95": upper,
            "value_type": value_type,
            "unit": "%",
            "polarity": "lower_is_better",
            "target_value": 25.0,
        },
        schema_overrides={"lower_ci_95": pl.Float64, "upper_ci_95": pl.Float64},
    )


def _expected(y: np.ndarray, weights: np.ndarray, floor: bool) -> tuple[float, float, int]:
    fit = sm.WLS(y, sm.add_constant(X), weights=weights).fit()
    pred = fit.get_prediction(np.array([[1.0, 8.0]]))
    phi = max(fit.scale, 1.0) if floor else fit.scale
    var_mean = pred.se_mean[0] ** 2 / fit.scale * phi
    sd = np.sqrt(phi * np.mean(1 / weights) + var_mean)
    return float(pred.predicted_mean[0]), float(sd), len(y) - 2


def test_weighted_identity_scale_matches_statsmodels() -> None:
    out = add_forecast(_series("other"), ["t"]).row(-1, named=True)
    mean, sd, dof = _expected(VALUES, 1 / SE**2, floor=True)
    assert out["forecast_at_target_date"] == pytest.approx(mean)
    assert out["forecast_lower_95"] == pytest.approx(mean - stats.t.ppf(0.975, dof) * sd)
    assert out["forecast_upper_80"] == pytest.approx(mean + stats.t.ppf(0.9, dof) * sd)
    assert out["probability_met"] == pytest.approx(stats.t.cdf((25 - mean) / sd, dof))
    assert out["forecast_method"] == "weighted"


def test_unweighted_when_a_point_lacks_a_ci() -> None:
    out = add_forecast(_series("other", ci=False), ["t"]).row(-1, named=True)
    mean, sd, dof = _expected(VALUES, np.ones(6), floor=False)
    assert out["forecast_at_target_date"] == pytest.approx(mean)
    assert out["forecast_upper_95"] == pytest.approx(mean + stats.t.ppf(0.975, dof) * sd)
    assert out["forecast_method"] == "unweighted"


def test_proportion_is_fitted_on_the_logit_scale() -> None:
    out = add_forecast(_series("proportion"), ["t"]).row(-1, named=True)
    p = VALUES / 100
    y = np.log(p / (1 - p))
    lo, hi = (VALUES - 1.959963984540054 * SE) / 100, (VALUES + 1.959963984540054 * SE) / 100
    se = (np.log(hi / (1 - hi)) - np.log(lo / (1 - lo))) / (2 * 1.959963984540054)
    mean, sd, dof = _expected(y, 1 / se**2, floor=True)
    assert out["forecast_at_target_date"] == pytest.approx(100 / (1 + np.exp(-mean)))
    upper = mean + stats.t.ppf(0.975, dof) * sd
    assert out["forecast_upper_95"] == pytest.approx(100 / (1 + np.exp(-upper)))
    g_target = np.log(0.25 / 0.75)
    assert out["probability_met"] == pytest.approx(stats.t.cdf((g_target - mean) / sd, dof))


def test_rate_is_fitted_on_the_log_scale() -> None:
    out = add_forecast(_series("rate"), ["t"]).row(-1, named=True)
    y = np.log(VALUES)
    se = np.log(VALUES + 1.959963984540054 * SE) - np.log(VALUES - 1.959963984540054 * SE)
    mean, _, _ = _expected(y, (2 * 1.959963984540054 / se) ** 2, floor=True)
    assert out["forecast_at_target_date"] == pytest.approx(np.exp(mean))


def test_rolling_origin_needs_three_points() -> None:
    out = add_forecast(_series("other"), ["t"])
    assert out["forecast_at_target_date"].is_null().to_list() == [True, True] + [False] * 4
    assert out["forecast_points"].to_list() == [1, 2, 3, 4, 5, 6]
    three = add_forecast(_series("other").head(3), ["t"]).row(-1, named=True)
    assert three["forecast_at_target_date"] == pytest.approx(
        out.row(2, named=True)["forecast_at_target_date"]
    )


def test_probability_follows_polarity() -> None:
    lower = add_forecast(_series("other"), ["t"]).row(-1, named=True)["probability_met"]
    flipped = _series("other").with_columns(polarity=pl.lit("higher_is_better"))
    higher = add_forecast(flipped, ["t"]).row(-1, named=True)["probability_met"]
    assert lower + higher == pytest.approx(1.0)


def test_missing_values_are_skipped() -> None:
    values = VALUES.copy()
    gappy = _series("other", values=values).with_columns(
        value=pl.when(pl.col("x") == 2).then(None).otherwise(pl.col("value"))
    )
    out = add_forecast(gappy, ["t"]).row(-1, named=True)
    keep = X != 2
    fit = sm.WLS(VALUES[keep], sm.add_constant(X[keep]), weights=1 / SE[keep] ** 2).fit()
    assert out["forecast_points"] == 5
    assert out["forecast_at_target_date"] == pytest.approx(fit.params[0] + 8 * fit.params[1])
