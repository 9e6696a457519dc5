"""Local (within-place) IMD quintiles and the SII on them, against hand-computed values."""

from __future__ import annotations

import polars as pl
import pytest

from models.baselines.hierarchy import lsoa_membership
from models.baselines.inequality import deprivation_gradient, local_quintiles


def test_local_quintile_is_where_the_cumulative_population_midpoint_falls():
    # Ranked most deprived first: populations 100, 300, 200, 400, 100, 500, 400 (P = 2000);
    # running totals 100 400 600 1000 1100 1600 2000; midpoints C - p/2 = 50 250 500 800 1050
    # 1350 1800; as shares .025 .125 .25 .4 .525 .675 .9; x5 = .125 .625 1.25 2.0 2.625 3.375
    # 4.5 -> quintiles 1 1 2 3 3 4 5 (2.0 sits on a boundary: the less deprived side).
    members = pl.DataFrame({
        "place_code": ["P"] * 7 + ["Q"] * 4,
        "member_code": ["r5", "r1", "r9", "r3", "r7", "r2", "r8", "q1", "q2", "q3", "q4"],
        "imd_rank": [5, 1, 9, 3, 7, 2, 8, 1, 2, 3, 4],
        "denominator": [400.0, 100.0, 400.0, 200.0, 100.0, 300.0, 500.0, 1.0, 1.0, 1.0, 1.0],
    })  # fmt: skip
    out = local_quintiles(members, ["place_code"])
    p = out.filter(pl.col("place_code") == "P").sort("imd_rank")
    assert p["member_code"].to_list() == ["r1", "r2", "r3", "r5", "r7", "r8", "r9"]
    assert p["local_quintile"].to_list() == [1, 1, 2, 3, 3, 4, 5]
    shares = p.group_by("local_quintile").agg(pl.col("denominator").sum()).sort("local_quintile")
    assert shares["denominator"].to_list() == [400.0, 200.0, 500.0, 500.0, 400.0]
    # fewer small areas than quintiles: none assigned (as PM phe_quantile)
    assert out.filter(pl.col("place_code") == "Q")["local_quintile"].null_count() == 4


def test_local_quintile_leaves_out_members_without_rank_or_population():
    members = pl.DataFrame({
        "place_code": ["P"] * 7, "member_code": [f"m{i}" for i in range(7)],
        "imd_rank": [1, 2, 3, 4, 5, None, 6], "denominator": [1.0] * 5 + [1.0, 0.0],
    })  # fmt: skip
    out = local_quintiles(members, ["place_code"]).sort("member_code")
    assert out["local_quintile"].to_list() == [1, 2, 3, 4, 5, None, None]


def _place(n: int) -> pl.DataFrame:
    """Membership of n LSOAs in one place (P1)."""
    codes = [f"L{i:02d}" for i in range(1, n + 1)]
    one = {"lsoa_vintage": 2011, "ward_code": "W1", "ward_name": "w1", "lad_code": "P1",
           "lad_name": "Place 1", "region_code": "E12000005", "region_name": "WM",
           "sub_icb_code": "S1", "sub_icb_name": "s1", "icb_code": "I1", "icb_name": "i"}  # fmt: skip
    geo = pl.DataFrame({"lsoa_code": codes, "lsoa_name": codes}).with_columns(
        pl.lit(v).alias(k) for k, v in one.items()
    )
    return lsoa_membership(geo, None)


def test_place_without_national_quintile_5_still_gets_a_local_sii():
    # Ten LSOAs of 1000 people, ranked 1..10, national quintiles 1 1 2 2 3 3 4 4 4 4 (no 5).
    # value_i = 30 - 2(i - 1) %. Local quintiles: midpoints (i - .5)/10 -> 1 1 2 2 3 3 4 4 5 5,
    # so local values 29 25 21 17 13 at x = .1 .3 .5 .7 .9: y = 31 - 20x exactly, hence
    # SII (most minus least deprived) = 20, RII = 31 / 11, intercept 31.
    n = 10
    codes = [f"L{i:02d}" for i in range(1, n + 1)]
    counts = pl.DataFrame({
        "member_type": "lsoa", "member_code": codes, "vintage": 2011, "indicator_id": 1,
        "indicator_name": "x", "sex": "Persons", "age": "All ages", "period": "2020",
        "period_sortable": 20200000, "period_type": "####", "value_type": "Proportion",
        "multiplier": 100.0, "count": [300.0 - 20 * i for i in range(n)], "denominator": 1000.0,
    })  # fmt: skip
    quint = pl.DataFrame({
        "member_type": "lsoa", "member_code": codes, "vintage": 2011, "iod_edition": 2019,
        "imd_quintile": [1, 1, 2, 2, 3, 3, 4, 4, 4, 4], "imd_rank": [10 * i for i in range(1, 11)],
    })  # fmt: skip
    g = deprivation_gradient(counts, _place(n), quint)
    national = g.filter(pl.col("quintile_basis") == "national").sort("imd_quintile")
    local = g.filter(pl.col("quintile_basis") == "local").sort("imd_quintile")
    assert national["imd_quintile"].to_list() == [1, 2, 3, 4]
    assert national["sii"].null_count() == national.height  # PM phe_sii needs all five
    assert local["imd_quintile"].to_list() == [1, 2, 3, 4, 5]
    assert local["value"].to_list() == pytest.approx([29.0, 25.0, 21.0, 17.0, 13.0])
    assert local["population_share"].to_list() == pytest.approx([0.2] * 5)
    assert local["sii"].to_list() == pytest.approx([20.0] * 5, rel=1e-9)
    assert local["rii"][0] == pytest.approx(31 / 11, rel=1e-9)
    assert local["sii_intercept"][0] == pytest.approx(31.0, rel=1e-9)
    assert (local["sii_lower_95"] < 20).all() and (local["sii_upper_95"] > 20).all()
    assert set(g["place_code"]) == {"P1"}


def test_place_report_headline_is_the_local_sii_and_charts_both_bases():
    from reporting.place_report import _gradient

    def rows(basis: str, quintiles: list[int], sii: float | None) -> pl.DataFrame:
        return pl.DataFrame({
            "indicator_id": 0, "indicator_name": "Population aged 65 and over (%)",
            "period": "2020", "quintile_basis": basis, "imd_quintile": quintiles,
            "value": [15.0 + q for q in quintiles], "lower_95": [14.0 + q for q in quintiles],
            "upper_95": [16.0 + q for q in quintiles], "sii": sii, "sii_lower_95": sii,
            "sii_upper_95": sii, "rii": 0.8 if sii is not None else None,
            "rii_lower_95": 0.7 if sii is not None else None,
            "rii_upper_95": 0.9 if sii is not None else None,
        })  # fmt: skip

    frame = pl.concat(
        [rows("national", [1, 2, 3, 4], None), rows("local", [1, 2, 3, 4, 5], -4.2)],
        how="diagonal_relaxed",
    )
    chart, table, headline = _gradient(frame)
    assert chart is not None and chart.startswith(b"\x89PNG")
    assert headline["basis"] == "local" and headline["sii"].startswith("-4.2")
    assert "quintile_basis" in table.columns and table.height == 9
