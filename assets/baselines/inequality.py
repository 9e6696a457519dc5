"""Deprivation gradient (value by national and local IMD quintile within each place, SII/RII)."""

from __future__ import annotations

import dagster as dg
import polars as pl
from dagster_duckdb import DuckDBResource

from assets.baselines.indicators import GROUP, HIERARCHY, OWNERS, optional_table, staging
from models.baselines.aggregation import older_people_member_counts, qof_member_counts
from models.baselines.inequality import (
    deprivation_gradient,
    member_imd_quintiles,
    missing_places,
)
from warehouse.tables import connection, publish_query, read_table, replace_table

NO_PRACTICE_IMD = (
    "QOF prevalence by deprivation needs practice IMD (registered patients by LSOA or practice "
    "postcode -> LSOA), which is not in the extracts: no practice-level gradient for this place"
)
NO_LSOA_DATA = "No LSOA-level counts with IMD for this place: no LSOA-level gradient"


@dg.asset(
    key=dg.AssetKey(["publish", "indicator_inequality"]), group_name=GROUP,
    kinds={"duckdb", "polars"}, owners=OWNERS,
    deps=[HIERARCHY, *staging("imd", "population", "qof_prevalence")],
)  # fmt: skip
def indicator_inequality(warehouse: DuckDBResource) -> dg.MaterializeResult:
    """Value by national and local IMD quintile within each place with SII/RII (both bases);
    a note row where data are lacking."""
    with connection(warehouse) as conn:
        hierarchy = read_table(conn, "marts.locality_hierarchy")
        imd = optional_table(conn, "staging.imd")
        population = optional_table(conn, "staging.population")
        qof = optional_table(conn, "staging.qof_prevalence")
        quintiles = member_imd_quintiles(imd) if imd is not None else None
        parts, notes = [], []
        places = hierarchy.filter(pl.col("area_type") == "district_ua").select(
            pl.col("area_code").alias("place_code"), pl.col("area_name").alias("place_name")
        ).unique("place_code")  # fmt: skip
        lsoa = pl.DataFrame()
        if population is not None and quintiles is not None:
            lsoa = deprivation_gradient(
                older_people_member_counts(population), hierarchy, quintiles
            )
            parts.append(lsoa)
        notes.append(missing_places(places, lsoa, NO_LSOA_DATA))
        practice = pl.DataFrame()
        if qof is not None and "practice_imd_quintile" in qof.columns:
            practice_q = qof.select(
                pl.lit("practice").alias("member_type"), pl.col("practice_code").alias("member_code"),
                pl.col("practice_imd_quintile").alias("imd_quintile"), pl.lit(None).alias("iod_edition"),
            ).unique()  # fmt: skip
            practice = deprivation_gradient(qof_member_counts(qof), hierarchy, practice_q)
            parts.append(practice)
        notes.append(missing_places(places, practice, NO_PRACTICE_IMD))
        table = pl.concat([*parts, *notes], how="diagonal_relaxed")
        for col, dtype in (("note", pl.String), ("sii", pl.Float64), ("member_type", pl.String)):
            if col not in table.columns:
                table = table.with_columns(pl.lit(None, dtype=dtype).alias(col))
        replace_table(conn, "marts.indicator_inequality", _full(table))
        rows = publish_query(conn, "baselines/indicator_inequality")
    with_sii = table.filter(pl.col("sii").is_not_null())["place_code"].n_unique()
    return dg.MaterializeResult(metadata={"rows": rows, "places_with_sii": with_sii})


def _full(table: pl.DataFrame) -> pl.DataFrame:
    """Add every column the publish SQL selects (null where a part lacks it)."""
    cols = {"place_code": pl.String, "place_name": pl.String, "indicator_id": pl.Int64,
            "indicator_name": pl.String, "sex": pl.String, "age": pl.String,
            "period": pl.String, "member_type": pl.String, "iod_edition": pl.Int64,
            "imd_quintile": pl.Int64, "value": pl.Float64, "lower_95": pl.Float64,
            "upper_95": pl.Float64, "count": pl.Float64, "denominator": pl.Float64,
            "population_share": pl.Float64, "sii": pl.Float64, "sii_lower_95": pl.Float64,
            "sii_upper_95": pl.Float64, "rii": pl.Float64, "rii_lower_95": pl.Float64,
            "rii_upper_95": pl.Float64, "sii_intercept": pl.Float64, "note": pl.String,
            "quintile_basis": pl.String}  # fmt: skip
    return table.select(
        (pl.col(c) if c in table.columns else pl.lit(None)).cast(t).alias(c)
        for c, t in cols.items()
    )
