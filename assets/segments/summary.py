"""Segmentation assets: person segments (restricted DB) and their published aggregates."""

import dagster as dg
import polars as pl
from dagster_duckdb import DuckDBResource

from assets.resources import DEFAULT_PLACE, PROJECT_ROOT, PlaceHealthSettings
from models.segments.rules import CODES_SCHEMA, PEOPLE_SCHEMA, person_segments
from models.segments.summary import activity_concentration, segment_summary
from reporting.charts import save_figure
from reporting.charts.segments import concentration_chart, segment_chart
from warehouse.tables import (
    connection,
    publish_table,
    query,
    read_table,
    replace_table,
    table_exists,
)

SEGMENTS_GROUP = "segments"
NEEDED = ("person", "observation_period", "visit_occurrence", "condition_occurrence",
          "observation", "death", "location")  # fmt: skip
NO_DATA = "no patient-level data: the restricted OMOP tables are absent, so the table is empty"
SEGMENTS_KEY = dg.AssetKey(["restricted", "person_segments"])


class SegmentsConfig(dg.Config):
    """The segmentation year (days to the end of the records), unit costs and the place code."""

    window_days: int = 365
    unit_costs_file: str = str(PROJECT_ROOT / "data" / "demand" / "unit_costs.csv")
    place: str = DEFAULT_PLACE
    charts: bool = True


def _unit_costs(path: str) -> dict[str, float]:
    frame = pl.read_csv(path, schema={"activity": pl.String, "unit_cost_gbp": pl.Float64})
    return dict(frame.iter_rows())


@dg.asset(key=SEGMENTS_KEY, group_name=SEGMENTS_GROUP, kinds={"duckdb", "polars"},
          owners=["team:placehealth"], deps=[dg.AssetKey(["restricted", "patient_records"])])  # fmt: skip
def person_segments_table(
    context: dg.AssetExecutionContext, config: SegmentsConfig, restricted: DuckDBResource
) -> dg.MaterializeResult:
    """Each person's Bridges-to-Health segment, year activity and cost (restricted DB only)."""
    with connection(restricted) as conn:
        present = all(table_exists(conn, f"restricted.{t}") for t in NEEDED)
        if present:
            people = query(conn, "segments/person_activity", window_days=config.window_days)
            codes = query(conn, "segments/person_codes", window_days=config.window_days)
        else:
            context.log.warning(NO_DATA)
            people, codes = pl.DataFrame(schema=PEOPLE_SCHEMA), pl.DataFrame(schema=CODES_SCHEMA)
        frame = person_segments(people, codes, _unit_costs(config.unit_costs_file))
        rows = replace_table(conn, "restricted.person_segments", frame)
    counts = dict(frame.group_by("segment").len().iter_rows())
    note = NO_DATA if not present else f"{rows} people segmented"
    return dg.MaterializeResult(metadata={"rows": rows, "note": note, "patient_level_data": present,
                                          **{f"people_{k}": int(v) for k, v in counts.items()}})  # fmt: skip


def _segments(restricted: DuckDBResource) -> pl.DataFrame:
    with connection(restricted) as conn:
        return read_table(conn, "restricted.person_segments")


@dg.asset(key=dg.AssetKey(["publish", "segment_summary"]), group_name=SEGMENTS_GROUP,
          kinds={"duckdb", "polars"}, owners=["team:placehealth"], deps=[SEGMENTS_KEY])  # fmt: skip
def segment_summary_table(
    config: SegmentsConfig,
    settings: PlaceHealthSettings,
    warehouse: DuckDBResource,
    restricted: DuckDBResource,
) -> dg.MaterializeResult:
    """People, activity and cost by segment × age band / neighbourhood, disclosure-controlled."""
    people = _segments(restricted)
    table = segment_summary(people, settings.suppress_below, settings.round_to)
    with connection(warehouse) as conn:
        rows = publish_table(conn, "segment_summary", table.with_columns(
            place_code=pl.lit(config.place)))  # fmt: skip
    if config.charts and table.height:
        save_figure(
            segment_chart(table), settings.reports_path / "segments", f"{config.place}_segments"
        )
    return dg.MaterializeResult(metadata={
        "rows": rows, "note": "" if people.height else NO_DATA,
        "suppressed_people_cells": int(table["people_suppressed"].sum()),
    })  # fmt: skip


@dg.asset(key=dg.AssetKey(["publish", "activity_concentration"]), group_name=SEGMENTS_GROUP,
          kinds={"duckdb", "polars"}, owners=["team:placehealth"], deps=[SEGMENTS_KEY])  # fmt: skip
def activity_concentration_table(
    config: SegmentsConfig,
    settings: PlaceHealthSettings,
    warehouse: DuckDBResource,
    restricted: DuckDBResource,
) -> dg.MaterializeResult:
    """The 'x% of people account for y% of activity' curve (shares only), all ages and 65+."""
    people = _segments(restricted)
    curve = activity_concentration(people, settings.suppress_below, settings.round_to)
    with connection(warehouse) as conn:
        rows = publish_table(conn, "activity_concentration", curve.with_columns(
            place_code=pl.lit(config.place)))  # fmt: skip
    at = curve.filter(
        (pl.col("measure") == "cost_gbp") & ((pl.col("people_share") - 0.08).abs() < 1e-9)
    )
    top8 = {r["population_group"]: r["activity_share"] for r in at.iter_rows(named=True)}
    if config.charts and people.height:
        save_figure(
            concentration_chart(curve),
            settings.reports_path / "segments",
            f"{config.place}_concentration",
        )
    return dg.MaterializeResult(metadata={
        "rows": rows, "note": "" if people.height else NO_DATA,
        "top_8pct_cost_share_all": top8.get("all ages"), "top_8pct_cost_share_65plus": top8.get("65+"),
    })  # fmt: skip
