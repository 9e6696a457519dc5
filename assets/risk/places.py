"""Risk stratification partitioned by place, for national runs spread over processes.

A DuckDB file has one writer at a time, so a place's run writes no database: the steps of
`assets/risk/chain.py`, shared with the single-place chain (`assets/risk/register.py`), write
Parquet to the place's own restricted folder, `<restricted database folder>/restricted_places/<place>/`. The one warehouse
write is the unpartitioned `publish.place_register_summary`, which reads every place's register
in one DuckDB query. See docs/operations.md ("Scaling out").
"""

import json
import os
import pickle
from collections.abc import Sequence
from pathlib import Path

import dagster as dg
import duckdb
import polars as pl
from dagster_duckdb import DuckDBResource

from assets.resources import PlaceHealthSettings
from assets.risk import chain
from models.risk.registers import register_summary
from models.risk.workflow import feature_years, score
from sources.omop import load_omop_folder
from warehouse.tables import connection, publish_table, query

GROUP, KINDS = "risk_places", {"duckdb", "polars", "parquet"}
FEATURES, SCORES, REGISTER = "features.parquet", "scores.parquet", "register.parquet"
REGISTER_COLUMNS = {"place_code": pl.String, "neighbourhood": pl.String,
                    "risk_band": pl.String, "age": pl.Int32, "imd_decile": pl.Int32}  # fmt: skip


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


CHAIN_KEYS = (
    _key("place_risk_features"),
    _key("place_risk_scores"),
    _key("place_at_risk_register"),
)
# The partitioned chain, by key: the jobs select it before the places are known.
PLACE_PARTITIONED = dg.AssetSelection.assets(*CHAIN_KEYS)


def build_place_chain(places: Sequence[str]) -> list[dg.AssetsDefinition]:
    """The risk chain partitioned by `places` (settings.places, from PLACEHEALTH_PLACES): one
    partition per place, each writing only its own restricted folder."""
    partitions = dg.StaticPartitionsDefinition(list(places))

    @dg.asset(key=_key("place_risk_features"), group_name=GROUP, kinds=KINDS, owners=chain.OWNERS,
              partitions_def=partitions)  # fmt: skip
    def place_risk_features(
        context: dg.AssetExecutionContext,
        config: PlacePopulationConfig,
        settings: PlaceHealthSettings,
        restricted: DuckDBResource,
    ) -> dg.MaterializeResult:
        """A place's OMOP records (`<data_dir>/patients/<place>/` or synthetic) -> feature years."""
        place = context.partition_key
        folder = _place_folder(restricted, place)
        synthetic = chain.PatientRecordsConfig(
            persons=config.persons,
            place=place,
            seed=config.seed,
            synthetic_dir=str(folder / "omop"),
        )
        source = chain.records_folder(settings, settings.data_path / "patients" / place, synthetic)
        frame = feature_years(load_omop_folder(Path(source["folder"])))
        _write(frame, folder / FEATURES)
        (folder / "source.json").write_text(json.dumps(source), encoding="utf-8")
        counts = dict(frame.group_by("split").len().sort("split").iter_rows())
        return dg.MaterializeResult(metadata={"rows": frame.height, **source, **counts})

    @dg.asset(key=_key("place_risk_scores"), group_name=GROUP, kinds=KINDS | {"sklearn"},
              owners=chain.OWNERS, partitions_def=partitions, deps=[_key("place_risk_features")])  # fmt: skip
    def place_risk_scores(
        context: dg.AssetExecutionContext, config: chain.RiskModelConfig, restricted: DuckDBResource
    ) -> dg.MaterializeResult:
        """The place's own model (fit, temporal validation) and the current risk of every adult."""
        folder = _place_folder(restricted, context.partition_key)
        features = pl.read_parquet(folder / FEATURES)
        source = json.loads((folder / "source.json").read_text(encoding="utf-8"))
        models, card, overall = chain.fit_models(features, source, config)
        (folder / "model.pkl").write_bytes(pickle.dumps({"models": models, "card": card}))
        scores = score(models, features)
        _write(scores, folder / SCORES)
        return dg.MaterializeResult(metadata={"rows": scores.height, "chosen": models.chosen,
                                              "auroc": float(overall["auroc"]),
                                              "mean_risk": float(scores["risk"].mean())})  # fmt: skip

    @dg.asset(key=_key("place_at_risk_register"), group_name=GROUP, kinds=KINDS, owners=chain.OWNERS,
              partitions_def=partitions, deps=[_key("place_risk_scores")])  # fmt: skip
    def place_at_risk_register(
        context: dg.AssetExecutionContext,
        config: chain.RegisterConfig,
        settings: PlaceHealthSettings,
        restricted: DuckDBResource,
    ) -> dg.MaterializeResult:
        """The place's neighbourhood registers, keyed by HMAC pseudonym and tagged with the place."""
        place = context.partition_key
        folder = _place_folder(restricted, place)
        scores = pl.read_parquet(folder / SCORES)
        register, metadata = chain.register_of(scores, settings, config, context.log)
        _write(register.with_columns(place_code=pl.lit(place)), folder / REGISTER)
        return dg.MaterializeResult(metadata=metadata)

    return [place_risk_features, place_risk_scores, place_at_risk_register]


def read_place_registers(root: Path, places: list[str]) -> pl.DataFrame:
    """The summary's columns of every listed place's register, in one `read_parquet` glob."""
    files = root / "*" / REGISTER
    if not any(root.glob(f"*/{REGISTER}")):
        return pl.DataFrame(schema=REGISTER_COLUMNS)
    with duckdb.connect() as conn:  # reads Parquet only: an in-memory database
        return query(conn, "risk/place_registers", files=str(files), places=places)


@dg.asset(key=["publish", "place_register_summary"], group_name=GROUP, kinds={"duckdb"},
          owners=chain.OWNERS, deps=[_key("place_at_risk_register")])  # fmt: skip
def place_register_summary(
    settings: PlaceHealthSettings, restricted: DuckDBResource, warehouse: DuckDBResource
) -> dg.MaterializeResult:
    """Every place's register counts by neighbourhood, band, age band and IMD quintile
    (1-7 suppressed, others rounded to 5); empty until a place partition has run."""
    register = read_place_registers(places_root(restricted), settings.places)
    summary = register_summary(register, settings.suppress_below, settings.round_to)
    with connection(warehouse) as conn:
        publish_table(conn, "place_register_summary", summary)
    return dg.MaterializeResult(metadata={
        "rows": summary.height, "places": register["place_code"].n_unique(),
        "suppressed_cells": int(summary["people_suppressed"].sum())})  # fmt: skip
