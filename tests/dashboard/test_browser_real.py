"""The dashboard in headless Chromium on the real extracts (Sandwell): every page renders with no
console error and the map has one shape per ward and LSOA of the place (real ONS boundaries)."""

from __future__ import annotations

import polars as pl
import pytest

from pipelines.build import run_build
from reporting.dashboard import queries
from reporting.dashboard.data import Warehouse
from tests.dashboard.live import PAGES, Session, browser, dashboard

pytestmark = [pytest.mark.real_data, pytest.mark.slow]
SANDWELL = "E08000028"
# Only what the pages read: baselines, trends, gradient, targets, shapes (and their inputs).
SELECTION = " or ".join(
    f'+key:"publish/{name}"'
    for name in (
        "area_boundaries",
        "indicator_baseline",
        "indicator_trend",
        "indicator_inequality",
        "trajectory_vs_target",
    )
)


@pytest.fixture(scope="module")
def real_dashboard_warehouse(real_data_dir, tmp_path_factory):
    root = tmp_path_factory.mktemp("real_dashboard")
    mp = pytest.MonkeyPatch()
    mp.setenv("DAGSTER_HOME", str(root))
    mp.setenv("PLACEHEALTH_RESTRICTED", str(root / "restricted_records.duckdb"))
    mp.setenv("PLACEHEALTH_REPORTS", str(root / "reports"))
    try:
        code = run_build(
            selection=SELECTION,
            data_dir=str(real_data_dir),
            warehouse=str(root / "warehouse.duckdb"),
        )
    finally:
        mp.undo()
    assert code == 0
    return root / "warehouse.duckdb"


def test_every_page_and_the_sandwell_map_on_real_data(real_dashboard_warehouse, tmp_path):
    warehouse = Warehouse(str(real_dashboard_warehouse))
    areas = queries.areas_in_place(warehouse, SANDWELL)
    counts = dict(areas.group_by("area_type").len().iter_rows())
    assert counts["ward"] == 24  # SOURCES.md: Sandwell has 24 wards
    with dashboard(real_dashboard_warehouse, tmp_path) as url, browser() as chromium:
        tab = Session(chromium, url)
        tab.open(f"place={SANDWELL}")
        for page in PAGES:
            tab.go(page)
            assert tab.errors == [], (page, tab.errors)
            assert tab.page.locator("[data-testid=stException]").count() == 0, page
        tab.go("neighbourhoods")
        level = "neighbourhood" if "neighbourhood" in counts else "ward"
        assert tab.shapes() == counts[level]
        tab.page.get_by_text("LSOAs (small areas)").click()
        tab.settle()
        lsoas = areas.filter(pl.col("area_type") == "lsoa").height
        assert tab.shapes() == lsoas > 150
        assert tab.errors == []
