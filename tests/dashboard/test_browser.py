"""Every dashboard page in headless Chromium on the demo build: no console error, the map has one
shape per area, and choosing another place or neighbourhood changes the figures."""

from __future__ import annotations

import pytest

from reporting.dashboard import queries
from reporting.dashboard.data import Warehouse
from tests.dashboard.live import PAGES, Session, browser, dashboard

SANDWELL, OLDBURY = "E08000028", "E08000028:OLDBURY"


@pytest.fixture(scope="module")
def session(demo_warehouse, tmp_path_factory):
    reports = tmp_path_factory.mktemp("reports")
    with dashboard(demo_warehouse, reports) as url, browser() as chromium:
        tab = Session(chromium, url)
        tab.open(f"place={SANDWELL}&neighbourhood={OLDBURY}")
        yield tab


@pytest.mark.parametrize("page", list(PAGES))
def test_page_renders_without_console_errors(session, page):
    session.errors.clear()
    session.go(page)
    assert session.errors == []
    assert session.page.locator("[data-testid=stException]").count() == 0
    title = session.title()
    assert "Sandwell" in title or "Oldbury" in title or page == "quality"
    # The place and neighbourhood travel with the page, in the URL.
    assert f"place={SANDWELL}" in session.page.url and "OLDBURY" in session.page.url
    if page != "quality":
        assert session.page.locator(".js-plotly-plot").count() >= 1


def test_map_has_one_shape_per_area_and_follows_the_choices(session, demo_warehouse):
    warehouse = Warehouse(str(demo_warehouse))
    session.go("neighbourhoods")
    hoods = queries.neighbourhoods(warehouse, SANDWELL)
    assert session.shapes() == hoods.height == 6
    assert "Oldbury" in session.page.locator("[data-testid=stMetric]").first.inner_text()
    session.choose("Neighbourhood", "Tipton")
    assert "Tipton" in session.title()
    assert "Tipton" in session.page.locator("[data-testid=stMetric]").first.inner_text()
    before = session.plot_text()
    session.choose("Place", "Birmingham (E08000025)")
    assert session.title().startswith("Birmingham")
    areas = queries.areas_in_place(warehouse, "E08000025")
    # Neighbourhoods where the place has them (issue 14 builds them for any place), else wards.
    level = "neighbourhood" if "neighbourhood" in set(areas["area_type"]) else "ward"
    assert session.shapes() == areas.filter(queries.pl.col("area_type") == level).height > 0
    assert session.plot_text() != before
    assert session.errors == []
