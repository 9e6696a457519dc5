"""ONS boundary files (GeoJSON, WGS84, optionally gzipped) as a table of area code -> geometry.

The reader recognises a file by its area-code property, as the ONS Open Geography Portal names it
(`WD22CD`, `LSOA11CD`, `LAD23CD` ...), as the geographr redistributions name it (`lsoa21_code`),
or `AREACD` (type from the code's prefix, vintage from the file name). Geometries are simplified
(topology-preserving, `tolerance` degrees) and rounded to `decimals` places, which keeps maps
quick to draw without visibly moving a boundary at place scale.
"""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import numpy as np
import polars as pl
import shapely

from sources.errors import IngestError
from sources.extracts import FileRead, SourceFile

BOUNDARY_GLOBS = ("*.geojson", "*.geojson.gz", "*.json", "*.json.gz")
PATTERNS = tuple(f"geography/boundaries/{glob}" for glob in BOUNDARY_GLOBS)
COLUMNS = (
    "area_code",
    "area_name",
    "area_type",
    "vintage",
    "parent_code",
    "geometry",
    "source_file",
)
# ONS code prefix -> area type (the same vocabulary as marts.locality_hierarchy).
PREFIX_TYPES = {
    "E01": "lsoa",
    "E02": "msoa",
    "E05": "ward",
    "E06": "district_ua",
    "E07": "district_ua",
    "E08": "district_ua",
    "E09": "district_ua",
    "E10": "county_ua",
    "E12": "region",
    "E38": "sub_icb",
    "E54": "icb",
    "E92": "england",
}
# Property name patterns: (regex, area type or None to infer from the code prefix).
_CODE_PROPERTY = re.compile(r"^(?P<kind>[A-Za-z]+?)(?P<yy>\d{2})(CD|_code)$", re.IGNORECASE)
_KINDS = {
    "lsoa": "lsoa",
    "msoa": "msoa",
    "wd": "ward",
    "lad": "district_ua",
    "ltla": "district_ua",
    "ctyua": "county_ua",
    "rgn": "region",
    "sicbl": "sub_icb",
    "icb": "icb",
    "ctry": "england",
}
_PARENT_PROPERTY = re.compile(r"^(LAD\d{2}CD|ltla\d{2}_code)$", re.IGNORECASE)


def boundary_files(folder: Path) -> list[Path]:
    """The boundary files in `folder` (sorted; empty when the folder is absent)."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    return sorted({p for pattern in BOUNDARY_GLOBS for p in folder.glob(pattern)})


def _raw_features(path: Path) -> pl.DataFrame:
    """properties (JSON text) and geometry (GeoJSON text), one row per feature, read by DuckDB."""
    try:
        with duckdb.connect() as conn:
            return conn.sql(
                "SELECT CAST(f->'properties' AS VARCHAR) AS properties, "
                "nullif(CAST(f->'geometry' AS VARCHAR), 'null') AS geometry "
                "FROM (SELECT unnest(features) AS f FROM read_json(?, "
                "columns={features: 'JSON[]'}, format='unstructured', "
                "maximum_object_size=2000000000))",
                params=[str(path)],
            ).pl()
    except duckdb.Error as error:
        raise IngestError(str(path), f"not a GeoJSON FeatureCollection ({error})") from error


def _code_property(path: Path, keys: list[str]) -> tuple[str, str | None, int | None]:
    """(code property, area type or None, vintage or None) recognised from the property names."""
    for key in keys:
        match = _CODE_PROPERTY.match(key)
        if match and match["kind"].lower() in _KINDS:
            return key, _KINDS[match["kind"].lower()], 2000 + int(match["yy"])
    if "AREACD" in keys:
        year = re.search(r"(20\d\d)", path.name)
        return "AREACD", None, int(year[1]) if year else None
    raise IngestError(
        str(path), f"no area-code property (like WD22CD, LSOA11CD or AREACD) among {keys}"
    )


def _name_property(code_property: str, keys: list[str]) -> str | None:
    if code_property == "AREACD":
        return "AREANM" if "AREANM" in keys else None
    candidates = [code_property[:-2] + "NM", code_property.replace("_code", "_name")]
    return next((k for k in candidates if k in keys), None)


def simplify_geojson(geometry: pl.Series, tolerance: float, decimals: int) -> pl.Series:
    """GeoJSON geometries simplified (topology-preserving) and rounded, vectorised by shapely."""
    shapes = shapely.from_geojson(geometry.to_numpy())
    if tolerance > 0:
        shapes = shapely.simplify(shapes, tolerance, preserve_topology=True)
    shapes = shapely.transform(shapes, lambda xy: np.round(xy, decimals))
    shapes = shapely.make_valid(shapes)
    return pl.Series(geometry.name, shapely.to_geojson(shapes), dtype=pl.String)


def read_boundaries(path: Path, tolerance: float = 0.0001, decimals: int = 5) -> pl.DataFrame:
    """One boundary file as rows of COLUMNS (see read_boundaries_counted)."""
    return read_boundaries_counted(path, tolerance, decimals)[0]


def read_boundaries_counted(
    path: Path, tolerance: float = 0.0001, decimals: int = 5
) -> tuple[pl.DataFrame, int]:
    """One boundary file as rows of COLUMNS, and the number of features read.

    English areas only (Welsh, Scottish and Northern Irish features are left out).

    Raises IngestError naming the file (and the row, 1-based feature number) on a missing code
    property, an empty file, a duplicate code or an invalid geometry.
    """
    path = Path(path)
    raw = _raw_features(path)
    if raw.is_empty():
        raise IngestError(str(path), "no features")
    props = raw["properties"].str.json_decode(infer_schema_length=None)
    keys = [field.name for field in props.dtype.fields]
    code_key, area_type, vintage = _code_property(path, keys)
    name_key = _name_property(code_key, keys)
    parent_key = next((k for k in keys if _PARENT_PROPERTY.match(k) and k != code_key), None)
    frame = pl.DataFrame(
        {
            "feature": np.arange(1, raw.height + 1),
            "area_code": props.struct.field(code_key).cast(pl.String).str.strip_chars(),
            "area_name": props.struct.field(name_key).cast(pl.String) if name_key else None,
            "parent_code": props.struct.field(parent_key).cast(pl.String) if parent_key else None,
            "geometry": raw["geometry"],
        }
    )
    missing = frame.filter(pl.col("area_code").is_null() | pl.col("geometry").is_null())
    if missing.height:
        raise IngestError(
            str(path), "feature without a code or geometry", missing["feature"][0], code_key
        )
    frame = frame.filter(pl.col("area_code").str.starts_with("E"))
    try:
        geometry = simplify_geojson(frame["geometry"], tolerance, decimals)
    except shapely.errors.GEOSException as error:
        raise IngestError(str(path), f"invalid geometry ({error})", None, "geometry") from error
    frame = _merge_parts(frame.with_columns(geometry=geometry))
    prefix_type = frame["area_code"].str.slice(0, 3).replace_strict(PREFIX_TYPES, default=None)
    table = frame.with_columns(
        area_type=pl.lit(area_type, pl.String) if area_type else prefix_type,
        vintage=pl.lit(vintage, pl.Int64),
        source_file=pl.lit(path.name),
    ).select(COLUMNS)
    return table, raw.height


def _merge_parts(frame: pl.DataFrame) -> pl.DataFrame:
    """One row per area code: features that share a code (a ward published in parts) are unioned."""
    parts = frame.filter(pl.col("area_code").is_duplicated())
    if parts.is_empty():
        return frame
    merged = parts.group_by("area_code", maintain_order=True).agg(
        pl.col("feature", "area_name", "parent_code").first(), pl.col("geometry")
    )
    unions = [
        shapely.to_geojson(shapely.union_all(shapely.from_geojson(np.asarray(pieces))))
        for pieces in merged["geometry"].to_list()  # only the few codes published in parts
    ]
    merged = merged.with_columns(geometry=pl.Series(unions, dtype=pl.String))
    return pl.concat(
        [frame.filter(~pl.col("area_code").is_duplicated()), merged.select(frame.columns)]
    )


def read_boundary_folder(folder: Path, tolerance: float = 0.0001) -> pl.DataFrame:
    """Every boundary file in `folder`, stacked (empty frame with COLUMNS when there are none)."""
    frames = [read_boundaries(path, tolerance) for path in boundary_files(folder)]
    if not frames:
        return empty_boundaries()
    return pl.concat(frames, how="vertical_relaxed")


def empty_boundaries() -> pl.DataFrame:
    """A frame with the boundary columns and no rows."""
    schema = dict.fromkeys(COLUMNS, pl.String) | {"vintage": pl.Int64}
    return pl.DataFrame(schema=schema)


NOT_ENGLAND = "features outside England (Welsh, Scottish, NI codes) or parts merged into one area"


def read_boundary_source(
    data_dir: Path, files: list[SourceFile]
) -> tuple[pl.DataFrame, list[FileRead]] | None:
    """Every boundary file stacked, with each file's features read, loaded and left out.

    The source registry's reader signature: `files` are SourceFile(path, sha256); None when
    there are none (the source is absent).
    """
    if not files:
        return None
    tables, reads = [], []
    for file in files:
        table, features = read_boundaries_counted(file.path)
        tables.append(table)
        left_out = features - table.height
        note = NOT_ENGLAND if left_out else ""
        reads.append(FileRead(file.path, file.sha256, features, table.height, left_out, note))
    return pl.concat([empty_boundaries(), *tables], how="vertical_relaxed"), reads
