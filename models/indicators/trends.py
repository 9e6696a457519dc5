"""Fingertips recent trend on the latest 5 points (FT TrendMarkers/TrendMarkerCalculator).

FT TrendRequest.IsValid: only proportions and crude rates, only a year range of 1 ("The recent
trend cannot be calculated for this year range"), at least 5 points in the latest unbroken run
of valid points, and no count equal to its denominator. Where `year` is given, a missing year
breaks the run too, so the 5 points are consecutive single years.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from models.indicators._common import as_list, require_columns

POINTS = 5
CHI_SQUARE_998 = 9.54953570608324  # chi-square(1 df) at 99.8%, the FT constant
CANNOT = "Cannot be calculated"
TREND_VALUE_TYPES = ("proportion", "crude rate")  # FT ValueTypeIds.Proportion, CrudeRate


def year_range(period: pl.Expr) -> pl.Expr:
    """Years a Fingertips period label spans: '2018' / '2018/19' -> 1, '2016 - 18' -> 3.

    Labels with a quarter or month ('2018/19 Q1', 'Jan 2019') are not single years -> null.
    """
    text = period.cast(pl.String).str.strip_chars()
    start = text.str.extract(r"^(\d{4})").cast(pl.Int64)
    end = text.str.extract(r"\s-\s*(\d{2,4})(?:/\d{2})?$")
    end_year = (
        pl.when(end.str.len_chars() == 4)
        .then(end.cast(pl.Int64, strict=False))
        .otherwise(start // 100 * 100 + end.cast(pl.Int64, strict=False))
    )
    end_year = pl.when(end_year < start).then(end_year + 100).otherwise(end_year)
    single = text.str.contains(r"^\d{4}(/\d{2})?$")
    return pl.when(single).then(1).when(end.is_not_null()).then(end_year - start + 1).cast(pl.Int64)


def _sums(t: pl.Expr, y: pl.Expr, w: pl.Expr) -> list[pl.Expr]:
    """Weighted sums S1..S5 of the FT generic trend regression, per point."""
    return [w, y * t * w, t * w, y * w, t * t * w]


def _slope(s: list[pl.Expr]) -> pl.Expr:
    """FT weighted slope (S1 S2 - S3 S4) / (S1 S5 - S3^2)."""
    return (s[0] * s[1] - s[2] * s[3]) / (s[0] * s[4] - s[2] ** 2)


def recent_trend(
    df: pl.DataFrame,
    value: str,
    period: str,
    group_by: str | Sequence[str] | None = None,
    *,
    lower: str = "lower_95",
    upper: str = "upper_95",
    count: str = "count",
    denominator: str = "denominator",
    polarity: str | int | None = None,
    method: str = "ci",
    year: str | None = None,
    years_spanned: str | int = 1,
    value_type: str | None = None,
) -> pl.DataFrame:
    """Recent trend: chi-square > 9.5495 on last 5 points plus leave-one-out slope check (FT).

    `year` (column of start years) makes a gap between years break the run; `years_spanned`
    (column or constant, e.g. from `year_range`) must be 1 and `value_type` (column) a
    proportion or crude rate, else the series is "Cannot be calculated" (FT's rules).
    """
    groups = as_list(group_by)
    spans = years_spanned if isinstance(years_spanned, str) else None
    require_columns(df, value, period, count, denominator, *groups, year, spans, value_type)
    if method not in ("ci", "spc_proportion"):
        raise ValueError("method must be 'ci' (weighted by CI) or 'spc_proportion' (Armitage)")
    if method == "ci":
        require_columns(df, lower, upper)
    keys = groups or ["_all"]
    d = (df.with_columns(pl.lit(0).alias("_all")) if not groups else df).sort([*keys, period])
    x, n, y = (pl.col(c).cast(pl.Float64) for c in (count, denominator, value))
    valid = y.is_not_null() & x.is_not_null() & n.is_not_null()
    if method == "ci":
        valid = valid & pl.col(lower).is_not_null() & pl.col(upper).is_not_null()
    broken = ~valid
    if year is not None:
        gap = (pl.col(year).shift(-1) - pl.col(year)).over(keys) != 1
        broken = broken | gap.fill_null(False)
    invalid_after = broken.cast(pl.Int32).reverse().cum_sum().reverse()
    d = d.with_columns(
        (invalid_after.over(keys) == 0).alias("_run"),
        (pl.len().over(keys) - pl.int_range(pl.len()).over(keys)).alias("_from_end"),
    )
    span = pl.col(spans) if spans else pl.lit(years_spanned)
    eligible = (span == 1).fill_null(False).all()
    if value_type is not None:
        kind = pl.col(value_type).cast(pl.String).str.to_lowercase()
        eligible = eligible & kind.is_in(TREND_VALUE_TYPES).fill_null(False).all()
    status = d.group_by(keys, maintain_order=True).agg(
        pl.col("_run").sum().alias("_valid_points"),
        (pl.col("_run") & (x == n)).any().alias("_count_eq_denominator"),
        eligible.alias("_eligible"),
    )
    pts = d.filter(pl.col("_run") & (pl.col("_from_end") <= POINTS))
    t = (POINTS + 1 - pl.col("_from_end")).cast(pl.Float64)
    if method == "ci":
        w = 1 / ((pl.col(upper).cast(pl.Float64) - pl.col(lower).cast(pl.Float64)) / 3.92) ** 2
        terms = _sums(t, y, w)
        full = [e.sum().over(keys) for e in terms]
        loo = [f - e for f, e in zip(full, terms, strict=True)]
        beta = (full[0] / (full[0] * full[4] - full[2] ** 2)).sqrt()
        pts = pts.with_columns(
            _slope(full).alias("_slope"),
            (_slope(full) / beta).pow(2).alias("_chi2"),
            _slope(loo).alias("_loo"),
        )
    else:
        logit = (x / (n - x)).log()
        terms = [t, logit * t, t * t, logit]
        full = [e.sum().over(keys) for e in terms]
        loo = [f - e for f, e in zip(full, terms, strict=True)]

        def ols(s: list[pl.Expr], m: int) -> pl.Expr:
            return (m * s[1] - s[3] * s[0]) / (m * s[2] - s[0] ** 2)

        ns, xs, nts, nt2 = (e.sum().over(keys) for e in (n, x * t, x, n * t))
        nt2s = (n * t * t).sum().over(keys)
        chi2 = ns * (ns * xs - nts * nt2) ** 2 / (nts * (ns - nts) * (ns * nt2s - nt2**2))
        pts = pts.with_columns(
            ols(full, POINTS).alias("_slope"),
            chi2.alias("_chi2"),
            ols(loo, POINTS - 1).alias("_loo"),
        )
    sign = pl.when(pl.col("_slope") < 0).then(-1).otherwise(1)
    loo_sign = pl.when(pl.col("_loo") < 0).then(-1).otherwise(1)
    fit = pts.group_by(keys).agg(
        pl.col("_slope").first().alias("slope"),
        pl.col("_chi2").first().alias("chi_square"),
        (loo_sign == sign).all().alias("_no_outliers"),
    )
    out = status.join(fit, on=keys, how="left", maintain_order="left")
    ok = (
        (pl.col("_valid_points") >= POINTS) & ~pl.col("_count_eq_denominator") & pl.col("_eligible")
    )
    significant = ok & pl.col("_no_outliers") & (pl.col("chi_square") > CHI_SQUARE_998)
    trend = (
        pl.when(~ok)
        .then(pl.lit(CANNOT))
        .when(significant & (pl.col("slope") > 0))
        .then(pl.lit("Increasing"))
        .when(significant)
        .then(pl.lit("Decreasing"))
        .otherwise(pl.lit("No significant change"))
    )
    out = out.with_columns(trend.alias("trend"), significant.fill_null(False).alias("significant"))
    out = out.with_columns(_direction(out, polarity).alias("trend_direction"))
    out = out.with_columns(pl.when(ok).then(pl.col("chi_square")).alias("chi_square"))
    drop = ["_valid_points", "_count_eq_denominator", "_no_outliers", "_eligible", "_all"]
    return out.drop(drop, strict=False)


def _direction(out: pl.DataFrame, polarity: str | int | None) -> pl.Expr:
    """'Increasing and getting better' etc. through polarity (0 low good, 1 high good)."""
    if isinstance(polarity, str) and polarity in out.columns:
        pol = pl.col(polarity)
    else:
        pol = pl.lit({"high_is_good": 1, "low_is_good": 0}.get(polarity, polarity))
    trend = pl.col("trend")
    moving = trend.is_in(["Increasing", "Decreasing"])
    better = (trend == "Increasing") == (pol == 1)
    return (
        pl.when(moving & pol.is_in([0, 1]))
        .then(
            pl.format(
                "{} and getting {}",
                trend,
                pl.when(better).then(pl.lit("better")).otherwise(pl.lit("worse")),
            )
        )
        .otherwise(trend)
    )
