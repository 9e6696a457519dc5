"""The demand projection chart for one area: beds needed by year under each scenario."""

from __future__ import annotations

import polars as pl
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from models.demand.projection import ALL_AGES
from models.demand.scenarios import DO_NOTHING


def demand_chart(projection: pl.DataFrame, area_code: str) -> Figure:
    """All-ages beds by year for every scenario of `area_code` (rows of the projection table)."""
    rows = projection.filter(
        (pl.col("area_code") == area_code) & (pl.col("age_band") == ALL_AGES)
    ).sort("year")
    if rows.is_empty():
        raise ValueError(f"no projection rows for {area_code}")
    info = rows.row(0, named=True)
    fig = Figure(figsize=(7.5, 4.2), dpi=100)
    ax = fig.add_subplot()
    for (scenario, label), part in rows.group_by("scenario", "scenario_label", maintain_order=True):
        nothing = scenario == DO_NOTHING
        ax.plot(part["year"].to_list(), part["beds"].to_list(), marker="o", ms=3,
                lw=2.2 if nothing else 1.2, ls="-" if nothing else "--",
                color="#d5281b" if nothing else None, label=label)  # fmt: skip
    end = rows.filter(pl.col("scenario") == DO_NOTHING).tail(1).row(0, named=True)
    ax.annotate(
        f"+{end['beds_vs_base_year']:.0f} beds",
        (end["year"], end["beds"]),
        textcoords="offset points",
        xytext=(-75, -4),
        fontsize=8,
        color="#d5281b",
    )
    ax.set_title(
        f"Emergency bed demand — {info['area_name'] or area_code} "
        f"(occupancy {info['occupancy']:.0%})",
        fontsize=10,
    )
    ax.set_ylabel("beds needed (emergency admissions)")
    ax.set_xlabel("year (base year = latest population estimate)")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.grid(alpha=0.3)
    ax.legend(fontsize=7, loc="upper left")
    fig.text(0.01, 0.01, f"rates: {info['rate_source']}; growth: {info['growth_source']}",
             fontsize=6, color="#425563")  # fmt: skip
    fig.subplots_adjust(left=0.1, right=0.97, top=0.9, bottom=0.16)
    return fig
