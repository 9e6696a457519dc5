"""Compare: every area of a type for one indicator (caterpillar and funnel plots), and the
place's GP practices on a funnel of QOF prevalence (publish.practice_funnel_points)."""

from __future__ import annotations

import polars as pl
import streamlit as st

from reporting.dashboard import comparison_charts, funnel_frames, queries
from reporting.dashboard.state import current
from reporting.dashboard.style import PLOTLY_CONFIG
from reporting.dashboard.widgets import choose_series

AREA_TYPES = {
    "district_ua": "local authorities (districts and unitaries) in England",
    "county_ua": "upper-tier local authorities in England",
    "icb": "integrated care boards",
    "sub_icb": "sub-ICB locations",
    "pcn": "primary care networks",
    "gp": "GP practices",
    "neighbourhood": "neighbourhoods of the place",
    "ward": "wards of the place",
    "lsoa": "LSOAs of the place",
}
IN_PLACE = ("neighbourhood", "ward", "lsoa")


def _rows(ctx, area_type: str) -> pl.DataFrame:
    if area_type in IN_PLACE:
        codes = queries.areas_in_place(ctx.warehouse, ctx.place).filter(
            pl.col("area_type") == area_type
        )["area_code"]
        return queries.baseline(ctx.warehouse, codes.to_list())
    return queries.with_labels(
        ctx.warehouse.view("indicator_baseline", "area_type = ?", (area_type,))
    )


def page() -> None:
    """The Compare page."""
    ctx = current()
    st.title(f"Compare areas: where {ctx.area_name} stands")
    present = (
        ctx.warehouse.query("SELECT DISTINCT area_type FROM publish.indicator_baseline")[
            "area_type"
        ].to_list()
        if ctx.warehouse.has("indicator_baseline")
        else []
    )
    practices = _practice_funnels(ctx)
    if practices.height:
        present.append("gp")
    types = [t for t in AREA_TYPES if t in present]
    if not types:
        st.info("No indicator values are published yet.")
        return
    left, right = st.columns([1, 2])
    area_type = left.selectbox("Areas", types, format_func=AREA_TYPES.get, key="cp_type")
    rows = _rows(ctx, area_type)
    if area_type == "gp" and practices.height:
        _practice_page(ctx, practices)
        if rows.height:
            st.subheader("Every GP practice in England")
    if rows.is_empty():
        if area_type != "gp" or not practices.height:
            st.info(f"No values are published for the {AREA_TYPES[area_type]}.")
        return
    with right:
        series = choose_series(rows, "cp_indicator", "indicator", widest=True)
    series = series.filter(pl.col("period") == series["period"].max())
    first = series.row(0, named=True)
    unit = first.get("unit") or ""
    chosen = ctx.area if area_type in IN_PLACE else ctx.place
    label = f"{first['indicator']}, {first['period']}: {series.height} {AREA_TYPES[area_type]}"
    caterpillar, funnel = st.tabs(["Caterpillar (ranked, 95% CI)", "Funnel (control limits)"])
    with caterpillar:
        st.plotly_chart(
            comparison_charts.caterpillar(series, label, unit, chosen),
            width="stretch",
            config=PLOTLY_CONFIG,
        )
    with funnel:
        _area_funnel(series, label, unit, chosen)
    st.caption(
        "Colours: comparison with England as published (blue better, vermillion worse, yellow "
        "similar). Source: publish.indicator_baseline."
    )


def _area_funnel(series: pl.DataFrame, label: str, unit: str, chosen: str) -> None:
    try:
        points, limits = funnel_frames.area_funnel(series)
    except ValueError as error:
        st.info(f"No funnel: the published counts do not fit the method ({error}).")
        return
    if limits.is_empty():
        st.info(
            "A funnel plot needs a proportion, crude rate or directly standardised rate with "
            "counts for at least three areas; this indicator has none, so only the caterpillar "
            "plot is drawn."
        )
        return
    rate = funnel_frames.statistic_of(series["value_type"][0]) != "proportion"
    st.plotly_chart(
        comparison_charts.funnel(
            points,
            limits,
            label,
            unit,
            chosen,
            x_title="population (events / rate)" if rate else "denominator (people)",
        ),
        width="stretch",
        config=PLOTLY_CONFIG,
    )
    st.caption(
        f"Limits around the pooled value of these areas ({limits['baseline'][0]:,.1f}{unit}): "
        "95% (dashed) and 99.8% (dotted); "
        + (
            "exact Poisson limits (PHEindicatormethods calculate_funnel_limits, rate); DSRs "
            "from under 10 events are not drawn."
            if rate
            else "Wilson-score limits (PHEindicatormethods calculate_funnel_limits, proportion)."
        )
        + " Colours: outside the limits (PHEindicatormethods assign_funnel_significance), "
        "not better or worse: the caterpillar colours compare with England."
    )


def _practice_funnels(ctx) -> pl.DataFrame:
    """The place's practice funnel points (empty when not published)."""
    if not ctx.warehouse.has("practice_funnel_points", "place_code"):
        return pl.DataFrame()
    return ctx.warehouse.view("practice_funnel_points", "place_code = ?", (ctx.place,))


def _practice_page(ctx, points: pl.DataFrame) -> None:
    """Every practice of the place on a funnel of one QOF register's prevalence."""
    st.subheader(f"GP practices of {ctx.place_name}: QOF prevalence funnel")
    registers = (
        points.select("indicator_id", "indicator_name", "age")
        .unique()
        .sort("indicator_name", "age")
        .rows()
    )
    chosen = st.columns([1, 2])[0].selectbox(
        "QOF register",
        registers,
        format_func=lambda r: f"{r[1]} ({r[2]})",
        key="cp_register",
    )
    one = points.filter(
        (pl.col("indicator_id") == chosen[0]) & (pl.col("age") == chosen[2])
    ).with_columns(pl.col("list_size").alias("x"))
    limits = (
        ctx.warehouse.view("practice_funnel_limits", "place_code = ?", (ctx.place,))
        .filter((pl.col("indicator_id") == chosen[0]) & (pl.col("age") == chosen[2]))
        .with_columns(pl.col("list_size").alias("x"))
        .sort("x")
    )
    row = one.row(0, named=True)
    where = (
        f"practices of {row['funnel_area_name']}<br>(sub-ICB funnel: no practice is attributed "
        f"to {ctx.place_name} itself)"
        if row["funnel_scope"] == "sub_icb"
        else f"GP practices in {ctx.place_name}"
    )
    title = f"{row['indicator_name']} ({row['age']}), {row['period']}: {one.height} {where}"
    st.plotly_chart(
        comparison_charts.funnel(
            one,
            limits,
            title,
            "%",
            x_title="practice list size (patients)",
            code="practice_code",
            name="practice_name",
        ),
        width="stretch",
        config=PLOTLY_CONFIG,
    )
    outside = one.filter(pl.col("significance") != "Not significant").height
    st.caption(
        f"{outside} of {one.height} practices lie outside the 95% limits around the pooled "
        f"prevalence ({row['baseline']:.1f}%): 95% (dashed), 99.8% (dotted), Wilson-score "
        "limits (PHEindicatormethods). A practice far above or below may record its register "
        "differently or serve a different population; QOF counts as published by NHS England. "
        "Source: publish.practice_funnel_points."
    )
