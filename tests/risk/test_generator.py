"""The synthetic generator: determinism, calibration to its inputs, truth = features."""

from __future__ import annotations

from datetime import date

import numpy as np
import polars as pl
import pytest

from models.risk.codelists import LTCS
from models.risk.features import build_features
from synthetic.population.files import ENGLAND_PREVALENCE, default_place, real_place
from synthetic.population.simulate import generate
from synthetic.population.truth import sigmoid, true_linear_predictor

INDEX = date(2023, 4, 1)


def test_same_seed_same_population_other_seed_differs(population_3k) -> None:
    again = generate(default_place("E08000028"), 3_000, seed=5)
    for name, frame in population_3k.tables.items():
        assert frame.equals(again.tables[name]), name
    other = generate(default_place("E08000028"), 3_000, seed=6)
    assert not other.tables["visit_occurrence"].equals(population_3k.tables["visit_occurrence"])


def _prevalence(population, ltc: str) -> float:
    person = population.tables["person"].with_columns(
        age=2023 - pl.col("year_of_birth") - (pl.col("month_of_birth") > 4).cast(pl.Int32)
    )
    eligible = person.filter(pl.col("age") >= LTCS[ltc][3])
    snomed, icd = LTCS[ltc][1], LTCS[ltc][2]
    code = pl.col("condition_source_value")
    cases = population.tables["condition_occurrence"].filter(
        (pl.col("condition_start_date") < INDEX)
        & (code.is_in(snomed) | code.str.slice(0, 3).is_in(icd))
    )
    return eligible.join(cases, on="person_id", how="semi").height / eligible.height


@pytest.mark.parametrize("ltc", ["DM", "HYP", "AST", "CKD"])
def test_ltc_prevalence_matches_qof_input(population_20k, ltc: str) -> None:
    target = ENGLAND_PREVALENCE[ltc] / 100
    assert _prevalence(population_20k, ltc) == pytest.approx(target, abs=max(0.01, 0.15 * target))


def test_emergency_admission_rate_calibrated(population_20k) -> None:
    truth = population_20k.true_risk.filter(pl.col("index_date") == INDEX)
    assert truth["true_risk"].mean() == pytest.approx(0.075, abs=1e-6)
    assert truth["outcome"].mean() == pytest.approx(0.075, abs=0.012)


@pytest.mark.parametrize("index", [date(2023, 4, 1), date(2024, 4, 1), date(2025, 4, 1)])
def test_features_reproduce_true_risk_exactly(population_20k, index: date) -> None:
    features = build_features(population_20k.tables, index)
    truth = population_20k.true_risk.filter(pl.col("index_date") == index)
    joined = features.join(truth, on="person_id", how="full", coalesce=True)
    assert joined["true_risk"].null_count() == 0 and joined["age"].null_count() == 0
    arrays = {c: joined[c].to_numpy() for c in joined.columns}
    risk = sigmoid(population_20k.intercept + true_linear_predictor(arrays))
    np.testing.assert_allclose(risk, joined["true_risk"].to_numpy(), rtol=1e-12)


def test_true_risk_never_in_the_features(population_3k) -> None:
    for frame in population_3k.tables.values():
        assert not {"true_risk", "outcome"} & set(frame.columns)


@pytest.mark.real_data
def test_real_place_inputs_for_sandwell(real_data_dir) -> None:
    place = real_place("E08000028", real_data_dir)
    assert place.lsoas.height > 150
    assert set(place.lsoas["neighbourhood"].unique()) >= {"Oldbury", "Smethwick", "Tipton"}
    assert place.prevalence.shape == (place.practices.height, len(LTCS))
    assert 0.05 < float(np.nanmean(place.prevalence[:, list(LTCS).index("DM")])) < 0.15
    population = generate(place, 2_000, seed=1)
    assert population.tables["location"]["lsoa_code"].str.starts_with("E01").all()
