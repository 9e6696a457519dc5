"""Models on a 20k synthetic place: near-oracle AUROC, calibration; metric functions by hand."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from models.risk.evaluation import calibration, cut_table, reliability_table
from models.risk.explain import contributions, top_factors
from models.risk.training import matrix
from models.risk.workflow import evaluation_rows, feature_years, fit_and_evaluate, score


@pytest.fixture(scope="module")
def fitted(population_20k):
    features = feature_years(population_20k.tables)
    models, card = fit_and_evaluate(features, population_20k.true_risk)
    return features, models, card


def test_auroc_close_to_oracle_and_calibrated(fitted) -> None:
    _, models, card = fitted
    overall = {r["model"]: r for r in card["overall"].iter_rows(named=True)}
    chosen = overall[models.chosen]
    assert card["auroc_ratio"] >= 0.97
    assert chosen["auroc"] < overall["oracle (true risk)"]["auroc"] + 0.01
    assert 0.8 <= chosen["calibration_slope"] <= 1.2
    assert abs(chosen["calibration_intercept"]) < 0.25
    assert card["cox_concordance"] > 0.7


def test_temporal_split(fitted) -> None:
    features, _, card = fitted
    assert card["train_index"] == "2023-04-01" and card["validation_index"] == "2024-04-01"
    assert (
        features.filter(pl.col("split") == "score")["outcome"].null_count()
        == features.filter(pl.col("split") == "score").height
    )


def test_logistic_contributions_add_up_to_the_log_odds(fitted) -> None:
    features, models, _ = fitted
    x = matrix(features.filter(pl.col("split") == "validation").head(500))
    grouped, names = contributions(models, x)
    lr = models.logistic.named_steps["lr"]
    base = lr.intercept_[0] + models.transformed_means @ lr.coef_[0]
    np.testing.assert_allclose(
        grouped.sum(axis=1) + base, models.logistic.decision_function(x), atol=1e-8
    )
    assert "age" in names and len(names) == len(set(names))
    fast = models.predict(x, "logistic")  # folded lookup-table scorer
    np.testing.assert_allclose(fast, models.logistic.predict_proba(x)[:, 1], rtol=1e-9)
    factors = top_factors(models, x)
    assert (
        factors.columns == ["factor_1", "factor_2", "factor_3"]
        and factors["factor_1"].null_count() < 500
    )


def test_scores_and_published_metrics_have_no_person_rows(fitted) -> None:
    features, models, card = fitted
    scored = score(models, features)
    assert scored.height == features.filter(pl.col("split") == "score").height
    assert scored["risk"].is_between(0, 1).all()
    rows = evaluation_rows(card)
    assert "person_id" not in rows.columns and rows["metric"].is_in(["auroc", "n"]).any()
    counts = rows.filter(pl.col("metric").is_in(["n", "events"]))["value"].drop_nulls()
    assert ((counts % 5 == 0) & ((counts == 0) | (counts >= 8))).all()


def test_calibration_slope_and_intercept_recover_known_miscalibration() -> None:
    rng = np.random.default_rng(1)
    p = rng.beta(1, 10, 200_000)
    y = rng.random(p.size) < p
    slope, intercept = calibration(y, p)
    assert slope == pytest.approx(1.0, abs=0.05) and intercept == pytest.approx(0.0, abs=0.03)
    logit = np.log(p / (1 - p))
    over = 1 / (1 + np.exp(-2 * logit))  # overconfident: slope about 0.5
    assert calibration(y, over)[0] == pytest.approx(0.5, abs=0.05)


def test_cut_and_reliability_tables_by_hand() -> None:
    p = np.array([0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1, 0.05])
    y = np.array([1, 0, 1, 0, 0, 0, 1, 0, 0, 0])
    cuts = cut_table(y, p, (0.2, 0.5)).to_dicts()
    assert cuts[0] == {
        "cut": 0.2,
        "threshold": 0.8,
        "flagged": 2,
        "ppv": 0.5,
        "sensitivity": pytest.approx(1 / 3),
    }
    assert cuts[1]["flagged"] == 5 and cuts[1]["ppv"] == pytest.approx(2 / 5)
    table = reliability_table(y, p, bins=5)
    assert table["n"].to_list() == [2] * 5 and table["observed_rate"].to_list()[-1] == 0.5


def test_model_card_counts_are_disclosure_controlled(fitted) -> None:
    from models.risk.workflow import protected_card
    from reporting.model_card import render_model_card

    _, _, card = fitted
    safe = protected_card({**card, "data_source": "test"})
    groups = safe["subgroups"]
    assert (groups["n"].drop_nulls() % 5 == 0).all() and (
        groups["events"].drop_nulls() % 5 == 0
    ).all()
    small = card["subgroups"].filter((pl.col("events") < 8) | (pl.col("n") < 8))["subgroup"]
    assert (
        safe["subgroups"].filter(pl.col("subgroup").is_in(small.implode()))["auroc"].null_count()
        == small.len()
    )
    assert "| logistic |" in render_model_card(safe)


def test_subgroup_sensitivities_add_up_to_overall(fitted) -> None:
    _, _, card = fitted
    overall = {r["cut"]: r["sensitivity"] for r in card["cuts"].iter_rows(named=True)}
    for kind, part in card["subgroups"].group_by("subgroup_type"):
        for cut, name in ((0.02, "top_2pct"), (0.2, "top_20pct")):
            weighted = (part[f"sensitivity_{name}"].fill_nan(0) * part["events"]).sum() / part[
                "events"
            ].sum()
            assert weighted == pytest.approx(overall[cut], abs=1e-9), kind


def test_small_flagged_counts_hide_ppv() -> None:
    from models.risk.workflow import _protect

    frame = pl.DataFrame({
        "subgroup": ["a", "b"], "n": [1000.0, 1000.0], "events": [100.0, 100.0], "auroc": [0.7, 0.8],
        "flagged_share_top_2pct": [0.005, 0.05], "ppv_top_2pct": [0.8, 0.5],
        "sensitivity_top_2pct": [0.04, 0.25],
    })  # fmt: skip
    out = _protect(frame, 8, 5)
    assert out["ppv_top_2pct"].to_list() == [None, 0.5]  # 5 flagged people in group a
    assert out["flagged_share_top_2pct"].to_list() == [None, 0.05]
    assert out["auroc"].to_list() == [0.7, 0.8]
