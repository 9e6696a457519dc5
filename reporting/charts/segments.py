"""Charts for the segmentation: the concentration (Lorenz-style) curve and segment shares."""

from __future__ import annotations

import polars as pl
from matplotlib.figure import Figure


def concentration_chart(
    curve: pl.DataFrame, measure: str = "cost_gbp", mark: float = 0.08
) -> Figure:
    """Share of `measure` held by the top x% of people, all ages and 65+; marks x = `mark`."""
    fig = Figure(figsize=(6, 5), dpi=100)
    ax = fig.add_subplot()
    ax.plot([0, 1], [0, 1], color="#aeb7bd", lw=1, ls=":", label="equal use")
    for group, colour in [("all ages", "#005eb8"), ("65+", "#d5281b")]:
        part = curve.filter(
            (pl.col("population_group") == group) & (pl.col("measure") == measure)
        ).drop_nulls("activity_share")
        if part.is_empty():
            continue
        ax.plot(part["people_share"], part["activity_share"], color=colour, lw=1.8, label=group)
        at = part.filter((pl.col("people_share") - mark).abs() < 1e-9)
        if at.height:
            y = at["activity_share"].item()
            ax.plot([mark], [y], "o", color=colour)
            ax.annotate(f"top {mark:.0%} of {group}: {y:.0%}", (mark, y), fontsize=8,
                        textcoords="offset points", xytext=(8, -12 if group == "65+" else 4))  # fmt: skip
    ax.set_xlabel("share of people (highest users first)")
    ax.set_ylabel(f"share of {measure.replace('_gbp', '').replace('_', ' ')}")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1.02)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8, loc="lower right")
    ax.set_title("Concentration of hospital activity cost", fontsize=10)
    fig.subplots_adjust(left=0.13, right=0.96, top=0.92, bottom=0.11)
    return fig


def segment_chart(summary: pl.DataFrame) -> Figure:
    """People share against cost share for each segment (the 'all' breakdown)."""
    rows = summary.filter(pl.col("breakdown") == "all").sort("segment_priority")
    fig = Figure(figsize=(7.5, 4.2), dpi=100)
    ax = fig.add_subplot()
    y = list(range(rows.height))
    people = rows["people_share"].fill_null(0).to_list()
    cost = rows["cost_gbp_share"].fill_null(0).to_list()
    ax.barh([v + 0.2 for v in y], people, height=0.4, color="#005eb8", label="share of people")
    ax.barh([v - 0.2 for v in y], cost, height=0.4, color="#d5281b", label="share of cost")
    ax.set_yticks(y, rows["segment_label"].to_list(), fontsize=7)
    ax.invert_yaxis()
    ax.set_xlabel("share of the place's population / hospital activity cost")
    ax.legend(fontsize=8, loc="lower right")
    ax.grid(alpha=0.3, axis="x")
    ax.set_title("Bridges to Health segments (disclosure-controlled)", fontsize=10)
    fig.subplots_adjust(left=0.38, right=0.97, top=0.9, bottom=0.13)
    return fig
