"""Registers: the disclosure-controlled at-risk register summary by neighbourhood and band.

Reads publish.register_summary and publish.place_register_summary only: counts rounded to 5,
1-7 suppressed. The dashboard has no connection to the restricted database.
"""

from __future__ import annotations

import polars as pl
import streamlit as st

from reporting.dashboard import charts
from reporting.dashboard.state import current
from reporting.dashboard.style import PLOTLY_CONFIG


def summary(ctx) -> pl.DataFrame:
    """Both register summaries of the place, with where each row comes from."""
    parts = []
    for view, source in (
        ("register_summary", "place run"),
        ("place_register_summary", "national run by place"),
    ):
        rows = ctx.warehouse.view(view, "place_code = ?", (ctx.place,))
        if rows.height:
            parts.append(rows.with_columns(source=pl.lit(source)))
    return pl.concat(parts, how="vertical_relaxed") if parts else pl.DataFrame()


def _age_order(band: str) -> int:
    """18-39 before 40-64 ... 85+ (by the band's first age)."""
    digits = "".join(ch for ch in band.split("-")[0] if ch.isdigit())
    return int(digits) if digits else 999


def page() -> None:
    """The Registers page."""
    ctx = current()
    st.title(f"{ctx.area_name}: at-risk registers")
    st.caption(
        "People whose predicted chance of an emergency admission in the next 12 months puts "
        "them on a neighbourhood register (docs/risk.md). Counts are disclosure-controlled: "
        "rounded to 5, counts of 1–7 suppressed. Nobody is named here: person-level registers "
        "stay in the restricted database, which this dashboard cannot open."
    )
    rows = summary(ctx)
    if rows.is_empty():
        st.info(f"No register summary is published for {ctx.place_name}.")
        return
    sources = rows["source"].unique().sort().to_list()
    source = (
        st.radio("Run", sources, horizontal=True, key="rg_source")
        if len(sources) > 1
        else sources[0]
    )
    rows = rows.filter(pl.col("source") == source)
    totals = rows.filter(pl.col("age_band") == "all")
    st.plotly_chart(
        charts.registers(
            totals, f"{ctx.place_name}: people on the registers by neighbourhood and risk band"
        ),
        width="stretch",
        config=PLOTLY_CONFIG,
    )
    chosen = rows
    if ctx.neighbourhood:
        chosen = rows.filter(pl.col("neighbourhood") == ctx.neighbourhood_name)
        st.subheader(f"{ctx.neighbourhood_name} by age band and deprivation")
    else:
        st.subheader(f"{ctx.place_name} by age band and deprivation (all neighbourhoods)")
    detail = chosen.filter(pl.col("age_band") != "all")
    if detail.is_empty():
        st.info("No breakdown is published for this neighbourhood.")
        return
    by_age = (
        detail.group_by("risk_band", "age_band")
        .agg(
            people=pl.col("people").sum(),
            suppressed_cells=pl.col("people_suppressed").sum(),
        )
        .sort("risk_band", "age_band")
    )
    by_age = by_age.with_columns(
        people=pl.when(pl.col("people") > 0).then(pl.col("people")),
    )
    table = by_age.pivot(on="age_band", index="risk_band", values="people").sort("risk_band")
    bands = sorted((c for c in table.columns if c != "risk_band"), key=_age_order)
    st.dataframe(table.select("risk_band", *bands), hide_index=True)
    suppressed = int(detail["people_suppressed"].sum())
    st.caption(
        f"Sums of the published (rounded) cells; {suppressed} cells of 1–7 people are suppressed "
        "and counted as none, so the totals above (counted before suppression) can be larger. "
        "Source: publish.register_summary / publish.place_register_summary."
    )
