"""Neighbourhoods of the configured places: definitions checked, defaults built, LSOA membership."""

from __future__ import annotations

import dagster as dg
import polars as pl
from dagster_duckdb import DuckDBResource

from assets.resources import PROJECT_ROOT, PlaceHealthSettings
from models.neighbourhoods.baselines import msoa_population
from models.neighbourhoods.definitions import neighbourhood_membership, resolve_places
from models.neighbourhoods.derive import lsoa11_population
from sources.localities import read_practice_localities, read_ward_definitions
from warehouse.tables import connection, read_table, replace_table, table_exists

GROUP = "baselines"
OWNERS = ["team:placehealth"]
MEMBERSHIP = dg.AssetKey(["marts", "neighbourhood_membership"])
PLACES = "marts.places"


def optional_table(conn, qualified: str) -> pl.DataFrame | None:
    """A table as Polars, or None when it has not been loaded."""
    return read_table(conn, qualified) if table_exists(conn, qualified) else None


def configured_places(conn, settings: PlaceHealthSettings) -> list[str]:
    """The configured places as resolved by the last membership build (`marts.places`), else
    the setting itself ('all' needs the lookups, so it resolves only through that table)."""
    if table_exists(conn, PLACES):
        return read_table(conn, PLACES)["place_code"].to_list()
    return [p for p in settings.places if p.lower() != "all"]


def definition_folders(settings: PlaceHealthSettings) -> list[tuple]:
    """(folder, label) of every place-published neighbourhood definition folder."""
    return [
        (PROJECT_ROOT / "data" / "neighbourhoods", "data/neighbourhoods"),
        (settings.data_path / "neighbourhoods", "neighbourhoods"),
        (settings.data_path / "localities", "localities"),
    ]


def practice_localities(settings: PlaceHealthSettings) -> pl.DataFrame | None:
    """Published GP practice -> locality lookups in <data dir>/localities/ (None if absent)."""
    return read_practice_localities(settings.data_path / "localities", "localities")


@dg.asset(
    key=MEMBERSHIP, group_name=GROUP, kinds={"duckdb", "polars"}, owners=OWNERS,
    deps=[dg.AssetKey(["staging", n]) for n in ("geography", "population", "lsoa_changes")],
)  # fmt: skip
def neighbourhood_membership_table(
    settings: PlaceHealthSettings, warehouse: DuckDBResource
) -> dg.MaterializeResult:
    """LSOA (2011 and 2021) -> neighbourhood for every configured place (setting `places`):
    the place's own definition, else the documented default (docs/neighbourhoods.md)."""
    with connection(warehouse) as conn:
        geography = read_table(conn, "staging.geography")
        population = optional_table(conn, "staging.population")
        changes = optional_table(conn, "staging.lsoa_changes")
        places = resolve_places(list(settings.places), geography)
        lsoa_pop = lsoa11_population(population) if population is not None else None
        members = neighbourhood_membership(
            places,
            read_ward_definitions(definition_folders(settings)),
            geography,
            msoa_population(geography, population),
            changes,
            lsoa_pop,
        )
        summary = places.join(
            members.group_by("place_code").agg(
                pl.col("neighbourhood_code").n_unique().alias("neighbourhoods"),
                pl.col("basis").first().alias("basis"),
            ),
            on="place_code",
            how="left",
        ).with_columns(pl.col("neighbourhoods").fill_null(0))
        rows = replace_table(conn, "marts.neighbourhood_membership", members)
        replace_table(conn, PLACES, summary)
    return dg.MaterializeResult(
        metadata={
            "rows": rows,
            "places": summary.height,
            "neighbourhoods": int(summary["neighbourhoods"].sum()),
            "defaults": summary.filter(pl.col("basis").str.starts_with("default")).height,
        }
    )
