"""The place and neighbourhood, chosen once in the sidebar, kept across pages and in the URL.

Both live in the session (the sidebar widgets are drawn by the entry script on every page) and
are written to the query string (`?place=E08000028&neighbourhood=...`) after every run, so a link
copied from any page opens the same view.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polars as pl
import streamlit as st

from reporting.dashboard import queries
from reporting.dashboard.data import Warehouse

ALL = queries.ALL


@dataclass(frozen=True)
class Context:
    """What every page needs: the warehouse, the chosen place and neighbourhood, names."""

    warehouse: Warehouse
    place: str
    place_name: str
    neighbourhood: str  # '' for the whole place
    neighbourhood_name: str
    reports: Path | None

    @property
    def area(self) -> str:
        """The neighbourhood when one is chosen, else the place."""
        return self.neighbourhood or self.place

    @property
    def area_name(self) -> str:
        return self.neighbourhood_name or self.place_name


def _default_place(warehouse: Warehouse, codes: list[str]) -> str:
    """The place with the most agreed targets (else the first by name)."""
    targets = warehouse.view("trajectory_vs_target")
    if targets.height and "area_code" in targets.columns:
        counts = (
            targets.filter(pl.col("area_code").is_in(codes))
            .group_by("area_code")
            .agg(pl.col("target_id").n_unique().alias("n"))
            .sort(["n", "area_code"], descending=[True, False])
        )
        if counts.height:
            return counts["area_code"][0]
    return codes[0]


def _remember(name: str, options: list[str], from_url: str | None, default: str) -> str:
    """The session's choice, else the URL's, else the default (whichever is a valid option)."""
    for candidate in (st.session_state.get(name), from_url, default):
        if candidate in options:
            return candidate
    return options[0]


def choose(warehouse: Warehouse, reports: Path | None) -> Context | None:
    """Draw the sidebar choices and return the context (None when nothing is published)."""
    places = queries.places(warehouse)
    if places.is_empty():
        st.warning("The warehouse has no published places yet: run `placehealth build`.")
        return None
    codes = places["area_code"].to_list()
    names = dict(places.iter_rows())
    # The choice is kept under its own key: a widget's state does not survive a page switch.
    place = _remember(
        "place", codes, st.query_params.get("place"), _default_place(warehouse, codes)
    )
    place = st.sidebar.selectbox(
        "Place",
        codes,
        index=codes.index(place),
        key="place_widget",
        format_func=lambda c: f"{names[c]} ({c})",
    )
    st.session_state["place"] = place
    hoods = queries.neighbourhoods(warehouse, place)
    hood_names = {ALL: "Whole place", **dict(hoods.iter_rows())}
    options = list(hood_names)
    neighbourhood = _remember("neighbourhood", options, st.query_params.get("neighbourhood"), ALL)
    neighbourhood = st.sidebar.selectbox(
        "Neighbourhood",
        options,
        index=options.index(neighbourhood),
        key=f"neighbourhood_widget_{place}",
        format_func=hood_names.get,
        disabled=len(options) == 1,
        help="Neighbourhoods are groups of wards the place defined (data/neighbourhoods/).",
    )
    st.session_state["neighbourhood"] = neighbourhood
    st.query_params.update({"place": place, "neighbourhood": neighbourhood})
    if not neighbourhood:
        del st.query_params["neighbourhood"]
    return Context(
        warehouse=warehouse,
        place=place,
        place_name=names[place],
        neighbourhood=neighbourhood,
        neighbourhood_name=hood_names[neighbourhood] if neighbourhood else "",
        reports=reports,
    )


def current() -> Context:
    """The context the entry script chose for this run."""
    return st.session_state["_context"]
