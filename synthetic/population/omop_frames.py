"""Turn the generator's arrays into OMOP CDM v5.4-subset frames and the answer frames."""

from __future__ import annotations

import numpy as np
import polars as pl

from models.risk.codelists import (
    EFI_CONDITIONS,
    EFI_OBSERVATIONS,
    GENDER_FEMALE,
    GENDER_MALE,
    LTCS,
    MEASUREMENTS,
    SMOKING_CODES,
    VISIT_ER,
    VISIT_ER_INPATIENT,
    VISIT_INPATIENT,
    VISIT_OUTPATIENT,
)
from synthetic.population.events import MEASURES, N_DRUGS, Events
from synthetic.population.generator import LTC_KEYS, NEVER, YEAR_STARTS, People, PlaceInputs

EHR = 32817  # OMOP type concept "EHR"
EXTRACT_DATE = int(YEAR_STARTS[-1])
DRUG_NAMES = tuple(f"BNF-{chapter:02d}-{i:03d}" for i in range(N_DRUGS) for chapter in [1 + i % 15])
# kind index in Events.visits -> (visit_concept_id, visit_source_value = HES admission method)
VISIT_KINDS = (
    (VISIT_ER_INPATIENT, "21"),
    (VISIT_ER, None),
    (VISIT_OUTPATIENT, None),
    (VISIT_INPATIENT, "11"),
)


def _dates(days: np.ndarray) -> pl.Series:
    return pl.Series(np.asarray(days, dtype=np.int32)).cast(pl.Date)


def _ids(n: int) -> pl.Series:
    return pl.Series(np.arange(1, n + 1, dtype=np.int64))


def omop_tables(
    people: People, events: Events, place: PlaceInputs, rng: np.random.Generator
) -> dict[str, pl.DataFrame]:
    """The ten OMOP-subset tables for the synthetic population (person_id = index + 1)."""
    p = people
    pid = _ids(p.n)
    end = np.minimum(p.death, EXTRACT_DATE)
    dead = np.flatnonzero(p.death < NEVER)
    tables = {
        "person": pl.DataFrame({
            "person_id": pid,
            "gender_concept_id": np.where(p.female, GENDER_FEMALE, GENDER_MALE).astype(np.int32),
            "year_of_birth": p.year_of_birth.astype(np.int32),
            "month_of_birth": p.month_of_birth.astype(np.int32),
            "race_concept_id": np.zeros(p.n, np.int32),
            "ethnicity_concept_id": np.zeros(p.n, np.int32),
            "location_id": p.lsoa.astype(np.int64) + 1,
            "care_site_id": p.practice.astype(np.int64) + 1,
            "gender_source_value": np.where(p.female, "F", "M"),
            "race_source_value": p.ethnicity,
        }),
        "observation_period": pl.DataFrame({
            "observation_period_id": pid, "person_id": pid,
            "observation_period_start_date": _dates(p.obs_start),
            "observation_period_end_date": _dates(end),
            "period_type_concept_id": np.full(p.n, EHR, np.int32),
        }),
        "death": pl.DataFrame({
            "person_id": dead + 1, "death_date": _dates(p.death[dead]),
            "death_type_concept_id": np.full(dead.size, EHR, np.int32),
        }),
        "location": place.lsoas.select(
            pl.int_range(1, pl.len() + 1, dtype=pl.Int64).alias("location_id"),
            pl.col("lsoa_code").alias("location_source_value"),
            "lsoa_code", "ward_code", "ward_name", "neighbourhood",
            pl.col("imd_decile").cast(pl.Int32),
        ),
        "care_site": place.practices.select(
            pl.int_range(1, pl.len() + 1, dtype=pl.Int64).alias("care_site_id"),
            pl.col("ods_code").alias("care_site_name"),
            pl.lit(8940, pl.Int32).alias("place_of_service_concept_id"),
            pl.col("ods_code").alias("care_site_source_value"),
            "ods_code",
        ),
    }  # fmt: skip
    tables["visit_occurrence"] = _visits(events)
    tables["condition_occurrence"] = _conditions(p, rng)
    tables["drug_exposure"] = _drugs(events)
    tables["measurement"] = _measurements(events)
    tables["observation"] = _observations(p, events)
    return tables


def _visits(events: Events) -> pl.DataFrame:
    parts = []
    for idx, start, stop, kind in events.visits:
        concept, method = VISIT_KINDS[kind]
        parts.append(pl.DataFrame({
            "person_id": idx + 1, "visit_concept_id": np.full(idx.size, concept, np.int32),
            "visit_start_date": _dates(start), "visit_end_date": _dates(stop),
            "visit_type_concept_id": np.full(idx.size, EHR, np.int32),
            "visit_source_value": pl.Series([method] * idx.size, dtype=pl.String),
        }))  # fmt: skip
    out = pl.concat(parts).sort("visit_start_date", "person_id")
    return out.select(_ids(out.height).alias("visit_occurrence_id"), pl.all())


def _conditions(p: People, rng: np.random.Generator) -> pl.DataFrame:
    """One row per LTC and condition-type deficit; 20% of LTC rows carry an ICD-10 code."""
    people, codes, days = [], [], []
    for k, key in enumerate(LTC_KEYS):
        idx = np.flatnonzero(p.ltc_onset[:, k] < NEVER)
        snomed, icd = LTCS[key][1], LTCS[key][2]
        pick = np.array(snomed)[rng.integers(0, len(snomed), idx.size)]
        hes = np.char.add(np.array(icd)[rng.integers(0, len(icd), idx.size)], "9")
        people.append(idx)
        codes.append(np.where(rng.random(idx.size) < 0.2, hes, pick))
        days.append(p.ltc_onset[idx, k])
    for j, code in enumerate(EFI_CONDITIONS.values()):
        idx = np.flatnonzero(p.deficit_onset[:, j] < NEVER)
        people.append(idx)
        codes.append(np.full(idx.size, code))
        days.append(p.deficit_onset[idx, j])
    idx = np.concatenate(people)
    out = pl.DataFrame({
        "person_id": idx + 1, "condition_concept_id": np.zeros(idx.size, np.int64),
        "condition_start_date": _dates(np.concatenate(days)),
        "condition_type_concept_id": np.full(idx.size, EHR, np.int32),
        "condition_source_value": np.concatenate(codes).astype(str),
    }).sort("condition_start_date", "person_id")  # fmt: skip
    return out.select(_ids(out.height).alias("condition_occurrence_id"), pl.all())


def _drugs(events: Events) -> pl.DataFrame:
    idx = np.concatenate([d[0] for d in events.drugs])
    day = np.concatenate([d[1] for d in events.drugs])
    code = np.concatenate([d[2] for d in events.drugs])
    supply = np.where(code % 3 == 0, 84, 28).astype(np.int32)
    out = pl.DataFrame({
        "drug_exposure_id": _ids(idx.size), "person_id": idx + 1,
        "drug_concept_id": np.zeros(idx.size, np.int64),
        "drug_exposure_start_date": _dates(day), "drug_exposure_end_date": _dates(day + supply - 1),
        "drug_type_concept_id": np.full(idx.size, 32838, np.int32),
        "drug_source_value": pl.Series(DRUG_NAMES).gather(code), "days_supply": supply,
    })  # fmt: skip
    return out


def _measurements(events: Events) -> pl.DataFrame:
    parts = []
    for idx, day, m, value in events.measurements:
        concept, source, unit = MEASUREMENTS[MEASURES[m]]
        parts.append(pl.DataFrame({
            "person_id": idx + 1, "measurement_concept_id": np.full(idx.size, concept, np.int64),
            "measurement_date": _dates(day),
            "measurement_type_concept_id": np.full(idx.size, EHR, np.int32),
            "value_as_number": value.astype(np.float64),
            "unit_source_value": pl.Series([unit] * idx.size, dtype=pl.String),
            "measurement_source_value": pl.Series([source] * idx.size, dtype=pl.String),
        }))  # fmt: skip
    out = pl.concat(parts)
    return out.select(_ids(out.height).alias("measurement_id"), pl.all())


def _observations(p: People, events: Events) -> pl.DataFrame:
    idx, day, status = events.smoking
    smoking_codes = np.array(list(SMOKING_CODES))[[2, 1, 0]]  # never, ex, current by status
    people, days, codes = [idx], [day], [smoking_codes[status]]
    first = len(EFI_CONDITIONS)
    for j, code in enumerate(EFI_OBSERVATIONS.values()):
        who = np.flatnonzero(p.deficit_onset[:, first + j] < NEVER)
        people.append(who)
        days.append(p.deficit_onset[who, first + j])
        codes.append(np.full(who.size, code))
    idx = np.concatenate(people)
    out = pl.DataFrame({
        "person_id": idx + 1, "observation_concept_id": np.zeros(idx.size, np.int64),
        "observation_date": _dates(np.concatenate(days)),
        "observation_type_concept_id": np.full(idx.size, EHR, np.int32),
        "observation_source_value": np.concatenate(codes).astype(str),
    })  # fmt: skip
    return out.select(_ids(out.height).alias("observation_id"), pl.all())


def true_risk_frame(events: Events) -> pl.DataFrame:
    """The answer file: person_id, index_date, true_risk and the realised outcome."""
    parts = [
        pl.DataFrame(
            {
                "person_id": idx + 1,
                "index_date": _dates(np.full(idx.size, day)),
                "true_risk": risk,
                "outcome": pl.Series(
                    outcome if outcome is not None else [None] * idx.size, dtype=pl.Boolean
                ),
            }
        )  # fmt: skip
        for idx, day, risk, outcome in events.truth
    ]
    return pl.concat(parts)
