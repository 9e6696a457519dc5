"""Top contributing factors per person, from the logistic model's exact additive terms.

For logistic regression the log-odds decompose exactly as sum_j beta_j (z_j - mean z_j) over
the transformed columns z (spline columns summed back to `age`). The same decomposition is
shown for the GBM-scored registers: it explains the baseline model, not the trees (no SHAP
dependency); the two rank people very similarly. Only factors that raise risk are listed.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from models.risk.training import MODEL_COLUMNS, RiskModels

LABELS = {
    "age": "Age", "female": "Sex", "imd_decile": "Area deprivation (IMD decile)",
    "ltc_af": "Atrial fibrillation", "ltc_ast": "Asthma", "ltc_can": "Cancer",
    "ltc_chd": "Coronary heart disease", "ltc_ckd": "Chronic kidney disease",
    "ltc_copd": "COPD", "ltc_dem": "Dementia", "ltc_dep": "Depression", "ltc_dm": "Diabetes",
    "ltc_hf": "Heart failure", "ltc_hyp": "Hypertension", "ltc_stia": "Stroke or TIA",
    "n_ltc": "Number of long-term conditions", "frailty_deficits": "Frailty deficits (eFI-style)",
    "prior_emergency_admissions_2y": "Emergency admissions in last 2 years",
    "prior_ae_attendances_1y": "A&E attendances in last year",
    "outpatient_visits_1y": "Outpatient visits in last year",
    "n_medicines_1y": "Medicines in last year", "polypharmacy": "Polypharmacy (5+ medicines)",
    "hba1c_high": "HbA1c 75+ mmol/mol", "sbp_high": "Systolic BP 160+",
    "egfr_low": "eGFR below 30", "smoker": "Current smoker",
}  # fmt: skip
MODIFIABLE = {"polypharmacy", "hba1c_high", "sbp_high", "smoker", "prior_ae_attendances_1y"}


def contributions(models: RiskModels, x: np.ndarray) -> tuple[np.ndarray, list[str]]:
    """(n, features) log-odds contributions beta * (z - mean z), grouped to original features."""
    pre = models.logistic.named_steps["pre"]
    beta = models.logistic.named_steps["lr"].coef_[0]
    terms = (pre.transform(x) - models.transformed_means) * beta
    names = list(dict.fromkeys(models.groups))
    owner = np.array([names.index(g) for g in models.groups])
    grouped = np.zeros((x.shape[0], len(names)))
    for j in range(terms.shape[1]):
        grouped[:, owner[j]] += terms[:, j]
    return grouped, names


def top_factors(
    models: RiskModels, x: np.ndarray, columns: list[str] = MODEL_COLUMNS, k: int = 3
) -> pl.DataFrame:
    """Columns factor_1..factor_k: label and value of the largest positive contributions."""
    grouped, names = contributions(models, x)
    order = np.argsort(-grouped, axis=1)[:, :k]
    out = {}
    for rank in range(k):
        j = order[:, rank]
        value = (
            x[np.arange(x.shape[0]), [columns.index(names[i]) for i in j]]
            if x.size
            else np.empty(0)
        )
        positive = grouped[np.arange(x.shape[0]), j] > 0
        label = [
            _describe(names[i], v) if ok else None
            for i, v, ok in zip(j, value, positive, strict=True)
        ]
        out[f"factor_{rank + 1}"] = pl.Series(label, dtype=pl.String)
    return pl.DataFrame(out)


def _describe(name: str, value: float) -> str:
    label = LABELS.get(name, name)
    if name.startswith("ltc_") or name in (
        "polypharmacy",
        "hba1c_high",
        "sbp_high",
        "egfr_low",
        "smoker",
    ):
        text = label
    elif name == "female":
        text = f"{label}: {'female' if value else 'male'}"
    else:
        text = f"{label}: {value:g}"
    return f"{text} (modifiable)" if name in MODIFIABLE else text
