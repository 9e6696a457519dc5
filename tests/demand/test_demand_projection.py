"""Projection arithmetic on a hand-checked case; local rates and their fallback."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from models.demand.projection import (
    ALL_AGES,
    NATIONAL_DEFAULT,
    DemandAssumptions,
    age_band_of,
    local_rates,
    project_activity,
    project_population,
)
from models.demand.scenarios import projection_table, scenario_activity, scenario_levers

BASE = pl.DataFrame({
    "area_code": ["E1", "E1"], "area_name": ["Place", "Place"], "year": [2020, 2020],
    "age_band": ["60-64", "65-69"], "population": [1000, 2000],
})  # fmt: skip
GROWTH = pl.DataFrame({"age_band": ["60-64", "65-69"], "annual_growth": [0.0, 0.1]})
RATES = pl.DataFrame({
    "age_band": ["60-64", "65-69"], "sex": ["Persons", "Persons"],
    "emergency_admissions_per_1000": [100.0, 200.0], "mean_length_of_stay_days": [4.0, 5.0],
})  # fmt: skip
ASSUME = DemandAssumptions(occupancy=0.8, horizon_years=2)
LEVERS = pl.DataFrame({
    "target_id": ["falls"], "activity": ["emergency_admissions"], "age_from": [65],
    "rate_per": [100_000], "bed_day_factor": [1.0], "label": ["Falls to target"],
})  # fmt: skip
REGISTRY = pl.DataFrame({
    "target_id": ["falls", "falls"], "area_code": ["E1", "E2"],
    "baseline_value": [2000.0, 2000.0], "target_value": [1000.0, 1000.0],
    "target_date": [dt.date(2022, 3, 31)] * 2,
})  # fmt: skip


def _projection() -> pl.DataFrame:
    population = project_population(BASE, GROWTH, ASSUME.horizon_years)
    activity = project_activity(population, RATES, ASSUME)
    levers = scenario_levers(LEVERS, REGISTRY)
    return projection_table(scenario_activity(activity, levers, ASSUME.occupancy), 0.8)


def _row(frame: pl.DataFrame, scenario: str, year: int, band: str) -> dict:
    return frame.filter(
        (pl.col("scenario") == scenario) & (pl.col("year") == year) & (pl.col("age_band") == band)
    ).row(0, named=True)


def test_do_nothing_by_hand() -> None:
    # 65-69 in 2021: 2000 × 1.1 = 2200 people; × 200/1000 = 440 admissions; × 5 = 2200 bed
    # days; ÷ (365 × 0.8) = 7.5342 beds.
    row = _row(_projection(), "do_nothing", 2021, "65-69")
    assert row["population"] == pytest.approx(2200)
    assert row["emergency_admissions"] == pytest.approx(440)
    assert row["bed_days"] == pytest.approx(2200)
    assert row["beds"] == pytest.approx(2200 / 292)


def test_all_ages_and_beds_vs_base_year() -> None:
    frame = _projection()
    # 2022: 60-64 100 adm × 4 = 400 bed days; 65-69 2420 people → 484 adm → 2420 bed days.
    total = _row(frame, "do_nothing", 2022, ALL_AGES)
    assert total["emergency_admissions"] == pytest.approx(584)
    assert total["bed_days"] == pytest.approx(2820)
    base_beds = (400 + 2000) / 292
    assert total["beds_vs_base_year"] == pytest.approx(2820 / 292 - base_beds)
    assert _row(frame, "do_nothing", 2020, ALL_AGES)["beds_vs_base_year"] == pytest.approx(0)


def test_target_lever_by_hand() -> None:
    frame = _projection()
    # 2021 is half-way from 2020 to the 2022 target: avoided = 0.5 × (2000 − 1000)/100,000 ×
    # 2200 = 11 of 440 admissions (2.5%); bed days fall by the same fraction.
    row = _row(frame, "falls", 2021, "65-69")
    assert row["emergency_admissions"] == pytest.approx(429)
    assert row["bed_days"] == pytest.approx(2145)
    assert row["target_set_for_place"] is True
    # Full effect by 2022: 1% of 2420 = 24.2 avoided of 484.
    assert _row(frame, "falls", 2022, "65-69")["emergency_admissions"] == pytest.approx(459.8)
    # Out of scope (under 65) and the base year are untouched.
    assert _row(frame, "falls", 2022, "60-64")["emergency_admissions"] == pytest.approx(100)
    assert _row(frame, "falls", 2020, "65-69")["emergency_admissions"] == pytest.approx(400)


def test_targets_that_add_activity_or_lack_values_are_dropped() -> None:
    worse = REGISTRY.with_columns(target_value=pl.lit(3000.0))
    assert scenario_levers(LEVERS, worse).is_empty()
    assert scenario_levers(LEVERS, REGISTRY.with_columns(baseline_value=None)).is_empty()


def test_projected_population_overrides_growth() -> None:
    projected = pl.DataFrame(
        {"area_code": ["E1"], "year": [2021], "age_band": ["65-69"], "population": [5000]}
    )
    frame = project_population(BASE, GROWTH, 2, projected)
    row = frame.filter((pl.col("year") == 2021) & (pl.col("age_band") == "65-69")).row(
        0, named=True
    )
    assert row["population"] == 5000 and "projection" in row["growth_source"]


def test_local_rates_and_fallback() -> None:
    exposure = pl.DataFrame(
        {
            "age": [60, 61, 65],
            "person_years": [400.0, 200.0, 10.0],
            "admissions": [30, 6, 5],
            "bed_days": [72, 18, 50],
        }
    )
    rates = local_rates(exposure, RATES, min_person_years=500)
    local = rates.filter(pl.col("age_band") == "60-64").row(0, named=True)
    assert local["emergency_admissions_per_1000"] == pytest.approx(60)  # 36 / 600 py
    assert local["mean_length_of_stay_days"] == pytest.approx(2.5)  # 90 / 36
    thin = rates.filter(pl.col("age_band") == "65-69").row(0, named=True)
    assert thin["emergency_admissions_per_1000"] == 200 and thin["rate_source"] == NATIONAL_DEFAULT


def test_age_bands_and_bad_assumptions() -> None:
    bands = pl.select(age_band_of(pl.Series([0, 4, 5, 89, 90, 104]))).to_series().to_list()
    assert bands == ["0-4", "0-4", "5-9", "85-89", "90+", "90+"]
    with pytest.raises(ValueError, match="occupancy"):
        DemandAssumptions(occupancy=1.5)
    with pytest.raises(ValueError, match="growth"):
        project_population(BASE, GROWTH.head(1), 2)


def test_non_demographic_rate_growth_and_length_of_stay_trend() -> None:
    assume = DemandAssumptions(
        occupancy=0.8, horizon_years=2, admission_rate_annual_change=0.05,
        length_of_stay_annual_change=-0.1,
    )  # fmt: skip
    population = project_population(BASE, GROWTH, 2)
    row = (
        project_activity(population, RATES, assume)
        .filter((pl.col("year") == 2022) & (pl.col("age_band") == "60-64"))
        .row(0, named=True)
    )
    # 1000 people × 100/1000 × 1.05² = 110.25 admissions; × 4 days × 0.9² = 357.21 bed days.
    assert row["emergency_admissions"] == pytest.approx(110.25)
    assert row["bed_days"] == pytest.approx(357.21)
