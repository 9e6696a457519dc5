"""LSOA-level inputs of the catalogue's indicators, from the staging frames (pure Polars).

Two shapes: `score_members` (member_code, vintage, indicator_id, value, weight) for weighted
means, and `count_members` (member counts in the shape models.baselines.aggregation sums).
"""

from __future__ import annotations

import polars as pl

from models.neighbourhoods.catalogue import INDICATORS, Indicator

# IoD2019 technical report: IMD = weighted sum of the exponentially transformed domain scores.
IMD_WEIGHTS = {
    "income": 0.225, "employment": 0.225, "education": 0.135, "health": 0.135,
    "crime": 0.093, "barriers": 0.093, "living_environment": 0.093,
}  # fmt: skip
SCORE_SCHEMA = {"member_code": pl.String, "vintage": pl.Int64, "indicator_id": pl.Int64,
                "value": pl.Float64, "weight": pl.Float64}  # fmt: skip
SCORE = list(SCORE_SCHEMA)


def lsoa21_population(population11: pl.DataFrame, lsoa_changes: pl.DataFrame) -> pl.DataFrame:
    """LSOA 2021 population from LSOA 2011 estimates (splits share equally; merges sum)."""
    links = lsoa_changes.select("lsoa11_code", "lsoa21_code").unique()
    links = links.with_columns(pl.len().over("lsoa11_code").alias("_k"))
    return (
        links.join(population11, left_on="lsoa11_code", right_on="lsoa_code")
        .group_by("lsoa21_code")
        .agg((pl.col("population") / pl.col("_k")).sum().alias("population"))
        .rename({"lsoa21_code": "lsoa_code"})
    )


def iod2025_population(
    imd: pl.DataFrame, underlying: pl.DataFrame | None, population21: pl.DataFrame
) -> pl.DataFrame:
    """LSOA 2021 weights for IoD2025: the ministry's own denominator recovered as income
    numerator / income score (the income score is that proportion), else `population21`.

    Weighted this way the LSOA scores reproduce the published IoD2025 district average scores
    to within 0.25 (mean 0.08); the ONS mid-2020 LSOA 2011 estimates mapped to 2021 give 1.1.
    """
    scores = imd.filter(pl.col("iod_edition") == 2025).select("lsoa_code", "income_score")
    if underlying is not None:
        num = underlying.filter(
            (pl.col("iod_edition") == 2025) & (pl.col("indicator") == "income_domain_numerator")
        ).select("lsoa_code", pl.col("value").alias("_num"))
        scores = scores.join(num, on="lsoa_code", how="left")
    else:
        scores = scores.with_columns(pl.lit(None, pl.Float64).alias("_num"))
    own = pl.when((pl.col("_num") > 0) & (pl.col("income_score") > 0)).then(
        pl.col("_num") / pl.col("income_score")
    )
    return scores.join(population21, on="lsoa_code", how="left").select(
        "lsoa_code", pl.coalesce(own, "population").alias("population")
    )


def imd2019_score(transformed: pl.DataFrame) -> pl.DataFrame:
    """lsoa_code, imd2019_score: the weighted sum of File 9's transformed domain scores."""
    return transformed.select(
        "lsoa_code",
        pl.sum_horizontal(pl.col(f"{d}_transformed_score") * w for d, w in IMD_WEIGHTS.items())
        .alias("imd2019_score"),
    )  # fmt: skip


def _scores(frame: pl.DataFrame, wide: list[Indicator], vintage: int) -> pl.DataFrame:
    """Wide LSOA columns (plus `weight`) -> score member rows for the given indicators."""
    parts = [
        frame.select(
            pl.col("lsoa_code").alias("member_code"), pl.lit(vintage, pl.Int64).alias("vintage"),
            pl.lit(i.indicator_id, pl.Int64).alias("indicator_id"),
            pl.col(i.inputs[0]).cast(pl.Float64).alias("value"), pl.col("weight").cast(pl.Float64),
        )
        for i in wide if i.inputs[0] in frame.columns
    ]  # fmt: skip
    out = pl.concat(parts) if parts else pl.DataFrame(schema=SCORE_SCHEMA)
    return out.filter(pl.col("value").is_not_null() & (pl.col("weight") > 0))


def score_members(
    imd: pl.DataFrame,
    transformed: pl.DataFrame | None,
    underlying: pl.DataFrame | None,
    denominators: pl.DataFrame,
    population21: pl.DataFrame,
) -> pl.DataFrame:
    """Weighted-mean inputs: IoD2019 on File 6 weights, IoD2025 on LSOA 2021 population."""
    means = [i for i in INDICATORS if i.method == "weighted_mean"]
    w19 = denominators.select("lsoa_code", pl.col("population_total").alias("weight"))
    w25 = population21.select("lsoa_code", pl.col("population").alias("weight"))
    parts = []
    wide25 = imd.filter(pl.col("iod_edition") == 2025).join(w25, on="lsoa_code")
    parts.append(_scores(wide25, [i for i in means if i.edition.startswith("IoD2025")
                                  and i.indicator_id < 990200], 2021))  # fmt: skip
    if transformed is not None:
        parts.append(_scores(imd2019_score(transformed).join(w19, on="lsoa_code"),
                             [i for i in means if i.inputs == ("imd2019_score",)], 2011))  # fmt: skip
    if underlying is not None:
        for edition, weights, vintage in ((2019, w19, 2011), (2025, w25, 2021)):
            long = underlying.filter(pl.col("iod_edition") == edition)
            wide = long.pivot(on="indicator", index="lsoa_code", values="value")
            wanted = [i for i in means if i.indicator_id >= 990200
                      and i.edition.startswith(f"IoD{edition}")]  # fmt: skip
            parts.append(_scores(wide.join(weights, on="lsoa_code"), wanted, vintage))
    return pl.concat([p.select(SCORE) for p in parts])


def _counts(frame: pl.DataFrame, indicator: Indicator, vintage: int) -> pl.DataFrame:
    """member_code, count, denominator -> member count rows in aggregation's shape."""
    kind = "Crude rate" if indicator.method == "ratio" else "Proportion"
    return frame.select(
        pl.lit("lsoa").alias("member_type"), pl.col("member_code"),
        pl.lit(vintage, pl.Int64).alias("vintage"),
        pl.lit(indicator.indicator_id, pl.Int64).alias("indicator_id"),
        pl.lit(indicator.name).alias("indicator_name"), pl.lit("Persons").alias("sex"),
        pl.lit("All ages").alias("age"), pl.lit(indicator.period).alias("period"),
        pl.lit(int(indicator.period) * 10_000, pl.Int64).alias("period_sortable"),
        pl.lit("####").alias("period_type"), pl.lit(kind).alias("value_type"),
        pl.lit(100.0).alias("multiplier"), pl.col("count").cast(pl.Float64),
        pl.col("denominator").cast(pl.Float64),
    ).filter(pl.col("count").is_not_null() & (pl.col("denominator") > 0))  # fmt: skip


def _age_sum(frame: pl.DataFrame, lo: int, hi: int) -> pl.Expr:
    return pl.col("population").filter(pl.col("age_lower").is_between(lo, hi)).sum()


def count_members(
    imd: pl.DataFrame,
    underlying: pl.DataFrame | None,
    denominators: pl.DataFrame,
    population21: pl.DataFrame,
    population: pl.DataFrame | None,
) -> pl.DataFrame:
    """Proportion and ratio inputs: decile shares, IoD2019 numerators, population structure."""
    parts = []
    weights = {2019: denominators.select("lsoa_code", pl.col("population_total").alias("pop")),
               2025: population21.select("lsoa_code", pl.col("population").alias("pop"))}  # fmt: skip
    wide19 = None
    if underlying is not None:
        wide19 = (
            underlying.filter(pl.col("iod_edition") == 2019)
            .pivot(on="indicator", index="lsoa_code", values="value")
            .join(denominators, on="lsoa_code")
        )
    for i in INDICATORS:
        if i.method == "weighted_mean" or i.domain == "Population structure":
            continue
        if i.inputs[0] == "imd_decile":
            edition = int(i.period)
            rows = imd.filter(pl.col("iod_edition") == edition).join(
                weights[edition], on="lsoa_code"
            )
            frame = rows.select(
                pl.col("lsoa_code").alias("member_code"),
                pl.when(pl.col("imd_decile") <= int(i.inputs[1])).then(pl.col("pop"))
                .otherwise(0.0).alias("count"), pl.col("pop").alias("denominator"),
            )  # fmt: skip
            parts.append(_counts(frame, i, 2011 if edition == 2019 else 2021))
        elif wide19 is not None and i.inputs[0] in wide19.columns:
            frame = wide19.select(
                pl.col("lsoa_code").alias("member_code"),
                pl.col(i.inputs[0]).alias("count"),
                pl.col(i.inputs[1]).alias("denominator"),
            ).filter(pl.col("count") <= pl.col("denominator"))
            parts.append(_counts(frame, i, 2011))
    if population is not None:
        parts.append(population_members(population))
    parts = [p for p in parts if p.height]
    return pl.concat(parts, how="vertical_relaxed") if parts else pl.DataFrame()


def population_members(population: pl.DataFrame, year: int = 2020) -> pl.DataFrame:
    """% by age band and the old-age dependency ratio from LSOA 2011 single years of age."""
    lsoa = population.filter((pl.col("area_type") == "lsoa11") & (pl.col("year") == year))
    if lsoa.is_empty():
        return pl.DataFrame()
    parts = []
    for i in (x for x in INDICATORS if x.domain == "Population structure"):
        lo, hi = int(i.inputs[0]), int(i.inputs[1])
        if i.method == "ratio":
            den = _age_sum(lsoa, int(i.inputs[2]), int(i.inputs[3]))
        else:
            den = pl.col("population").sum()
        frame = lsoa.group_by(pl.col("area_code").alias("member_code")).agg(
            _age_sum(lsoa, lo, hi).alias("count"), den.alias("denominator")
        )
        parts.append(_counts(frame, i, 2011))
    return pl.concat(parts)


def lsoa11_population(population: pl.DataFrame, year: int = 2020) -> pl.DataFrame:
    """lsoa_code, population (all ages) from the LSOA 2011 single-year estimates."""
    lsoa = population.filter((pl.col("area_type") == "lsoa11") & (pl.col("year") == year))
    return lsoa.group_by(pl.col("area_code").alias("lsoa_code")).agg(pl.col("population").sum())
