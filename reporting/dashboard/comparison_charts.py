"""Figures comparing every area of a type: caterpillar (ranked, 95% CI) and funnel plots."""

from __future__ import annotations

import math

import plotly.graph_objects as go
import polars as pl

from reporting.dashboard.style import BLUE, COMPARISON_COLOURS, GREY, LAYOUT


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


def funnel(
    rows: pl.DataFrame, limits: pl.DataFrame, title: str, unit: str, chosen: str | None
) -> go.Figure:
    """Value against denominator with 95% and 99.8% control limits around the benchmark."""
    rows = rows.filter(pl.col("value").is_not_null() & pl.col("denominator").is_not_null())
    figure = go.Figure()
    for level, dash in (("95", "dash"), ("99_8", "dot")):
        for side in ("lower", "upper"):
            figure.add_trace(
                go.Scatter(
                    x=limits["denominator"].to_list(),
                    y=limits[f"{side}_{level}"].to_list(),
                    mode="lines",
                    line={"color": "#555555", "dash": dash, "width": 1},
                    name=f"{level.replace('_', '.')}% limits",
                    showlegend=side == "lower",
                    hoverinfo="skip",
                )
            )
    figure.add_trace(
        go.Scatter(
            x=limits["denominator"].to_list(),
            y=limits["benchmark"].to_list(),
            mode="lines",
            line={"color": "black"},
            name="England",
        )
    )
    figure.add_trace(
        go.Scatter(
            x=rows["denominator"].to_list(),
            y=rows["value"].to_list(),
            mode="markers",
            marker={"color": BLUE, "size": 7, "opacity": 0.75},
            text=rows["area_name"].to_list(),
            hovertemplate="%{text}: <b>%{y:.1f}</b><br>denominator %{x:,.0f}<extra></extra>",
            name="areas",
        )
    )
    _mark_chosen(figure, rows, chosen, "denominator")
    figure.update_layout(
        **LAYOUT,
        title={"text": title},
        height=460,
        xaxis={"title": "denominator (people or population)", "type": "log"},
        yaxis={"title": unit or "value"},
        legend={"orientation": "h", "y": -0.2},
    )
    return figure


def _mark_chosen(figure: go.Figure, rows: pl.DataFrame, chosen: str | None, x: str) -> None:
    if not chosen:
        return
    ranked = rows.with_row_index("rank", offset=1)
    hit = ranked.filter(pl.col("area_code") == chosen)
    if hit.height:
        row = hit.row(0, named=True)
        figure.add_annotation(
            x=row[x] if x != "denominator" else _log10(row[x]),
            y=row["value"],
            text=f"<b>{row['area_name']}</b>",
            showarrow=True,
            arrowhead=2,
            ax=30,
            ay=-40,
        )


def _log10(value: float) -> float:
    return math.log10(value) if value and value > 0 else 0.0
