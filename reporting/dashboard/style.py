"""Colours, layout and Plotly settings shared by the dashboard's figures (colour-blind safe).

Categorical colours follow Okabe & Ito (2008), distinguishable with the common colour-vision
deficiencies; every category is also named in the legend or hover text, never colour alone.
Continuous scales are Cividis (sequential) and a blue-grey-vermillion diverging scale.
"""

from __future__ import annotations

BLUE, VERMILLION, ORANGE, SKY, PURPLE, GREY = (
    "#0072B2",
    "#D55E00",
    "#E69F00",
    "#56B4E9",
    "#CC79A7",
    "#BBBBBB",
)
COMPARISON_COLOURS = {
    "Better": BLUE,
    "Best": BLUE,
    "Similar": "#F0E442",
    "Worse": VERMILLION,
    "Worst": VERMILLION,
    "Higher": SKY,
    "Lower": PURPLE,
    "Not compared": "#E5E5E5",
    "No data": "#FFFFFF",
}
STATUS_COLOURS = {
    "achieved": BLUE,
    "on_track": SKY,
    "at_risk": ORANGE,
    "off_track": VERMILLION,
    "not_yet_measurable": GREY,
    "incomplete_target": GREY,
}
SEQUENTIAL = "Cividis"
ONS_ATTRIBUTION = (
    "Boundaries: Office for National Statistics, Open Government Licence v3.0; "
    "contains OS data © Crown copyright and database right."
)
# Plotly geo fetches a base map from cdn.plot.ly even with its layers hidden: serve an empty one
# (reporting/dashboard/static/, Streamlit static serving) so maps draw offline without errors.
PLOTLY_CONFIG = {"topojsonURL": "./app/static/", "displaylogo": False}
LAYOUT = {
    "template": "plotly_white",
    "font": {"family": "Arial, sans-serif", "size": 13},
    "margin": {"l": 10, "r": 10, "t": 60, "b": 40},
}


def fmt(value: float | None, digits: int = 1) -> str:
    return "–" if value is None else f"{value:,.{digits}f}"
