"""Quantiles against PHEindicatormethods testQuantiles.R and Fingertips' quintile tests.

PM data: tests/testthat/testdata_Quantiles.xlsx (PHEindicatormethods commit
093fd288d8f8949dbcfbed70049dbbf385b6141d), transcribed to
tests/fixtures/reference/pm_testdata_Quantiles.csv; expected quantile = QuantileInGrp, compared
exactly (testthat expect_equal on integers). Fingertips: fingertips-open commit
678089724a516138232d273c4c7f511ed3c5a338, PholioVisualisationWS/AnalysisTest/
QuintilesCalculatorTest.cs and QuintilesComparerTest.cs.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from models.indicators.quantile_categories import quantile_bounds, quantile_categories

RAW = pl.read_csv(
    Path(__file__).parents[1] / "fixtures" / "reference" / "pm_testdata_Quantiles.csv",
    comment_prefix="#",
    infer_schema_length=None,
).with_columns(
    # LoadTestdata.R: "RAG - High is good" -> FALSE, "RAG - Low is good" -> TRUE (some rows hold
    # TRUE / FALSE already)
    pl.col("Polarity").is_in(["RAG - Low is good", "True"]).alias("invert"),
    pl.col("Value").cast(pl.Float64),
)
GOOD = RAW.filter(pl.col("Test").str.starts_with("Good"))


def _assert_quantiles(got: pl.DataFrame, expected: pl.DataFrame) -> None:
    assert got["category"].cast(pl.Int64).to_list() == expected["QuantileInGrp"].to_list()


def test_grouped_field_invert():
    """df1: within-region deciles for multiple indicators, invert = Polarity field."""
    df1 = GOOD.filter(pl.col("GroupSet") == "IndSexReg")
    got = quantile_categories(
        df1, "Value", 10, group_by=["IndSexRef", "ParentCode"], invert="invert"
    )
    _assert_quantiles(got, df1)


def test_grouped_logical_invert_false():
    """df2: one indicator, within-region deciles, invert = FALSE."""
    df2 = GOOD.filter((pl.col("IndSexRef") == "90366Female") & (pl.col("GroupSet") == "IndSexReg"))
    got = quantile_categories(df2, "Value", 10, group_by=["IndSexRef", "ParentCode"], invert=False)
    _assert_quantiles(got, df2)
    assert set(got["comparison"].drop_nulls().str.extract(r"^(\w+)").to_list()) <= {
        "Decile",
        "Not",
    }


def test_grouped_by_indicator_septiles():
    """df3: GroupSet IndSex grouped by IndSexRef, invert = Polarity field, 7 quantiles."""
    df3 = GOOD.filter(pl.col("GroupSet") == "IndSex")
    got = quantile_categories(df3, "Value", 7, group_by="IndSexRef", invert="invert")
    _assert_quantiles(got, df3)


@pytest.mark.parametrize("group_by", [None, "GroupSet"])
def test_ungrouped_quartiles_default_invert(group_by):
    """df4 / df5: GroupSet None, quartiles, PM's default invert = TRUE (no polarity given)."""
    df4 = GOOD.filter(pl.col("GroupSet") == "None")
    got = quantile_categories(df4, "Value", 4, group_by=group_by)
    _assert_quantiles(got, df4)


def test_polarity_maps_to_invert():
    """Low is good -> invert (highest values in quantile 1), as PM's test data codes it."""
    df1 = GOOD.filter(pl.col("GroupSet") == "IndSexReg").with_columns(
        pl.when(pl.col("invert")).then(0).otherwise(1).alias("polarity_code")
    )
    got = quantile_categories(df1, "Value", 10, "polarity_code", ["IndSexRef", "ParentCode"])
    _assert_quantiles(got, df1)


def test_too_few_areas_give_no_quantile():
    """testQuantiles.R warnings: groups with fewer values than quantiles get none (df2, df6)."""
    df2 = GOOD.filter((pl.col("IndSexRef") == "90366Female") & (pl.col("GroupSet") == "IndSexReg"))
    df6 = df2.filter(~pl.col("AreaCode").is_in(["E06000053", "E09000001"])).with_columns(
        pl.when(pl.col("ParentCode") == "E12000006")
        .then(None)
        .otherwise(pl.col("Value"))
        .alias("Value")
    )
    for frame in (df2, df6):
        got = quantile_categories(
            frame, "Value", 10, group_by=["IndSexRef", "ParentCode"], invert=False
        )
        counts = got.group_by("ParentCode").agg(
            pl.col("category").null_count().alias("nulls"), pl.len().alias("n")
        )
        assert (counts["nulls"] == counts["n"]).any()
        assert (got["comparison"] == "Not compared").any()


def test_polarity_varying_within_group_is_an_error():
    """testQuantiles.R: 'invert field values must take the same logical value ...'."""
    bad = RAW.filter(pl.col("Test") == "BadPolarity")
    with pytest.raises(ValueError, match="invert: invert values must take the same value"):
        quantile_categories(bad, "Value", 10, invert="invert")
    with pytest.raises(ValueError, match="Pol: invert is not a column"):
        quantile_categories(bad, "Value", 10, invert="Pol")
    with pytest.raises(ValueError, match="numeric"):
        quantile_categories(bad, "AreaCode", 10, invert="invert")
    with pytest.raises(ValueError, match="polarity"):
        quantile_categories(bad.with_columns(pl.col("invert").cast(pl.Int32)), "Value", 5,
                            "invert", method="fingertips")  # fmt: skip


def test_fingertips_quintile_bounds():
    """FT QuintilesCalculatorTest.TestCalculateBounds: 1..50 -> 1, 10.8, 20.6, 30.4, 40.2, 50."""
    df = pl.DataFrame({"v": [float(i) for i in range(1, 51)]})
    assert quantile_bounds(df, "v", 5)["bounds"][0].to_list() == [1, 10.8, 20.6, 30.4, 40.2, 50]
    assert quantile_bounds(df.head(3), "v", 5)["bounds"][0].to_list() == []


def test_fingertips_quintiles_comparer():
    """FT QuintilesComparerTest: 1..10; RAG high is good reverses; < 5 values -> 0."""
    df = pl.DataFrame({"v": [float(i) for i in range(1, 11)]})
    plain = quantile_categories(df, "v", 5, method="fingertips")["category"].to_list()
    assert plain[0] == 1 and plain[9] == 5
    high = quantile_categories(df, "v", 5, 1, method="fingertips")["category"].to_list()
    assert [high[i] for i in (0, 2, 4, 6, 8)] == [5, 4, 3, 2, 1]
    low = quantile_categories(df, "v", 5, 0, method="fingertips")["category"].to_list()
    assert [low[i] for i in (0, 2, 4, 6, 8)] == [1, 2, 3, 4, 5]
    few = quantile_categories(df.head(4), "v", 5, method="fingertips")
    assert few["category"].to_list() == [0] * 4 and few["comparison"][0] == "Not compared"
