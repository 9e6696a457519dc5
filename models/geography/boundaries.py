"""Area shapes per place for maps: ONS boundaries where they exist, else the union of member LSOAs.

Pure Polars and shapely (geometry is data here); no I/O. Inputs are the boundary table
(sources.boundaries.COLUMNS) and marts.locality_hierarchy; the output has one row per place x
area (the place itself, its neighbourhoods, wards and LSOAs) with a GeoJSON geometry and where
it came from (the boundary file, or the union of the area's LSOAs).
"""

from __future__ import annotations

import numpy as np
import polars as pl
import shapely

OUTPUT = (
    "place_code",
    "area_code",
    "area_name",
    "area_type",
    "vintage",
    "geometry",
    "geometry_source",
)
MAPPED_TYPES = ("neighbourhood", "ward", "lsoa")


def lsoa_places(hierarchy: pl.DataFrame) -> pl.DataFrame:
    """LSOA -> place, neighbourhood and ward codes (one row per LSOA x mapped area, with its place)."""
    lsoa = hierarchy.filter(pl.col("member_type") == "lsoa")
    place = lsoa.filter(pl.col("area_type") == "district_ua").select(
        "member_code", "vintage", place_code="area_code"
    )
    return (
        lsoa.filter(pl.col("area_type").is_in(MAPPED_TYPES[:2]))
        .select("member_code", "vintage", "area_type", "area_code", "area_name")
        .vstack(
            lsoa.filter(pl.col("area_type") == "district_ua").select(
                "member_code",
                "vintage",
                pl.lit("lsoa").alias("area_type"),
                pl.col("member_code").alias("area_code"),
                pl.col("member_name").alias("area_name"),
            )
        )
        .join(place, on=["member_code", "vintage"], how="inner", nulls_equal=True)
    )


CLOSING = 0.0002  # degrees (~15 m): closes the slivers between generalised neighbours


def dissolve(geojson: list[str]) -> shapely.Geometry:
    """The union of GeoJSON shapes without the hairline gaps generalised boundaries leave.

    Generalised (BSC) LSOAs do not share every vertex, so a plain union keeps slivers that draw
    as stray lines: a morphological closing (grow, union, shrink by `CLOSING`) removes them
    and leaves the outline where it was.
    """
    shapes = shapely.from_geojson(np.asarray(geojson))
    grown = shapely.buffer(shapes, CLOSING, join_style="mitre")
    closed = shapely.buffer(shapely.union_all(grown), -CLOSING, join_style="mitre")
    return shapely.set_precision(shapely.make_valid(closed), 1e-5)


def _dissolve(members: pl.DataFrame) -> pl.DataFrame:
    """Union of the member geometries per (place, area): one GeoJSON geometry per area."""
    groups = members.group_by(
        "place_code", "area_code", "area_name", "area_type", maintain_order=True
    ).agg("geometry", pl.col("vintage").max(), pl.col("source_file").first())
    if groups.is_empty():
        return groups.with_columns(pl.col("geometry").cast(pl.String)).select(
            *OUTPUT[:-1], "source_file"
        )
    # One union per area (areas, not rows: a few hundred per build).
    unions = [shapely.to_geojson(dissolve(pieces)) for pieces in groups["geometry"].to_list()]
    return groups.with_columns(geometry=pl.Series(unions, dtype=pl.String)).select(
        *OUTPUT[:-1], "source_file"
    )


def place_boundaries(boundaries: pl.DataFrame, hierarchy: pl.DataFrame) -> pl.DataFrame:
    """Shapes of every place, neighbourhood, ward and LSOA in the hierarchy, by place.

    LSOAs take their ONS shape of the same vintage; wards and places their ONS shape (latest
    vintage holding the code); neighbourhoods, and any ward or place without an ONS shape, the
    union of their LSOAs' shapes. Areas with no shape at all are left out.
    """
    members = lsoa_places(hierarchy)
    lsoa_shapes = boundaries.filter(pl.col("area_type") == "lsoa").select(
        member_code="area_code", vintage="vintage", geometry="geometry", source_file="source_file"
    )
    lsoas = (
        members.filter(pl.col("area_type") == "lsoa")
        .join(lsoa_shapes, on=["member_code", "vintage"], how="inner")
        .unique(["place_code", "area_code"], keep="first", maintain_order=True)
        .select(*OUTPUT[:-1], geometry_source="source_file")
    )
    latest = boundaries.sort("vintage", descending=True).unique(
        ["area_type", "area_code"], keep="first", maintain_order=True
    )
    wards = members.filter(pl.col("area_type") == "ward").unique(
        ["place_code", "area_code"], maintain_order=True
    )
    places = members.select(
        "place_code", area_code="place_code", area_type=pl.lit("district_ua")
    ).unique(maintain_order=True)
    official = (
        pl.concat([wards.select("place_code", "area_code", "area_type"), places])
        .join(
            latest.select(
                "area_type", "area_code", "area_name", "vintage", "geometry", "source_file"
            ),
            on=["area_type", "area_code"],
            how="inner",
        )
        .select(*OUTPUT[:-1], geometry_source="source_file")
    )
    has_shape = official.select("place_code", "area_code")
    to_dissolve = (
        members.filter(pl.col("area_type") != "lsoa")
        .vstack(
            members.filter(pl.col("area_type") == "lsoa").with_columns(
                area_type=pl.lit("district_ua"),
                area_code=pl.col("place_code"),
                area_name=pl.lit(None, pl.String),
            )
        )
        .join(has_shape, on=["place_code", "area_code"], how="anti")
        .join(lsoa_shapes, on=["member_code", "vintage"], how="inner")
    )
    dissolved = _dissolve(to_dissolve).select(
        *OUTPUT[:-1],
        geometry_source=pl.format("union of its LSOAs' shapes ({})", "source_file"),
    )
    return pl.concat([official, dissolved, lsoas], how="vertical_relaxed").sort(
        "place_code", "area_type", "area_code"
    )
