"""Risk stratification partitioned by place, for national runs spread over processes.

A DuckDB file has one writer at a time, so a place's run writes no database: the same steps as
`assets/risk/register.py` (models.risk.workflow, models.risk.registers) write Parquet to the place's own
restricted folder, `<restricted database folder>/restricted_places/<place>/`. The one warehouse
write is the unpartitioned `publish.place_register_summary`, which reads every place's register
in one DuckDB query. See docs/operations.md ("Scaling out").
"""

import json
import os
import pickle
from pathlib import Path

import dagster as dg
import duckdb
import polars as pl
from dagster_duckdb import DuckDBResource

from assets.resources import PlaceHealthSettings
from assets.risk.register import (
    OWNERS,
    PatientRecordsConfig,
    RegisterConfig,
    RiskModelConfig,
    pseudonym_key,
    synthetic_folder,
)
from models.risk.registers import RegisterCuts, build_register, register_summary
from models.risk.workflow import feature_years, fit_and_evaluate, score
from sources.omop import load_omop_folder
from warehouse.tables import connection, publish_table, query

GROUP, KINDS = "risk_places", {"duckdb", "polars", "parquet"}
# Sandwell (Black Country ICB), Birmingham and Solihull (one ICB), Southend-on-Sea (Mid and
# South Essex ICB): all in the real extracts' LSOA21 -> LAD24 and sub-ICB lookups.
DEFAULT_PLACES = ("E08000028", "E08000025", "E08000029", "E06000033")
FEATURES, SCORES, REGISTER = "features.parquet", "scores.parquet", "register.parquet"
REGISTER_COLUMNS = {"place_code": pl.String, "neighbourhood": pl.String,
                    "risk_band": pl.String, "age": pl.Int32, "imd_decile": pl.Int32}  # fmt: skip


def place_codes(listed: str | None = None) -> list[str]:
    """The places to partition by: comma-separated codes (PLACEHEALTH_PLACES), else the default."""
    text = os.environ.get("PLACEHEALTH_PLACES", "") if listed is None else listed
    return list(dict.fromkeys(c.strip() for c in text.split(",") if c.strip())) or list(
        DEFAULT_PLACES
    )


# Read once when the code location loads: partitions are part of the definitions.
PLACES = dg.StaticPartitionsDefinition(place_codes())


class PlacePopulationConfig(dg.Config):
    """Synthetic population per place, used when `<data_dir>/patients/<place>/` is absent."""

    persons: int = 20_000
    seed: int = 42


def places_root(restricted: DuckDBResource) -> Path:
    """Folder of the per-place restricted Parquet: beside the restricted database, never in
    the warehouse."""
    return Path(restricted.database).expanduser().resolve().parent / "restricted_places"


def _place_folder(restricted: DuckDBResource, place: str) -> Path:
    folder = places_root(restricted) / place
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _write(frame: pl.DataFrame, path: Path) -> None:
    """Write Parquet atomically: readers of the glob never see half a file."""
    partial = path.with_name(path.name + ".partial")
    frame.write_parquet(partial)
    os.replace(partial, path)


def _key(name: str) -> dg.AssetKey:
    return dg.AssetKey(["restricted", name])


@dg.asset(key=_key("place_risk_features"), group_name=GROUP, kinds=KINDS, owners=OWNERS,
          partitions_def=PLACES)  # fmt: skip
def place_risk_features(
    context: dg.AssetExecutionContext,
    config: PlacePopulationConfig,
    settings: PlaceHealthSettings,
    restricted: DuckDBResource,
) -> dg.MaterializeResult:
    """A place's OMOP records (`<data_dir>/patients/<place>/` or synthetic) -> feature years."""
    place = context.partition_key
    folder = _place_folder(restricted, place)
    real = settings.data_path / "patients" / place
    synthetic = PatientRecordsConfig(
        persons=config.persons, place=place, seed=config.seed, synthetic_dir=str(folder / "omop")
    )
    records = real if real.is_dir() else synthetic_folder(synthetic)
    frame = feature_years(load_omop_folder(records))
    _write(frame, folder / FEATURES)
    source = {"folder": str(records), "synthetic": not real.is_dir()}
    (folder / "source.json").write_text(json.dumps(source), encoding="utf-8")
    counts = dict(frame.group_by("split").len().sort("split").iter_rows())
    return dg.MaterializeResult(metadata={"rows": frame.height, **source, **counts})


@dg.asset(key=_key("place_risk_scores"), group_name=GROUP, kinds=KINDS | {"sklearn"},
          owners=OWNERS, partitions_def=PLACES, deps=[_key("place_risk_features")])  # fmt: skip
def place_risk_scores(
    context: dg.AssetExecutionContext, config: RiskModelConfig, restricted: DuckDBResource
) -> dg.MaterializeResult:
    """The place's own model (fit, temporal validation) and the current risk of every adult."""
    folder = _place_folder(restricted, context.partition_key)
    features = pl.read_parquet(folder / FEATURES)
    source = json.loads((folder / "source.json").read_text(encoding="utf-8"))
    answers = Path(source["folder"]) / "answers" / "true_risk.parquet"
    truth = pl.read_parquet(answers) if source["synthetic"] and answers.is_file() else None
    models, card = fit_and_evaluate(features, truth, config.threads, config.seed)
    (folder / "model.pkl").write_bytes(pickle.dumps({"models": models, "card": card}))
    scores = score(models, features)
    _write(scores, folder / SCORES)
    overall = card["overall"].filter(pl.col("model") == models.chosen).row(0, named=True)
    return dg.MaterializeResult(metadata={"rows": scores.height, "chosen": models.chosen,
                                          "auroc": float(overall["auroc"]),
                                          "mean_risk": float(scores["risk"].mean())})  # fmt: skip


@dg.asset(key=_key("place_at_risk_register"), group_name=GROUP, kinds=KINDS, owners=OWNERS,
          partitions_def=PLACES, deps=[_key("place_risk_scores")])  # fmt: skip
def place_at_risk_register(
    context: dg.AssetExecutionContext, config: RegisterConfig, restricted: DuckDBResource
) -> dg.MaterializeResult:
    """The place's neighbourhood registers, keyed by HMAC pseudonym and tagged with the place."""
    place = context.partition_key
    folder = _place_folder(restricted, place)
    cuts = RegisterCuts(tuple(config.percentiles), tuple(config.absolute))
    scores = pl.read_parquet(folder / SCORES)
    register = build_register(scores, pseudonym_key(context.log), cuts)
    _write(register.with_columns(place_code=pl.lit(place)), folder / REGISTER)
    bands = dict(register.group_by("risk_band").len().sort("risk_band").iter_rows())
    return dg.MaterializeResult(metadata={"rows": register.height, **bands})


def read_place_registers(root: Path, places: list[str]) -> pl.DataFrame:
    """The summary's columns of every listed place's register, in one `read_parquet` glob."""
    files = root / "*" / REGISTER
    if not any(root.glob(f"*/{REGISTER}")):
        return pl.DataFrame(schema=REGISTER_COLUMNS)
    with duckdb.connect() as conn:  # reads Parquet only: an in-memory database
        return query(conn, "risk/place_registers", files=str(files), places=places)


@dg.asset(key=["publish", "place_register_summary"], group_name=GROUP, kinds={"duckdb"},
          owners=OWNERS, deps=[_key("place_at_risk_register")])  # fmt: skip
def place_register_summary(
    settings: PlaceHealthSettings, restricted: DuckDBResource, warehouse: DuckDBResource
) -> dg.MaterializeResult:
    """Every place's register counts by neighbourhood, band, age band and IMD quintile
    (1-7 suppressed, others rounded to 5); empty until a place partition has run."""
    register = read_place_registers(places_root(restricted), PLACES.get_partition_keys())
    summary = register_summary(register, settings.suppress_below, settings.round_to)
    with connection(warehouse) as conn:
        publish_table(conn, "place_register_summary", summary)
    return dg.MaterializeResult(metadata={
        "rows": summary.height, "places": register["place_code"].n_unique(),
        "suppressed_cells": int(summary["people_suppressed"].sum())})  # fmt: skip


PLACE_PARTITIONED = dg.AssetSelection.assets(
    place_risk_features, place_risk_scores, place_at_risk_register
)
