"""Target scenarios for the demand projection, and the published projection table.

A lever is a rate target (e.g. ambulatory care sensitive admissions 940.8 → 632.1 per
100,000): the admissions it avoids in a year are ramp × (baseline − target) ÷ rate_per ×
population in scope, spread over the bands in scope in proportion to their admissions. The
ramp rises linearly from 0 in the base year to 1 at the target year (or the next year, if the
target year has passed), and stays at 1.
"""

from __future__ import annotations

import polars as pl

from models.demand.projection import ALL_AGES, band_lower

DO_NOTHING, ALL_TARGETS = "do_nothing", "all_targets"
LEVER_COLUMNS = ["target_id", "activity", "age_from", "rate_per", "bed_day_factor", "label"]


def scenario_levers(levers: pl.DataFrame, registry: pl.DataFrame) -> pl.DataFrame:
    """Levers joined to their targets; drops incomplete targets and those that add activity."""
    missing = set(LEVER_COLUMNS) - set(levers.columns)
    if missing:
        raise ValueError(f"scenario levers lack column(s) {sorted(missing)}")
    if registry.is_empty():
        return levers.select(LEVER_COLUMNS).clear().with_columns(
            baseline_value=pl.lit(None, pl.Float64), target_value=pl.lit(None, pl.Float64),
            target_year=pl.lit(None, pl.Int64), target_areas=pl.lit(None, pl.List(pl.String)),
        )  # fmt: skip
    targets = registry.group_by("target_id").agg(
        pl.col("baseline_value", "target_value").first(),
        pl.col("target_date").first().dt.year().cast(pl.Int64).alias("target_year"),
        pl.col("area_code").unique().sort().alias("target_areas"),
    )
    return (
        levers.select(LEVER_COLUMNS)
        .join(targets, on="target_id", how="inner")
        .filter(
            pl.col("baseline_value").is_not_null()
            & pl.col("target_value").is_not_null()
            & pl.col("target_year").is_not_null()
            & (pl.col("target_value") < pl.col("baseline_value"))
        )
    )


def _lever_fractions(activity: pl.DataFrame, lever: dict) -> pl.DataFrame:
    """For one lever: the fraction of each in-scope band's admissions avoided, per area × year."""
    in_scope = band_lower(pl.col("age_band")) >= lever["age_from"]
    span = max(1, lever["target_year"] - activity["base_year"].min())
    ramp = ((pl.col("year") - pl.col("base_year")) / span).clip(0, 1)
    drop = (lever["baseline_value"] - lever["target_value"]) / lever["rate_per"]
    scope = (
        activity.filter(in_scope)
        .group_by("area_code", "year", "base_year")
        .agg(pl.col("population", "emergency_admissions").sum())
        .with_columns(avoided=ramp * drop * pl.col("population"))
        .with_columns(
            fraction=(pl.col("avoided") / pl.col("emergency_admissions")).clip(0, 1).fill_nan(0)
        )
    )
    return (
        activity.filter(in_scope)
        .select("area_code", "year", "age_band")
        .join(scope.select("area_code", "year", "fraction"), on=["area_code", "year"])
        .with_columns(bed_fraction=pl.col("fraction") * lever["bed_day_factor"])
    )


def _apply(activity: pl.DataFrame, fractions: pl.DataFrame, occupancy: float) -> pl.DataFrame:
    keys = ["area_code", "year", "age_band"]
    return (
        activity.join(fractions, on=keys, how="left")
        .with_columns(pl.col("fraction", "bed_fraction").fill_null(0).clip(0, 1))
        .with_columns(
            emergency_admissions=pl.col("emergency_admissions") * (1 - pl.col("fraction")),
            bed_days=pl.col("bed_days") * (1 - pl.col("bed_fraction")),
        )
        .with_columns(beds=pl.col("bed_days") / (365 * occupancy))
        .drop("fraction", "bed_fraction")
    )


def scenario_activity(
    activity: pl.DataFrame, levers: pl.DataFrame, occupancy: float
) -> pl.DataFrame:
    """Do-nothing plus one scenario per lever and one with every lever; stacked by scenario."""
    base = activity.with_columns(
        scenario=pl.lit(DO_NOTHING), scenario_label=pl.lit("Do nothing"),
        target_id=pl.lit(None, pl.String), target_set_for_place=pl.lit(None, pl.Boolean),
    )  # fmt: skip
    out, every = [base], []
    for lever in levers.iter_rows(named=True):
        fractions = _lever_fractions(activity, lever)
        every.append(fractions)
        applied = _apply(activity, fractions, occupancy).with_columns(
            scenario=pl.lit(lever["target_id"]), scenario_label=pl.lit(lever["label"]),
            target_id=pl.lit(lever["target_id"]),
            target_set_for_place=pl.col("area_code").is_in(lever["target_areas"]),
        )  # fmt: skip
        out.append(applied)
    if len(every) > 1:
        summed = (
            pl.concat(every)
            .group_by("area_code", "year", "age_band")
            .agg(pl.col("fraction", "bed_fraction").sum())
        )
        out.append(_apply(activity, summed, occupancy).with_columns(
            scenario=pl.lit(ALL_TARGETS), scenario_label=pl.lit("All targets met"),
            target_id=pl.lit(None, pl.String), target_set_for_place=pl.lit(None, pl.Boolean),
        ))  # fmt: skip
    return pl.concat(out, how="vertical_relaxed")


def projection_table(scenarios: pl.DataFrame, occupancy: float) -> pl.DataFrame:
    """Bands plus an 'All ages' row; beds_vs_base_year against do-nothing in the base year."""
    keys = ["area_code", "area_name", "scenario", "scenario_label", "target_id",
            "target_set_for_place", "base_year", "year", "years_ahead"]  # fmt: skip
    measures = ["population", "emergency_admissions", "bed_days", "beds"]
    totals = scenarios.group_by(keys).agg(
        pl.col(measures).sum(),
        pl.lit(ALL_AGES).alias("age_band"),
        *[
            pl.when(pl.col(c).n_unique() == 1).then(pl.col(c).first()).otherwise(pl.lit("mixed"))
            .alias(c)
            for c in ("rate_source", "growth_source")
        ],
    )  # fmt: skip
    frame = pl.concat([scenarios.select(totals.columns), totals], how="vertical_relaxed")
    base = frame.filter((pl.col("scenario") == DO_NOTHING) & (pl.col("years_ahead") == 0)).select(
        "area_code", "age_band", pl.col("beds").alias("_base_beds")
    )
    return (
        frame.join(base, on=["area_code", "age_band"], how="left")
        .with_columns(
            beds_vs_base_year=pl.col("beds") - pl.col("_base_beds"),
            occupancy=pl.lit(occupancy),
            age_lower=band_lower(pl.col("age_band")).fill_null(-1),
        )
        .sort("area_code", "scenario", "year", "age_lower")
        .drop("_base_beds", "age_lower")
    )
