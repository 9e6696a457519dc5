"""One row per adult at an index date, from OMOP-subset frames (vectorised Polars group-bys).

Windows are calendar years back from the index date, events strictly before it: emergency
admissions in 2 years; A&E, outpatient visits and distinct medicines in 1 year; the latest
HbA1c, systolic BP and eGFR in 2 years; conditions and frailty deficits ever recorded.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import polars as pl

from models.risk.codelists import (
    EFI_FROM_LTC,
    EFI_OBSERVATIONS,
    EMERGENCY_ADMISSION_METHODS,
    GENDER_FEMALE,
    LTCS,
    MEASUREMENTS,
    NHS_ETHNIC_GROUPS,
    POLYPHARMACY_MIN,
    SMOKING_CODES,
    VISIT_ER,
    VISIT_ER_INPATIENT,
    VISIT_INPATIENT,
    VISIT_OUTPATIENT,
    condition_category_maps,
)

LTC_COLUMNS = [f"ltc_{k.lower()}" for k in LTCS]
FEATURE_COLUMNS = [
    "age", "female", "imd_decile", *LTC_COLUMNS, "n_ltc", "frailty_deficits",
    "prior_emergency_admissions_2y", "prior_ae_attendances_1y", "outpatient_visits_1y",
    "n_medicines_1y", "polypharmacy", "hba1c_high", "sbp_high", "egfr_low", "smoker",
]  # fmt: skip
Tables = Mapping[str, pl.DataFrame]


def years_before(day: date, years: int) -> date:
    """The same calendar day `years` earlier (28 February for 29 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def cohort(tables: Tables, index: date, min_age: int = 18) -> pl.DataFrame:
    """Persons registered and alive on `index`, aged `min_age`+, with area attributes."""
    op = tables["observation_period"].filter(
        (pl.col("observation_period_start_date") <= index)
        & (pl.col("observation_period_end_date") >= index)
    )
    died = tables["death"].filter(pl.col("death_date") < index)
    month = pl.col("month_of_birth").fill_null(7)
    location = tables["location"].select(
        "location_id", "lsoa_code", "ward_code", "neighbourhood", "imd_decile"
    )
    return (
        tables["person"]
        .unique(subset="person_id", keep="first")
        .join(op.select("person_id"), on="person_id", how="semi")
        .join(died.select("person_id"), on="person_id", how="anti")
        .with_columns(
            age=(index.year - pl.col("year_of_birth") - (month > index.month).cast(pl.Int32)),
            female=pl.col("gender_concept_id") == GENDER_FEMALE,
            ethnic_category=pl.col("race_source_value"),
            ethnic_group=pl.col("race_source_value").replace_strict(
                NHS_ETHNIC_GROUPS, default="Not stated", return_dtype=pl.String
            ),
        )
        .filter(pl.col("age") >= min_age)
        .join(location, on="location_id", how="left")
        .select(
            "person_id", "age", "female", "ethnic_category", "ethnic_group", "lsoa_code",
            "ward_code", "neighbourhood", pl.col("imd_decile").cast(pl.Int32),
        )
    )  # fmt: skip


def _conditions(tables: Tables, index: date) -> pl.DataFrame:
    snomed, icd = condition_category_maps()
    code = pl.col("condition_source_value")
    icd3 = code.str.replace(".", "", literal=True).str.slice(0, 3)
    cats = (
        tables["condition_occurrence"]
        .filter(pl.col("condition_start_date") < index)
        .select(
            "person_id",
            category=code.replace_strict(snomed, default=None, return_dtype=pl.String).fill_null(
                icd3.replace_strict(icd, default=None, return_dtype=pl.String)
            ),
        )
        .drop_nulls("category")
        .unique()
    )
    flags = [(pl.col("category") == f"ltc_{k}").any().alias(f"ltc_{k.lower()}") for k in LTCS]
    efi = pl.col("category").str.starts_with("efi_").sum().alias("efi_conditions")
    return cats.group_by("person_id").agg(*flags, efi)


def _observations(tables: Tables, index: date) -> pl.DataFrame:
    obs = tables["observation"].filter(pl.col("observation_date") < index)
    code = pl.col("observation_source_value")
    efi = (
        obs.filter(code.is_in(list(EFI_OBSERVATIONS.values())))
        .group_by("person_id")
        .agg(code.n_unique().alias("efi_observations"))
    )
    smoking = (
        obs.filter(code.is_in(list(SMOKING_CODES)))
        .sort("observation_date", "observation_id")
        .group_by("person_id")
        .agg(smoker=code.last().replace_strict(SMOKING_CODES) == "current")
    )
    return efi.join(smoking, on="person_id", how="full", coalesce=True)


def _visits(tables: Tables, index: date) -> pl.DataFrame:
    one, two = years_before(index, 1), years_before(index, 2)
    start, concept = pl.col("visit_start_date"), pl.col("visit_concept_id")
    emergency = (concept == VISIT_ER_INPATIENT) | (
        (concept == VISIT_INPATIENT)
        & pl.col("visit_source_value").is_in(list(EMERGENCY_ADMISSION_METHODS))
    )
    recent = start >= one
    return (
        tables["visit_occurrence"]
        .filter((start >= two) & (start < index))
        .unique(subset="visit_occurrence_id", keep="first")
        .group_by("person_id")
        .agg(
            prior_emergency_admissions_2y=emergency.sum(),
            prior_ae_attendances_1y=((concept == VISIT_ER) & recent).sum(),
            outpatient_visits_1y=((concept == VISIT_OUTPATIENT) & recent).sum(),
        )
    )


def _medicines(tables: Tables, index: date) -> pl.DataFrame:
    start = pl.col("drug_exposure_start_date")
    return (
        tables["drug_exposure"]
        .filter((start >= years_before(index, 1)) & (start < index))
        .group_by("person_id")
        .agg(n_medicines_1y=pl.col("drug_source_value").n_unique())
    )


def _measurements(tables: Tables, index: date) -> pl.DataFrame:
    by_concept = {concept: key for key, (concept, _, _) in MEASUREMENTS.items()}
    by_source = {source: key for key, (_, source, _) in MEASUREMENTS.items()}
    day = pl.col("measurement_date")
    latest = (
        tables["measurement"]
        .filter((day >= years_before(index, 2)) & (day < index))
        .with_columns(
            key=pl.col("measurement_concept_id")
            .replace_strict(by_concept, default=None, return_dtype=pl.String)
            .fill_null(pl.col("measurement_source_value").replace_strict(by_source, default=None))
        )
        .drop_nulls(["key", "value_as_number"])
        .sort("measurement_date", "measurement_id")
        .group_by("person_id", "key")
        .agg(pl.col("value_as_number").last())
    )
    wide = latest.pivot(on="key", index="person_id", values="value_as_number")
    for key in MEASUREMENTS:
        if key not in wide.columns:
            wide = wide.with_columns(pl.lit(None, pl.Float64).alias(key))
    return wide.select("person_id", *[pl.col(k).alias(f"{k}_latest") for k in MEASUREMENTS])


def build_features(tables: Tables, index: date, min_age: int = 18) -> pl.DataFrame:
    """Feature frame (one row per cohort member) at `index`; see FEATURE_COLUMNS."""
    frame = cohort(tables, index, min_age)
    for part in (
        _conditions(tables, index),
        _observations(tables, index),
        _visits(tables, index),
        _medicines(tables, index),
        _measurements(tables, index),
    ):
        frame = frame.join(part, on="person_id", how="left")
    counts = ["efi_conditions", "efi_observations", "prior_emergency_admissions_2y",
              "prior_ae_attendances_1y", "outpatient_visits_1y", "n_medicines_1y"]  # fmt: skip
    frame = frame.with_columns(
        [pl.col(c).fill_null(0).cast(pl.Int32) for c in counts]
        + [pl.col(c).fill_null(False) for c in [*LTC_COLUMNS, "smoker"]]
    )
    ltc_deficits = pl.sum_horizontal(
        pl.any_horizontal([pl.col(f"ltc_{k.lower()}") for k in keys]).cast(pl.Int32)
        for keys in EFI_FROM_LTC.values()
    )
    poly = pl.col("n_medicines_1y") >= POLYPHARMACY_MIN
    return frame.with_columns(
        n_ltc=pl.sum_horizontal(pl.col(LTC_COLUMNS).cast(pl.Int32)),
        polypharmacy=poly,
        frailty_deficits=ltc_deficits
        + pl.col("efi_conditions")
        + pl.col("efi_observations")
        + poly.cast(pl.Int32),
        hba1c_high=(pl.col("hba1c_latest") >= 75).fill_null(False),
        sbp_high=(pl.col("sbp_latest") >= 160).fill_null(False),
        egfr_low=(pl.col("egfr_latest") < 30).fill_null(False),
        imd_decile=pl.col("imd_decile").fill_null(5),
        index_date=pl.lit(index),
    ).drop("efi_conditions", "efi_observations")


def build_outcomes(tables: Tables, index: date, persons: pl.DataFrame) -> pl.DataFrame:
    """Emergency admission in [index, index + 1 year) and time to admission or death."""
    horizon = years_before(index, -1)
    start, concept = pl.col("visit_start_date"), pl.col("visit_concept_id")
    emergency = (concept == VISIT_ER_INPATIENT) | (
        (concept == VISIT_INPATIENT)
        & pl.col("visit_source_value").is_in(list(EMERGENCY_ADMISSION_METHODS))
    )
    first = (
        tables["visit_occurrence"]
        .filter(emergency & (start >= index) & (start < horizon))
        .group_by("person_id")
        .agg(first_admission=start.min())
    )
    deaths = (
        tables["death"]
        .filter(pl.col("death_date") >= index)
        .group_by("person_id")
        .agg(pl.col("death_date").min())
    )
    ends = (
        tables["observation_period"]
        .group_by("person_id")
        .agg(pl.col("observation_period_end_date").max().alias("obs_end"))
    )
    out = (
        persons.select("person_id")
        .join(first, on="person_id", how="left")
        .join(deaths, on="person_id", how="left")
        .join(ends, on="person_id", how="left")
        .with_columns(death_in_window=pl.col("death_date") < horizon)
    )
    event_day = pl.min_horizontal(
        "first_admission", pl.when(pl.col("death_in_window")).then(pl.col("death_date"))
    )
    censor = pl.min_horizontal(pl.col("obs_end").dt.offset_by("1d"), pl.lit(horizon))
    return out.select(
        "person_id",
        outcome=pl.col("first_admission").is_not_null(),
        event=event_day.is_not_null(),
        duration_days=pl.max_horizontal(
            (pl.coalesce(event_day.dt.offset_by("1d"), censor) - pl.lit(index)).dt.total_days(), 1
        ),
    )
