"""Demand projection asset: do-nothing and target scenarios of emergency activity and beds."""

from pathlib import Path

import dagster as dg
import polars as pl
from dagster_duckdb import DuckDBResource

from assets.baselines.neighbourhoods import MEMBERSHIP, configured_places
from assets.resources import DEFAULT_PLACE, PROJECT_ROOT, PlaceHealthSettings
from models.demand.projection import (
    NATIONAL_DEFAULT,
    DemandAssumptions,
    local_rates,
    project_activity,
    project_population,
)
from models.demand.scenarios import projection_table, scenario_activity, scenario_levers
from reporting.charts import save_figure
from reporting.charts.demand import demand_chart
from warehouse.tables import connection, publish_table, query, read_table, table_exists

DEMAND_GROUP = "demand"
PROJECTION = "staging.population_projection"


class DemandConfig(dg.Config):
    """Places (LAD codes), horizon and bed assumptions; which place the patient records cover."""

    places: list[str] = []  # default: the configured places (settings `places`)
    horizon_years: int = 5
    occupancy: float = 0.85
    length_of_stay_annual_change: float = 0.0
    admission_rate_annual_change: float = 0.0
    patient_data_place: str = DEFAULT_PLACE
    min_person_years: float = 500.0
    window_days: int = 365
    demand_dir: str = str(PROJECT_ROOT / "data" / "demand")
    charts: bool = True


def _csv(folder: Path, name: str) -> pl.DataFrame:
    path = folder / f"{name}.csv"
    if not path.is_file():
        raise dg.Failure(description=f"{path}: demand assumption file not found")
    return pl.read_csv(path)


def _rates_by_place(
    config: DemandConfig, national: pl.DataFrame, restricted: DuckDBResource
) -> tuple[pl.DataFrame, str]:
    """National rates for every place; the patient-record place's own where the records exist."""
    rates = (
        pl.DataFrame({"area_code": config.places})
        .join(national, how="cross")
        .with_columns(rate_source=pl.lit(NATIONAL_DEFAULT))
    )
    with connection(restricted) as conn:
        present = all(
            table_exists(conn, f"restricted.{t}")
            for t in ("person", "observation_period", "visit_occurrence")
        )
        exposure = (
            query(conn, "demand/local_exposure", window_days=config.window_days)
            if present
            else None
        )
    if exposure is None or exposure.is_empty() or config.patient_data_place not in config.places:
        return rates, "national defaults only (no patient-level records for a projected place)"
    local = local_rates(exposure, national, config.min_person_years).with_columns(
        area_code=pl.lit(config.patient_data_place)
    )
    rates = pl.concat([rates.filter(pl.col("area_code") != config.patient_data_place),
                       local.select(rates.columns)], how="diagonal_relaxed")  # fmt: skip
    return rates, f"{config.patient_data_place}: rates from patient records where thick enough"


@dg.asset(
    key=dg.AssetKey(["publish", "demand_projection"]),
    group_name=DEMAND_GROUP,
    kinds={"duckdb", "polars"},
    owners=["team:placehealth"],
    deps=[
        dg.AssetKey(["staging", "population"]),
        dg.AssetKey(["staging", "targets"]),
        MEMBERSHIP,
        dg.AssetKey(["restricted", "patient_records"]),
    ],
)
def demand_projection(
    context: dg.AssetExecutionContext,
    config: DemandConfig,
    settings: PlaceHealthSettings,
    warehouse: DuckDBResource,
    restricted: DuckDBResource,
) -> dg.MaterializeResult:
    """Emergency admissions, bed days and beds by place × scenario × year × age band."""
    with connection(warehouse) as conn:
        places = config.places or configured_places(conn, settings)
    config = config.model_copy(update={"places": places})
    folder = Path(config.demand_dir)
    assumptions = DemandAssumptions(
        config.occupancy,
        config.length_of_stay_annual_change,
        config.horizon_years,
        config.admission_rate_annual_change,
    )
    rates, rate_note = _rates_by_place(config, _csv(folder, "activity_rates"), restricted)
    with connection(warehouse) as conn:
        base = query(conn, "demand/place_population", places=config.places)
        projected = read_table(conn, PROJECTION) if table_exists(conn, PROJECTION) else None
        registry = (
            read_table(conn, "staging.targets")
            if table_exists(conn, "staging.targets")
            else pl.DataFrame()
        )
        if base.is_empty():
            raise dg.Failure(description=f"staging.population has none of {config.places}")
        population = project_population(base, _csv(folder, "population_growth"),
                                        assumptions.horizon_years, projected)  # fmt: skip
        activity = project_activity(population, rates, assumptions)
        levers = scenario_levers(_csv(folder, "scenario_levers"), registry)
        table = projection_table(
            scenario_activity(activity, levers, assumptions.occupancy), assumptions.occupancy
        ).with_columns(
            length_of_stay_annual_change=pl.lit(assumptions.length_of_stay_annual_change),
            admission_rate_annual_change=pl.lit(assumptions.admission_rate_annual_change),
        )
        rows = publish_table(conn, "demand_projection", table)
    charts = _write_charts(table, settings.reports_path / "demand") if config.charts else 0
    ends = table.filter((pl.col("age_band") == "All ages") & (pl.col("scenario") == "do_nothing")
                        & (pl.col("years_ahead") == assumptions.horizon_years))  # fmt: skip
    context.log.info(rate_note)
    return dg.MaterializeResult(
        metadata={
            "rows": rows,
            "places": len(base["area_code"].unique()),
            "scenarios": table["scenario"].unique().sort().to_list(),
            "rates": rate_note,
            "do_nothing_extra_beds": {
                r["area_code"]: round(r["beds_vs_base_year"], 1) for r in ends.iter_rows(named=True)
            },
            "charts": charts,
        }
    )


def _write_charts(table: pl.DataFrame, folder: Path) -> int:
    """One PNG per place: `<reports>/demand/<area_code>.png`."""
    codes = table["area_code"].unique().sort().to_list()
    for code in codes:
        save_figure(demand_chart(table, code), folder, code)
    return len(codes)
