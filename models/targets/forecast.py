"""Precision-weighted linear trend per series, forecast to the target date, and P(target met).

Proportions are modelled on the logit scale, rates, means and counts on the log scale, other
values as they are. Weights are 1/SE² with SE = (g(upper95) − g(lower95)) / 3.92 on the model
scale; a series with any point lacking a CI is fitted unweighted. Every row gets the forecast
made from the points up to and including its own period (a rolling origin), in closed form from
cumulative sums (no loop over series). Residual scale φ = Σw·r²/(n−2), floored at 1 when
weighted (over-dispersion only widens); the prediction variance at x₀ is
φ·(mean SE² + 1/Σw + (x₀ − x̄)²/Sxx), with t(n−2) quantiles. At least 3 points are needed.
"""

from __future__ import annotations

import numpy as np
import polars as pl
from scipy import stats

Z95 = 1.959963984540054


def transform_name(value_type: pl.Expr) -> pl.Expr:
    """Model scale for a value type: logit for proportions, log for rates/means/counts."""
    return (
        pl.when(value_type == "proportion")
        .then(pl.lit("logit"))
        .when(value_type.is_in(["rate", "mean", "count"]))
        .then(pl.lit("log"))
        .otherwise(pl.lit("identity"))
    )


def _scale(unit: pl.Expr) -> pl.Expr:
    return pl.when(unit.fill_null("").str.contains("%")).then(100.0).otherwise(1.0)


def to_model_scale(value: pl.Expr, transform: pl.Expr, unit: pl.Expr) -> pl.Expr:
    """g(value); null where the value is outside the scale's domain."""
    p = value / _scale(unit)
    logit = pl.when((p > 0) & (p < 1)).then((p / (1 - p)).log())
    return (
        pl.when(transform == "logit")
        .then(logit)
        .when(transform == "log")
        .then(pl.when(value > 0).then(value.log()))
        .otherwise(value)
    )


def from_model_scale(y: pl.Expr, transform: pl.Expr, unit: pl.Expr) -> pl.Expr:
    """Inverse of `to_model_scale`."""
    return (
        pl.when(transform == "logit")
        .then(_scale(unit) / (1 + (-y).exp()))
        .when(transform == "log")
        .then(y.exp())
        .otherwise(y)
    )


def _cumulative_fit(w: pl.Expr, keys: list[str], x0: pl.Expr) -> dict[str, pl.Expr]:
    """Closed-form WLS from cumulative sums within each series; mean and variance at x0."""
    ok = pl.col("_y").is_not_null() & w.is_not_null()
    ww = pl.when(ok).then(w).otherwise(0.0)
    x, y = pl.col("_x"), pl.col("_y").fill_null(0.0)

    def cum(e: pl.Expr) -> pl.Expr:
        return e.cum_sum().over(keys, order_by="_x")

    sw, swx, swy = cum(ww), cum(ww * x), cum(ww * y)
    swxx, swxy, swyy = cum(ww * x * x), cum(ww * x * y), cum(ww * y * y)
    n = cum(ok.cast(pl.Float64))
    sv = cum(pl.when(ok).then(1.0 / w).otherwise(0.0))
    sxx = swxx - swx * swx / sw
    sxy = swxy - swx * swy / sw
    syy = swyy - swy * swy / sw
    b = sxy / sxx
    xbar = swx / sw
    a = swy / sw - b * xbar
    rss = (syy - b * sxy).clip(lower_bound=0.0)
    return {"n": n, "mean": a + b * x0, "rss": rss, "sv": sv, "sw": sw, "sxx": sxx, "xbar": xbar}


def add_forecast(frame: pl.DataFrame, keys: list[str]) -> pl.DataFrame:
    """Add forecast_at_target_date, 80/95% prediction limits and probability_met to `frame`.

    Needs: keys, x (years, any origin), target_x, value, lower_ci_95, upper_ci_95, value_type,
    unit, polarity, target_value. Rows are series points; null values are allowed.
    """
    transform = transform_name(pl.col("value_type"))
    g = lambda c: to_model_scale(pl.col(c), pl.col("_transform"), pl.col("unit"))  # noqa: E731
    work = frame.with_columns(_transform=transform).with_columns(
        _x=pl.col("x"), _y=g("value"), _se=(g("upper_ci_95") - g("lower_ci_95")) / (2 * Z95)
    )
    has_ci = (pl.col("_se") > 0).fill_null(False) | pl.col("_y").is_null()
    work = work.with_columns(
        _all_ci=(~has_ci).cast(pl.Int32).cum_sum().over(keys, order_by="_x") == 0
    )
    x0 = pl.col("target_x")
    fits = {
        "w": _cumulative_fit(1.0 / pl.col("_se") ** 2, keys, x0),
        "u": _cumulative_fit(pl.lit(1.0), keys, x0),
    }
    cols = []
    for name in fits["w"]:
        choice = pl.when(pl.col("_all_ci")).then(fits["w"][name]).otherwise(fits["u"][name])
        cols.append(choice.alias(f"_{name}"))
    work = work.with_columns(cols)
    df = pl.col("_n") - 2
    phi = pl.col("_rss") / df
    phi = pl.when(pl.col("_all_ci")).then(pl.max_horizontal(phi, pl.lit(1.0))).otherwise(phi)
    var = phi * (
        pl.col("_sv") / pl.col("_n")
        + 1 / pl.col("_sw")
        + (x0 - pl.col("_xbar")) ** 2 / pl.col("_sxx")
    )
    usable = (pl.col("_n") >= 3) & (pl.col("_sxx") > 0) & x0.is_not_null()
    work = work.with_columns(
        _df=pl.when(usable).then(df),
        _sd=pl.when(usable).then(var.sqrt()),
        _gt=to_model_scale(pl.col("target_value"), pl.col("_transform"), pl.col("unit")),
        forecast_method=pl.when(usable).then(
            pl.when(pl.col("_all_ci")).then(pl.lit("weighted")).otherwise(pl.lit("unweighted"))
        ),
        forecast_points=pl.col("_n").cast(pl.Int32),
    )
    return _limits(work)


def _limits(work: pl.DataFrame) -> pl.DataFrame:
    """Prediction limits and P(met) from t(n−2) on the model scale, back-transformed."""
    dof = work.get_column("_df").to_numpy().astype(float)
    sd = work.get_column("_sd").to_numpy().astype(float)
    mean = work.get_column("_mean").to_numpy().astype(float)
    gt = work.get_column("_gt").to_numpy().astype(float)
    with np.errstate(invalid="ignore"):
        t80 = stats.t.ppf(0.90, dof)
        t95 = stats.t.ppf(0.975, dof)
        below = stats.t.cdf((gt - mean) / sd, dof)
    lower_better = (work.get_column("polarity") == "lower_is_better").to_numpy()
    prob = np.where(lower_better, below, 1 - below)
    work = work.with_columns(
        _f=pl.Series(mean),
        _l80=pl.Series(mean - t80 * sd),
        _u80=pl.Series(mean + t80 * sd),
        _l95=pl.Series(mean - t95 * sd),
        _u95=pl.Series(mean + t95 * sd),
        probability_met=pl.Series(prob).fill_nan(None),
    )
    back = {
        "forecast_at_target_date": "_f",
        "forecast_lower_80": "_l80",
        "forecast_upper_80": "_u80",
        "forecast_lower_95": "_l95",
        "forecast_upper_95": "_u95",
    }
    valid = pl.col("_sd").is_not_null()
    out = work.with_columns(
        pl.when(valid)
        .then(from_model_scale(pl.col(src).fill_nan(None), pl.col("_transform"), pl.col("unit")))
        .alias(name)
        for name, src in back.items()
    ).with_columns(pl.when(valid).then(pl.col("probability_met")).alias("probability_met"))
    return out.drop([c for c in out.columns if c.startswith("_")])


def forecast_fan(series: pl.DataFrame, at_x: list[float], keys: list[str]) -> pl.DataFrame:
    """Forecast and prediction limits at each of `at_x` from all points of one series.

    `series` has the columns `add_forecast` needs for one target × area; the result has one
    row per x with forecast_at_target_date (the central forecast there) and its limits.
    """
    last = series.filter(pl.col("x").is_not_null()).sort("x").tail(1)
    if last.is_empty():
        return pl.DataFrame()
    after = last.get_column("x").item() + 1e-9
    probes = pl.concat(
        [last.with_columns(x=pl.lit(after), target_x=pl.lit(float(x)), value=None) for x in at_x]
    )
    probes = probes.with_columns(_probe=pl.int_range(pl.len()))
    base = series.with_columns(_probe=pl.lit(None, pl.Int64))
    frame = pl.concat([base, probes], how="diagonal_relaxed")
    fitted = add_forecast(frame.drop("_probe"), keys).with_columns(frame.get_column("_probe"))
    return fitted.filter(pl.col("_probe").is_not_null()).sort("_probe")
