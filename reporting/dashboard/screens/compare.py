"""Compare: every area of a type for one indicator, as a caterpillar plot and a funnel plot."""

from __future__ import annotations

import polars as pl
import streamlit as st

from models.indicators.control_limits import funnel_limits
from reporting.dashboard import comparison_charts, queries
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
    types = [t for t in AREA_TYPES if t in present]
    if not types:
        st.info("No indicator values are published yet.")
        return
    left, right = st.columns([1, 2])
    area_type = left.selectbox("Areas", types, format_func=AREA_TYPES.get, key="cp_type")
    rows = _rows(ctx, area_type)
    if rows.is_empty():
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
        counted = series.filter(pl.col("denominator") > 0)
        england = first.get("england_value")
        limits = (
            funnel_limits(
                first.get("value_type"),
                england,
                first.get("multiplier") or 100,
                float(counted["denominator"].min()),
                float(counted["denominator"].max()),
            )
            if counted.height and england is not None
            else pl.DataFrame()
        )
        if limits.is_empty():
            st.info(
                "A funnel plot needs a proportion or rate with denominators and an England "
                "value; this indicator has none, so only the caterpillar plot is drawn."
            )
        else:
            st.plotly_chart(
                comparison_charts.funnel(counted, limits, label, unit, chosen),
                width="stretch",
                config=PLOTLY_CONFIG,
            )
            st.caption(
                "Limits around the England value: 95% (dashed) and 99.8% (dotted); Wilson-score "
                "limits for proportions, exact Poisson for rates (Fingertips SPC comparators)."
            )
    st.caption(
        "Colours: comparison with England as published (blue better, vermillion worse, yellow "
        "similar). Source: publish.indicator_baseline."
    )
