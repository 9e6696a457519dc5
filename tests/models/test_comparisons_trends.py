"""Fingertips comparers and recent trend against fingertips-open AnalysisTest expected values."""

import polars as pl
import pytest

from models.indicators import compare, recent_trend

LOW_IS_GOOD, HIGH_IS_GOOD, NO_JUDGEMENT = 0, 1, 99


def _two_level(benchmark: float, polarity: int) -> str:
    # SingleOverlappingCIsForTwoCILevelsComparerTest.GetData()
    df = pl.DataFrame(
        {
            "value": [2.6],
            "lower_95": [2.5],
            "upper_95": [2.7],
            "lower_99_8": [2.3],
            "upper_99_8": [2.9],
        }
    )
    out = compare(df, benchmark=benchmark, polarity=polarity, method=17)
    return out["comparison"][0]


@pytest.mark.parametrize(
    ("benchmark", "low_is_good", "high_is_good"),
    [
        (3.0, "Best", "Worst"),
        (2.8, "Better", "Worse"),
        (2.6, "Similar", "Similar"),
        (2.4, "Worse", "Better"),
        (2.2, "Worst", "Best"),
    ],
)
def test_two_level_comparer_matches_fingertips_tests(benchmark, low_is_good, high_is_good):
    assert _two_level(benchmark, LOW_IS_GOOD) == low_is_good
    assert _two_level(benchmark, HIGH_IS_GOOD) == high_is_good


def test_single_ci_comparison_words_and_missing():
    df = pl.DataFrame(
        {
            "value": [10.0, 10.0, 10.0, None, 10.0],
            "lower_95": [9.0, 9.0, 9.0, 9, None],
            "upper_95": [11.0, 11.0, 11.0, 11, 11],
            "benchmark": [12.0, 11.0, 8.0, 8, 8],
        }
    )
    hi = compare(df, polarity=HIGH_IS_GOOD)["comparison"].to_list()
    assert hi == ["Worse", "Similar", "Better", "Not compared", "Not compared"]
    assert compare(df, polarity=LOW_IS_GOOD)["comparison"][0] == "Better"
    assert compare(df, polarity=NO_JUDGEMENT)["comparison"].to_list()[:3] == [
        "Lower",
        "Similar",
        "Higher",
    ]
    assert set(compare(df, polarity=-1)["comparison"]) == {"Not compared"}


def test_spc_for_proportions_matches_fingertips_tests():
    # SpcForProportionsComparerTest: benchmark 8.961..., low is good, unit 100
    df = pl.DataFrame(
        {
            "value": [
                7.7065767284991562,
                9.8988121425428961,
                12.474645030425965,
                10.9783420463032,
                15.9065628476085,
            ],
            "denominator": [5930, 2273, 1972, 1339, 899],
            "benchmark": [8.9611086876279327] * 3 + [12.8379546895717] * 2,
        }
    )
    kw = {"polarity": LOW_IS_GOOD, "method": 5, "denominator": "denominator", "unit": 100}
    at95 = compare(df, confidence=0.95, **kw)["comparison"].to_list()
    at998 = compare(df, confidence=0.998, **kw)["comparison"].to_list()
    assert at95 == ["Better", "Similar", "Worse", "Better", "Worse"]
    assert at998 == ["Better", "Similar", "Worse", "Similar", "Similar"]


def test_spc_for_dsr_matches_fingertips_tests():
    # SpcForDsrComparerTest: MRSA per 100,000, benchmark 2.1327..., low is good
    df = pl.DataFrame(
        {
            "value": [1.1358436559886544, 2.657913272289925, 4.1515156695295845],
            "pop": [616282, 601976, 409489],
            "benchmark": [2.132708657734625] * 3,
        }
    )
    kw = {"polarity": LOW_IS_GOOD, "method": 6, "denominator": "pop", "unit": 100_000}
    assert compare(df, confidence=0.95, **kw)["comparison"].to_list() == [
        "Better",
        "Similar",
        "Worse",
    ]
    assert compare(df, confidence=0.998, **kw)["comparison"].to_list() == ["Similar"] * 3


def test_quintiles_match_fingertips_and_polarity_flips():
    df = pl.DataFrame({"value": [float(v) for v in range(1, 11)]})
    plain = compare(df, method=15, polarity=LOW_IS_GOOD)["category"].to_list()
    assert plain[0] == 1 and plain[-1] == 5  # QuintilesComparerTest.Test_GetCategories
    assert plain == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]
    assert compare(df, method=15, polarity=HIGH_IS_GOOD)["category"].to_list()[0] == 5
    four = compare(df.head(4), method=15, polarity=LOW_IS_GOOD)  # fewer than 5 values -> 0
    assert four["category"].to_list() == [0] * 4 and four["comparison"][0] == "Not compared"


def test_overlap_comparison():
    df = pl.DataFrame(
        {
            "value": [10.0, 10.0],
            "lower_95": [9.0, 9.0],
            "upper_95": [11.0, 11.0],
            "benchmark": [12.0, 13.0],
            "b_lo": [10.5, 11.5],
            "b_hi": [13.5, 14.5],
        }
    )
    out = compare(
        df, polarity=HIGH_IS_GOOD, method=12, benchmark_lower="b_lo", benchmark_upper="b_hi"
    )
    assert out["comparison"].to_list() == ["Similar", "Worse"]


# TrendMarkerCalculatorTest data sets
SET1 = {
    "year": [2018, 2017, 2016, 2015, 2014],
    "count": [1367, 1332, 1199, 1023, 994],
    "denominator": [44701, 44064, 42811, 41527, 40299],
    "value": [30.6, 30.2, 28, 24.6, 24.67],
    "lower_95": [28.98, 28.63, 26.44, 23.15, 23.16],
    "upper_95": [32.25, 31.9, 29.64, 26.19, 26.25],
}
SET2 = {
    "year": [2014, 2015, 2016, 2017, 2018],
    "count": [209, 213, 213, 239, 210],
    "denominator": [1017, 1087, 1119, 1117, 1139],
    "value": [20.5506, 19.5952, 19.0349, 21.3966, 18.4372],
    "lower_95": [18.1803, 17.3444, 16.8421, 19.0918, 16.2925],
    "upper_95": [23.1427, 22.0602, 21.4394, 23.8975, 20.7941],
}
PROP2 = {
    "year": [2012, 2013, 2014, 2015, 2016],
    "count": [5, 3, 1, 1, 2],
    "denominator": [5, 5, 5, 4, 4],
    "value": [100.0, 60, 20, 25, 50],
    "lower_95": [0.0] * 5,
    "upper_95": [0.0] * 5,
}


def test_recent_trend_matches_fingertips_tests():
    out = recent_trend(pl.DataFrame(SET1), "value", "year", polarity=LOW_IS_GOOD)
    assert round(out["chi_square"][0], 2) == 46.77 and out["trend"][0] == "Increasing"
    assert out["trend_direction"][0] == "Increasing and getting worse"
    armitage = recent_trend(pl.DataFrame(SET1), "value", "year", method="spc_proportion")
    assert round(armitage["chi_square"][0], 2) == 47.9 and armitage["significant"][0]
    assert recent_trend(pl.DataFrame(SET2), "value", "year")["trend"][0] == "No significant change"
    cannot = recent_trend(pl.DataFrame(PROP2), "value", "year", method="spc_proportion")
    assert cannot["trend"][0] == "Cannot be calculated" and not cannot["significant"][0]


def test_recent_trend_grouped_broken_runs_and_direction():
    a = pl.DataFrame(SET1).with_columns(pl.lit("a").alias("area"))
    b = pl.DataFrame(SET1).with_columns(
        pl.lit("b").alias("area"),
        pl.when(pl.col("year") == 2016).then(None).otherwise(pl.col("count")).alias("count"),
    )
    c = pl.DataFrame(SET1).with_columns(pl.lit("c").alias("area"), -pl.col("year").alias("year"))
    out = recent_trend(pl.concat([a, b, c]), "value", "year", "area", polarity=HIGH_IS_GOOD)
    assert out["area"].to_list() == ["a", "b", "c"]
    assert out["trend"].to_list() == ["Increasing", "Cannot be calculated", "Decreasing"]
    assert out["trend_direction"].to_list() == [
        "Increasing and getting better",
        "Cannot be calculated",
        "Decreasing and getting worse",
    ]


# fingertips-open 678089724a516138232d273c4c7f511ed3c5a338
# PholioVisualisationWS/AnalysisTest/TrendRequestTest.cs: DataList() = 5 years 2001-2005 of
# Value 2, Denominator 4, Count 8 (the test only validates, so CIs are added here).
TREND_REQUEST = {
    "year": [2001, 2002, 2003, 2004, 2005],
    "value": [2.0] * 5,
    "denominator": [4.0] * 5,
    "count": [8.0] * 5,
    "lower_95": [1.0] * 5,
    "upper_95": [3.0] * 5,
}


def test_trend_request_rules_match_fingertips():
    """TrendRequestTest: valid with 5 years; year range 3 or a non-trend value type: cannot."""
    base = pl.DataFrame(TREND_REQUEST)
    ok = recent_trend(base, "value", "year", year="year", value_type=None)
    assert ok["trend"][0] != "Cannot be calculated"
    # IsValid_True_If_Enough_Valid_Values: an invalid point before the 5 recent ones
    older = pl.DataFrame({**{k: [None] for k in TREND_REQUEST}, "year": [2000]})
    older = older.with_columns(pl.col(c).cast(pl.Float64) for c in base.columns if c != "year")
    padded = pl.concat([base, older.select(base.columns).cast(base.schema)])
    assert recent_trend(padded, "value", "year", year="year")["trend"][0] != "Cannot be calculated"
    # IsValid_False_If_Value_Invalid: the first data point's value is null -> not enough valid
    first_null = base.with_columns(
        pl.when(pl.col("year") == 2005).then(None).otherwise(pl.col("value")).alias("value")
    )
    assert recent_trend(first_null, "value", "year")["trend"][0] == "Cannot be calculated"
    # TestTrendRequestIsInvalidForYearRangeGreaterThan1
    assert (
        recent_trend(base, "value", "year", years_spanned=3)["trend"][0] == "Cannot be calculated"
    )
    # TestTrendRequestIsInvalidForNonRelevantValueType (ValueTypeIds.Count)
    counted = base.with_columns(pl.lit("Count").alias("vt"))
    assert (
        recent_trend(counted, "value", "year", value_type="vt")["trend"][0]
        == "Cannot be calculated"
    )
    proportion = base.with_columns(pl.lit("Proportion").alias("vt"))
    assert (
        recent_trend(proportion, "value", "year", value_type="vt")["trend"][0]
        != "Cannot be calculated"
    )


def test_recent_trend_needs_consecutive_years():
    """A missing year breaks the unbroken run (FT data lists hold every year of the grouping)."""
    gap = pl.DataFrame(SET1).with_columns(
        pl.when(pl.col("year") <= 2015).then(pl.col("year") - 1).otherwise(pl.col("year"))
    )
    assert recent_trend(gap, "value", "year")["trend"][0] == "Increasing"  # old behaviour
    assert recent_trend(gap, "value", "year", year="year")["trend"][0] == "Cannot be calculated"


def test_year_range_of_fingertips_period_labels():
    from models.indicators.trends import year_range

    labels = ["2018", "2018/19", "2016 - 18", "2016/17 - 18/19", "2018/19 Q1", "2014 - 2016"]
    out = pl.DataFrame({"p": labels}).select(year_range(pl.col("p")).alias("r"))["r"].to_list()
    assert out == [1, 1, 3, 3, None, 3]
