"""Baselines on the real extracts: agreement with Fingertips and the four focus places."""

from __future__ import annotations

import duckdb
import polars as pl
import pytest

pytestmark = [pytest.mark.real_data, pytest.mark.slow]
FOCUS = {"E08000028": "Sandwell", "E08000025": "Birmingham", "E08000029": "Solihull",
         "E06000033": "Southend-on-Sea"}  # fmt: skip
SIGNIFICANCE = {"Better": "significant", "Worse": "significant", "Higher": "significant",
                "Lower": "significant", "Similar": "similar"}  # fmt: skip


def _read(db, q: str) -> pl.DataFrame:
    with duckdb.connect(str(db), read_only=True) as conn:
        return conn.sql(q).pl()


def test_compared_to_england_agrees_with_fingertips(real_warehouse):
    """Our recomputed comparison = Fingertips' published one on >= 99% of rows with both."""
    rows = _read(real_warehouse, """
        SELECT indicator_id, area_code, area_type, period, compared_to_england,
               published_compared_to_england AS published
        FROM marts.indicator_values
        WHERE comparison_source = 'recomputed' AND published_compared_to_england IS NOT NULL
          AND published_compared_to_england <> 'Not compared'
          AND compared_to_england <> 'Not compared'""")  # fmt: skip
    assert rows.height >= 700
    agree = (rows["compared_to_england"] == rows["published"]).mean()
    assert agree >= 0.99, rows.filter(pl.col("compared_to_england") != pl.col("published"))
    # The significance decision alone does not depend on (possibly inferred) polarity.
    sig = rows.with_columns(pl.col(c).replace_strict(SIGNIFICANCE) for c in
                            ["compared_to_england", "published"])  # fmt: skip
    assert (sig["compared_to_england"] == sig["published"]).mean() >= 0.99


def test_unexplained_disagreements_are_only_region_rows(real_warehouse):
    """Where Fingertips says 'Not compared' but we compare, the rows are its region rows."""
    rows = _read(real_warehouse, """
        SELECT area_type FROM marts.indicator_values
        WHERE comparison_source = 'recomputed' AND published_compared_to_england = 'Not compared'
          AND compared_to_england <> 'Not compared'""")  # fmt: skip
    assert set(rows["area_type"].to_list()) <= {"region"}


def test_every_local_authority_and_indicator_has_a_baseline(real_warehouse):
    """Each LA x indicator with a value in marts.indicator_values has a baseline row."""
    missing = _read(real_warehouse, """
        SELECT DISTINCT v.indicator_id, v.area_code FROM marts.indicator_values v
        WHERE v.value IS NOT NULL AND v.area_type IN ('district_ua', 'county_ua')
        EXCEPT SELECT indicator_id, area_code FROM publish.indicator_baseline""")  # fmt: skip
    assert missing.height == 0


@pytest.mark.parametrize("code", sorted(FOCUS))
def test_focus_places_have_baseline_trend_and_inequality(real_warehouse, code):
    """Sandwell, Birmingham, Solihull and Southend each show baseline, trend, inequality rows."""
    for table in ("indicator_baseline", "indicator_trend"):
        n = _read(
            real_warehouse, f"SELECT count(*) n FROM publish.{table} WHERE area_code='{code}'"
        )
        assert n["n"][0] > 50, table
    ineq = _read(real_warehouse, f"SELECT * FROM publish.indicator_inequality "
                                 f"WHERE place_code = '{code}'")  # fmt: skip
    assert ineq.filter(pl.col("imd_quintile").is_not_null()).height >= 2
    basis = ["indicator_id", "quintile_basis"]
    complete = ineq.filter(pl.col("imd_quintile").n_unique().over(basis) == 5)
    assert complete["sii"].null_count() == 0  # PM phe_sii: an SII wherever all 5 quintiles are
    partial = ineq.filter(pl.col("imd_quintile").is_not_null()).join(complete, on=basis, how="anti")
    assert partial["sii"].null_count() == partial.height  # ... and none where one is missing
    local = ineq.filter(pl.col("quintile_basis") == "local")  # within-place quintiles: all five
    assert local.height and local["sii"].null_count() == 0 and local["rii"].null_count() == 0
    assert local["population_share"].to_list() == pytest.approx([0.2] * local.height, abs=0.03)
    assert ineq.filter(pl.col("note").is_not_null()).height >= 1  # no practice IMD: said so


def test_sandwell_towns_are_neighbourhoods_with_baselines(real_warehouse):
    """Sandwell's six towns appear as neighbourhoods with recomputed values."""
    towns = _read(real_warehouse, """
        SELECT area_name, value, count, denominator FROM publish.indicator_baseline
        WHERE area_type = 'neighbourhood' AND area_code LIKE 'E08000028:%'""")  # fmt: skip
    assert sorted(towns["area_name"].unique().to_list()) == [
        "Oldbury",
        "Rowley Regis",
        "Smethwick",
        "Tipton",
        "Wednesbury",
        "West Bromwich",
    ]
    sandwell = _read(
        real_warehouse,
        """
        SELECT sum(denominator) AS d FROM publish.indicator_baseline
        WHERE area_type = 'neighbourhood' AND area_code LIKE 'E08000028:%' AND indicator_id = 0""",
    )
    assert sandwell["d"][0] == 329_042  # ONS mid-2020 Sandwell total, summed over the towns


def test_qof_prevalence_aggregates_to_pcn_and_matches_england(real_warehouse):
    """QOF registers summed from practices reproduce England diabetes 7.45% (17+), 2022/23."""
    eng = _read(real_warehouse, """
        SELECT value FROM marts.indicator_values WHERE indicator_id = 241
          AND area_code = 'E92000001' AND period = '2022/23'""")  # fmt: skip
    assert eng["value"][0] == pytest.approx(7.45, abs=0.01)
    pcns = _read(real_warehouse, """
        SELECT count(DISTINCT area_code) n FROM publish.indicator_baseline
        WHERE area_type = 'pcn' AND indicator_id = 241""")  # fmt: skip
    assert pcns["n"][0] > 1200


@pytest.mark.parametrize("code", sorted(FOCUS))
def test_focus_places_have_practice_funnels(real_warehouse, code):
    """Every focus place gets practice QOF prevalence funnels; points agree with the curves."""
    points = _read(real_warehouse, f"SELECT * FROM publish.practice_funnel_points "
                                   f"WHERE place_code = '{code}'")  # fmt: skip
    limits = _read(real_warehouse, f"SELECT * FROM publish.practice_funnel_limits "
                                   f"WHERE place_code = '{code}'")  # fmt: skip
    assert points.height > 100 and limits.height % 100 == 0
    funnels = points.select("indicator_id", "age").unique().height
    assert limits.height == 100 * funnels
    outside = ~pl.col("value").is_between(pl.col("lower_95"), pl.col("upper_95"))
    assert points.select((outside == (pl.col("significance") != "Not significant")).all()).item()
