"""Locality baselines: hierarchy, benchmarked indicator values, baseline, trend, opportunity."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
import polars as pl
from dagster_duckdb import DuckDBResource

from assets.resources import PROJECT_ROOT, PlaceHealthSettings
from models.baselines.aggregation import (
    aggregate_to_areas,
    older_people_member_counts,
    qof_member_counts,
)
from models.baselines.hierarchy import area_regions, lsoa_membership, practice_membership
from models.baselines.indicator_table import benchmarked_values, shape_values
from models.baselines.trend import indicator_trend as trend_points
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


def read_neighbourhoods(settings: PlaceHealthSettings) -> pl.DataFrame | None:
    """Every neighbourhood CSV in data/neighbourhoods/ and <data_dir>/neighbourhoods/."""
    folders = [PROJECT_ROOT / "data" / "neighbourhoods", settings.data_path / "neighbourhoods"]
    paths = sorted({p.resolve() for f in folders if f.is_dir() for p in Path(f).glob("*.csv")})
    frames = [pl.read_csv(p, infer_schema_length=0) for p in paths]
    cols = ["place_code", "place_name", "ward_code", "ward_name", "neighbourhood"]
    return pl.concat([f.select(cols) for f in frames]).unique() if frames else None


@dg.asset(
    key=HIERARCHY, group_name=GROUP, kinds={"duckdb", "polars"}, owners=OWNERS,
    deps=staging("geography", "qof_prevalence"),
)  # fmt: skip
def locality_hierarchy(
    settings: PlaceHealthSettings, warehouse: DuckDBResource
) -> dg.MaterializeResult:
    """LSOA/practice -> ward, neighbourhood, place, PCN, sub-ICB, ICB, region, England (weighted)."""
    with connection(warehouse) as conn:
        geography = read_table(conn, "staging.geography")
        qof = optional_table(conn, "staging.qof_prevalence")
        patients = optional_table(conn, PATIENTS_BY_LSOA)
        lsoas = lsoa_membership(geography, read_neighbourhoods(settings))
        frames = [lsoas]
        if qof is not None:
            frames.append(practice_membership(qof, geography, patients, lsoas))
        hierarchy = pl.concat(frames)
        rows = replace_table(conn, "marts.locality_hierarchy", hierarchy)
    counts = hierarchy.group_by("area_type").agg(pl.col("area_code").n_unique()).rows()
    return dg.MaterializeResult(metadata={"rows": rows, **{f"areas_{t}": n for t, n in counts}})


@dg.asset(
    key=VALUES, group_name=GROUP, kinds={"duckdb", "polars"}, owners=OWNERS,
    deps=[HIERARCHY, *staging("fingertips", "indicator_metadata", "qof_prevalence", "population")],
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
        values = benchmarked_values(
            read_table(conn, "staging.fingertips"),
            optional_table(conn, "staging.indicator_metadata"),
            area_regions(hierarchy.filter(pl.col("member_type") == "lsoa")),
            pl.concat(extra, how="diagonal_relaxed") if extra else None,
        )
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
