"""Helpers for the baselines tests and benchmark: load staging, build every baselines asset."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
import duckdb
import polars as pl
from dagster_duckdb import DuckDBResource

from assets.baselines.funnels import practice_funnels_asset
from assets.baselines.indicators import (
    indicator_baseline,
    indicator_trend,
    indicator_values,
    locality_hierarchy,
    opportunity,
)
from assets.baselines.inequality import indicator_inequality
from assets.baselines.neighbourhoods import neighbourhood_membership_table
from assets.resources import PlaceHealthSettings
from pipelines.settings import shared_data_dir
from warehouse.tables import replace_table

REPO = Path(__file__).resolve().parents[2]
BASELINE_ASSETS = [neighbourhood_membership_table, locality_hierarchy, indicator_values, indicator_baseline, indicator_trend,
                   opportunity, indicator_inequality, practice_funnels_asset]  # fmt: skip


NEIGHBOURHOOD_SOURCES = ("imd_population_denominators", "imd_transformed_scores",
                         "imd_underlying_indicators", "lsoa_changes",
                         "imd_area_summaries")  # fmt: skip


def shared_data() -> Path:
    """The real extracts folder (PLACEHEALTH_SHARED_DATA or ../shared/data)."""
    return shared_data_dir()


SEEDS = list(PlaceHealthSettings().places)
EXTRA_PLACE = ""  # set by build_baselines: the first English LA no shipped file mentions


def unmentioned_place(db: Path, data_dir: Path) -> str:
    """The first English local authority (by code, 2024 lookup) that no project data file and
    no definition folder of the extracts mentions: a place with nothing but the extracts."""
    texts = [REPO / "data", data_dir / "localities", data_dir / "neighbourhoods"]
    mentioned = "".join(
        p.read_text(errors="ignore") for folder in texts if folder.is_dir()
        for p in folder.rglob("*") if p.is_file() and p.suffix in {".csv", ".yaml", ".md"}
    )  # fmt: skip
    with duckdb.connect(str(db), read_only=True) as conn:
        codes = conn.sql("""SELECT DISTINCT lad_code FROM staging.geography
                            WHERE lsoa_vintage = 2021 AND regexp_matches(lad_code, '^E0[6-9]')
                            ORDER BY 1""").pl()["lad_code"]  # fmt: skip
    return next(c for c in codes if c not in mentioned)


def build_baselines(
    db: Path, data_dir: Path, places: list[str] | None = None
) -> dg.ExecuteInProcessResult:
    """Materialize every baselines asset against the warehouse file `db`: for the seed places
    and one place no shipped file mentions (EXTRA_PLACE), unless `places` is given."""
    global EXTRA_PLACE
    if places is None:
        EXTRA_PLACE = unmentioned_place(db, data_dir)
        places = [*SEEDS, EXTRA_PLACE]
    resources = {
        "settings": PlaceHealthSettings(
            data_dir=str(data_dir), reports_dir=str(db.parent / "r"), places=places
        ),
        "warehouse": DuckDBResource(database=str(db)),
    }
    return dg.materialize(BASELINE_ASSETS, resources=resources)


def load_real_staging(db: Path, data: Path, replicate: int = 1) -> None:
    """Staging tables from the real extracts via sources/ (optionally replicated n times)."""
    from sources import read_source
    from sources.fingertips import read_indicator_metadata

    conn = duckdb.connect(str(db))
    for source in ("fingertips", "qof_prevalence", "imd", "geography", "population"):
        table = read_source(data, source).table
        if replicate > 1 and source == "fingertips":
            table = replicate_fingertips(table, replicate)
        replace_table(conn, f"staging.{source}", table)
    for name in NEIGHBOURHOOD_SOURCES:  # supplementary tables the neighbourhood profile reads
        found = read_source(data, name)
        if found is not None:
            replace_table(conn, f"staging.{name}", found.table)
    metadata = read_indicator_metadata(data)
    if replicate > 1:
        metadata = replicate_fingertips(metadata, replicate)
    replace_table(conn, "staging.indicator_metadata", metadata)
    conn.close()


def replicate_fingertips(table: pl.DataFrame, times: int) -> pl.DataFrame:
    """n copies of the Fingertips rows, indicators renumbered so each copy is its own set."""
    return pl.concat(
        table.with_columns(pl.col("indicator_id") + k * 1_000_000) for k in range(times)
    )
