"""Demand projection: age-specific activity rates applied to a projected population.

Method: the "do nothing" projection used in STP capacity plans (e.g. Birmingham and Solihull
2016): activity(year, band) = population(year, band) × rate(band); bed days = admissions ×
mean length of stay; beds = bed days ÷ (365 × occupancy). Rates, length of stay and occupancy
are held constant unless a parameter changes them.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

ALL_AGES = "All ages"
NATIONAL_DEFAULT = "national default (data/demand/activity_rates.csv)"
ASSUMED_GROWTH = "assumed growth (data/demand/population_growth.csv)"
PROJECTED = "population projection (staging.population_projection)"
RATE_COLUMNS = ["emergency_admissions_per_1000", "mean_length_of_stay_days"]


@dataclass(frozen=True)
class DemandAssumptions:
    """Occupancy (fraction of beds filled), annual change in length of stay, years ahead, and
    non-demographic annual change in admission rates (0 = demographic growth only)."""

    occupancy: float = 0.85
    length_of_stay_annual_change: float = 0.0
    horizon_years: int = 5
    admission_rate_annual_change: float = 0.0

    def __post_init__(self) -> None:
        if not 0 < self.occupancy <= 1:
            raise ValueError(f"occupancy must be in (0, 1], got {self.occupancy}")
        if self.horizon_years < 1:
            raise ValueError(f"horizon_years must be at least 1, got {self.horizon_years}")


def band_lower(band: pl.Expr) -> pl.Expr:
    """Youngest age of a band label such as '65-69' or '90+'."""
    return band.str.extract(r"^(\d+)", 1).cast(pl.Int64)


def age_band_of(age: pl.Expr) -> pl.Expr:
    """The 5-year band label (0-4 … 85-89, 90+) of an age in years."""
    lower = (age.clip(0, 90) // 5 * 5).cast(pl.Int64)
    return pl.when(lower >= 90).then(pl.lit("90+")).otherwise(pl.format("{}-{}", lower, lower + 4))


def project_population(
    base: pl.DataFrame,
    growth: pl.DataFrame,
    horizon_years: int,
    projected: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Population by area, year and band: a projection where given, else base × (1+growth)^k.

    `base`: area_code, area_name, year, age_band, population (one year per area);
    `growth`: age_band, annual_growth; `projected` (optional): area_code, year, age_band,
    population, e.g. ONS subnational projections.
    """
    missing = set(base["age_band"].unique()) - set(growth["age_band"])
    if missing:
        raise ValueError(f"no growth assumption for age band(s) {sorted(missing)}")
    offsets = pl.DataFrame({"years_ahead": list(range(horizon_years + 1))})
    frame = (
        base.rename({"year": "base_year"})
        .join(growth, on="age_band", how="left")
        .join(offsets, how="cross")
        .with_columns(year=pl.col("base_year") + pl.col("years_ahead"))
        .with_columns(
            population=pl.col("population")
            * (1 + pl.col("annual_growth")) ** pl.col("years_ahead"),
            growth_source=pl.lit(ASSUMED_GROWTH),
        )
    )
    if projected is not None and projected.height:
        frame = frame.join(
            projected.select("area_code", "year", "age_band", pl.col("population").alias("_ons")),
            on=["area_code", "year", "age_band"],
            how="left",
        ).with_columns(
            population=pl.coalesce("_ons", "population").cast(pl.Float64),
            growth_source=pl.when(pl.col("_ons").is_not_null())
            .then(pl.lit(PROJECTED))
            .otherwise("growth_source"),
        )
    return frame.select(
        "area_code", "area_name", "base_year", "year", "years_ahead", "age_band",
        pl.col("population").cast(pl.Float64), "growth_source",
    )  # fmt: skip


def local_rates(
    exposure: pl.DataFrame, national: pl.DataFrame, min_person_years: float = 500.0
) -> pl.DataFrame:
    """Per-band rates from patient-level exposure, falling back to `national` where it is thin.

    `exposure`: age, person_years, admissions, bed_days (one row per single year of age).
    A band uses local figures when it has at least `min_person_years`; its length of stay is
    local when it also has at least one admission.
    """
    banded = (
        exposure.with_columns(age_band=age_band_of(pl.col("age")))
        .group_by("age_band")
        .agg(pl.col("person_years", "admissions", "bed_days").sum())
    )
    joined = national.join(banded, on="age_band", how="left").with_columns(
        pl.col("person_years", "admissions", "bed_days").fill_null(0)
    )
    use_local = pl.col("person_years") >= min_person_years
    return joined.select(
        "age_band",
        "sex",
        pl.when(use_local)
        .then(1000 * pl.col("admissions") / pl.col("person_years"))
        .otherwise("emergency_admissions_per_1000")
        .alias("emergency_admissions_per_1000"),
        pl.when(use_local & (pl.col("admissions") > 0))
        .then(pl.col("bed_days") / pl.col("admissions"))
        .otherwise("mean_length_of_stay_days")
        .alias("mean_length_of_stay_days"),
        pl.when(use_local)
        .then(pl.format("place patient records ({} person-years)", pl.col("person_years").round(0)))
        .otherwise(pl.lit(NATIONAL_DEFAULT))
        .alias("rate_source"),
    )


def project_activity(
    population: pl.DataFrame, rates: pl.DataFrame, assumptions: DemandAssumptions
) -> pl.DataFrame:
    """Admissions, bed days and beds for each area × year × band ("do nothing")."""
    if "rate_source" not in rates.columns:
        rates = rates.with_columns(rate_source=pl.lit(NATIONAL_DEFAULT))
    if "area_code" not in rates.columns:
        rates = population.select("area_code").unique().join(rates, how="cross")
    missing = population.join(rates, on=["area_code", "age_band"], how="anti")
    if missing.height:
        raise ValueError(
            f"no activity rate for age band(s) {missing['age_band'].unique().to_list()}"
        )
    los_trend = (1 + assumptions.length_of_stay_annual_change) ** pl.col("years_ahead")
    rate_trend = (1 + assumptions.admission_rate_annual_change) ** pl.col("years_ahead")
    return (
        population.join(
            rates.select("area_code", "age_band", *RATE_COLUMNS, "rate_source"),
            on=["area_code", "age_band"],
        )
        .with_columns(
            emergency_admissions=pl.col("population")
            * pl.col("emergency_admissions_per_1000")
            / 1000
            * rate_trend
        )
        .with_columns(
            bed_days=pl.col("emergency_admissions") * pl.col("mean_length_of_stay_days") * los_trend
        )
        .with_columns(beds=pl.col("bed_days") / (365 * assumptions.occupancy))
        .drop(RATE_COLUMNS)
    )
