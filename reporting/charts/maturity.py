"""Radar chart of a place's capability scores (1-5), latest assessment over earlier ones."""

from __future__ import annotations

import textwrap

import numpy as np
import polars as pl
from matplotlib.figure import Figure


def maturity_radar(scores: pl.DataFrame, place_code: str) -> Figure:
    """Capability rows of publish.maturity_scores for one place: one polygon per date."""
    rows = scores.filter(
        (pl.col("place_code") == place_code) & (pl.col("level") == "capability")
    ).sort("assessment_date", "capability_id")
    if rows.is_empty():
        raise ValueError(f"no capability scores for {place_code}")
    names = rows.unique("capability_id", maintain_order=True)["capability_short"].to_list()
    angles = np.linspace(0, 2 * np.pi, len(names), endpoint=False).tolist()
    fig = Figure(figsize=(6, 6), dpi=100)
    ax = fig.add_subplot(projection="polar")
    ax.set_theta_offset(np.pi / 2)
    ax.set_theta_direction(-1)
    dates = rows["assessment_date"].unique().sort().to_list()
    for i, date in enumerate(dates):
        values = rows.filter(pl.col("assessment_date") == date)["score"].to_list()
        latest = i == len(dates) - 1
        colour = "#005eb8" if latest else "#aeb7bd"
        ax.plot(angles + angles[:1], values + values[:1], color=colour, lw=2 if latest else 1,
                label=str(date))  # fmt: skip
        if latest:
            ax.fill(angles + angles[:1], values + values[:1], color=colour, alpha=0.15)
    ax.set_xticks(angles, [textwrap.fill(n, 16) for n in names], fontsize=8)
    ax.set_ylim(0, 5)
    ax.set_yticks([1, 2, 3, 4, 5])
    ax.tick_params(axis="y", labelsize=7)
    note = " (ILLUSTRATIVE scores)" if rows["illustrative"].any() else ""
    ax.set_title(f"ICS maturity self-assessment — {place_code}{note}", fontsize=10, pad=28)
    fig.legend(fontsize=7, loc="lower right", title="assessed", title_fontsize=7)
    fig.subplots_adjust(left=0.12, right=0.88, top=0.84, bottom=0.1)
    return fig
