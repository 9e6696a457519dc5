"""Seeded, vectorised synthetic population: people, conditions and yearly events as arrays.

Years run April to March from 2021-04-01; index dates are 2023-04-01 (training),
2024-04-01 (validation) and 2025-04-01 (scoring, the extract date). The true risk at each
index comes from `truth.py`; the realised admissions in the next year are drawn from it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import polars as pl

from models.risk.codelists import EFI_CONDITIONS, EFI_FROM_LTC, EFI_OBSERVATIONS, LTCS
from synthetic.population.truth import calibrate_intercept, sigmoid, true_linear_predictor

YEAR_STARTS = np.array(
    ["2021-04-01", "2022-04-01", "2023-04-01", "2024-04-01", "2025-04-01"], dtype="datetime64[D]"
).astype(np.int64)
INDEX_YEARS = (2, 3, 4)  # positions in YEAR_STARTS used as index dates
NEVER = np.int64(10**6)
LTC_KEYS = tuple(LTCS)
DEFICIT_KEYS = tuple(EFI_CONDITIONS) + tuple(EFI_OBSERVATIONS)
# per LTC: (log-odds per decade from 60, deprivation, latent health, female, South Asian)
LTC_SHAPE: dict[str, tuple[float, float, float, float, float]] = {
    "AF": (0.85, 0.0, 0.4, -0.4, 0.0),
    "AST": (0.0, 0.3, 0.3, 0.2, 0.0),
    "CAN": (0.6, 0.0, 0.3, 0.1, 0.0),
    "CHD": (0.75, 0.5, 0.5, -0.6, 0.3),
    "CKD": (1.0, 0.3, 0.5, 0.2, 0.0),
    "COPD": (0.6, 1.0, 0.6, 0.0, -0.5),
    "DEM": (1.5, 0.2, 0.5, 0.2, 0.0),
    "DEP": (-0.05, 0.5, 0.4, 0.5, 0.0),
    "DM": (0.45, 0.5, 0.5, -0.3, 0.9),
    "HF": (0.95, 0.4, 0.6, -0.3, 0.0),
    "HYP": (0.75, 0.2, 0.4, -0.1, 0.0),
    "STIA": (0.8, 0.3, 0.5, -0.1, 0.0),
}
# prevalence of each eFI deficit at age 75 (conditions, then observations)
DEFICIT_BASE = (
    0.10, 0.08, 0.25, 0.08, 0.10, 0.12, 0.10, 0.04, 0.15, 0.05, 0.05, 0.06,
    0.08, 0.03, 0.03, 0.04, 0.03, 0.08, 0.08, 0.08, 0.06, 0.06, 0.04, 0.04, 0.05, 0.06,
)  # fmt: skip
INCIDENCE = 0.06  # yearly new cases as a share of the modelled prevalence


@dataclass(frozen=True)
class PlaceInputs:
    """Public aggregates that the population is calibrated to."""

    lsoas: pl.DataFrame  # lsoa_code, ward_code, ward_name, neighbourhood, imd_decile, population
    age_weights: np.ndarray  # (n_lsoa, 91): persons by single year of age 0..89, 90+
    practices: pl.DataFrame  # ods_code, list_size
    prevalence: np.ndarray  # (n_practice, len(LTCS)): QOF register / list size in the age base
    ethnicity: dict[str, float] = field(default_factory=dict)  # NHS category -> share
    emergency_admission_rate: float = 0.075  # adults with >= 1 emergency admission in a year


@dataclass
class People:
    """Person-level arrays; dates are days since 1970-01-01."""

    n: int
    lsoa: np.ndarray
    practice: np.ndarray
    age: np.ndarray  # completed years at 2023-04-01
    year_of_birth: np.ndarray
    month_of_birth: np.ndarray
    female: np.ndarray
    ethnicity: np.ndarray
    imd_decile: np.ndarray
    latent: np.ndarray
    obs_start: np.ndarray
    death: np.ndarray
    ltc_onset: np.ndarray  # (n, n_ltc)
    deficit_onset: np.ndarray  # (n, n_deficits)
    drug_offset: np.ndarray
    control: np.ndarray  # (n, 2): persistent HbA1c / BP control


def make_people(place: PlaceInputs, n: int, rng: np.random.Generator) -> People:
    """Draw who lives where, their age, sex, ethnicity, registration, conditions and deficits."""
    pop = place.lsoas["population"].to_numpy().astype(np.float64)
    lsoa = rng.choice(len(pop), size=n, p=pop / pop.sum())
    weights = place.age_weights / place.age_weights.sum(axis=1, keepdims=True)
    cum = np.cumsum(weights, axis=1)
    cum[:, -1] = 1.0
    flat = (cum + np.arange(len(pop))[:, None]).ravel()
    age = np.searchsorted(flat, lsoa + rng.random(n), side="right") - lsoa * weights.shape[1]
    age = np.clip(age, 0, 90)
    age = np.where(age == 90, 90 + rng.integers(0, 10, n), age)
    month = rng.integers(1, 13, n)
    year = 2023 - age - (month > 4)
    female = rng.random(n) < 0.49 + 0.13 * np.clip((age - 55) / 35, 0, 1)
    codes = list(place.ethnicity) or ["A"]
    shares = np.array([place.ethnicity.get(c, 1.0) for c in codes], dtype=np.float64)
    ethnicity = np.array(codes)[rng.choice(len(codes), size=n, p=shares / shares.sum())]
    imd = place.lsoas["imd_decile"].to_numpy()[lsoa]
    dep = (10 - imd) / 9
    latent = rng.standard_normal(n) + 0.4 * dep - 0.2
    sizes = place.practices["list_size"].to_numpy().astype(np.float64)
    practice = rng.choice(len(sizes), size=n, p=sizes / sizes.sum())
    birth = ((year - 1970) * 12 + month - 1).astype("datetime64[M]").astype("datetime64[D]")
    birth = birth.astype(np.int64)
    new = rng.random(n) < 0.06
    registered = np.where(new, rng.integers(YEAR_STARTS[0], YEAR_STARTS[3], n), 10957)
    people = People(
        n, lsoa, practice, age, year, month, female, ethnicity, imd, latent,
        np.maximum(birth, registered), np.full(n, NEVER), np.empty(0), np.empty(0),
        rng.integers(0, 1000, n), rng.standard_normal((n, 2)),
    )  # fmt: skip
    south_asian = np.isin(ethnicity, ["H", "J", "K", "L"])
    people.ltc_onset = _ltc_onsets(people, place, south_asian, birth, rng)
    people.deficit_onset = _deficit_onsets(people, birth, rng)
    return people


def _ltc_onsets(
    p: People,
    place: PlaceInputs,
    south_asian: np.ndarray,
    birth: np.ndarray,
    rng: np.random.Generator,
) -> np.ndarray:
    """Onset day per LTC, calibrated per practice to the QOF prevalence in each age base."""
    dep = (10 - p.imd_decile) / 9
    onset = np.full((p.n, len(LTC_KEYS)), NEVER)
    n_practice = place.prevalence.shape[0]
    for k, key in enumerate(LTC_KEYS):
        slope, d, z, fem, sa = LTC_SHAPE[key]
        eligible = (p.age >= LTCS[key][3]).astype(np.float64)
        lin = slope * (p.age - 60) / 10 + d * dep + z * p.latent + fem * p.female + sa * south_asian
        target = np.clip(np.nan_to_num(place.prevalence[:, k], nan=0.0), 1e-4, 0.6)
        n_eligible = np.bincount(p.practice, eligible, n_practice)
        shift = np.log(target / (1 - target)) - np.median(lin)
        for _ in range(12):
            prob = sigmoid(shift[p.practice] + lin) * eligible
            got = np.bincount(p.practice, prob, n_practice)
            slope_sum = np.bincount(p.practice, prob * (1 - prob), n_practice)
            shift += np.clip((target * n_eligible - got) / np.maximum(slope_sum, 1e-9), -3, 3)
        prob = sigmoid(shift[p.practice] + lin) * eligible
        onset[:, k] = _onset_days(prob, birth, rng)
    return onset


def _deficit_onsets(p: People, birth: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Onset day per non-LTC eFI deficit (age-graded, clustered through the latent health)."""
    dep = (10 - p.imd_decile) / 9
    onset = np.full((p.n, len(DEFICIT_KEYS)), NEVER)
    lin = 0.7 * (p.age - 75) / 10 + 0.6 * p.latent + 0.3 * dep - 0.25
    for j, base in enumerate(DEFICIT_BASE):
        onset[:, j] = _onset_days(sigmoid(np.log(base / (1 - base)) + lin), birth, rng)
    return onset


def _onset_days(prob: np.ndarray, birth: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Prevalent cases before 2023-04-01, then new cases in the two following years."""
    n, index = len(prob), YEAR_STARTS[2]
    onset = np.full(n, NEVER)
    prevalent = rng.random(n) < prob
    back = np.ceil(rng.exponential(7 * 365.25, n)).astype(np.int64)
    days = index - back
    early = days < birth
    days[early] = birth[early] + (rng.random(early.sum()) * np.maximum(index - birth[early], 1))
    onset[prevalent] = days[prevalent]
    for y in (2, 3):
        new = ~prevalent & (onset == NEVER) & (rng.random(n) < prob * INCIDENCE)
        onset[new] = YEAR_STARTS[y] + rng.integers(
            0, YEAR_STARTS[y + 1] - YEAR_STARTS[y], new.sum()
        )
    return onset


def ltc_flags(p: People, day: int) -> np.ndarray:
    """(n, n_ltc) booleans: LTC recorded before `day`."""
    return p.ltc_onset < day


def efi_deficits(p: People, day: int, polypharmacy: np.ndarray) -> np.ndarray:
    """eFI-style deficit count at `day`: LTC-derived, condition, observation and polypharmacy."""
    ltc = ltc_flags(p, day)
    from_ltc = sum(
        np.any(ltc[:, [LTC_KEYS.index(k) for k in keys]], axis=1).astype(np.int64)
        for keys in EFI_FROM_LTC.values()
    )
    return from_ltc + (p.deficit_onset < day).sum(axis=1) + polypharmacy.astype(np.int64)


def true_risk_at(features: dict[str, np.ndarray], intercept: float) -> np.ndarray:
    """True probability of an emergency admission in the next 12 months."""
    return sigmoid(intercept + true_linear_predictor(features))


def intercept_for(features: dict[str, np.ndarray], cohort: np.ndarray, rate: float) -> float:
    """Intercept that makes the cohort's mean true risk equal `rate`."""
    return calibrate_intercept(true_linear_predictor(features)[cohort], rate)
