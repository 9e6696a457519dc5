"""Fit the 12-month emergency-admission models: logistic baseline, calibrated GBM, Cox.

- Logistic regression: age as a cubic spline, utilisation counts as log(1 + n), others scaled.
- HistGradientBoosting on the raw features, then isotonic recalibration on a held-out 20%
  slice of the training year (no resampling, which would wreck calibration).
- lifelines CoxPH for time to emergency admission or death within 12 months, fitted on a
  subsample (at most `cox_rows`) for speed; judged by Harrell's concordance index.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import polars as pl
from lifelines import CoxPHFitter
from lifelines.utils import concordance_index
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.isotonic import IsotonicRegression
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import FunctionTransformer, SplineTransformer, StandardScaler
from threadpoolctl import threadpool_limits

from models.risk.features import FEATURE_COLUMNS

# n_ltc and n_medicines_1y duplicate the LTC flags and polypharmacy; left out of the models
MODEL_COLUMNS = [c for c in FEATURE_COLUMNS if c not in ("n_ltc", "n_medicines_1y")]
LOG_COUNTS = ["prior_emergency_admissions_2y", "prior_ae_attendances_1y", "outpatient_visits_1y"]
OTHERS = [c for c in MODEL_COLUMNS if c != "age" and c not in LOG_COUNTS]
COX_COLUMNS = MODEL_COLUMNS
_COUNT_INDEX = [MODEL_COLUMNS.index(c) for c in LOG_COUNTS]
_OTHER_INDEX = [MODEL_COLUMNS.index(c) for c in OTHERS]


def matrix(frame: pl.DataFrame, columns: list[str] = MODEL_COLUMNS) -> np.ndarray:
    """Float64 feature matrix in `columns` order."""
    return frame.select(pl.col(columns).cast(pl.Float64)).to_numpy()


@dataclass
class RiskModels:
    """Fitted models and what the explanations need (transformed-column groups and means)."""

    logistic: Pipeline
    gbm: HistGradientBoostingClassifier
    isotonic: IsotonicRegression
    cox: CoxPHFitter | None
    groups: list[str]
    transformed_means: np.ndarray
    chosen: str = "gbm"
    threads: int = 1
    notes: dict[str, float] = field(default_factory=dict)

    linear: tuple[np.ndarray, ...] | None = None

    def predict(self, x: np.ndarray, which: str | None = None) -> np.ndarray:
        """Calibrated probability of an emergency admission in 12 months."""
        with threadpool_limits(self.threads):
            if (which or self.chosen) == "logistic":
                return self._fast_logistic(x)
            return self.isotonic.predict(self.gbm.predict_proba(x)[:, 1])

    def _fast_logistic(self, x: np.ndarray) -> np.ndarray:
        """The logistic pipeline folded into an age lookup table plus one matrix product."""
        if self.linear is None:
            pre, lr = self.logistic.named_steps["pre"], self.logistic.named_steps["lr"]
            ages = np.zeros((131, len(MODEL_COLUMNS)))
            ages[:, 0] = np.arange(131)
            width = len(self.groups) - len(LOG_COUNTS) - len(OTHERS)
            beta = lr.coef_[0]
            age_table = pre.named_transformers_["age"].transform(ages[:, :1]) @ beta[:width]
            counts = pre.named_transformers_["counts"].named_steps["standardscaler"]
            other = pre.named_transformers_["other"]
            w_counts = beta[width : width + len(LOG_COUNTS)] / counts.scale_
            w_other = beta[width + len(LOG_COUNTS) :] / other.scale_
            const = lr.intercept_[0] - counts.mean_ @ w_counts - other.mean_ @ w_other
            self.linear = (age_table + const, w_counts, w_other)
        age_table, w_counts, w_other = self.linear
        age = np.clip(x[:, 0], 0, 130).astype(np.int64)
        eta = (
            age_table[age] + np.log1p(x[:, _COUNT_INDEX]) @ w_counts + x[:, _OTHER_INDEX] @ w_other
        )
        return 1.0 / (1.0 + np.exp(-eta))


def _logistic() -> Pipeline:
    index = {c: i for i, c in enumerate(MODEL_COLUMNS)}
    pre = ColumnTransformer([
        ("age", SplineTransformer(n_knots=6, degree=3), [index["age"]]),
        ("counts", make_pipeline(FunctionTransformer(np.log1p), StandardScaler()), [index[c] for c in LOG_COUNTS]),
        ("other", StandardScaler(), [index[c] for c in OTHERS]),
    ])  # fmt: skip
    return Pipeline([("pre", pre), ("lr", LogisticRegression(C=10.0, max_iter=2000))])


def fit_models(x: np.ndarray, y: np.ndarray, seed: int = 0, threads: int = 1) -> RiskModels:
    """Fit both classifiers on one training year; 20% of it is held out to calibrate the GBM.

    `threads` caps BLAS/OpenMP threads: on a shared 2-core machine one thread is many times
    faster than oversubscribed OpenMP.
    """
    with threadpool_limits(threads):
        logistic = _logistic().fit(x, y)
        hold = np.random.default_rng(seed).random(y.size) < 0.2
        gbm = HistGradientBoostingClassifier(
            max_iter=200, learning_rate=0.15, max_leaf_nodes=15, min_samples_leaf=200,
            l2_regularization=1.0, early_stopping=True, validation_fraction=0.1,
            n_iter_no_change=15, random_state=seed,
        ).fit(x[~hold], y[~hold])  # fmt: skip
        isotonic = IsotonicRegression(out_of_bounds="clip", y_min=1e-6, y_max=1 - 1e-6)
        isotonic.fit(gbm.predict_proba(x[hold])[:, 1], y[hold])
    pre = logistic.named_steps["pre"]
    spline_width = pre.transform(x[:1]).shape[1] - len(LOG_COUNTS) - len(OTHERS)
    groups = ["age"] * spline_width + LOG_COUNTS + OTHERS
    means = pre.transform(x).mean(axis=0)
    return RiskModels(logistic, gbm, isotonic, None, groups, means, threads=threads,
                      notes={"gbm_iterations": float(gbm.n_iter_)})  # fmt: skip


def choose(models: RiskModels, x: np.ndarray, y: np.ndarray) -> dict[str, float]:
    """Pick the model with the lower Brier score on the validation year; return both scores."""
    scores = {w: float(np.mean((models.predict(x, w) - y) ** 2)) for w in ("logistic", "gbm")}
    models.chosen = min(scores, key=scores.get)
    return scores


def fit_cox(frame: pl.DataFrame, max_rows: int = 30_000, seed: int = 0) -> CoxPHFitter:
    """CoxPH on standardised features for time to admission or death (12-month window)."""
    if frame.height > max_rows:
        frame = frame.sample(max_rows, seed=seed)
    data = pd.DataFrame(_scaled(frame), columns=COX_COLUMNS)
    data["duration"] = frame["duration_days"].to_numpy()
    data["event"] = frame["event"].cast(pl.Int8).to_numpy()
    return CoxPHFitter(penalizer=0.1).fit(data, "duration", "event")


def _scaled(frame: pl.DataFrame) -> np.ndarray:
    x = matrix(frame, COX_COLUMNS)
    x[:, COX_COLUMNS.index("age")] = (x[:, COX_COLUMNS.index("age")] - 50) / 10
    for c in LOG_COUNTS:
        x[:, COX_COLUMNS.index(c)] = np.log1p(x[:, COX_COLUMNS.index(c)])
    return x


def cox_concordance(cox: CoxPHFitter, frame: pl.DataFrame, max_rows: int = 100_000) -> float:
    """Harrell's C on (a sample of) another year's cohort."""
    if frame.height > max_rows:
        frame = frame.sample(max_rows, seed=0)
    hazard = cox.predict_partial_hazard(pd.DataFrame(_scaled(frame), columns=COX_COLUMNS))
    return float(
        concordance_index(
            frame["duration_days"].to_numpy(), -hazard.to_numpy(), frame["event"].to_numpy()
        )
    )
