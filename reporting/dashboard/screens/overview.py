"""Place overview: the agreed targets (status, trajectory, forecast) and the area profile."""

from __future__ import annotations

import polars as pl
import streamlit as st

from models.neighbourhoods.profile import spine_rows
from models.reports.place_profile import status_summary
from reporting.dashboard import charts
from reporting.dashboard.state import current
from reporting.dashboard.style import PLOTLY_CONFIG

STATUS_WORDS = {
    "achieved": "✔ achieved",
    "on_track": "▲ on track",
    "at_risk": "◆ at risk",
    "off_track": "✖ off track",
    "not_yet_measurable": "… not yet measurable",
    "incomplete_target": "? incomplete target",
}


def _unit(unit: str | None) -> str:
    """'%' stays attached to numbers; other units follow a space ('per 100,000')."""
    if not unit:
        return ""
    return unit if unit.startswith("%") else f" {unit.strip()}"


def _targets(ctx) -> None:
    rows = ctx.warehouse.view("trajectory_vs_target", "area_code = ?", (ctx.place,))
    st.subheader("Are we on track for what the board agreed?")
    if rows.is_empty():
        st.info(f"No targets are recorded for {ctx.place_name} (data/targets/*.yaml).")
        return
    latest = status_summary(rows)
    counts = latest.group_by("status").len()
    columns = st.columns(max(1, counts.height))
    for column, (status, n) in zip(columns, counts.sort("status").iter_rows(), strict=False):
        column.metric(STATUS_WORDS.get(status, status), n)
    table = latest.select(
        pl.col("title").alias("target"),
        pl.col("status").replace_strict(STATUS_WORDS, default=pl.col("status")).alias("status"),
        pl.col("period").alias("latest period"),
        pl.col("baseline_value").alias("baseline"),
        pl.col("target_value").alias("target value"),
        pl.col("target_date").alias("by"),
        pl.col("trajectory_value").alias("trajectory now"),
        pl.col("actual_value").alias("actual"),
        pl.col("probability_met").alias("P(target met)"),
        pl.col("unit"),
        pl.col("status_reason").alias("why"),
    )
    st.dataframe(
        table,
        hide_index=True,
        column_config={
            "baseline": st.column_config.NumberColumn(format="%.1f"),
            "target value": st.column_config.NumberColumn(format="%.1f"),
            "trajectory now": st.column_config.NumberColumn(format="%.1f"),
            "actual": st.column_config.NumberColumn(format="%.1f"),
            "by": st.column_config.DateColumn(format="D MMM YYYY"),
            "P(target met)": st.column_config.ProgressColumn(
                min_value=0, max_value=1, format="%.2f"
            ),
        },
    )
    measurable = latest.filter(pl.col("actual_value").is_not_null())
    if measurable.is_empty():
        st.caption("No target has a published value yet, so there is no trajectory to draw.")
        return
    titles = dict(measurable.select("target_id", "title").iter_rows())
    chosen = st.selectbox("Target", list(titles), format_func=titles.get, key="ov_target")
    series = rows.filter(pl.col("target_id") == chosen)
    first = series.row(0, named=True)
    current = latest.filter(pl.col("target_id") == chosen).row(0, named=True)
    status = STATUS_WORDS.get(current["status"], current["status"])
    st.plotly_chart(
        charts.trajectory(
            series,
            f"{first['title']} — {ctx.place_name}: {status}",
            _unit(first["unit"]),
        ),
        width="stretch",
        config=PLOTLY_CONFIG,
    )
    st.caption(
        f"Source: Fingertips indicator {first['indicator_id']} ({first['indicator_name']}); "
        f"target from {first['source_document']}. Forecast at the deadline: "
        f"{current['forecast_method'] or 'not computed'} linear trend with its 80% prediction "
        "interval; status rules in docs/targets.md."
    )


def _profile(ctx) -> None:
    st.subheader(f"Area profile: {ctx.place_name} against England and similar areas")
    # Peers are areas of the same type; a metropolitan district is also an upper-tier area
    # (Fingertips publishes many indicators only for county_ua), so both of its types count.
    baseline = ctx.warehouse.view(
        "indicator_baseline",
        "area_type IN (SELECT DISTINCT area_type FROM publish.indicator_baseline "
        "WHERE area_code = ? AND area_type IN ('district_ua', 'county_ua'))",
        (ctx.place,),
    )
    # The place report's rows (models.neighbourhoods.profile.spine_rows): latest period, one
    # row per indicator x sex x age (the district_ua row where a place is also county_ua).
    profile = spine_rows(baseline.sort(pl.col("area_type") != "district_ua"), ctx.place).unique(
        ["indicator_id", "sex", "age"], keep="first", maintain_order=True
    )
    if profile.is_empty():
        st.info(f"No indicator values are published for {ctx.place_name}.")
        return
    spine = profile.filter(
        pl.col("england_value").is_not_null()
        & pl.col("lowest").is_not_null()
        & (pl.col("peers") >= 5)
    ).select(
        pl.col("label").alias("indicator_name"),
        "period",
        "value",
        "england_value",
        pl.col("lowest").alias("peer_min"),
        pl.col("q1").alias("peer_q1"),
        pl.col("q3").alias("peer_q3"),
        pl.col("highest").alias("peer_max"),
        "compared_to_england",
    )
    if spine.height:
        st.plotly_chart(charts.spine(spine, ctx.place_name), width="stretch", config=PLOTLY_CONFIG)
    st.dataframe(
        profile.select(
            "domain",
            pl.col("label").alias("indicator"),
            "period",
            pl.col("value").alias(ctx.place_name),
            pl.col("england_value").alias("England"),
            pl.col("lowest").alias("lowest peer"),
            pl.col("highest").alias("highest peer"),
            "peers",
            pl.col("compared_to_england").alias("compared with England"),
            *(["vintage"] if "vintage" in profile.columns else []),
        ),
        hide_index=True,
        column_config={
            c: st.column_config.NumberColumn(format="%.1f")
            for c in (ctx.place_name, "England", "lowest peer", "highest peer")
        },
    )
    st.caption(
        f"{profile.height} indicators at their latest period, grouped by domain, as in the place "
        f"report; the spine chart draws the {spine.height} with an England value and 5+ peers. "
        "Source: publish.indicator_baseline (Fingertips, QOF, IoD and ONS published values). "
        "Peers: every local authority of the same type with a value in the same period."
    )


def page() -> None:
    """The Place overview page."""
    ctx = current()
    st.title(f"{ctx.place_name}: place overview")
    _targets(ctx)
    _profile(ctx)
