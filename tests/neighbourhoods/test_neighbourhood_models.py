"""Neighbourhood models on small hand-made frames: definitions, defaults, weighted means,
place comparisons, spine labels."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from models.indicators.means import mean_ci
from models.neighbourhoods.aggregate import weighted_means
from models.neighbourhoods.compare import compare_to_place
from models.neighbourhoods.definitions import (
    DefinitionError,
    check_definitions,
    default_membership,
    resolve_places,
)
from models.neighbourhoods.derive import IMD_WEIGHTS, imd2019_score
from models.neighbourhoods.profile import row_labels


def _geography() -> pl.DataFrame:
    rows = []
    for m in range(6):  # six MSOAs of two LSOAs each in E06000099, numbered 001..006
        for k in range(2):
            rows.append({
                "lsoa_code": f"E0100{m}{k:03d}", "lsoa_vintage": 2011,
                "msoa_code": f"E0200000{m}", "msoa_name": f"Somewhere {m + 1:03d}",
                "msoa_hcl_name": f"Place {m + 1}", "ward_code": f"E0500000{m // 2}",
                "lad_code": "E06000099", "lad_name": "Somewhere",
            })  # fmt: skip
    return pl.DataFrame(rows)


def _definitions(rows: list[tuple[str, str]]) -> pl.DataFrame:
    return pl.DataFrame({
        "place_code": ["E06000099"] * len(rows), "place_name": ["Somewhere"] * len(rows),
        "ward_code": [w for w, _ in rows], "ward_name": [w for w, _ in rows],
        "neighbourhood": [n for _, n in rows], "source_file": ["nb.csv"] * len(rows),
        "source_row": list(range(1, len(rows) + 1)),
    })  # fmt: skip


def test_ward_not_in_lookups_names_file_and_row():
    bad = _definitions([("E05000000", "North"), ("E05099999", "South")])
    with pytest.raises(DefinitionError, match=r"nb.csv, row 2, column 'ward_code'.*E05099999"):
        check_definitions(bad, _geography())


def test_ward_in_two_neighbourhoods_names_both_rows():
    bad = _definitions([("E05000000", "North"), ("E05000001", "South"), ("E05000000", "East")])
    with pytest.raises(DefinitionError, match=r"row 3.*'East'.*'North'.*row 1"):
        check_definitions(bad, _geography())


def test_place_that_is_not_an_english_la_is_an_error():
    with pytest.raises(DefinitionError, match="W06000001 is not an English local authority"):
        resolve_places(["E06000099", "W06000001"], _geography())
    assert resolve_places(["all"], _geography())["place_code"].to_list() == ["E06000099"]


def test_default_neighbourhoods_are_contiguous_msoa_groups_of_about_40k():
    population = pl.DataFrame({"msoa_code": [f"E0200000{m}" for m in range(6)],
                               "population": [20_000.0] * 6})  # fmt: skip
    out = default_membership(["E06000099"], _geography(), population, None)
    groups = out.join(_geography().select("lsoa_code", "msoa_code"), on="lsoa_code")
    per = groups.group_by("neighbourhood_name").agg(pl.col("msoa_code").unique().sort())
    # 120k people -> 3 groups of two consecutive MSOAs each, named after their MSOAs.
    assert sorted(per["msoa_code"].to_list()) == [
        ["E02000000", "E02000001"],
        ["E02000002", "E02000003"],
        ["E02000004", "E02000005"],
    ]
    assert set(per["neighbourhood_name"]) == {"Place 1, Place 2", "Place 3, Place 4",
                                              "Place 5, Place 6"}  # fmt: skip
    assert out["basis"].unique().to_list() == ["default_msoa11_groups_40k"]


def test_weighted_mean_with_equal_weights_equals_phe_mean():
    """Equal weights: effective n = n, so the limits are PHEindicatormethods phe_mean's."""
    rng = np.random.default_rng(7)
    values = rng.normal(20, 5, 40)
    members = pl.DataFrame({"member_code": [f"L{i}" for i in range(40)], "vintage": 2011,
                            "indicator_id": 990101, "value": values, "weight": 3.0})  # fmt: skip
    hierarchy = pl.DataFrame({
        "member_type": "lsoa", "member_code": [f"L{i}" for i in range(40)], "vintage": 2011,
        "area_type": "ward", "area_code": "E05000001", "area_name": "W", "parent_code": None,
        "weight": 1.0, "attribution_method": "ons_lsoa_lookup",
    })  # fmt: skip
    ours = weighted_means(members, hierarchy).row(0, named=True)
    ref = mean_ci(pl.DataFrame({"v": values}), "v").row(0, named=True)
    for col in ("value", "lower_95", "upper_95", "lower_99_8", "upper_99_8"):
        assert ours[col] == pytest.approx(ref[col], rel=1e-12)


def test_weighted_mean_uses_population_weights():
    members = pl.DataFrame({"member_code": ["A", "B"], "vintage": 2011, "indicator_id": 990101,
                            "value": [10.0, 40.0], "weight": [3000.0, 1000.0]})  # fmt: skip
    hierarchy = pl.DataFrame({
        "member_type": "lsoa", "member_code": ["A", "B"], "vintage": 2011, "area_type": "ward",
        "area_code": "W1", "area_name": "W", "parent_code": None, "weight": 1.0,
        "attribution_method": "x",
    })  # fmt: skip
    assert weighted_means(members, hierarchy)["value"][0] == pytest.approx(17.5)


def test_imd2019_score_is_the_published_weighted_sum():
    row = {f"{d}_transformed_score": float(i + 1) for i, d in enumerate(IMD_WEIGHTS)}
    frame = pl.DataFrame([{"lsoa_code": "E01000001", **row}])
    expected = sum(w * (i + 1) for i, w in enumerate(IMD_WEIGHTS.values()))
    assert imd2019_score(frame)["imd2019_score"][0] == pytest.approx(expected)


def test_compare_to_place_labels_and_ranks():
    base = {"indicator_id": 990114, "sex": "Persons", "age": "All ages", "period": "2019",
            "polarity_code": 0, "england_value": 12.0}  # fmt: skip
    values = pl.DataFrame([
        {**base, "area_code": "P", "area_type": "district_ua", "value": 20.0, "lower_95": 19.5,
         "upper_95": 20.5, "lower_99_8": 19.2, "upper_99_8": 20.8},
        {**base, "area_code": "P:A", "area_type": "neighbourhood", "value": 25.0,
         "lower_95": 24.0, "upper_95": 26.0, "lower_99_8": 23.5, "upper_99_8": 26.5},
        {**base, "area_code": "P:B", "area_type": "neighbourhood", "value": 19.0,
         "lower_95": 17.5, "upper_95": 20.5, "lower_99_8": 16.9, "upper_99_8": 21.1},
        {**base, "area_code": "P:C", "area_type": "neighbourhood", "value": 15.0,
         "lower_95": 14.0, "upper_95": 16.0, "lower_99_8": 13.5, "upper_99_8": 16.5},
    ])  # fmt: skip
    places = pl.DataFrame({"area_code": ["P:A", "P:B", "P:C"], "area_type": "neighbourhood",
                           "place_code": "P"})  # fmt: skip
    out = compare_to_place(values, places).sort("area_code")
    assert out["compared_to_place"].to_list() == ["Not compared", "Worse", "Similar", "Better"]
    assert out["compared_to_england_99_8"].to_list() == ["Worse", "Worse", "Worse", "Worse"]
    assert out["rank_in_place"].to_list() == [None, 3, 2, 1]  # low is good: C best
    assert out["place_value"].to_list() == [20.0] * 4


def test_row_labels_tell_rows_apart():
    frame = pl.DataFrame({
        "area_code": ["P"] * 4, "indicator_id": [1, 1, 1, 2],
        "indicator_name": ["Checks", "Checks", "Checks", "Checks"],
        "sex": ["Persons", "Male", "Persons", "Persons"],
        "age": ["All ages", "All ages", "40-74 yrs", "All ages"],
        "period": ["2024", "2024", "2024", "2023"],
    })  # fmt: skip
    labels = row_labels(frame)["label"].to_list()
    assert len(set(labels)) == 4
    assert "Checks (Male)" in labels and "Checks (40-74 yrs)" in labels


def test_places_formed_since_2019_get_their_2011_lsoas():
    from models.baselines.hierarchy import lsoa_membership
    from models.neighbourhoods.definitions import successor_place_rows

    geo = _geography().with_columns(
        pl.lit("E12000001").alias("region_code"), pl.lit("R").alias("region_name"),
        pl.col("lsoa_code").alias("lsoa_name"), pl.col("ward_code").alias("ward_name"),
        pl.lit("S").alias("sub_icb_code"), pl.lit("s").alias("sub_icb_name"),
        pl.lit("I").alias("icb_code"), pl.lit("i").alias("icb_name"),
    )  # fmt: skip
    membership = pl.DataFrame({
        "lsoa_code": geo["lsoa_code"], "vintage": 2011, "place_code": "E06000070",
        "neighbourhood_code": "E06000070:ALL", "neighbourhood_name": "All", "basis": "default",
    })  # fmt: skip
    lsoas = lsoa_membership(geo, membership)
    places = pl.DataFrame({"place_code": ["E06000070"], "place_name": ["New place"]})
    rows = successor_place_rows(lsoas, membership, places)
    assert rows.height == geo.height and set(rows["area_code"]) == {"E06000070"}
    assert set(rows["attribution_method"]) == {"lsoa_2011_to_2021_lookup"}
    # A place already in the lookup's vintage gets nothing added.
    same = membership.with_columns(pl.lit("E06000099").alias("place_code"))
    assert successor_place_rows(lsoas, same, places).is_empty()
