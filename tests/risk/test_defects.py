"""Planted defects come with an answer key, and the detector finds exactly them."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl

from sources.omop import load_omop_folder
from synthetic.population.defects import DEFECTS, find_defects, plant_defects
from synthetic.population.files import write_synthetic_population


def test_clean_population_has_no_defects(population_3k) -> None:
    assert find_defects(population_3k.tables).height == 0


def test_detector_recovers_the_answer_key(population_3k) -> None:
    planted, key = plant_defects(population_3k.tables, np.random.default_rng(0))
    assert set(key["defect"]) == {d for kinds in DEFECTS.values() for d in kinds}
    found = find_defects(planted)
    cols = ["table", "record_id", "defect"]
    assert found.select(cols).sort(cols).equals(key.select(cols).sort(cols))


def test_written_defects_load_and_key_is_on_disk(tmp_path: Path) -> None:
    population = write_synthetic_population(
        tmp_path, 2_000, "E08000028", seed=4, plant_defects=True, use_real=False
    )
    key = pl.read_parquet(tmp_path / "answers" / "defects.parquet")
    assert key.height == population.defects.height > 0
    tables = load_omop_folder(tmp_path)  # defects are type-valid, so the extract still loads
    duplicates = key.filter(pl.col("defect") == "duplicate_record").height
    assert tables["visit_occurrence"].height == population.tables["visit_occurrence"].height
    assert tables["visit_occurrence"]["visit_occurrence_id"].is_duplicated().sum() == 2 * duplicates
