"""Unit tests of models/baselines with hand-computed expectations."""

from __future__ import annotations

import polars as pl
import pytest

from models.baselines.aggregation import aggregate_to_areas
from models.baselines.benchmarking import compare_to_benchmarks, infer_polarity, peer_positions
from models.baselines.hierarchy import coterminous_places, lsoa_membership
from models.baselines.inequality import deprivation_gradient
from models.baselines.vocab import area_type_expr, published_label_expr
from models.indicators.quantile_categories import quantile_categories

GEO = pl.DataFrame({
    "lsoa_code": ["L1", "L2", "L3", "L4"], "lsoa_name": ["a", "b", "c", "d"],
    "lsoa_vintage": [2011] * 4, "ward_code": ["W1", "W1", "W2", "W3"],
    "ward_name": ["w1", "w1", "w2", "w3"], "lad_code": ["P1", "P1", "P1", "P2"],
    "lad_name": ["Place 1"] * 3 + ["Place 2"], "region_code": ["E12000005"] * 4,
    "region_name": ["WM"] * 4, "sub_icb_code": ["S1", "S1", "S1", "S2"],
    "sub_icb_name": ["s1"] * 3 + ["s2"], "icb_code": ["I1"] * 4, "icb_name": ["i"] * 4,
})  # fmt: skip
TOWNS = pl.DataFrame({"place_code": ["P1", "P1"], "place_name": ["Place 1"] * 2,
                      "ward_code": ["W1", "W2"], "ward_name": ["w1", "w2"],
                      "neighbourhood": ["North Town", "South"]})  # fmt: skip


def test_lsoa_membership_builds_every_level():
    m = lsoa_membership(GEO, TOWNS)
    l1 = m.filter(pl.col("member_code") == "L1").sort("area_type")
    assert dict(zip(l1["area_type"], l1["area_code"], strict=True)) == {
        "district_ua": "P1", "england": "E92000001", "icb": "I1", "lsoa": "L1",
        "neighbourhood": "P1:NORTH_TOWN", "region": "E12000005", "sub_icb": "S1", "ward": "W1",
    }  # fmt: skip
    assert m.filter((pl.col("member_code") == "L4") & (pl.col("area_type") == "neighbourhood")
                    ).is_empty()  # fmt: skip
    ward = m.filter((pl.col("area_code") == "W1") & (pl.col("member_code") == "L1"))
    assert ward["parent_code"][0] == "P1:NORTH_TOWN"


def test_coterminous_places_only_whole_one_to_one():
    assert coterminous_places(GEO).sort("sub_icb_code")["lad_code"].to_list() == ["P1", "P2"]
    split = GEO.with_columns(pl.when(pl.col("lsoa_code") == "L3").then(pl.lit("S2"))
                             .otherwise("sub_icb_code").alias("sub_icb_code"))  # fmt: skip
    assert coterminous_places(split)["lad_code"].to_list() == []


def test_aggregation_sums_counts_then_recomputes_wilson():
    m = lsoa_membership(GEO, TOWNS)
    counts = pl.DataFrame({
        "member_type": ["lsoa"] * 3, "member_code": ["L1", "L2", "L3"], "vintage": [2011] * 3,
        "indicator_id": [1] * 3, "indicator_name": ["x"] * 3, "sex": ["Persons"] * 3,
        "age": ["All ages"] * 3, "period": ["2020"] * 3, "period_sortable": [20200000] * 3,
        "period_type": ["####"] * 3, "value_type": ["Proportion"] * 3, "multiplier": [100.0] * 3,
        "count": [10.0, 30.0, 5.0], "denominator": [100.0, 100.0, 50.0],
    })  # fmt: skip
    out = aggregate_to_areas(counts, m)
    north = out.filter(pl.col("area_code") == "P1:NORTH_TOWN")
    assert north["count"][0] == 40 and north["denominator"][0] == 200
    assert north["value"][0] == pytest.approx(20.0)
    # Wilson 95% for 40/200: (2x+z^2 -/+ z sqrt(z^2+4x(1-x/n))) / (2(n+z^2))
    z = 1.959963984540054
    lo = (80 + z * z - z * (z * z + 4 * 40 * 0.8) ** 0.5) / (2 * (200 + z * z)) * 100
    assert north["lower_95"][0] == pytest.approx(lo, rel=1e-9)
    assert out.filter(pl.col("area_code") == "P1")["count"][0] == 45


def _values(rows: list[tuple]) -> pl.DataFrame:
    cols = ["area_code", "area_type", "value", "lower_95", "upper_95", "england_value",
            "published_compared_to_england"]  # fmt: skip
    frame = pl.DataFrame(rows, schema=cols, orient="row")
    return frame.with_columns(
        pl.lit(1).alias("indicator_id"),
        pl.lit("Persons").alias("sex"),
        pl.lit("All").alias("age"),
        pl.lit("2020").alias("period"),
        pl.lit(None, dtype=pl.String).alias("published_compared_to_region"),
        pl.lit(None, dtype=pl.Float64).alias("region_value"),
        pl.lit("ci95").alias("comparison_method"),
    )


def test_polarity_inferred_from_published_labels_and_comparisons():
    rows = [(f"A{i}", "district_ua", 10.0 + i, 9.5 + i, 10.5 + i, 5.0, "Worse") for i in range(12)]
    rows.append(("B", "district_ua", 5.2, 4.0, 6.0, 5.0, "Similar"))
    rows.append(("C", "district_ua", 2.0, 1.0, 3.0, 5.0, None))
    v = infer_polarity(_values(rows).with_columns(pl.lit(None, dtype=pl.Int64)
                                                  .alias("polarity_code")))  # fmt: skip
    assert v["polarity_code"].unique().to_list() == [0]  # higher than England was 'Worse'
    assert v["polarity_source"][0] == "inferred_from_published"
    out = compare_to_benchmarks(v)
    by = dict(zip(out["area_code"], out["compared_to_england"], strict=True))
    assert (by["A0"], by["B"], by["C"]) == ("Worse", "Similar", "Better")


def test_unknown_polarity_compares_as_higher_lower_and_no_ci_carries_published():
    rows = [("A", "district_ua", 10.0, 9.0, 11.0, 5.0, None),
            ("B", "district_ua", 4.0, None, None, 5.0, "Lower")]  # fmt: skip
    v = infer_polarity(_values(rows).with_columns(pl.lit(None, dtype=pl.Int64)
                                                  .alias("polarity_code")))  # fmt: skip
    assert v["polarity_code"].to_list() == [99, 99]
    out = compare_to_benchmarks(v)
    assert out["compared_to_england"].to_list() == ["Higher", "Lower"]
    assert out["comparison_source"].to_list() == ["recomputed", "published"]


def test_peer_quintiles_match_models_indicators_rule():
    vals = [3.0, 1.0, 4.0, 1.5, 5.0, 9.0, 2.0, 6.0, 5.5, 3.5, 8.0]
    frame = _values([(f"A{i}", "district_ua", v, None, None, 1.0, None) for i, v in
                     enumerate(vals)]).with_columns(pl.lit(0).alias("polarity_code"))  # fmt: skip
    ours = peer_positions(frame).sort("area_code")
    ref = quantile_categories(frame, "value", 5, 0, method="fingertips").sort("area_code")
    assert ours["quintile"].to_list() == ref["category"].to_list()
    assert ours.filter(pl.col("value") == 1.0)["peer_rank"][0] == 1  # low is good: lowest best
    assert ours["peer_count"].unique().to_list() == [11]


def test_deprivation_gradient_sums_by_quintile_and_gives_sii_sign():
    geo = pl.DataFrame({
        "lsoa_code": [f"L{i}" for i in range(1, 6)], "lsoa_name": list("abcde"),
        "lsoa_vintage": [2011] * 5, "ward_code": ["W1"] * 5, "ward_name": ["w1"] * 5,
        "lad_code": ["P1"] * 5, "lad_name": ["Place 1"] * 5, "region_code": ["E12000005"] * 5,
        "region_name": ["WM"] * 5, "sub_icb_code": ["S1"] * 5, "sub_icb_name": ["s1"] * 5,
        "icb_code": ["I1"] * 5, "icb_name": ["i"] * 5,
    })  # fmt: skip
    m = lsoa_membership(geo, None)
    codes = [f"L{i}" for i in range(1, 6)]
    counts = pl.DataFrame({
        "member_type": ["lsoa"] * 5, "member_code": codes, "vintage": [2011] * 5,
        "indicator_id": [1] * 5, "indicator_name": ["x"] * 5, "sex": ["Persons"] * 5,
        "age": ["All ages"] * 5, "period": ["2020"] * 5, "period_sortable": [20200000] * 5,
        "period_type": ["####"] * 5, "value_type": ["Proportion"] * 5, "multiplier": [100.0] * 5,
        "count": [300.0, 250.0, 200.0, 150.0, 100.0], "denominator": [1000.0] * 5,
    })  # fmt: skip
    quint = pl.DataFrame({"member_type": ["lsoa"] * 5, "member_code": codes,
                          "vintage": [2011] * 5, "iod_edition": [2019] * 5,
                          "imd_quintile": [1, 2, 3, 4, 5]})  # fmt: skip
    g = deprivation_gradient(counts, m, quint).sort("imd_quintile")
    assert g["quintile_basis"].unique().to_list() == ["national"]  # no IMD rank: no local rows
    assert g["value"].to_list() == pytest.approx([30.0, 25.0, 20.0, 15.0, 10.0])
    assert g["population_share"].to_list() == pytest.approx([0.2] * 5)
    # Equal shares: x = .1 ... .9 and y = 32.5 - 25x exactly. Reported (PM, multiplier -1) as
    # most minus least deprived: SII = +25; RII = fitted(most) / fitted(least) = 32.5 / 7.5.
    assert g["sii"][0] == pytest.approx(25.0, rel=1e-9)
    assert g["rii"][0] == pytest.approx(32.5 / 7.5, rel=1e-9)
    assert g["sii_intercept"][0] == pytest.approx(32.5, rel=1e-9)
    three = deprivation_gradient(counts.head(3), m, quint)
    assert three["sii"].null_count() == three.height  # PM needs every quintile


def test_vocabulary_maps_fingertips_names():
    f = pl.DataFrame({"area_type": ["Districts & UAs", None, "County & UA"],
                      "area_code": ["E08000028", "E92000001", "E10000006"],
                      "cmp": ["Higher 99.8", "Best", "Lowest quintile"]})  # fmt: skip
    out = f.select(area_type_expr(), published_label_expr("cmp").alias("cmp"))
    assert out["area_type"].to_list() == ["district_ua", "england", "county_ua"]
    assert out["cmp"].to_list() == ["Higher", "Better", None]


def test_trend_has_spc_columns_even_when_no_series_is_long_enough():
    from models.baselines.trend import SPC_COLUMNS, _spc_view

    values = pl.DataFrame(
        {
            "indicator_id": [1],
            "area_code": ["A"],
            "area_type": ["LA"],
            "sex": ["Persons"],
            "age": ["All"],
            "period_type": ["year"],
            "period_sortable": [20200000],
            "value": [1.0],
            "polarity_code": [0],
        }
    )
    view = _spc_view(values)
    assert set(SPC_COLUMNS) <= set(view.columns) and view.height == 0


def test_latest_cumulative_period_is_the_one_that_ends_last():
    from models.baselines.indicator_table import latest_period

    values = pl.DataFrame({
        "indicator_id": [91112] * 3, "area_code": ["E08000028"] * 3, "area_type": ["LA"] * 3,
        "sex": ["Persons"] * 3, "age": ["40-74"] * 3, "period_type": ["####/## Q# - ####/## Q#"] * 3,
        "period": ["2021/22 Q1 - 2021/22 Q4", "2021/22 Q1 - 2025/26 Q3", "2021/22 Q1 - 2024/25 Q2"],
        "period_sortable": [20210000] * 3, "value": [0.0, 7.6, 6.6],
    })  # fmt: skip
    assert latest_period(values)["period"].to_list() == ["2021/22 Q1 - 2025/26 Q3"]


def test_practice_funnels_per_place_match_the_funnel_functions():
    from models.baselines.funnels import practice_funnels
    from models.indicators.funnels import funnel_significance

    hierarchy = pl.DataFrame({
        "member_type": ["practice"] * 5, "member_code": ["A", "B", "C", "D", "E"],
        "member_name": list("abcde"), "area_type": ["district_ua"] * 5,
        "area_code": ["P1", "P1", "P1", "P1", "P2"], "area_name": ["One"] * 4 + ["Two"],
        "weight": [1.0] * 5,
    })  # fmt: skip
    counts = pl.DataFrame({
        "member_type": ["practice"] * 5, "member_code": ["A", "B", "C", "D", "E"],
        "indicator_id": [241] * 5, "indicator_name": ["DM: QOF prevalence"] * 5,
        "age": ["17+ yrs"] * 5, "period": ["2023/24"] * 5, "period_sortable": [20230000] * 5,
        "count": [700.0, 500.0, 300.0, 100.0, 50.0], "denominator": [9000.0, 8000.0, 7000.0, 5000.0, 900.0],
    })  # fmt: skip
    points, limits = practice_funnels(counts, hierarchy)
    assert points["place_code"].unique().to_list() == ["P1"]  # P2 has one practice: no funnel
    assert points["baseline"][0] == pytest.approx(1600 / 29000 * 100)
    expected = funnel_significance(counts.head(4), "count", "denominator", statistic="proportion")
    assert points["significance"].to_list() == expected["significance"].cast(pl.String).to_list()
    assert limits.height == 100 and limits["baseline"][0] == pytest.approx(1600 / 29000 * 100)


def test_places_without_attributed_practices_get_their_sub_icb_funnel():
    from models.baselines.funnels import practice_places

    hierarchy = pl.DataFrame({
        "member_type": ["lsoa"] * 4 + ["practice"] * 3,
        "member_code": ["L1", "L1", "L2", "L2", "A", "B", "C"],
        "member_name": ["l1", "l1", "l2", "l2", "a", "b", "c"],
        "area_type": ["district_ua", "sub_icb"] * 2 + ["sub_icb"] * 3,
        "area_code": ["P1", "S1", "P1", "S1", "S1", "S1", "S2"],
        "area_name": ["One", "Sub one", "One", "Sub one", "Sub one", "Sub one", "Sub two"],
        "weight": [1.0] * 7,
    })  # fmt: skip
    places = practice_places(hierarchy).sort("practice_code")
    assert places["practice_code"].to_list() == ["A", "B"]
    assert set(places["funnel_scope"]) == {"sub_icb"} and set(places["place_code"]) == {"P1"}
    assert set(places["funnel_area_code"]) == {"S1"}
