"""Figures comparing every area of a type: caterpillar (ranked, 95% CI) and funnel plots."""

from __future__ import annotations

import math

import plotly.graph_objects as go
import polars as pl

from reporting.dashboard.style import (
    BLUE,
    COMPARISON_COLOURS,
    GREY,
    LAYOUT,
    ORANGE,
    SKY,
    VERMILLION,
)


def caterpillar(rows: pl.DataFrame, title: str, unit: str, chosen: str | None) -> go.Figure:
    """Every area's value with its 95% CI, sorted, England as a line, the chosen area marked."""
    rows = rows.filter(pl.col("value").is_not_null()).sort("value")
    colours = [
        "black" if code == chosen else COMPARISON_COLOURS.get(c or "Not compared", GREY)
        for code, c in rows.select("area_code", "compared_to_england").iter_rows()
    ]
    figure = go.Figure(
        go.Scatter(
            x=list(range(1, rows.height + 1)),
            y=rows["value"].to_list(),
            mode="markers",
            marker={"color": colours, "size": 7, "line": {"color": "#333333", "width": 0.4}},
            error_y={
                "type": "data",
                "symmetric": False,
                "array": (rows["upper_95"] - rows["value"]).fill_null(0).to_list(),
                "arrayminus": (rows["value"] - rows["lower_95"]).fill_null(0).to_list(),
                "color": "#999999",
                "thickness": 1,
            },
            text=rows["area_name"].to_list(),
            customdata=rows["compared_to_england"].fill_null("Not compared").to_list(),
            hovertemplate="%{text}: <b>%{y:.1f}</b><br>%{customdata}<extra></extra>",
            name="areas (95% CI)",
        )
    )
    england = rows["england_value"].drop_nulls()
    if england.len():
        figure.add_hline(y=england[0], line_dash="dash", annotation_text="England")
    _mark_chosen(figure, rows, chosen, "rank")
    figure.update_layout(
        **LAYOUT,
        title={"text": title},
        height=460,
        xaxis={"title": "rank (lowest value first)"},
        yaxis={"title": unit or "value"},
        showlegend=False,
    )
    return figure


SIGNIFICANCE_COLOURS = {
    "High (0.001)": VERMILLION,
    "High (0.025)": ORANGE,
    "Not significant": GREY,
    "Low (0.025)": SKY,
    "Low (0.001)": BLUE,
}
SIGNIFICANCE_NAMES = {
    "High (0.001)": "above the 99.8% limit",
    "High (0.025)": "above the 95% limit",
    "Not significant": "within the limits",
    "Low (0.025)": "below the 95% limit",
    "Low (0.001)": "below the 99.8% limit",
}


def funnel(
    points: pl.DataFrame,
    limits: pl.DataFrame,
    title: str,
    unit: str,
    chosen: str | None = None,
    *,
    x_title: str = "denominator (people or population)",
    code: str = "area_code",
    name: str = "area_name",
) -> go.Figure:
    """Value against `x` with the 95% and 99.8% limits and the pooled `baseline`.

    limits: `x`, `baseline` and each curve (`lower_95` ...), with its own `x_<curve>` where
    present. Points are coloured by their `significance` (PHEindicatormethods labels) when given.
    """
    points = points.filter(pl.col("value").is_not_null() & pl.col("x").is_not_null())
    figure = go.Figure()
    for level, dash in (("95", "dash"), ("99_8", "dot")):
        for side in ("lower", "upper"):
            line = f"{side}_{level}"
            xs = limits[f"x_{line}"] if f"x_{line}" in limits.columns else limits["x"]
            figure.add_trace(
                go.Scatter(
                    x=xs.to_list(),
                    y=limits[line].to_list(),
                    mode="lines",
                    line={"color": "#555555", "dash": dash, "width": 1},
                    name=f"{level.replace('_', '.')}% limits",
                    showlegend=side == "lower",
                    hoverinfo="skip",
                )
            )
    figure.add_trace(
        go.Scatter(
            x=limits["x"].to_list(),
            y=limits["baseline"].to_list(),
            mode="lines",
            line={"color": "black"},
            name="pooled average",
        )
    )
    groups = (
        points.partition_by("significance", as_dict=True, maintain_order=True)
        if "significance" in points.columns
        else {("areas",): points}
    )
    order = list(SIGNIFICANCE_COLOURS) + ["areas"]
    for (label,), group in sorted(groups.items(), key=lambda kv: order.index(str(kv[0][0]))):
        label = str(label)
        figure.add_trace(
            go.Scatter(
                x=group["x"].to_list(),
                y=group["value"].to_list(),
                mode="markers",
                marker={
                    "color": SIGNIFICANCE_COLOURS.get(label, BLUE),
                    "size": 7,
                    "opacity": 0.85,
                    "line": {"color": "#333333", "width": 0.4},
                },
                text=group[name].to_list(),
                hovertemplate="%{text}: <b>%{y:.1f}</b><br>"
                + x_title.split(" (")[0]
                + " %{x:,.0f}<extra></extra>",
                name=SIGNIFICANCE_NAMES.get(label, "areas"),
            )
        )
    _mark_chosen(figure, points.rename({code: "area_code", name: "area_name"}), chosen, "x")
    x_range, y_range = _window(points, limits)
    figure.update_layout(
        **LAYOUT,
        title={"text": title},
        height=480,
        xaxis={"title": x_title, "type": "log", "range": x_range},
        yaxis={"title": unit or "value", "range": y_range},
        legend={"orientation": "h", "y": -0.2},
    )
    return figure


def _window(points: pl.DataFrame, limits: pl.DataFrame) -> tuple[list[float], list[float]]:
    """Axes around the points (log x), not the whole limit table (which starts at 1)."""
    low, high = float(points["x"].min()) * 0.7, float(points["x"].max()) * 1.4
    near = [
        limits.filter(
            pl.col(f"x_{line}" if f"x_{line}" in limits.columns else "x").is_between(low, high)
        )[line]
        for line in ("lower_99_8", "upper_99_8")
    ]
    ys = pl.concat([points["value"].cast(pl.Float64), *(s.cast(pl.Float64) for s in near)])
    bottom, top = float(ys.min()), float(ys.max())
    pad = (top - bottom) * 0.08 or 1.0
    return [_log10(low), _log10(high)], [
        max(0.0, bottom - pad) if bottom >= 0 else bottom - pad,
        top + pad,
    ]


def _mark_chosen(figure: go.Figure, rows: pl.DataFrame, chosen: str | None, x: str) -> None:
    if not chosen:
        return
    ranked = rows.with_row_index("rank", offset=1)
    hit = ranked.filter(pl.col("area_code") == chosen)
    if hit.height:
        row = hit.row(0, named=True)
        figure.add_annotation(
            x=row[x] if x != "x" else _log10(row[x]),
            y=row["value"],
            text=f"<b>{row['area_name']}</b>",
            showarrow=True,
            arrowhead=2,
            ax=30,
            ay=-40,
        )


def _log10(value: float) -> float:
    return math.log10(value) if value and value > 0 else 0.0
