"""Funnel plots: control limits and significance (PHEindicatormethods Funnels.R).

Three statistics, as PM `calculate_funnel_limits` / `assign_funnel_significance` /
`calculate_funnel_points`:
- proportion: Wilson-score limits around the pooled average (PM `sigma_adjustment`), at
  two-sided 95% (z = qnorm(0.975), "2s") and 99.8% (qnorm(0.999), "3s"), clamped to 0-100;
- ratio (`ratio_type` 'count' = O/E - 1 or 'isr' = O/E x 100) and rate (`rate_type` 'dsr' or
  'crude', per `multiplier`, over `years_of_data`): exact Poisson limits on the observed
  events, found by PM's bisection (`poisson_funnel`), vectorised over every limit point;
  significance uses exact chi-square limits below 10 events and Byar's from 10
  (`funnel_ratio_significance`); DSRs with fewer than 10 events are not assessed.
The limits table has 100 points from the axis minimum (0 when the largest denominator is more
than twice the smallest, else a rounded-down minimum: PM's "axis variation") to a rounded-up
maximum. All functions take `group_by` for one funnel per group (e.g. practices within a place).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import polars as pl
from scipy import stats

from models.indicators._common import as_list, check_rows, require_columns

POINTS = 100
LEVELS = {"95": 0.025, "99_8": 0.001}  # one-sided tail of each limit (PM "2s" / "3s")
Z = {"95": stats.norm.ppf(0.975), "99_8": stats.norm.ppf(0.999)}
HIGH_3, HIGH_2, LOW_3, LOW_2 = "High (0.001)", "High (0.025)", "Low (0.001)", "Low (0.025)"
NOT_SIGNIFICANT = "Not significant"
DSR_SMALL = "Not applicable for events less than 10 for dsrs"
SIGNIFICANCE_LEVELS = [HIGH_3, HIGH_2, LOW_3, LOW_2, NOT_SIGNIFICANT, DSR_SMALL]
STATISTICS = ("proportion", "ratio", "rate")


def sigma_adjustment(z: float, population, average, side: str, multiplier: float = 1):
    """Wilson-score limit of the pooled proportion `average` at `population` (PM utils.R)."""
    population = np.asarray(population, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        first = average * (population / z**2 + 1)
        inner = (-8 * average * (population / z**2 + 1)) ** 2 - 64 * (
            1 / z**2 + 1 / population
        ) * average * (population * (average * (population / z**2 + 2) - 1) + z**2 * (average - 1))
        adj = np.sqrt(inner)
        last = 1 / z**2 + 1 / population
        value = (first - adj / 8) / last if side == "low" else (first + adj / 8) / last
        return value / population * multiplier


def poisson_funnel(observed, p: float, side: str) -> np.ndarray:
    """Expected events at which `observed` sits on the p-tail (PM poisson_funnel, bisection).

    low: P(X >= obs | mean) = p; high: P(X <= obs | mean) = p. PM bisects on v with
    mean = (1 + obs) v / (1 - v) until the step is 1e-7; the same steps are taken here, for every
    point at once, with scipy's Poisson tail in place of PM's series sum.
    """
    obs = np.asarray(observed, dtype=float)
    v, dv = np.full(obs.shape, 0.5), 0.5
    while dv > 1e-7:
        dv /= 2
        mean = (1 + obs) * v / (1 - v)
        if side == "low":
            step_down = stats.poisson.sf(obs - 1, mean) > p
        else:
            step_down = stats.poisson.cdf(obs, mean) < p
        v = np.where(step_down, v - dv, v + dv)
    return (1 + obs) * v / (1 - v)


def funnel_ratio_significance(observed, expected, confidence: float, side: str) -> np.ndarray:
    """Limit of O/E for the significance test: exact below 10 events, Byar from 10 (PM).

    The chi-square quantiles are evaluated only for the counts under 10 that need them.
    """
    obs = np.asarray(observed, dtype=float)
    z = stats.norm.ppf(0.5 + confidence / 2)
    with np.errstate(invalid="ignore", divide="ignore"):
        o = obs if side == "low" else obs + 1
        sign = -1 if side == "low" else 1
        stat = o * (1 - 1 / (9 * o) + sign * z / 3 / np.sqrt(o)) ** 3
        small = np.flatnonzero(obs < 10)
        if small.size:
            few = obs[small]
            if side == "low":
                exact = stats.chi2.isf(0.5 + confidence / 2, np.where(few > 0, 2 * few, 1)) / 2
                exact = np.where(few == 0, 0.0, exact)
            else:
                exact = stats.chi2.ppf(0.5 + confidence / 2, 2 * few + 2) / 2
            stat[small] = exact
        return stat / np.asarray(expected, dtype=float)


def _r_nchar(values: np.ndarray) -> np.ndarray:
    """nchar() of whole numbers >= 0 as R prints them: scientific when shorter (1e+05).

    Fixed width = digits; scientific width = significant digits (+ 1 for the point) + 4 for
    "e+NN"; R keeps the fixed form on a tie. Vectorised over the funnels (one value each).
    """
    v = np.abs(np.asarray(values, dtype=float))
    fixed = np.where(v < 1, 1.0, np.floor(np.log10(np.maximum(v, 1))) + 1)
    trailing = sum((v % 10.0**k == 0) & (v > 0) for k in range(1, 16))
    significant = np.maximum(fixed - trailing, 1)
    scientific = significant + (significant > 1) + 4
    return np.minimum(fixed, scientific) + (np.asarray(values) < 0)


def _signif_floor(x: np.ndarray, down: float = 0.95) -> np.ndarray:
    n = _r_nchar(np.floor(x * down)) - 1
    return np.where(x == 0, 0.0, np.floor(x * down / 10**n) * 10**n)


def _signif_ceiling(x: np.ndarray, up: float = 1.05) -> np.ndarray:
    n = _r_nchar(np.ceil(x * up)) - 2
    return np.where(x == 0, 0.0, np.ceil(x * up / 10**n) * 10**n)


def _derived_denominator(
    numerator: str, denominator: str | None, rate: str | None, statistic: str, rate_type, mult
) -> pl.Expr:
    """PM's denominator_derived: the denominator, or events / rate x multiplier for rates."""
    x = pl.col(numerator).cast(pl.Float64)
    if statistic != "rate":
        return pl.col(denominator).cast(pl.Float64)
    from_rate = mult * x / pl.col(rate).cast(pl.Float64)
    if rate_type == "dsr":
        return pl.when(x == 0).then(None).otherwise(from_rate)
    if denominator is None:
        return from_rate
    return pl.when(x == 0).then(pl.col(denominator).cast(pl.Float64)).otherwise(from_rate)


def _validate(df, numerator, denominator, rate, statistic, rate_type, ratio_type, mult, years):
    """PM's argument and data checks, with its messages."""
    if statistic not in STATISTICS:
        raise ValueError("statistic must be provided as proportion, rate or ratio")
    require_columns(df, numerator, denominator, rate)
    x = pl.col(numerator)
    if statistic == "proportion":
        if denominator is None or mult is None:
            raise ValueError("proportions need numerator, denominator and multiplier")
        check_rows(df, x.is_null() | pl.col(denominator).is_null(), numerator,
                   "for proportions, numerators and denominators must be provided for all "
                   "records, even when their values are zero")  # fmt: skip
        check_rows(df, x > pl.col(denominator), numerator,
                   "numerators must be less than or equal to denominator for a proportion")  # fmt: skip
    if statistic == "ratio" and (denominator is None or ratio_type not in ("count", "isr")):
        raise ValueError("ratios need numerator, denominator (expected) and ratio_type count|isr")
    if statistic == "rate":
        if rate is None or rate_type not in ("dsr", "crude") or mult is None:
            raise ValueError("rates need numerator, rate, rate_type dsr|crude and multiplier")
        check_rows(df, x.is_null(), numerator,
                   "for rates, numerators must be provided for all records, even when zero")  # fmt: skip
        no_rate = pl.col(rate).is_null()
        if denominator is not None:
            no_rate = no_rate & pl.col(denominator).is_null()
        check_rows(df, no_rate, rate, "for rates, rates must be provided for all records, "
                   "or a denominator must be provided if the rate is zero")  # fmt: skip
        if denominator is None:
            check_rows(df, x == 0, numerator, "for rates, where there are 0 events for a record, "
                       "the denominator field needs to be provided")  # fmt: skip
        else:
            bad = (x == 0) & (pl.col(denominator).is_null() | (pl.col(denominator) <= 0))
            check_rows(df, bad, denominator, "for rates, where there are 0 events for a "
                       "record, the denominator must be provided")  # fmt: skip
    check_rows(df, x < 0, numerator, "numerators must be greater than or equal to zero")
    if denominator is not None:
        check_rows(
            df, pl.col(denominator) <= 0, denominator, "denominators must be greater than zero"
        )


def funnel_limits(
    df: pl.DataFrame,
    numerator: str,
    denominator: str | None = None,
    group_by: str | Sequence[str] | None = None,
    *,
    statistic: str,
    multiplier: float | None = None,
    rate: str | None = None,
    rate_type: str | None = None,
    ratio_type: str | None = None,
    years_of_data: float | None = None,
) -> pl.DataFrame:
    """100 limit points per group (PM calculate_funnel_limits).

    Columns: group keys, the axis (`population` for proportions, `observed_events` for ratios,
    `events` for rates), `lower_95`, `upper_95`, `lower_99_8`, `upper_99_8`, `baseline`
    (not for ratios), for ratios `*_exp_events` and for rates `*_population_1_year`, then
    `statistic` and `method`.
    """
    if statistic == "rate" and years_of_data is None:
        raise ValueError("rates need years_of_data")
    _validate(df, numerator, denominator, rate, statistic, rate_type, ratio_type, multiplier,
              years_of_data)  # fmt: skip
    groups = as_list(group_by)
    keys = groups or [pl.lit(0).alias("_all")]
    den = _derived_denominator(numerator, denominator, rate, statistic, rate_type, multiplier)
    summary = (
        df.with_columns(den.alias("_den"))
        .group_by(keys, maintain_order=True)
        .agg(
            (pl.col(numerator).cast(pl.Float64).sum() / pl.col("_den").sum()).alias("_av"),
            pl.col("_den").min().alias("_min"),
            pl.col("_den").max().alias("_max"),
        )
    )
    av, lo, hi = (summary[c].to_numpy().astype(float) for c in ("_av", "_min", "_max"))
    years = float(years_of_data) if statistic == "rate" else 1.0
    axis_min = np.where(hi > 2 * lo, 0.0, _signif_floor(lo / years) * years)
    axis_max = _signif_ceiling(hi / years) * years
    if statistic == "rate":
        axis_min, axis_max = np.floor(axis_min * av), np.ceil(axis_max * av)
    grid = _axis_grid(axis_min, axis_max, ratio=statistic == "ratio")
    g = len(av)
    cols: dict[str, np.ndarray] = {}
    x = grid.ravel()
    avg = np.repeat(av, POINTS)
    if statistic == "proportion":
        axis = "population"
        for s, z in Z.items():
            cols[f"lower_{s}"] = np.maximum(0, sigma_adjustment(z, x, avg, "low", multiplier))
            cols[f"upper_{s}"] = np.minimum(100, sigma_adjustment(z, x, avg, "high", multiplier))
        cols["baseline"] = avg * multiplier
        method = "Wilson"
    elif statistic == "ratio":
        axis = "observed_events"
        scale = (lambda r: r - 1) if ratio_type == "count" else (lambda r: r * 100)
        for s, p in LEVELS.items():
            low_e, high_e = poisson_funnel(x, p, "high"), poisson_funnel(x, p, "low")
            cols[f"lower_{s}_exp_events"], cols[f"lower_{s}"] = low_e, scale(x / low_e)
            cols[f"upper_{s}_exp_events"], cols[f"upper_{s}"] = high_e, scale(x / high_e)
        method = "Poisson"
    else:
        axis = "events"
        for s, p in LEVELS.items():
            low_pop, high_pop = (
                poisson_funnel(x, p, "high") / avg,
                poisson_funnel(x, p, "low") / avg,
            )
            cols[f"lower_{s}_population_1_year"] = low_pop / years
            cols[f"lower_{s}"] = x / low_pop * multiplier
            cols[f"upper_{s}_population_1_year"] = high_pop / years
            cols[f"upper_{s}"] = x / high_pop * multiplier
        cols["baseline"] = avg * multiplier
        method = "Poisson"
    label = statistic
    if statistic == "ratio":
        label = f"ratio ({ratio_type})"
    elif statistic == "rate":
        label = f"rate ({rate_type} per {multiplier:,.0f})"
    out = summary.drop("_av", "_min", "_max").select(pl.all().repeat_by(POINTS).explode())
    out = out.with_columns(pl.Series(axis, x), *(pl.Series(k, v) for k, v in cols.items()))
    out = out.with_columns(pl.lit(label).alias("statistic"), pl.lit(method).alias("method"))
    assert out.height == g * POINTS
    return out.drop("_all", strict=False)


def _axis_grid(axis_min: np.ndarray, axis_max: np.ndarray, ratio: bool) -> np.ndarray:
    """PM's 100 axis points, geometric then at least +1 a step (groups x 100)."""
    grid = np.empty((len(axis_min), POINTS))
    grid[:, 0] = np.maximum(1, axis_min)
    for j in range(2, POINTS + 1):  # a fixed 99-step recurrence over all groups at once
        offset = j - 1 if ratio else j
        prev = grid[:, j - 2]
        grid[:, j - 1] = np.maximum(
            np.rint((axis_max / prev) ** (1 / (101 - offset)) * prev), prev + 1
        )
    return grid


def funnel_significance(
    df: pl.DataFrame,
    numerator: str,
    denominator: str | None = None,
    group_by: str | Sequence[str] | None = None,
    *,
    statistic: str,
    rate: str | None = None,
    rate_type: str | None = None,
    multiplier: float | None = None,
) -> pl.DataFrame:
    """Append `significance` against the group's funnel (PM assign_funnel_significance)."""
    if statistic == "ratio" and denominator is None:
        raise ValueError("ratios need numerator and denominator (expected)")
    _validate(df, numerator, denominator, rate, statistic, rate_type,
              "count" if statistic == "ratio" else None,
              multiplier if statistic != "proportion" else 1, None)  # fmt: skip
    groups = as_list(group_by)

    def over(e: pl.Expr) -> pl.Expr:
        return e.over(groups) if groups else e

    x = pl.col(numerator).cast(pl.Float64)
    if statistic == "proportion":
        n = pl.col(denominator).cast(pl.Float64)
        average = over(x.sum()) / over(n.sum())
        frame = df.select(x.alias("x"), n.alias("n"), average.alias("av"))
        o = (frame["x"] / frame["n"]).to_numpy()
        n_, av = frame["n"].to_numpy(), frame["av"].to_numpy()
        high3 = o > sigma_adjustment(Z["99_8"], n_, av, "high")
        high2 = o > sigma_adjustment(Z["95"], n_, av, "high")
        low3 = o < sigma_adjustment(Z["99_8"], n_, av, "low")
        low2 = o < sigma_adjustment(Z["95"], n_, av, "low")
        label = _label(low3, low2, high3, high2, low_first=True)
    else:
        if statistic == "ratio":
            e = pl.col(denominator).cast(pl.Float64)
            reference = pl.lit(1.0)
        else:
            e = _derived_denominator(numerator, denominator, rate, statistic, rate_type, multiplier)
            reference = over(x.sum()) / over(e.sum())
        frame = df.select(x.alias("x"), e.alias("e"), reference.alias("ref"))
        o, e_, ref = (frame[c].to_numpy().astype(float) for c in ("x", "e", "ref"))
        with np.errstate(invalid="ignore"):
            high3 = ref < funnel_ratio_significance(o, e_, 0.998, "low")
            high2 = ref < funnel_ratio_significance(o, e_, 0.95, "low")
            low3 = ref > funnel_ratio_significance(o, e_, 0.998, "high")
            low2 = ref > funnel_ratio_significance(o, e_, 0.95, "high")
        label = _label(low3, low2, high3, high2, low_first=False)
        if statistic == "rate" and rate_type == "dsr":
            label = np.where(o < 10, DSR_SMALL, label)
    return df.with_columns(pl.Series("significance", label, dtype=pl.Enum(SIGNIFICANCE_LEVELS)))


def _label(low3, low2, high3, high2, low_first: bool) -> np.ndarray:
    """PM's case_when order: proportions test Low first, ratios and rates High first."""
    if low_first:
        conds, names = [low3, low2, high3, high2], [LOW_3, LOW_2, HIGH_3, HIGH_2]
    else:
        conds, names = [high3, high2, low3, low2], [HIGH_3, HIGH_2, LOW_3, LOW_2]
    return np.select(conds, names, default=NOT_SIGNIFICANT)


def funnel_points(
    df: pl.DataFrame,
    numerator: str,
    rate: str,
    *,
    rate_type: str,
    years_of_data: float,
    multiplier: float,
    denominator: str | None = None,
) -> pl.DataFrame:
    """Rates to plot against the funnel (PM calculate_funnel_points).

    Adds `<rate>_chart` (null for DSRs under 10 events) and `denominator_derived`, the
    one-year population (events / rate x multiplier / years; the denominator for 0 events).
    """
    if rate_type not in ("dsr", "crude"):
        raise ValueError("rate_type must be dsr or crude")
    require_columns(df, numerator, rate, denominator)
    x = pl.col(numerator).cast(pl.Float64)
    if denominator is None:
        check_rows(df, x == 0, numerator, "for rates, where there are 0 events for a record, "
                   "the denominator field needs to be provided")  # fmt: skip
    else:
        bad = (x == 0) & (pl.col(denominator).is_null() | (pl.col(denominator) == 0))
        check_rows(df, bad, denominator, "for rates, where there are 0 events for a record, "
                   "the denominator must be provided")  # fmt: skip
    from_rate = multiplier * x / pl.col(rate).cast(pl.Float64) / years_of_data
    if rate_type == "dsr":
        chart = pl.when(x < 10).then(None).otherwise(pl.col(rate).cast(pl.Float64))
        derived = pl.when(x < 10).then(None).otherwise(from_rate)
    else:
        chart = pl.col(rate).cast(pl.Float64)
        derived = from_rate
        if denominator is not None:
            own = pl.col(denominator).cast(pl.Float64) / years_of_data
            derived = pl.when(x == 0).then(own).otherwise(from_rate)
    return df.with_columns(chart.alias(f"{rate}_chart"), derived.alias("denominator_derived"))


def funnel_point_limits(
    df: pl.DataFrame,
    numerator: str,
    denominator: str,
    group_by: str | Sequence[str] | None = None,
    *,
    multiplier: float = 100,
) -> pl.DataFrame:
    """Each proportion with its funnel's limits at its own denominator, and its significance.

    Adds `value` (x/n x multiplier), `baseline`, `lower_95`, `upper_95`, `lower_99_8`,
    `upper_99_8` (the limits a funnel chart draws at that point's denominator, clamped to 0 and
    the multiplier) and `significance` (PM assign_funnel_significance).
    """
    out = funnel_significance(df, numerator, denominator, group_by, statistic="proportion")
    groups = as_list(group_by)
    x, n = pl.col(numerator).cast(pl.Float64), pl.col(denominator).cast(pl.Float64)
    av_expr = (x.sum().over(groups) / n.sum().over(groups)) if groups else x.sum() / n.sum()
    av = out.select(av_expr.alias("_av")).to_series().to_numpy()
    av = np.broadcast_to(av, (out.height,))
    n_ = out.get_column(denominator).cast(pl.Float64).to_numpy()
    cols = {
        "value": (out.select(x / n).to_series().to_numpy()) * multiplier,
        "baseline": av * multiplier,
    }
    for s, z in Z.items():
        cols[f"lower_{s}"] = np.maximum(0, sigma_adjustment(z, n_, av, "low", multiplier))
        cols[f"upper_{s}"] = np.minimum(multiplier, sigma_adjustment(z, n_, av, "high", multiplier))
    return out.with_columns(pl.Series(k, v, dtype=pl.Float64) for k, v in cols.items())
