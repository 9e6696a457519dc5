"""One call from place inputs to OMOP frames, true risk and (optionally) planted defects."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from synthetic.population.defects import plant_defects as plant
from synthetic.population.events import simulate
from synthetic.population.generator import PlaceInputs, make_people
from synthetic.population.omop_frames import omop_tables, true_risk_frame


@dataclass(frozen=True)
class SyntheticPopulation:
    """The OMOP tables, the answer file of true risks and the defect answer key."""

    tables: dict[str, pl.DataFrame]
    true_risk: pl.DataFrame
    defects: pl.DataFrame
    intercept: float


def generate(
    place: PlaceInputs, persons: int, seed: int, plant_defects: bool = False
) -> SyntheticPopulation:
    """Seeded synthetic population; the same inputs and seed give identical frames."""
    rng = np.random.default_rng(seed)
    people = make_people(place, persons, rng)
    events = simulate(people, place.emergency_admission_rate, rng)
    tables = omop_tables(people, events, place, rng)
    defects = pl.DataFrame(schema={"table": pl.String, "record_id": pl.Int64, "defect": pl.String})
    if plant_defects:
        tables, defects = plant(tables, rng)
    return SyntheticPopulation(tables, true_risk_frame(events), defects, events.intercept)
