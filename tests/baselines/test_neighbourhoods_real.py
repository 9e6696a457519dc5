"""Neighbourhood profiles on the real extracts (one shared baselines build): every
neighbourhood of the seed places and of a place no shipped file mentions has >= 30 real
indicators with CIs and both comparisons; derived scores reproduce published values."""

from __future__ import annotations

import duckdb
import polars as pl
import pytest

from models.neighbourhoods.catalogue import INDICATORS

pytestmark = [pytest.mark.real_data, pytest.mark.slow]
SEEDS = ["E08000028", "E08000025", "E08000029", "E06000033"]  # the settings default


def _read(db, q: str) -> pl.DataFrame:
    with duckdb.connect(str(db), read_only=True) as conn:
        return conn.sql(q).pl()


def _complete(db) -> pl.DataFrame:
    """Per neighbourhood: indicators with a value, both comparisons made, CI where counted."""
    return _read(db, """
        SELECT place_code, area_code, count(DISTINCT indicator_id) AS complete
        FROM publish.indicator_baseline
        WHERE area_type = 'neighbourhood' AND value IS NOT NULL
          AND compared_to_england NOT IN ('Not compared') AND compared_to_place <> 'Not compared'
          AND compared_to_england_99_8 <> 'Not compared' AND place_value IS NOT NULL
          AND (count IS NULL OR lower_95 IS NOT NULL)
        GROUP BY ALL""")  # fmt: skip


def test_every_seed_neighbourhood_has_30_indicators_with_comparisons(real_warehouse):
    done = _complete(real_warehouse)
    for place in SEEDS:
        rows = done.filter(pl.col("place_code") == place)
        assert rows.height >= 1, f"{place} has no neighbourhoods"
        assert rows["complete"].min() >= 30, rows
    # Sandwell's six towns and Birmingham's five published localities, as defined.
    assert done.filter(pl.col("place_code") == "E08000028").height == 6
    assert done.filter(pl.col("place_code") == "E08000025").height == 5


def test_unmentioned_place_gets_default_neighbourhoods(real_warehouse, unmentioned_place):
    done = _complete(real_warehouse).filter(pl.col("place_code") == unmentioned_place)
    assert done.height >= 2 and done["complete"].min() >= 30, done
    basis = _read(real_warehouse, f"""SELECT DISTINCT basis FROM marts.neighbourhood_membership
                                      WHERE place_code = '{unmentioned_place}'""")  # fmt: skip
    assert basis["basis"].to_list() == ["default_msoa11_groups_40k"]


def test_imd2019_score_reproduces_fingertips(real_warehouse):
    """Population-weighted File 9 IMD = Fingertips 93553 (England, every district) to 3 dp."""
    rows = _read(real_warehouse, """
        SELECT b.area_code, b.value, f.value AS published
        FROM publish.indicator_baseline b JOIN staging.fingertips f
          ON f.area_code = b.area_code AND f.indicator_id = 93553
        WHERE b.indicator_id = 990109 AND b.area_type IN ('england', 'district_ua')""")  # fmt: skip
    assert rows.height >= 10
    assert (rows["value"] - rows["published"]).abs().max() < 5e-4, rows


def test_iod2025_district_scores_match_the_published_summaries(real_warehouse):
    rows = _read(real_warehouse, """
        SELECT b.area_code, b.value, s.value AS published
        FROM publish.indicator_baseline b JOIN staging.imd_area_summaries s
          ON s.area_code = b.area_code AND s.domain = 'imd' AND s.measure = 'average_score'
        WHERE b.indicator_id = 990101 AND b.area_type = 'district_ua'""")  # fmt: skip
    assert rows.height >= 290
    diff = (rows["value"] - rows["published"]).abs()
    assert diff.max() < 0.25 and diff.mean() < 0.1, rows.sort(pl.col("value") - pl.col("published"))


def test_qof_reaches_published_localities_and_neighbourhoods_are_ranked(real_warehouse):
    qof = _read(real_warehouse, """
        SELECT area_code, count(DISTINCT indicator_id) AS registers
        FROM publish.indicator_baseline
        WHERE area_type = 'neighbourhood' AND domain = 'Disease prevalence (QOF registers)'
        GROUP BY ALL""")  # fmt: skip
    bsol = qof.filter(pl.col("area_code").str.contains("^E0800002[59]:"))
    assert bsol.height == 6 and bsol["registers"].min() == 21
    ranks = _read(real_warehouse, """
        SELECT indicator_id, place_code, list(rank_in_place ORDER BY rank_in_place) AS r,
               max(areas_in_place) AS n
        FROM publish.indicator_baseline
        WHERE area_type = 'neighbourhood' AND place_code = 'E08000028'
          AND indicator_id BETWEEN 990000 AND 999999
        GROUP BY ALL""")  # fmt: skip
    assert ranks.height == len(INDICATORS)
    assert (ranks["n"] == 6).all()
    assert all(r[0] == 1 and r[-1] <= 6 for r in ranks["r"].to_list())
