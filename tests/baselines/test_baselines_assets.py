"""Materialize the baselines assets on a tiny warehouse; dictionary matches the tables."""

from __future__ import annotations

from pathlib import Path

import duckdb
import polars as pl
import pytest
from baselines_fixtures import build_baselines
from test_baselines_models import GEO

from models.publish.data_dictionary import parse_dictionary, render_markdown
from pipelines.data_dictionary import DICTIONARY, DOC
from warehouse.tables import replace_table

BASELINES_TABLES = ["marts.locality_hierarchy", "publish.indicator_baseline",
                    "publish.indicator_trend", "publish.indicator_inequality",
                    "publish.opportunity", "publish.practice_funnel_points",
                    "publish.practice_funnel_limits"]  # fmt: skip
YEARS = list(range(2008, 2022))  # 14 periods: enough for the SPC view


def _fingertips() -> pl.DataFrame:
    rows = []
    for y in YEARS:
        for code, atype, x, n in (("E92000001", "England", 1000, 10000),
                                  ("P1", "Districts & UAs", 150 + y - 2008, 1000),
                                  ("P2", "Districts & UAs", 80, 1000)):  # fmt: skip
            rows.append({"indicator_id": 93085, "indicator_name": "Smoking", "area_code": code,
                         "area_name": code, "area_type": atype, "sex": "Female",
                         "age": "All ages", "time_period": str(y), "value": x / n * 100,
                         "count": float(x), "denominator": float(n),
                         "time_period_sortable": y * 10000,
                         "compared_to_england": None})  # fmt: skip
    frame = pl.DataFrame(rows)
    for c in (
        "parent_code",
        "category_type",
        "lower_ci_95",
        "upper_ci_95",
        "lower_ci_99_8",
        "upper_ci_99_8",
        "value_note",
        "recent_trend",
        "compared_to_region",
    ):
        frame = frame.with_columns(pl.lit(None, dtype=pl.Float64 if "ci" in c else pl.String)
                                   .alias(c))  # fmt: skip
    return frame


@pytest.fixture(scope="module")
def tiny_warehouse(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("tiny")
    db = tmp / "warehouse.duckdb"
    conn = duckdb.connect(str(db))
    replace_table(conn, "staging.fingertips", _fingertips())
    replace_table(conn, "staging.geography", GEO)
    meta = pl.DataFrame({"indicator_id": [93085], "unit_value": [100.0],
                         "value_type": ["Proportion"], "polarity": ["Low is good"],
                         "comparator_method": ["Confidence intervals overlapping reference "
                                               "value (95.0)"]})  # fmt: skip
    replace_table(conn, "staging.indicator_metadata", meta)
    pop = pl.DataFrame(
        {
            "area_code": ["L1", "L1", "L2", "L2", "L3", "L3"],
            "area_type": ["lsoa11"] * 6,
            "year": [2020] * 6,
            "sex": ["Persons"] * 6,
            "age_lower": [0, 65] * 3,
            "population": [800, 200, 900, 100, 700, 300],
        }
    )
    replace_table(conn, "staging.population", pop)
    imd = pl.DataFrame({"iod_edition": [2019] * 3, "lsoa_code": ["L1", "L2", "L3"],
                        "lsoa_vintage": [2011] * 3, "imd_decile": [1, 10, 5],
                        "imd_rank": [100, 32000, 15000]})  # fmt: skip
    replace_table(conn, "staging.imd", imd)
    conn.close()
    assert build_baselines(db, tmp, places=["all"]).success  # no English LA: none
    return db


def _read(db: Path, q: str) -> pl.DataFrame:
    with duckdb.connect(str(db), read_only=True) as conn:
        return conn.sql(q).pl()


def test_baseline_latest_period_and_comparison(tiny_warehouse):
    b = _read(tiny_warehouse, "SELECT * FROM publish.indicator_baseline WHERE indicator_id=93085")
    p1 = b.filter(pl.col("area_code") == "P1").row(0, named=True)
    assert p1["period"] == "2021" and p1["count"] == 163
    assert p1["ci_source"] == "recomputed" and p1["compared_to_england"] == "Worse"
    assert b.filter(pl.col("area_code") == "P2")["compared_to_england"][0] == "Better"


def test_trend_has_recent_trend_and_spc(tiny_warehouse):
    t = _read(tiny_warehouse, "SELECT * FROM publish.indicator_trend WHERE area_code = 'P1' "
                              "AND indicator_id = 93085")  # fmt: skip
    assert t.height == len(YEARS) and t["series_points"][0] == len(YEARS)
    assert t["spc_mean"].null_count() == 0
    assert t["recent_trend"][0] == "No significant change"  # +1 per year on ~16%: not sig.
    assert t["spc_special_cause"].any()  # a steady rise trips the trend rule


def test_opportunity_counts_events_at_england_rate(tiny_warehouse):
    o = _read(tiny_warehouse, "SELECT * FROM publish.opportunity WHERE area_code = 'P1' "
                              "AND indicator_id = 93085")  # fmt: skip
    assert o["gain_at_england_rate"][0] == pytest.approx(163 - 100)  # England 10% of 1000


def test_inequality_and_note_rows(tiny_warehouse):
    i = _read(tiny_warehouse, "SELECT * FROM publish.indicator_inequality")
    p1 = i.filter((pl.col("place_code") == "P1") & pl.col("imd_quintile").is_not_null())
    assert sorted(p1["imd_quintile"].to_list()) == [1, 3, 5]
    # three LSOAs: national quintiles 1, 3, 5 only, and too few LSOAs for local quintiles
    assert p1["quintile_basis"].unique().to_list() == ["national"]
    # three of the five IMD quintiles: PM phe_sii needs every quantile, so no SII / RII
    assert p1["sii"].null_count() == p1.height and p1["rii"].null_count() == p1.height
    notes = i.filter(pl.col("note").is_not_null())
    assert "P2" in notes["place_code"].to_list()  # no LSOA counts with IMD for Place 2
    assert notes["quintile_basis"].null_count() == notes.height
    assert i.columns[-1] == "quintile_basis"  # contract 2.5.0: added at the end


def test_dictionary_matches_tables_and_doc_is_current(tiny_warehouse):
    spec = parse_dictionary(DICTIONARY.read_text(encoding="utf-8"))
    with duckdb.connect(str(tiny_warehouse), read_only=True) as conn:
        for table in BASELINES_TABLES:
            entry = spec[table]
            schema, name = table.split(".")
            actual = conn.execute(
                "SELECT column_name, data_type FROM information_schema.columns "
                "WHERE table_schema = ? AND table_name = ? ORDER BY ordinal_position",
                [schema, name],
            ).fetchall()
            documented = [(c, t) for c, (t, _) in entry["columns"].items()]
            assert actual == documented, table
    assert DOC.read_text(encoding="utf-8") == render_markdown(spec), (
        "docs/data_dictionary.md is stale: run python -m pipelines.data_dictionary"
    )
