"""The dashboard's map: a choropleth of a place's areas from their GeoJSON shapes."""

from __future__ import annotations

import json

import plotly.graph_objects as go
import polars as pl

from reporting.dashboard.style import COMPARISON_COLOURS, LAYOUT, ONS_ATTRIBUTION, SEQUENTIAL, fmt


def feature_collection(shapes: pl.DataFrame) -> dict:
    """A GeoJSON FeatureCollection of area_code/geometry rows (id = area code)."""
    features = [
        {"type": "Feature", "id": code, "properties": {}, "geometry": json.loads(geometry)}
        for code, geometry in shapes.select("area_code", "geometry").iter_rows()
    ]
    return {"type": "FeatureCollection", "features": features}


def _hover(frame: pl.DataFrame, unit: str) -> list[str]:
    """Hover text per area: name, value with 95% CI, period and comparison."""
    rows = frame.select(
        "area_name", "value", "lower_95", "upper_95", "period", "category"
    ).iter_rows(named=True)
    return [
        f"<b>{r['area_name']}</b><br>"
        + (
            f"{fmt(r['value'])}{unit} (95% CI {fmt(r['lower_95'])} to {fmt(r['upper_95'])})"
            f"<br>{r['period'] or ''}<br>{r['category']}"
            if r["value"] is not None
            else "no published value"
        )
        for r in rows
    ]


def choropleth(
    shapes: pl.DataFrame,
    values: pl.DataFrame,
    colour_by: str,
    title: str,
    unit: str = "",
    highlight: str | None = None,
    attribution: str = ONS_ATTRIBUTION,
) -> go.Figure:
    """Map of the areas in `shapes`, coloured by value (`colour_by='value'`) or by `category`.

    `values` has area_code, value, lower_95, upper_95, period and category; areas without a
    value are drawn white and say so on hover. One shape per row of `shapes`.
    """
    frame = shapes.select("area_code", "area_name").join(
        values.drop("area_name", strict=False), on="area_code", how="left"
    )
    frame = frame.with_columns(category=pl.col("category").fill_null("No data"))
    geojson = feature_collection(shapes)
    hover = _hover(frame, unit)
    figure = go.Figure()
    if colour_by == "value":
        figure.add_trace(
            go.Choropleth(
                geojson=geojson,
                locations=frame["area_code"].to_list(),
                z=frame["value"].to_list(),
                colorscale=SEQUENTIAL,
                colorbar={"title": {"text": unit.strip() or "value"}, "thickness": 14},
                text=hover,
                hovertemplate="%{text}<extra></extra>",
                marker={"line": {"color": "#444444", "width": 0.6}},
                name="value",
            )
        )
    else:
        # One trace per category, so the legend names each colour.
        categories = frame["category"].to_list()
        for category in [c for c in COMPARISON_COLOURS if c in set(categories)]:
            chosen = [i for i, c in enumerate(categories) if c == category]
            colour = COMPARISON_COLOURS[category]
            figure.add_trace(
                go.Choropleth(
                    geojson=geojson,
                    locations=[frame["area_code"][i] for i in chosen],
                    z=[1] * len(chosen),
                    colorscale=[[0, colour], [1, colour]],
                    showscale=False,
                    showlegend=True,
                    text=[hover[i] for i in chosen],
                    hovertemplate="%{text}<extra></extra>",
                    marker={"line": {"color": "#444444", "width": 0.6}},
                    name=category,
                )
            )
    if highlight and highlight in set(frame["area_code"].to_list()):
        figure.add_trace(
            go.Choropleth(
                geojson=geojson,
                locations=[highlight],
                z=[0],
                colorscale=[[0, "rgba(0,0,0,0)"], [1, "rgba(0,0,0,0)"]],
                showscale=False,
                marker={"line": {"color": "#000000", "width": 3}},
                hoverinfo="skip",
                name="chosen",
            )
        )
    figure.update_geos(fitbounds="locations", visible=False, projection_type="mercator")
    figure.update_layout(
        **LAYOUT,
        title={"text": title},
        height=560,
        legend={"title": {"text": "compared (95% CI)"}, "itemsizing": "constant"},
        annotations=[
            {
                "text": attribution,
                "showarrow": False,
                "x": 0,
                "y": -0.04,
                "xref": "paper",
                "yref": "paper",
                "font": {"size": 10, "color": "#555555"},
            }
        ],
    )
    return figure
