"""Locality baselines: hierarchy, benchmarked indicator values, baseline, trend, opportunity."""

from __future__ import annotations

import dagster as dg
import polars as pl
from dagster_duckdb import DuckDBResource

from assets.baselines.neighbourhoods import MEMBERSHIP, practice_localities
from assets.resources import PlaceHealthSettings
from models.baselines.aggregation import (
    aggregate_to_areas,
    older_people_member_counts,
    qof_member_counts,
)
from models.baselines.hierarchy import area_regions, lsoa_membership, practice_membership
from models.baselines.indicator_table import benchmarked_values, shape_values
from models.baselines.trend import indicator_trend as trend_points
from models.neighbourhoods.baselines import SmallAreaInputs, catalogue_values
from models.neighbourhoods.catalogue import metadata_frame
from models.neighbourhoods.compare import area_places, compare_to_place
from models.neighbourhoods.definitions import successor_place_rows
from models.neighbourhoods.practices import practice_locality_membership
from models.neighbourhoods.profile import with_domains
from warehouse.tables import connection, publish_query, read_table, replace_table, table_exists

GROUP = "baselines"
OWNERS = ["team:placehealth"]
HIERARCHY = dg.AssetKey(["marts", "locality_hierarchy"])
VALUES = dg.AssetKey(["marts", "indicator_values"])
BASELINE = dg.AssetKey(["publish", "indicator_baseline"])
PATIENTS_BY_LSOA = "staging.gp_patients_by_lsoa"  # optional: practice_code, lsoa_code, patients


def staging(*names: str) -> list[dg.AssetKey]:
    """Asset keys of staging tables."""
    return [dg.AssetKey(["staging", n]) for n in names]


def optional_table(conn, qualified: str) -> pl.DataFrame | None:
    """A table as Polars, or None when it has not been loaded."""
    return read_table(conn, qualified) if table_exists(conn, qualified) else None


@dg.asset(
    key=HIERARCHY, group_name=GROUP, kinds={"duckdb", "polars"}, owners=OWNERS,
    deps=[MEMBERSHIP, *staging("geography", "qof_prevalence", "gp_patients_by_lsoa")],
)  # fmt: skip
def locality_hierarchy(
    settings: PlaceHealthSettings, warehouse: DuckDBResource
) -> dg.MaterializeResult:
    """LSOA/practice -> ward, neighbourhood, place, PCN, sub-ICB, ICB, region, England (weighted)."""
    with connection(warehouse) as conn:
        geography = read_table(conn, "staging.geography")
        qof = optional_table(conn, "staging.qof_prevalence")
        patients = optional_table(conn, PATIENTS_BY_LSOA)
        neighbourhoods = read_table(conn, "marts.neighbourhood_membership")
        lsoas = lsoa_membership(geography, neighbourhoods)
        places = read_table(conn, "marts.places")
        lsoas = pl.concat([lsoas, successor_place_rows(lsoas, neighbourhoods, places)])
        frames = [lsoas]
        localities = practice_localities(settings)
        if qof is not None:
            practices = practice_membership(qof, geography, patients, lsoas)
            if localities is not None and patients is None:
                codes = places["place_code"].to_list()
                published = practice_locality_membership(localities, qof, codes)
                # A published practice lookup replaces the coterminous-place guess.
                practices = practices.filter(
                    ~(pl.col("member_code").is_in(published["member_code"].implode())
                      & pl.col("area_type").is_in(["district_ua", "neighbourhood"]))
                )  # fmt: skip
                frames.append(published)
            frames.append(practices)
        hierarchy = pl.concat(frames)
        rows = replace_table(conn, "marts.locality_hierarchy", hierarchy)
    counts = hierarchy.group_by("area_type").agg(pl.col("area_code").n_unique()).rows()
    return dg.MaterializeResult(metadata={"rows": rows, **{f"areas_{t}": n for t, n in counts}})


@dg.asset(
    key=VALUES, group_name=GROUP, kinds={"duckdb", "polars"}, owners=OWNERS,
    deps=[HIERARCHY, *staging("fingertips", "indicator_metadata", "qof_prevalence", "population",
                              "imd", "imd_population_denominators", "imd_transformed_scores",
                              "imd_underlying_indicators", "lsoa_changes")],
)  # fmt: skip
def indicator_values(warehouse: DuckDBResource) -> dg.MaterializeResult:
    """Every indicator value, all periods: CIs, England/region comparisons, quintiles, ranks."""
    with connection(warehouse) as conn:
        hierarchy = read_table(conn, "marts.locality_hierarchy")
        extra = []
        qof = optional_table(conn, "staging.qof_prevalence")
        if qof is not None:
            extra.append(aggregate_to_areas(qof_member_counts(qof), hierarchy))
        population = optional_table(conn, "staging.population")
        if population is not None:
            extra.append(aggregate_to_areas(older_people_member_counts(population), hierarchy))
        inputs = SmallAreaInputs(
            imd=optional_table(conn, "staging.imd"),
            denominators=optional_table(conn, "staging.imd_population_denominators"),
            population=population,
            lsoa_changes=optional_table(conn, "staging.lsoa_changes"),
            transformed=optional_table(conn, "staging.imd_transformed_scores"),
            underlying=optional_table(conn, "staging.imd_underlying_indicators"),
        )
        extra.append(catalogue_values(inputs, hierarchy))
        extra = [e for e in extra if e.height]
        metadata = optional_table(conn, "staging.indicator_metadata")
        metadata = pl.concat(
            [m for m in (metadata, metadata_frame()) if m is not None], how="diagonal_relaxed"
        )
        values = benchmarked_values(
            read_table(conn, "staging.fingertips"),
            metadata,
            area_regions(hierarchy.filter(pl.col("member_type") == "lsoa")),
            pl.concat(extra, how="diagonal_relaxed") if extra else None,
        )
        values = with_domains(compare_to_place(values, area_places(hierarchy)))
        rows = replace_table(conn, "marts.indicator_values", shape_values(values))
    recomputed = values.filter(pl.col("comparison_source") == "recomputed").height
    return dg.MaterializeResult(metadata={"rows": rows, "comparisons_recomputed": recomputed})


@dg.asset(key=BASELINE, group_name=GROUP, kinds={"duckdb"}, owners=OWNERS, deps=[VALUES])
def indicator_baseline(warehouse: DuckDBResource) -> dg.MaterializeResult:
    """Latest value per indicator x area x sex x age, benchmarked (Fingertips counts are public)."""
    with connection(warehouse) as conn:
        rows = publish_query(conn, "baselines/indicator_baseline")
    return dg.MaterializeResult(metadata={"rows": rows})


@dg.asset(
    key=dg.AssetKey(["publish", "indicator_trend"]), group_name=GROUP,
    kinds={"duckdb", "polars"}, owners=OWNERS, deps=[VALUES],
)  # fmt: skip
def indicator_trend(warehouse: DuckDBResource) -> dg.MaterializeResult:
    """Whole time series with CIs, the Fingertips recent trend and SPC limits for 12+ points."""
    with connection(warehouse) as conn:
        points = trend_points(read_table(conn, "marts.indicator_values"))
        replace_table(conn, "marts.indicator_trend", points)
        rows = publish_query(conn, "baselines/indicator_trend")
    spc_series = points.filter(pl.col("spc_mean").is_not_null()).height
    return dg.MaterializeResult(metadata={"rows": rows, "spc_points": spc_series})


@dg.asset(
    key=dg.AssetKey(["publish", "opportunity"]), group_name=GROUP, kinds={"duckdb"},
    owners=OWNERS, deps=[BASELINE],
)  # fmt: skip
def opportunity(warehouse: DuckDBResource) -> dg.MaterializeResult:
    """Events gained at the England rate and at the best-quintile peer rate, ranked per area."""
    with connection(warehouse) as conn:
        rows = publish_query(conn, "baselines/opportunity")
    return dg.MaterializeResult(metadata={"rows": rows})
