"""Plotly figures for the dashboard's pages (pure: frames in, figures out).

Colours and layout: reporting/dashboard/style.py; the map: maps.py; caterpillar and funnel
plots: comparison_charts.py.
"""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl

from reporting.dashboard.style import (
    BLUE,
    COMPARISON_COLOURS,
    GREY,
    LAYOUT,
    ORANGE,
    PURPLE,
    SKY,
    VERMILLION,
    fmt,
)


def spine(spine_rows: pl.DataFrame, place_name: str) -> go.Figure:
    """Fingertips-style spine chart: England at the centre, peers' range and IQR, the place dot.

    Each indicator is scaled so England sits at 0 and the furthest peer at ±1.
    """
    rows = spine_rows.to_dicts()
    figure = go.Figure()
    labels = [str(r["indicator_name"])[:70] for r in rows]
    for part, low, high, colour in (
        ("range of peers", "peer_min", "peer_max", "#E5E5E5"),
        ("middle half of peers", "peer_q1", "peer_q3", "#A6A6A6"),
    ):
        base, width = [], []
        for r in rows:
            centre, spread = _centre_spread(r)
            base.append((r[low] - centre) / spread)
            width.append((r[high] - r[low]) / spread)
        figure.add_trace(
            go.Bar(
                y=labels,
                x=width,
                base=base,
                orientation="h",
                marker_color=colour,
                name=part,
                hoverinfo="skip",
            )
        )
    for category in dict.fromkeys(r["compared_to_england"] or "Not compared" for r in rows):
        chosen = [r for r in rows if (r["compared_to_england"] or "Not compared") == category]
        figure.add_trace(
            go.Scatter(
                y=[str(r["indicator_name"])[:70] for r in chosen],
                x=[(r["value"] - _centre_spread(r)[0]) / _centre_spread(r)[1] for r in chosen],
                mode="markers+text",
                marker={
                    "size": 12,
                    "color": COMPARISON_COLOURS.get(category, GREY),
                    "line": {"color": "black", "width": 1},
                },
                text=[fmt(r["value"]) for r in chosen],
                textposition="middle right",
                name=f"{place_name}: {category.lower()} than England"
                if category in ("Better", "Worse", "Higher", "Lower")
                else f"{place_name}: {category.lower()}",
                customdata=[
                    [
                        r["period"],
                        fmt(r["england_value"]),
                        fmt(r["peer_min"]),
                        fmt(r["peer_max"]),
                    ]
                    for r in chosen
                ],
                hovertemplate=(
                    "%{y}<br>%{customdata[0]}: <b>%{text}</b><br>England %{customdata[1]}"
                    "<br>peers %{customdata[2]} to %{customdata[3]}<extra></extra>"
                ),
            )
        )
    figure.add_vline(x=0, line_color="black", line_width=1.5)
    figure.update_layout(
        **LAYOUT,
        barmode="overlay",
        title={"text": f"{place_name} against England (black line) and peers of the same type"},
        height=max(320, 34 * len(rows) + 140),
        xaxis={"visible": False, "range": [-1.15, 1.3]},
        yaxis={"autorange": "reversed"},
        legend={"orientation": "h", "y": -0.05},
    )
    return figure


def _centre_spread(row: dict) -> tuple[float, float]:
    centre = row["england_value"]
    spread = max(abs(row["peer_max"] - centre), abs(centre - row["peer_min"])) or 1.0
    return centre, spread


def trajectory(rows: pl.DataFrame, title: str, unit: str) -> go.Figure:
    """A target's actuals (95% CI), the agreed trajectory, the target and the forecast."""
    rows = rows.sort("period_date")
    first = rows.row(0, named=True)
    figure = go.Figure()
    path = rows.filter(pl.col("trajectory_value").is_not_null())
    xs = [first["baseline_date"], *path["period_date"].to_list(), first["target_date"]]
    ys = [first["baseline_value"], *path["trajectory_value"].to_list(), first["target_value"]]
    pairs = sorted((x, y) for x, y in zip(xs, ys, strict=True) if x is not None and y is not None)
    if pairs:
        figure.add_trace(
            go.Scatter(
                x=[p[0] for p in pairs],
                y=[p[1] for p in pairs],
                mode="lines",
                line={"color": "#555555", "dash": "dash"},
                name="agreed trajectory",
            )
        )
    actual = rows.filter(pl.col("actual_value").is_not_null())
    figure.add_trace(
        go.Scatter(
            x=actual["period_date"].to_list(),
            y=actual["actual_value"].to_list(),
            mode="lines+markers",
            marker={"color": BLUE, "size": 8},
            line={"color": BLUE},
            error_y={
                "type": "data",
                "symmetric": False,
                "array": (actual["actual_upper_95"] - actual["actual_value"]).to_list(),
                "arrayminus": (actual["actual_value"] - actual["actual_lower_95"]).to_list(),
                "color": BLUE,
            },
            customdata=actual["period"].to_list(),
            hovertemplate="%{customdata}: %{y:.1f}" + unit + "<extra>published (95% CI)</extra>",
            name="published value (95% CI)",
        )
    )
    if first["target_value"] is not None and first["target_date"] is not None:
        figure.add_trace(
            go.Scatter(
                x=[first["target_date"]],
                y=[first["target_value"]],
                mode="markers",
                marker={"symbol": "star", "size": 16, "color": "black"},
                name=f"target {fmt(first['target_value'])}{unit}",
            )
        )
    latest = rows.filter(pl.col("is_latest") & pl.col("forecast_at_target_date").is_not_null())
    if latest.height:
        last = latest.row(0, named=True)
        figure.add_trace(
            go.Scatter(
                x=[last["period_date"], last["target_date"]],
                y=[last["actual_value"], last["forecast_at_target_date"]],
                mode="lines+markers",
                line={"color": ORANGE, "dash": "dot"},
                marker={"color": ORANGE, "size": [0, 10]},
                error_y={
                    "type": "data",
                    "symmetric": False,
                    "array": [
                        0,
                        (last["forecast_upper_80"] or 0) - last["forecast_at_target_date"],
                    ],
                    "arrayminus": [
                        0,
                        last["forecast_at_target_date"] - (last["forecast_lower_80"] or 0),
                    ],
                    "color": ORANGE,
                },
                name="forecast (80% prediction interval)",
            )
        )
    figure.update_layout(
        **LAYOUT,
        title={"text": title},
        height=380,
        yaxis={"title": unit or "value"},
        legend={"orientation": "h", "y": -0.15},
    )
    return figure


def trend(rows: pl.DataFrame, title: str, unit: str, polarity: int | None) -> go.Figure:
    """An area's series with the 95% CI band, England and, where computed, the SPC limits."""
    rows = rows.sort("period_sortable")
    periods = rows["period"].to_list()
    figure = go.Figure()
    figure.add_trace(
        go.Scatter(
            x=periods + periods[::-1],
            y=rows["upper_95"].to_list() + rows["lower_95"].to_list()[::-1],
            fill="toself",
            fillcolor="rgba(0,114,178,0.15)",
            line={"width": 0},
            hoverinfo="skip",
            name="95% confidence interval",
        )
    )
    if rows["england_value"].drop_nulls().len():
        figure.add_trace(
            go.Scatter(
                x=periods,
                y=rows["england_value"].to_list(),
                mode="lines",
                line={"color": "black", "dash": "dash"},
                name="England",
            )
        )
    if "spc_mean" in rows.columns and rows["spc_mean"].drop_nulls().len():
        for column, name, dash in (
            ("spc_mean", "SPC mean", "solid"),
            ("spc_lower_limit", "SPC lower process limit", "dot"),
            ("spc_upper_limit", "SPC upper process limit", "dot"),
        ):
            figure.add_trace(
                go.Scatter(
                    x=periods,
                    y=rows[column].to_list(),
                    mode="lines",
                    line={"color": GREY if column != "spc_mean" else "#777777", "dash": dash},
                    name=name,
                )
            )
    colours = _spc_colours(rows, polarity)
    figure.add_trace(
        go.Scatter(
            x=periods,
            y=rows["value"].to_list(),
            mode="lines+markers",
            line={"color": BLUE},
            marker={"color": colours, "size": 9, "line": {"color": "#333333", "width": 0.5}},
            customdata=list(
                zip(
                    [fmt(v) for v in rows["lower_95"].to_list()],
                    [fmt(v) for v in rows["upper_95"].to_list()],
                    strict=True,
                )
            ),
            hovertemplate="%{x}: <b>%{y:.1f}</b> (95% CI %{customdata[0]} to %{customdata[1]})"
            "<extra></extra>",
            name="value",
        )
    )
    figure.update_layout(
        **LAYOUT,
        title={"text": title},
        height=420,
        yaxis={"title": unit or "value"},
        xaxis={"title": "period"},
        legend={"orientation": "h", "y": -0.25},
    )
    return figure


def _spc_colours(rows: pl.DataFrame, polarity: int | None) -> list[str]:
    """Making Data Count point colours: blue improvement, orange concern, purple neither, grey."""
    if "spc_special_cause" not in rows.columns:
        return [GREY] * rows.height
    colours = []
    for special, value, mean in rows.select("spc_special_cause", "value", "spc_mean").iter_rows():
        if not special or mean is None or value is None:
            colours.append(GREY)
        elif polarity not in (0, 1):
            colours.append(PURPLE)
        else:
            better = (value > mean) == (polarity == 1)
            colours.append(BLUE if better else ORANGE)
    return colours


def gradient(rows: pl.DataFrame, title: str, unit: str) -> go.Figure:
    """Value by national IMD quintile (1 = most deprived) with 95% CIs."""
    rows = rows.sort("imd_quintile")
    labels = [
        {1: "1 most deprived", 5: "5 least deprived"}.get(q, str(q))
        for q in rows["imd_quintile"].to_list()
    ]
    figure = go.Figure(
        go.Bar(
            x=labels,
            y=rows["value"].to_list(),
            marker_color=BLUE,
            error_y={
                "type": "data",
                "symmetric": False,
                "array": (rows["upper_95"] - rows["value"]).to_list(),
                "arrayminus": (rows["value"] - rows["lower_95"]).to_list(),
            },
            hovertemplate="IMD quintile %{x}: %{y:.1f}<extra></extra>",
            name="value (95% CI)",
        )
    )
    figure.update_layout(
        **LAYOUT,
        title={"text": title},
        height=360,
        yaxis={"title": unit or "value"},
        xaxis={"title": "national IMD quintile of the area's LSOAs"},
    )
    return figure


HEATMAP_CATEGORIES = ["Worse", "Lower", "Similar", "Higher", "Better", "Not compared"]


def heatmap(matrix: pl.DataFrame, title: str) -> go.Figure:
    """Area x indicator: colour = the area compared with its place (95%), text = the value.

    `matrix` has area_name, indicator (row label, already ordered by domain), value and
    compared_to_place (Better / Similar / Worse / Higher / Lower / Not compared).
    """
    areas = sorted(matrix["area_name"].unique().to_list())
    indicators = matrix["indicator"].unique(maintain_order=True).to_list()
    lookup = {(r["area_name"], r["indicator"]): r for r in matrix.iter_rows(named=True)}
    codes = {c: i for i, c in enumerate(HEATMAP_CATEGORIES)}
    n = len(HEATMAP_CATEGORIES)
    # A discrete colour scale: category i fills [i/n, (i+1)/n].
    scale = []
    for i, category in enumerate(HEATMAP_CATEGORIES):
        colour = COMPARISON_COLOURS.get(category, GREY)
        scale += [[i / n, colour], [(i + 1) / n, colour]]

    def cell(area: str, indicator: str) -> dict:
        return lookup.get((area, indicator)) or {}

    def category(c: dict) -> str | None:
        if c.get("value") is None:
            return None
        return c.get("compared_to_place") or "Not compared"

    z = [
        [codes.get(category(cell(a, i))) for a in areas] for i in indicators
    ]  # None: no value (blank)
    text = [[fmt(cell(a, i).get("value")) for a in areas] for i in indicators]
    words = [[category(cell(a, i)) or "no value" for a in areas] for i in indicators]
    figure = go.Figure(
        go.Heatmap(
            z=z,
            x=areas,
            y=[i[:70] for i in indicators],
            text=text,
            customdata=words,
            texttemplate="%{text}",
            colorscale=scale,
            zmin=-0.5,
            zmax=n - 0.5,
            xgap=1,
            ygap=1,
            colorbar={
                "title": {"text": "compared with<br>the place (95%)"},
                "tickvals": list(range(n)),
                "ticktext": HEATMAP_CATEGORIES,
            },
            hovertemplate="%{x}<br>%{y}<br>value %{text}: %{customdata} (vs the place)"
            "<extra></extra>",
        )
    )
    figure.update_layout(
        **LAYOUT,
        title={"text": title},
        height=max(300, 26 * len(indicators) + 200),
        yaxis={"autorange": "reversed"},
        xaxis={"tickangle": -30},
    )
    return figure


def registers(summary: pl.DataFrame, title: str) -> go.Figure:
    """People on the register by neighbourhood and risk band (suppressed counts shown as gaps)."""
    figure = go.Figure()
    palette = [BLUE, ORANGE, SKY, VERMILLION, PURPLE]
    for i, (band, rows) in enumerate(
        summary.sort("risk_band").group_by("risk_band", maintain_order=True)
    ):
        figure.add_trace(
            go.Bar(
                x=rows["neighbourhood"].to_list(),
                y=rows["people"].to_list(),
                name=str(band[0]),
                marker_color=palette[i % len(palette)],
                hovertemplate="%{x}<br>" + str(band[0]) + ": %{y:,} people<extra></extra>",
            )
        )
    figure.update_layout(
        **LAYOUT,
        barmode="group",
        title={"text": title},
        height=400,
        yaxis={"title": "people (rounded to 5; 1–7 suppressed)"},
        legend={"title": {"text": "risk band"}},
    )
    return figure
