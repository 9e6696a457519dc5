"""The dashboard's questions of the `publish` views (places, areas, shapes, values), by place."""

from __future__ import annotations

import polars as pl

from models.neighbourhoods.catalogue import BY_ID as CATALOGUE
from reporting.dashboard.data import Warehouse

AREA_TYPE_LABELS = {
    "neighbourhood": "neighbourhoods",
    "ward": "wards",
    "lsoa": "LSOAs (small areas)",
}
LOCAL_INDICATOR_NAMES = {0: "Population aged 65 and over (%)"}
ALL = ""
# Of an area type, only the place's most common boundary vintage (LSOA 2011 or 2021: never both,
# which would overlap on the map).
ONE_VINTAGE = "QUALIFY vintage IS NOT DISTINCT FROM mode(vintage) OVER (PARTITION BY area_type)"


def indicator_label(indicator_id: int | None, name: str | None) -> str:
    """'Name (id)' for Fingertips indicators; local indicators (the neighbourhood catalogue's
    IoD and population ids) by name alone (never 'id 0')."""
    if indicator_id is None:
        return name or "local metric"
    name = name or LOCAL_INDICATOR_NAMES.get(indicator_id) or "unnamed indicator"
    local = indicator_id in LOCAL_INDICATOR_NAMES or indicator_id in CATALOGUE
    return name if local else f"{name} ({indicator_id})"


def unit_of(value_type: str | None, multiplier: float | None) -> str:
    """Unit suffix for a value: '%' for proportions x100, ' per 100,000' for rates ...

    Fingertips publishes proportions as percentages, so a proportion without a multiplier is
    one too; other values without a multiplier get no unit rather than a guessed one."""
    proportion = (value_type or "Proportion").lower().startswith("proportion")
    if proportion and multiplier in (100, None):
        return "%"
    if multiplier == 100 and "rate" in (value_type or "").lower():
        return " per 100"
    if multiplier and multiplier > 100:
        return f" per {multiplier:,.0f}"
    return ""


def places(warehouse: Warehouse) -> pl.DataFrame:
    """area_code, area_name of every place (district/UA) with published values or targets."""
    parts = []
    if warehouse.has("indicator_baseline", "area_type"):
        parts.append(
            "SELECT area_code, area_name FROM publish.indicator_baseline "
            "WHERE area_type = 'district_ua'"
        )
    if warehouse.has("area_boundaries", "place_code"):
        parts.append(
            "SELECT area_code, area_name FROM publish.area_boundaries "
            "WHERE area_type = 'district_ua' AND area_name IS NOT NULL"
        )
    if not parts:
        return pl.DataFrame(schema={"area_code": pl.String, "area_name": pl.String})
    return warehouse.query(
        "SELECT area_code, min(area_name) AS area_name FROM ("
        + " UNION ALL ".join(parts)
        + ") GROUP BY area_code ORDER BY area_name"
    )


def areas_in_place(warehouse: Warehouse, place: str) -> pl.DataFrame:
    """area_code, area_name, area_type of the place's neighbourhoods, wards and LSOAs."""
    if warehouse.has("area_boundaries", "place_code"):
        return warehouse.query(
            "SELECT area_code, area_name, area_type FROM publish.area_boundaries "
            "WHERE place_code = ? AND area_type IN ('neighbourhood', 'ward', 'lsoa') "
            f"{ONE_VINTAGE} ORDER BY area_type, area_name",
            (place,),
        )
    # Without shapes, neighbourhood codes still say their place ('<place code>:<NAME>').
    return warehouse.query(
        "SELECT DISTINCT area_code, area_name, area_type FROM publish.indicator_baseline "
        "WHERE area_type = 'neighbourhood' AND area_code LIKE ? ORDER BY area_name",
        (f"{place}:%",),
    )


def neighbourhoods(warehouse: Warehouse, place: str) -> pl.DataFrame:
    """The place's neighbourhoods (code and name), from shapes, baselines and registers."""
    areas = areas_in_place(warehouse, place).filter(pl.col("area_type") == "neighbourhood")
    return areas.select("area_code", "area_name").unique(maintain_order=True)


def shapes(warehouse: Warehouse, place: str, area_type: str) -> pl.DataFrame:
    """area_code, area_name, geometry (GeoJSON) of the place's areas of one type."""
    if not warehouse.has("area_boundaries", "place_code", "geometry"):
        return pl.DataFrame(
            schema={"area_code": pl.String, "area_name": pl.String, "geometry": pl.String}
        )
    return warehouse.query(
        "SELECT area_code, area_name, geometry, geometry_source FROM publish.area_boundaries "
        f"WHERE place_code = ? AND area_type = ? {ONE_VINTAGE} ORDER BY area_code",
        (place, area_type),
    )


def baseline(warehouse: Warehouse, codes: list[str]) -> pl.DataFrame:
    """publish.indicator_baseline rows of the given areas (labelled indicators)."""
    if not codes or not warehouse.has("indicator_baseline"):
        return pl.DataFrame()
    frame = warehouse.query(
        "SELECT * FROM publish.indicator_baseline WHERE list_contains(?, area_code)",
        (codes,),
    )
    return with_labels(frame)


def with_labels(frame: pl.DataFrame) -> pl.DataFrame:
    """Add `indicator` (a readable label) and `unit` columns."""
    if frame.is_empty():
        return frame
    labels = frame.select("indicator_id", "indicator_name").unique()
    labels = labels.with_columns(
        indicator=pl.struct("indicator_id", "indicator_name").map_elements(
            lambda r: indicator_label(r["indicator_id"], r["indicator_name"]),
            return_dtype=pl.String,
        )
    )
    frame = frame.join(labels, on=["indicator_id", "indicator_name"], how="left", nulls_equal=True)
    if {"value_type", "multiplier"} <= set(frame.columns):
        units = frame.select("value_type", "multiplier").unique()
        units = units.with_columns(
            unit=pl.struct("value_type", "multiplier").map_elements(
                lambda r: unit_of(r["value_type"], r["multiplier"]), return_dtype=pl.String
            )
        )
        frame = frame.join(units, on=["value_type", "multiplier"], how="left", nulls_equal=True)
    return frame


def place_name(warehouse: Warehouse, place: str) -> str:
    """The place's name (its code when unnamed)."""
    found = places(warehouse).filter(pl.col("area_code") == place)
    return found["area_name"][0] if found.height else place


def contract(warehouse: Warehouse) -> dict:
    """The latest publish.contract_version row (empty dict when absent)."""
    frame = warehouse.view("contract_version")
    if frame.is_empty():
        return {}
    return frame.sort("published_at", descending=True).row(0, named=True)
