"""Benchmark the risk pipeline on a synthetic place against its own oracle (the true risk).

python benchmarks/risk.py [--persons N] [--quick] [--threads T] [--place CODE]
Prints generation, feature, training and scoring times, AUROC against the oracle AUROC from
the answer file, calibration slope and peak memory; ends with one JSON line.
Goals (2 cores, 1M persons): generate < 60 s, train < 120 s, score >= 1M persons/s,
AUROC >= 0.97 x oracle, calibration slope 0.9-1.1, peak memory < 8 GiB.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from models.risk.evaluation import summary  # noqa: E402
from models.risk.training import choose, cox_concordance, fit_cox, fit_models, matrix  # noqa: E402
from models.risk.workflow import feature_years  # noqa: E402
from pipelines.settings import shared_data_dir  # noqa: E402
from sources.omop import load_omop_folder  # noqa: E402
from synthetic.population.files import place_inputs  # noqa: E402
from synthetic.population.simulate import generate  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--persons", type=int, default=1_000_000)
    parser.add_argument("--quick", action="store_true", help="50,000 persons")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--place", default="E08000028")
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args()
    persons = 50_000 if args.quick else args.persons
    timer = time.perf_counter

    inputs, origin = place_inputs(args.place, shared_data_dir())
    t0 = timer()
    population = generate(inputs, persons, args.seed)
    generation_s = timer() - t0
    with tempfile.TemporaryDirectory() as tmp:
        t0 = timer()
        for name, frame in population.tables.items():
            frame.write_parquet(Path(tmp) / f"{name}.parquet")
        write_s = timer() - t0
        t0 = timer()
        tables = load_omop_folder(Path(tmp))
        load_s = timer() - t0
    rows = sum(f.height for f in tables.values())
    t0 = timer()
    features = feature_years(tables)
    features_s = timer() - t0
    del tables
    train = features.filter(pl.col("split") == "train")
    valid = features.filter(pl.col("split") == "validation")
    scoring = features.filter(pl.col("split") == "score")
    t0 = timer()
    models = fit_models(matrix(train), train["outcome"].to_numpy(), threads=args.threads)
    fit_s = timer() - t0
    t0 = timer()
    cox = fit_cox(train)
    cox_s = timer() - t0
    models.threads = args.threads
    y = valid["outcome"].to_numpy()
    choose(models, matrix(valid), y)
    x_score = matrix(scoring)
    t0 = timer()
    models.predict(x_score)
    score_s = timer() - t0
    t0 = timer()
    models.predict(x_score, "logistic")
    score_lr_s = timer() - t0
    t0 = timer()
    models.predict(x_score, "gbm")
    score_gbm_s = timer() - t0
    chosen = summary(y, models.predict(matrix(valid)))
    gbm = summary(y, models.predict(matrix(valid), "gbm"))
    truth = valid.select("person_id", "index_date").join(
        population.true_risk, on=["person_id", "index_date"], how="left"
    )
    oracle = summary(y, truth["true_risk"].to_numpy())
    peak_gib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20
    result = {
        "persons": persons, "omop_rows": rows, "inputs": origin, "threads": args.threads,
        "generation_s": round(generation_s, 2), "write_parquet_s": round(write_s, 2),
        "load_s": round(load_s, 2), "features_s": round(features_s, 2),
        "train_s": round(fit_s + cox_s, 2), "train_classifiers_s": round(fit_s, 2),
        "train_cox_s": round(cox_s, 2), "chosen_model": models.chosen,
        "score_persons_per_s": round(scoring.height / score_s),
        "score_logistic_persons_per_s": round(scoring.height / score_lr_s),
        "score_gbm_persons_per_s": round(scoring.height / score_gbm_s),
        "train_cohort": train.height, "validation_cohort": valid.height,
        "auroc": round(chosen["auroc"], 4), "oracle_auroc": round(oracle["auroc"], 4),
        "auroc_ratio_to_oracle": round(chosen["auroc"] / oracle["auroc"], 4),
        "calibration_slope": round(chosen["calibration_slope"], 3),
        "calibration_intercept": round(chosen["calibration_intercept"], 3),
        "brier": round(chosen["brier"], 5), "oracle_brier": round(oracle["brier"], 5),
        "gbm_auroc": round(gbm["auroc"], 4), "gbm_calibration_slope": round(gbm["calibration_slope"], 3),
        "gbm_iterations": int(models.notes["gbm_iterations"]),
        "cox_concordance": round(cox_concordance(cox, valid), 4),
        "peak_memory_gib": round(peak_gib, 2),
    }  # fmt: skip
    for key, value in result.items():
        print(f"{key:>30}: {value}")
    goals = {
        "generate_lt_60s": generation_s < 60, "train_lt_120s": fit_s + cox_s < 120,
        "score_ge_1m_per_s": scoring.height / score_s >= 1e6,
        "auroc_ge_97pct_oracle": chosen["auroc"] >= 0.97 * oracle["auroc"],
        "slope_0_9_to_1_1": 0.9 <= chosen["calibration_slope"] <= 1.1, "memory_lt_8gib": peak_gib < 8,
    }  # fmt: skip
    print("goals met:", ", ".join(f"{k}={'yes' if v else 'NO'}" for k, v in goals.items()))
    print(json.dumps({**result, **{f"goal_{k}": bool(v) for k, v in goals.items()}}, default=float))


if __name__ == "__main__":
    np.seterr(all="ignore")
    main()
