"""Dashboard logic without a browser (streamlit.testing AppTest) on the demo build."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from reporting.dashboard import queries
from reporting.dashboard.comparison_charts import SIGNIFICANCE_NAMES
from reporting.dashboard.data import Warehouse

PAGES = ["overview", "neighbourhoods", "trends", "registers", "quality", "compare"]
SANDWELL, BIRMINGHAM = "E08000028", "E08000025"
OLDBURY, TIPTON = "E08000028:OLDBURY", "E08000028:TIPTON"


def app(warehouse: str, page: str) -> None:
    from reporting.dashboard.app import main

    main(warehouse, None, page)


def run(warehouse, page: str, **params: str) -> AppTest:
    test = AppTest.from_function(app, args=(str(warehouse), page), default_timeout=120)
    for key, value in params.items():
        test.query_params[key] = value
    return test.run()


def figures(test: AppTest) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in test.get("plotly_chart")]


def text(test: AppTest) -> str:
    parts = [
        e.value for kind in ("title", "subheader", "caption", "markdown") for e in test.get(kind)
    ]
    return "\n".join(str(p) for p in parts)


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_for_the_place_in_the_url(demo_warehouse, page):
    test = run(demo_warehouse, page, place=SANDWELL, neighbourhood=OLDBURY)
    assert not test.exception, [e.value for e in test.exception]
    assert test.title and (
        "Sandwell" in test.title[0].value or "Oldbury" in test.title[0].value or page == "quality"
    )
    assert test.query_params["place"] == SANDWELL  # kept in the URL for sharing
    assert "indicator_id 0" not in text(test)


def test_overview_figures_change_with_the_place(demo_warehouse):
    sandwell = run(demo_warehouse, "overview", place=SANDWELL)
    assert sandwell.title[0].value == "Sandwell: place overview"
    trajectory, spine = figures(sandwell)[:2]
    assert "Sandwell" in trajectory["layout"]["title"]["text"]
    assert any(t["type"] == "bar" for t in spine["data"])
    # Choosing another place in the sidebar redraws every figure and updates the URL.
    sandwell.sidebar.selectbox[0].select(BIRMINGHAM).run()
    assert sandwell.title[0].value == "Birmingham: place overview"
    assert sandwell.query_params["place"] == BIRMINGHAM
    assert figures(sandwell) != [trajectory, spine]


def test_neighbourhood_map_has_one_shape_per_neighbourhood(demo_warehouse):
    test = run(demo_warehouse, "neighbourhoods", place=SANDWELL, neighbourhood=OLDBURY)
    hoods = queries.neighbourhoods(Warehouse(str(demo_warehouse)), SANDWELL)
    assert hoods.height == 6
    choropleth, outline = figures(test)[0]["data"][:2]
    assert sorted(choropleth["locations"]) == sorted(hoods["area_code"])
    assert outline["locations"] == [OLDBURY]  # the chosen neighbourhood is outlined
    assert len(choropleth["geojson"]["features"]) == 6
    # Another neighbourhood moves the outline and the figures beside the map.
    test.sidebar.selectbox[1].select(TIPTON).run()
    assert figures(test)[0]["data"][1]["locations"] == [TIPTON]
    assert test.query_params["neighbourhood"] == TIPTON


def test_map_colours_by_comparison_with_a_legend(demo_warehouse):
    test = run(demo_warehouse, "neighbourhoods", place=SANDWELL)
    test.radio(key="nb_colour").set_value("england").run()
    traces = [t for t in figures(test)[0]["data"] if t.get("showlegend")]
    names = {t["name"] for t in traces}  # one legend entry per comparison category
    assert names and names <= {
        "Better",
        "Similar",
        "Worse",
        "Higher",
        "Lower",
        "Not compared",
        "No data",
    }
    assert sum(len(t["locations"]) for t in traces) == 6
    assert all("95% CI" in h or "no published value" in h for t in traces for h in t["text"])
    test.radio(key="nb_level").set_value("lsoa").run()
    lsoas = [t for t in figures(test)[0]["data"] if t.get("showlegend")]
    assert sum(len(t["locations"]) for t in lsoas) == 48  # two per Sandwell ward in the demo


def test_trends_follow_the_neighbourhood(demo_warehouse):
    oldbury = run(demo_warehouse, "trends", place=SANDWELL, neighbourhood=OLDBURY)
    tipton = run(demo_warehouse, "trends", place=SANDWELL, neighbourhood=TIPTON)
    assert oldbury.title[0].value == "Oldbury: trends"
    values = [t["y"] for t in figures(oldbury)[0]["data"] if t.get("name") == "value"]
    others = [t["y"] for t in figures(tipton)[0]["data"] if t.get("name") == "value"]
    assert values and values != others


def test_registers_show_only_published_counts(demo_warehouse):
    test = run(demo_warehouse, "registers", place=SANDWELL)
    bars = figures(test)[0]["data"]
    assert {b["name"] for b in bars} >= {"top 0.5%", "top 2%", "top 5%"}
    people = [v for b in bars for v in b["y"] if v is not None]
    assert people and all(v % 5 == 0 for v in people)  # rounded to 5 as published
    assert "restricted database" in text(test)


def test_quality_page_has_the_ig_verdict_and_tables(demo_warehouse):
    test = run(demo_warehouse, "quality", place=SANDWELL)
    verdicts = [e.value for e in test.get("alert")] if test.get("alert") else []
    assert any(
        "Information governance" in str(v)
        for v in [*verdicts, *[s.value for s in test.success], *[e.value for e in test.error]]
    )
    assert test.dataframe and test.dataframe[0].value.shape[0] >= 20


def test_compare_ranks_every_area_of_the_type(demo_warehouse):
    test = run(demo_warehouse, "compare", place=SANDWELL)
    test.selectbox(key="cp_type").set_value("gp").run()
    practices, national = figures(test)[:2]  # the place's practice funnel, then England's
    assert "Sandwell" in practices["layout"]["title"]["text"]
    caterpillar = national["data"][0]
    warehouse = Warehouse(str(demo_warehouse))
    indicator = int(test.query_params["indicator"])
    expected = warehouse.query(
        "SELECT count(*) AS n FROM publish.indicator_baseline WHERE area_type = 'gp' "
        "AND indicator_id = ? AND value IS NOT NULL AND period = (SELECT max(period) FROM "
        "publish.indicator_baseline WHERE area_type = 'gp' AND indicator_id = ?)",
        (indicator, indicator),
    )["n"][0]
    assert len(caterpillar["y"]) == expected > 5
    assert caterpillar["y"] == sorted(caterpillar["y"])


def test_indicator_labels_never_show_a_bare_id():
    assert queries.indicator_label(0, None) == "Population aged 65 and over (%)"
    assert (
        queries.indicator_label(0, "Population aged 65 and over (%)")
        == "Population aged 65 and over (%)"
    )
    assert queries.indicator_label(93088, "Overweight") == "Overweight (93088)"


def test_compare_draws_a_funnel_for_a_proportion(demo_warehouse):
    test = run(demo_warehouse, "compare", place=SANDWELL)
    test.selectbox(key="cp_type").set_value("county_ua").run()
    sex, age = (
        Warehouse(str(demo_warehouse))
        .query(
            "SELECT sex, age FROM publish.indicator_baseline WHERE indicator_id = 93088 "
            "AND area_type = 'county_ua' LIMIT 1"
        )
        .row(0)
    )
    test.selectbox(key="cp_indicator").set_value((93088, sex, age)).run()
    assert test.query_params["indicator"] == "93088"  # in the URL, so a link shares it
    caterpillar, funnel = figures(test)[:2]
    limits = [t for t in funnel["data"] if str(t.get("name", "")).endswith("% limits")]
    assert {t["name"] for t in limits} == {"95% limits", "99.8% limits"}
    points = [t for t in funnel["data"] if t.get("mode") == "markers"]
    assert {t["name"] for t in points} <= set(SIGNIFICANCE_NAMES.values())
    assert sum(len(t["y"]) for t in points) == len(caterpillar["data"][0]["y"]) >= 5
    # The 95% limits bracket the pooled line (PHEindicatormethods Wilson limits).
    centre = next(t for t in funnel["data"] if t.get("name") == "pooled average")
    assert limits[0]["y"][-1] < centre["y"][-1]
