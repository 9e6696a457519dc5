"""ONS boundary GeoJSON reader: code property recognised, England only, parts merged, errors."""

import gzip
import json

import pytest
import shapely

from sources.boundaries import read_boundaries_counted, read_boundary_folder
from sources.errors import IngestError
from synthetic.extracts.boundaries import write_demo_boundaries


def square(x: float, y: float, size: float = 0.01) -> dict:
    ring = [[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]
    return {"type": "Polygon", "coordinates": [ring]}


def write(path, features, compress=False):
    data = json.dumps({"type": "FeatureCollection", "features": features}).encode()
    path.write_bytes(gzip.compress(data) if compress else data)
    return path


def feature(properties, geometry):
    return {"type": "Feature", "properties": properties, "geometry": geometry}


def test_ons_ward_file_england_only_with_parent_and_vintage(tmp_path):
    path = write(
        tmp_path / "Wards_December_2022_Boundaries_UK_BSC.geojson.gz",
        [
            feature(
                {"WD22CD": "E05001260", "WD22NM": "Abbey", "LAD22CD": "E08000028"}, square(0, 0)
            ),
            feature(
                {"WD22CD": "W05000869", "WD22NM": "Adamsdown", "LAD22CD": "W06000015"}, square(1, 1)
            ),
            # A ward published in two parts becomes one area.
            feature(
                {"WD22CD": "E05014284", "WD22NM": "Hunmanby", "LAD22CD": "E07000167"}, square(2, 2)
            ),
            feature(
                {"WD22CD": "E05014284", "WD22NM": "Hunmanby", "LAD22CD": "E07000167"},
                square(2.01, 2),
            ),
        ],
        compress=True,
    )
    table, features = read_boundaries_counted(path, tolerance=0)
    assert features == 4
    assert sorted(table["area_code"]) == ["E05001260", "E05014284"]
    assert set(table["area_type"]) == {"ward"} and set(table["vintage"]) == {2022}
    row = table.filter(table["area_code"] == "E05001260").row(0, named=True)
    assert (row["area_name"], row["parent_code"]) == ("Abbey", "E08000028")
    merged = shapely.from_geojson(table.filter(table["area_code"] == "E05014284")["geometry"][0])
    assert merged.area == pytest.approx(0.0002, rel=1e-3)  # the two squares, touching


def test_areacd_files_take_type_from_the_code_and_vintage_from_the_name(tmp_path):
    path = write(
        tmp_path / "Regions_December_2022_EN_BUC.geojson",
        [feature({"AREACD": "E12000005", "AREANM": "West Midlands"}, square(0, 0))],
    )
    table, _ = read_boundaries_counted(path)
    assert table.row(0, named=True)["area_type"] == "region"
    assert table.row(0, named=True)["vintage"] == 2022


def test_file_without_a_code_property_names_the_file(tmp_path):
    path = write(tmp_path / "bad.geojson", [feature({"name": "x"}, square(0, 0))])
    with pytest.raises(IngestError, match="bad.geojson.*no area-code property"):
        read_boundaries_counted(path)


def test_feature_without_geometry_names_file_and_row(tmp_path):
    path = write(
        tmp_path / "lsoa.geojson",
        [
            feature({"LSOA11CD": "E01009921"}, square(0, 0)),
            feature({"LSOA11CD": "E01009922"}, None),
        ],
    )
    with pytest.raises(IngestError, match=r"lsoa.geojson, row 2, column 'LSOA11CD'"):
        read_boundaries_counted(path)


def test_not_geojson_names_the_file(tmp_path):
    path = tmp_path / "broken.geojson"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(IngestError, match="broken.geojson"):
        read_boundaries_counted(path)


def test_demo_boundaries_tile_each_ward_with_its_lsoas(tmp_path):
    write_demo_boundaries(tmp_path)
    table = read_boundary_folder(tmp_path / "geography" / "boundaries", tolerance=0)
    counts = dict(table.group_by("area_type").len().iter_rows())
    assert counts == {"district_ua": 8, "ward": 38, "lsoa": 76, "region": 2}
    shapes = shapely.from_geojson(table["geometry"].to_numpy())
    assert shapely.is_valid(shapes).all()
    by_type = {t: shapes[(table["area_type"] == t).to_numpy()] for t in counts}
    # LSOAs tile wards, wards tile places: the areas add up.
    assert shapely.area(by_type["lsoa"]).sum() == pytest.approx(shapely.area(by_type["ward"]).sum())
    assert shapely.area(by_type["ward"]).sum() == pytest.approx(
        shapely.area(by_type["district_ua"]).sum(), rel=1e-4
    )
