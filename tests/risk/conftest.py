"""Shared small synthetic populations (shipped defaults, so no real data needed)."""

from __future__ import annotations

import pytest

from synthetic.population.files import default_place
from synthetic.population.simulate import SyntheticPopulation, generate


@pytest.fixture(scope="session")
def population_20k() -> SyntheticPopulation:
    return generate(default_place("E08000028"), 20_000, seed=11)


@pytest.fixture(scope="session")
def population_3k() -> SyntheticPopulation:
    return generate(default_place("E08000028"), 3_000, seed=5)
