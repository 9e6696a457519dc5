"""The dashboard's entry script: `streamlit run reporting/dashboard/app.py -- --warehouse PATH`.

`placehealth dashboard` starts it with the configured warehouse and reports folder; nothing here
reads the environment. The sidebar holds the place and neighbourhood (kept across pages and in
the URL); each page is a module of reporting.dashboard.screens.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import streamlit as st

from reporting.dashboard import queries, state
from reporting.dashboard.data import Warehouse, WarehouseMissing
from reporting.dashboard.screens import (
    compare,
    neighbourhoods,
    overview,
    quality,
    registers,
    trends,
)

PAGES = (
    (overview.page, "Place overview", "overview"),
    (neighbourhoods.page, "Neighbourhoods", "neighbourhoods"),
    (trends.page, "Trends", "trends"),
    (registers.page, "Registers", "registers"),
    (quality.page, "Data quality", "quality"),
    (compare.page, "Compare", "compare"),
)


def arguments(argv: list[str]) -> argparse.Namespace:
    """--warehouse (required) and --reports, after the `--` of `streamlit run`."""
    parser = argparse.ArgumentParser(prog="placehealth dashboard")
    parser.add_argument("--warehouse", required=True)
    parser.add_argument("--reports")
    return parser.parse_args(argv)


def main(warehouse: str, reports: str | None = None, first_page: str = "overview") -> None:
    """Draw the chosen page for the current place and neighbourhood.

    `first_page` is the url path of the page a bare URL opens (tests open each page this way).
    """
    st.set_page_config(page_title="placehealth", layout="wide")  # default icon: no CDN fetch
    navigation = st.navigation(
        [
            st.Page(render, title=title, url_path=path, default=path == first_page)
            for render, title, path in PAGES
        ]
    )
    source = Warehouse(str(warehouse))
    try:
        source.version()
    except WarehouseMissing as missing:
        st.error(str(missing))
        st.stop()
    context = state.choose(source, Path(reports) if reports else None)
    if context is None:
        st.stop()
    st.session_state["_context"] = context
    contract = queries.contract(source)
    if contract:
        st.sidebar.caption(
            f"Published {str(contract['published_at'])[:16]} · contract "
            f"{contract['contract_version']} · reads only the `publish` views"
        )
    navigation.run()


if __name__ == "__main__":
    options = arguments(sys.argv[1:])
    main(options.warehouse, options.reports)
