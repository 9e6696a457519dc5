"""SYNTHETIC boundary files for the demo areas, in the ONS GeoJSON layout (WGS84, *CD/*NM names).

Each demo place is a small jittered grid near its real location: its wards are the cells (the
wards of one neighbourhood side by side), each ward's two LSOAs the cell's left and right
halves, so wards tile the place and LSOAs tile their ward exactly (shared vertices). The shapes
are invented; only the codes and names are real.
"""

from __future__ import annotations

import csv
import json
import math
from pathlib import Path

import numpy as np
import shapely

from synthetic.extracts.areas import PLACES, REGIONS, Place, wards_of
from synthetic.extracts.tables import write_bytes

FOLDER = "geography/boundaries"
# Rough centre (longitude, latitude) of each demo place; the grids are synthetic.
CENTRES = {
    "E08000028": (-2.01, 52.51),
    "E08000025": (-1.89, 52.47),
    "E08000029": (-1.75, 52.40),
    "E06000033": (0.71, 51.55),
    "E08000027": (-2.12, 52.49),
    "E08000030": (-1.98, 52.60),
    "E08000031": (-2.13, 52.59),
    "E08000026": (-1.52, 52.41),
}
CELL = (0.022, 0.014)  # ward cell width and height in degrees (about 1.5 km)
# The repository's neighbourhood definitions: wards of one neighbourhood get adjacent cells.
NEIGHBOURHOODS = Path(__file__).resolve().parents[2] / "data" / "neighbourhoods"


def _neighbourhood_of() -> dict[str, str]:
    """ward code -> neighbourhood, from data/neighbourhoods/*.csv (empty where absent)."""
    found: dict[str, str] = {}
    for path in sorted(NEIGHBOURHOODS.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            found |= {row["ward_code"]: row["neighbourhood"] for row in csv.DictReader(handle)}
    return found


def _cell(index: int, rows: int) -> tuple[int, int]:
    """(row, column) of the index-th cell, filling columns in a snake so runs stay adjacent."""
    column, step = divmod(index, rows)
    return (step if column % 2 == 0 else rows - 1 - step), column


def _grid(place: Place, cells: int, rng: np.random.Generator) -> tuple[np.ndarray, int, int]:
    """Jittered vertex grid (rows+1, cols+1, 2) for `cells` ward cells around the place centre."""
    cols = max(2, math.ceil(math.sqrt(cells * 1.5)))
    rows = math.ceil(cells / cols)
    lon0, lat0 = CENTRES[place.code]
    xs = lon0 + (np.arange(cols + 1) - cols / 2) * CELL[0]
    ys = lat0 + (np.arange(rows + 1) - rows / 2) * CELL[1]
    grid = np.stack(np.meshgrid(xs, ys), axis=-1)
    jitter = rng.uniform(-0.3, 0.3, grid.shape) * np.array(CELL)
    jitter[[0, -1], :, 1] = 0  # keep the outline straight-edged top and bottom
    jitter[:, [0, -1], 0] = 0
    return np.round(grid + jitter, 5), rows, cols


def _ring(points: list[np.ndarray]) -> list[list[float]]:
    ring = [[float(x), float(y)] for x, y in points]
    return [*ring, ring[0]]


def _feature(properties: dict, rings: list[list[list[float]]]) -> dict:
    return {"type": "Feature", "properties": properties, "geometry": _geometry(rings)}


def _geometry(rings: list[list[list[float]]]) -> dict:
    if len(rings) == 1:
        return {"type": "Polygon", "coordinates": rings}
    return {"type": "MultiPolygon", "coordinates": [[ring] for ring in rings]}


def place_features(place: Place, rng: np.random.Generator) -> tuple[dict, list[dict], list[dict]]:
    """The place's outline, its ward features and its LSOA features (ONS property names)."""
    towns = _neighbourhood_of()
    wards = sorted(wards_of(place), key=lambda ward: towns.get(ward[0], ""))  # stable
    grid, rows, _cols = _grid(place, len(wards), rng)
    ward_features, lsoa_features, cells = [], [], []
    for index, (ward_code, ward_name, code_a, name_a, code_b, name_b) in enumerate(wards):
        r, c = _cell(index, rows)
        sw, se, ne, nw = grid[r, c], grid[r, c + 1], grid[r + 1, c + 1], grid[r + 1, c]
        s_mid, n_mid = (sw + se) / 2, (nw + ne) / 2
        cells.append(_ring([sw, se, ne, nw]))
        parent = {"LAD19CD": place.code, "LAD19NM": place.name}
        ward_features.append(
            _feature({"WD19CD": ward_code, "WD19NM": ward_name, **parent}, [cells[-1]])
        )
        for code, name, ring in (
            (code_a, name_a, [sw, s_mid, n_mid, nw]),
            (code_b, name_b, [s_mid, se, ne, n_mid]),
        ):
            lsoa_features.append(
                _feature({"LSOA11CD": code, "LSOA11NM": name, **parent}, [_ring(ring)])
            )
    outline = _dissolved({"LAD19CD": place.code, "LAD19NM": place.name}, cells)
    return outline, ward_features, lsoa_features


def _dissolved(properties: dict, rings: list[list[list[float]]]) -> dict:
    """One feature whose geometry is the union of the rings (an outline without inner lines)."""
    union = shapely.union_all([shapely.Polygon(ring) for ring in rings]).normalize()
    geometry = json.loads(shapely.to_geojson(shapely.set_precision(union, 1e-5)))
    return {"type": "Feature", "properties": properties, "geometry": geometry}


def _collection(name: str, features: list[dict]) -> bytes:
    return json.dumps({"type": "FeatureCollection", "name": name, "features": features}).encode()


def write_demo_boundaries(out_dir: Path, seed: int = 2019) -> list[Path]:
    """Write the synthetic LAD, ward, LSOA and region boundary files under out_dir."""
    rng = np.random.default_rng(seed)
    places, wards, lsoas = [], [], []
    for place in PLACES:
        outline, ward_features, lsoa_features = place_features(place, rng)
        places.append(outline)
        wards += ward_features
        lsoas += lsoa_features
    regions = [
        _dissolved(
            {"RGN19CD": code, "RGN19NM": name},
            [
                ring
                for p in places
                if p["properties"]["LAD19CD"] in _places_in(code)
                for ring in _rings(p)
            ],
        )
        for code, name in REGIONS.items()
    ]
    folder = Path(out_dir) / FOLDER
    return [
        write_bytes(folder / "Demo_LAD_December_2019_BSC.geojson", _collection("lad19", places)),
        write_bytes(folder / "Demo_Wards_December_2019_BSC.geojson", _collection("wd19", wards)),
        write_bytes(folder / "Demo_LSOA_2011_BSC.geojson", _collection("lsoa11", lsoas)),
        write_bytes(
            folder / "Demo_Regions_December_2019_BUC.geojson", _collection("rgn19", regions)
        ),
    ]


def _places_in(region_code: str) -> set[str]:
    return {p.code for p in PLACES if p.region == region_code}


def _rings(feature: dict) -> list[list[list[float]]]:
    geometry = feature["geometry"]
    if geometry["type"] == "Polygon":
        return geometry["coordinates"][:1]
    return [polygon[0] for polygon in geometry["coordinates"]]
