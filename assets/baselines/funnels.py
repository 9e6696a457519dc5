"""Funnel plots of practice QOF prevalence within each place: points and limits for dashboards."""

from __future__ import annotations

import dagster as dg
from dagster_duckdb import DuckDBResource

from assets.baselines.indicators import GROUP, HIERARCHY, OWNERS, optional_table, staging
from models.baselines.aggregation import qof_member_counts
from models.baselines.funnels import empty_limits, empty_points, practice_funnels
from warehouse.tables import connection, publish_query, read_table, replace_table

POINTS = dg.AssetKey(["publish", "practice_funnel_points"])


@dg.multi_asset(
    specs=[
        dg.AssetSpec(POINTS, deps=[HIERARCHY, *staging("qof_prevalence")], kinds={"duckdb"},
                     owners=OWNERS, description="Practice QOF prevalence funnel points"),
        dg.AssetSpec(["publish", "practice_funnel_limits"], deps=[HIERARCHY,
                     *staging("qof_prevalence")], kinds={"duckdb"}, owners=OWNERS,
                     description="Practice QOF prevalence funnel control limits (100 points)"),
    ],
    group_name=GROUP,
)  # fmt: skip
def practice_funnels_asset(warehouse: DuckDBResource):
    """Practice QOF prevalence funnels within each place (PM calculate_funnel_limits)."""
    with connection(warehouse) as conn:
        hierarchy = read_table(conn, "marts.locality_hierarchy")
        qof = optional_table(conn, "staging.qof_prevalence")
        if qof is None:
            points, limits = empty_points(), empty_limits()
        else:
            points, limits = practice_funnels(qof_member_counts(qof), hierarchy)
        replace_table(conn, "marts.practice_funnel_points", points)
        replace_table(conn, "marts.practice_funnel_limits", limits)
        n_points = publish_query(conn, "baselines/practice_funnel_points")
        n_limits = publish_query(conn, "baselines/practice_funnel_limits")
    outside = points.filter(points["significance"] != "Not significant").height
    yield dg.MaterializeResult(asset_key=POINTS, metadata={"rows": n_points, "outside_95": outside})
    yield dg.MaterializeResult(
        asset_key=["publish", "practice_funnel_limits"], metadata={"rows": n_limits}
    )
