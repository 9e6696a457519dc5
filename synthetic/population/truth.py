"""The known generating model: true 12-month emergency-admission risk from observable features.

The synthetic generator draws outcomes from this logistic model, so a perfectly specified
model on the same features reaches the oracle AUROC. `features.py` computes the same features
from OMOP tables; the tests check the two agree exactly on clean synthetic data.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

# log-odds per unit of each feature (counts enter as log1p)
TRUE_COEFFICIENTS: dict[str, float] = {
    "age_per_decade_from_50": 0.22,
    "age_per_decade_over_70": 0.30,
    "female": -0.05,
    "deprivation": 0.35,  # (10 - IMD decile) / 9: 0 least, 1 most deprived
    "ltc_AF": 0.20,
    "ltc_AST": 0.15,
    "ltc_CAN": 0.35,
    "ltc_CHD": 0.25,
    "ltc_CKD": 0.30,
    "ltc_COPD": 0.50,
    "ltc_DEM": 0.45,
    "ltc_DEP": 0.15,
    "ltc_DM": 0.20,
    "ltc_HF": 0.55,
    "ltc_HYP": 0.05,
    "ltc_STIA": 0.20,
    "frailty_deficits": 0.07,
    "log1p_prior_emergency_admissions_2y": 0.85,
    "log1p_prior_ae_attendances_1y": 0.35,
    "log1p_outpatient_visits_1y": 0.10,
    "polypharmacy": 0.25,
    "hba1c_high": 0.35,
    "sbp_high": 0.15,
    "egfr_low": 0.45,
    "smoker": 0.20,
}


def true_linear_predictor(features: Mapping[str, np.ndarray]) -> np.ndarray:
    """Log-odds without intercept, from arrays named as in `features.FEATURE_COLUMNS`."""
    age = np.asarray(features["age"], dtype=np.float64)
    eta = TRUE_COEFFICIENTS["age_per_decade_from_50"] * (age - 50.0) / 10.0
    eta += TRUE_COEFFICIENTS["age_per_decade_over_70"] * np.maximum(age - 70.0, 0.0) / 10.0
    eta += TRUE_COEFFICIENTS["deprivation"] * (10.0 - np.asarray(features["imd_decile"])) / 9.0
    for name in ("female", "polypharmacy", "hba1c_high", "sbp_high", "egfr_low", "smoker"):
        eta += TRUE_COEFFICIENTS[name] * np.asarray(features[name], dtype=np.float64)
    for name, beta in TRUE_COEFFICIENTS.items():
        if name.startswith("ltc_"):
            eta += beta * np.asarray(features[name.lower()], dtype=np.float64)
        elif name.startswith("log1p_"):
            eta += beta * np.log1p(np.asarray(features[name.removeprefix("log1p_")], np.float64))
    eta += TRUE_COEFFICIENTS["frailty_deficits"] * np.asarray(features["frailty_deficits"])
    return eta


def calibrate_intercept(eta: np.ndarray, target_mean: float, iterations: int = 30) -> float:
    """Intercept c so that mean(sigmoid(c + eta)) equals `target_mean` (Newton's method)."""
    c = float(np.log(target_mean / (1 - target_mean)) - np.median(eta))
    for _ in range(iterations):
        p = 1.0 / (1.0 + np.exp(-(c + eta)))
        step = (target_mean - p.mean()) / max(float((p * (1 - p)).mean()), 1e-12)
        c += step
        if abs(step) < 1e-10:
            break
    return c


def sigmoid(x: np.ndarray) -> np.ndarray:
    """Logistic function."""
    return 1.0 / (1.0 + np.exp(-x))
