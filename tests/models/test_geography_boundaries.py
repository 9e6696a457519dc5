"""Place shapes: ONS shapes where a code matches, else the union of the area's LSOAs."""

import polars as pl
import pytest
import shapely

from models.geography.boundaries import place_boundaries


def box(x0, y0, x1, y1) -> str:
    return shapely.to_geojson(shapely.box(x0, y0, x1, y1))


BOUNDARIES = pl.DataFrame(
    {
        "area_code": ["E01000001", "E01000002", "E01000003", "E05000001", "E08000001"],
        "area_name": ["L1", "L2", "L3", "Ward one", "Place"],
        "area_type": ["lsoa", "lsoa", "lsoa", "ward", "district_ua"],
        "vintage": [2011, 2011, 2011, 2022, 2023],
        "parent_code": ["E08000001"] * 3 + ["E08000001", None],
        "geometry": [
            box(0, 0, 1, 1),
            box(1, 0, 2, 1),
            box(0, 1, 2, 2),
            box(0, 0, 2, 1),
            box(0, 0, 2, 2),
        ],
        "source_file": ["lsoa.geojson"] * 3 + ["wards.geojson", "lad.geojson"],
    }
)


def hierarchy() -> pl.DataFrame:
    rows = []
    for lsoa, ward in (
        ("E01000001", "E05000001"),
        ("E01000002", "E05000001"),
        ("E01000003", "E05000002"),
    ):
        for area_type, code, name in (
            ("ward", ward, f"ward {ward[-1]}"),
            (
                "neighbourhood",
                "E08000001:NORTH" if lsoa == "E01000003" else "E08000001:SOUTH",
                None,
            ),
            ("district_ua", "E08000001", "Place"),
        ):
            rows.append(
                ("lsoa", lsoa, f"L{lsoa[-1]}", 2011, area_type, code, name or code[10:].title())
            )
    return pl.DataFrame(
        rows,
        schema=[
            "member_type",
            "member_code",
            "member_name",
            "vintage",
            "area_type",
            "area_code",
            "area_name",
        ],
        orient="row",
    )


def test_every_area_of_the_place_gets_one_shape():
    shapes = place_boundaries(BOUNDARIES, hierarchy())
    assert shapes["place_code"].unique().to_list() == ["E08000001"]
    got = {(r["area_type"], r["area_code"]): r for r in shapes.iter_rows(named=True)}
    assert set(got) == {
        ("district_ua", "E08000001"),
        ("ward", "E05000001"),
        ("ward", "E05000002"),
        ("neighbourhood", "E08000001:NORTH"),
        ("neighbourhood", "E08000001:SOUTH"),
        ("lsoa", "E01000001"),
        ("lsoa", "E01000002"),
        ("lsoa", "E01000003"),
    }
    assert got[("ward", "E05000001")]["geometry_source"] == "wards.geojson"
    # Ward 2 has no ONS shape: the union of its one LSOA; neighbourhoods are always unions.
    assert got[("ward", "E05000002")]["geometry_source"].startswith("union")
    south = shapely.from_geojson(got[("neighbourhood", "E08000001:SOUTH")]["geometry"])
    assert south.area == pytest.approx(2.0) and south.geom_type == "Polygon"
    assert shapely.equals(south, shapely.box(0, 0, 2, 1))


def test_no_boundaries_gives_no_shapes():
    empty = BOUNDARIES.clear()
    assert place_boundaries(empty, hierarchy()).is_empty()


def test_dissolve_closes_hairline_gaps_between_generalised_neighbours():
    from models.geography.boundaries import dissolve

    # Two LSOAs whose shared edge was generalised differently: a 1 m sliver between them.
    union = dissolve([box(0, 0, 0.01, 0.01), box(0.01001, 0, 0.02, 0.01)])
    assert union.geom_type == "Polygon" and not list(union.interiors)
    assert union.area == pytest.approx(0.0002, rel=1e-3)
    assert shapely.equals(shapely.envelope(union), shapely.box(0, 0, 0.02, 0.01))
