"""The steps of the risk chain, one implementation for both ways of running it: the single
place (`assets/risk/register.py`, restricted DuckDB) and the place partitions
(`assets/risk/places.py`, restricted Parquet per place). Where a place's records come from,
the model fitted against the known truth of a synthetic population, and the register."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import dagster as dg
import polars as pl

from assets.resources import DEFAULT_PLACE, PROJECT_ROOT, PlaceHealthSettings
from models.risk.registers import DEMO_PSEUDONYM_KEY, RegisterCuts, build_register
from models.risk.training import RiskModels
from models.risk.workflow import fit_and_evaluate
from synthetic.population.files import write_synthetic_population

GROUP, OWNERS, KINDS = "risk", ["team:placehealth"], {"duckdb", "polars"}


class PatientRecordsConfig(dg.Config):
    """Synthetic population used when `<data_dir>/patients/` (a real OMOP folder) is absent."""

    persons: int = 20_000
    place: str = DEFAULT_PLACE
    seed: int = 42
    synthetic_dir: str = ""  # default data/synthetic/<place>
    plant_defects: bool = False


class RiskModelConfig(dg.Config):
    """Threads for BLAS/OpenMP (1 is fastest on a shared 2-core machine) and the seed."""

    threads: int = 1
    seed: int = 0


class RegisterConfig(dg.Config):
    """Percentile cuts per neighbourhood (fractions) and absolute-risk cuts (probabilities)."""

    percentiles: list[float] = [0.005, 0.02, 0.05]
    absolute: list[float] = [0.5]


def synthetic_folder(config: PatientRecordsConfig, shared: Path | None) -> Path:
    """Generate the demo population unless the same one (persons, seed, place) is on disk;
    `shared` holds the real extracts that shape it where present."""
    folder = Path(config.synthetic_dir or PROJECT_ROOT / "data" / "synthetic" / config.place)
    marker = folder / "answers" / "generating_model.json"
    wanted = {"persons": config.persons, "seed": config.seed, "place": config.place,
              "defects": config.plant_defects}  # fmt: skip
    found = json.loads(marker.read_text()) if marker.is_file() else {}
    if any(found.get(k) != v for k, v in wanted.items()):
        write_synthetic_population(
            folder, config.persons, config.place, config.seed, config.plant_defects, shared
        )
    return folder


def records_folder(
    settings: PlaceHealthSettings, real: Path, config: PatientRecordsConfig
) -> dict[str, Any]:
    """Where the place's OMOP records are: the real folder if present, else the synthetic
    population (generated when missing). {"folder", "synthetic"}, recorded with the features."""
    if real.is_dir():
        return {"folder": str(real), "synthetic": False}
    return {"folder": str(synthetic_folder(config, settings.shared_data_path)), "synthetic": True}


def fit_models(
    features: pl.DataFrame, source: dict[str, Any], config: RiskModelConfig
) -> tuple[RiskModels, dict[str, Any], dict[str, Any]]:
    """Fit and validate the models; a synthetic population's true risk makes the oracle.
    Returns the models, the evaluation card and the chosen model's overall metrics."""
    answers = Path(source["folder"]) / "answers" / "true_risk.parquet"
    truth = pl.read_parquet(answers) if source["synthetic"] and answers.is_file() else None
    models, card = fit_and_evaluate(features, truth, config.threads, config.seed)
    card["data_source"] = ("Synthetic population (known generating model)" if truth is not None
                           else f"OMOP extract {source['folder']}")  # fmt: skip
    overall = card["overall"].filter(pl.col("model") == models.chosen).row(0, named=True)
    return models, card, overall


def pseudonym_key(settings: PlaceHealthSettings, log: dg.DagsterLogManager) -> str:
    """The controller's register key (settings, from PLACEHEALTH_PSEUDONYM_KEY), else the demo
    key, warned."""
    key = settings.pseudonym_key or DEMO_PSEUDONYM_KEY
    if key == DEMO_PSEUDONYM_KEY:
        log.warning("PLACEHEALTH_PSEUDONYM_KEY not set: using the DEMO key (not for real data)")
    return key


def register_of(
    scores: pl.DataFrame,
    settings: PlaceHealthSettings,
    config: RegisterConfig,
    log: dg.DagsterLogManager,
) -> tuple[pl.DataFrame, dict[str, Any]]:
    """The per-neighbourhood register of the scored adults and its metadata (rows per band)."""
    key = pseudonym_key(settings, log)
    cuts = RegisterCuts(tuple(config.percentiles), tuple(config.absolute))
    register = build_register(scores, key, cuts)
    bands = dict(register.group_by("risk_band").len().sort("risk_band").iter_rows())
    return register, {"rows": register.height, "demo_key": key == DEMO_PSEUDONYM_KEY, **bands}
