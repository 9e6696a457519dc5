"""The neighbourhood baseline computation end to end (pure): members -> areas -> comparisons."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from models.neighbourhoods.aggregate import area_values
from models.neighbourhoods.derive import (
    count_members,
    iod2025_population,
    lsoa11_population,
    lsoa21_population,
    score_members,
)


@dataclass
class SmallAreaInputs:
    """The staging frames the catalogue reads (None where a source was not loaded)."""

    imd: pl.DataFrame | None = None
    denominators: pl.DataFrame | None = None
    population: pl.DataFrame | None = None
    lsoa_changes: pl.DataFrame | None = None
    transformed: pl.DataFrame | None = None
    underlying: pl.DataFrame | None = None


EMPTY = {
    "imd": {"iod_edition": pl.Int64, "lsoa_code": pl.String, "imd_decile": pl.Int64,
            "income_score": pl.Float64},
    "denominators": {"lsoa_code": pl.String, "population_total": pl.Float64},
    "population": {"area_code": pl.String, "area_type": pl.String, "year": pl.Int64,
                   "age_lower": pl.Int64, "population": pl.Int64},
    "lsoa_changes": {"lsoa11_code": pl.String, "lsoa21_code": pl.String},
}  # fmt: skip


def _or_empty(frame: pl.DataFrame | None, name: str) -> pl.DataFrame:
    """The frame with the columns the derivations need (null where absent), or an empty one."""
    if frame is None:
        return pl.DataFrame(schema=EMPTY[name])
    return frame.with_columns(
        pl.lit(None, dtype=t).alias(c) for c, t in EMPTY[name].items() if c not in frame.columns
    )


def msoa_population(geography: pl.DataFrame, population: pl.DataFrame | None) -> pl.DataFrame:
    """msoa_code, population (mid-2020, from LSOA 2011 estimates) for default neighbourhoods."""
    if population is None or "msoa_code" not in geography.columns:
        return pl.DataFrame(schema={"msoa_code": pl.String, "population": pl.Float64})
    lsoas = geography.filter(pl.col("lsoa_vintage") == 2011).select("lsoa_code", "msoa_code")
    return (
        lsoas.unique("lsoa_code")
        .join(lsoa11_population(population), on="lsoa_code")
        .group_by("msoa_code")
        .agg(pl.col("population").sum())
    )


def catalogue_values(inputs: SmallAreaInputs, hierarchy: pl.DataFrame) -> pl.DataFrame:
    """Every catalogue indicator for every LSOA-based area of the hierarchy (wards and up)."""
    imd, den = _or_empty(inputs.imd, "imd"), _or_empty(inputs.denominators, "denominators")
    population = _or_empty(inputs.population, "population")
    p21 = lsoa21_population(
        lsoa11_population(population), _or_empty(inputs.lsoa_changes, "lsoa_changes")
    )
    p21 = iod2025_population(imd, inputs.underlying, p21)
    scores = score_members(imd, inputs.transformed, inputs.underlying, den, p21)
    counts = count_members(imd, inputs.underlying, den, p21, inputs.population)
    return area_values(scores, counts, hierarchy)
