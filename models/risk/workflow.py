"""The risk pipeline's pure steps: feature years, fit + evaluate, score, aggregate metrics."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

import polars as pl

from models.publish.disclosure import protected_count
from models.risk.evaluation import age_band, cut_table, reliability_table, subgroup_table, summary
from models.risk.explain import top_factors
from models.risk.features import build_features, build_outcomes, years_before
from models.risk.training import RiskModels, choose, cox_concordance, fit_cox, fit_models, matrix

SPLITS = ("train", "validation", "score")


def index_dates(tables: Mapping[str, pl.DataFrame]) -> dict[str, date]:
    """Scoring index = extract date (latest observation-period end); validation and training
    are one and two years earlier, so each outcome year is complete."""
    score = tables["observation_period"]["observation_period_end_date"].max()
    return {"train": years_before(score, 2), "validation": years_before(score, 1), "score": score}


def feature_years(tables: Mapping[str, pl.DataFrame]) -> pl.DataFrame:
    """Features for the three index dates, with outcomes for train and validation; rows by
    person within each split, so the same records always give the same frame (and model)."""
    parts = []
    for split, index in index_dates(tables).items():
        frame = build_features(tables, index)
        outcomes = build_outcomes(tables, index, frame)
        if split == "score":
            outcomes = outcomes.with_columns(pl.lit(None, pl.Boolean).alias("outcome"),
                                             pl.lit(None, pl.Boolean).alias("event"))  # fmt: skip
        joined = frame.join(outcomes, on="person_id").with_columns(split=pl.lit(split))
        parts.append(joined.sort("person_id"))  # row order feeds the seeded hold-out split
    return pl.concat(parts, how="vertical_relaxed")


def fit_and_evaluate(
    features: pl.DataFrame, true_risk: pl.DataFrame | None, threads: int = 1, seed: int = 0
) -> tuple[RiskModels, dict[str, Any]]:
    """Train on the training year, choose and evaluate on the validation year."""
    train = features.filter(pl.col("split") == "train")
    valid = features.filter(pl.col("split") == "validation")
    y_train, y_valid = train["outcome"].to_numpy(), valid["outcome"].to_numpy()
    models = fit_models(matrix(train), y_train, seed, threads)
    choose(models, matrix(valid), y_valid)
    models.cox = fit_cox(train, seed=seed)
    predictions = {w: models.predict(matrix(valid), w) for w in ("logistic", "gbm")}
    rows = [{"model": w, **summary(y_valid, p)} for w, p in predictions.items()]
    oracle = None
    if true_risk is not None and true_risk.height:
        truth = valid.select("person_id", "index_date").join(
            true_risk, on=["person_id", "index_date"], how="left"
        )
        if truth["true_risk"].null_count() == 0:
            oracle = summary(y_valid, truth["true_risk"].to_numpy())
            rows.append({"model": "oracle (true risk)", **oracle})
    chosen = predictions[models.chosen]
    card = {
        "train_index": str(train["index_date"][0]), "validation_index": str(valid["index_date"][0]),
        "score_index": str(features.filter(pl.col("split") == "score")["index_date"][0]),
        "train_n": train.height, "validation_n": valid.height, "chosen": models.chosen,
        "overall": pl.DataFrame(rows), "reliability": reliability_table(y_valid, chosen),
        "cuts": cut_table(y_valid, chosen),
        "subgroups": subgroup_table(valid.with_columns(risk=pl.Series(chosen)), "risk", "outcome"),
        "cox_concordance": cox_concordance(models.cox, valid),
        "oracle_auroc": oracle["auroc"] if oracle else None,
        "auroc_ratio": summary(y_valid, chosen)["auroc"] / oracle["auroc"] if oracle else None,
    }  # fmt: skip
    return models, card


def score(models: RiskModels, features: pl.DataFrame) -> pl.DataFrame:
    """Risk (chosen model and both candidates) and top factors for the scoring cohort."""
    frame = features.filter(pl.col("split") == "score")
    x = matrix(frame)
    risk = models.predict(x)
    return pl.concat([
        frame.select("person_id", pl.col("neighbourhood").fill_null(pl.col("ward_code"))
                     .fill_null(pl.col("lsoa_code")).fill_null(pl.lit("Unknown")).alias("neighbourhood"),
                     "index_date", "age", "female", "imd_decile", "ethnic_group"),
        pl.DataFrame({"risk": risk, "risk_logistic": models.predict(x, "logistic"),
                      "risk_gbm": models.predict(x, "gbm")}),
        top_factors(models, x),
    ], how="horizontal").with_columns(age_band=age_band(pl.col("age")))  # fmt: skip


def _protect(frame: pl.DataFrame, suppress_below: int, round_to: int) -> pl.DataFrame:
    """Counts n/events suppressed (1..suppress_below-1) and rounded; metrics resting on a
    small group, or on 1..suppress_below-1 flagged people or flagged events, set to null."""
    small = (pl.col("n") < suppress_below) | (pl.col("events") < suppress_below)
    metrics = [
        c for c in frame.columns if c not in ("model", "subgroup_type", "subgroup", "n", "events")
    ]
    frame = frame.with_columns(pl.col(pl.Float64).fill_nan(None))
    cuts = [c.removeprefix("ppv_") for c in frame.columns if c.startswith("ppv_")]
    is_small = lambda e: (e > 0) & (e < suppress_below)  # noqa: E731
    for cut in cuts:
        flagged = pl.col(f"flagged_share_{cut}") * pl.col("n")
        hits = (pl.col(f"ppv_{cut}") * flagged).round(0)
        frame = frame.with_columns(
            pl.when(is_small(flagged.round(0)) | is_small(hits).fill_null(False))
            .then(None).otherwise(pl.col(c)).alias(c)
            for c in (f"ppv_{cut}", f"sensitivity_{cut}")
        ).with_columns(
            pl.when(is_small(flagged.round(0))).then(None).otherwise(pl.col(f"flagged_share_{cut}"))
            .alias(f"flagged_share_{cut}")
        )  # fmt: skip
    return frame.with_columns(
        [pl.when(small).then(None).otherwise(pl.col(c)).alias(c) for c in metrics]
    ).with_columns(
        protected_count("n", suppress_below, round_to),
        protected_count("events", suppress_below, round_to),
    )


def protected_card(
    card: dict[str, Any], suppress_below: int = 8, round_to: int = 5
) -> dict[str, Any]:
    """The card with every count disclosure-controlled, for the model card and publish tables."""
    return {
        **card,
        "overall": _protect(card["overall"], suppress_below, round_to),
        "subgroups": _protect(card["subgroups"], suppress_below, round_to),
        "cuts": card["cuts"].with_columns(protected_count("flagged", suppress_below, round_to)),
        "reliability": card["reliability"].with_columns(
            protected_count("n", suppress_below, round_to)
        ),
    }


def evaluation_rows(
    card: dict[str, Any], suppress_below: int = 8, round_to: int = 5
) -> pl.DataFrame:
    """Long table of aggregate metrics (no person rows); small groups' metrics suppressed."""
    safe = protected_card(card, suppress_below, round_to)
    overall = safe["overall"].with_columns(subgroup_type=pl.lit("overall"), subgroup=pl.lit("all"))
    chosen = safe["subgroups"].with_columns(model=pl.lit(card["chosen"]))
    frame = pl.concat([overall, chosen], how="diagonal_relaxed")
    long = frame.unpivot(
        index=["model", "subgroup_type", "subgroup"], variable_name="metric", value_name="value"
    )
    extra = pl.DataFrame({"model": card["chosen"], "subgroup_type": "overall", "subgroup": "all",
                          "metric": ["cox_concordance", "oracle_auroc", "auroc_ratio_to_oracle"],
                          "value": [card["cox_concordance"], card["oracle_auroc"], card["auroc_ratio"]]},
                         schema_overrides={"value": pl.Float64})  # fmt: skip
    out = pl.concat([long.with_columns(pl.col("value").cast(pl.Float64)), extra])
    return out.with_columns(validation_index=pl.lit(card["validation_index"]),
                            value=pl.when(pl.col("value").is_nan()).then(None).otherwise(pl.col("value")))  # fmt: skip
