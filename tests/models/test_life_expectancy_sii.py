"""Life expectancy against PHEindicatormethods testLifeExpectancy.R; SII by hand arithmetic
(the PM reference cases for SII are in test_reference_sii.py)."""

import numpy as np
import polars as pl
import pytest

from models.indicators import life_expectancy, sii

AGES = [0, 1, *range(5, 95, 5)]
POPS = [
    7060,
    35059,
    46974,
    48489,
    43219,
    38561,
    46009,
    57208,
    61435,
    55601,
    50209,
    56416,
    46411,
    39820,
    37978,
    37039,
    33288,
    23306,
    11936,
    11936,
]
DEATHS = [17, 9, 4, 8, 20, 15, 24, 33, 50, 71, 100, 163, 263, 304, 536, 872, 1390, 1605, 1936, 1937]
# PM testLifeExpectancy.R answer1 (value, lowercl, uppercl), checked to 4 dp as PM does
ANSWER = {
    0: (80.16960813, 79.88268548, 80.45653078),
    5: (75.44193645, 75.17407307, 75.70979983),
    25: (55.78835987, 55.53801579, 56.03870395),
    65: (18.76856852, 18.57570352, 18.96143352),
    85: (6.163942934, 5.978358351, 6.349527517),
    90: (6.16210635, 5.887683386, 6.436529314),
}


def _frame(area="A", pops=POPS, deaths=DEATHS):
    return pl.DataFrame({"area": area, "age": AGES, "pops": pops, "deaths": deaths})


def test_life_expectancy_matches_pm_published_values():
    out = life_expectancy(_frame(), "deaths", "pops", "age", "area", confidence=95)
    assert out.height == 20
    by_age = {r["age"]: r for r in out.iter_rows(named=True)}
    for age, (value, lo, hi) in ANSWER.items():
        assert round(by_age[age]["value"], 4) == round(value, 4)
        assert round(by_age[age]["lower_95"], 4) == round(lo, 4)
        assert round(by_age[age]["upper_95"], 4) == round(hi, 4)


def test_life_expectancy_band_labels_in_any_order_and_le_age():
    labels = ["0", "1-4"] + [f"{a} – {a + 4}" for a in range(5, 90, 5)] + ["90 +"]
    df = _frame().with_columns(pl.Series("age", labels)).reverse()
    out = life_expectancy(df, "deaths", "pops", "age", "area", confidence=0.95, le_age=[5, 25])
    assert out["age"].to_list() == ["5 – 9", "25 – 29"]
    assert round(out["value"][1], 4) == round(ANSWER[25][0], 4)


@pytest.mark.parametrize(
    "change",
    [{"deaths": 3, "to": -5}, {"pops": 5, "to": 0}, {"pops": 18, "to": 119}, {"drop": 19}],
)
def test_life_expectancy_suppression_rules_give_na_and_sort_last(change):
    pops, deaths = list(POPS), list(DEATHS)
    if "deaths" in change:
        deaths[change["deaths"]] = change["to"]
    if "pops" in change:
        pops[change["pops"]] = change["to"]
    bad = _frame("bad", pops, deaths)
    if "drop" in change:
        bad = bad.head(change["drop"])
    out = life_expectancy(pl.concat([bad, _frame("good")]), "deaths", "pops", "age", "area")
    assert out["area"][0] == "good" and out["area"][-1] == "bad"
    suppressed = out.filter(pl.col("area") == "bad")
    assert suppressed.select("value", "lower_95", "upper_99_8").null_count().row(0) == (
        (suppressed.height,) * 3
    )


def test_life_expectancy_low_population_and_wide_ci():
    out = life_expectancy(_frame(pops=[250] * 20, deaths=[1] * 20), "deaths", "pops", "age", "area")
    assert out["value"].null_count() == 20  # total population 5,000 is not > 5,000
    wide = life_expectancy(
        _frame(pops=[300] * 20, deaths=[1] * 20), "deaths", "pops", "age", "area", confidence=0.95
    )
    ci_width = (wide["upper_95"] - wide["lower_95"]).to_numpy()
    assert np.all(ci_width > 20)  # 1 death per 300 people: CIs hundreds of years wide
    assert wide["value"].null_count() == 20 and wide["lower_95"].null_count() == 0


def test_sii_rii_intercept_hand_arithmetic():
    # equal pops over 5 quintiles: x = .1,.3,.5,.7,.9; y = 10 + 20x exactly -> SII 20, intercept
    # 10, RII = fitted(1) / fitted(0) = 30 / 10 = 3 (PM phe_sii); se 0 -> degenerate limits
    df = pl.DataFrame(
        {"q": [1, 2, 3, 4, 5], "pop": [100.0] * 5, "v": [12.0, 16, 20, 24, 28], "se": [0.0] * 5}
    )
    out = sii(df, "q", "pop", "v", se="se", repetitions=1000, seed=1, confidence=(0.95, 0.998))
    assert out["sii"][0] == pytest.approx(20.0)
    assert out["intercept"][0] == pytest.approx(10.0)
    assert out["rii"][0] == pytest.approx(3.0)
    assert out["sii_lower_95"][0] == pytest.approx(20.0)
    assert out["rii_upper_99_8"][0] == pytest.approx(3.0)
    flipped = sii(df, "q", "pop", "v", se="se", repetitions=1000, seed=1, multiplier=-2)
    assert flipped["sii"][0] == pytest.approx(-40.0)  # the multiplier scales the SII only
    assert flipped["rii"][0] == pytest.approx(1 / 3)  # a negative multiplier inverts the RII
    assert flipped["intercept"][0] == pytest.approx(10.0)


def test_sii_weighted_regression_and_seeded_simulation():
    # pops 1,1,1,1,4 -> shares .125 x4, .5 -> x = .0625,.1875,.3125,.4375,.75
    df = pl.DataFrame(
        {
            "g": ["a"] * 5 + ["b"] * 5,
            "q": [1, 2, 3, 4, 5] * 2,
            "pop": [1.0, 1, 1, 1, 4] * 2,
            "v": [11.0, 13, 15, 17, 25, 5, 5, 5, 5, 5],
        }
    ).with_columns(lo=pl.col("v") - 1, hi=pl.col("v") + 1)
    one = sii(df, "q", "pop", "v", "g", lower="lo", upper="hi", repetitions=2000, seed=7)
    two = sii(df, "q", "pop", "v", "g", lower="lo", upper="hi", repetitions=2000, seed=7)
    x = [0.0625, 0.1875, 0.3125, 0.4375, 0.75]
    w = [0.125] * 4 + [0.5]
    xbar = sum(a * b for a, b in zip(w, x, strict=True))
    y = [11.0, 13, 15, 17, 25]
    ybar = sum(a * b for a, b in zip(w, y, strict=True))
    slope = sum(a * (b - xbar) * (c - ybar) for a, b, c in zip(w, x, y, strict=True)) / sum(
        a * (b - xbar) ** 2 for a, b in zip(w, x, strict=True)
    )
    assert one["g"].to_list() == ["a", "b"]
    assert one["sii"].to_list() == pytest.approx([slope, 0.0])
    assert one["intercept"][0] == pytest.approx(ybar - slope * xbar)
    assert one["sii_lower_95"].to_list() == two["sii_lower_95"].to_list()
    assert one["sii_lower_95"][0] < slope < one["sii_upper_95"][0]


def test_sii_bad_inputs():
    df = pl.DataFrame(
        {"q": [1, 2, 3, 4, 5], "pop": [-1.0, 1, 1, 1, 1], "v": [1.0] * 5, "se": [0.1] * 5}
    )
    with pytest.raises(ValueError, match="pop"):
        sii(df, "q", "pop", "v", se="se", repetitions=1000)
    with pytest.raises(ValueError, match="se="):
        sii(df.with_columns(pl.col("pop").abs()), "q", "pop", "v", repetitions=1000)
