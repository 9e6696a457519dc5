"""Trends: any indicator for any area of the place over time, with CIs, SPC and England."""

from __future__ import annotations

import polars as pl
import streamlit as st

from reporting.dashboard import charts, queries
from reporting.dashboard.state import current
from reporting.dashboard.style import PLOTLY_CONFIG
from reporting.dashboard.widgets import choose_series

RECENT_TREND_NOTE = "Recent trend (Fingertips method, last 5 points): "


def _areas(ctx) -> dict[str, str]:
    """The place, England, its region and its neighbourhoods and wards: code -> label."""
    areas = queries.areas_in_place(ctx.warehouse, ctx.place).filter(
        pl.col("area_type").is_in(["neighbourhood", "ward"])
    )
    labels = {ctx.place: f"{ctx.place_name} (place)"}
    if ctx.neighbourhood:
        labels = {ctx.neighbourhood: f"{ctx.neighbourhood_name} (neighbourhood)", **labels}
    for code, name, kind in areas.iter_rows():
        labels.setdefault(code, f"{name} ({kind})")
    return labels


def page() -> None:
    """The Trends page."""
    ctx = current()
    st.title(f"{ctx.area_name}: trends")
    labels = _areas(ctx)
    area = st.selectbox("Area", list(labels), format_func=labels.get, key="tr_area")
    rows = ctx.warehouse.view("indicator_trend", "area_code = ?", (area,))
    if rows.is_empty():
        st.info(f"No time series is published for {labels[area]} yet.")
        return
    rows = queries.with_labels(rows)
    units = queries.baseline(ctx.warehouse, [area]).select("indicator_id", "unit", "polarity")
    longest = rows.group_by("indicator_id").len().sort("len", "indicator_id", descending=True)
    series = choose_series(rows, "tr_indicator", "indicator", prefer=(longest["indicator_id"][0],))
    first = series.row(0, named=True)
    meta = units.filter(pl.col("indicator_id") == first["indicator_id"])
    unit = meta["unit"][0] if meta.height else ("%" if "%" in first["indicator"] else "")
    polarity = meta["polarity"][0] if meta.height else None
    title = f"{first['indicator']}: {labels[area]}, {first['sex']}, {first['age']}"
    st.plotly_chart(
        charts.trend(series, title, unit or "", polarity),
        width="stretch",
        config=PLOTLY_CONFIG,
    )
    latest = series.sort("period_sortable").row(-1, named=True)
    notes = [
        f"{series.height} periods, {series['period'][0]} to {latest['period']}.",
        f"{RECENT_TREND_NOTE}{latest['recent_trend'] or 'not computed'}.",
    ]
    if series["spc_mean"].drop_nulls().len():
        notes.append(
            "SPC: Making Data Count XmR limits; coloured points are special cause "
            "(blue improvement, orange concern, purple neither)."
        )
    else:
        notes.append("SPC limits need a longer series (none computed for this one).")
    notes.append("Source: publish.indicator_trend.")
    st.caption(" ".join(notes))
    st.dataframe(
        series.sort("period_sortable").select(
            "period",
            "value",
            "lower_95",
            "upper_95",
            "england_value",
            "compared_to_england",
            "count",
            "denominator",
            "spc_point_type",
        ),
        hide_index=True,
    )
