"""`publish.area_boundaries`: the shapes of every place's neighbourhoods, wards and LSOAs."""

from __future__ import annotations

import dagster as dg
from dagster_duckdb import DuckDBResource

from assets.baselines.indicators import GROUP, HIERARCHY, OWNERS, optional_table, staging
from models.geography.boundaries import place_boundaries
from sources.boundaries import empty_boundaries
from warehouse.tables import connection, publish_table, read_table


@dg.asset(
    key=dg.AssetKey(["publish", "area_boundaries"]), group_name=GROUP,
    kinds={"duckdb", "polars"}, owners=OWNERS, deps=[HIERARCHY, *staging("boundaries")],
)  # fmt: skip
def area_boundaries(warehouse: DuckDBResource) -> dg.MaterializeResult:
    """Map shapes by place: ONS boundaries, neighbourhoods as the union of their LSOAs."""
    with connection(warehouse) as conn:
        hierarchy = read_table(conn, "marts.locality_hierarchy")
        shapes = optional_table(conn, "staging.boundaries")
        table = place_boundaries(shapes if shapes is not None else empty_boundaries(), hierarchy)
        rows = publish_table(conn, "area_boundaries", table)
    return dg.MaterializeResult(
        metadata={
            "rows": rows,
            "places": table["place_code"].n_unique(),
            "dissolved": table.filter(table["geometry_source"].str.starts_with("union")).height,
        }
    )
