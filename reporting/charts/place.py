"""Charts for the place report, returned as PNG bytes (matplotlib, Agg backend)."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import polars as pl  # noqa: E402

from reporting.charts import png_bytes  # noqa: E402

COLOURS = {
    "Better": "#009639",
    "Similar": "#ffb81c",
    "Worse": "#da291c",
    "Higher": "#41b6e6",
    "Lower": "#003087",
    "Not compared": "#aeb7bd",
}


def _png(figure: plt.Figure) -> bytes:
    """PNG bytes at the report's resolution; the figure is closed (Agg keeps none open)."""
    data = png_bytes(figure, dpi=110, tight=True)
    plt.close(figure)
    return data


BASIS_STYLE = {  # basis -> (bar colour, legend label), drawn in this order
    "local": ("#005eb8", "local quintiles (fifths of the place's population)"),
    "national": ("#aeb7bd", "national IMD quintiles (England)"),
}


def gradient_chart(inequality: pl.DataFrame, title: str) -> bytes | None:
    """Value by deprivation quintile or decile (1 = most deprived) with 95% CIs; side-by-side
    bars, one colour per basis, where a `basis` column holds more than one."""
    if inequality.is_empty():
        return None
    figure, axis = plt.subplots(figsize=(6, 3.2))
    frame = inequality if "basis" in inequality.columns else inequality.with_columns(basis=None)
    order = list(BASIS_STYLE)
    bases = sorted(frame["basis"].unique().to_list(),
                   key=lambda b: (order.index(b) if b in order else len(order), str(b)))  # fmt: skip
    width = 0.8 / len(bases)
    for i, basis in enumerate(bases):
        part = frame.filter(pl.col("basis").eq_missing(basis)).sort("quantile")
        x = [q + (i - (len(bases) - 1) / 2) * width for q in part["quantile"].to_list()]
        y = part["value"].to_list()
        colour, label = BASIS_STYLE.get(basis, ("#005eb8", basis))
        axis.bar(x, y, width=width, color=colour, label=label if len(bases) > 1 else None)
        if {"lower_95", "upper_95"} <= set(part.columns):
            low = [v - lo if lo is not None and v is not None else 0
                   for v, lo in zip(y, part["lower_95"].to_list(), strict=True)]  # fmt: skip
            high = [hi - v if hi is not None and v is not None else 0
                    for v, hi in zip(y, part["upper_95"].to_list(), strict=True)]  # fmt: skip
            axis.errorbar(x, y, yerr=[low, high], fmt="none", color="black", capsize=3)
    axis.set_xticks(sorted(frame["quantile"].unique().to_list()))
    axis.set_xlabel("deprivation group (1 = most deprived)")
    if len(bases) > 1:
        axis.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=2)
    axis.set_title(title, fontsize=9)
    return _png(figure)


FUNNEL_COLOURS = {
    "High (0.001)": "#da291c",
    "High (0.025)": "#ffb81c",
    "Low (0.001)": "#003087",
    "Low (0.025)": "#41b6e6",
    "Not significant": "#aeb7bd",
}


def funnel_chart(points: pl.DataFrame, limits: pl.DataFrame, title: str) -> bytes | None:
    """Practices' values against list size inside the 95% and 99.8% funnel (PM limits)."""
    if points.is_empty() or limits.is_empty():
        return None
    figure, axis = plt.subplots(figsize=(6.4, 3.6))
    x = limits["list_size"].to_list()
    axis.plot(x, limits["baseline"].to_list(), color="black", linewidth=1, label="average")
    for level, style in (("95", "--"), ("99_8", "-")):
        for side in ("lower", "upper"):
            axis.plot(x, limits[f"{side}_{level}"].to_list(), color="#425563", linestyle=style,
                      linewidth=0.9, label=f"{level.replace('_', '.')}% limits" if side == "lower" else None)  # fmt: skip
    for label, colour in FUNNEL_COLOURS.items():
        part = points.filter(pl.col("significance") == label)
        if part.height:
            axis.scatter(part["list_size"].to_list(), part["value"].to_list(), s=14,
                         color=colour, label=label, zorder=3)  # fmt: skip
    low = min(points["value"].min(), limits["lower_99_8"].min())
    high = max(
        points["value"].max(),
        limits["upper_99_8"].filter(limits["list_size"] >= points["list_size"].min()).max(),
    )
    axis.set_ylim(max(0.0, low * 0.9), high * 1.05)
    axis.set_xlim(0, max(x) * 1.02)
    axis.set_xlabel("practice list size")
    axis.set_ylabel("prevalence (%)")
    axis.legend(fontsize=7, loc="upper right")
    axis.set_title(title, fontsize=9)
    return _png(figure)


def register_chart(summary: pl.DataFrame) -> bytes | None:
    """People on the at-risk register by neighbourhood, one bar per cut (the cuts are nested)."""
    if summary.is_empty():
        return None
    pivot = (
        summary.pivot(
            on="risk_band", index="neighbourhood", values="people", aggregate_function="sum"
        )
        .sort("neighbourhood")
        .fill_null(0)
    )
    bands = sorted(
        (c for c in pivot.columns if c != "neighbourhood"),
        key=lambda b: float("".join(ch for ch in b if ch.isdigit() or ch == ".") or 0),
    )
    figure, axis = plt.subplots(figsize=(7, 3.2))
    width = 0.8 / max(1, len(bands))
    for i, band in enumerate(bands):
        positions = [x + i * width for x in range(pivot.height)]
        axis.bar(positions, pivot[band].to_list(), width=width, label=band)
    axis.set_xticks(
        [x + 0.4 - width / 2 for x in range(pivot.height)],
        pivot["neighbourhood"].to_list(),
        rotation=30,
        fontsize=8,
    )
    axis.legend(fontsize=7)
    axis.set_ylabel("people (rounded to 5)")
    axis.set_title("At-risk register by neighbourhood (disclosure-controlled)", fontsize=9)
    return _png(figure)
