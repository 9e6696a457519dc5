"""Yearly events for the synthetic population, with the true risk at each index date.

Each year draws medicines, measurements, emergency admissions, A&E, outpatient and elective
visits and (from the first outcome year) deaths. In outcome years adults' admissions come
from the known logistic model in `truth.py` evaluated on the features at the year start.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from models.risk.codelists import POLYPHARMACY_MIN
from synthetic.population.generator import (
    INDEX_YEARS,
    LTC_KEYS,
    NEVER,
    YEAR_STARTS,
    People,
    efi_deficits,
    intercept_for,
    ltc_flags,
    true_risk_at,
)

N_DRUGS = 40
MEASURES = ("hba1c", "sbp", "egfr", "bmi")


@dataclass
class Events:
    """Event rows as arrays (person index, day, ...) and the true risk per index date."""

    visits: list[tuple[np.ndarray, ...]] = field(default_factory=list)  # idx, start, end, kind
    drugs: list[tuple[np.ndarray, ...]] = field(default_factory=list)  # idx, day, code
    measurements: list[tuple[np.ndarray, ...]] = field(default_factory=list)  # idx, day, m, value
    smoking: tuple[np.ndarray, ...] = ()  # idx, day, status (0 never, 1 ex, 2 current)
    truth: list[tuple[np.ndarray, ...]] = field(default_factory=list)  # idx, day, risk, outcome
    intercept: float = 0.0


def simulate(people: People, rate: float, rng: np.random.Generator) -> Events:
    """Draw four years of events; outcome years use the true model (vectorised over persons)."""
    p, n, ev = people, people.n, Events()
    counts = np.zeros((4, 4, n), dtype=np.int32)  # year x (ea, ae, op, drugs) x person
    values = np.full((4, len(MEASURES), n), np.nan, dtype=np.float32)
    ev.smoking = _smoking(p, rng)
    for y in range(4):
        s, length = YEAR_STARTS[y], YEAR_STARTS[y + 1] - YEAR_STARTS[y]
        alive = p.death >= s
        age, dep, z = p.age + (y - 2), (10 - p.imd_decile) / 9, p.latent
        n_ltc = ltc_flags(p, s).sum(axis=1)
        n_def = (p.deficit_onset < s).sum(axis=1)
        decade, old = (age - 50) / 10, np.maximum(age - 70, 0) / 10
        base = -3.3 + 0.15 * decade + 0.25 * old + 0.25 * n_ltc + 0.1 * n_def + 0.6 * z + 0.3 * dep
        ea = rng.poisson(np.exp(base))
        if y >= 2:
            ea = _outcome_year(p, ev, counts, values, y, ea, rate, rng)
        ea = ea * alive
        ae_rate = np.exp(-1.5 + 0.3 * dep + 0.15 * n_ltc + 0.4 * z + 0.2 * old)
        ae = (rng.poisson(ae_rate) + rng.binomial(ea, 0.75)) * alive
        op = rng.poisson(np.exp(-0.3 + 0.3 * n_ltc + 0.08 * decade + 0.3 * z)) * alive
        elective = rng.poisson(np.exp(-3.2 + 0.2 * n_ltc + 0.1 * decade)) * alive
        if y >= 2:
            _deaths(p, s, length, age, n_def, dep, ea, alive, rng)
        end = np.minimum(s + length - 1, p.death)
        for k, per_person in enumerate((ea, ae, op, elective)):
            idx, day = _dated(per_person, s, end, p.obs_start, rng)
            stay = rng.geometric(0.2, idx.size) - 1 if k in (0, 3) else 0
            ev.visits.append((idx, day, np.minimum(day + stay, p.death[idx]), k))
            if k < 3:
                counts[y, k] = np.bincount(idx, minlength=n)
        drug_rate = np.exp(-1.0 + 0.45 * n_ltc + 0.12 * n_def + 0.15 * old * 3 + 0.2 * z)
        n_drugs = np.minimum(rng.poisson(drug_rate * np.where(age < 18, 0.3, 1.0)), N_DRUGS)
        idx, day = _dated(n_drugs * alive, s, end, p.obs_start, rng)
        rank = np.arange(idx.size) - np.searchsorted(idx, idx, side="left")
        ev.drugs.append((idx, day, (p.drug_offset[idx] + rank) % N_DRUGS))
        counts[y, 3] = np.bincount(idx, minlength=n)
        _measure(p, ev, values, y, age, dep, alive, end, rng)
    score = cohort_mask(p, 4)
    risk = true_risk_at(true_features(p, ev.smoking, counts, values, 4), ev.intercept)
    ev.truth.append((np.flatnonzero(score), YEAR_STARTS[4], risk[score], None))
    p.ltc_onset[p.ltc_onset > p.death[:, None]] = NEVER
    p.deficit_onset[p.deficit_onset > p.death[:, None]] = NEVER
    return ev


def _outcome_year(
    p: People,
    ev: Events,
    counts: np.ndarray,
    values: np.ndarray,
    y: int,
    ea: np.ndarray,
    rate: float,
    rng: np.random.Generator,
) -> np.ndarray:
    """Adults in the cohort get an admission with their true probability; others keep `ea`."""
    features = true_features(p, ev.smoking, counts, values, y)
    cohort = cohort_mask(p, y)
    if y == INDEX_YEARS[0]:
        ev.intercept = intercept_for(features, cohort, rate)
    risk = true_risk_at(features, ev.intercept)
    outcome = cohort & (rng.random(p.n) < risk)
    ev.truth.append((np.flatnonzero(cohort), YEAR_STARTS[y], risk[cohort], outcome[cohort]))
    return np.where(cohort, outcome * (1 + rng.poisson(0.3, p.n)), ea)


def _deaths(
    p: People,
    s: int,
    length: int,
    age: np.ndarray,
    n_def: np.ndarray,
    dep: np.ndarray,
    ea: np.ndarray,
    alive: np.ndarray,
    rng: np.random.Generator,
) -> None:
    """Deaths in the year, more likely with age, frailty, serious LTCs and an admission."""
    serious = p.ltc_onset[:, [LTC_KEYS.index(k) for k in ("HF", "CAN", "COPD", "DEM")]] < s
    logit = -10.0 + 0.09 * age + 0.05 * n_def + 0.2 * dep + 1.0 * (ea > 0)
    logit = logit + serious @ np.array([0.5, 0.5, 0.3, 0.6])
    died = alive & (rng.random(p.n) < 1 / (1 + np.exp(-logit)))
    p.death[died] = s + rng.integers(0, length, died.sum())


def _dated(
    per_person: np.ndarray, s: int, end: np.ndarray, obs_start: np.ndarray, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Person index repeated per event, with a day in [s, end]; days before registration dropped."""
    idx = np.repeat(np.arange(per_person.size, dtype=np.int64), per_person)
    day = s + (rng.random(idx.size) * (end[idx] - s + 1)).astype(np.int64)
    keep = day >= obs_start[idx]
    return idx[keep], day[keep]


def _measure(
    p: People,
    ev: Events,
    values: np.ndarray,
    y: int,
    age: np.ndarray,
    dep: np.ndarray,
    alive: np.ndarray,
    end: np.ndarray,
    rng: np.random.Generator,
) -> None:
    """One HbA1c, systolic BP, eGFR and BMI reading a year for those tested."""
    s, ltc, n = YEAR_STARTS[y], ltc_flags(p, YEAR_STARTS[y]), p.n
    dm, hyp, ckd = (ltc[:, LTC_KEYS.index(k)] for k in ("DM", "HYP", "CKD"))
    adult, noise = age >= 18, rng.standard_normal((4, n))
    tested = (
        np.where(dm, 0.9, 0.15 * adult),
        np.where(hyp, 0.9, np.where(age >= 40, 0.35, 0.1 * adult)),
        np.where(ckd | dm | hyp, 0.8, 0.2 * adult),
        0.3 * adult,
    )
    value = (
        np.clip(np.where(dm, 56 + 12 * p.control[:, 0] + 6 * noise[0], 37 + 3 * noise[0]), 20, 150),
        np.clip(
            np.where(hyp, 140, 118 + 0.4 * np.maximum(age - 40, 0))
            + 11 * p.control[:, 1]
            + 8 * noise[1],
            80,
            230,
        ),
        np.clip(
            np.where(ckd, 42 + 12 * noise[2], 100 - 0.7 * np.maximum(age - 30, 0) + 10 * noise[2]),
            4,
            140,
        ),
        np.clip(27 + 1.5 * dep + 5 * noise[3], 14, 70),
    )
    for m in range(4):
        had = alive & (rng.random(n) < tested[m])
        idx, day = _dated(had.astype(np.int64), s, end, p.obs_start, rng)
        reading = np.round(value[m][idx], 1 if m == 3 else 0)
        values[y, m, idx] = reading
        ev.measurements.append((idx, day, m, reading))


def _smoking(p: People, rng: np.random.Generator) -> tuple[np.ndarray, ...]:
    """One smoking-status record from age 16 (or registration): 0 never, 1 ex, 2 current."""
    idx = np.flatnonzero(p.age >= 16)
    dep = (10 - p.imd_decile[idx]) / 9
    u = rng.random(idx.size)
    status = np.where(u < 0.08 + 0.12 * dep, 2, np.where(u < 0.30 + 0.12 * dep, 1, 0))
    months = (p.year_of_birth[idx] + 16 - 1970) * 12 + p.month_of_birth[idx] - 1
    sixteen = months.astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)
    day = np.maximum(p.obs_start[idx], sixteen)
    keep = day <= p.death[idx]
    return idx[keep], day[keep], status[keep]


def cohort_mask(p: People, y: int) -> np.ndarray:
    """Adults alive and registered on the index date `YEAR_STARTS[y]`."""
    s = YEAR_STARTS[y]
    return (p.death >= s) & (p.obs_start <= s) & (p.age + (y - 2) >= 18)


def true_features(
    p: People, smoking: tuple[np.ndarray, ...], counts: np.ndarray, values: np.ndarray, y: int
) -> dict[str, np.ndarray]:
    """The features at index `YEAR_STARTS[y]`, exactly as `features.build_features` defines them."""
    s = YEAR_STARTS[y]
    latest = np.where(np.isnan(values[y - 1]), values[y - 2], values[y - 1])
    n_medicines = counts[y - 1, 3]
    poly = n_medicines >= POLYPHARMACY_MIN
    ltc = ltc_flags(p, s)
    smoker = np.zeros(p.n, dtype=bool)
    idx, day, status = smoking
    smoker[idx] = (status == 2) & (day < s)
    out = {
        "age": p.age + (y - 2),
        "female": p.female,
        "imd_decile": p.imd_decile,
        "n_ltc": ltc.sum(axis=1),
        "frailty_deficits": efi_deficits(p, s, poly),
        "prior_emergency_admissions_2y": counts[y - 1, 0] + counts[y - 2, 0],
        "prior_ae_attendances_1y": counts[y - 1, 1],
        "outpatient_visits_1y": counts[y - 1, 2],
        "n_medicines_1y": n_medicines,
        "polypharmacy": poly,
        "hba1c_high": latest[0] >= 75,
        "sbp_high": latest[1] >= 160,
        "egfr_low": latest[2] < 30,
        "smoker": smoker,
    }
    out.update({f"ltc_{k.lower()}": ltc[:, i] for i, k in enumerate(LTC_KEYS)})
    return out
